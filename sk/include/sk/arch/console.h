/* SPDX-License-Identifier: Apache-2.0 */
/* Architecture interface: the kernel's console device. See README.md. */
#ifndef SK_ARCH_CONSOLE_H
#define SK_ARCH_CONSOLE_H

#include <sk/types.h>

struct sk_system;

/* Make the console usable for output. May be called with translation off. */
void arch_console_init(const struct sk_system *sys);

/*
 * Write `n` bytes to the console, waiting while the device is busy.
 * The caller serialises callers (sk/console.c holds the console lock).
 */
void arch_console_write(const char *s, size_t n);

#endif /* SK_ARCH_CONSOLE_H */
