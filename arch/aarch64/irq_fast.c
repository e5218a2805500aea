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
 *  - a device interrupt, as sk_irq_fast() (sk/irq_fast.h, the portable
 *    routing decision the full exit's route() shares) decides: made
 *    pending for its owner's vCPU 0 (interrupts are routed to that vCPU's
 *    CPU, this one): in a list register at once if that vCPU is the one
 *    running, else in its set of pending device interrupts, for when its
 *    window comes (vgic_flush()); only this CPU ever writes that set, so
 *    no atomic operation is needed; or nobody's, completed;
 *  - nothing (spurious).
 * Anything else goes to the full exit: the kernel's timer (completed here
 * already), kicks and the console's input.
 */
#include <arch/gicv3.h>
#include <arch/lr.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>
#include <sk/config.h>
#include <sk/cpu.h>
#include <sk/partition.h>

uint64_t aarch64_irq_fast(void);

/* Make slot `slot` of g, loaded on this CPU, pending in its list register
 * (vgic_lr_pend()); or, if the partition has it disabled now, in the set
 * that waits for vgic_flush(). */
static inline void pend_live(struct arch_vgic *g, uint32_t slot)
{
	if ((g->live & (1u << slot)) == 0u)
		g->pending_irq |= 1u << slot; /* only ever here, on its own CPU */
	else
		vgic_lr_pend(g, slot);
}

/* Nobody's interrupt (never enabled): completed. */
static inline void complete(uint64_t intid)
{
	write_sysreg(icc_dir_el1, intid);
	isb();
}

/* A device interrupt is left active: the owner's completion of the
 * virtual interrupt deactivates it (list register HW bit). */
#define SK_IRQ_COMPLETE(irq) complete(irq)
#define SK_IRQ_PEND_RUNNING(v, slot) pend_live(&(v)->arch.vgic, (slot))
#define SK_IRQ_PEND_WAITING(v, slot) ((v)->arch.vgic.pending_irq |= 1u << (slot))
#include <sk/irq_fast.h>

/* Returns 0 when the interrupt is dealt with and the same vCPU resumes,
 * else INTID + 1 for the full exit (aarch64_lower_irq()). */
uint64_t aarch64_irq_fast(void)
{
	struct sk_cpu *cpu = (struct sk_cpu *)(uintptr_t)read_sysreg(tpidr_el2);
	uint64_t intid = read_sysreg(icc_iar1_el1) & 0xffffffu;

	if (intid >= INTID_SPURIOUS)
		return 0;
	write_sysreg(icc_eoir1_el1, intid); /* priority drop */
	if (intid == sk_system.arch.vtimer_intid) {
		/* Mask the timer's output until the vCPU next writes CNTV_CTL. */
		write_sysreg(cntv_ctl_el0, read_sysreg(cntv_ctl_el0) | CNT_CTL_IMASK);
		pend_live(&cpu->current->arch.vgic, SK_VIRQ_TIMER);
		complete(intid);
		return 0;
	}
	if (intid == sk_system.arch.timer_intid) {
		/* The kernel's timer: quieten it (re-armed by the exit path)
		 * and complete it here, then the full exit. */
		write_sysreg(cnthp_ctl_el2, 0u);
		complete(intid);
		return intid + 1u;
	}
	if (intid < 32u)
		return intid + 1u; /* a kick, decoded by the full exit */
	return sk_irq_fast(cpu, (uint32_t)intid) == SK_FAST_DONE ? 0u : intid + 1u;
}
