/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The interrupt routing decision: where a device's interrupt goes (its
 * owner partition's vCPU 0 and the virtual slot there, the kernel
 * console's input, or nobody). One decision for both paths: the
 * architecture's interrupt fast path through sk_irq_fast()
 * (sk/irq_fast.h) and the full exit's route() (sk/exit.c). Inline and
 * calling nothing, for the fast path.
 *
 * The interrupt number comes from the interrupt controller and is not
 * trusted: it is checked against the routing table's size before it
 * indexes it.
 */
#ifndef SK_IRQ_ROUTE_H
#define SK_IRQ_ROUTE_H

#include <sk/config.h>
#include <sk/partition.h>

/* Where an interrupt goes (sk_irq_route()). */
#define SK_IRQ_NOBODY 0u  /* no partition's, not the console's: complete it */
#define SK_IRQ_CONSOLE 1u /* the kernel console's input (sk_console_input()) */
#define SK_IRQ_OWNER 2u   /* a partition's: to its vCPU 0, a virtual slot */

/* The vCPU and virtual slot a partition's interrupt is delivered to. */
struct sk_irq_dest {
	struct sk_vcpu *vcpu;
	uint32_t slot;
};

/*
 * Where interrupt `irq` goes: SK_IRQ_OWNER with its destination in *d
 * (vCPU 0 of the partition the routing table names: sk_verify() checks
 * the table against the owners), SK_IRQ_CONSOLE or SK_IRQ_NOBODY (*d
 * untouched). An irq past the table is nobody's.
 */
static inline uint32_t sk_irq_route(uint32_t irq, struct sk_irq_dest *d)
{
	const struct sk_system *sys = &sk_system;

	if (irq < sys->n_irq_routes && sys->irq_routes[irq].slot != 0u) {
		const struct sk_irq_route *o = &sys->irq_routes[irq];

		d->vcpu = &sys->partitions[o->partition].vcpus[0];
		d->slot = o->slot;
		return SK_IRQ_OWNER;
	}
	return irq == sys->console_irq ? SK_IRQ_CONSOLE : SK_IRQ_NOBODY;
}

#endif /* SK_IRQ_ROUTE_H */
