/* SPDX-License-Identifier: Apache-2.0 */
/* GICv3 driver, private to arch/aarch64. */
#ifndef ARCH_GICV3_H
#define ARCH_GICV3_H

#include <sk/exit.h>

/* The SGI one CPU sends another to make it look at what changed. */
#define GIC_SGI_KICK 1u

/* The first shared peripheral interrupt (SPI): below it, SGIs and PPIs. */
#define INTID_FIRST_SPI 32u

/* INTIDs from here up mean no interrupt (spurious or special). */
#define INTID_SPURIOUS 1020u

/*
 * Acknowledge the highest-priority pending interrupt and describe it in
 * `e`: SK_EXIT_TIMER for the kernel's timer (quietened, so it cannot fire
 * again until re-armed); SK_EXIT_IRQ otherwise. The running vCPU's
 * virtual timer is made pending for it here. A shared interrupt (a
 * device's) is left active for its owner to complete. Returns false for a
 * spurious interrupt (nothing pending).
 */
bool gic_take_irq(struct sk_exit *e);

/* gic_take_irq() in two steps: acknowledge (and drop the priority of) the
 * highest-priority pending interrupt, returning its INTID (1020 and up:
 * none); then describe it in `e`. */
uint32_t gic_ack(void);
bool gic_decode_irq(uint32_t intid, struct sk_exit *e);

/* The virtual timer's PPI while the CPU idles: make it pending for the
 * vCPU whose state is loaded on `cpu` and complete the physical one. */
struct sk_cpu;
void gic_vtimer_fire(struct sk_cpu *cpu);

/*
 * Make shared interrupt `intid` inactive again, at the distributor, from
 * any CPU: when the vCPU it was given to is reset, it will never complete
 * the virtual interrupt that would have done it (the list register's HW
 * link), and the interrupt would stay active, never to fire again.
 */
void gic_spi_reset(uint32_t intid);


#endif /* ARCH_GICV3_H */
