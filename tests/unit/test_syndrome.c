/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AArch64 syndromes decoded into portable faults, and the step over an
 * emulated instruction (arch/aarch64/syndrome.c, arch/syndrome.h), on
 * the host. The syndromes are those QEMU gave for the instructions of
 * partitions/faults (tests/qemu/test_faults.py).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <arch/syndrome.h>

/* PSTATE of AArch32 User mode, Thumb. */
#define A32_USR_THUMB (SPSR_AARCH32 | SPSR_T)

/* General registers of the faulting partition: x[i] = 0x100 + i. */
static uint64_t regs[31];
#define SP_EL0 0x40080000u
#define SP_EL1 0x400ffee0u

static struct sk_fault decode(uint64_t esr, uint64_t spsr)
{
	struct sk_fault f;

	for (uint32_t i = 0; i < 31u; i++)
		regs[i] = 0x100u + i;
	memset(&f, 0xa5, sizeof(f));
	aarch64_decode_fault(&f, esr, 0x40001000u, spsr, 0x09000018u, 0x90000u, regs, SP_EL0,
			     SP_EL1);
	return f;
}

static void a_16_bit_thumb_instruction_is_stepped_over_by_2(void **state)
{
	uint64_t elr = 0x40003e00u, spsr = A32_USR_THUMB;

	(void)state;
	/* ldr r1, [r0, #0x18] from Thumb: ISV, word, r1, IL 0. */
	aarch64_step(0x91810005u, &elr, &spsr);
	assert_int_equal(elr, 0x40003e02u);
	assert_int_equal(spsr, A32_USR_THUMB);
	/* ldr.w r4, [r0, #0x18]: IL 1. */
	aarch64_step(0x93840005u, &elr, &spsr);
	assert_int_equal(elr, 0x40003e06u);
	/* Any AArch64 instruction: 4, and PSTATE as it was, whatever its
	 * bits at the AArch32 IT positions mean there. */
	elr = 0x40001000u;
	spsr = SPSR_EL1H_MASKED | 1ull << 25 | 0x3full << 10;
	aarch64_step(0x93c08005u, &elr, &spsr);
	assert_int_equal(elr, 0x40001004u);
	assert_int_equal(spsr, SPSR_EL1H_MASKED | 1ull << 25 | 0x3full << 10);
}

static void the_it_state_advances_past_an_emulated_instruction(void **state)
{
	/* ITE EQ, at its first (then) instruction: IT = 0000 1100, that is
	 * IT[7:2] = 000011 at SPSR[15:10]. */
	uint64_t elr = 0x40003e00u, spsr = A32_USR_THUMB | 0x3ull << 10;

	(void)state;
	aarch64_step(0x91850005u, &elr, &spsr); /* ldreq r5, [r0, #0x18] */
	/* At the else instruction: IT = 0001 1000, condition NE. */
	assert_int_equal(spsr, A32_USR_THUMB | 0x6ull << 10);
	assert_int_equal(elr, 0x40003e02u);
	/* After it, the block is over. */
	aarch64_step(0x91850005u, &elr, &spsr);
	assert_int_equal(spsr, A32_USR_THUMB);
	/* IT[1:0] live in SPSR[26:25]: ITTTT EQ (IT = 0000 0001) ends after
	 * four instructions. */
	spsr = A32_USR_THUMB | 1ull << 25;
	for (int i = 0; i < 3; i++)
		aarch64_step(0x91850005u, &elr, &spsr);
	assert_int_equal(spsr, A32_USR_THUMB | 0x2ull << 10);
	aarch64_step(0x91850005u, &elr, &spsr);
	assert_int_equal(spsr, A32_USR_THUMB);
}

static void thumb_loads_are_single_register_accesses(void **state)
{
	struct sk_fault f = decode(0x91810005u, A32_USR_THUMB);

	(void)state;
	assert_int_equal(f.kind, SK_FAULT_MEMORY);
	assert_int_equal(f.access, SK_MEM_READ);
	assert_int_equal(f.mmio_size, 4);
	assert_int_equal(f.mmio_reg, 1);
	assert_false(f.mmio_64);
	assert_true(f.addr_valid);
	assert_int_equal(f.addr, 0x09000018u);
	/* The PC as the register: never emulated. */
	f = decode(0x918f0005u, A32_USR_THUMB);
	assert_int_equal(f.mmio_size, 0);
	/* From AArch64, register 15 is x15. */
	f = decode(0x938f0005u, SPSR_EL1H_MASKED);
	assert_int_equal(f.mmio_size, 4);
	assert_int_equal(f.mmio_reg, 15);
	/* No syndrome (ldp): nothing a device model can complete. */
	f = decode(0x92000005u, SPSR_EL1H_MASKED);
	assert_int_equal(f.kind, SK_FAULT_MEMORY);
	assert_int_equal(f.mmio_size, 0);
	assert_true(f.addr_valid);
}

static void the_physical_timer_is_a_trapped_register_from_either_state(void **state)
{
	/* mrs x0, cntpct_el0 from AArch64. */
	struct sk_fault a64 = decode(0x6232f801u, SPSR_EL1H_MASKED);
	/* mrrc p15, 0, r0, r1, c14 (CNTPCT) from AArch32 EL0. */
	struct sk_fault cntpct = decode(0x13e0041du, A32_USR_THUMB);
	/* mrc p15, 0, r0, c14, c2, 1 (CNTP_CTL). */
	struct sk_fault cntp_ctl = decode(0x0fe23805u, A32_USR_THUMB);

	(void)state;
	assert_int_equal(a64.kind, SK_FAULT_INSTRUCTION);
	assert_string_equal(a64.what, "access to a trapped system register");
	assert_string_equal(a64.detail, "CNTPCT_EL0 read");
	assert_int_equal(cntpct.kind, SK_FAULT_INSTRUCTION);
	assert_string_equal(cntpct.what, a64.what);
	assert_string_equal(cntpct.detail, "CNTPCT read");
	assert_int_equal(cntp_ctl.kind, SK_FAULT_INSTRUCTION);
	assert_string_equal(cntp_ctl.detail, "CNTP_CTL read");
	assert_int_equal(cntp_ctl.pc, 0x40001000u);
	assert_int_equal(cntp_ctl.syndrome, 0x0fe23805u);
	/* A register without a name: its encoding. mcr p15, 0, r0, c9, c14, 0
	 * (PMUSERENR), and a 64-bit one, mcrr p15, 2, r0, r1, c9. */
	struct sk_fault other = decode(0x0c002400u | 14u << 1, A32_USR_THUMB);

	assert_int_equal(other.kind, SK_FAULT_INSTRUCTION);
	assert_string_equal(other.detail, "p15, 0, c9, c14, 0 write");
	other = decode(0x12000000u | 2u << 16 | 9u << 1, A32_USR_THUMB);
	assert_string_equal(other.detail, "p15, 2, c9 write");
}

static void implementation_defined_registers_are_named_as_such(void **state)
{
	/* mrs x0, s3_1_c11_c0_2 (L2CTLR_EL1 of a Cortex-A53). */
	struct sk_fault f = decode(0x62346c01u, SPSR_EL1H_MASKED);

	(void)state;
	assert_int_equal(f.kind, SK_FAULT_INSTRUCTION);
	assert_string_equal(f.what, "access to an implementation-defined system register");
	assert_string_equal(f.detail, "S3_1_C11_C0_2 read");
	/* msr s3_1_c15_c2_1, x0 (CPUECTLR_EL1). */
	f = decode(0x62000000u | 3u << 20 | 1u << 17 | 1u << 14 | 15u << 10 | 2u << 1,
		   SPSR_EL1H_MASKED);
	assert_string_equal(f.what, "access to an implementation-defined system register");
	assert_string_equal(f.detail, "S3_1_C15_C2_1 write");
}

/* The register dump's facts (sk/hm.c): mode, link register, the stack
 * pointer in use, the exception class, whether FAR is the address. */
static void the_dump_has_the_mode_link_register_and_stack_in_use(void **state)
{
	/* The demo's hostile write to shared memory it only reads: a data
	 * abort, stage-2 permission fault, at EL1 on SP_EL1. */
	struct sk_fault f = decode(0x93c2804fu, SPSR_EL1H_MASKED);

	(void)state;
	assert_string_equal(f.mode, "EL1h");
	assert_int_equal(f.el, 1);
	assert_int_equal(f.lr, 0x100u + 30u);
	assert_int_equal(f.sp, SP_EL1);
	assert_string_equal(f.cause, "EC 0x24 data abort from EL0 or EL1");
	assert_true(f.va_valid);
	assert_int_equal(f.va, 0x09000018u);
	/* EL1 on SP_EL0, and EL0. */
	f = decode(0x93c2804fu, 0x3c4u);
	assert_string_equal(f.mode, "EL1t");
	assert_int_equal(f.sp, SP_EL0);
	f = decode(0x93c2804fu, 0x0u);
	assert_string_equal(f.mode, "EL0t");
	assert_int_equal(f.el, 0);
	assert_int_equal(f.sp, SP_EL0);
	/* AArch32 User: R14 and R13. */
	f = decode(0x91810005u, A32_USR_THUMB);
	assert_string_equal(f.mode, "EL0 (AArch32)");
	assert_int_equal(f.el, 0);
	assert_int_equal(f.lr, 0x100u + 14u);
	assert_int_equal(f.sp, 0x100u + 13u);
	/* FnV: FAR is not the address. An SMC: no address at all. */
	f = decode(0x93c2804fu | (1u << 10), SPSR_EL1H_MASKED);
	assert_false(f.va_valid);
	f = decode(0x5e000000u, SPSR_EL1H_MASKED);
	assert_string_equal(f.cause, "EC 0x17 SMC");
	assert_false(f.va_valid);
	/* An exception class the table has no name for. */
	f = decode(0x3fu << 26, SPSR_EL1H_MASKED);
	assert_string_equal(f.cause, "an exception class the kernel does not name");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_16_bit_thumb_instruction_is_stepped_over_by_2),
		cmocka_unit_test(the_it_state_advances_past_an_emulated_instruction),
		cmocka_unit_test(thumb_loads_are_single_register_accesses),
		cmocka_unit_test(the_physical_timer_is_a_trapped_register_from_either_state),
		cmocka_unit_test(implementation_defined_registers_are_named_as_such),
		cmocka_unit_test(the_dump_has_the_mode_link_register_and_stack_in_use),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
