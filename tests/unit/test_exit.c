/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The exit path: which vCPU runs after a timer tick, a yield or a fault.
 * Fixture frame: alpha [0,100), idle [100,200), beta [200,300).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* The last 20 ticks of a window start no kernel work. */
#define FIXTURE_MARGIN_TICKS 20u
#include "fixture.h"

#include <bulkhead/hvc.h>
#include <sk/exit.h>

static int setup(void **state)
{
	(void)state;
	fixture_init();
	fixture_schedule_running();
	return 0;
}

static void first_pick_is_the_first_window(void **state)
{
	(void)state;
	assert_ptr_equal(sk_pick(&cpu0), &alpha_vcpu);
	assert_ptr_equal(cpu0.current, &alpha_vcpu);
	assert_ptr_equal(cpu0.regs, &alpha_vcpu.arch.regs);
	assert_int_equal(host_idles, 0);
}

static void window_end_idles_through_the_gap_then_runs_beta(void **state)
{
	(void)state;
	sk_pick(&cpu0);
	/* At alpha's end the gap follows: the CPU idles until beta's window. */
	assert_ptr_equal(fixture_timer_at(1100), &beta_vcpu);
	assert_int_equal(host_idles, 1);
	/* No switch time: no window waits for its start. */
	assert_int_equal(cpu0.arch.gate, 0);
	assert_int_equal(host_now, 1200);
	assert_int_equal(host_deadline, 1300);
	/* And at the frame's end, alpha again. */
	assert_ptr_equal(fixture_timer_at(1300), &alpha_vcpu);
	assert_int_equal(cpu0.sched.frame, 1);
	assert_int_equal(host_deadline, 1400);
}

static void early_timer_keeps_the_running_partition(void **state)
{
	(void)state;
	sk_pick(&cpu0);
	assert_ptr_equal(fixture_timer_at(1050), &alpha_vcpu);
	assert_int_equal(host_deadline, 1100);
	assert_int_equal(host_idles, 0);
}

static void yield_gives_up_the_rest_of_the_window(void **state)
{
	struct sk_exit e = { .kind = SK_EXIT_CALL };

	(void)state;
	sk_pick(&cpu0);
	host_now = 1010;
	e.u.call.fn = BH_HVC_YIELD;
	/* alpha yields: nothing runs until beta's window at 1200. */
	assert_ptr_equal(sk_handle_exit(&cpu0, &e), &beta_vcpu);
	assert_int_equal((int64_t)e.u.call.ret[0], BH_OK);
	assert_int_equal(host_now, 1200);
	assert_false(cpu0.yielded);
}

static void a_fault_restarts_the_partition_in_its_own_time(void **state)
{
	struct sk_exit e = { .kind = SK_EXIT_FAULT };

	(void)state;
	sk_pick(&cpu0);
	host_now = 1020;
	e.u.fault = (struct sk_fault){ .kind = SK_FAULT_INSTRUCTION,
				       .what = "SMC (secure monitor call)",
				       .pc = 0x40000010u, .syndrome = 0x5e000000u };
	/* Its table says cold restart; its window has room for the scrub
	 * and the load (the host's chunks take no time), so it starts
	 * afresh in the same window. */
	assert_ptr_equal(sk_handle_exit(&cpu0, &e), &alpha_vcpu);
	assert_non_null(strstr(fixture_console(),
			       "[sk] hm: partition 'alpha' trapped instruction: "
			       "SMC (secure monitor call), pc 0x40000010, "
			       "syndrome 0x5e000000\n"));
	assert_int_equal(alpha_state.mode, SK_MODE_COLD_START);
	assert_int_equal(alpha_state.restarts, 1);
	assert_false(alpha_state.loading);
	assert_false(alpha_vcpu.reset_pending);
}

/* The same fault with less than the work margin left in alpha's window:
 * nothing is done now, the idle gap follows, and the fault is raised again
 * (the instruction replayed) in alpha's next window. */
static void a_late_fault_waits_for_the_next_window(void **state)
{
	struct sk_exit e = { .kind = SK_EXIT_FAULT };

	(void)state;
	sk_pick(&cpu0);
	host_now = 1100 - FIXTURE_MARGIN_TICKS + 1u;
	e.u.fault = (struct sk_fault){ .kind = SK_FAULT_INSTRUCTION,
				       .what = "SMC (secure monitor call)",
				       .pc = 0x40000010u, .syndrome = 0x5e000000u };
	/* Beta's window at 1200 is next: alpha's tail and the gap are idle. */
	assert_ptr_equal(sk_handle_exit(&cpu0, &e), &beta_vcpu);
	assert_true(e.replay);
	assert_int_equal(host_now, 1200);
	assert_int_equal(alpha_state.deferred, 1);
	assert_int_equal(alpha_state.restarts, 0);
	assert_null(strstr(fixture_console(), "trapped instruction"));
	/* In alpha's next window it is carried out. */
	assert_ptr_equal(fixture_timer_at(1300), &alpha_vcpu);
	e.kind = SK_EXIT_FAULT;
	host_now = 1310;
	sk_handle_exit(&cpu0, &e);
	assert_false(e.replay);
	assert_int_equal(alpha_state.restarts, 1);
	assert_non_null(strstr(fixture_console(), "trapped instruction"));
}

/* A call too late in the window is not carried out: no results, replay. */
static void a_late_call_is_replayed(void **state)
{
	struct sk_exit e = { .kind = SK_EXIT_CALL };

	(void)state;
	sk_pick(&cpu0);
	host_now = 1099;
	e.u.call.fn = BH_HVC_GET_STATUS;
	e.u.call.nret = 0;
	e.u.call.ret[0] = 0x1234;
	assert_ptr_equal(sk_handle_exit(&cpu0, &e), &beta_vcpu);
	assert_true(e.replay);
	assert_int_equal(e.u.call.ret[0], 0x1234);
}

static void results_of_a_call_are_returned(void **state)
{
	struct sk_exit e = { .kind = SK_EXIT_CALL };

	(void)state;
	sk_pick(&cpu0);
	e.u.call.fn = BH_HVC_VERSION;
	assert_ptr_equal(sk_handle_exit(&cpu0, &e), &alpha_vcpu);
	assert_int_equal((int64_t)e.u.call.ret[0], BH_OK);
}

static void a_reset_vcpu_is_loaded_afresh_never_saved(void **state)
{
	unsigned resets;

	(void)state;
	sk_pick(&cpu0);
	assert_ptr_equal(cpu0.current, &alpha_vcpu);
	resets = alpha_vcpu.arch.resets;
	alpha_vcpu.arch.regs.pc = 0x4242;
	/* Restarted (warm) while its state is loaded on this CPU. */
	sk_partition_restart(&partitions[0], false, BH_START_PARTITION_RESTART);
	assert_true(alpha_vcpu.reset_pending);
	assert_int_equal(alpha_vcpu.arch.resets, resets); /* not yet */
	host_switched_to = NULL;
	assert_ptr_equal(sk_pick(&cpu0), &alpha_vcpu);
	assert_false(alpha_vcpu.reset_pending);
	assert_int_equal(alpha_vcpu.arch.resets, resets + 1);
	assert_int_equal(alpha_vcpu.arch.regs.pc, ALPHA_RAM_IPA);
	/* Loaded, and what the CPU held of it before was not saved. */
	assert_ptr_equal(host_switched_to, &alpha_vcpu);
	assert_null(host_switched_from);
}

static struct sk_vcpu *irq(uint32_t intid)
{
	struct sk_exit e = { .kind = SK_EXIT_IRQ, .u.irq = intid };

	return sk_handle_exit(&cpu0, &e);
}

static void device_interrupt_goes_to_its_owner_only(void **state)
{
	(void)state;
	sk_pick(&cpu0);
	/* INTID 40 is alpha's first device interrupt: alpha's vCPU 0, slot
	 * SK_VIRQ_FIRST_IRQ, hardware-linked; alpha keeps running. */
	assert_ptr_equal(irq(40), &alpha_vcpu);
	assert_int_equal(host_n_injected, 1);
	assert_int_equal(host_injected[0], 0u << 8 | SK_VIRQ_FIRST_IRQ);
	/* While beta runs, alpha's interrupt is only made pending for alpha:
	 * beta keeps the CPU. */
	fixture_timer_at(1100);
	assert_ptr_equal(cpu0.current, &beta_vcpu);
	assert_ptr_equal(irq(40), &beta_vcpu);
	assert_int_equal(host_n_injected, 2);
	assert_int_equal(host_injected[1], 0u << 8 | SK_VIRQ_FIRST_IRQ);
}

static void kernel_and_unowned_interrupts_go_to_nobody(void **state)
{
	(void)state;
	sk_pick(&cpu0);
	/* The kernel's console: what was typed goes to beta's PL011 (the
	 * fixture's console input), nobody is switched to. */
	host_typed = "z";
	assert_ptr_equal(irq(33), &alpha_vcpu);
	assert_int_equal(beta_state.vuart.rx_count, 1);
	assert_ptr_equal(irq(26), &alpha_vcpu); /* the kernel's timer */
	assert_ptr_equal(irq(41), &alpha_vcpu); /* nobody's */
	assert_ptr_equal(irq(0xffffffffu), &alpha_vcpu);
	assert_int_equal(host_n_injected, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(first_pick_is_the_first_window, setup),
		cmocka_unit_test_setup(window_end_idles_through_the_gap_then_runs_beta, setup),
		cmocka_unit_test_setup(early_timer_keeps_the_running_partition, setup),
		cmocka_unit_test_setup(yield_gives_up_the_rest_of_the_window, setup),
		cmocka_unit_test_setup(a_fault_restarts_the_partition_in_its_own_time, setup),
		cmocka_unit_test_setup(a_late_fault_waits_for_the_next_window, setup),
		cmocka_unit_test_setup(a_late_call_is_replayed, setup),
		cmocka_unit_test_setup(results_of_a_call_are_returned, setup),
		cmocka_unit_test_setup(device_interrupt_goes_to_its_owner_only, setup),
		cmocka_unit_test_setup(a_reset_vcpu_is_loaded_afresh_never_saved, setup),
		cmocka_unit_test_setup(kernel_and_unowned_interrupts_go_to_nobody, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
