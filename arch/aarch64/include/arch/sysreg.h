/* SPDX-License-Identifier: Apache-2.0 */
/* AArch64 system register access and the bit fields the kernel uses. */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#include <stdint.h>

#define read_sysreg(reg)                                               \
	({                                                             \
		uint64_t rv_;                                          \
		__asm__ volatile("mrs %0, " #reg : "=r"(rv_));         \
		rv_;                                                   \
	})

#define write_sysreg(reg, val)                                         \
	do {                                                           \
		uint64_t wv_ = (uint64_t)(val);                        \
		__asm__ volatile("msr " #reg ", %0" : : "r"(wv_));     \
	} while (0)

#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")

/* ESR_EL2 */
#define ESR_EC_SHIFT 26
#define ESR_EC_MASK 0x3fu
#define ESR_ISS_MASK 0x1ffffffu
#define ESR_IL (1ull << 25) /* the instruction is 32 bits long (else 16: Thumb) */
#define EC_UNKNOWN 0x00u
#define EC_WFX 0x01u
#define EC_CP15_32 0x03u /* MCR/MRC p15 from AArch32 */
#define EC_CP15_64 0x04u /* MCRR/MRRC p15 from AArch32 */
#define EC_CP14_32 0x05u /* MCR/MRC p14 from AArch32 */
#define EC_CP14_LS 0x06u /* LDC/STC p14 from AArch32 */
#define EC_FP 0x07u
#define EC_CP14_64 0x0cu /* MRRC p14 from AArch32 */
#define EC_ILLEGAL 0x0eu
#define EC_SVC64 0x15u
#define EC_HVC64 0x16u
#define EC_SMC64 0x17u
#define EC_SYSREG 0x18u
#define EC_IABT_LOWER 0x20u
#define EC_IABT_CURRENT 0x21u /* as injected into a partition's EL1 */
#define EC_PC_ALIGN 0x22u
#define EC_DABT_LOWER 0x24u
#define EC_DABT_CURRENT 0x25u /* as injected into a partition's EL1 */
#define EC_SP_ALIGN 0x26u
#define EC_SERROR 0x2fu
#define EC_BRK 0x3cu

/* Data/instruction abort ISS */
#define ISS_FSC_MASK 0x3fu
#define ISS_WNR (1u << 6)
#define ISS_S1PTW (1u << 7)
#define ISS_FNV (1u << 10)
#define ISS_ISV (1u << 24)
#define ISS_SSE (1u << 21)
/* With ISV: access size (log2 bytes), register, 64-bit register. */
#define ISS_SAS_SHIFT 22
#define ISS_SAS_MASK 3u
#define ISS_SRT_SHIFT 16
#define ISS_SRT_MASK 31u
#define ISS_SF (1u << 15)

/* MCR/MRC (EC_CP15_32, EC_CP14_32) and MCRR/MRRC (EC_CP15_64,
 * EC_CP14_64) ISS: direction (1: read, as for EC_SYSREG), CRm; for the
 * 32-bit forms Opc2, Opc1, CRn, for the 64-bit ones Opc1 alone. */
#define ISS_CP_READ 1u
#define ISS_CP_CRM(iss) (((uint32_t)(iss) >> 1) & 15u)
#define ISS_CP_CRN(iss) (((uint32_t)(iss) >> 10) & 15u)
#define ISS_CP_OPC1(iss) (((uint32_t)(iss) >> 14) & 7u)
#define ISS_CP_OPC2(iss) (((uint32_t)(iss) >> 17) & 7u)
#define ISS_CP64_OPC1(iss) (((uint32_t)(iss) >> 16) & 15u)

/* SPSR_EL2 of an exception from AArch32: M[4], the Thumb bit, and the
 * IT state, IT[1:0] at [26:25] and IT[7:2] at [15:10]. */
#define SPSR_AARCH32 (1ull << 4)
#define SPSR_T (1ull << 5)
#define SPSR_IT_LO_SHIFT 25
#define SPSR_IT_LO_MASK 3u
#define SPSR_IT_HI_SHIFT 10
#define SPSR_IT_HI_MASK 0x3fu

/* The faulting IPA of a stage-2 abort: HPFAR_EL2.FIPA[39:4] holds
 * IPA[51:12], FAR_EL2 the offset in the page. */
static inline uint64_t aarch64_fault_ipa(uint64_t hpfar, uint64_t far)
{
	return ((hpfar & 0xfffffffff0ull) << 8) | (far & 0xfffu);
}

/* HCR_EL2 */
#define HCR_VM (1ull << 0)
#define HCR_SWIO (1ull << 1)
#define HCR_FMO (1ull << 3)
#define HCR_IMO (1ull << 4)
#define HCR_AMO (1ull << 5)
#define HCR_FB (1ull << 9)
#define HCR_BSU_IS (1ull << 10)
#define HCR_TSC (1ull << 19)
#define HCR_TIDCP (1ull << 20)
#define HCR_TACR (1ull << 21)
#define HCR_TSW (1ull << 22)
#define HCR_RW (1ull << 31)

/* MDCR_EL2 */
#define MDCR_HPMN_MASK 0x1full
#define MDCR_TPMCR (1ull << 5)
#define MDCR_TPM (1ull << 6)
#define MDCR_TDE (1ull << 8)
#define MDCR_TDA (1ull << 9)
#define MDCR_TDOSA (1ull << 10)
#define MDCR_TDRA (1ull << 11)

/* CPTR_EL2 (E2H = 0) */
#define CPTR_RES1 0x000033ffull
#define CPTR_TFP (1ull << 10)
#define CPTR_TTA (1ull << 20)
#define CPTR_TCPAC (1ull << 31)

/* SCTLR_EL2 (E2H = 0) */
#define SCTLR_EL2_RES1 0x30c50830ull
#define SCTLR_M (1ull << 0)
#define SCTLR_A (1ull << 1)
#define SCTLR_C (1ull << 2)
#define SCTLR_SA (1ull << 3)
#define SCTLR_I (1ull << 12)
#define SCTLR_WXN (1ull << 19)

/* SCTLR_EL1 reset value: RES1 bits only, MMU and caches off. */
#define SCTLR_EL1_RES1 0x30d00800ull

/* SPSR M[4:0]: the mode an exception was taken from (M[4] set:
 * AArch32, SPSR_AARCH32); EL0, EL1 with SP_EL0 (EL1t), EL1 with SP_EL1
 * (EL1h). */
#define SPSR_MODE_MASK 0x1fu
#define SPSR_MODE_EL0T 0x0u
#define SPSR_MODE_EL1T 0x4u
#define SPSR_MODE_EL1H 0x5u

/* SPSR: EL1h with D, A, I and F masked. */
#define SPSR_EL1H_MASKED 0x3c5ull

/* CNTHCTL_EL2 (E2H = 0) */
#define CNTHCTL_EL1PCTEN (1ull << 0)
#define CNTHCTL_EL1PCEN (1ull << 1)

/* CNTHP_CTL_EL2 */
#define CNT_CTL_ENABLE (1ull << 0)
#define CNT_CTL_IMASK (1ull << 1)

/* TCR_EL2 / VTCR_EL2 */
#define TCR_EL2_RES1 ((1ull << 31) | (1ull << 23))
#define VTCR_EL2_RES1 (1ull << 31)
#define TCR_IRGN0_WBWA (1ull << 8)
#define TCR_ORGN0_WBWA (1ull << 10)
#define TCR_SH0_INNER (3ull << 12)
#define TCR_TG0_4K (0ull << 14)
#define TCR_PS_SHIFT 16
#define VTCR_SL0_SHIFT 6

/* MAIR_EL2 attribute indexes used by the kernel's stage 1. */
#define MAIR_IDX_DEVICE 0u /* Device-nGnRE */
#define MAIR_IDX_NORMAL 1u /* Normal, write-back, read/write-allocate */
#define MAIR_EL2_VALUE ((0x04ull << (8 * MAIR_IDX_DEVICE)) | \
			(0xffull << (8 * MAIR_IDX_NORMAL)))

/* MPIDR_EL1 affinity fields (Aff3, Aff2, Aff1, Aff0). */
#define MPIDR_AFF_MASK 0xff00ffffffull

#endif /* ARCH_SYSREG_H */
