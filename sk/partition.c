/* SPDX-License-Identifier: Apache-2.0 */
/* Partition life cycle and access to partition memory on its behalf. */
#include <sk/arch/mmu.h>
#include <sk/arch/vcpu.h>
#include <sk/check.h>
#include <sk/console.h>
#include <sk/lib.h>
#include <sk/partition.h>

void sk_partition_load(const struct sk_partition_desc *p)
{
	const struct sk_region *home = &p->regions[p->image.region];
	uint64_t size = (uint64_t)(p->image.end - p->image.start);
	uint64_t offset = p->image.load.ipa - home->ipa.ipa;

	SK_CHECK(p->image.region < p->n_regions);
	SK_CHECK(p->image.load.ipa >= home->ipa.ipa && offset < home->size &&
		 size <= home->size - offset);

	/* No residue of an earlier life or of boot: scrub, then load. */
	for (uint32_t i = 0; i < p->n_regions; i++) {
		const struct sk_region *r = &p->regions[i];

		if ((r->flags & SK_MEM_DEVICE) == 0u)
			memset(arch_pa_to_ptr(r->pa), 0, r->size);
	}
	memcpy(arch_pa_to_ptr(sk_pa(home->pa.pa + offset)), p->image.start, size);
	for (uint32_t i = 0; i < p->n_regions; i++) {
		const struct sk_region *r = &p->regions[i];

		if ((r->flags & SK_MEM_DEVICE) == 0u)
			arch_cache_clean(r->pa, r->size);
	}

	for (uint32_t i = 0; i < p->n_vcpus; i++) {
		p->vcpus[i].partition = p;
		p->vcpus[i].index = i;
		p->vcpus[i].on = i == 0;
		arch_vcpu_reset(&p->vcpus[i], p, p->image.entry, 0);
	}
	p->state->console_len = 0;
	p->state->mode = SK_MODE_NORMAL;
}

void sk_partition_stop(const struct sk_partition_desc *p)
{
	sk_console_partition_flush(p);
	p->state->mode = SK_MODE_IDLE;
}

/* True if [pa, pa + n) lies inside one of p's normal-memory regions. */
static bool owned_by(const struct sk_partition_desc *p, sk_pa_t pa, uint64_t n)
{
	for (uint32_t i = 0; i < p->n_regions; i++) {
		const struct sk_region *r = &p->regions[i];

		if ((r->flags & SK_MEM_DEVICE) == 0u &&
		    sk_range_within(pa.pa, n, r->pa.pa, r->size))
			return true;
	}
	return false;
}

bool sk_copy_from_partition(const struct sk_partition_desc *p, void *dst,
			    sk_ipa_t ipa, uint64_t len)
{
	unsigned char *out = dst;
	uint64_t done = 0;

	if (len > SK_COPY_MAX || !sk_range_ok(ipa.ipa, len))
		return false;
	/* Each step reaches at least the next page boundary. */
	for (uint32_t step = 0; step <= SK_COPY_MAX / SK_PAGE_SIZE + 1u && done < len;
	     step++) {
		sk_pa_t pa;
		uint64_t span;
		uint64_t n;

		if (!arch_s2_translate(p, sk_ipa(ipa.ipa + done), SK_MEM_READ,
				       &pa, &span))
			return false;
		n = len - done < span ? len - done : span;
		/*
		 * Defence in depth: the stage-2 tables and the region list come
		 * from the same generator run; refuse if they ever disagree.
		 */
		if (!owned_by(p, pa, n))
			return false;
		memcpy(out + done, arch_pa_to_ptr(pa), n);
		done += n;
	}
	return done == len;
}
