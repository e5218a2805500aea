/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The interrupt fast path's decision: whether the architecture's
 * interrupt fast path finishes a device's interrupt, and how, or takes
 * the full exit; where the interrupt goes is sk_irq_route()
 * (sk/irq_route.h). Portable, inline and calling nothing: the fast path (arch/aarch64/irq_fast.c) saves only a
 * few registers before it, and the build checks that the object it is
 * compiled into refers to no function (arch/aarch64/check_irq_fast.cmake).
 * The full path (sk/exit.c, route()) decides with the same sk_irq_route().
 *
 * The architecture takes its own interrupts (timers, kicks) before it
 * asks.
 *
 * For sk_irq_fast() the includer defines first:
 *  - SK_IRQ_COMPLETE(irq): nobody's interrupt, completed at once;
 *  - SK_IRQ_PEND_RUNNING(v, slot): v runs on this CPU now: the slot
 *    pending in its live virtual interface;
 *  - SK_IRQ_PEND_WAITING(v, slot): v does not run now: the slot pending
 *    for when it is switched in (only the CPU the interrupt is routed to,
 *    the one of v, writes there).
 */
#ifndef SK_IRQ_FAST_H
#define SK_IRQ_FAST_H

#include <sk/cpu.h>
#include <sk/fast.h>
#include <sk/irq_route.h>

/*
 * Device interrupt `irq`, taken on `cpu` while a vCPU of it runs: a
 * partition's made pending for its destination (live if that vCPU is the
 * one running here, else for its window: the running partition goes on
 * either way, and nobody's window is moved), nobody's completed, both
 * SK_FAST_DONE; the console's input SK_FAST_EXIT, nothing done, for the
 * full exit.
 */
static inline uint32_t sk_irq_fast(const struct sk_cpu *cpu, uint32_t irq)
{
	struct sk_irq_dest d;

	switch (sk_irq_route(irq, &d)) {
	case SK_IRQ_OWNER:
		if (d.vcpu == cpu->current)
			SK_IRQ_PEND_RUNNING(d.vcpu, d.slot);
		else
			SK_IRQ_PEND_WAITING(d.vcpu, d.slot);
		return SK_FAST_DONE;
	case SK_IRQ_CONSOLE:
		return SK_FAST_EXIT;
	default:
		SK_IRQ_COMPLETE(irq);
		return SK_FAST_DONE;
	}
}

#endif /* SK_IRQ_FAST_H */
