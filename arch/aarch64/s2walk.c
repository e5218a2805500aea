/* SPDX-License-Identifier: Apache-2.0 */
/* Software walk of stage-2 tables (see arch/s2walk.h). */
#include <arch/pte.h>
#include <arch/s2walk.h>
#include <sk/config.h>

bool aarch64_s2_walk(const uint64_t *root, uint32_t start_level,
		     uint32_t ipa_bits, sk_ipa_t ipa, uint32_t access,
		     sk_pa_t *pa, uint64_t *span)
{
	const uint64_t *table = root;

	if (start_level > 3u || ipa_bits > 48u || ipa.ipa >> ipa_bits != 0u)
		return false;
	/* One lookup per level: at most four. */
	for (uint32_t level = start_level; level <= 3u; level++) {
		uint32_t shift = PT_LEVEL_SHIFT(level);
		uint64_t d = table[(ipa.ipa >> shift) & (PT_ENTRIES - 1u)];
		uint64_t size = 1ull << shift;

		if ((d & PTE_VALID) == 0u)
			return false;
		if (level < 3u && (d & PTE_TYPE_MASK) == PTE_TYPE_TABLE) {
			table = (const uint64_t *)(uintptr_t)(d & PTE_ADDR_MASK);
			continue;
		}
		if (level == 3u && (d & PTE_TYPE_MASK) != PTE_TYPE_TABLE)
			return false; /* reserved encoding at level 3 */
		if (level == 0u)
			return false; /* no blocks at level 0 with 4 KiB pages */
		if ((d & PTE_AF) == 0u ||
		    (d & PTE_S2_MEMATTR_MASK) != PTE_S2_MEMATTR_NORMAL_WB)
			return false;
		if ((access & SK_MEM_READ) && (d & PTE_S2_AP_R) == 0u)
			return false;
		if ((access & SK_MEM_WRITE) && (d & PTE_S2_AP_W) == 0u)
			return false;
		if ((access & SK_MEM_EXEC) && (d & PTE_XN) != 0u)
			return false;
		pa->pa = (d & PTE_ADDR_MASK & ~(size - 1u)) | (ipa.ipa & (size - 1u));
		*span = size - (ipa.ipa & (size - 1u));
		return true;
	}
	return false;
}

/*
 * The generated stage-2 tables, from the linker: every table a partition
 * uses must be one of them (read-only, in the kernel image).
 */
extern const uint64_t __start_sk_s2_tables[], __stop_sk_s2_tables[];

static bool table_ok(const uint64_t *t)
{
	uintptr_t a = (uintptr_t)t;

	return a % SK_PAGE_SIZE == 0u && a >= (uintptr_t)__start_sk_s2_tables &&
	       a + SK_PAGE_SIZE <= (uintptr_t)__stop_sk_s2_tables;
}

/* Decode a leaf's permissions and memory type; NULL or the problem. */
static const char *leaf_flags(uint64_t d, uint32_t *flags)
{
	uint64_t attr = d & PTE_S2_MEMATTR_MASK;

	*flags = 0;
	if (d & PTE_S2_AP_R)
		*flags |= SK_MEM_READ;
	if (d & PTE_S2_AP_W)
		*flags |= SK_MEM_WRITE;
	if ((d & PTE_XN) == 0u)
		*flags |= SK_MEM_EXEC;
	if ((d & PTE_AF) == 0u)
		return "access flag clear";
	if (attr == PTE_S2_MEMATTR_NORMAL_WB)
		return NULL;
	if (attr == PTE_S2_MEMATTR_NORMAL_NC) {
		*flags |= SK_MEM_NONCACHEABLE;
		return NULL;
	}
	if (attr == PTE_S2_MEMATTR_DEVICE_NGNRE) {
		*flags |= SK_MEM_DEVICE;
		return NULL;
	}
	return "memory attributes the kernel never generates";
}

uint32_t aarch64_s2_leaves(const uint64_t *root, uint32_t start_level,
			   uint32_t ipa_bits, sk_s2_leaf_fn fn, void *ctx)
{
	const uint64_t *table[4];
	uint32_t index[4];
	uint64_t base[4];
	uint32_t level = start_level;
	uint32_t leaves = 0;
	uint32_t top;
	struct sk_s2_leaf leaf = { { 0 }, { 0 }, 0, 0 };

	if (start_level > 3u || ipa_bits > 48u ||
	    ipa_bits <= PT_LEVEL_SHIFT(start_level)) {
		fn(ctx, &leaf, "stage-2 geometry the kernel does not use");
		return 0;
	}
	if (!table_ok(root)) {
		fn(ctx, &leaf, "root table outside the generated tables");
		return 0;
	}
	top = ipa_bits - PT_LEVEL_SHIFT(start_level) >= 9u ?
		      PT_ENTRIES : 1u << (ipa_bits - PT_LEVEL_SHIFT(start_level));
	table[level] = root;
	index[level] = 0;
	base[level] = 0;
	/*
	 * Depth-first over the tree, without recursion. Every step either
	 * moves to the next entry or one level down (at most to level 3), so
	 * the walk visits each entry of each reachable table once: at most
	 * top * 512^(3 - start_level) entries.
	 */
	for (;;) {
		uint32_t limit = level == start_level ? top : PT_ENTRIES;
		uint32_t shift = PT_LEVEL_SHIFT(level);
		uint64_t d;
		const char *problem;

		if (index[level] >= limit) {
			if (level == start_level)
				break;
			level--;
			index[level]++;
			continue;
		}
		d = table[level][index[level]];
		leaf.ipa.ipa = base[level] + ((uint64_t)index[level] << shift);
		if ((d & PTE_VALID) == 0u) {
			index[level]++;
			continue;
		}
		if (level < 3u && (d & PTE_TYPE_MASK) == PTE_TYPE_TABLE) {
			const uint64_t *next = (const uint64_t *)(uintptr_t)(d & PTE_ADDR_MASK);

			if (!table_ok(next)) {
				leaf.size = 1ull << shift;
				fn(ctx, &leaf, "next-level table outside the generated tables");
				index[level]++;
				continue;
			}
			base[level + 1u] = leaf.ipa.ipa;
			level++;
			table[level] = next;
			index[level] = 0;
			continue;
		}
		leaf.size = 1ull << shift;
		leaf.pa.pa = d & PTE_ADDR_MASK & ~(leaf.size - 1u);
		problem = leaf_flags(d, &leaf.flags);
		if (level == 0u || (level == 3u && (d & PTE_TYPE_MASK) != PTE_TYPE_TABLE))
			problem = "reserved descriptor type";
		else if ((d & PTE_ADDR_MASK & (leaf.size - 1u)) != 0u)
			problem = "block output address not aligned to its size";
		fn(ctx, &leaf, problem);
		leaves++;
		index[level]++;
	}
	return leaves;
}

uint32_t arch_s2_leaves(const struct sk_system *sys,
			const struct sk_partition_desc *p, sk_s2_leaf_fn fn,
			void *ctx)
{
	return aarch64_s2_leaves(p->s2_root, sys->arch.s2_start_level,
				 sys->arch.ipa_bits, fn, ctx);
}
