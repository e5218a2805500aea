/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AArch64 part of the generated tables (see sk/include/sk/config.h).
 * The generator's aarch64 back end fills these from the board description.
 */
#ifndef ARCH_CONFIG_H
#define ARCH_CONFIG_H

#include <arch/asm.h>
#include <sk/types.h>

struct arch_system_desc {
	sk_pa_t gicd;          /* GICv3 distributor */
	sk_pa_t uart;          /* PL011 kernel console */
	uint32_t timer_intid;  /* EL2 physical timer interrupt (a PPI) */
	uint32_t vtimer_intid; /* EL1 virtual timer interrupt (a PPI) */
	uint32_t maint_intid;  /* GIC virtual interface maintenance interrupt (a PPI) */
	uint32_t pa_bits;      /* physical address size used in TCR/VTCR.PS */
	uint32_t ipa_bits;     /* stage-2 input size: VTCR_EL2.T0SZ = 64 - ipa_bits */
	uint32_t s2_start_level; /* first level of the generated stage-2 tables */
	uint64_t (*s1_pool)[512]; /* tables for the kernel's own stage 1 */
	uint32_t s1_pool_tables;  /* how many, computed by the generator */
};

struct arch_cpu_desc {
	uint64_t mpidr; /* affinity fields of MPIDR_EL1 */
	sk_pa_t gicr;   /* this CPU's GICv3 redistributor */
};

/*
 * Defined by the generated sk_config.c, read by boot.S (which cannot
 * include C, so these declarations and checks are the contract): one
 * kernel stack per CPU of sk_system.cpus, in that order, each
 * ARCH_STACK_SIZE bytes, 16-byte aligned (boot.S steps from one to the
 * next by ARCH_STACK_SIZE and puts sp at its end); and the MPIDR_EL1
 * affinity of the boot CPU, which boot.S loads with one 64-bit ldr.
 */
extern uint8_t sk_stacks[][ARCH_STACK_SIZE] __attribute__((aligned(16)));
extern const uint64_t sk_boot_mpidr;
_Static_assert(sizeof(sk_stacks[0]) == ARCH_STACK_SIZE,
	       "boot.S steps through sk_stacks by ARCH_STACK_SIZE");
_Static_assert(sizeof(sk_boot_mpidr) == 8, "boot.S loads sk_boot_mpidr with ldr x");

#endif /* ARCH_CONFIG_H */
