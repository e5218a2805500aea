/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ports through the hypercall interface, as a partition calls them: the
 * fixture's alpha writes 'samples' (sampling, 16 B, valid 100 ticks),
 * 'commands' (queuing, 16 B, depth 2, doorbell) and 'bulk' (shared memory,
 * doorbell); beta reads them. Every misuse is refused with a status,
 * changes nothing and is a health-monitor event.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"

#include <bulkhead/hvc.h>
#include <sk/hypercall.h>

enum { SAMPLES = 0, COMMANDS = 1, BULK = 2 };

static int setup(void **state)
{
	(void)state;
	fixture_init();
	return 0;
}

static struct sk_call call(struct sk_vcpu *v, uint64_t fn, uint64_t a1, uint64_t a2,
			   uint64_t a3)
{
	struct sk_call c;

	memset(&c, 0x5a, sizeof(c));
	c.fn = fn;
	c.imm = 0;
	c.arg[0] = a1;
	c.arg[1] = a2;
	c.arg[2] = a3;
	sk_hypercall(&cpu0, v, &c);
	return c;
}

#define A(off) (ALPHA_RAM_IPA + (off))
#define B(off) (BETA_RAM_IPA + (off))

static uint64_t put_alpha(size_t off, const char *text)
{
	memcpy(alpha_ram + off, text, strlen(text));
	return A(off);
}

static unsigned events(const char *what)
{
	unsigned n = 0;

	for (const char *p = strstr(fixture_console(), what); p != NULL;
	     p = strstr(p + 1, what))
		n++;
	return n;
}

static void sampling_write_then_read_latest(void **state)
{
	struct sk_call c;

	(void)state;
	host_now = 1000;
	assert_int_equal((int64_t)call(&beta_vcpu, BH_HVC_SAMPLING_READ, SAMPLES, B(0), 16).ret[0],
			 BH_E_EMPTY);
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_SAMPLING_WRITE, SAMPLES,
				       put_alpha(0, "first"), 5).ret[0], BH_OK);
	host_now = 1010;
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_SAMPLING_WRITE, SAMPLES,
				       put_alpha(0, "second!"), 7).ret[0], BH_OK);
	host_now = 1050;
	c = call(&beta_vcpu, BH_HVC_SAMPLING_READ, SAMPLES, B(100), 16);
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_int_equal(c.ret[1], 7);
	assert_int_equal(c.ret[2], 1010);
	assert_int_equal(c.ret[3], 1); /* 40 ticks old: valid */
	assert_memory_equal(beta_ram + 100, "second!", 7);
	/* Reading does not consume: again, now stale. */
	host_now = 1111;
	c = call(&beta_vcpu, BH_HVC_SAMPLING_READ, SAMPLES, B(200), 16);
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_int_equal(c.ret[1], 7);
	assert_int_equal(c.ret[3], 0); /* 101 ticks old: stale */
	assert_int_equal(events("hm: "), 0);
}

static void sampling_misuse_is_refused(void **state)
{
	(void)state;
	/* The reader writes: denied. The writer reads: denied. */
	assert_int_equal((int64_t)call(&beta_vcpu, BH_HVC_SAMPLING_WRITE, SAMPLES, B(0), 4).ret[0],
			 BH_E_DENIED);
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_SAMPLING_READ, SAMPLES, A(0), 16).ret[0],
			 BH_E_DENIED);
	/* Too long, empty, no such port, another kind of port. */
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_SAMPLING_WRITE, SAMPLES, A(0), 17).ret[0],
			 BH_E_INVALID);
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_SAMPLING_WRITE, SAMPLES, A(0), 0).ret[0],
			 BH_E_INVALID);
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_SAMPLING_WRITE, 3, A(0), 4).ret[0],
			 BH_E_INVALID);
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_SAMPLING_WRITE, 1ull << 32, A(0), 4).ret[0],
			 BH_E_INVALID);
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_SAMPLING_WRITE, COMMANDS, A(0), 4).ret[0],
			 BH_E_INVALID);
	/* Buffers that are not the caller's: beta's memory (alpha's IPA space
	 * has nothing at its physical address), device memory, the end of RAM. */
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_SAMPLING_WRITE, SAMPLES,
				       (uintptr_t)beta_ram, 4).ret[0], BH_E_BAD_ADDRESS);
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_SAMPLING_WRITE, SAMPLES,
				       ALPHA_DEV_IPA, 4).ret[0], BH_E_BAD_ADDRESS);
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_SAMPLING_WRITE, SAMPLES,
				       A(sizeof(alpha_ram) - 2), 4).ret[0], BH_E_BAD_ADDRESS);
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_SAMPLING_WRITE, SAMPLES,
				       0xfffffffffffffffeull, 4).ret[0], BH_E_BAD_ADDRESS);
	/* Nothing was written, and each refusal went to the health monitor. */
	assert_int_equal(samples_state.writes, 0);
	assert_int_equal((int64_t)call(&beta_vcpu, BH_HVC_SAMPLING_READ, SAMPLES, B(0), 16).ret[0],
			 BH_E_EMPTY);
	assert_int_equal(events("hm: partition 'beta' denied request"), 1);
	assert_int_equal(events("hm: partition 'alpha' denied request"), 1);
	assert_int_equal(events("hm: partition 'alpha' hypercall error"), 9);
	assert_non_null(strstr(fixture_console(), "the partition only reads this channel"));
}

static void sampling_read_needs_room_for_the_message(void **state)
{
	(void)state;
	call(&alpha_vcpu, BH_HVC_SAMPLING_WRITE, SAMPLES, put_alpha(0, "0123456789"), 10);
	assert_int_equal((int64_t)call(&beta_vcpu, BH_HVC_SAMPLING_READ, SAMPLES, B(0), 4).ret[0],
			 BH_E_INVALID);
	assert_int_equal((int64_t)call(&beta_vcpu, BH_HVC_SAMPLING_READ, SAMPLES, B(0), 10).ret[0],
			 BH_OK);
}

static void queue_is_fifo_and_refuses_when_full(void **state)
{
	struct sk_call c;

	(void)state;
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_QUEUING_SEND, COMMANDS,
				       put_alpha(0, "one"), 3).ret[0], BH_OK);
	c = call(&alpha_vcpu, BH_HVC_QUEUING_SEND, COMMANDS, put_alpha(16, "two two"), 7);
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_int_equal(c.ret[1], 2);
	/* Full: refused with a status, nothing overwritten, counted. */
	c = call(&alpha_vcpu, BH_HVC_QUEUING_SEND, COMMANDS, put_alpha(32, "three"), 5);
	assert_int_equal((int64_t)c.ret[0], BH_E_FULL);
	assert_int_equal(commands_state.refused, 1);
	assert_int_equal(events("hm: "), 0); /* a full queue is not a misuse */

	c = call(&beta_vcpu, BH_HVC_QUEUING_RECEIVE, COMMANDS, B(0), 16);
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_int_equal(c.ret[1], 3);
	assert_int_equal(c.ret[2], 1);
	assert_memory_equal(beta_ram, "one", 3);
	/* Room for one again; order kept across the wrap of the ring. */
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_QUEUING_SEND, COMMANDS,
				       put_alpha(48, "four"), 4).ret[0], BH_OK);
	c = call(&beta_vcpu, BH_HVC_QUEUING_RECEIVE, COMMANDS, B(0), 16);
	assert_int_equal(c.ret[1], 7);
	assert_memory_equal(beta_ram, "two two", 7);
	c = call(&beta_vcpu, BH_HVC_QUEUING_RECEIVE, COMMANDS, B(0), 16);
	assert_int_equal(c.ret[1], 4);
	assert_int_equal(c.ret[2], 0);
	assert_memory_equal(beta_ram, "four", 4);
	assert_int_equal((int64_t)call(&beta_vcpu, BH_HVC_QUEUING_RECEIVE, COMMANDS, B(0), 16).ret[0],
			 BH_E_EMPTY);
}

static void queue_receive_needs_room_for_the_message(void **state)
{
	(void)state;
	call(&alpha_vcpu, BH_HVC_QUEUING_SEND, COMMANDS, put_alpha(0, "a long one"), 10);
	assert_int_equal((int64_t)call(&beta_vcpu, BH_HVC_QUEUING_RECEIVE, COMMANDS, B(0), 4).ret[0],
			 BH_E_INVALID);
	assert_int_equal(commands_state.count, 1); /* still there */
	assert_int_equal((int64_t)call(&beta_vcpu, BH_HVC_QUEUING_RECEIVE, COMMANDS, B(0), 10).ret[0],
			 BH_OK);
	/* Receiving into memory the reader does not own changes nothing. */
	call(&alpha_vcpu, BH_HVC_QUEUING_SEND, COMMANDS, put_alpha(0, "x"), 1);
	assert_int_equal((int64_t)call(&beta_vcpu, BH_HVC_QUEUING_RECEIVE, COMMANDS,
				       (uintptr_t)alpha_ram, 16).ret[0], BH_E_BAD_ADDRESS);
	assert_int_equal(commands_state.count, 1);
	/* The sender cannot receive, the receiver cannot send. */
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_QUEUING_RECEIVE, COMMANDS, A(0), 16).ret[0],
			 BH_E_DENIED);
	assert_int_equal((int64_t)call(&beta_vcpu, BH_HVC_QUEUING_SEND, COMMANDS, B(0), 1).ret[0],
			 BH_E_DENIED);
}

static void sending_rings_the_readers_doorbell(void **state)
{
	(void)state;
	call(&alpha_vcpu, BH_HVC_QUEUING_SEND, COMMANDS, put_alpha(0, "x"), 1);
	/* beta's vCPU 0, slot after its devices (none): its first doorbell. */
	assert_int_equal(host_n_injected, 1);
	assert_int_equal(host_injected[0], 1u << 8 | (SK_VIRQ_FIRST_IRQ + 0u));
	/* A full queue rings nothing. */
	call(&alpha_vcpu, BH_HVC_QUEUING_SEND, COMMANDS, put_alpha(0, "x"), 1);
	call(&alpha_vcpu, BH_HVC_QUEUING_SEND, COMMANDS, put_alpha(0, "x"), 1);
	assert_int_equal(host_n_injected, 2);
}

static void shared_memory_doorbell(void **state)
{
	(void)state;
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_DOORBELL_RING, BULK, 0, 0).ret[0], BH_OK);
	assert_int_equal(host_n_injected, 1);
	assert_int_equal(host_injected[0], 1u << 8 | (SK_VIRQ_FIRST_IRQ + 1u));
	/* The reader cannot ring; a queuing port is not rung by hand. */
	assert_int_equal((int64_t)call(&beta_vcpu, BH_HVC_DOORBELL_RING, BULK, 0, 0).ret[0],
			 BH_E_DENIED);
	assert_int_equal((int64_t)call(&alpha_vcpu, BH_HVC_DOORBELL_RING, COMMANDS, 0, 0).ret[0],
			 BH_E_INVALID);
	assert_int_equal(host_n_injected, 1);
}

static void port_status(void **state)
{
	struct sk_call c;

	(void)state;
	host_now = 777;
	call(&alpha_vcpu, BH_HVC_SAMPLING_WRITE, SAMPLES, put_alpha(0, "s"), 1);
	call(&alpha_vcpu, BH_HVC_QUEUING_SEND, COMMANDS, put_alpha(0, "q"), 1);
	c = call(&beta_vcpu, BH_HVC_PORT_STATUS, SAMPLES, 0, 0);
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_int_equal(c.nret, 8);
	assert_int_equal(c.ret[1], BH_PORT_KIND_SAMPLING | BH_PORT_DESTINATION << 8);
	assert_int_equal(c.ret[2], 16);
	assert_int_equal(c.ret[4], 1);
	assert_int_equal(c.ret[5], 1);
	assert_int_equal(c.ret[7], 777);
	c = call(&alpha_vcpu, BH_HVC_PORT_STATUS, COMMANDS, 0, 0);
	assert_int_equal(c.ret[1], BH_PORT_KIND_QUEUING | BH_PORT_SOURCE << 8 | 1u << 16);
	assert_int_equal(c.ret[3], 2);
	assert_int_equal(c.ret[4], 1);
	c = call(&beta_vcpu, BH_HVC_PORT_STATUS, BULK, 0, 0);
	assert_int_equal(c.ret[1], BH_PORT_KIND_SHARED_MEMORY | BH_PORT_DESTINATION << 8 | 1u << 16);
	assert_int_equal(c.ret[2], 4096);
	assert_int_equal((int64_t)call(&beta_vcpu, BH_HVC_PORT_STATUS, 3, 0, 0).ret[0],
			 BH_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(sampling_write_then_read_latest, setup),
		cmocka_unit_test_setup(sampling_misuse_is_refused, setup),
		cmocka_unit_test_setup(sampling_read_needs_room_for_the_message, setup),
		cmocka_unit_test_setup(queue_is_fifo_and_refuses_when_full, setup),
		cmocka_unit_test_setup(queue_receive_needs_room_for_the_message, setup),
		cmocka_unit_test_setup(sending_rings_the_readers_doorbell, setup),
		cmocka_unit_test_setup(shared_memory_doorbell, setup),
		cmocka_unit_test_setup(port_status, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
