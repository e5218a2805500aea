/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Emulated devices: the fixture's beta has a PL011 at IPA 0x09000000. A
 * trapped load or store there is answered by the model and beta goes on
 * at its next instruction; anything else is left to the health monitor.
 * What is typed on the kernel's console (host_typed) goes to beta's
 * receive FIFO: the fixture gives beta the console input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"

#include <sk/exit.h>
#include <sk/console.h>
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
	assert_string_equal(fixture_console(), "[beta] hi\n");
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

/* The console's receive interrupt (the exit path's part: test_exit). */
static void console_interrupt(const char *typed)
{
	host_typed = typed;
	sk_console_input();
}

static uint32_t read_reg(uint32_t offset)
{
	beta_vcpu.arch.regs.x[9] = 0xdeadbeef;
	assert_true(access(BETA_UART_IPA + offset, 4, false, 9));
	return (uint32_t)beta_vcpu.arch.regs.x[9];
}

static void typed_bytes_are_read_from_dr_in_order(void **state)
{
	(void)state;
	console_interrupt("ls\n");
	/* Receive FIFO not empty; receive and timeout interrupts raw. */
	assert_int_equal(read_reg(0x018u) & 0x50u, 0u);
	assert_int_equal(read_reg(0x03cu), 1u << 4 | 1u << 5 | 1u << 6);
	assert_int_equal(read_reg(0x000u), 'l');
	assert_int_equal(read_reg(0x000u), 's');
	assert_int_equal(read_reg(0x000u), '\n');
	/* Empty again: RXFE, only the transmit interrupt raw; DR reads 0. */
	assert_int_equal(read_reg(0x018u), 0x90u);
	assert_int_equal(read_reg(0x03cu), 1u << 5);
	assert_int_equal(read_reg(0x000u), 0u);
	/* Nothing went to anyone's console line. */
	assert_null(strstr(fixture_console(), "ls"));
}

static void input_raises_the_receive_interrupt_when_enabled(void **state)
{
	(void)state;
	/* Not enabled: the bytes wait, nothing is raised. */
	console_interrupt("a");
	assert_int_equal(host_n_injected, 0);
	/* RXIM | RTIM enabled with a byte waiting: raised at once. */
	beta_vcpu.arch.regs.x[1] = 1u << 4 | 1u << 6;
	assert_true(access(BETA_UART_IPA + 0x038u, 4, true, 1));
	assert_int_equal(host_n_injected, 1);
	assert_int_equal(host_injected[0], 1u << 8 | 3u); /* beta, slot 3 */
	/* More input while the line is up raises it again (the partition
	 * may have taken the first already). */
	console_interrupt("b");
	assert_int_equal(host_n_injected, 2);
	assert_int_equal(read_reg(0x040u), 1u << 4 | 1u << 6);
	assert_int_equal(read_reg(0x000u), 'a');
	assert_int_equal(read_reg(0x000u), 'b');
	/* Read empty: the line is down; the next byte raises it again. */
	assert_int_equal(read_reg(0x040u), 0u);
	console_interrupt("c");
	assert_int_equal(host_n_injected, 3);
}

static void a_full_receive_fifo_drops_and_counts(void **state)
{
	char many[SK_VUART_RX_SIZE + 11];

	(void)state;
	memset(many, 'x', sizeof(many) - 1u);
	many[sizeof(many) - 1u] = '\0';
	/* 32 bytes at most per interrupt, as the UART's FIFO holds. */
	console_interrupt(many);
	assert_int_equal(beta_state.vuart.rx_count, 32);
	console_interrupt(host_typed);
	console_interrupt(host_typed);
	assert_int_equal(beta_state.vuart.rx_count, SK_VUART_RX_SIZE);
	assert_int_equal(beta_state.vuart.rx_dropped, 10);
	assert_int_equal(read_reg(0x018u) & 0x40u, 0x40u); /* RXFF */
}

static void beta_writes(const char *text)
{
	for (const char *c = text; *c != '\0'; c++) {
		beta_vcpu.arch.regs.x[3] = (uint8_t)*c;
		assert_true(access(BETA_UART_IPA + 0x000u, 4, true, 3));
	}
}

static void typing_shows_the_prompt_and_the_echo_at_once(void **state)
{
	(void)state;
	beta_writes("/ # ");
	assert_string_equal(fixture_console(), ""); /* a line not ended yet */
	/* A key: the prompt appears, left open; the echo goes after it. */
	console_interrupt("l");
	assert_string_equal(fixture_console(), "[beta] / # ");
	beta_writes("l");
	assert_string_equal(fixture_console(), "[beta] / # l");
	/* Anyone else's line ends the open one first. */
	sk_log("x");
	assert_string_equal(fixture_console(), "[beta] / # l\n[sk] x\n");
	/* What beta writes next is line-buffered again, its own line. */
	beta_writes("s\nok\n");
	assert_string_equal(fixture_console(), "[beta] / # l\n[sk] x\n[beta] s\n[beta] ok\n");
	/* An open line ended by its own newline, then buffering as usual. */
	console_interrupt("m");
	beta_writes("m\nnext");
	assert_string_equal(fixture_console(),
			    "[beta] / # l\n[sk] x\n[beta] s\n[beta] ok\n[beta] m\n");
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

/* A load pair, an exclusive, a SIMD load, writeback (no single-register
 * syndrome), or a fetch, at the UART's registers: still the health
 * monitor's, but said for what it is; elsewhere the description stays. */
static void unemulated_accesses_at_the_device_say_so(void **state)
{
	struct sk_fault pair = {
		.kind = SK_FAULT_MEMORY, .addr_valid = true, .addr = BETA_UART_IPA + 0x18u,
		.access = SK_MEM_READ, .mmio_size = 0,
		.what = "stage-2 translation fault, level 1",
	};
	struct sk_fault fetch = pair, elsewhere = pair;

	(void)state;
	fetch.access = SK_MEM_EXEC;
	fetch.mmio_size = 4;
	elsewhere.addr = 0x0a000000u;
	assert_false(sk_vdev_fault(&beta_vcpu, &pair));
	assert_string_equal(pair.what, "an access the emulated PL011 does not support");
	assert_false(sk_vdev_fault(&beta_vcpu, &fetch));
	assert_string_equal(fetch.what, "an access the emulated PL011 does not support");
	assert_false(sk_vdev_fault(&beta_vcpu, &elsewhere));
	assert_string_equal(elsewhere.what, "stage-2 translation fault, level 1");
	assert_int_equal(beta_vcpu.arch.regs.pc, 0x40000100u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(bytes_written_to_dr_become_console_lines, setup),
		cmocka_unit_test_setup(flags_say_transmit_empty_receive_empty, setup),
		cmocka_unit_test_setup(control_registers_keep_their_values, setup),
		cmocka_unit_test_setup(enabling_the_transmit_interrupt_raises_it_once, setup),
		cmocka_unit_test_setup(typed_bytes_are_read_from_dr_in_order, setup),
		cmocka_unit_test_setup(input_raises_the_receive_interrupt_when_enabled, setup),
		cmocka_unit_test_setup(a_full_receive_fifo_drops_and_counts, setup),
		cmocka_unit_test_setup(typing_shows_the_prompt_and_the_echo_at_once, setup),
		cmocka_unit_test_setup(other_faults_are_left_to_the_health_monitor, setup),
		cmocka_unit_test_setup(unemulated_accesses_at_the_device_say_so, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
