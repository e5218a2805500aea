/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The memory functions a freestanding C compiler may emit calls to. Built
 * with -fno-builtin and -fno-tree-loop-distribute-patterns so the loops
 * below are not turned back into calls to themselves. Byte-wise and
 * word-wise only where both pointers are aligned: the kernel and partitions
 * may run with translation off, where unaligned accesses fault.
 */
#include <stddef.h>
#include <stdint.h>
#include <sk/lib.h>

static int both_aligned(const void *a, const void *b)
{
	return (((uintptr_t)a | (uintptr_t)b) & 7u) == 0;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 15u) == 0u) {
		/* 64 bytes a round in 16-byte words (load and store pairs of
		 * registers): loading a partition's image, tens of MiB for a
		 * Linux, at boot. */
		for (; n >= 64; n -= 64, d += 64, s += 64) {
			const unsigned __int128 *from = (const unsigned __int128 *)(const void *)s;
			unsigned __int128 *to = (unsigned __int128 *)(void *)d;
			unsigned __int128 word0 = from[0], word1 = from[1];
			unsigned __int128 word2 = from[2], word3 = from[3];

			to[0] = word0; to[1] = word1; to[2] = word2; to[3] = word3;
		}
	}
	if (both_aligned(d, s)) {
		/* 64 bytes a round, 8-byte words. */
		for (; n >= 64; n -= 64, d += 64, s += 64) {
			const uint64_t *from = (const uint64_t *)(const void *)s;
			uint64_t *to = (uint64_t *)(void *)d;
			uint64_t word0 = from[0], word1 = from[1], word2 = from[2];
			uint64_t word3 = from[3], word4 = from[4], word5 = from[5];
			uint64_t word6 = from[6], word7 = from[7];

			to[0] = word0; to[1] = word1; to[2] = word2; to[3] = word3;
			to[4] = word4; to[5] = word5; to[6] = word6; to[7] = word7;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
	}
	for (; n > 0; n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	/* Overlapping with dst above src: copy backwards. */
	while (n > 0) {
		n--;
		d[n] = s[n];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t pattern = (uint64_t)(unsigned char)c * 0x0101010101010101ull;

	for (; n > 0 && ((uintptr_t)d & 7u) != 0; n--)
		*d++ = (unsigned char)c;
	/* 64 bytes a round: scrubbing a partition's memory. */
	for (; n >= 64; n -= 64, d += 64) {
		uint64_t *to = (uint64_t *)(void *)d;

		to[0] = pattern; to[1] = pattern; to[2] = pattern; to[3] = pattern;
		to[4] = pattern; to[5] = pattern; to[6] = pattern; to[7] = pattern;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(uint64_t *)(void *)d = pattern;
	for (; n > 0; n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a;
	const unsigned char *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	}
	return 0;
}
