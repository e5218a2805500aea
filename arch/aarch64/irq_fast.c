/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The interrupt fast path: what an interrupt from a partition needs when
 * the kernel has nothing to decide. vectors.S saves only x0-x7 and x30 of
 * the interrupted vCPU before calling aarch64_irq_fast(): this file is
 * compiled with x8-x18 reserved (-ffixed-x8 ... -ffixed-x18, see
 * CMakeLists.txt), so the code here can only use x0-x7 and the registers
 * it saves itself, and it calls no function (everything is inline; the
 * build checks that the object refers to nothing but sk_system).
 *
 * Handled here, back to the same vCPU:
 *  - the running vCPU's virtual timer: made pending in its list register;
 *  - a device interrupt: made pending for its owner's vCPU 0 (interrupts
 *    are routed to that vCPU's CPU, this one): in a list register at once
 *    if that vCPU is the one running, else in its set of pending device
 *    interrupts, for when its window comes (vgic_flush()); only this CPU
 *    ever writes that set, so no atomic operation is needed;
 *  - nothing (spurious).
 * Anything else goes to the full exit: the kernel's timer (completed here
 * already) and kicks.
 */
#include <arch/gicv3.h>
#include <arch/lr.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>
#include <sk/config.h>
#include <sk/cpu.h>
#include <sk/exit.h>
#include <sk/partition.h>

uint64_t aarch64_irq_fast(void);

/* Make slot `slot` of g, loaded on this CPU, pending in its list register
 * (vgic_lr_pend()); or, if the partition has it disabled now, in the set
 * that waits for vgic_flush(). */
static inline void lr_set_pending(struct arch_vgic *g, uint32_t slot)
{
	if ((g->live & (1u << slot)) == 0u)
		g->pending_irq |= 1u << slot; /* only ever here, on its own CPU */
	else
		vgic_lr_pend(g, slot);
}

/* Returns 0 when the interrupt is dealt with and the same vCPU resumes,
 * else INTID + 1 for the full exit (aarch64_lower_irq()). */
uint64_t aarch64_irq_fast(void)
{
	struct sk_cpu *cpu = (struct sk_cpu *)(uintptr_t)read_sysreg(tpidr_el2);
	uint32_t intid = (uint32_t)read_sysreg(icc_iar1_el1) & 0xffffffu;
	const struct sk_irq_route *o;
	struct sk_vcpu *v;

	if (intid >= INTID_SPURIOUS)
		return 0;
	write_sysreg(icc_eoir1_el1, intid); /* priority drop */
	if (intid == sk_system.arch.vtimer_intid) {
		/* Mask the timer's output until the vCPU next writes CNTV_CTL. */
		write_sysreg(cntv_ctl_el0, read_sysreg(cntv_ctl_el0) | CNT_CTL_IMASK);
		lr_set_pending(&cpu->current->arch.vgic, SK_VIRQ_TIMER);
		write_sysreg(icc_dir_el1, intid);
		isb();
		return 0;
	}
	if (intid == sk_system.arch.timer_intid) {
		/* The kernel's timer: quieten it (re-armed by the exit path)
		 * and complete it here, then the full exit. */
		write_sysreg(cnthp_ctl_el2, 0u);
		write_sysreg(icc_dir_el1, intid);
		isb();
		return (uint64_t)intid + 1u;
	}
	if (intid < 32u)
		return (uint64_t)intid + 1u; /* a kick, decoded by the full exit */
	o = sk_irq_route_of(intid);
	if (o == NULL) {
		/* The console's input: read by the full exit (sk_console_input()). */
		if (intid == sk_system.console_irq)
			return (uint64_t)intid + 1u;
		/* Nobody's (never enabled): just complete it. */
		write_sysreg(icc_dir_el1, intid);
		isb();
		return 0;
	}
	/* Left active: the owner's completion of the virtual interrupt
	 * deactivates it (list register HW bit). */
	v = &sk_system.partitions[o->partition].vcpus[0];
	if (v == cpu->current)
		lr_set_pending(&v->arch.vgic, o->slot);
	else
		v->arch.vgic.pending_irq |= 1u << o->slot; /* only ever here */
	return 0;
}
