/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AArch64 part of the generated tables (see sk/include/sk/config.h).
 * The generator's aarch64 back end fills these from the board description.
 */
#ifndef ARCH_CONFIG_H
#define ARCH_CONFIG_H

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

#endif /* ARCH_CONFIG_H */
