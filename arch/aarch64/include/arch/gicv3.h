/* SPDX-License-Identifier: Apache-2.0 */
/* GICv3 driver, private to arch/aarch64. */
#ifndef ARCH_GICV3_H
#define ARCH_GICV3_H

#include <sk/exit.h>

/*
 * Acknowledge the highest-priority pending interrupt and describe it in
 * `e`. The kernel timer's interrupt is quietened (timer disabled) before
 * it is completed, so it cannot fire again until re-armed. Returns false
 * for a spurious interrupt (nothing pending).
 */
bool gic_take_irq(struct sk_exit *e);

#endif /* ARCH_GICV3_H */
