/* SPDX-License-Identifier: Apache-2.0 */
/* Architecture interface: the interrupt controller. See README.md. */
#ifndef SK_ARCH_IRQ_H
#define SK_ARCH_IRQ_H

#include <sk/types.h>

struct sk_system;
struct sk_cpu_desc;
struct sk_partition_desc;
struct sk_vcpu;
struct sk_vdev;

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

/*
 * True if the interrupt controller can route physical interrupt `intid`
 * to any CPU (a device's), false if it is one CPU's own (its timers, the
 * interrupts CPUs send each other) or no interrupt at all. Used by the
 * boot self-test (sk/verify.c) on numbers from the generated tables.
 */
bool arch_irq_is_shared(uint32_t intid);

/* Done with interrupt `intid`, which no partition owns (the kernel's
 * own, or one that should not have fired). */
void arch_irq_complete(uint32_t intid);

/* How many virtual interrupt slots a vCPU can have pending or active at
 * once (the interrupt controller's slots for them). */
uint32_t arch_virq_capacity(void);

/*
 * The interrupt controller the architecture emulates for every partition
 * (one device for the partition, SK_VDEV_IRQCHIP, and one for each of
 * its vCPUs, SK_VDEV_IRQCHIP_CPU): an access of `size` bytes at `offset`
 * into emulated device d by vCPU v, writing *value or reading into it. It
 * shows and controls only the partition's own interrupts. Returns false
 * (and does nothing) if d is not such a device.
 */
bool arch_irqchip_access(struct sk_vcpu *v, const struct sk_vdev *d, uint64_t offset,
			 uint32_t size, bool write, uint64_t *value);

/* Partition p's emulated interrupt controller as out of reset (its
 * vCPUs' parts are reset with them: arch_vcpu_reset()). */
void arch_irqchip_reset(const struct sk_partition_desc *p);

#endif /* SK_ARCH_IRQ_H */
