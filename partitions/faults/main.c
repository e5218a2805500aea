/* SPDX-License-Identifier: Apache-2.0 */
/*
 * faults: instruction forms at the edge of what the kernel emulates, one
 * per start (the kernel counts starts across the cold restarts that follow
 * each fault; a probe that does not fault restarts the partition itself).
 * The partition needs console: pl011, and health-monitor actions that
 * restart it after memory violations and trapped instructions.
 *
 * Probes, in order (tests/qemu/test_faults.py reads what each prints and
 * the health monitor's verdict on it):
 *   impdef      read the implementation-defined L2CTLR_EL1, CBAR_EL1 and
 *               CPUECTLR_EL1 at EL1, write L2CTLR_EL1 and CPUECTLR_EL1,
 *               read them again (HCR_EL2.TIDCP traps them where the CPU
 *               implements the trap)
 *   thumb       AArch32 Thumb code at EL0 loads from and stores to the
 *               emulated PL011 with 16- and 32-bit instructions, one in an
 *               IT block, counting the instructions that ran after each
 *   a32_cntpct  AArch32 EL0 reads CNTPCT (MRRC p15): a trapped register
 *   a32_cntp_ctl AArch32 EL0 reads CNTP_CTL (MRC p15): the same
 *   ldp, ldxr, simd, writeback, dc_zva
 *               an instruction the kernel does not emulate, on the
 *               emulated PL011 (a pair, an exclusive, a SIMD register, a
 *               post-indexed load, a zeroing of a cache block)
 */
#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>
#include <sk/lib.h>

#ifndef BH_CONSOLE_PL011_IPA
#error "faults: the partition needs console: pl011"
#endif

#define PL011 BH_CONSOLE_PL011_IPA
#define UART_IBRD 0x024u

uint64_t a32_run(const uint16_t *entry, uint64_t regs[8]);
extern const uint16_t a32_pl011[], a32_cntpct[], a32_cntp_ctl[];

static void impdef(void)
{
	uint64_t l2ctlr, cbar, cpuectlr, l2ctlr2, cpuectlr2;

	__asm__ volatile("mrs %0, s3_1_c11_c0_2" : "=r"(l2ctlr));
	__asm__ volatile("mrs %0, s3_1_c15_c3_0" : "=r"(cbar));
	__asm__ volatile("mrs %0, s3_1_c15_c2_1" : "=r"(cpuectlr));
	bh_printf("impdef: L2CTLR_EL1 0x%lx CBAR_EL1 0x%lx CPUECTLR_EL1 0x%lx\n",
		  (unsigned long)l2ctlr, (unsigned long)cbar, (unsigned long)cpuectlr);
	__asm__ volatile("msr s3_1_c11_c0_2, %0\n\tisb" : : "r"(~l2ctlr));
	__asm__ volatile("msr s3_1_c15_c2_1, %0\n\tisb" : : "r"(~cpuectlr));
	__asm__ volatile("mrs %0, s3_1_c11_c0_2" : "=r"(l2ctlr2));
	__asm__ volatile("mrs %0, s3_1_c15_c2_1" : "=r"(cpuectlr2));
	bh_printf("impdef: after writing their complements: L2CTLR_EL1 0x%lx "
		  "CPUECTLR_EL1 0x%lx\n", (unsigned long)l2ctlr2, (unsigned long)cpuectlr2);
}

static void thumb(void)
{
	uint64_t r[8] = { PL011 };
	uint64_t esr;

	*(volatile uint32_t *)(uintptr_t)(PL011 + UART_IBRD) = 13u;
	esr = a32_run(a32_pl011, r);
	bh_printf("thumb: FR 0x%lx, IBRD %lu, LDR.W 0x%lx, IT 0x%lx, else %lu, steps %lu/8, "
		  "EC 0x%lx\n", (unsigned long)r[1], (unsigned long)r[2], (unsigned long)r[4],
		  (unsigned long)r[5], (unsigned long)r[6], (unsigned long)r[7],
		  (unsigned long)(esr >> 26));
}

static void a32_timer(const uint16_t *code)
{
	uint64_t r[8] = { 0 };
	uint64_t esr;

	/* EL0 may use the physical counter and timer as far as EL1 is
	 * concerned (CNTKCTL_EL1.EL0PCTEN, EL0PTEN): only EL2 traps it. */
	__asm__ volatile("msr cntkctl_el1, %0\n\tisb" : : "r"((1ull << 0) | (1ull << 9)));
	esr = a32_run(code, r);
	bh_printf("a32 timer: not trapped, r0 0x%lx, back by exception class 0x%lx\n",
		  (unsigned long)r[0], (unsigned long)(esr >> 26));
}

static void unsupported(const char *form)
{
	uint64_t a = 0, b = 0, base = PL011;

	if (bh_streq(form, "ldp"))
		__asm__ volatile("ldp %0, %1, [%2]" : "=r"(a), "=r"(b) : "r"(base) : "memory");
	else if (bh_streq(form, "ldxr"))
		__asm__ volatile("ldxr %w0, [%1]" : "=r"(a) : "r"(base) : "memory");
	else if (bh_streq(form, "simd"))
		__asm__ volatile("ldr q0, [%0]" : : "r"(base) : "v0", "memory");
	else if (bh_streq(form, "writeback"))
		__asm__ volatile("ldr %w0, [%1], #4" : "=r"(a), "+r"(base) : : "memory");
	else if (bh_streq(form, "dc_zva"))
		__asm__ volatile("dc zva, %0" : : "r"(base) : "memory");
	bh_printf("%s: not refused (0x%lx 0x%lx)\n", form, (unsigned long)a, (unsigned long)b);
}

static const char *const probes[] = {
	"impdef", "thumb", "a32_cntpct", "a32_cntp_ctl",
	"ldp", "ldxr", "simd", "writeback", "dc_zva",
};

int main(void)
{
	struct bh_status st;
	const char *p;

	bh_get_status(&st);
	if (st.starts - 1u >= sizeof(probes) / sizeof(probes[0])) {
		bh_printf("all probes made\n");
		for (;;)
			bh_sleep_until(bh_time() + BH_MAJOR_FRAME_TICKS);
	}
	p = probes[st.starts - 1u];
	bh_printf("probe %u: %s\n", st.starts, p);
	if (bh_streq(p, "impdef"))
		impdef();
	else if (bh_streq(p, "thumb"))
		thumb();
	else if (bh_streq(p, "a32_cntpct"))
		a32_timer(a32_cntpct);
	else if (bh_streq(p, "a32_cntp_ctl"))
		a32_timer(a32_cntp_ctl);
	else
		unsupported(p);
	bh_set_mode(BH_MODE_COLD_START);
	return 0;
}
