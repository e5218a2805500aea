/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The kernel's scheduling timer is the EL2 physical timer (CNTHP), which no
 * partition can reach. Partitions keep the EL1 virtual timer; the EL1
 * physical timer and counter trap (CNTHCTL_EL2, set in cpu.c).
 */
#include <arch/sysreg.h>
#include <arch/timer.h>
#include <sk/arch/timer.h>

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
