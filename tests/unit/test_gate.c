/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The window gate (schedule.switch_time): when a slot with a partition
 * begins, the kernel asks the architecture to hold the partition until
 * the switch time into the slot (arch_window_gate(); arch/host records
 * what was asked in cpu0.arch.gate). An idle slot asks nothing, nor does
 * a timer interrupt within a slot.
 * Fixture frame: alpha [0,100), idle [100,200), beta [200,300); here a
 * switch time of 7 ticks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define FIXTURE_SWITCH_TICKS 7u
#include "fixture.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(each_window_starts_at_the_switch_time_into_it, setup),
		cmocka_unit_test_setup(a_timer_within_a_window_asks_no_wait, setup),
		cmocka_unit_test_setup(an_idle_slot_asks_no_wait, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
