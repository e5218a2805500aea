/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Schedule plans: a switch asked for in frame F takes effect at the start
 * of frame F + 1, on the exit path of the tick that crosses the boundary,
 * with the frame grid kept. Fixture plans on one CPU, frame 300 ticks:
 *   0 'normal':   alpha [0,100), idle [100,200), beta [200,300)
 *   1 'degraded': alpha [0,250), beta [250,300)
 * alpha has the switch_plan privilege, beta has none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"

#include <bulkhead/hvc.h>
#include <sk/audit.h>
#include <sk/exit.h>
#include <sk/hypercall.h>

#define T0 1000u /* frame 0 starts here */

static int setup(void **state)
{
	(void)state;
	fixture_init();
	sk_plans_start(0, T0, 300);
	cpu0.plan = 0;
	sk_sched_start(&cpu0.sched, &cpu_plans[0], 300, T0);
	host_now = T0;
	host_deadline = sk_sched_deadline(&cpu0.sched);
	cpu0.current = NULL;
	sk_pick(&cpu0);
	return 0;
}

static struct sk_vcpu *timer_at(uint64_t now)
{
	struct sk_exit e = { .kind = SK_EXIT_TIMER };

	host_now = now;
	return sk_handle_exit(&cpu0, &e);
}

static struct sk_call call_as(struct sk_vcpu *v, uint64_t fn, uint64_t a1)
{
	struct sk_call c;

	memset(&c, 0, sizeof(c));
	c.fn = fn;
	c.arg[0] = a1;
	sk_hypercall(&cpu0, v, &c);
	return c;
}

static void request_is_for_the_next_frame(void **state)
{
	(void)state;
	sk_plan_request_at(1, T0 + 299); /* last tick of frame 0 */
	assert_int_equal(sk_plan_in_frame(0, 0), 0);
	assert_int_equal(sk_plan_in_frame(1, 0), 1);
	assert_int_equal(sk_plan_in_frame(7, 0), 1);
	assert_int_equal(sk_plan_pending(0), 1);
	assert_int_equal(sk_plan_pending(1), SK_NONE);
	/* A request on the boundary itself is for the frame after. */
	sk_plan_request_at(0, T0 + 300);
	assert_int_equal(sk_plan_in_frame(1, 1), 1);
	assert_int_equal(sk_plan_in_frame(2, 1), 0);
}

static void the_last_request_in_a_frame_wins(void **state)
{
	(void)state;
	sk_plan_request_at(1, T0 + 10);
	sk_plan_request_at(0, T0 + 20);
	assert_int_equal(sk_plan_in_frame(1, 0), 0);
	assert_int_equal(sk_plan_pending(0), 0);
}

static void frame_arithmetic(void **state)
{
	(void)state;
	assert_int_equal(sk_frame_at(0), 0); /* before the start: frame 0 */
	assert_int_equal(sk_frame_at(T0), 0);
	assert_int_equal(sk_frame_at(T0 + 299), 0);
	assert_int_equal(sk_frame_at(T0 + 300), 1);
	assert_int_equal(sk_frame_start(0), T0);
	assert_int_equal(sk_frame_start(5), T0 + 1500);
}

static void privileged_switch_takes_effect_at_the_frame_boundary(void **state)
{
	struct sk_call c;

	(void)state;
	host_now = T0 + 50;
	c = call_as(&alpha_vcpu, BH_HVC_SWITCH_PLAN, 1);
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_non_null(strstr(fixture_console(),
			       "[sk] partition 'alpha' asks for plan 'degraded' from the next "
			       "major frame\n"));
	/* The status call shows it pending. */
	c = call_as(&alpha_vcpu, BH_HVC_GET_STATUS, 0);
	assert_int_equal(c.ret[4], 0);
	assert_int_equal(c.ret[5], 1);
	assert_int_equal(c.ret[6], 0);
	assert_int_equal(c.ret[7], T0);

	/* The rest of frame 0 follows plan 'normal': alpha's window ends at
	 * 100, idle until beta's at 200. */
	assert_ptr_equal(timer_at(T0 + 100), &beta_vcpu);
	assert_int_equal(host_now, T0 + 200);
	assert_int_equal(cpu0.plan, 0);
	/* At 300, frame 1 in plan 'degraded': alpha until 250. */
	assert_ptr_equal(timer_at(T0 + 300), &alpha_vcpu);
	assert_int_equal(cpu0.plan, 1);
	assert_int_equal(cpu0.sched.frame, 1);
	assert_int_equal(host_deadline, T0 + 300 + 250);
	assert_non_null(strstr(fixture_console(),
			       "[sk] schedule: plan 'degraded' from frame 1 (tick 1300)\n"));
	assert_non_null(strstr(fixture_console(), "plan switch (1, 0x1)"));
	assert_ptr_equal(timer_at(T0 + 550), &beta_vcpu);
	assert_int_equal(host_deadline, T0 + 600);
	c = call_as(&alpha_vcpu, BH_HVC_GET_STATUS, 0);
	assert_int_equal(c.ret[4], 1);
	assert_int_equal(c.ret[5], SK_NONE);
}

static void a_late_tick_still_switches_on_the_grid(void **state)
{
	(void)state;
	sk_plan_request_at(1, T0 + 50);
	timer_at(T0 + 100);
	/* The boundary tick comes 40 ticks late: the new plan is taken up
	 * from the frame's start, not from the late tick. */
	assert_ptr_equal(timer_at(T0 + 340), &alpha_vcpu);
	assert_int_equal(cpu0.plan, 1);
	assert_int_equal(host_deadline, T0 + 550);
	assert_non_null(strstr(fixture_console(), "from frame 1 (tick 1300)"));
}

static void a_tick_that_misses_whole_frames_lands_in_the_new_plan(void **state)
{
	(void)state;
	sk_plan_request_at(1, T0 + 50);
	/* Next tick in frame 3, 260 ticks in: degraded's beta window. */
	assert_ptr_equal(timer_at(T0 + 900 + 260), &beta_vcpu);
	assert_int_equal(cpu0.plan, 1);
	assert_int_equal(cpu0.sched.frame, 3);
	assert_int_equal(host_deadline, T0 + 1200);
}

static void unprivileged_switch_is_refused_and_audited(void **state)
{
	struct bh_audit_record r[4];
	uint64_t next, lost, seq;
	struct sk_call c;

	(void)state;
	/* Where the log is now. */
	seq = 0;
	for (int i = 0; i < 100 && sk_audit_read(seq, r, 4, &next, &lost) > 0; i++)
		seq = next;
	c = call_as(&beta_vcpu, BH_HVC_SWITCH_PLAN, 1);
	assert_int_equal((int64_t)c.ret[0], BH_E_DENIED);
	assert_int_equal(sk_plan_pending(0), SK_NONE);
	assert_int_equal(sk_audit_read(seq, r, 4, &next, &lost), 3);
	assert_int_equal(r[0].partition, 1);
	assert_int_equal(r[0].event, BH_AUDIT_DENIED);
	assert_int_equal(r[0].info, 0x0007); /* the function number */
	assert_int_equal(r[1].event, BH_AUDIT_HM_EVENT);
	assert_int_equal(r[1].info, SK_HM_DENIED_REQUEST);
	assert_int_equal(r[2].event, BH_AUDIT_HM_ACTION);
	assert_non_null(strstr(fixture_console(),
			       "[sk] hm: partition 'beta' denied request: function 0xc6000007: "
			       "plan switch without the switch_plan privilege (status -3)\n"));
	/* Nothing changes at the boundary. */
	timer_at(T0 + 100);
	timer_at(T0 + 300);
	assert_int_equal(cpu0.plan, 0);
}

static void no_such_plan(void **state)
{
	(void)state;
	assert_int_equal((int64_t)call_as(&alpha_vcpu, BH_HVC_SWITCH_PLAN, 2).ret[0],
			 BH_E_INVALID);
	assert_int_equal((int64_t)call_as(&alpha_vcpu, BH_HVC_SWITCH_PLAN,
					  0x100000001ull).ret[0],
			 BH_E_INVALID);
	assert_int_equal(sk_plan_pending(0), SK_NONE);
}

static void switching_to_the_plan_in_effect_changes_nothing(void **state)
{
	(void)state;
	sk_plan_request_at(0, T0 + 50);
	timer_at(T0 + 100);
	timer_at(T0 + 300);
	assert_int_equal(cpu0.plan, 0);
	assert_null(strstr(fixture_console(), "schedule: plan"));
}

static void a_cpu_the_plan_leaves_unused_sleeps_until_a_switch(void **state)
{
	static const struct sk_slot idle_slot[] = {
		{ .start = 0, .end = 300, .partition = SK_SLOT_IDLE, .vcpu = SK_NONE,
		  .window = SK_NONE },
	};
	static const struct sk_cpu_plan unused = { 1, idle_slot };
	struct sk_sched s;

	(void)state;
	sk_sched_start(&s, &unused, 300, T0);
	assert_true(sk_sched_unused(&s));
	assert_false(sk_sched_unused(&cpu0.sched));
	host_now = T0 + 10;
	assert_int_equal(sk_sched_next_event(&s), SK_TIME_NEVER);
	/* A switch asked for in frame 3 wakes it at the start of frame 4,
	 * although its own frame count stayed at 0 while it slept. */
	sk_plan_request_at(1, T0 + 3 * 300 + 20);
	host_now = T0 + 3 * 300 + 30;
	assert_int_equal(sk_sched_next_event(&s), T0 + 4 * 300);
	/* Once that frame has begun, nothing more. */
	host_now = T0 + 4 * 300;
	assert_int_equal(sk_sched_next_event(&s), SK_TIME_NEVER);
	/* A CPU with windows has the end of its slot as its next event. */
	assert_int_equal(sk_sched_next_event(&cpu0.sched), T0 + 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(request_is_for_the_next_frame, setup),
		cmocka_unit_test_setup(the_last_request_in_a_frame_wins, setup),
		cmocka_unit_test_setup(frame_arithmetic, setup),
		cmocka_unit_test_setup(privileged_switch_takes_effect_at_the_frame_boundary, setup),
		cmocka_unit_test_setup(a_late_tick_still_switches_on_the_grid, setup),
		cmocka_unit_test_setup(a_tick_that_misses_whole_frames_lands_in_the_new_plan, setup),
		cmocka_unit_test_setup(unprivileged_switch_is_refused_and_audited, setup),
		cmocka_unit_test_setup(no_such_plan, setup),
		cmocka_unit_test_setup(switching_to_the_plan_in_effect_changes_nothing, setup),
		cmocka_unit_test_setup(a_cpu_the_plan_leaves_unused_sleeps_until_a_switch, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
