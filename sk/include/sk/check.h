/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Two kinds of failure.
 *
 * SK_PANIC and SK_CHECK are for invariants of the kernel itself: a broken
 * generated table, a kernel bug. They print the file and line and halt the
 * machine. They are never used on anything a partition can influence:
 * whatever a partition does is either refused with a status code or raised
 * as a health-monitor event (sk/hm.c).
 */
#ifndef SK_CHECK_H
#define SK_CHECK_H

#include <sk/types.h>

SK_NORETURN void sk_panic_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define SK_PANIC(...) sk_panic_at(__FILE__, __LINE__, __VA_ARGS__)

#define SK_CHECK(cond)                                            \
	do {                                                      \
		if (!(cond))                                      \
			SK_PANIC("check failed: %s", #cond);      \
	} while (0)

#endif /* SK_CHECK_H */
