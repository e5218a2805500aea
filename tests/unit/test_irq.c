/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The portable interrupt routing decision (sk/irq_route.h) and the
 * interrupt fast path's decision built on it (sk/irq_fast.h), on the
 * host: a partition's interrupt reaches its owner's vCPU 0 and nobody
 * else, whoever runs; a number from the interrupt controller past the
 * routing table is nobody's; the console's input is left to the full
 * exit; and the fast path and the full exit (sk/exit.c, route()) decide
 * the same for every interrupt number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"

/* The fast path's hooks, recording what the decision asked for. */
enum { NONE, COMPLETE, RUNNING, WAITING };
static unsigned hook, hooks;
static const struct sk_vcpu *hook_vcpu;
static uint32_t hook_arg;

static void record(unsigned what, const struct sk_vcpu *v, uint32_t arg)
{
	hook = what;
	hook_vcpu = v;
	hook_arg = arg;
	hooks++;
}

#define SK_IRQ_COMPLETE(irq) record(COMPLETE, NULL, (irq))
#define SK_IRQ_PEND_RUNNING(v, slot) record(RUNNING, (v), (slot))
#define SK_IRQ_PEND_WAITING(v, slot) record(WAITING, (v), (slot))
#include <sk/irq_fast.h>

static int setup(void **state)
{
	(void)state;
	fixture_init();
	fixture_schedule_running();
	hook = NONE;
	hooks = 0;
	hook_vcpu = NULL;
	hook_arg = 0;
	host_n_completed = 0;
	host_completed = 0;
	return 0;
}

/* The numbers a hostile or broken interrupt controller could hand over:
 * the table's edges, far past it, the top of the field. */
static const uint32_t past_the_table[] = { 41, 42, 1019, 1020, 1023, 0xffffffu,
					   0x7fffffffu, 0xfffffffeu, 0xffffffffu };

static void owned_interrupt_goes_to_its_owners_vcpu0(void **state)
{
	struct sk_irq_dest d = { NULL, 0 };

	(void)state;
	assert_int_equal(sk_irq_route(40, &d), SK_IRQ_OWNER);
	assert_ptr_equal(d.vcpu, &alpha_vcpu);
	assert_ptr_equal(d.vcpu->partition, &partitions[0]);
	assert_int_equal(d.slot, SK_VIRQ_FIRST_IRQ);
}

static void numbers_past_the_table_are_nobodys(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < sizeof(past_the_table) / sizeof(past_the_table[0]); i++) {
		struct sk_irq_dest d = { &beta_vcpu, 77 };

		assert_int_equal(sk_irq_route(past_the_table[i], &d), SK_IRQ_NOBODY);
		/* Untouched: nothing read past the table. */
		assert_ptr_equal(d.vcpu, &beta_vcpu);
		assert_int_equal(d.slot, 77);
	}
}

static void unrouted_and_kernel_interrupts_are_nobodys(void **state)
{
	struct sk_irq_dest d = { NULL, 0 };

	(void)state;
	/* Inside the table, slot 0: nobody's (26 is the kernel's timer). */
	for (uint32_t irq = 0; irq < 40; irq++)
		if (irq != 33u)
			assert_int_equal(sk_irq_route(irq, &d), SK_IRQ_NOBODY);
	assert_null(d.vcpu);
	assert_int_equal(sk_irq_route(33, &d), SK_IRQ_CONSOLE);
	assert_null(d.vcpu);
}

static void fast_path_pends_live_only_for_the_running_vcpu(void **state)
{
	(void)state;
	cpu0.current = &alpha_vcpu;
	assert_int_equal(sk_irq_fast(&cpu0, 40), SK_FAST_DONE);
	assert_int_equal(hooks, 1);
	assert_int_equal(hook, RUNNING);
	assert_ptr_equal(hook_vcpu, &alpha_vcpu);
	assert_int_equal(hook_arg, SK_VIRQ_FIRST_IRQ);
}

static void fast_path_never_gives_the_running_partition_anothers_interrupt(void **state)
{
	(void)state;
	/* beta runs: alpha's interrupt waits for alpha's window, and beta's
	 * live interface is not touched; beta goes on (SK_FAST_DONE). */
	cpu0.current = &beta_vcpu;
	assert_int_equal(sk_irq_fast(&cpu0, 40), SK_FAST_DONE);
	assert_int_equal(hooks, 1);
	assert_int_equal(hook, WAITING);
	assert_ptr_equal(hook_vcpu, &alpha_vcpu);
	assert_int_equal(hook_arg, SK_VIRQ_FIRST_IRQ);
}

static void fast_path_leaves_the_console_to_the_full_exit(void **state)
{
	(void)state;
	cpu0.current = &beta_vcpu;
	assert_int_equal(sk_irq_fast(&cpu0, 33), SK_FAST_EXIT);
	assert_int_equal(hooks, 0);
}

static void fast_path_completes_nobodys(void **state)
{
	(void)state;
	cpu0.current = &alpha_vcpu;
	for (uint32_t i = 0; i < sizeof(past_the_table) / sizeof(past_the_table[0]); i++) {
		hooks = 0;
		assert_int_equal(sk_irq_fast(&cpu0, past_the_table[i]), SK_FAST_DONE);
		assert_int_equal(hooks, 1);
		assert_int_equal(hook, COMPLETE);
		assert_int_equal(hook_arg, past_the_table[i]);
	}
	hooks = 0;
	assert_int_equal(sk_irq_fast(&cpu0, 39), SK_FAST_DONE);
	assert_int_equal(hook, COMPLETE);
	assert_int_equal(hook_arg, 39);
}

/* Interrupt `irq` on the full exit while cur runs. */
static void full_exit(struct sk_vcpu *cur, uint32_t irq)
{
	struct sk_exit e = { .kind = SK_EXIT_IRQ, .u.irq = irq };

	cpu0.current = cur;
	sk_handle_exit(&cpu0, &e);
}

/*
 * For every number in and around the table, whoever runs: the full exit
 * injects where the fast path pends (the same vCPU and slot), and
 * completes what the fast path completes; the console's it reads and
 * completes.
 */
static void fast_and_full_paths_route_alike(void **state)
{
	static struct sk_vcpu *const runs[] = { &alpha_vcpu, &beta_vcpu };

	(void)state;
	sk_pick(&cpu0);
	for (uint32_t r = 0; r < 2u; r++) {
		for (uint32_t irq = 0; irq < 64u; irq++) {
			uint32_t fast;

			hooks = 0;
			hook = NONE;
			cpu0.current = runs[r];
			fast = sk_irq_fast(&cpu0, irq);
			host_n_injected = 0;
			host_n_completed = 0;
			host_typed = "";
			full_exit(runs[r], irq);
			if (hook == RUNNING || hook == WAITING) {
				assert_int_equal(fast, SK_FAST_DONE);
				assert_int_equal(host_n_injected, 1);
				assert_int_equal(host_injected[0],
						 hook_vcpu->partition->id << 8 | hook_arg);
				assert_int_equal(host_n_completed, 0);
			} else {
				assert_int_equal(host_n_injected, 0);
				assert_int_equal(host_n_completed, 1);
				assert_int_equal(host_completed, irq);
				assert_int_equal(fast, hook == COMPLETE ? SK_FAST_DONE : SK_FAST_EXIT);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(owned_interrupt_goes_to_its_owners_vcpu0, setup),
		cmocka_unit_test_setup(numbers_past_the_table_are_nobodys, setup),
		cmocka_unit_test_setup(unrouted_and_kernel_interrupts_are_nobodys, setup),
		cmocka_unit_test_setup(fast_path_pends_live_only_for_the_running_vcpu, setup),
		cmocka_unit_test_setup(
			fast_path_never_gives_the_running_partition_anothers_interrupt, setup),
		cmocka_unit_test_setup(fast_path_leaves_the_console_to_the_full_exit, setup),
		cmocka_unit_test_setup(fast_path_completes_nobodys, setup),
		cmocka_unit_test_setup(fast_and_full_paths_route_alike, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
