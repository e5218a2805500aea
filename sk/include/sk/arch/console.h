/* SPDX-License-Identifier: Apache-2.0 */
/* Architecture interface: the kernel's console device. See README.md. */
#ifndef SK_ARCH_CONSOLE_H
#define SK_ARCH_CONSOLE_H

#include <sk/types.h>

struct sk_system;

/* Make the console usable for output. May be called with translation off. */
void arch_console_init(const struct sk_system *sys);

/*
 * Write byte `c` to the console if the device can take it now; false,
 * having written nothing, if it is busy. Never waits. The caller
 * serialises callers (sk/console.c holds the console lock) and sends a
 * line end as "\r\n" itself.
 */
bool arch_console_putc(char c);

/*
 * Let the console interrupt (sk_system.console_irq) when it receives,
 * until it is read empty. Called once, on the boot CPU, when a partition
 * receives console input.
 */
void arch_console_input_enable(void);

/* Take one received byte into *c; false when nothing was received. */
bool arch_console_getc(uint8_t *c);

#endif /* SK_ARCH_CONSOLE_H */
