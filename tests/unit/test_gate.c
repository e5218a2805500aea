/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The window gate (schedule.switch_time): when a slot with a partition
 * begins, the kernel asks the architecture to hold the partition until
 * the switch time into the slot (arch_window_gate(); arch/host records
 * what was asked in cpu0.arch.gate). An idle slot asks nothing, nor does
 * a timer interrupt within a slot.
 * Fixture frame: alpha [0,100), idle [100,200), beta [200,300); here a
 * switch time of 7 ticks and a work margin of 10.
 *
 * A window that begins after its switch time (fixture_enter() models the
 * architecture's gate) is counted for its partition; if the kernel's work
 * for the partition of the window before ran past that window's end, that
 * partition is charged: its overrun event comes at the start of its own
 * next window, not in anyone else's switch time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define FIXTURE_SWITCH_TICKS 7u
#define FIXTURE_MARGIN_TICKS 10u
#include "fixture.h"

#include <string.h>

#include <bulkhead/hvc.h>
#include <sk/audit.h>
#include <sk/exit.h>

static int setup(void **state)
{
	(void)state;
	fixture_init();
	fixture_schedule_running();
	return 0;
}

static void each_window_starts_at_the_switch_time_into_it(void **state)
{
	(void)state;
	sk_pick(&cpu0);
	/* Through the gap (an idle slot: no gate) to beta at 1200. */
	assert_ptr_equal(fixture_timer_at(1100), &beta_vcpu);
	assert_int_equal(host_now, 1200);
	assert_int_equal(cpu0.arch.gate, 1207);
	/* Alpha's window of the next frame, at 1300. */
	assert_ptr_equal(fixture_timer_at(1300), &alpha_vcpu);
	assert_int_equal(cpu0.arch.gate, 1307);
}

static void a_timer_within_a_window_asks_no_wait(void **state)
{
	(void)state;
	sk_pick(&cpu0);
	assert_ptr_equal(fixture_timer_at(1050), &alpha_vcpu);
	assert_int_equal(host_gates, 0);
}

static void an_idle_slot_asks_no_wait(void **state)
{
	(void)state;
	sk_pick(&cpu0);
	/* At 1100 the gap begins: the kernel idles through it and asks only
	 * for beta's start, once. */
	fixture_timer_at(1100);
	assert_int_equal(host_gates, 1);
	assert_int_equal(cpu0.arch.gate, 1207);
}

/* Beta, in its window [1200,1300), calls a function that does not exist
 * 10 ticks before the end (admitted: the margin is 10), and each look at
 * the clock meanwhile costs 3 ticks: the refused call's handling (health
 * monitor, audit, log line) runs past 1300. */
static struct sk_vcpu *beta_refused_call_at_1290(void)
{
	struct sk_exit e = { .kind = SK_EXIT_CALL };
	struct sk_vcpu *v;

	fixture_timer_at(1100);
	fixture_enter();
	host_now = 1290;
	e.u.call.fn = 0xc6000fffu;
	host_clock_step = 3;
	v = sk_handle_exit(&cpu0, &e);
	host_clock_step = 0;
	return v;
}

static void a_late_start_is_charged_to_the_partition_whose_work_overran(void **state)
{
	uint64_t late_start_records = 0;

	(void)state;
	/* As once partitions run: console lines are queued, not sent. */
	sk_console_queue_only();
	sk_pick(&cpu0);
	fixture_enter();
	assert_ptr_equal(beta_refused_call_at_1290(), &beta_vcpu);
	assert_true(host_now > 1300 + FIXTURE_SWITCH_TICKS);
	assert_non_null(strstr(fixture_console(), "hypercall error"));
	/* Alpha's window of the next frame, due at 1300 + 7, begins late. */
	assert_ptr_equal(fixture_timer_at(host_now), &alpha_vcpu);
	fixture_enter();
	assert_int_equal(cpu0.late_starts, 1);
	/* Counted for alpha at the end of its window (1400); the kernel idles
	 * through the gap, and at beta's next window (1500) the overrun is
	 * audited and beta's overrun event raised, in beta's time. */
	assert_ptr_equal(fixture_timer_at(1400), &beta_vcpu);
	assert_int_equal(alpha_vcpu.late_starts, 1);
	assert_int_equal(beta_vcpu.overruns, 1);
	assert_int_equal(beta_vcpu.overrun_pending, 0);
	assert_non_null(strstr(fixture_console(),
			       "hm: partition 'beta' overrun: the kernel's work for it ran "
			       "into window 0 on cpu0, which began late (1 times since it "
			       "last ran)"));
	assert_null(strstr(fixture_console(), "began after its switch time"));
	{
		struct bh_audit_record r[16];
		uint64_t next, lost;
		uint32_t n = sk_audit_read(0, r, 16, &next, &lost);

		for (uint32_t i = 0; i < n; i++)
			if (r[i].event == BH_AUDIT_LATE_START) {
				assert_int_equal(r[i].partition, 0);
				assert_true(r[i].time >= 1500u);
				late_start_records++;
			}
	}
	assert_int_equal(late_start_records, 1);
	/* That work was beta's own, and done within the switch time here:
	 * beta still starts on its tick. */
	assert_int_equal(cpu0.arch.gate, 1507);
	fixture_enter();
	assert_int_equal(host_now, 1507);
	assert_int_equal(cpu0.late_starts, 1);
}

/* Work of a window's own partition before it runs (a step of its cold
 * start) that takes it past its switch time is not a late start. */
static void a_start_late_by_its_own_cold_start_is_not_a_late_start(void **state)
{
	(void)state;
	sk_pick(&cpu0);
	fixture_enter();
	sk_partition_restart(&partitions[1], true, BH_START_PARTITION_RESTART);
	/* Its 4 KiB scrubbed at 3 ticks a KiB: done after 1207. */
	host_ticks_per_kib = 3;
	fixture_timer_at(1100); /* through the gap to beta's window at 1200 */
	assert_true(host_now > 1207);
	fixture_enter();
	host_ticks_per_kib = 0;
	assert_int_equal(cpu0.late_starts, 1);
	fixture_timer_at(1300);
	assert_int_equal(beta_vcpu.late_starts, 0);
	assert_null(strstr(fixture_console(), "began after its switch time"));
}

static void a_late_start_nobody_caused_is_the_kernels_own(void **state)
{
	(void)state;
	sk_pick(&cpu0);
	fixture_enter();
	/* Beta's window begins late, but alpha's window ended on time (the
	 * idle gap came after it): the kernel's own switch was too slow. */
	fixture_timer_at(1100);
	host_now = 1210;
	fixture_enter();
	fixture_timer_at(1300);
	assert_int_equal(beta_vcpu.late_starts, 1);
	assert_int_equal(alpha_vcpu.overruns + beta_vcpu.overruns, 0);
	assert_non_null(strstr(fixture_console(),
			       "schedule: cpu0: window 1 began after its switch time (1 late starts"));
	assert_null(strstr(fixture_console(), "overrun"));
	/* The 2nd is said too, the 3rd only counted, the 4th said. */
	for (uint64_t frame = 1; frame <= 3; frame++) {
		fixture_timer_at(1100 + frame * 300);
		host_now = 1210 + frame * 300;
		fixture_enter();
		fixture_timer_at(1300 + frame * 300);
	}
	assert_int_equal(beta_vcpu.late_starts, 4);
	assert_non_null(strstr(fixture_console(), "(2 late starts"));
	assert_null(strstr(fixture_console(), "(3 late starts"));
	assert_non_null(strstr(fixture_console(), "(4 late starts"));
}

static void the_longest_switch_into_a_window_is_kept(void **state)
{
	(void)state;
	sk_pick(&cpu0);
	fixture_enter();
	/* The clock moves 2 ticks a look: the switch into beta's window at
	 * 1200 (the kernel idles through the gap from 1100) is seen done a
	 * few ticks in, and kept as beta's longest. */
	host_clock_step = 2;
	assert_ptr_equal(fixture_timer_at(1100), &beta_vcpu);
	host_clock_step = 0;
	assert_true(beta_vcpu.switch_worst > 0u);
	assert_true(beta_vcpu.switch_worst < FIXTURE_SWITCH_TICKS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(each_window_starts_at_the_switch_time_into_it, setup),
		cmocka_unit_test_setup(a_timer_within_a_window_asks_no_wait, setup),
		cmocka_unit_test_setup(an_idle_slot_asks_no_wait, setup),
		cmocka_unit_test_setup(a_late_start_is_charged_to_the_partition_whose_work_overran,
				       setup),
		cmocka_unit_test_setup(a_late_start_nobody_caused_is_the_kernels_own, setup),
		cmocka_unit_test_setup(a_start_late_by_its_own_cold_start_is_not_a_late_start,
				       setup),
		cmocka_unit_test_setup(the_longest_switch_into_a_window_is_kept, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
