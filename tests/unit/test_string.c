/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The kernel's own memcpy, memmove, memset and memcmp (sk/lib/string.c),
 * renamed so they do not stand in for the host's, against the host's: every
 * length up to 300 bytes at every alignment of source and destination up to
 * 16, with guard bytes around the destination that must not change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define memcpy sk_memcpy
#define memmove sk_memmove
#define memset sk_memset
#define memcmp sk_memcmp
#include "../../sk/lib/string.c"
#undef memcpy
#undef memmove
#undef memset
#undef memcmp

#define MAX_LEN 300u
#define GUARD 32u

static _Alignas(64) uint8_t src[MAX_LEN + 64u];
static _Alignas(64) uint8_t dst[MAX_LEN + 64u + 2u * GUARD];
static _Alignas(64) uint8_t want[MAX_LEN + 64u + 2u * GUARD];

static void fill(uint8_t *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

static void copies_every_length_at_every_alignment(void **state)
{
	(void)state;
	for (uint32_t len = 0; len <= MAX_LEN; len++)
		for (uint32_t sa = 0; sa < 16u; sa++)
			for (uint32_t da = 0; da < 16u; da++) {
				fill(src, sizeof(src), len * 256u + sa * 16u + da);
				fill(dst, sizeof(dst), 7u);
				memcpy(want, dst, sizeof(dst));
				memcpy(want + GUARD + da, src + sa, len);
				assert_ptr_equal(sk_memcpy(dst + GUARD + da, src + sa, len),
						 dst + GUARD + da);
				assert_memory_equal(dst, want, sizeof(dst));
			}
}

static void fills_every_length_at_every_alignment(void **state)
{
	(void)state;
	for (uint32_t len = 0; len <= MAX_LEN; len++)
		for (uint32_t da = 0; da < 16u; da++) {
			fill(dst, sizeof(dst), len + da);
			memcpy(want, dst, sizeof(dst));
			memset(want + GUARD + da, 0xa5, len);
			sk_memset(dst + GUARD + da, 0xa5, len);
			assert_memory_equal(dst, want, sizeof(dst));
		}
}

static void moves_overlapping_ranges_both_ways(void **state)
{
	(void)state;
	for (uint32_t len = 0; len <= 100u; len++)
		for (uint32_t shift = 0; shift < 20u; shift++) {
			fill(dst, sizeof(dst), len * 31u + shift);
			memcpy(want, dst, sizeof(dst));
			memmove(want + GUARD + shift, want + GUARD, len);
			sk_memmove(dst + GUARD + shift, dst + GUARD, len);
			assert_memory_equal(dst, want, sizeof(dst));
			memmove(want + GUARD, want + GUARD + shift, len);
			sk_memmove(dst + GUARD, dst + GUARD + shift, len);
			assert_memory_equal(dst, want, sizeof(dst));
		}
}

static void compares_like_the_host(void **state)
{
	uint8_t a[40], b[40];

	(void)state;
	fill(a, sizeof(a), 3u);
	memcpy(b, a, sizeof(b));
	assert_int_equal(sk_memcmp(a, b, sizeof(a)), 0);
	for (uint32_t i = 0; i < sizeof(a); i++) {
		b[i] = (uint8_t)(a[i] + 1u);
		assert_true((sk_memcmp(a, b, sizeof(a)) < 0) == (memcmp(a, b, sizeof(a)) < 0));
		assert_true(sk_memcmp(a, b, i) == 0);
		b[i] = a[i];
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(copies_every_length_at_every_alignment),
		cmocka_unit_test(fills_every_length_at_every_alignment),
		cmocka_unit_test(moves_overlapping_ranges_both_ways),
		cmocka_unit_test(compares_like_the_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
