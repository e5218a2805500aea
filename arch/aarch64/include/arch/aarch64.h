/* SPDX-License-Identifier: Apache-2.0 */
/* Small helpers private to arch/aarch64. */
#ifndef ARCH_AARCH64_H
#define ARCH_AARCH64_H

#include <arch/sysreg.h>
#include <arch/types.h>
#include <stdint.h>

/* TCR/VTCR PS encoding of a physical address size; ~0 if none. */
static inline uint64_t aarch64_ps_bits(uint32_t pa_bits)
{
	switch (pa_bits) {
	case 32:
		return 0;
	case 36:
		return 1;
	case 40:
		return 2;
	case 42:
		return 3;
	case 44:
		return 4;
	case 48:
		return 5;
	default:
		return ~0ull;
	}
}

/* Physical address size the processor implements (ID_AA64MMFR0_EL1). */
static inline uint32_t aarch64_pa_bits_implemented(void)
{
	static const uint8_t bits[8] = { 32, 36, 40, 42, 44, 48, 52, 52 };

	return bits[read_sysreg(id_aa64mmfr0_el1) & 7u];
}

/* Number of PMU event counters (PMCR_EL0.N). */
static inline uint64_t aarch64_pmu_counters(void)
{
	return (read_sysreg(pmcr_el0) >> 11) & MDCR_HPMN_MASK;
}

void aarch64_fpsimd_save(struct arch_fpsimd *fp);
void aarch64_fpsimd_restore(const struct arch_fpsimd *fp);
void aarch64_enter_lower(struct arch_regs *regs, uint8_t *stack_top)
	__attribute__((noreturn));

#endif /* ARCH_AARCH64_H */
