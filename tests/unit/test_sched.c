/* SPDX-License-Identifier: Apache-2.0 */
/* Schedule arithmetic: slot lookup, deadlines, late interrupts, no drift. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <sk/config.h>
#include <sk/sched.h>

/* No tables: the schedule arithmetic reads none (SK_CHECK's panic path,
 * linked in, would print into an empty console ring). */
const struct sk_system sk_system;

/* A 400-tick frame: p0 [0,100), idle [100,250), p1 [250,400). */
static const struct sk_slot slots[] = {
	{ .start = 0, .end = 100, .partition = 0, .vcpu = 0, .window = 0 },
	{ .start = 100, .end = 250, .partition = SK_SLOT_IDLE, .vcpu = SK_NONE, .window = SK_NONE },
	{ .start = 250, .end = 400, .partition = 1, .vcpu = 0, .window = 1 },
};
static const struct sk_cpu_plan plan = { 3, slots };
#define MF 400u
#define T0 1000u

static void slot_lookup_at_every_boundary(void **state)
{
	(void)state;
	assert_int_equal(sk_sched_slot_at(&plan, 0), 0);
	assert_int_equal(sk_sched_slot_at(&plan, 99), 0);
	assert_int_equal(sk_sched_slot_at(&plan, 100), 1);
	assert_int_equal(sk_sched_slot_at(&plan, 249), 1);
	assert_int_equal(sk_sched_slot_at(&plan, 250), 2);
	assert_int_equal(sk_sched_slot_at(&plan, 399), 2);
}

static void slot_lookup_in_a_long_table(void **state)
{
	struct sk_slot many[97];
	struct sk_cpu_plan p = { 97, many };

	(void)state;
	for (uint32_t i = 0; i < 97; i++)
		many[i] = (struct sk_slot){ .start = i * 10u, .end = i * 10u + 10u,
					    .partition = i, .vcpu = 0, .window = i };
	for (uint64_t off = 0; off < 970; off++)
		assert_int_equal(sk_sched_slot_at(&p, off), off / 10u);
}

static void single_slot(void **state)
{
	static const struct sk_slot one[] = {
		{ .start = 0, .end = 50, .partition = 3, .vcpu = 0, .window = 0 },
	};
	struct sk_cpu_plan p = { 1, one };
	struct sk_sched s;

	(void)state;
	assert_int_equal(sk_sched_slot_at(&p, 49), 0);
	sk_sched_start(&s, &p, 50, 7);
	assert_int_equal(sk_sched_deadline(&s), 57);
	assert_true(sk_sched_advance(&s, 57));
	assert_int_equal(s.slot, 0);
	assert_int_equal(s.frame, 1);
	assert_int_equal(sk_sched_deadline(&s), 107);
}

static void start_and_first_deadline(void **state)
{
	struct sk_sched s;

	(void)state;
	sk_sched_start(&s, &plan, MF, T0);
	assert_int_equal(s.slot, 0);
	assert_int_equal(s.frame, 0);
	assert_int_equal(sk_sched_deadline(&s), T0 + 100);
	assert_int_equal(sk_sched_current(&s)->partition, 0);
}

static void early_interrupt_changes_nothing(void **state)
{
	struct sk_sched s;

	(void)state;
	sk_sched_start(&s, &plan, MF, T0);
	assert_false(sk_sched_advance(&s, T0 + 99));
	assert_int_equal(s.slot, 0);
	assert_int_equal(sk_sched_deadline(&s), T0 + 100);
}

static void on_time_boundaries_walk_the_frame(void **state)
{
	struct sk_sched s;

	(void)state;
	sk_sched_start(&s, &plan, MF, T0);
	assert_true(sk_sched_advance(&s, T0 + 100));
	assert_int_equal(s.slot, 1);
	assert_int_equal(sk_sched_current(&s)->partition, SK_SLOT_IDLE);
	assert_int_equal(sk_sched_deadline(&s), T0 + 250);
	assert_true(sk_sched_advance(&s, T0 + 250));
	assert_int_equal(s.slot, 2);
	assert_int_equal(sk_sched_deadline(&s), T0 + 400);
	assert_true(sk_sched_advance(&s, T0 + 400));
	assert_int_equal(s.slot, 0);
	assert_int_equal(s.frame, 1);
	assert_int_equal(s.frame_start, T0 + MF);
	assert_int_equal(sk_sched_deadline(&s), T0 + MF + 100);
	assert_int_equal(s.missed, 0);
}

static void late_interrupt_skips_slots_and_counts_them(void **state)
{
	struct sk_sched s;

	(void)state;
	sk_sched_start(&s, &plan, MF, T0);
	/* Taken 160 ticks late: slot 1 is over, we are in slot 2. */
	assert_true(sk_sched_advance(&s, T0 + 260));
	assert_int_equal(s.slot, 2);
	assert_int_equal(s.missed, 1);
	assert_int_equal(sk_sched_deadline(&s), T0 + 400);
}

static void very_late_interrupt_keeps_frames_aligned(void **state)
{
	struct sk_sched s;

	(void)state;
	sk_sched_start(&s, &plan, MF, T0);
	/* Three whole frames and 120 ticks later. */
	assert_true(sk_sched_advance(&s, T0 + 3 * MF + 120));
	assert_int_equal(s.frame, 3);
	assert_int_equal(s.frame_start, T0 + 3 * MF);
	assert_int_equal(s.slot, 1);
	/* 3 frames of 3 slots, plus one, minus the one expected crossing. */
	assert_int_equal(s.missed, 9);
	assert_int_equal(sk_sched_deadline(&s), T0 + 3 * MF + 250);
}

static void no_drift_over_many_frames(void **state)
{
	struct sk_sched s;

	(void)state;
	sk_sched_start(&s, &plan, MF, T0);
	for (uint32_t i = 0; i < 3000; i++) {
		/* Each interrupt arrives a little late; deadlines stay absolute. */
		assert_true(sk_sched_advance(&s, sk_sched_deadline(&s) + 7));
	}
	assert_int_equal(s.frame, 1000);
	assert_int_equal(s.frame_start, T0 + 1000u * MF);
	assert_int_equal(s.slot, 0);
	assert_int_equal(s.missed, 0);
}

static void empty_plan_is_a_kernel_bug(void **state)
{
	struct sk_cpu_plan empty = { 0, slots };
	struct sk_sched s;

	(void)state;
	expect_assert_failure(sk_sched_start(&s, &empty, MF, T0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(slot_lookup_at_every_boundary),
		cmocka_unit_test(slot_lookup_in_a_long_table),
		cmocka_unit_test(single_slot),
		cmocka_unit_test(start_and_first_deadline),
		cmocka_unit_test(early_interrupt_changes_nothing),
		cmocka_unit_test(on_time_boundaries_walk_the_frame),
		cmocka_unit_test(late_interrupt_skips_slots_and_counts_them),
		cmocka_unit_test(very_late_interrupt_keeps_frames_aligned),
		cmocka_unit_test(no_drift_over_many_frames),
		cmocka_unit_test(empty_plan_is_a_kernel_bug),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
