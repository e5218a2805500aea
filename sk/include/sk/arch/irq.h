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

/*
 * Route physical interrupt `intid`, owned by a partition, to CPU `target`
 * and enable it. Called once per owned interrupt at boot.
 */
void arch_irq_route(uint32_t intid, const struct sk_cpu_desc *target);

/* Done with interrupt `intid`, which no partition owns (the kernel's
 * own, or one that should not have fired). */
void arch_irq_complete(uint32_t intid);

/* How many virtual interrupt slots a vCPU can have pending or active at
 * once (the GIC's list registers). */
uint32_t arch_virq_capacity(void);

#endif /* SK_ARCH_IRQ_H */
