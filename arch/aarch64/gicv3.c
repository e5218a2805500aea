/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GICv3: the distributor, the redistributors and the physical CPU interface
 * belong to the kernel alone. Partitions never see them: their stage-2
 * tables do not map the GIC, and their accesses to the CPU interface system
 * registers go to the (disabled) virtual interface because HCR_EL2.IMO and
 * FMO are set.
 */
#include <arch/gicv3.h>
#include <arch/sysreg.h>
#include <arch/timer.h>
#include <sk/arch/irq.h>
#include <sk/config.h>

/* Distributor */
#define GICD_CTLR 0x0000u
#define GICD_TYPER 0x0004u
#define GICD_IGROUPR 0x0080u
#define GICD_ICENABLER 0x0180u
#define GICD_ICPENDR 0x0280u
#define GICD_CTLR_ENABLE_G1 (1u << 1)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_DS (1u << 6)
#define GICD_CTLR_RWP (1u << 31)

/* Redistributor: RD_base frame, then SGI_base frame 64 KiB above. */
#define GICR_TYPER 0x0008u
#define GICR_WAKER 0x0014u
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_SGI_BASE 0x10000u
#define GICR_IGROUPR0 (GICR_SGI_BASE + 0x0080u)
#define GICR_ISENABLER0 (GICR_SGI_BASE + 0x0100u)
#define GICR_ICENABLER0 (GICR_SGI_BASE + 0x0180u)
#define GICR_ICPENDR0 (GICR_SGI_BASE + 0x0280u)
#define GICR_IPRIORITYR (GICR_SGI_BASE + 0x0400u)

#define ICC_SRE_SRE (1u << 0)
#define ICC_SRE_ENABLE (1u << 3)
#define INTID_SPURIOUS 1020u
#define TIMER_PRIORITY 0x80u

/* Bound on polling a GIC status bit before declaring the hardware broken. */
#define GIC_POLL_LIMIT 1000000u

static uint32_t timer_intid;

static inline uint32_t rd32(uint64_t a)
{
	return *(volatile uint32_t *)(uintptr_t)a;
}

static inline void wr32(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)a = v;
}

static inline uint64_t rd64(uint64_t a)
{
	return *(volatile uint64_t *)(uintptr_t)a;
}

static inline void wr8(uint64_t a, uint8_t v)
{
	*(volatile uint8_t *)(uintptr_t)a = v;
}

static bool wait_clear(uint64_t reg, uint32_t bit)
{
	for (uint32_t i = 0; i < GIC_POLL_LIMIT; i++) {
		if ((rd32(reg) & bit) == 0u)
			return true;
	}
	return false;
}

static bool distributor_init(uint64_t gicd, const char **why)
{
	uint32_t lines;

	wr32(gicd + GICD_CTLR, 0);
	if (!wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP)) {
		*why = "distributor does not settle (GICD_CTLR.RWP)";
		return false;
	}
	if ((rd32(gicd + GICD_CTLR) & GICD_CTLR_DS) == 0u) {
		/* Non-secure EL2 under a secure monitor: not on this board. */
		*why = "GIC security is enabled; this kernel expects GICD_CTLR.DS=1";
		return false;
	}
	/* Every shared interrupt disabled, not pending, group 1. */
	lines = (rd32(gicd + GICD_TYPER) & 0x1fu) + 1u; /* 32 INTIDs each */
	for (uint32_t i = 1; i < lines; i++) {
		wr32(gicd + GICD_ICENABLER + 4u * i, 0xffffffffu);
		wr32(gicd + GICD_ICPENDR + 4u * i, 0xffffffffu);
		wr32(gicd + GICD_IGROUPR + 4u * i, 0xffffffffu);
	}
	wr32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1);
	if (!wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP)) {
		*why = "distributor does not settle after enabling";
		return false;
	}
	return true;
}

static bool redistributor_init(const struct sk_cpu_desc *cpu, const char **why)
{
	uint64_t gicr = cpu->arch.gicr.pa;
	uint64_t mpidr = cpu->arch.mpidr;
	uint64_t aff = ((mpidr >> 32) & 0xffu) << 24 | (mpidr & 0xffffffu);

	/* The board's redistributor address must be this CPU's. */
	if ((rd64(gicr + GICR_TYPER) >> 32) != aff) {
		*why = "redistributor affinity does not match the CPU (board GICR address?)";
		return false;
	}
	wr32(gicr + GICR_WAKER,
	     rd32(gicr + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	if (!wait_clear(gicr + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP)) {
		*why = "redistributor does not wake up (GICR_WAKER)";
		return false;
	}
	wr32(gicr + GICR_ICENABLER0, 0xffffffffu);
	wr32(gicr + GICR_ICPENDR0, 0xffffffffu);
	wr32(gicr + GICR_IGROUPR0, 0xffffffffu);
	wr8(gicr + GICR_IPRIORITYR + timer_intid, TIMER_PRIORITY);
	wr32(gicr + GICR_ISENABLER0, 1u << timer_intid);
	return true;
}

static void cpu_interface_init(void)
{
	write_sysreg(icc_sre_el2, ICC_SRE_SRE | ICC_SRE_ENABLE);
	isb();
	write_sysreg(icc_pmr_el1, 0xffu);
	write_sysreg(icc_bpr1_el1, 0u);
	write_sysreg(icc_ctlr_el1, 0u); /* EOI both drops priority and deactivates */
	write_sysreg(icc_igrpen1_el1, 1u);
	isb();
}

bool arch_irq_init(const struct sk_system *sys, const struct sk_cpu_desc *cpu,
		   const char **why)
{
	timer_intid = sys->arch.timer_intid;
	if (timer_intid < 16u || timer_intid > 31u) {
		*why = "kernel timer interrupt is not a PPI";
		return false;
	}
	/* Until the schedule arms it, the timer must stay quiet. */
	aarch64_timer_quiesce();
	if (cpu == &sys->cpus[0] && !distributor_init(sys->arch.gicd.pa, why))
		return false;
	if (!redistributor_init(cpu, why))
		return false;
	cpu_interface_init();
	return true;
}

bool gic_take_irq(struct sk_exit *e)
{
	uint32_t intid = (uint32_t)read_sysreg(icc_iar1_el1) & 0xffffffu;

	if (intid >= INTID_SPURIOUS)
		return false;
	if (intid == timer_intid) {
		aarch64_timer_quiesce();
		e->kind = SK_EXIT_TIMER;
	} else {
		e->kind = SK_EXIT_IRQ;
		e->u.irq = intid;
	}
	write_sysreg(icc_eoir1_el1, intid);
	isb();
	return true;
}
