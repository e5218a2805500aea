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
#include <arch/vgic.h>
#include <sk/arch/cpu.h>
#include <sk/arch/irq.h>
#include <sk/arch/vcpu.h>
#include <sk/config.h>
#include <sk/cpu.h>
#include <sk/partition.h>

/* Distributor */
#define GICD_CTLR 0x0000u
#define GICD_TYPER 0x0004u
#define GICD_IGROUPR 0x0080u
#define GICD_ICENABLER 0x0180u
#define GICD_ICPENDR 0x0280u
#define GICD_ICACTIVER 0x0380u
#define GICD_ISENABLER 0x0100u
#define GICD_IPRIORITYR 0x0400u
#define GICD_IROUTER 0x6000u
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
#define ICC_CTLR_EOIMODE (1u << 1)
#define TIMER_PRIORITY 0x80u
#define IRQ_PRIORITY 0xa0u

/* Bound on polling a GIC status bit before declaring the hardware broken. */
#define GIC_POLL_LIMIT 1000000u

static uint32_t timer_intid;
static uint32_t vtimer_intid;
static uint32_t maint_intid;
static uint64_t gicd_base;

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

static inline void wr64(uint64_t a, uint64_t v)
{
	*(volatile uint64_t *)(uintptr_t)a = v;
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
	/* Every shared interrupt disabled, not pending, inactive, group 1. */
	lines = (rd32(gicd + GICD_TYPER) & 0x1fu) + 1u; /* 32 INTIDs each */
	for (uint32_t i = 1; i < lines; i++) {
		wr32(gicd + GICD_ICENABLER + 4u * i, 0xffffffffu);
		wr32(gicd + GICD_ICPENDR + 4u * i, 0xffffffffu);
		wr32(gicd + GICD_ICACTIVER + 4u * i, 0xffffffffu);
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
	/* The kernel's timer, the vCPUs' virtual timer, the kick, and the
	 * virtual interface's maintenance interrupt (arch/aarch64/vgic.c). */
	wr8(gicr + GICR_IPRIORITYR + timer_intid, TIMER_PRIORITY);
	wr8(gicr + GICR_IPRIORITYR + vtimer_intid, IRQ_PRIORITY);
	wr8(gicr + GICR_IPRIORITYR + GIC_SGI_KICK, TIMER_PRIORITY);
	wr8(gicr + GICR_IPRIORITYR + maint_intid, IRQ_PRIORITY);
	wr32(gicr + GICR_ISENABLER0, (1u << timer_intid) | (1u << vtimer_intid) |
					     (1u << GIC_SGI_KICK) | (1u << maint_intid));
	return true;
}

static void cpu_interface_init(void)
{
	write_sysreg(icc_sre_el2, ICC_SRE_SRE | ICC_SRE_ENABLE);
	isb();
	write_sysreg(icc_pmr_el1, 0xffu);
	write_sysreg(icc_bpr1_el1, 0u);
	/* Priority drop and deactivation are separate: a device interrupt
	 * stays active until its partition completes it. */
	write_sysreg(icc_ctlr_el1, ICC_CTLR_EOIMODE);
	write_sysreg(icc_igrpen1_el1, 1u);
	isb();
}

bool arch_irq_init(const struct sk_system *sys, const struct sk_cpu_desc *cpu,
		   const char **why)
{
	timer_intid = sys->arch.timer_intid;
	vtimer_intid = sys->arch.vtimer_intid;
	maint_intid = sys->arch.maint_intid;
	gicd_base = sys->arch.gicd.pa;
	if (timer_intid < 16u || timer_intid > 31u || vtimer_intid < 16u ||
	    vtimer_intid > 31u || timer_intid == vtimer_intid) {
		*why = "timer interrupts are not two distinct PPIs";
		return false;
	}
	if (maint_intid < 16u || maint_intid > 31u || maint_intid == timer_intid ||
	    maint_intid == vtimer_intid) {
		*why = "the maintenance interrupt is not a PPI of its own";
		return false;
	}
	/* Until the schedule arms it, the timer must stay quiet. */
	aarch64_timer_quiesce();
	if (cpu == &sys->cpus[0] && !distributor_init(sys->arch.gicd.pa, why))
		return false;
	if (!redistributor_init(cpu, why))
		return false;
	cpu_interface_init();
	vgic_probe();
	return true;
}

void arch_irq_route(uint32_t intid, const struct sk_cpu_desc *target)
{
	uint64_t mpidr = target->arch.mpidr;

	wr64(gicd_base + GICD_IROUTER + 8u * intid, mpidr & MPIDR_AFF_MASK);
	wr8(gicd_base + GICD_IPRIORITYR + intid, IRQ_PRIORITY);
	wr32(gicd_base + GICD_ISENABLER + 4u * (intid / 32u), 1u << (intid % 32u));
}

void gic_spi_reset(uint32_t intid)
{
	if (intid < 32u || intid >= INTID_SPURIOUS)
		return;
	wr32(gicd_base + GICD_ICACTIVER + 4u * (intid / 32u), 1u << (intid % 32u));
}

uint32_t arch_virq_capacity(void)
{
	return vgic_lrs();
}

void arch_irq_complete(uint32_t intid)
{
	/* Only shared interrupts are left active by gic_take_irq(). */
	if (intid >= 32u) {
		write_sysreg(icc_dir_el1, intid);
		isb();
	}
}

uint32_t gic_ack(void)
{
	uint32_t intid = (uint32_t)read_sysreg(icc_iar1_el1) & 0xffffffu;

	if (intid < INTID_SPURIOUS)
		write_sysreg(icc_eoir1_el1, intid); /* priority drop */
	return intid;
}

void gic_vtimer_fire(struct sk_cpu *cpu)
{
	/*
	 * The timer of the vCPU whose state is loaded (the CPU is idle: the
	 * interrupt fast path handles it while the vCPU runs): mask its
	 * output (the vCPU's next write to CNTV_CTL unmasks it) and make its
	 * virtual timer interrupt pending for when it next runs; then the
	 * physical one is done.
	 */
	write_sysreg(cntv_ctl_el0, read_sysreg(cntv_ctl_el0) | CNT_CTL_IMASK);
	if (cpu->current != NULL)
		arch_virq_inject(cpu->current, SK_VIRQ_TIMER, false);
	write_sysreg(icc_dir_el1, vtimer_intid);
	isb();
}

bool gic_decode_irq(uint32_t intid, struct sk_exit *e)
{
	if (intid >= INTID_SPURIOUS)
		return false;
	e->kind = SK_EXIT_IRQ;
	e->u.irq = intid;
	if (intid == timer_intid) {
		aarch64_timer_quiesce();
		e->kind = SK_EXIT_TIMER;
	} else if (intid == vtimer_intid) {
		gic_vtimer_fire(arch_this_cpu());
		return true;
	} else if (intid >= 32u) {
		/* A partition's device: it completes the interrupt itself. */
		return true;
	}
	write_sysreg(icc_dir_el1, intid);
	isb();
	return true;
}

bool gic_take_irq(struct sk_exit *e)
{
	return gic_decode_irq(gic_ack(), e);
}
