/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hypercall dispatch and argument validation: every value a partition
 * passes is checked; bad ones give a status, never a fault.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"

#include <bulkhead/hvc.h>
#include <sk/console.h>
#include <sk/hm.h>
#include <sk/hypercall.h>
#include <sk/version.h>

/* Occurrences of `needle` in `hay`. */
static unsigned count(const char *hay, const char *needle)
{
	unsigned n = 0;

	for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
		n++;
	return n;
}

static int setup(void **state)
{
	(void)state;
	fixture_init();
	return 0;
}

static struct sk_call call(uint64_t fn, uint64_t a1, uint64_t a2)
{
	struct sk_call c;

	memset(&c, 0x5a, sizeof(c)); /* stale values must not leak out */
	c.fn = fn;
	c.imm = 0;
	c.arg[0] = a1;
	c.arg[1] = a2;
	sk_hypercall(&cpu0, &alpha_vcpu, &c);
	return c;
}

/* Put `text` in alpha's RAM at byte offset `off`; returns its IPA. */
static uint64_t put(size_t off, const char *text)
{
	memcpy(alpha_ram + off, text, strlen(text));
	return ALPHA_RAM_IPA + off;
}

static void version(void **state)
{
	struct sk_call c = call(BH_HVC_VERSION, 0, 0);

	(void)state;
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_int_equal(c.ret[1], (BH_ABI_MAJOR << 16) | BH_ABI_MINOR);
	assert_int_equal(c.ret[2], (SK_VERSION_MAJOR << 16) |
				   (SK_VERSION_MINOR << 8) | SK_VERSION_PATCH);
	assert_int_equal(c.ret[3], 0);
	assert_int_equal(c.nret, 4);
}

/* GET_STATUS(BH_STATUS_TIME): the caller's own time partitioning. */
static void time_status(void **state)
{
	struct sk_call c;

	(void)state;
	alpha_vcpu.late_starts = 2;
	alpha_vcpu.overruns = 3;
	alpha_vcpu.switch_worst = 41;
	alpha_state.deferred = 5;
	alpha_state.console_dropped_total = 77;
	beta_vcpu.late_starts = 100; /* another partition's: not told */
	c = call(BH_HVC_GET_STATUS, BH_STATUS_TIME, 0);
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_int_equal(c.nret, 8);
	assert_int_equal(c.ret[1], 2);
	assert_int_equal(c.ret[2], 3);
	assert_int_equal(c.ret[3], 5);
	assert_int_equal(c.ret[4], 77);
	assert_int_equal(c.ret[5], 41);
	assert_int_equal(c.ret[6], sk_system.switch_ticks);
	assert_int_equal(c.ret[7], sk_system.margin_ticks);
	/* The partition status is selector 0; any other is refused. */
	c = call(BH_HVC_GET_STATUS, BH_STATUS_PARTITION, 0);
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_int_equal(c.ret[1], alpha_state.mode);
	c = call(BH_HVC_GET_STATUS, 2, 0);
	assert_int_equal((int64_t)c.ret[0], BH_E_INVALID);
	assert_non_null(strstr(fixture_console(), "no such status"));
}

static void identity(void **state)
{
	struct sk_call c = call(BH_HVC_IDENTITY, 0, 0);

	(void)state;
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_int_equal(c.nret, 7);
	assert_int_equal(c.ret[1], 0);
	assert_int_equal(c.ret[2], 0);
	/* "alpha" little-endian in x3, zero padding after. */
	assert_int_equal(c.ret[3], 0x6168706c61ull);
	assert_int_equal(c.ret[4], 0);
	assert_int_equal(c.ret[5], 0);
	assert_int_equal(c.ret[6], 0);
}

static void console_write_prints_a_whole_line(void **state)
{
	struct sk_call c = call(BH_HVC_CONSOLE_WRITE, put(100, "hello\n"), 6);

	(void)state;
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_int_equal(c.ret[1], 6);
	assert_string_equal(fixture_console(), "[alpha] hello\n");
}

static void console_write_assembles_lines(void **state)
{
	(void)state;
	call(BH_HVC_CONSOLE_WRITE, put(0x100, "hel"), 3);
	assert_string_equal(fixture_console(), "");
	call(BH_HVC_CONSOLE_WRITE, put(0x200, "lo\nwor"), 6);
	assert_string_equal(fixture_console(), "[alpha] hello\n");
	call(BH_HVC_CONSOLE_WRITE, put(0x300, "ld\n\n"), 4);
	assert_string_equal(fixture_console(),
			    "[alpha] hello\n[alpha] world\n[alpha] \n");
}

static void console_write_splits_long_lines(void **state)
{
	char text[151];

	(void)state;
	memset(text, 'x', 150);
	text[150] = '\0';
	call(BH_HVC_CONSOLE_WRITE, put(0, text), 150);
	call(BH_HVC_CONSOLE_WRITE, put(0x400, "\n"), 1);
	/* 120 characters, then the other 30. */
	assert_int_equal(strlen(fixture_console()), 8 + 120 + 1 + 8 + 30 + 1);
	assert_memory_equal(fixture_console() + 128, "\n[alpha] xxx", 12);
}

static void console_write_neutralises_control_characters(void **state)
{
	(void)state;
	call(BH_HVC_CONSOLE_WRITE, put(0, "a\x1b[2J\tb\r\n\x7f[sk] fake\n"), 20);
	assert_string_equal(fixture_console(),
			    "[alpha] a.[2J\tb\n[alpha] .[sk] fake\n");
}

static void console_write_crossing_a_page_inside_ram(void **state)
{
	struct sk_call c = call(BH_HVC_CONSOLE_WRITE, put(4096 - 3, "abcdef\n"), 7);

	(void)state;
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_string_equal(fixture_console(), "[alpha] abcdef\n");
	assert_true(host_translations >= 2);
}

static void console_write_length_is_checked(void **state)
{
	uint64_t ipa = put(0, "x");

	(void)state;
	assert_int_equal((int64_t)call(BH_HVC_CONSOLE_WRITE, ipa, 0).ret[0],
			 BH_E_INVALID);
	assert_int_equal((int64_t)call(BH_HVC_CONSOLE_WRITE, ipa,
				       BH_CONSOLE_WRITE_MAX + 1).ret[0],
			 BH_E_INVALID);
	assert_int_equal((int64_t)call(BH_HVC_CONSOLE_WRITE, ipa, UINT64_MAX).ret[0],
			 BH_E_INVALID);
	assert_int_equal((int64_t)call(BH_HVC_CONSOLE_WRITE, ipa,
				       BH_CONSOLE_WRITE_MAX).ret[0],
			 BH_OK);
	/* Only the good call translated: checked first, then copied. */
	assert_int_equal(host_translations, 2);
	/* Each refusal is a health-monitor event. */
	assert_int_equal(count(fixture_console(), "hm: partition 'alpha' hypercall error: "
				"function 0xc6000002: console write of a bad length"), 3);
}

static void console_write_refuses_foreign_buffers(void **state)
{
	static const uint64_t bad[] = {
		0,                              /* nothing there */
		0x41000000u,                    /* another partition's PA */
		ALPHA_RAM_IPA - 4,              /* starts before the RAM */
		ALPHA_RO_IPA + 4096 - 3,        /* runs past the last region */
		ALPHA_DEV_IPA,                  /* device memory */
		UINT64_MAX - 3,                 /* wraps around */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sk_call c = call(BH_HVC_CONSOLE_WRITE, bad[i], 8);

		assert_int_equal((int64_t)c.ret[0], BH_E_BAD_ADDRESS);
		assert_int_equal(c.ret[1], 0);
	}
	/* Nothing of the partition's printed; every refusal audited. */
	assert_null(strstr(fixture_console(), "[alpha]"));
	assert_int_equal(count(fixture_console(), "hm: partition 'alpha' hypercall error: "
				"function 0xc6000002: console write from memory that is "
				"not the partition's (status -4)"), 6);
}

static void console_write_across_two_adjacent_regions(void **state)
{
	struct sk_call c;

	(void)state;
	/* RAM ends where the read-only region begins: both are readable. */
	memcpy(alpha_ram + sizeof(alpha_ram) - 2, "ab", 2);
	memcpy(alpha_ro, "c\n", 2);
	c = call(BH_HVC_CONSOLE_WRITE, ALPHA_RO_IPA - 2, 4);
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_string_equal(fixture_console(), "[alpha] abc\n");
}

static void console_write_from_read_only_memory(void **state)
{
	struct sk_call c;

	(void)state;
	memcpy(alpha_ro, "ro\n", 3);
	c = call(BH_HVC_CONSOLE_WRITE, ALPHA_RO_IPA, 3);
	assert_int_equal((int64_t)c.ret[0], BH_OK);
	assert_string_equal(fixture_console(), "[alpha] ro\n");
}

static void console_write_without_console_is_denied(void **state)
{
	struct sk_call c;

	(void)state;
	memcpy(beta_ram + 16, "hi\n", 3);
	memset(&c, 0, sizeof(c));
	c.fn = BH_HVC_CONSOLE_WRITE;
	c.arg[0] = BETA_RAM_IPA + 16;
	c.arg[1] = 3;
	sk_hypercall(&cpu0, &beta_vcpu, &c);
	assert_int_equal((int64_t)c.ret[0], BH_E_DENIED);
	assert_null(strstr(fixture_console(), "[beta]"));
	assert_non_null(strstr(fixture_console(), "[sk] hm: partition 'beta' denied request: "
			       "function 0xc6000002: console write without a console"));
}

static void unknown_calls_are_not_supported(void **state)
{
	struct sk_call c;

	(void)state;
	assert_int_equal((int64_t)call(0xC6000099u, 0, 0).ret[0], BH_E_NOT_SUPPORTED);
	assert_int_equal((int64_t)call(0x84000077u, 0, 0).ret[0], BH_E_NOT_SUPPORTED);
	assert_int_equal((int64_t)call(0xFFFFFFFFu, 0, 0).ret[0], BH_E_NOT_SUPPORTED);
	/* The SMC64 identifier with the 32-bit form, and vice versa. */
	assert_int_equal((int64_t)call(BH_HVC_VERSION & ~BH_SMCCC_64, 0, 0).ret[0],
			 BH_E_NOT_SUPPORTED);
	/* HVC with another immediate is not a Bulkhead call. */
	memset(&c, 0, sizeof(c));
	c.fn = BH_HVC_VERSION;
	c.imm = 1;
	sk_hypercall(&cpu0, &alpha_vcpu, &c);
	assert_int_equal((int64_t)c.ret[0], BH_E_NOT_SUPPORTED);
	assert_int_equal(c.ret[1], 0);
}

static void smccc_general_queries(void **state)
{
	struct sk_call c;

	(void)state;
	assert_int_equal(call(BH_HVC_CALL_COUNT, 0, 0).ret[0], BH_HVC_COUNT);
	c = call(BH_HVC_CALL_UID, 0, 0);
	assert_int_equal(c.ret[0], BH_UID_W0);
	assert_int_equal(c.ret[1], BH_UID_W1);
	assert_int_equal(c.ret[2], BH_UID_W2);
	assert_int_equal(c.ret[3], BH_UID_W3);
	c = call(BH_HVC_REVISION, 0, 0);
	assert_int_equal(c.ret[0], BH_ABI_MAJOR);
	assert_int_equal(c.ret[1], BH_ABI_MINOR);
}

static void yield_marks_the_cpu(void **state)
{
	(void)state;
	assert_false(cpu0.yielded);
	assert_int_equal((int64_t)call(BH_HVC_YIELD, 0, 0).ret[0], BH_OK);
	assert_true(cpu0.yielded);
}

static void fault_is_logged_and_stops_the_partition(void **state)
{
	struct sk_fault f = {
		.kind = SK_FAULT_MEMORY, .addr_valid = true,
		.access = SK_MEM_READ, .addr = 0x41000000u, .pc = 0x400000ecu,
		.syndrome = 0x93c18006u, .what = "stage-2 translation fault, level 2",
	};

	(void)state;
	call(BH_HVC_CONSOLE_WRITE, put(0, "half a line"), 11);
	sk_hm_partition_fault(&alpha_vcpu, &f);
	/* The half line first, then the event, its audit record, the action. */
	assert_ptr_equal(strstr(fixture_console(),
		"[alpha] half a line\n"
		"[sk] hm: partition 'alpha' memory violation: read of IPA "
		"0x41000000 (stage-2 translation fault, level 2), pc 0x400000ec, "
		"syndrome 0x93c18006\n"), fixture_console());
	assert_non_null(strstr(fixture_console(), "health-monitor event (0, 0x41000000)"));
	assert_non_null(strstr(fixture_console(), "[sk] hm: partition 'alpha' stopped\n"));
	assert_false(sk_partition_runnable(&partitions[0]));
	assert_true(sk_partition_runnable(&partitions[1]));
	assert_int_equal(alpha_state.faults, 1);
}

static void load_scrubs_and_copies_the_image(void **state)
{
	(void)state;
	memset(alpha_ram, 0x77, sizeof(alpha_ram));
	memset(alpha_ro, 0x77, sizeof(alpha_ro));
	sk_partition_boot(&partitions[0]);
	assert_memory_equal(alpha_ram, image, sizeof(image));
	for (size_t i = sizeof(image); i < sizeof(alpha_ram); i++)
		assert_int_equal(alpha_ram[i], 0);
	for (size_t i = 0; i < sizeof(alpha_ro); i++)
		assert_int_equal(alpha_ro[i], 0);
	/* At boot nothing runs yet: the vCPU is reset at once. */
	assert_false(alpha_vcpu.reset_pending);
	assert_int_equal(alpha_vcpu.arch.regs.pc, ALPHA_RAM_IPA);
	assert_true(sk_partition_runnable(&partitions[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(version, setup),
		cmocka_unit_test_setup(identity, setup),
		cmocka_unit_test_setup(time_status, setup),
		cmocka_unit_test_setup(console_write_prints_a_whole_line, setup),
		cmocka_unit_test_setup(console_write_assembles_lines, setup),
		cmocka_unit_test_setup(console_write_splits_long_lines, setup),
		cmocka_unit_test_setup(console_write_neutralises_control_characters, setup),
		cmocka_unit_test_setup(console_write_crossing_a_page_inside_ram, setup),
		cmocka_unit_test_setup(console_write_length_is_checked, setup),
		cmocka_unit_test_setup(console_write_refuses_foreign_buffers, setup),
		cmocka_unit_test_setup(console_write_across_two_adjacent_regions, setup),
		cmocka_unit_test_setup(console_write_from_read_only_memory, setup),
		cmocka_unit_test_setup(console_write_without_console_is_denied, setup),
		cmocka_unit_test_setup(unknown_calls_are_not_supported, setup),
		cmocka_unit_test_setup(smccc_general_queries, setup),
		cmocka_unit_test_setup(yield_marks_the_cpu, setup),
		cmocka_unit_test_setup(fault_is_logged_and_stops_the_partition, setup),
		cmocka_unit_test_setup(load_scrubs_and_copies_the_image, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
