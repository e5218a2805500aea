/* SPDX-License-Identifier: Apache-2.0 */
/* AArch64 types seen by the portable kernel (see sk/include/sk/arch/). */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <arch/asm.h>
#include <sk/spinlock.h>
#include <stddef.h>
#include <stdint.h>

/* Saved by the exception vectors on every entry from a partition. */
struct arch_regs {
	uint64_t x[31];
	uint64_t elr;  /* ELR_EL2: where the partition resumes */
	uint64_t spsr; /* SPSR_EL2: its PSTATE */
	uint64_t pad;
};

/* EL1 and EL0 system registers a partition can change. */
struct arch_sysregs {
	uint64_t sctlr_el1;
	uint64_t cpacr_el1;
	uint64_t ttbr0_el1;
	uint64_t ttbr1_el1;
	uint64_t tcr_el1;
	uint64_t esr_el1;
	uint64_t afsr0_el1;
	uint64_t afsr1_el1;
	uint64_t far_el1;
	uint64_t mair_el1;
	uint64_t amair_el1;
	uint64_t vbar_el1;
	uint64_t contextidr_el1;
	uint64_t tpidr_el0;
	uint64_t tpidrro_el0;
	uint64_t tpidr_el1;
	uint64_t sp_el0;
	uint64_t sp_el1;
	uint64_t elr_el1;
	uint64_t spsr_el1;
	uint64_t par_el1;
	uint64_t csselr_el1;
	uint64_t cntkctl_el1;
	uint64_t cntv_ctl_el0;
	uint64_t cntv_cval_el0;
};

/* Floating-point and SIMD registers. */
struct arch_fpsimd {
	uint64_t q[32][2];
	uint64_t fpsr;
	uint64_t fpcr;
};

/* A vCPU's entry point is a multiple of this: an A64 instruction's
 * address (sk/power.c). */
#define ARCH_ENTRY_ALIGN 4u

/* Most list registers a GICv3 CPU interface has. */
#define ARCH_MAX_LRS 16u

/*
 * A vCPU's view of the GIC's virtual CPU interface. Virtual interrupt slot
 * k (SK_VIRQ_*) always uses list register k: the generator checks that a
 * partition never has more slots than the GIC has list registers, so no
 * interrupt ever waits for a free one. One slot, in partitions that may
 * send SGIs, carries the 16 SGIs in turn (arch/aarch64/vgic.c).
 *
 * The vCPU's part of the emulated distributor and its redistributor
 * (arch/aarch64/vgicd.c) lives here too: which slots the partition has
 * enabled and may take now, its SGI and PPI settings.
 */
struct arch_vgic {
	uint64_t lr[ARCH_MAX_LRS];    /* saved list registers */
	uint64_t templ[ARCH_MAX_LRS]; /* list register value that makes slot k pending */
	uint64_t vmcr;
	uint64_t ap0r[4];
	uint64_t ap1r[4];
	uint32_t pending;             /* slots to make pending: set from any CPU */
	uint32_t pending_irq;         /* device slots to make pending: set only
				       * on the vCPU's own CPU (irq_fast.c) */
	uint32_t n_slots;
	uint32_t live;                /* slots that may be delivered now: enabled,
				       * and their group enabled (set under the
				       * partition's distributor lock) */
	uint32_t enabled;             /* slots the partition has enabled */
	uint32_t sgi_slot;            /* the SGIs' slot, or 0: none */
	uint32_t sgis;                /* SGIs pending, bit n for SGI n: set from any CPU */
	uint32_t ppi_enabled;         /* GICR_ISENABLER0: SGIs and PPIs enabled */
	uint32_t ppi_cfg;             /* GICR_ICFGR1 as written */
	uint32_t waker;               /* GICR_WAKER.ProcessorSleep */
	uint8_t ppi_priority[32];     /* GICR_IPRIORITYR<n>: SGIs and PPIs */
};

/*
 * A partition's emulated GIC distributor (arch/aarch64/vgicd.c): what is
 * not per vCPU. Its shared interrupts' enables and priorities are in the
 * slots of vCPU 0, which receives them.
 */
struct arch_vgicd {
	struct sk_spinlock lock;      /* distributor accesses */
	uint32_t ctlr;                /* GICD_CTLR: EnableGrp1 */
	uint32_t level;               /* slots configured level-sensitive (ICFGR) */
	uint64_t irouter[ARCH_MAX_LRS]; /* GICD_IROUTER<n> of each slot's SPI */
};

/* What each CPU keeps for the exception vectors beyond the registers
 * pointer (struct sk_cpu.arch). */
struct arch_cpu {
	uint64_t gate; /* counter value to wait for before the next full-exit
			* return to a partition, or 0 (arch_window_gate()) */
};

/* Everything a partition has on this processor beyond its vCPUs. */
struct arch_partition {
	struct arch_vgicd vgicd;
};

/* Everything that makes up one vCPU on this processor. */
struct arch_vcpu {
	struct arch_regs regs; /* first: see ARCH_CPU_REGS users */
	struct arch_sysregs sys;
	struct arch_fpsimd fp;
	struct arch_vgic vgic;
	/* EL2 controls that differ between partitions. */
	uint64_t hcr_el2;
	uint64_t vttbr_el2;
	uint64_t vmpidr_el2;
	uint64_t mdcr_el2;
};

_Static_assert(offsetof(struct arch_regs, x) == ARCH_REGS_X0, "asm.h");
_Static_assert(offsetof(struct arch_regs, elr) == ARCH_REGS_ELR, "asm.h");
_Static_assert(offsetof(struct arch_regs, spsr) == ARCH_REGS_SPSR, "asm.h");
_Static_assert(sizeof(struct arch_regs) == ARCH_REGS_SIZE, "asm.h");
_Static_assert(offsetof(struct arch_vcpu, regs) == 0, "regs first");
_Static_assert(offsetof(struct arch_fpsimd, fpsr) == 512, "fpsimd.S");
_Static_assert(ARCH_STACK_SIZE % 16 == 0, "stack alignment");

/* VMIDs the kernel programs: VTCR_EL2.VS is 0, 8 bits (sk/verify.c checks
 * every partition's fits). */
#define ARCH_VMID_BITS 8u

#endif /* ARCH_TYPES_H */
