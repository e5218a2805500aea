/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vCPU reset and switching. At every switch all EL1/EL0 state a partition
 * can change is saved and the next partition's loaded, so nothing of one
 * partition is visible to the next; general registers are saved by the
 * exception vectors on every entry.
 */
#include <arch/aarch64.h>
#include <arch/gicv3.h>
#include <arch/inject.h>
#include <arch/syndrome.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>
#include <sk/arch/cpu.h>
#include <sk/arch/irq.h>
#include <sk/arch/vcpu.h>
#include <sk/config.h>
#include <sk/cpu.h>
#include <sk/lib.h>
#include <sk/partition.h>

/*
 * HCR_EL2 of every partition: stage 2 on; interrupts and SErrors to EL2;
 * EL1 is AArch64; trap SMC, implementation-defined registers, ACTLR and
 * set/way cache maintenance (which would act on other partitions' lines);
 * broadcast TLB and barrier operations inner-shareable.
 */
#define HCR_PARTITION (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | \
		       HCR_FB | HCR_BSU_IS | HCR_TSC | HCR_TIDCP |       \
		       HCR_TACR | HCR_TSW | HCR_RW)

/* MDCR_EL2: debug registers trap; the PMU traps unless privileged. */
#define MDCR_PARTITION (MDCR_TDA | MDCR_TDOSA | MDCR_TDRA)
#define MDCR_NO_PMU (MDCR_TPM | MDCR_TPMCR)

void arch_vcpu_reset(struct sk_vcpu *v, const struct sk_partition_desc *p,
		     sk_ipa_t entry, uint64_t arg0)
{
	struct arch_vcpu *a = &v->arch;

	/* vCPU 0 takes the partition's device interrupts: any it was given
	 * and did not complete must not stay active at the GIC. */
	if (v->index == 0u) {
		for (uint32_t i = 0; i < p->n_irqs; i++)
			gic_spi_reset(p->irqs[i]);
		arch_irqchip_reset(p);
	}
	memset(a, 0, sizeof(*a));
	a->regs.x[0] = arg0;
	a->regs.elr = entry.ipa;
	a->regs.spsr = SPSR_EL1H_MASKED;
	a->sys.sctlr_el1 = SCTLR_EL1_RES1;
	a->hcr_el2 = HCR_PARTITION;
	a->vttbr_el2 = ((uint64_t)p->vmid << 48) | (uint64_t)(uintptr_t)p->s2_root;
	/* Uniprocessor-looking affinity: Aff0 is the vCPU index. */
	a->vmpidr_el2 = (1ull << 31) | v->index;
	a->mdcr_el2 = MDCR_PARTITION | aarch64_pmu_counters();
	if ((p->privileges & SK_PRIV_PMU) == 0u)
		a->mdcr_el2 |= MDCR_NO_PMU;
	vgic_reset(&a->vgic, p, v->index);
}

static void save_el1(struct arch_sysregs *s)
{
	s->sctlr_el1 = read_sysreg(sctlr_el1);
	s->cpacr_el1 = read_sysreg(cpacr_el1);
	s->ttbr0_el1 = read_sysreg(ttbr0_el1);
	s->ttbr1_el1 = read_sysreg(ttbr1_el1);
	s->tcr_el1 = read_sysreg(tcr_el1);
	s->esr_el1 = read_sysreg(esr_el1);
	s->afsr0_el1 = read_sysreg(afsr0_el1);
	s->afsr1_el1 = read_sysreg(afsr1_el1);
	s->far_el1 = read_sysreg(far_el1);
	s->mair_el1 = read_sysreg(mair_el1);
	s->amair_el1 = read_sysreg(amair_el1);
	s->vbar_el1 = read_sysreg(vbar_el1);
	s->contextidr_el1 = read_sysreg(contextidr_el1);
	s->tpidr_el0 = read_sysreg(tpidr_el0);
	s->tpidrro_el0 = read_sysreg(tpidrro_el0);
	s->tpidr_el1 = read_sysreg(tpidr_el1);
	s->sp_el0 = read_sysreg(sp_el0);
	s->sp_el1 = read_sysreg(sp_el1);
	s->elr_el1 = read_sysreg(elr_el1);
	s->spsr_el1 = read_sysreg(spsr_el1);
	s->par_el1 = read_sysreg(par_el1);
	s->csselr_el1 = read_sysreg(csselr_el1);
	s->cntkctl_el1 = read_sysreg(cntkctl_el1);
	s->cntv_ctl_el0 = read_sysreg(cntv_ctl_el0);
	s->cntv_cval_el0 = read_sysreg(cntv_cval_el0);
}

static void load_el1(const struct arch_sysregs *s)
{
	write_sysreg(sctlr_el1, s->sctlr_el1);
	write_sysreg(cpacr_el1, s->cpacr_el1);
	write_sysreg(ttbr0_el1, s->ttbr0_el1);
	write_sysreg(ttbr1_el1, s->ttbr1_el1);
	write_sysreg(tcr_el1, s->tcr_el1);
	write_sysreg(esr_el1, s->esr_el1);
	write_sysreg(afsr0_el1, s->afsr0_el1);
	write_sysreg(afsr1_el1, s->afsr1_el1);
	write_sysreg(far_el1, s->far_el1);
	write_sysreg(mair_el1, s->mair_el1);
	write_sysreg(amair_el1, s->amair_el1);
	write_sysreg(vbar_el1, s->vbar_el1);
	write_sysreg(contextidr_el1, s->contextidr_el1);
	write_sysreg(tpidr_el0, s->tpidr_el0);
	write_sysreg(tpidrro_el0, s->tpidrro_el0);
	write_sysreg(tpidr_el1, s->tpidr_el1);
	write_sysreg(sp_el0, s->sp_el0);
	write_sysreg(sp_el1, s->sp_el1);
	write_sysreg(elr_el1, s->elr_el1);
	write_sysreg(spsr_el1, s->spsr_el1);
	write_sysreg(par_el1, s->par_el1);
	write_sysreg(csselr_el1, s->csselr_el1);
	write_sysreg(cntkctl_el1, s->cntkctl_el1);
	write_sysreg(cntv_cval_el0, s->cntv_cval_el0);
	write_sysreg(cntv_ctl_el0, s->cntv_ctl_el0);
}

void arch_vcpu_switch(struct sk_cpu *cpu, struct sk_vcpu *from,
		      struct sk_vcpu *to)
{
	if (from != NULL) {
		save_el1(&from->arch.sys);
		aarch64_fpsimd_save(&from->arch.fp);
		vgic_save(&from->arch.vgic);
	}
	load_el1(&to->arch.sys);
	aarch64_fpsimd_restore(&to->arch.fp);
	vgic_load(&to->arch.vgic);
	write_sysreg(hcr_el2, to->arch.hcr_el2);
	write_sysreg(mdcr_el2, to->arch.mdcr_el2);
	write_sysreg(vmpidr_el2, to->arch.vmpidr_el2);
	/* VMID-tagged: no TLB maintenance is needed on a switch. */
	write_sysreg(vttbr_el2, to->arch.vttbr_el2);
	/* No exclusive reservation of one partition may let a store-exclusive
	 * of the next succeed. */
	__asm__ volatile("clrex" ::: "memory");
	isb();
	cpu->regs = &to->arch.regs;
}

void arch_vcpu_enter(struct sk_cpu *cpu)
{
	vgic_flush(&cpu->current->arch.vgic);
	aarch64_enter_lower(cpu->regs, cpu->desc->stack_top);
}

void arch_virq_inject(struct sk_vcpu *v, uint32_t slot, bool hw)
{
	(void)hw; /* the slot's list-register template says it already */
	aarch64_virq_inject(v, slot);
}

uint64_t arch_vcpu_mmio_stored(const struct sk_vcpu *v, const struct sk_fault *f)
{
	uint64_t value = f->mmio_reg == AARCH64_REG_ZR ? 0u : v->arch.regs.x[f->mmio_reg];

	return f->mmio_size == 8u ? value : value & ((1ull << (8u * f->mmio_size)) - 1u);
}

void arch_vcpu_mmio_done(struct sk_vcpu *v, const struct sk_fault *f, uint64_t loaded)
{
	struct arch_regs *r = &v->arch.regs;

	if (f->access != SK_MEM_WRITE && f->mmio_reg != AARCH64_REG_ZR) {
		uint32_t bits = 8u * f->mmio_size;

		if (bits < 64u) {
			loaded &= (1ull << bits) - 1u;
			if (f->mmio_signed && (loaded >> (bits - 1u)) != 0u)
				loaded |= ~0ull << bits;
		}
		if (!f->mmio_64)
			loaded &= 0xffffffffu; /* a W register: the top half is zero */
		r->x[f->mmio_reg] = loaded;
	}
	aarch64_step(f->syndrome, &r->elr, &r->spsr);
}

/* Exception vector offsets from VBAR_EL1. */
#define VECTOR_CURRENT_SP0 0x000u
#define VECTOR_CURRENT_SPX 0x200u
#define VECTOR_LOWER_A64 0x400u
#define FSC_EXTERNAL 0x10u

bool arch_vcpu_inject_fault(struct sk_vcpu *v, const struct sk_fault *f)
{
	struct arch_regs *r = &v->arch.regs;
	uint64_t vbar = read_sysreg(vbar_el1);
	uint64_t mode = r->spsr & SPSR_MODE_MASK;
	bool from_el1 = mode == SPSR_MODE_EL1H || mode == SPSR_MODE_EL1T;
	uint64_t target;
	uint64_t esr;

	if (mode & SPSR_AARCH32)
		return false; /* AArch32 EL0: not reflected (VBAR_EL1 + 0x600 not modelled) */
	target = vbar + (mode == SPSR_MODE_EL1H ? VECTOR_CURRENT_SPX :
			 mode == SPSR_MODE_EL1T ? VECTOR_CURRENT_SP0 : VECTOR_LOWER_A64);
	if (vbar == 0u || r->elr == target)
		return false;
	if (f->kind == SK_FAULT_MEMORY) {
		/* A synchronous external abort, as from a bus error. */
		uint64_t ec = f->access == SK_MEM_EXEC ?
				      (from_el1 ? EC_IABT_CURRENT : EC_IABT_LOWER) :
				      (from_el1 ? EC_DABT_CURRENT : EC_DABT_LOWER);

		esr = ec << ESR_EC_SHIFT | ESR_IL | FSC_EXTERNAL |
		      (f->access == SK_MEM_WRITE ? ISS_WNR : 0u);
		write_sysreg(far_el1, f->va);
	} else {
		esr = (uint64_t)EC_UNKNOWN << ESR_EC_SHIFT | ESR_IL;
	}
	write_sysreg(esr_el1, esr);
	write_sysreg(elr_el1, r->elr);
	write_sysreg(spsr_el1, r->spsr);
	r->elr = target;
	r->spsr = SPSR_EL1H_MASKED;
	return true;
}
