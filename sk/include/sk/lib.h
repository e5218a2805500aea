/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The freestanding library shared by the kernel and partition runtimes
 * (sk/lib): formatted output into a buffer and the memory functions the
 * compiler may call.
 */
#ifndef SK_LIB_H
#define SK_LIB_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Format into buf (always NUL-terminated when size > 0). Returns the length
 * the full output would have had. Supports %%, %c, %s, %.*s, %d, %i, %u,
 * %x, %X, %p with flags '-', '0', a width, a precision and the length
 * modifiers l, ll, z.
 */
size_t bh_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
size_t bh_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The memory functions (sk/lib/string.c; the C library's on the host). */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif /* SK_LIB_H */
