/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The kernel's scheduling timer is the EL2 physical timer (CNTHP), which no
 * partition can reach. Partitions keep the EL1 virtual timer; the EL1
 * physical timer and counter trap (CNTHCTL_EL2, set in cpu.c).
 */
#include <arch/sysreg.h>
#include <arch/timer.h>
#include <arch/gicv3.h>
#include <arch/vgic.h>
#include <sk/arch/timer.h>
#include <sk/cpu.h>
#include <sk/partition.h>

uint64_t arch_timer_now(void)
{
	isb(); /* do not read the counter early */
	return read_sysreg(cntpct_el0);
}

uint64_t arch_timer_frequency(void)
{
	return read_sysreg(cntfrq_el0);
}

void arch_timer_set_deadline(uint64_t deadline)
{
	write_sysreg(cnthp_cval_el2, deadline);
	write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
	isb();
}

void aarch64_timer_quiesce(void)
{
	write_sysreg(cnthp_ctl_el2, 0u);
	isb();
}

void arch_window_gate(struct sk_cpu *cpu, uint64_t at)
{
	cpu->arch.gate = at;
}

/*
 * Called by vectors.S, last before the full exit returns to a partition,
 * when arch_window_gate() asked for a start time: sleep until then on the
 * kernel's timer, borrowed and given back its deadline. Woken by the
 * timer, the CPU goes on at the counter's edge whatever path led here. The
 * virtual CPU interface is off meanwhile, as in arch_idle(): a virtual
 * interrupt pending for the partition must not end the wait.
 */
void aarch64_window_gate_wait(void);

/*
 * A kick that reaches this CPU while it waits at the gate was sent for
 * what ran before (another CPU saw the old window: sk_kick_for()) or
 * asks to look again at the vCPU about to run. Taken after the ERET it
 * would cost the window's partition a full exit. If that vCPU may still
 * run, looking again is just making its pending virtual interrupts live,
 * done here, in the switch time; otherwise the kick stays pending and the
 * full exit deals with it.
 */
static void absorb_kick(struct sk_cpu *cpu)
{
	struct sk_vcpu *v = cpu->current;
	uint32_t intid = (uint32_t)read_sysreg(icc_hppir1_el1) & 0xffffffu;

	if (intid != GIC_SGI_KICK || v == NULL || !sk_vcpu_runnable(v) ||
	    __atomic_load_n(&v->reset_pending, __ATOMIC_ACQUIRE))
		return;
	/* Only the kick and the kernel's timer have the kick's priority
	 * (gicv3.c), so this is one of the two; the timer is the gate's own,
	 * borrowed below, which ends the wait (its deadline is given back). */
	intid = gic_ack();
	if (intid >= INTID_SPURIOUS)
		return;
	write_sysreg(icc_dir_el1, intid);
	isb();
	if (intid == GIC_SGI_KICK)
		vgic_flush(&v->arch.vgic);
}

void aarch64_window_gate_wait(void)
{
	struct sk_cpu *cpu = (struct sk_cpu *)(uintptr_t)read_sysreg(tpidr_el2);
	uint64_t at = cpu->arch.gate;
	uint64_t cval = read_sysreg(cnthp_cval_el2);
	uint64_t ctl = read_sysreg(cnthp_ctl_el2);

	cpu->arch.gate = 0;
	if (read_sysreg(cntpct_el0) >= at) {
		cpu->late_starts++;
		return;
	}
	write_sysreg(ich_hcr_el2, 0u);
	write_sysreg(cnthp_cval_el2, at);
	write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
	isb();
	absorb_kick(cpu);
	while (read_sysreg(cntpct_el0) < at) {
		dsb(sy);
		__asm__ volatile("wfi" ::: "memory");
		isb();
		if (read_sysreg(cntpct_el0) < at)
			absorb_kick(cpu);
	}
	write_sysreg(cnthp_cval_el2, cval);
	write_sysreg(cnthp_ctl_el2, ctl);
	write_sysreg(ich_hcr_el2, ICH_HCR_EN);
	isb();
}
