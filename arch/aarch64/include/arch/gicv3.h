/* SPDX-License-Identifier: Apache-2.0 */
/* GICv3 driver, private to arch/aarch64. */
#ifndef ARCH_GICV3_H
#define ARCH_GICV3_H

#include <sk/exit.h>

/* The SGI one CPU sends another to make it look at what changed. */
#define GIC_SGI_KICK 1u

/*
 * Acknowledge the highest-priority pending interrupt and describe it in
 * `e`: SK_EXIT_TIMER for the kernel's timer (quietened, so it cannot fire
 * again until re-armed); SK_EXIT_IRQ otherwise. The running vCPU's
 * virtual timer is made pending for it here. A shared interrupt (a
 * device's) is left active for its owner to complete. Returns false for a
 * spurious interrupt (nothing pending).
 */
bool gic_take_irq(struct sk_exit *e);

/* Send the kick SGI to the CPU with affinity `mpidr`. */
void gic_send_kick(uint64_t mpidr);

#endif /* ARCH_GICV3_H */
