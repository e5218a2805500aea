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
		pa->pa = (d & PTE_ADDR_MASK & ~(size - 1u)) | (ipa.ipa & (size - 1u));
		*span = size - (ipa.ipa & (size - 1u));
		return true;
	}
	return false;
}
