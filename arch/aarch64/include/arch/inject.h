/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtual interrupt injection and kicks, inline: arch_virq_inject() and
 * arch_cpu_kick() are built on these, and so are the fast paths, which may
 * not call functions (irq_fast.c, hvc_fast.c). Private to arch/aarch64.
 */
#ifndef ARCH_INJECT_H
#define ARCH_INJECT_H

#include <arch/gicv3.h>
#include <arch/sysreg.h>
#include <sk/config.h>
#include <sk/cpu.h>
#include <sk/partition.h>

static inline struct sk_cpu *aarch64_this_cpu(void)
{
	return (struct sk_cpu *)(uintptr_t)read_sysreg(tpidr_el2);
}

/* ICC_SGI1R_EL1 value sending SGI `sgi` to the one CPU with `mpidr`. */
static inline uint64_t gic_sgi_value(uint64_t mpidr, uint32_t sgi)
{
	uint64_t aff0 = mpidr & 0xffu;

	return (1ull << (aff0 & 0xfu)) |               /* target list */
	       ((mpidr >> 8) & 0xffull) << 16 |         /* Aff1 */
	       (uint64_t)sgi << 24 |
	       ((mpidr >> 16) & 0xffull) << 32 |        /* Aff2 */
	       (aff0 >> 4) << 44 |                      /* range selector */
	       ((mpidr >> 32) & 0xffull) << 48;         /* Aff3 */
}

/* Make the CPU described by `d` look at what changed (not this CPU, and
 * only once it runs its schedule). */
static inline void aarch64_kick(const struct sk_cpu_desc *d)
{
	if (d->state == aarch64_this_cpu() || !d->state->started)
		return;
	dsb(ishst);
	write_sysreg(icc_sgi1r_el1, gic_sgi_value(d->arch.mpidr, GIC_SGI_KICK));
	isb();
}

/* Make virtual interrupt `slot` pending for vCPU v; if v runs on another
 * CPU right now, that CPU must look before it returns to it. */
static inline void aarch64_virq_inject(struct sk_vcpu *v, uint32_t slot)
{
	const struct sk_cpu_desc *home;

	if (slot >= v->arch.vgic.n_slots)
		return;
	__atomic_or_fetch(&v->arch.vgic.pending, 1u << slot, __ATOMIC_RELEASE);
	home = &sk_system.cpus[v->partition->vcpu_cpu[v->index]];
	if (home->state->current == v)
		aarch64_kick(home);
}

#endif /* ARCH_INJECT_H */
