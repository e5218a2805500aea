/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What an exception taken from a partition was, from its syndrome
 * (ESR_EL2) and the registers saved with it: plain C with no system
 * register access (arch/aarch64/syndrome.c), so the unit tests run it on
 * the host (tests/unit/test_syndrome.c).
 */
#ifndef ARCH_SYNDROME_H
#define ARCH_SYNDROME_H

#include <arch/sysreg.h>
#include <sk/exit.h>
#include <sk/types.h>
#include <stdint.h>

/* A trapped system register or instruction (EC_SYSREG) as one number:
 * Op0, Op1, CRn, CRm, Op2 a hex digit each. */
#define SYSREG_KEY(op0, op1, crn, crm, op2) \
	((uint32_t)(op0) << 16 | (uint32_t)(op1) << 12 | (uint32_t)(crn) << 8 | \
	 (uint32_t)(crm) << 4 | (uint32_t)(op2))

/* The exception class of syndrome `esr` (EC_*). */
static inline uint32_t aarch64_esr_ec(uint64_t esr)
{
	return (uint32_t)(esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
}

/* The immediate of a trapped HVC or SMC. */
#define ISS_IMM16_MASK 0xffffu
static inline uint32_t aarch64_esr_imm16(uint64_t esr)
{
	return (uint32_t)esr & ISS_IMM16_MASK;
}

/* Register number 31 of a load or store: the zero register. */
#define AARCH64_REG_ZR 31u

/* An abort whose fault address register HPFAR_EL2 holds the IPA: the
 * stage-2 translation, access flag and permission faults. */
static inline bool aarch64_fsc_has_ipa(uint32_t fsc)
{
	return fsc >= 0x4u && fsc <= 0xfu && fsc != 0x8u && fsc != 0xcu;
}

/* A data abort the syndrome describes as one load or store of one general
 * register (ISV), which a device model can complete, not taken on the
 * partition's own stage-1 table walk: its size in bytes (SAS), its
 * register (SRT, AARCH64_REG_ZR the zero register). */
static inline bool aarch64_abort_single(uint64_t esr)
{
	return (esr & ISS_ISV) != 0u && (esr & ISS_S1PTW) == 0u;
}

static inline uint32_t aarch64_abort_size(uint64_t esr)
{
	return 1u << ((esr >> ISS_SAS_SHIFT) & ISS_SAS_MASK);
}

static inline uint32_t aarch64_abort_reg(uint64_t esr)
{
	return (uint32_t)(esr >> ISS_SRT_SHIFT) & ISS_SRT_MASK;
}

/*
 * Fill f from the syndrome `esr` of an exception a partition took at
 * `pc` with PSTATE `spsr`; `far` and `hpfar` are FAR_EL2 and HPFAR_EL2
 * as the exception left them (used for aborts only); x, sp_el0 and
 * sp_el1 the partition's general registers and stack pointers then (for
 * the register dump: its link register and the stack pointer in use).
 */
void aarch64_decode_fault(struct sk_fault *f, uint64_t esr, uint64_t pc, uint64_t spsr,
			  uint64_t far, uint64_t hpfar, const uint64_t x[31],
			  uint64_t sp_el0, uint64_t sp_el1);

/*
 * Step a partition over the instruction that trapped with syndrome
 * `esr`, once the kernel has done what it asked: its return address by
 * the instruction's length (ESR_EL2.IL: 2 bytes for a 16-bit Thumb
 * instruction, else 4) and, in Thumb state, its IT state on by one
 * instruction (the architecture's ITAdvance), as the processor would have
 * done. Inline: the fast path (hvc_fast.c) calls no function.
 */
static inline void aarch64_step(uint64_t esr, uint64_t *elr, uint64_t *spsr)
{
	uint64_t s = *spsr;
	uint32_t it;

	*elr += (esr & ESR_IL) != 0u ? 4u : 2u;
	if ((s & (SPSR_AARCH32 | SPSR_T)) != (SPSR_AARCH32 | SPSR_T))
		return;
	it = (uint32_t)((s >> SPSR_IT_LO_SHIFT) & SPSR_IT_LO_MASK) |
	     (uint32_t)((s >> SPSR_IT_HI_SHIFT) & SPSR_IT_HI_MASK) << 2;
	if (it == 0u)
		return;
	/* IT[7:5] is the block's base condition, IT[4:0] the rest of the
	 * block: shifted on, or the block ended when IT[2:0] is 0. */
	it = (it & 7u) == 0u ? 0u : (it & 0xe0u) | ((it << 1) & 0x1fu);
	s &= ~((uint64_t)SPSR_IT_LO_MASK << SPSR_IT_LO_SHIFT |
	       (uint64_t)SPSR_IT_HI_MASK << SPSR_IT_HI_SHIFT);
	s |= (uint64_t)(it & SPSR_IT_LO_MASK) << SPSR_IT_LO_SHIFT |
	     (uint64_t)((it >> 2) & SPSR_IT_HI_MASK) << SPSR_IT_HI_SHIFT;
	*spsr = s;
}

#endif /* ARCH_SYNDROME_H */
