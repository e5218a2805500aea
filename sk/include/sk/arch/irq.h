/* SPDX-License-Identifier: Apache-2.0 */
/* Architecture interface: the interrupt controller. See README.md. */
#ifndef SK_ARCH_IRQ_H
#define SK_ARCH_IRQ_H

#include <sk/types.h>

struct sk_system;
struct sk_cpu_desc;

/*
 * Bring up the interrupt controller for this CPU: global parts (once, on
 * the boot CPU), this CPU's own parts, and the scheduling timer interrupt
 * enabled. No interrupt is delivered to the kernel while it runs: they are
 * taken only while a partition runs or the CPU idles (arch_idle()).
 * Returns false, with `why` set, if the hardware does not match the board.
 */
bool arch_irq_init(const struct sk_system *sys, const struct sk_cpu_desc *cpu,
		   const char **why);

#endif /* SK_ARCH_IRQ_H */
