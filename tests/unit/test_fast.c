/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The portable fast-path decisions (sk/call_fast.h, sk/vdev_fast.h) on
 * the host, built with the full path's hooks: what they answer, they
 * answer as the full path does (sk_hypercall(), sk_vdev_fault()); what
 * they leave (a refusal, another call, another register, a line end),
 * they leave with the registers and the kernel's state unchanged, for the
 * full exit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"

#include <sk/arch/mmu.h>
#include <sk/arch/timer.h>
#include <sk/arch/vcpu.h>

#define SK_PORT_NOW() arch_timer_now()
#define SK_PORT_PTR(pa) arch_pa_to_ptr(sk_pa(pa))
#define SK_PORT_INJECT(v, slot) arch_virq_inject((v), (slot), false)
#include <sk/call_fast.h>
#include <sk/hypercall.h>
#include <sk/vdev.h>

enum { SAMPLES = 0, COMMANDS = 1, BULK = 2 };

static int setup(void **state)
{
	(void)state;
	fixture_init();
	return 0;
}

/* Registers of a call: fn, then three arguments; the rest a pattern. */
static void regs(uint64_t r[SK_FAST_REGS], uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	for (uint32_t i = 0; i < SK_FAST_REGS; i++)
		r[i] = 0x5a5a5a5a00000000ull | i;
	r[0] = fn;
	r[1] = a1;
	r[2] = a2;
	r[3] = a3;
}

/* The same call on the fast path, as vCPU v on cpu0. */
static uint32_t fast(struct sk_vcpu *v, uint64_t r[SK_FAST_REGS])
{
	cpu0.current = v;
	return sk_call_fast(&cpu0, r);
}

/* ... and on the full path. */
static struct sk_call full(struct sk_vcpu *v, const uint64_t r[SK_FAST_REGS])
{
	struct sk_call c;

	memset(&c, 0x5a, sizeof(c));
	c.fn = r[0] & 0xffffffffu;
	c.imm = 0;
	for (uint32_t i = 0; i < SK_CALL_ARGS; i++)
		c.arg[i] = r[1u + i];
	cpu0.current = v;
	sk_hypercall(&cpu0, v, &c);
	return c;
}

static void version_is_the_full_paths_answer(void **state)
{
	uint64_t r[SK_FAST_REGS];
	struct sk_call c;

	(void)state;
	regs(r, BH_HVC_VERSION, 7, 8, 9);
	c = full(&alpha_vcpu, r);
	assert_int_equal(fast(&alpha_vcpu, r), SK_FAST_DONE);
	for (uint32_t i = 0; i < 4u; i++)
		assert_int_equal(r[i], c.ret[i]);
	assert_int_equal(r[1], (BH_ABI_MAJOR << 16) | BH_ABI_MINOR);
	/* x4.. are the caller's. */
	assert_int_equal(r[4], 0x5a5a5a5a00000004ull);
	/* Only the low 32 bits are the function (SMCCC). */
	regs(r, 0xffffffff00000000ull | BH_HVC_VERSION, 0, 0, 0);
	assert_int_equal(fast(&alpha_vcpu, r), SK_FAST_DONE);
	assert_int_equal((int64_t)r[0], BH_OK);
}

static void queuing_send_and_receive_as_the_full_path(void **state)
{
	uint64_t r[SK_FAST_REGS];
	struct sk_call c;

	(void)state;
	memcpy(alpha_ram, "0123456789abcdef", 16);
	regs(r, BH_HVC_QUEUING_SEND, COMMANDS, ALPHA_RAM_IPA, 16);
	assert_int_equal(fast(&alpha_vcpu, r), SK_FAST_DONE);
	assert_int_equal((int64_t)r[0], BH_OK);
	assert_int_equal(r[1], 1); /* messages queued */
	assert_int_equal(r[2], 0);
	assert_int_equal(r[3], 0);
	/* The doorbell rang for beta (slot 1 + 0 interrupts + doorbell 0). */
	assert_int_equal(host_n_injected, 1);
	assert_int_equal(host_injected[0], 1u << 8 | 1u);
	/* The full path's send of the same: the same answer but the count. */
	regs(r, BH_HVC_QUEUING_SEND, COMMANDS, ALPHA_RAM_IPA, 16);
	c = full(&alpha_vcpu, r);
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_int_equal(c.ret[1], 2);
	/* Full now: BH_E_FULL is a normal outcome, answered on the fast path. */
	regs(r, BH_HVC_QUEUING_SEND, COMMANDS, ALPHA_RAM_IPA, 16);
	assert_int_equal(fast(&alpha_vcpu, r), SK_FAST_DONE);
	assert_int_equal((int64_t)r[0], BH_E_FULL);
	/* beta receives the first on the fast path. */
	memset(beta_ram, 0, 32);
	regs(r, BH_HVC_QUEUING_RECEIVE, COMMANDS, BETA_RAM_IPA, 16);
	assert_int_equal(fast(&beta_vcpu, r), SK_FAST_DONE);
	assert_int_equal((int64_t)r[0], BH_OK);
	assert_int_equal(r[1], 16);
	assert_int_equal(r[2], 1);
	assert_memory_equal(beta_ram, "0123456789abcdef", 16);
}

static void sampling_and_doorbell_on_the_fast_path(void **state)
{
	uint64_t r[SK_FAST_REGS];

	(void)state;
	host_now = 500;
	memcpy(alpha_ram, "sample", 6);
	regs(r, BH_HVC_SAMPLING_WRITE, SAMPLES, ALPHA_RAM_IPA, 6);
	assert_int_equal(fast(&alpha_vcpu, r), SK_FAST_DONE);
	assert_int_equal((int64_t)r[0], BH_OK);
	regs(r, BH_HVC_SAMPLING_READ, SAMPLES, BETA_RAM_IPA, 16);
	assert_int_equal(fast(&beta_vcpu, r), SK_FAST_DONE);
	assert_int_equal((int64_t)r[0], BH_OK);
	assert_int_equal(r[1], 6);
	assert_int_equal(r[2], 500);
	assert_int_equal(r[3], 1);
	regs(r, BH_HVC_DOORBELL_RING, BULK, 0, 0);
	assert_int_equal(fast(&alpha_vcpu, r), SK_FAST_DONE);
	assert_int_equal((int64_t)r[0], BH_OK);
	assert_int_equal(host_n_injected, 1);
	assert_int_equal(host_injected[0], 1u << 8 | 2u);
}

/* A refusal, whatever the argument, goes to the full exit with nothing
 * changed: the registers, the channel, the console (no event yet). */
static void refusals_take_the_full_exit_unchanged(void **state)
{
	static const uint64_t bad[][4] = {
		{ BH_HVC_QUEUING_SEND, 3, ALPHA_RAM_IPA, 16 },        /* no such port */
		{ BH_HVC_QUEUING_SEND, ~0ull, ALPHA_RAM_IPA, 16 },    /* no such port */
		{ BH_HVC_QUEUING_SEND, SAMPLES, ALPHA_RAM_IPA, 16 },  /* another kind */
		{ BH_HVC_QUEUING_SEND, COMMANDS, ALPHA_RAM_IPA, 17 }, /* too long */
		{ BH_HVC_QUEUING_SEND, COMMANDS, ALPHA_RAM_IPA, 0 },  /* empty */
		{ BH_HVC_QUEUING_SEND, COMMANDS, ALPHA_DEV_IPA, 16 }, /* device memory */
		{ BH_HVC_QUEUING_SEND, COMMANDS, 0x80000000u, 16 },   /* not alpha's */
		{ BH_HVC_QUEUING_SEND, COMMANDS, ~0ull - 4u, 16 },    /* wraps */
		{ BH_HVC_QUEUING_RECEIVE, COMMANDS, ALPHA_RAM_IPA, 16 }, /* wrong direction */
		{ BH_HVC_SAMPLING_READ, SAMPLES, ALPHA_RO_IPA, 16 },  /* wrong direction */
		{ BH_HVC_DOORBELL_RING, SAMPLES, 0, 0 },              /* not shared memory */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t r[SK_FAST_REGS], before[SK_FAST_REGS];

		regs(r, bad[i][0], bad[i][1], bad[i][2], bad[i][3]);
		memcpy(before, r, sizeof(r));
		assert_int_equal(fast(&alpha_vcpu, r), SK_FAST_EXIT);
		assert_memory_equal(r, before, sizeof(r));
		assert_int_equal(commands_state.count, 0);
		assert_int_equal(commands_state.writes, 0);
		assert_int_equal(host_n_injected, 0);
		/* The full path refuses it too, with a health-monitor event. */
		assert_true(sk_port_refused((int64_t)full(&alpha_vcpu, r).ret[0]));
	}
}

/* Everything but the version and the five port operations is the full
 * path's, the port status included. */
static void other_calls_take_the_full_exit(void **state)
{
	static const uint64_t others[] = {
		BH_HVC_IDENTITY, BH_HVC_CONSOLE_WRITE, BH_HVC_YIELD, BH_HVC_GET_STATUS,
		BH_HVC_SET_MODE, BH_HVC_SWITCH_PLAN, BH_HVC_HALT_SYSTEM, BH_HVC_PORT_STATUS,
		BH_HVC_CALL_COUNT, BH_HVC_CALL_UID, BH_HVC_REVISION, 0x84000000u, 0,
		BH_HVC_FN64(0x0011u), BH_HVC_VERSION | 1u,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		uint64_t r[SK_FAST_REGS], before[SK_FAST_REGS];

		regs(r, others[i], COMMANDS, ALPHA_RAM_IPA, 16);
		memcpy(before, r, sizeof(r));
		assert_int_equal(fast(&alpha_vcpu, r), SK_FAST_EXIT);
		assert_memory_equal(r, before, sizeof(r));
	}
	assert_int_equal(alpha_state.mode, partitions[0].state->mode);
	assert_int_equal(commands_state.writes, 0);
}

/* ---- the emulated PL011 ---- */

static uint32_t uart(uint64_t ipa, uint32_t size, bool write, uint64_t value, uint64_t *out)
{
	struct sk_mmio m = { .addr = ipa, .value = value, .size = size, .write = write };
	uint32_t done;

	cpu0.current = &beta_vcpu;
	done = sk_vdev_fast(&cpu0, &m);
	*out = m.value;
	return done;
}

static void flag_register_as_the_full_path_reads_it(void **state)
{
	struct sk_fault f = {
		.kind = SK_FAULT_MEMORY, .addr_valid = true, .addr = BETA_UART_IPA + SK_VUART_FR,
		.access = SK_MEM_READ, .mmio_size = 4, .mmio_reg = 5, .mmio_64 = true,
	};
	uint64_t v;

	(void)state;
	assert_int_equal(uart(BETA_UART_IPA + SK_VUART_FR, 4, false, 0, &v), SK_FAST_DONE);
	assert_true(sk_vdev_fault(&beta_vcpu, &f));
	assert_int_equal(v, beta_vcpu.arch.regs.x[5]);
	assert_int_equal(v, 0x90); /* TXFE, RXFE */
	/* Received bytes: RXFE clears, on both paths. */
	sk_vuart_receive(&partitions[1], SK_NONE, (const uint8_t *)"ab", 2);
	assert_int_equal(uart(BETA_UART_IPA + SK_VUART_FR, 1, false, 0, &v), SK_FAST_DONE);
	assert_int_equal(v, 0x80);
	assert_true(sk_vdev_fault(&beta_vcpu, &f));
	assert_int_equal(beta_vcpu.arch.regs.x[5], 0x80);
}

static void data_register_bytes_go_into_the_line(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(uart(BETA_UART_IPA + SK_VUART_DR, 4, true, 0xab00u | 'o', &v),
			 SK_FAST_DONE);
	assert_int_equal(uart(BETA_UART_IPA + SK_VUART_DR, 1, true, 'k', &v), SK_FAST_DONE);
	assert_int_equal(uart(BETA_UART_IPA + SK_VUART_DR, 1, true, 0x1b, &v), SK_FAST_DONE);
	assert_int_equal(beta_state.console_len, 3);
	/* The line end is the full path's: it prints the line. */
	assert_int_equal(uart(BETA_UART_IPA + SK_VUART_DR, 1, true, '\n', &v), SK_FAST_EXIT);
	assert_int_equal(beta_state.console_len, 3);
	sk_console_partition_write(&partitions[1], "\n", 1);
	assert_string_equal(fixture_console(), "[beta] ok.\n");
}

/* Other registers, other directions, accesses across the device's end,
 * other partitions' devices and plain memory: the full path's. */
static void other_accesses_take_the_full_exit(void **state)
{
	static const struct { uint64_t ipa; uint32_t size; bool write; } others[] = {
		{ BETA_UART_IPA + SK_VUART_DR, 4, false }, /* a receive: takes a byte */
		{ BETA_UART_IPA + SK_VUART_FR, 4, true },
		{ BETA_UART_IPA + 0x038u, 4, true },        /* IMSC */
		{ BETA_UART_IPA + 0x038u, 4, false },
		{ BETA_UART_IPA + 0xffcu, 8, false },       /* across the end */
		{ BETA_UART_IPA - 4u, 4, false },
		{ BETA_RAM_IPA, 4, true },
		{ ~0ull - 2u, 4, true },                    /* wraps */
	};

	(void)state;
	sk_vuart_receive(&partitions[1], SK_NONE, (const uint8_t *)"x", 1);
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		uint64_t v;

		assert_int_equal(uart(others[i].ipa, others[i].size, others[i].write, 'z', &v),
				 SK_FAST_EXIT);
	}
	assert_int_equal(beta_state.vuart.rx_count, 1);
	assert_int_equal(beta_state.console_len, 0);
	/* alpha has no emulated UART at that address. */
	cpu0.current = &alpha_vcpu;
	{
		struct sk_mmio m = { .addr = BETA_UART_IPA + SK_VUART_FR, .size = 4 };

		assert_int_equal(sk_vdev_fast(&cpu0, &m), SK_FAST_EXIT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(version_is_the_full_paths_answer, setup),
		cmocka_unit_test_setup(queuing_send_and_receive_as_the_full_path, setup),
		cmocka_unit_test_setup(sampling_and_doorbell_on_the_fast_path, setup),
		cmocka_unit_test_setup(refusals_take_the_full_exit_unchanged, setup),
		cmocka_unit_test_setup(other_calls_take_the_full_exit, setup),
		cmocka_unit_test_setup(flag_register_as_the_full_path_reads_it, setup),
		cmocka_unit_test_setup(data_register_bytes_go_into_the_line, setup),
		cmocka_unit_test_setup(other_accesses_take_the_full_exit, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
