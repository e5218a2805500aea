/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Health-monitor decisions: each event goes to the action the partition's
 * table gives, restarts count up to the limit and then the escalation
 * action happens, and every decision is audited. Fixture tables (alpha):
 *   memory violation    stop
 *   trapped instruction cold restart, 2 times, then stop
 *   illegal exception   log (the partition handles the fault itself)
 *   partition error     warm restart, 1 time, then switch to plan 1
 *   power off           stop
 *   reset               cold restart, 3 times, then stop
 * and beta: memory violation switches to plan 1, everything else logs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"

#include <bulkhead/hvc.h>
#include <sk/audit.h>
#include <sk/exit.h>
#include <sk/hm.h>
#include <sk/symbols.h>
#include <sk/hypercall.h>
#include <sk/power.h>

static int setup(void **state)
{
	(void)state;
	fixture_init();
	sk_halting = false;
	return 0;
}

/* The audit records written since `since` (a sequence number). */
static uint32_t audit_since(uint64_t since, struct bh_audit_record *out, uint32_t max)
{
	uint64_t next, lost;

	return sk_audit_read(since, out, max, &next, &lost);
}

/* Sequence number the next audit record will get. */
static uint64_t audit_next(void)
{
	struct bh_audit_record r[AUDIT_RECORDS];
	uint64_t next = 0, lost;

	/* Bounded: each round moves `next` on by a full ring or ends. */
	for (int i = 0; i < 1000; i++) {
		if (sk_audit_read(next, r, AUDIT_RECORDS, &next, &lost) < AUDIT_RECORDS)
			break;
	}
	return next;
}

static void assert_record(const struct bh_audit_record *r, uint32_t partition,
			  uint16_t event, uint16_t info, uint64_t detail)
{
	assert_int_equal(r->partition, partition);
	assert_int_equal(r->event, event);
	assert_int_equal(r->info, info);
	assert_int_equal(r->detail, detail);
}

static void log_action_leaves_the_partition_running(void **state)
{
	struct bh_audit_record r[4];
	uint64_t seq = audit_next();

	(void)state;
	host_now = 77;
	assert_int_equal(sk_hm_raise(alpha_vcpu.partition, SK_HM_HYPERCALL_ERROR, 0xc6000002u,
				     "bad call"),
			 SK_HM_LOG);
	assert_true(sk_partition_runnable(&partitions[0]));
	assert_true(alpha_vcpu.on);
	assert_int_equal(audit_since(seq, r, 4), 2);
	assert_record(&r[0], 0, BH_AUDIT_HM_EVENT, SK_HM_HYPERCALL_ERROR, 0xc6000002u);
	assert_record(&r[1], 0, BH_AUDIT_HM_ACTION, SK_HM_LOG, SK_NONE);
	assert_int_equal(r[0].time, 77);
	assert_int_equal(r[0].cpu, 0);
	assert_non_null(strstr(fixture_console(),
			       "[sk] hm: partition 'alpha' hypercall error: bad call\n"));
	assert_non_null(strstr(fixture_console(), "[sk] hm: partition 'alpha' event logged\n"));
}

static void stop_action_idles_the_partition(void **state)
{
	struct bh_audit_record r[4];
	uint64_t seq = audit_next();

	(void)state;
	assert_int_equal(sk_hm_raise(alpha_vcpu.partition, SK_HM_MEMORY_VIOLATION, 0x41000000u, "x"),
			 SK_HM_STOP);
	assert_int_equal(alpha_state.mode, SK_MODE_IDLE);
	assert_false(alpha_vcpu.on);
	assert_false(sk_partition_runnable(&partitions[0]));
	assert_true(sk_partition_runnable(&partitions[1]));
	assert_int_equal(audit_since(seq, r, 4), 3);
	assert_record(&r[0], 0, BH_AUDIT_HM_EVENT, SK_HM_MEMORY_VIOLATION, 0x41000000u);
	assert_record(&r[1], 0, BH_AUDIT_HM_ACTION, SK_HM_STOP, SK_NONE);
	assert_record(&r[2], 0, BH_AUDIT_MODE, SK_MODE_IDLE, BH_START_NORMAL);
	/* The CPU running it is told to look again. */
	assert_true(host_kicks >= 1);
}

static void cold_restarts_up_to_the_limit_then_escalate(void **state)
{
	(void)state;
	fixture_schedule_running(); /* in alpha's window */
	for (uint32_t i = 1; i <= 2; i++) {
		memset(alpha_ram, 0x55, sizeof(alpha_ram));
		assert_int_equal(sk_hm_raise(alpha_vcpu.partition, SK_HM_TRAPPED_INSTRUCTION, 0, "x"),
				 SK_HM_COLD_RESTART);
		assert_int_equal(alpha_state.restarts, i);
		assert_int_equal(alpha_state.mode, SK_MODE_COLD_START);
		assert_int_equal(alpha_state.start_condition, BH_START_HM_RESTART);
		/* Not runnable until its memory is scrubbed and the image loaded,
		 * which happens in its own window. */
		assert_false(sk_partition_runnable(&partitions[0]));
		assert_true(sk_partition_load_step(&partitions[0], &cpu0.sched));
		assert_true(sk_partition_runnable(&partitions[0]));
		assert_memory_equal(alpha_ram, image, sizeof(image));
		for (size_t b = sizeof(image); b < sizeof(alpha_ram); b++)
			assert_int_equal(alpha_ram[b], 0);
		/* Its registers are reset when its CPU next picks it. */
		assert_true(alpha_vcpu.reset_pending);
		assert_int_equal(alpha_vcpu.reset_entry.ipa, ALPHA_RAM_IPA);
		assert_true(alpha_vcpu.on);
	}
	assert_non_null(strstr(fixture_console(),
			       "[sk] hm: partition 'alpha' cold restart 2 of 2\n"));
	/* The third time: the limit is reached, the escalation is to stop. */
	assert_int_equal(sk_hm_raise(alpha_vcpu.partition, SK_HM_TRAPPED_INSTRUCTION, 0, "x"),
			 SK_HM_STOP);
	assert_int_equal(alpha_state.restarts, 2);
	assert_int_equal(alpha_state.mode, SK_MODE_IDLE);
	assert_non_null(strstr(fixture_console(),
			       "[sk] hm: partition 'alpha' reached its limit of 2 restarts\n"
			       "[sk] audit #"));
	assert_non_null(strstr(fixture_console(), "[sk] hm: partition 'alpha' stopped\n"));
	assert_int_equal(alpha_state.starts, 3); /* boot and two restarts */
}

static void the_restart_count_is_the_partitions_not_the_events(void **state)
{
	(void)state;
	/* Two restarts for reset (limit 3)... */
	assert_int_equal(sk_hm_raise(alpha_vcpu.partition, SK_HM_RESET, 0, "x"), SK_HM_COLD_RESTART);
	assert_int_equal(sk_hm_raise(alpha_vcpu.partition, SK_HM_RESET, 0, "x"), SK_HM_COLD_RESTART);
	/* ...use up the limit of 2 of trapped instructions. */
	assert_int_equal(sk_hm_raise(alpha_vcpu.partition, SK_HM_TRAPPED_INSTRUCTION, 0, "x"),
			 SK_HM_STOP);
}

static void warm_restart_keeps_memory_then_switches_plan(void **state)
{
	struct bh_audit_record r[8];
	uint64_t seq;

	(void)state;
	memset(alpha_ram, 0x55, sizeof(alpha_ram));
	alpha_vcpu.arch.regs.pc = 0x1234;
	assert_int_equal(sk_hm_raise(alpha_vcpu.partition, SK_HM_PARTITION_ERROR, 9, "code 0x9"),
			 SK_HM_WARM_RESTART);
	assert_int_equal(alpha_state.mode, SK_MODE_WARM_START);
	assert_true(sk_partition_runnable(&partitions[0])); /* nothing to load */
	assert_int_equal(alpha_ram[0], 0x55);
	assert_int_equal(alpha_ram[sizeof(alpha_ram) - 1], 0x55);
	assert_true(alpha_vcpu.reset_pending);
	assert_int_equal(alpha_vcpu.reset_entry.ipa, ALPHA_RAM_IPA);
	assert_true(alpha_vcpu.on);

	/* Limit 1: the next error switches the plan from the next frame.
	 * A partition error is not fatal: the partition goes on. */
	host_now = 150; /* frame 0 */
	seq = audit_next();
	assert_int_equal(sk_hm_raise(alpha_vcpu.partition, SK_HM_PARTITION_ERROR, 9, "code 0x9"),
			 SK_HM_SWITCH_PLAN);
	assert_int_equal(sk_plan_pending(0), 1);
	assert_int_equal(sk_plan_in_frame(0, 0), 0);
	assert_int_equal(sk_plan_in_frame(1, 0), 1);
	assert_int_equal(alpha_state.mode, SK_MODE_WARM_START);
	assert_true(sk_partition_runnable(&partitions[0]));
	assert_int_equal(audit_since(seq, r, 8), 2);
	assert_record(&r[1], 0, BH_AUDIT_HM_ACTION, SK_HM_SWITCH_PLAN, 1);
	assert_non_null(strstr(fixture_console(),
			       "[sk] hm: plan 'degraded' from the next major frame\n"));
}

static void switch_plan_after_a_fatal_event_restarts_cold(void **state)
{
	(void)state;
	host_now = 320; /* frame 1 */
	assert_int_equal(sk_hm_raise(beta_vcpu.partition, SK_HM_MEMORY_VIOLATION, 0x1000u, "x"),
			 SK_HM_SWITCH_PLAN);
	assert_int_equal(sk_plan_pending(1), 1);
	assert_int_equal(sk_plan_in_frame(2, 0), 1);
	/* It cannot go on where it faulted: it starts again in the new plan. */
	assert_int_equal(beta_state.mode, SK_MODE_COLD_START);
	assert_int_equal(beta_state.start_condition, BH_START_HM_RESTART);
	assert_false(sk_partition_runnable(&partitions[1]));
}

static void halt_stops_every_cpu(void **state)
{
	struct bh_audit_record r[2];
	uint64_t seq = audit_next();

	(void)state;
	expect_assert_failure(sk_halt_system("test"));
	assert_true(sk_halting);
	assert_int_equal(host_kicks, 1); /* the one CPU of the fixture */
	assert_int_equal(audit_since(seq, r, 2), 1);
	assert_record(&r[0], SK_AUDIT_KERNEL, BH_AUDIT_HALT, 0, 0);
	assert_non_null(strstr(fixture_console(), "[sk] system halted: test\n"));
	/* Its last line says what ran and what was contained. */
	assert_non_null(strstr(fixture_console(),
			       "[sk] summary: 2 partitions (2 running, 0 stopped); faults "
			       "contained 0, health-monitor events 0, restarts 0, "));
	/* A CPU that looks for work next halts too. */
	sk_sched_start(&cpu0.sched, &cpu_plans[0], 300, 0);
	expect_assert_failure(sk_pick(&cpu0));
	sk_halting = false;
}

/* Alpha's image has two functions (the second of unknown size, the last);
 * beta's none: as the generated symbols.c of a system would say. */
static const struct sk_symbol alpha_symbols[] = {
	{ 0x40000000u, 0x10u, "start" },
	{ 0x40000100u, 0x80u, "work" },
	{ 0x40000200u, 0u, "tail" },
};
const struct sk_symtab sk_symtabs[2] = {
	{ 3u, alpha_symbols },
	{ 0u, NULL },
};
const uint32_t sk_n_symtabs = 2u;

static void a_pc_is_named_by_the_function_it_is_in(void **state)
{
	uint64_t off = 0;
	const struct sk_symbol *s;

	(void)state;
	s = sk_symbol_at(0, 0x40000008u, &off);
	assert_non_null(s);
	assert_string_equal(s->name, "start");
	assert_int_equal(off, 8);
	assert_string_equal(sk_symbol_at(0, 0x4000017cu, &off)->name, "work");
	assert_int_equal(off, 0x7c);
	/* Between functions, before the first, past a known size: none. */
	assert_null(sk_symbol_at(0, 0x40000010u, &off));
	assert_null(sk_symbol_at(0, 0x3ffffffcu, &off));
	assert_null(sk_symbol_at(0, 0x40000180u, &off));
	/* The last, of unknown size: pc past it is no function either. */
	assert_null(sk_symbol_at(0, 0x40000204u, &off));
	/* A partition without symbols, one that does not exist. */
	assert_null(sk_symbol_at(1, 0x40000008u, &off));
	assert_null(sk_symbol_at(7, 0x40000008u, &off));
	assert_null(sk_symbol_at(0xffffffffu, 0x40000008u, &off));
}

static void the_dump_names_the_function_when_the_image_has_symbols(void **state)
{
	struct sk_fault f = {
		.kind = SK_FAULT_INSTRUCTION, .pc = 0x40000108u, .syndrome = 0x5e000000u,
		.what = "SMC (secure monitor call)", .mode = "EL1h", .cause = "EC 0x17 SMC",
		.lr = 0x40000104u, .sp = 0x400ffff0u,
	};

	(void)state;
	sk_hm_partition_fault(&alpha_vcpu, &f);
	assert_non_null(strstr(fixture_console(), "[sk] hm: partition 'alpha' at EL1h: pc "
						  "0x40000108 (work+0x8) lr 0x40000104 sp "
						  "0x400ffff0\n"));
}

/* The summary counts what the health monitor did before the end. */
static void halt_summary_counts_events_faults_and_stops(void **state)
{
	(void)state;
	/* Alpha: an error (its action: one warm restart); beta: a memory
	 * violation (its action: switch plan, then it cannot go on). */
	sk_hm_raise(alpha_vcpu.partition, SK_HM_PARTITION_ERROR, 9, "code 0x9");
	sk_hm_partition_fault(&beta_vcpu, &(struct sk_fault){
		.kind = SK_FAULT_MEMORY, .what = "stage-2 translation fault",
		.addr = 0x1000u, .addr_valid = true, .access = SK_MEM_READ });
	sk_partition_stop(&partitions[1]);
	expect_assert_failure(sk_halt_system("test"));
	assert_non_null(strstr(fixture_console(),
			       "[sk] summary: 2 partitions (1 running, 1 stopped); faults "
			       "contained 1, health-monitor events 2, restarts 1, "));
	sk_halting = false;
}

static const struct sk_fault undef = {
	.kind = SK_FAULT_EXCEPTION, .pc = 0x40000100u, .syndrome = 0x02000000u,
	.what = "exception the kernel does not handle for partitions",
};

static void logged_fault_goes_back_to_the_partition(void **state)
{
	(void)state;
	host_inject_fault_ok = true;
	sk_hm_partition_fault(&alpha_vcpu, &undef);
	assert_int_equal(host_faults_injected, 1);
	assert_true(sk_partition_runnable(&partitions[0]));
	assert_int_equal(alpha_state.faults, 1);
}

static void logged_fault_the_partition_cannot_take_stops_it(void **state)
{
	(void)state;
	host_inject_fault_ok = false;
	sk_hm_partition_fault(&alpha_vcpu, &undef);
	assert_int_equal(host_faults_injected, 1);
	assert_false(sk_partition_runnable(&partitions[0]));
	assert_non_null(strstr(fixture_console(),
			       "[sk] hm: partition 'alpha' cannot handle the fault itself\n"));
}

static void fault_detail_is_printed(void **state)
{
	struct sk_fault f = {
		.kind = SK_FAULT_INSTRUCTION, .pc = 0x40000200u, .syndrome = 0x6232f801u,
		.what = "access to a trapped system register", .detail = "CNTPCT_EL0 read",
	};

	(void)state;
	sk_hm_partition_fault(&alpha_vcpu, &f);
	assert_non_null(strstr(fixture_console(),
			       "[sk] hm: partition 'alpha' trapped instruction: access to a "
			       "trapped system register (CNTPCT_EL0 read), pc 0x40000200, "
			       "syndrome 0x6232f801\n"));
	/* The detail of the audit record is the pc, for faults without an
	 * address. */
	assert_non_null(strstr(fixture_console(), "health-monitor event (1, 0x40000200)"));
}

/* The register dump follows the verdict, before the action, on the
 * partition's own budget; far and ipa only when the fault has them. */
static void fault_dumps_the_partitions_registers(void **state)
{
	struct sk_fault f = {
		.kind = SK_FAULT_MEMORY, .pc = 0x40001590u, .syndrome = 0x93c2804fu,
		.what = "stage-2 permission fault, level 3", .access = SK_MEM_WRITE,
		.addr = 0x50000000u, .addr_valid = true, .va = 0x50000000u, .va_valid = true,
		.lr = 0x40001584u, .sp = 0x400ffee0u, .el = 1u, .mode = "EL1h",
		.cause = "EC 0x24 data abort from EL0 or EL1",
	};
	const char *verdict, *regs, *syn, *action;

	(void)state;
	sk_hm_partition_fault(&beta_vcpu, &f);
	verdict = strstr(fixture_console(), "[sk] hm: partition 'beta' memory violation: ");
	regs = strstr(fixture_console(), "[sk] hm: partition 'beta' at EL1h: pc 0x40001590 "
					 "lr 0x40001584 sp 0x400ffee0\n");
	syn = strstr(fixture_console(), "[sk] hm: partition 'beta' syndrome 0x93c2804f: EC 0x24 "
					"data abort from EL0 or EL1, far 0x50000000, ipa "
					"0x50000000\n");
	action = strstr(fixture_console(), "[sk] hm: plan ");
	assert_non_null(verdict);
	assert_non_null(regs);
	assert_non_null(syn);
	assert_non_null(action);
	assert_true(verdict < regs && regs < syn && syn < action);
	/* An instruction fault: no address. */
	f = (struct sk_fault){ .kind = SK_FAULT_INSTRUCTION, .pc = 0x40000200u,
			       .syndrome = 0x5e000000u, .what = "SMC (secure monitor call)",
			       .mode = "EL1h", .cause = "EC 0x17 SMC" };
	sk_hm_partition_fault(&alpha_vcpu, &f);
	assert_non_null(strstr(fixture_console(),
			       "[sk] hm: partition 'alpha' syndrome 0x5e000000: EC 0x17 SMC\n"));
}

/* PSCI calls act on the calling partition only. */
static struct sk_call psci(struct sk_vcpu *v, uint32_t fn, uint64_t a1, uint64_t a2)
{
	struct sk_call c;

	memset(&c, 0, sizeof(c));
	c.fn = fn;
	c.arg[0] = a1;
	c.arg[1] = a2;
	sk_hypercall(&cpu0, v, &c);
	return c;
}

static void psci_system_off_stops_only_the_caller(void **state)
{
	(void)state;
	assert_int_equal((int64_t)psci(&alpha_vcpu, BH_PSCI_SYSTEM_OFF, 0, 0).ret[0],
			 BH_PSCI_SUCCESS);
	assert_int_equal(alpha_state.mode, SK_MODE_IDLE);
	assert_true(sk_partition_runnable(&partitions[1]));
	assert_non_null(strstr(fixture_console(),
			       "[sk] hm: partition 'alpha' power off: PSCI SYSTEM_OFF\n"));
}

static void psci_system_reset_restarts_only_the_caller(void **state)
{
	(void)state;
	assert_int_equal((int64_t)psci(&alpha_vcpu, BH_PSCI_SYSTEM_RESET, 0, 0).ret[0],
			 BH_PSCI_SUCCESS);
	assert_int_equal(alpha_state.mode, SK_MODE_COLD_START);
	assert_int_equal(beta_state.mode, SK_MODE_COLD_START); /* from boot, untouched */
	assert_int_equal(beta_state.starts, 1);
}

static void psci_system_off_with_log_action_is_denied(void **state)
{
	(void)state;
	/* beta's power-off action is 'log': it is refused and goes on. */
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_SYSTEM_OFF, 0, 0).ret[0],
			 BH_PSCI_DENIED);
	assert_true(sk_partition_runnable(&partitions[1]));
}

static void psci_cpu_on_checks_target_and_entry(void **state)
{
	(void)state;
	/* beta's only vCPU is on: CPU_ON of it is refused, of vCPU 1 too. */
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_CPU_ON, 0, BETA_RAM_IPA).ret[0],
			 BH_PSCI_ALREADY_ON);
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_CPU_ON, 1, BETA_RAM_IPA).ret[0],
			 BH_PSCI_INVALID_PARAMETERS);
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_CPU_ON, 0x100, BETA_RAM_IPA).ret[0],
			 BH_PSCI_INVALID_PARAMETERS);
	beta_vcpu.on = false;
	/* Entry points outside its executable memory, or misaligned. */
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_CPU_ON, 0, ALPHA_RO_IPA).ret[0],
			 BH_PSCI_INVALID_ADDRESS);
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_CPU_ON, 0, BETA_RAM_IPA + 2).ret[0],
			 BH_PSCI_INVALID_ADDRESS);
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_CPU_ON, 0, 0xffffffffffff0000ull).ret[0],
			 BH_PSCI_INVALID_ADDRESS);
	assert_false(beta_vcpu.on);
	/* alpha's read-only page is not executable for alpha either. */
	alpha_vcpu.on = false;
	assert_int_equal((int64_t)psci(&alpha_vcpu, BH_PSCI_CPU_ON, 0, ALPHA_RO_IPA).ret[0],
			 BH_PSCI_INVALID_ADDRESS);
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_CPU_ON, 0, BETA_RAM_IPA + 8).ret[0],
			 BH_PSCI_SUCCESS);
	assert_true(beta_vcpu.on);
	assert_true(beta_vcpu.reset_pending);
	assert_int_equal(beta_vcpu.reset_entry.ipa, BETA_RAM_IPA + 8);
}

static void psci_cpu_off_of_the_last_vcpu_is_a_power_off(void **state)
{
	(void)state;
	psci(&alpha_vcpu, BH_PSCI_CPU_OFF, 0, 0);
	assert_false(alpha_vcpu.on);
	assert_int_equal(alpha_state.mode, SK_MODE_IDLE); /* power off: stop */
	assert_non_null(strstr(fixture_console(), "its last vCPU turned off"));
}

/* PSCI's answers that change nothing, and a target MPIDR that is none of
 * the caller's vCPUs (Aff1 set, an index past its vCPUs, a level). */
static void psci_queries_and_affinity_info(void **state)
{
	(void)state;
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_VERSION, 0, 0).ret[0], 0x10000);
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_FEATURES, BH_PSCI_CPU_ON, 0).ret[0],
			 BH_PSCI_SUCCESS);
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_FEATURES, BH_PSCI_CPU_SUSPEND, 0).ret[0],
			 BH_PSCI_NOT_SUPPORTED);
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_MIGRATE_INFO_TYPE, 0, 0).ret[0], 2);
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_AFFINITY_INFO, 0, 0).ret[0], 0);
	beta_vcpu.on = false;
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_AFFINITY_INFO, 0, 0).ret[0], 1);
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_AFFINITY_INFO, 1, 0).ret[0],
			 BH_PSCI_INVALID_PARAMETERS);
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_AFFINITY_INFO, 0x100, 0).ret[0],
			 BH_PSCI_INVALID_PARAMETERS);
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_AFFINITY_INFO, 0, 1).ret[0],
			 BH_PSCI_INVALID_PARAMETERS);
	/* Bits 31:24 (MT, U) are no affinity: still vCPU 0. */
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_AFFINITY_INFO, 0x80000000u, 0).ret[0], 1);
}

/* A PSCI function the kernel does not offer is an unknown call: refused
 * with NOT_SUPPORTED, and the health monitor hears of it. */
static void unoffered_psci_function_is_an_unknown_call(void **state)
{
	(void)state;
	assert_int_equal((int64_t)psci(&beta_vcpu, BH_PSCI_CPU_SUSPEND, 0, 0).ret[0],
			 BH_PSCI_NOT_SUPPORTED);
	assert_non_null(strstr(fixture_console(), "unknown function"));
}

/* The portable operations behind the firmware calls, in their own terms. */
static void power_on_checks_index_state_and_entry_in_that_order(void **state)
{
	const struct sk_partition_desc *beta = beta_vcpu.partition;

	(void)state;
	assert_int_equal(sk_vcpu_power_on(beta, 1, 3, 0), SK_POWER_NO_SUCH_VCPU);
	assert_int_equal(sk_vcpu_power_on(beta, UINT64_MAX, BETA_RAM_IPA, 0),
			 SK_POWER_NO_SUCH_VCPU);
	assert_int_equal(sk_vcpu_power_on(beta, 0, 3, 0), SK_POWER_ALREADY_ON);
	beta_vcpu.on = false;
	assert_int_equal(sk_vcpu_power_on(beta, 0, BETA_RAM_IPA + 2, 0), SK_POWER_BAD_ENTRY);
	assert_int_equal(sk_vcpu_power_on(beta, 0, ALPHA_RO_IPA, 0), SK_POWER_BAD_ENTRY);
	assert_false(beta_vcpu.on);
	assert_int_equal(sk_vcpu_power_on(beta, 0, BETA_RAM_IPA + 4, 0x1234), SK_POWER_OK);
	assert_true(beta_vcpu.on);
	assert_true(beta_vcpu.reset_pending);
	assert_int_equal(beta_vcpu.reset_entry.ipa, BETA_RAM_IPA + 4);
	assert_int_equal(beta_vcpu.reset_arg, 0x1234);
}

static void power_state_and_system_off_in_portable_terms(void **state)
{
	bool on = false;

	(void)state;
	assert_int_equal(sk_vcpu_power_state(beta_vcpu.partition, 0, &on), SK_POWER_OK);
	assert_true(on);
	assert_int_equal(sk_vcpu_power_state(beta_vcpu.partition, 1, &on),
			 SK_POWER_NO_SUCH_VCPU);
	/* beta's table logs: refused, and it goes on; alpha's stops it. */
	assert_int_equal(sk_partition_system_off(beta_vcpu.partition, "asked"), SK_POWER_REFUSED);
	assert_true(sk_partition_runnable(&partitions[1]));
	assert_int_equal(sk_partition_system_reset(beta_vcpu.partition, "asked"),
			 SK_POWER_REFUSED);
	assert_int_equal(sk_partition_system_off(alpha_vcpu.partition, "asked"), SK_POWER_OK);
	assert_int_equal(alpha_state.mode, SK_MODE_IDLE);
	assert_non_null(strstr(fixture_console(), "[sk] hm: partition 'alpha' power off: asked\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(log_action_leaves_the_partition_running, setup),
		cmocka_unit_test_setup(stop_action_idles_the_partition, setup),
		cmocka_unit_test_setup(cold_restarts_up_to_the_limit_then_escalate, setup),
		cmocka_unit_test_setup(the_restart_count_is_the_partitions_not_the_events, setup),
		cmocka_unit_test_setup(warm_restart_keeps_memory_then_switches_plan, setup),
		cmocka_unit_test_setup(switch_plan_after_a_fatal_event_restarts_cold, setup),
		cmocka_unit_test_setup(halt_stops_every_cpu, setup),
		cmocka_unit_test_setup(halt_summary_counts_events_faults_and_stops, setup),
		cmocka_unit_test_setup(a_pc_is_named_by_the_function_it_is_in, setup),
		cmocka_unit_test_setup(the_dump_names_the_function_when_the_image_has_symbols,
				       setup),
		cmocka_unit_test_setup(logged_fault_goes_back_to_the_partition, setup),
		cmocka_unit_test_setup(logged_fault_the_partition_cannot_take_stops_it, setup),
		cmocka_unit_test_setup(fault_detail_is_printed, setup),
		cmocka_unit_test_setup(fault_dumps_the_partitions_registers, setup),
		cmocka_unit_test_setup(psci_system_off_stops_only_the_caller, setup),
		cmocka_unit_test_setup(psci_system_reset_restarts_only_the_caller, setup),
		cmocka_unit_test_setup(psci_system_off_with_log_action_is_denied, setup),
		cmocka_unit_test_setup(psci_cpu_on_checks_target_and_entry, setup),
		cmocka_unit_test_setup(psci_cpu_off_of_the_last_vcpu_is_a_power_off, setup),
		cmocka_unit_test_setup(psci_queries_and_affinity_info, setup),
		cmocka_unit_test_setup(unoffered_psci_function_is_an_unknown_call, setup),
		cmocka_unit_test_setup(power_on_checks_index_state_and_entry_in_that_order, setup),
		cmocka_unit_test_setup(power_state_and_system_off_in_portable_terms, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
