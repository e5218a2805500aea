/* SPDX-License-Identifier: Apache-2.0 */
/* Basic types of the portable kernel. */
#ifndef SK_TYPES_H
#define SK_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Addresses that cannot be mixed up: a physical address (what the memory
 * system sees) and an intermediate physical address (what a partition
 * believes is physical) are different types, so passing one where the other
 * is wanted does not compile. Generated tables initialise them as { value }.
 */
typedef struct {
	uint64_t pa;
} sk_pa_t;

typedef struct {
	uint64_t ipa;
} sk_ipa_t;

static inline sk_pa_t sk_pa(uint64_t a)
{
	return (sk_pa_t){ a };
}

static inline sk_ipa_t sk_ipa(uint64_t a)
{
	return (sk_ipa_t){ a };
}

#define SK_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define SK_PAGE_SHIFT 12u
#define SK_PAGE_SIZE (1ull << SK_PAGE_SHIFT)

/* True when [base, base + size) does not wrap around the address space. */
static inline bool sk_range_ok(uint64_t base, uint64_t size)
{
	return size == 0 || base + (size - 1u) >= base;
}

/* True when [a, a + asz) lies within [b, b + bsz). Sizes must not wrap. */
static inline bool sk_range_within(uint64_t a, uint64_t asz, uint64_t b,
				   uint64_t bsz)
{
	return a >= b && asz <= bsz && a - b <= bsz - asz;
}

#define SK_UNUSED __attribute__((unused))
#define SK_NORETURN _Noreturn

#endif /* SK_TYPES_H */
