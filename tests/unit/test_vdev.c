/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Emulated devices: the fixture's beta has a PL011 at IPA 0x09000000. A
 * trapped load or store there is answered by the model and beta goes on
 * at its next instruction; anything else is left to the health monitor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"

#include <sk/exit.h>
#include <sk/vdev.h>

static int setup(void **state)
{
	(void)state;
	fixture_init();
	beta_vcpu.arch.regs.pc = 0x40000100u;
	return 0;
}

/* A trapped access of beta: `size` bytes at `ipa`, register x`reg`. */
static bool access(uint64_t ipa, uint32_t size, bool write, uint32_t reg)
{
	struct sk_fault f = {
		.kind = SK_FAULT_MEMORY, .addr_valid = true, .addr = ipa,
		.access = write ? SK_MEM_WRITE : SK_MEM_READ, .pc = beta_vcpu.arch.regs.pc,
		.what = "stage-2 translation fault, level 1", .mmio_size = (uint8_t)size,
		.mmio_reg = (uint8_t)reg,
	};

	return sk_vdev_fault(&beta_vcpu, &f);
}

static void bytes_written_to_dr_become_console_lines(void **state)
{
	const char *text = "hi\n";

	(void)state;
	for (const char *c = text; *c != '\0'; c++) {
		beta_vcpu.arch.regs.x[3] = (uint8_t)*c | 0xab00u; /* high bits ignored */
		assert_true(access(BETA_UART_IPA + 0x000u, 4, true, 3));
	}
	assert_string_equal(host_console(), "[beta] hi\n");
	assert_int_equal(beta_vcpu.arch.regs.pc, 0x40000100u + 3u * 4u);
}

static void flags_say_transmit_empty_receive_empty(void **state)
{
	(void)state;
	assert_true(access(BETA_UART_IPA + 0x018u, 2, false, 5));
	assert_int_equal(beta_vcpu.arch.regs.x[5], 0x90);
	/* The PrimeCell identification an OS probes. */
	assert_true(access(BETA_UART_IPA + 0xfe0u, 4, false, 6));
	assert_int_equal(beta_vcpu.arch.regs.x[6], 0x11);
	assert_true(access(BETA_UART_IPA + 0xffcu, 4, false, 6));
	assert_int_equal(beta_vcpu.arch.regs.x[6], 0xb1);
	/* Registers it does not have read as zero and ignore writes. */
	beta_vcpu.arch.regs.x[7] = 0xdead;
	assert_true(access(BETA_UART_IPA + 0x800u, 4, false, 7));
	assert_int_equal(beta_vcpu.arch.regs.x[7], 0);
}

static void control_registers_keep_their_values(void **state)
{
	(void)state;
	beta_vcpu.arch.regs.x[1] = 0x301;
	assert_true(access(BETA_UART_IPA + 0x030u, 2, true, 1));
	assert_true(access(BETA_UART_IPA + 0x030u, 2, false, 2));
	assert_int_equal(beta_vcpu.arch.regs.x[2], 0x301);
	/* A store of the zero register. */
	assert_true(access(BETA_UART_IPA + 0x030u, 4, true, 31));
	assert_true(access(BETA_UART_IPA + 0x030u, 4, false, 2));
	assert_int_equal(beta_vcpu.arch.regs.x[2], 0);
	/* Byte reads of a 16-bit register. */
	beta_vcpu.arch.regs.x[1] = 0x1234;
	assert_true(access(BETA_UART_IPA + 0x024u, 4, true, 1));
	assert_true(access(BETA_UART_IPA + 0x024u, 1, false, 2));
	assert_int_equal(beta_vcpu.arch.regs.x[2], 0x34);
}

static void enabling_the_transmit_interrupt_raises_it_once(void **state)
{
	(void)state;
	beta_vcpu.arch.regs.x[1] = 1u << 5; /* TXIM */
	assert_true(access(BETA_UART_IPA + 0x038u, 4, true, 1));
	assert_int_equal(host_n_injected, 1);
	assert_int_equal(host_injected[0], 1u << 8 | 3u); /* beta, slot 3 */
	assert_true(access(BETA_UART_IPA + 0x040u, 4, false, 2));
	assert_int_equal(beta_vcpu.arch.regs.x[2], 1u << 5);
	/* Still high: not raised again. */
	assert_true(access(BETA_UART_IPA + 0x000u, 4, true, 1));
	assert_int_equal(host_n_injected, 1);
	/* Lowered, then raised again. */
	beta_vcpu.arch.regs.x[1] = 0;
	assert_true(access(BETA_UART_IPA + 0x038u, 4, true, 1));
	beta_vcpu.arch.regs.x[1] = 1u << 5;
	assert_true(access(BETA_UART_IPA + 0x038u, 4, true, 1));
	assert_int_equal(host_n_injected, 2);
}

static void other_faults_are_left_to_the_health_monitor(void **state)
{
	uint64_t pc = beta_vcpu.arch.regs.pc;
	struct sk_fault exec = {
		.kind = SK_FAULT_MEMORY, .addr_valid = true, .addr = BETA_UART_IPA,
		.access = SK_MEM_EXEC, .mmio_size = 4,
	};
	struct sk_fault no_syndrome = {
		.kind = SK_FAULT_MEMORY, .addr_valid = true, .addr = BETA_UART_IPA,
		.access = SK_MEM_READ, .mmio_size = 0,
	};

	(void)state;
	assert_false(access(0x0a000000u, 4, false, 1));      /* no device there */
	assert_false(access(BETA_UART_IPA + 4094u, 4, false, 1)); /* runs past it */
	assert_false(sk_vdev_fault(&beta_vcpu, &exec));
	assert_false(sk_vdev_fault(&beta_vcpu, &no_syndrome));
	/* alpha has no emulated device at all. */
	struct sk_fault f = {
		.kind = SK_FAULT_MEMORY, .addr_valid = true, .addr = BETA_UART_IPA,
		.access = SK_MEM_READ, .mmio_size = 4,
	};
	assert_false(sk_vdev_fault(&alpha_vcpu, &f));
	assert_int_equal(beta_vcpu.arch.regs.pc, pc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(bytes_written_to_dr_become_console_lines, setup),
		cmocka_unit_test_setup(flags_say_transmit_empty_receive_empty, setup),
		cmocka_unit_test_setup(control_registers_keep_their_values, setup),
		cmocka_unit_test_setup(enabling_the_transmit_interrupt_raises_it_once, setup),
		cmocka_unit_test_setup(other_faults_are_left_to_the_health_monitor, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
