/* SPDX-License-Identifier: Apache-2.0 */
/* Searching the kernel's sorted tables (the schedule's slots, the
 * partitions' symbols): one bounded binary search for both. */
#ifndef SK_SEARCH_H
#define SK_SEARCH_H

#include <stddef.h>
#include <stdint.h>

/*
 * The index of the last of `n` (at least 1) entries, sorted by a 64-bit
 * key, whose key is at or below `x`, given that the first's is. Entries
 * are `stride` bytes apart from `base`, each key `offset` bytes into its
 * entry. Invariant: key(lo) <= x < key(hi), hi == n standing for past the
 * end; each step halves hi - lo, so at most 32 steps for any n.
 */
static inline uint32_t sk_last_at_or_below(const void *base, uint32_t n, size_t stride,
					   size_t offset, uint64_t x)
{
	const unsigned char *p = (const unsigned char *)base + offset;
	uint32_t lo = 0, hi = n;

	while (hi - lo > 1u) {
		uint32_t mid = lo + (hi - lo) / 2u;

		if (*(const uint64_t *)(const void *)(p + (size_t)mid * stride) <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

#endif /* SK_SEARCH_H */
