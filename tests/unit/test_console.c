/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The console from several CPUs at once: two threads stand for two vCPUs
 * of beta writing its console (hypercall or PL011) on two CPUs, a third
 * for the health monitor flushing beta's line from another. Each byte
 * written comes out exactly once, in lines no longer than the line limit:
 * beta's line buffer is changed only under its lock. And the fast path's
 * share of a write (sk/console_fast.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"

#include <sk/console_fast.h>
#include <sk/vdev.h>

#define ROUNDS 4000u

static int setup(void **state)
{
	(void)state;
	fixture_init();
	return 0;
}

/* Writes "x" ROUNDS times, a newline every 150 (longer than a line). */
static void *writer(void *arg)
{
	char c = *(const char *)arg;

	for (uint32_t i = 1; i <= ROUNDS; i++)
		sk_console_partition_write(&partitions[1], i % 150u == 0u ? "\n" : &c, 1);
	return NULL;
}

static void *flusher(void *arg)
{
	(void)arg;
	for (uint32_t i = 0; i < ROUNDS / 4u; i++)
		sk_console_partition_flush(&partitions[1]);
	return NULL;
}

static void every_byte_comes_out_once_in_bounded_lines(void **state)
{
	pthread_t a, b, f;
	char ca = 'a', cb = 'b';
	uint32_t na = 0, nb = 0, longest = 0, len = 0;

	(void)state;
	assert_int_equal(pthread_create(&a, NULL, writer, &ca), 0);
	assert_int_equal(pthread_create(&b, NULL, writer, &cb), 0);
	assert_int_equal(pthread_create(&f, NULL, flusher, NULL), 0);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	pthread_join(f, NULL);
	sk_console_partition_flush(&partitions[1]);
	for (const char *s = fixture_console(); *s != '\0'; s++) {
		if (strncmp(s, "[beta] ", 7) == 0 && (s == fixture_console() || s[-1] == '\n')) {
			s += 6;
			len = 0;
			continue;
		}
		if (*s == '\n') {
			longest = len > longest ? len : longest;
			continue;
		}
		len++;
		na += *s == 'a';
		nb += *s == 'b';
	}
	/* ROUNDS bytes each, less the newlines. */
	assert_int_equal(na, ROUNDS - ROUNDS / 150u);
	assert_int_equal(nb, ROUNDS - ROUNDS / 150u);
	assert_true(longest <= SK_CONSOLE_LINE_MAX);
}

/* The fast path's share (sk/console_fast.h): only a byte that changes
 * nothing but the line buffer, when nobody holds the buffer. */
static void the_fast_append_takes_only_what_needs_no_output(void **state)
{
	struct sk_partition *st = partitions[1].state;

	(void)state;
	assert_true(sk_console_append_fast(&partitions[1], 'o'));
	assert_true(sk_console_append_fast(&partitions[1], '\x1b')); /* shown as '.' */
	assert_int_equal(st->console_len, 2);
	assert_memory_equal(st->console_line, "o.", 2);
	/* A line end prints: the full path's. */
	assert_false(sk_console_append_fast(&partitions[1], '\n'));
	assert_false(sk_console_append_fast(&partitions[1], '\r'));
	/* Someone holds the buffer: not waited for. */
	sk_spin_lock(&st->console_lock);
	assert_false(sk_console_append_fast(&partitions[1], 'x'));
	sk_spin_unlock(&st->console_lock);
	/* The last byte before a full line is the full path's (it prints). */
	st->console_len = SK_CONSOLE_LINE_MAX - 1u;
	assert_false(sk_console_append_fast(&partitions[1], 'x'));
	st->console_len = 2;
	/* An open line on the console (someone typing): the full path's. */
	host_typed = "k";
	sk_console_input();
	assert_false(sk_console_append_fast(&partitions[1], 'k'));
	assert_string_equal(fixture_console(), "[beta] o.");
	assert_int_equal(st->console_len, 0);
}


/* Nothing reaches the device until the kernel drains the ring in its own
 * time; a drain never waits for a busy device and stops at its time. */
static void lines_wait_in_the_ring_until_a_drain(void **state)
{
	(void)state;
	sk_console_queue_only();
	sk_console_partition_write(&partitions[0], "one\ntwo\n", 8);
	assert_string_equal(host_console(), "");
	/* The device takes 5 bytes, then is busy: the drain stops there. */
	host_console_room = 5;
	sk_console_drain(SK_TIME_NEVER);
	assert_string_equal(host_console(), "[alph");
	/* A drain whose time is up sends nothing. */
	host_console_room = ~0u;
	host_now = 500;
	sk_console_drain(500);
	assert_string_equal(host_console(), "[alph");
	sk_console_drain(501);
	assert_string_equal(host_console(), "[alpha] one\n[alpha] two\n");
}

/* A partition's lines and the kernel's lines about it share its budget
 * per major frame; the excess is dropped, counted and reported once, in
 * its next frame with output. The kernel's own lines are not charged. */
static void the_budget_bounds_a_partition_per_frame(void **state)
{
	char line[101];

	(void)state;
	sk_console_queue_only();
	memset(line, 'x', 99);
	line[99] = '\n';
	line[100] = '\0';
	host_now = 10; /* frame 0, where its boot's audit record is charged */
	uint32_t base = alpha_state.console_used;
	uint32_t fit = (60000u - base) / 108u;

	/* "[alpha] " + 99 + "\n" = 108 bytes a line. */
	for (uint32_t i = 0; i < 600u; i++)
		sk_console_partition_write(&partitions[0], line, 100);
	assert_int_equal(alpha_state.console_used, base + fit * 108u);
	assert_int_equal(alpha_state.console_dropped, (600u - fit) * 108u);
	/* The kernel's lines about alpha are dropped too now; its own not. */
	sk_log_for(&partitions[0], "hm: partition 'alpha' something");
	sk_log("kernel's own");
	assert_int_equal(alpha_state.console_dropped, (600u - fit) * 108u + 37u);
	host_now = 310; /* frame 1: a fresh budget, and the report */
	sk_console_partition_write(&partitions[0], "again\n", 6);
	char report[160];

	snprintf(report, sizeof(report),
		 "[sk] console: partition 'alpha' over its budget of 60000 bytes "
		 "per frame: %u bytes dropped in frame 0\n[alpha] again\n",
		 (600u - fit) * 108u + 37u);
	assert_non_null(strstr(fixture_console(), report));
	assert_non_null(strstr(fixture_console(), "[sk] kernel's own\n"));
	assert_null(strstr(fixture_console(), "something"));
	assert_int_equal(alpha_state.console_dropped_total, (600u - fit) * 108u + 37u);
	assert_int_equal(alpha_state.console_used, 14u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(every_byte_comes_out_once_in_bounded_lines, setup),
		cmocka_unit_test_setup(the_fast_append_takes_only_what_needs_no_output, setup),
		cmocka_unit_test_setup(lines_wait_in_the_ring_until_a_drain, setup),
		cmocka_unit_test_setup(the_budget_bounds_a_partition_per_frame, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
