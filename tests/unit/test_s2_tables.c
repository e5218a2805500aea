/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The generator's stage-2 tables of an example system, walked with the
 * kernel's own AArch64 walker on the host: every region of every partition
 * translates to exactly its physical range with its permissions, nothing
 * next to it translates, and no partition can reach another's memory or
 * the kernel's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <arch/s2walk.h>
#include <sk/config.h>

static bool walk(const struct sk_partition_desc *p, uint64_t ipa,
		 uint32_t access, uint64_t *pa, uint64_t *span)
{
	sk_pa_t out;
	bool ok = aarch64_s2_walk(p->s2_root, sk_system.arch.s2_start_level,
				  sk_system.arch.ipa_bits, sk_ipa(ipa), access,
				  &out, span);

	*pa = out.pa;
	return ok;
}

static void every_region_translates_exactly(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < sk_system.n_partitions; i++) {
		const struct sk_partition_desc *p = &sk_system.partitions[i];

		for (uint32_t r = 0; r < p->n_regions; r++) {
			const struct sk_region *reg = &p->regions[r];
			uint32_t need = reg->flags & (SK_MEM_READ | SK_MEM_WRITE);
			uint64_t offsets[] = { 0, 8, reg->size / 2, reg->size - 8 };

			if (reg->flags & SK_MEM_DEVICE)
				continue;
			for (size_t k = 0; k < 4; k++) {
				uint64_t pa = 0, span = 0;

				assert_true(walk(p, reg->ipa.ipa + offsets[k], need,
						 &pa, &span));
				assert_int_equal(pa, reg->pa.pa + offsets[k]);
				assert_true(span >= 1 && span <= reg->size - offsets[k]);
			}
			if (!(reg->flags & SK_MEM_WRITE)) {
				uint64_t pa, span;

				assert_false(walk(p, reg->ipa.ipa, SK_MEM_WRITE, &pa, &span));
			}
		}
	}
}

static bool inside_own_region(const struct sk_partition_desc *p, uint64_t ipa)
{
	for (uint32_t r = 0; r < p->n_regions; r++) {
		const struct sk_region *reg = &p->regions[r];

		if (ipa >= reg->ipa.ipa && ipa - reg->ipa.ipa < reg->size)
			return true;
	}
	return false;
}

static void nothing_else_translates(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < sk_system.n_partitions; i++) {
		const struct sk_partition_desc *p = &sk_system.partitions[i];

		/* Just outside each region, unless another region is there. */
		for (uint32_t r = 0; r < p->n_regions; r++) {
			const struct sk_region *reg = &p->regions[r];
			uint64_t around[] = { reg->ipa.ipa - 1, reg->ipa.ipa + reg->size };

			for (size_t k = 0; k < 2; k++) {
				uint64_t pa, span;

				if (inside_own_region(p, around[k]))
					continue;
				assert_false(walk(p, around[k], SK_MEM_READ, &pa, &span));
			}
		}
		/* The kernel's memory, the GIC, every other partition's RAM at
		 * its physical address, and beyond the IPA space. */
		uint64_t probes[] = {
			sk_system.kernel_base.pa, sk_system.arch.gicd.pa,
			sk_system.arch.uart.pa, 1ull << sk_system.arch.ipa_bits,
			UINT64_MAX,
		};
		for (size_t k = 0; k < sizeof(probes) / sizeof(probes[0]); k++) {
			uint64_t pa = 0, span;

			if (inside_own_region(p, probes[k]))
				continue;
			assert_false(walk(p, probes[k], SK_MEM_READ, &pa, &span));
		}
		for (uint32_t j = 0; j < sk_system.n_partitions; j++) {
			const struct sk_partition_desc *q = &sk_system.partitions[j];

			for (uint32_t r = 0; j != i && r < q->n_regions; r++) {
				uint64_t pa = 0, span;
				uint64_t target = q->regions[r].pa.pa;

				if (walk(p, target, SK_MEM_READ, &pa, &span))
					assert_int_not_equal(pa, target);
			}
		}
	}
}

static void no_physical_page_is_shared(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < sk_system.n_partitions; i++) {
		const struct sk_partition_desc *p = &sk_system.partitions[i];

		for (uint32_t r = 0; r < p->n_regions; r++) {
			const struct sk_region *a = &p->regions[r];

			assert_true(a->pa.pa + a->size <= sk_system.kernel_base.pa ||
				    a->pa.pa >= sk_system.kernel_base.pa + sk_system.kernel_size);
			for (uint32_t j = i + 1; j < sk_system.n_partitions; j++) {
				const struct sk_partition_desc *q = &sk_system.partitions[j];

				for (uint32_t s = 0; s < q->n_regions; s++) {
					const struct sk_region *b = &q->regions[s];

					assert_true(a->pa.pa + a->size <= b->pa.pa ||
						    b->pa.pa + b->size <= a->pa.pa);
				}
			}
		}
	}
}

static void vmids_are_unique_and_not_zero(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < sk_system.n_partitions; i++) {
		assert_int_not_equal(sk_system.partitions[i].vmid, 0);
		for (uint32_t j = i + 1; j < sk_system.n_partitions; j++)
			assert_int_not_equal(sk_system.partitions[i].vmid,
					     sk_system.partitions[j].vmid);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_region_translates_exactly),
		cmocka_unit_test(nothing_else_translates),
		cmocka_unit_test(no_physical_page_is_shared),
		cmocka_unit_test(vmids_are_unique_and_not_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
