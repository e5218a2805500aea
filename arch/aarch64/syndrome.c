/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Syndromes of exceptions taken from partitions, decoded into portable
 * faults (arch/syndrome.h). No system register is read here: the caller
 * passes what the exception left, so the unit tests run this on the host.
 */
#include <arch/syndrome.h>
#include <sk/lib.h>

/* Fault status codes of data and instruction aborts (ISS.xFSC). */
static const char *abort_what(uint32_t fsc, bool s1ptw)
{
	static const char *const s2[16] = {
		[0x4] = "stage-2 translation fault, level 0",
		[0x5] = "stage-2 translation fault, level 1",
		[0x6] = "stage-2 translation fault, level 2",
		[0x7] = "stage-2 translation fault, level 3",
		[0x9] = "stage-2 access flag fault, level 1",
		[0xa] = "stage-2 access flag fault, level 2",
		[0xb] = "stage-2 access flag fault, level 3",
		[0xd] = "stage-2 permission fault, level 1",
		[0xe] = "stage-2 permission fault, level 2",
		[0xf] = "stage-2 permission fault, level 3",
	};

	if (s1ptw && fsc < 16u && s2[fsc] != NULL)
		return "stage-2 fault on the partition's own table walk";
	if (fsc < 16u && s2[fsc] != NULL)
		return s2[fsc];
	if (fsc == 0x10u || (fsc >= 0x14u && fsc <= 0x17u))
		return "synchronous external abort";
	if (fsc == 0x21u)
		return "alignment fault";
	if (fsc == 0x30u)
		return "TLB conflict abort";
	return "abort";
}

/* R15, the PC, as an AArch32 register number. */
#define A32_PC 15u

static void decode_abort(struct sk_fault *f, uint64_t esr, bool fetch, bool aarch32,
			 uint64_t far, uint64_t hpfar)
{
	uint32_t fsc = (uint32_t)esr & ISS_FSC_MASK;
	uint32_t srt = aarch64_abort_reg(esr);

	f->kind = SK_FAULT_MEMORY;
	f->what = abort_what(fsc, (esr & ISS_S1PTW) != 0u);
	if (fetch)
		f->access = SK_MEM_EXEC;
	else
		f->access = (esr & ISS_WNR) ? SK_MEM_WRITE : SK_MEM_READ;
	/* A stage-1 table walk is a read, whatever the access that caused it. */
	if (esr & ISS_S1PTW)
		f->access = SK_MEM_READ;
	f->va = (esr & ISS_FNV) ? 0u : far;
	f->va_valid = (esr & ISS_FNV) == 0u;
	/* ISV: one load or store of one general register, which a device
	 * model can complete: SAS size, SSE sign extension, SRT register, SF
	 * 64-bit register. From AArch32, R0-R14 are X0-X14 (at EL0, the only
	 * AArch32 level a partition has); the PC as SRT never comes with ISV,
	 * and is refused should it ever. */
	if (aarch64_abort_single(esr) && !fetch && !(aarch32 && srt == A32_PC)) {
		f->mmio_size = (uint8_t)aarch64_abort_size(esr);
		f->mmio_signed = (esr & ISS_SSE) != 0u;
		f->mmio_reg = (uint8_t)srt;
		f->mmio_64 = (esr & ISS_SF) != 0u;
	}
	if (aarch64_fsc_has_ipa(fsc)) {
		f->addr = aarch64_fault_ipa(hpfar, far);
		f->addr_valid = true;
	}
}

/*
 * A trapped system register or system instruction (EC 0x18): its name
 * where it is one the traps in docs/security.md are there for, its
 * encoding otherwise, and the direction. ISS: Op0 [21:20], Op2 [19:17],
 * Op1 [16:14], CRn [13:10], CRm [4:1], Direction [0] (1: read).
 */
static const struct {
	uint32_t key;
	const char *name;
} sysreg_names[] = {
	{ SYSREG_KEY(1, 0, 7, 6, 2), "DC ISW" },
	{ SYSREG_KEY(1, 0, 7, 10, 2), "DC CSW" },
	{ SYSREG_KEY(1, 0, 7, 14, 2), "DC CISW" },
	{ SYSREG_KEY(2, 0, 0, 2, 2), "MDSCR_EL1" },
	{ SYSREG_KEY(2, 0, 1, 0, 4), "OSLAR_EL1" },
	{ SYSREG_KEY(2, 0, 1, 1, 4), "OSLSR_EL1" },
	{ SYSREG_KEY(2, 0, 1, 3, 4), "OSDLR_EL1" },
	{ SYSREG_KEY(3, 3, 9, 12, 0), "PMCR_EL0" },
	{ SYSREG_KEY(3, 3, 9, 12, 1), "PMCNTENSET_EL0" },
	{ SYSREG_KEY(3, 3, 9, 13, 0), "PMCCNTR_EL0" },
	{ SYSREG_KEY(3, 3, 9, 14, 0), "PMUSERENR_EL0" },
	{ SYSREG_KEY(3, 0, 12, 11, 5), "ICC_SGI1R_EL1" },
	{ SYSREG_KEY(3, 3, 14, 0, 1), "CNTPCT_EL0" },
	{ SYSREG_KEY(3, 3, 14, 2, 0), "CNTP_TVAL_EL0" },
	{ SYSREG_KEY(3, 3, 14, 2, 1), "CNTP_CTL_EL0" },
	{ SYSREG_KEY(3, 3, 14, 2, 2), "CNTP_CVAL_EL0" },
};

static void describe_sysreg(struct sk_fault *f, uint64_t esr)
{
	uint32_t op0 = (uint32_t)(esr >> 20) & 3u, op2 = (uint32_t)(esr >> 17) & 7u;
	uint32_t op1 = (uint32_t)(esr >> 14) & 7u, crn = (uint32_t)(esr >> 10) & 15u;
	uint32_t crm = (uint32_t)(esr >> 1) & 15u;
	const char *dir = (esr & ISS_CP_READ) ? "read" : "write";
	uint32_t key = SYSREG_KEY(op0, op1, crn, crm, op2);

	f->what = op0 == 1u ? "system instruction" : "access to a trapped system register";
	/* The space the architecture leaves to each implementation
	 * (S3_<op1>_C11_<Cm>_<op2>, S3_<op1>_C15_<Cm>_<op2>): HCR_EL2.TIDCP. */
	if (op0 == 3u && (crn == 11u || crn == 15u))
		f->what = "access to an implementation-defined system register";
	for (uint32_t i = 0; i < sizeof(sysreg_names) / sizeof(sysreg_names[0]); i++) {
		if (sysreg_names[i].key == key) {
			if (op0 == 1u)
				bh_snprintf(f->detail, sizeof(f->detail), "%s", sysreg_names[i].name);
			else
				bh_snprintf(f->detail, sizeof(f->detail), "%s %s",
					    sysreg_names[i].name, dir);
			return;
		}
	}
	bh_snprintf(f->detail, sizeof(f->detail), "S%u_%u_C%u_C%u_%u %s", op0, op1, crn,
		    crm, op2, dir);
}

/*
 * The same registers reached from AArch32 (EL0 of a partition whose EL1
 * is AArch64): MCR/MRC and MCRR/MRRC of p15, trapped by the same controls
 * (the EL1 physical timer, the performance monitors), and of p14 (debug).
 * A trapped instruction, as from AArch64, named by its AArch32 name.
 * Key: coprocessor, 64-bit form, Opc1, CRn (0 for 64-bit), CRm, Opc2.
 */
#define CP_KEY(cp, is64, opc1, crn, crm, opc2) SYSREG_KEY((cp) << 1 | (is64), opc1, crn, crm, opc2)

static const struct {
	uint32_t key;
	const char *name;
} cp_names[] = {
	{ CP_KEY(15u, 1u, 0u, 0u, 14u, 0u), "CNTPCT" },
	{ CP_KEY(15u, 1u, 2u, 0u, 14u, 0u), "CNTP_CVAL" },
	{ CP_KEY(15u, 0u, 0u, 14u, 2u, 0u), "CNTP_TVAL" },
	{ CP_KEY(15u, 0u, 0u, 14u, 2u, 1u), "CNTP_CTL" },
	{ CP_KEY(15u, 0u, 0u, 9u, 12u, 0u), "PMCR" },
	{ CP_KEY(15u, 0u, 0u, 9u, 13u, 0u), "PMCCNTR" },
	{ CP_KEY(15u, 1u, 0u, 0u, 9u, 0u), "PMCCNTR" },
};

static void describe_cp(struct sk_fault *f, uint64_t esr, uint32_t ec)
{
	uint32_t cp = ec == EC_CP15_32 || ec == EC_CP15_64 ? 15u : 14u;
	bool is64 = ec == EC_CP15_64 || ec == EC_CP14_64;
	uint32_t opc1 = is64 ? ISS_CP64_OPC1(esr) : ISS_CP_OPC1(esr);
	uint32_t crn = is64 ? 0u : ISS_CP_CRN(esr), opc2 = is64 ? 0u : ISS_CP_OPC2(esr);
	uint32_t crm = ISS_CP_CRM(esr), key = CP_KEY(cp, is64, opc1, crn, crm, opc2);
	const char *dir = (esr & ISS_CP_READ) ? "read" : "write";

	f->what = "access to a trapped system register";
	if (ec == EC_CP14_LS) {
		bh_snprintf(f->detail, sizeof(f->detail), "p14 LDC/STC");
		return;
	}
	for (uint32_t i = 0; i < sizeof(cp_names) / sizeof(cp_names[0]); i++) {
		if (cp_names[i].key == key) {
			bh_snprintf(f->detail, sizeof(f->detail), "%s %s", cp_names[i].name, dir);
			return;
		}
	}
	if (is64)
		bh_snprintf(f->detail, sizeof(f->detail), "p%u, %u, c%u %s", cp, opc1, crm, dir);
	else
		bh_snprintf(f->detail, sizeof(f->detail), "p%u, %u, c%u, c%u, %u %s", cp, opc1,
			    crn, crm, opc2, dir);
}

/* Exception classes a partition's exception can have (ESR_EL2.EC). */
static const char *const ec_names[ESR_EC_MASK + 1u] = {
	[EC_UNKNOWN] = "EC 0x00 unknown reason (undefined instruction)",
	[EC_WFX] = "EC 0x01 WFI or WFE",
	[EC_CP15_32] = "EC 0x03 MCR or MRC of p15 (AArch32)",
	[EC_CP15_64] = "EC 0x04 MCRR or MRRC of p15 (AArch32)",
	[EC_CP14_32] = "EC 0x05 MCR or MRC of p14 (AArch32)",
	[EC_CP14_LS] = "EC 0x06 LDC or STC of p14 (AArch32)",
	[EC_FP] = "EC 0x07 SIMD or floating point",
	[EC_CP14_64] = "EC 0x0c MRRC of p14 (AArch32)",
	[EC_ILLEGAL] = "EC 0x0e illegal execution state",
	[EC_SVC64] = "EC 0x15 SVC",
	[EC_HVC64] = "EC 0x16 HVC",
	[EC_SMC64] = "EC 0x17 SMC",
	[EC_SYSREG] = "EC 0x18 MSR, MRS or system instruction",
	[EC_IABT_LOWER] = "EC 0x20 instruction abort from EL0 or EL1",
	[EC_PC_ALIGN] = "EC 0x22 PC alignment fault",
	[EC_DABT_LOWER] = "EC 0x24 data abort from EL0 or EL1",
	[EC_SP_ALIGN] = "EC 0x26 SP alignment fault",
	[EC_SERROR] = "EC 0x2f SError",
	[EC_BRK] = "EC 0x3c BRK",
};

/* PSTATE.M[3:0] of AArch64 modes a partition runs in. */
static const char *const a64_modes[16] = {
	[0x0] = "EL0t", [0x4] = "EL1t", [0x5] = "EL1h",
};

/* The mode, link register and stack pointer in use at the exception:
 * from AArch32 (User mode at EL0) R13 and R14, which are X13 and X14. */
static void fault_context(struct sk_fault *f, uint64_t spsr, const uint64_t x[31],
			  uint64_t sp_el0, uint64_t sp_el1)
{
	uint32_t m = (uint32_t)spsr & 0xfu;

	if ((spsr & SPSR_AARCH32) != 0u) {
		f->el = 0u;
		f->mode = "EL0 (AArch32)";
		f->lr = x[14];
		f->sp = x[13];
		return;
	}
	f->el = (uint8_t)(m >> 2);
	f->mode = a64_modes[m] != NULL ? a64_modes[m] : "an exception level not a partition's";
	f->lr = x[30];
	/* SPSel, bit 0: SP_ELx (h), else SP_EL0 (t). */
	f->sp = (m & 1u) != 0u ? sp_el1 : sp_el0;
}

void aarch64_decode_fault(struct sk_fault *f, uint64_t esr, uint64_t pc, uint64_t spsr,
			  uint64_t far, uint64_t hpfar, const uint64_t x[31],
			  uint64_t sp_el0, uint64_t sp_el1)
{
	uint32_t ec = aarch64_esr_ec(esr);
	bool aarch32 = (spsr & SPSR_AARCH32) != 0u;

	f->pc = pc;
	f->syndrome = esr;
	f->cause = ec_names[ec] != NULL ? ec_names[ec] : "an exception class the kernel does not name";
	f->va_valid = false;
	fault_context(f, spsr, x, sp_el0, sp_el1);
	f->addr_valid = false;
	f->access = 0;
	f->addr = 0;
	f->va = 0;
	f->detail[0] = '\0';
	f->mmio_size = 0;
	f->mmio_reg = 0;
	f->mmio_signed = false;
	f->mmio_64 = false;
	f->async = false;
	f->kind = SK_FAULT_INSTRUCTION;
	switch (ec) {
	case EC_DABT_LOWER:
		decode_abort(f, esr, false, aarch32, far, hpfar);
		break;
	case EC_IABT_LOWER:
		decode_abort(f, esr, true, aarch32, far, hpfar);
		break;
	case EC_SMC64:
		f->what = "SMC (secure monitor call)";
		break;
	case EC_SYSREG:
		describe_sysreg(f, esr);
		break;
	case EC_CP15_32:
	case EC_CP15_64:
	case EC_CP14_32:
	case EC_CP14_LS:
	case EC_CP14_64:
		describe_cp(f, esr, ec);
		break;
	case EC_WFX:
		f->what = "WFI/WFE";
		break;
	case EC_FP:
		f->what = "floating-point access";
		break;
	default:
		f->kind = SK_FAULT_EXCEPTION;
		f->what = "exception the kernel does not handle for partitions";
		break;
	}
}
