/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Software walk of generated stage-2 tables. Plain C with no system
 * register access, so the unit tests run it on the host against the
 * generator's tables.
 */
#ifndef ARCH_S2WALK_H
#define ARCH_S2WALK_H

#include <sk/arch/mmu.h>
#include <sk/types.h>

/*
 * Translate `ipa` through the stage-2 tables at `root`, whose first lookup
 * is at `start_level` and which translate `ipa_bits`-bit addresses, as the
 * MMU would. Succeeds only for normal write-back memory with the access
 * flag set and every permission in `access` (SK_MEM_READ, SK_MEM_WRITE).
 * On success stores the physical address and the bytes from `ipa` to the
 * end of the block or page (at least 1). Table addresses in descriptors
 * are used as pointers: the kernel maps its tables at their physical
 * address.
 */
bool aarch64_s2_walk(const uint64_t *root, uint32_t start_level,
		     uint32_t ipa_bits, sk_ipa_t ipa, uint32_t access,
		     sk_pa_t *pa, uint64_t *span);

/*
 * Enumerate every valid leaf of the tables at `root` (see arch_s2_leaves()
 * in sk/include/sk/arch/mmu.h, which calls this with the system's
 * geometry). Returns the number of leaves.
 */
uint32_t aarch64_s2_leaves(const uint64_t *root, uint32_t start_level,
			   uint32_t ipa_bits, sk_s2_leaf_fn fn, void *ctx);

#endif /* ARCH_S2WALK_H */
