/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The audit ring (8 records in the fixture): records keep their order and
 * fields; when it is full the oldest is overwritten and counted as lost;
 * readers resume by sequence number and see every gap. The hypercall
 * copies records only into the caller's own writable memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"

#include <bulkhead/hvc.h>
#include <sk/audit.h>
#include <sk/hypercall.h>

static uint64_t base; /* sequence number of the next record at setup */

static int setup(void **state)
{
	struct bh_audit_record r[AUDIT_RECORDS];
	uint64_t lost;

	(void)state;
	fixture_init();
	/* The ring is the kernel's, kept across tests: find its end. */
	base = 0;
	for (int i = 0; i < 1000; i++)
		if (sk_audit_read(base, r, AUDIT_RECORDS, &base, &lost) < AUDIT_RECORDS)
			break;
	return 0;
}

static void records_keep_order_and_fields(void **state)
{
	struct bh_audit_record r[4];
	uint64_t next, lost;

	(void)state;
	host_now = 4242;
	sk_audit(1, BH_AUDIT_HM_EVENT, 3, 0xabcdef);
	host_now = 4243;
	sk_audit(SK_AUDIT_KERNEL, BH_AUDIT_PLAN_SWITCH, 7, 1);
	sk_audit(99, BH_AUDIT_BOOT, 0, 0); /* no such partition: the kernel's */
	assert_int_equal(sk_audit_read(base, r, 4, &next, &lost), 3);
	assert_int_equal(next, base + 3);
	assert_int_equal(r[0].seq, base);
	assert_int_equal(r[0].time, 4242);
	assert_int_equal(r[0].cpu, 0);
	assert_int_equal(r[0].partition, 1);
	assert_int_equal(r[0].event, BH_AUDIT_HM_EVENT);
	assert_int_equal(r[0].info, 3);
	assert_int_equal(r[0].detail, 0xabcdef);
	assert_int_equal(r[1].seq, base + 1);
	assert_int_equal(r[1].time, 4243);
	assert_int_equal(r[1].partition, SK_AUDIT_KERNEL);
	assert_int_equal(r[2].partition, SK_AUDIT_KERNEL);
	/* And each one is on the console. */
	assert_non_null(strstr(fixture_console(), "t=4242 cpu0 beta: health-monitor event (3, 0xabcdef)\n"));
	assert_non_null(strstr(fixture_console(), "t=4243 cpu0 kernel: plan switch (7, 0x1)\n"));
}

static void overflow_overwrites_the_oldest_and_counts_it(void **state)
{
	struct bh_audit_record r[AUDIT_RECORDS];
	uint64_t next, lost;

	(void)state;
	/* 11 records into a ring of 8: the first 3 are lost. */
	for (uint64_t i = 0; i < 11u; i++)
		sk_audit(0, BH_AUDIT_MODE, 0, 100 + i);
	assert_int_equal(sk_audit_read(base, r, AUDIT_RECORDS, &next, &lost),
			 AUDIT_RECORDS);
	assert_int_equal(lost, base + 3);
	assert_int_equal(next, base + 11);
	for (uint32_t i = 0; i < AUDIT_RECORDS; i++) {
		assert_int_equal(r[i].seq, base + 3 + i);
		assert_int_equal(r[i].detail, 103 + i);
	}
	/* A reader that is up to date gets nothing more. */
	assert_int_equal(sk_audit_read(next, r, AUDIT_RECORDS, &next, &lost), 0);
	assert_int_equal(next, base + 11);
}

static void readers_resume_in_pieces(void **state)
{
	struct bh_audit_record r[3];
	uint64_t next, lost, seq = base;
	uint64_t seen = 0;

	(void)state;
	for (uint64_t i = 0; i < 7u; i++)
		sk_audit(0, BH_AUDIT_MODE, 0, i);
	for (int round = 0; round < 10; round++) {
		uint32_t n = sk_audit_read(seq, r, 3, &next, &lost);

		assert_true(n <= 3);
		for (uint32_t i = 0; i < n; i++)
			assert_int_equal(r[i].detail, seen++);
		assert_int_equal(next, seq + n);
		seq = next;
		if (n == 0)
			break;
	}
	assert_int_equal(seen, 7);
}

static void a_slow_reader_sees_the_gap(void **state)
{
	struct bh_audit_record r[2];
	uint64_t next, lost;

	(void)state;
	for (uint64_t i = 0; i < 20u; i++)
		sk_audit(0, BH_AUDIT_MODE, 0, i);
	/* It last read up to base: 12 records were overwritten since. */
	assert_int_equal(sk_audit_read(base, r, 2, &next, &lost), 2);
	assert_int_equal(r[0].seq, base + 12);
	assert_int_equal(r[0].detail, 12);
	assert_int_equal(next, base + 14);
	assert_int_equal(lost, base + 12);
}

static struct sk_call read_call(struct sk_vcpu *v, uint64_t first, uint64_t ipa,
				uint64_t room)
{
	struct sk_call c;

	memset(&c, 0, sizeof(c));
	c.fn = BH_HVC_AUDIT_READ;
	c.arg[0] = first;
	c.arg[1] = ipa;
	c.arg[2] = room;
	sk_hypercall(&cpu0, v, &c);
	return c;
}

static void hypercall_copies_into_the_callers_memory(void **state)
{
	struct bh_audit_record got[2];
	struct sk_call c;

	(void)state;
	sk_audit(1, BH_AUDIT_MODE, 3, 0x11);
	sk_audit(1, BH_AUDIT_MODE, 3, 0x22);
	sk_audit(1, BH_AUDIT_MODE, 3, 0x33);
	c = read_call(&alpha_vcpu, base, ALPHA_RAM_IPA + 0x100, 2);
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_int_equal(c.ret[1], 2);
	assert_int_equal(c.ret[2], base + 2);
	memcpy(got, alpha_ram + 0x100, sizeof(got));
	assert_int_equal(got[0].seq, base);
	assert_int_equal(got[0].detail, 0x11);
	assert_int_equal(got[1].detail, 0x22);
	assert_int_equal(sizeof(got[0]), 32);
}

static void hypercall_refuses_bad_buffers_and_callers(void **state)
{
	uint8_t before[sizeof(alpha_ro)];
	struct sk_call c;

	(void)state;
	sk_audit(1, BH_AUDIT_MODE, 3, 0x11);
	memcpy(before, alpha_ro, sizeof(before));
	/* Read-only memory, device memory, memory that is not alpha's, a
	 * buffer running off the end of its RAM. */
	assert_int_equal((int64_t)read_call(&alpha_vcpu, base, ALPHA_RO_IPA, 1).ret[0],
			 BH_E_BAD_ADDRESS);
	assert_int_equal((int64_t)read_call(&alpha_vcpu, base, ALPHA_DEV_IPA, 1).ret[0],
			 BH_E_BAD_ADDRESS);
	assert_int_equal((int64_t)read_call(&alpha_vcpu, base, 0x50000000u, 1).ret[0],
			 BH_E_BAD_ADDRESS);
	assert_int_equal((int64_t)read_call(&alpha_vcpu, base - (base > 0 ? 1 : 0),
					    ALPHA_RAM_IPA + sizeof(alpha_ram) - 16, 2).ret[0],
			 BH_E_BAD_ADDRESS);
	assert_memory_equal(before, alpha_ro, sizeof(before));
	assert_int_equal((int64_t)read_call(&alpha_vcpu, base, ALPHA_RAM_IPA, 0).ret[0],
			 BH_E_INVALID);
	/* beta has no read_audit privilege. */
	c = read_call(&beta_vcpu, 0, BETA_RAM_IPA, 1);
	assert_int_equal((int64_t)c.ret[0], BH_E_DENIED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(records_keep_order_and_fields, setup),
		cmocka_unit_test_setup(overflow_overwrites_the_oldest_and_counts_it, setup),
		cmocka_unit_test_setup(readers_resume_in_pieces, setup),
		cmocka_unit_test_setup(a_slow_reader_sees_the_gap, setup),
		cmocka_unit_test_setup(hypercall_copies_into_the_callers_memory, setup),
		cmocka_unit_test_setup(hypercall_refuses_bad_buffers_and_callers, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
