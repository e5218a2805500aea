/* SPDX-License-Identifier: Apache-2.0 */
/* Architecture interface: address translation. See README.md. */
#ifndef SK_ARCH_MMU_H
#define SK_ARCH_MMU_H

#include <sk/types.h>

struct sk_system;
struct sk_partition_desc;

/*
 * Build the kernel's own translation and turn it on: the kernel image with
 * text read-only and executable, read-only data read-only, data and bss
 * read-write; every sys->kmaps range read-write; nothing both writable and
 * executable, nothing else mapped. Also invalidates all partitions' cached
 * stage-2 translations so the generated tables are the only truth.
 * Returns the number of translation tables used.
 */
uint32_t arch_mmu_init(const struct sk_system *sys);

/* On a secondary CPU: turn on the translation arch_mmu_init() built. */
void arch_mmu_enable(const struct sk_system *sys);

/*
 * Translate `ipa` through partition `p`'s stage-2 tables, as the hardware
 * would. Succeeds only if the address is mapped as normal memory allowing
 * every access in `access` (SK_MEM_READ, SK_MEM_WRITE, SK_MEM_EXEC). On
 * success stores the physical address and the number of bytes from `ipa`
 * to the end of that mapping (at least 1).
 */
bool arch_s2_translate(const struct sk_partition_desc *p, sk_ipa_t ipa,
		       uint32_t access, sk_pa_t *pa, uint64_t *span);

/* One leaf (block or page) of a partition's stage-2 translation. */
struct sk_s2_leaf {
	sk_ipa_t ipa;
	sk_pa_t pa;
	uint64_t size;
	uint32_t flags; /* SK_MEM_READ/WRITE/EXEC/DEVICE/NONCACHEABLE as mapped */
};

/* Called by arch_s2_leaves() for each leaf; `problem` is NULL for a good
 * leaf, else a description of a malformed table or descriptor (and `leaf`
 * says where). */
typedef void (*sk_s2_leaf_fn)(void *ctx, const struct sk_s2_leaf *leaf,
			      const char *problem);

/*
 * Walk all of partition p's stage-2 tables and call `fn` for every valid
 * leaf, in IPA order, with its permissions and memory type decoded. A
 * table outside the kernel's read-only table section, or an encoding the
 * hardware would not treat as a normal leaf, is reported as a problem.
 * Used by the boot self-test (sk/verify.c). Returns the number of leaves.
 */
uint32_t arch_s2_leaves(const struct sk_system *sys,
			const struct sk_partition_desc *p, sk_s2_leaf_fn fn,
			void *ctx);

/* Kernel pointer to physical memory mapped by arch_mmu_init(). */
void *arch_pa_to_ptr(sk_pa_t pa);

/*
 * Make `size` bytes at `pa`, written by the kernel through its cacheable
 * mapping, visible to a partition that reads or executes them with its own
 * caches or translation off (clean to the point of coherency, invalidate
 * instruction caches).
 */
void arch_cache_clean(sk_pa_t pa, uint64_t size);

/*
 * Fill `size` bytes at `pa` (normal memory the kernel maps) with zeros,
 * visible to the partition as after arch_cache_clean(): scrubbing a
 * partition's memory, the bulk of a cold start.
 */
void arch_zero(sk_pa_t pa, uint64_t size);

#endif /* SK_ARCH_MMU_H */
