/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A cold start of a partition larger than one chunk, in its own windows
 * only: every chunk of scrub and image copy starts with at least the work
 * margin left in the window, so none runs past the window's end, however
 * large the memory and the image; the partition runs only when all is
 * done, with its image in place and the rest of its memory zero.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host.h>
#include <sk/config.h>
#include <sk/cpu.h>
#include <sk/partition.h>
#include <sk/sched.h>

#define RAM (5u * SK_LOAD_CHUNK + 4096u)   /* not a whole number of chunks */
#define IMAGE (2u * SK_LOAD_CHUNK + 100u)
#define MARGIN 70u                          /* ticks; a 64 KiB step takes 64 */
#define WINDOW 300u

static uint8_t ram[RAM] __attribute__((aligned(4096)));
static uint8_t image[IMAGE];
static struct sk_partition state;
static struct sk_vcpu vcpu;
static const uint32_t on_cpu0[] = { 0 };
static const struct sk_region regions[] = {
	{ "ram", { 0x40000000u }, { 0 }, RAM, SK_MEM_READ | SK_MEM_WRITE | SK_MEM_EXEC,
	  SK_NONE },
};
static struct sk_region live_regions[1];
static struct sk_partition_desc part;

/* Frame of 600 ticks: the partition [0, 300), idle [300, 600). */
static const struct sk_slot slots[] = {
	{ .start = 0, .end = WINDOW, .partition = 0, .vcpu = 0, .window = 0 },
	{ .start = WINDOW, .end = 600, .partition = SK_SLOT_IDLE, .vcpu = SK_NONE,
	  .window = SK_NONE },
};
static const struct sk_cpu_plan plan = { 2, slots };
static char ring[4096];
static struct bh_audit_record audit[4];
const struct sk_system sk_system = {
	.margin_ticks = MARGIN, .console_ring_size = sizeof(ring), .console_ring = ring,
	.audit_records = 4, .audit_ring = audit,
	.timer_hz = 62500000u, .major_frame = 600,
};

static void set_up_partition(void)
{
	live_regions[0] = regions[0];
	live_regions[0].pa.pa = (uintptr_t)ram;
	part = (struct sk_partition_desc){
		.name = "big", .n_regions = 1, .regions = live_regions,
		.image = { image, image + IMAGE, 0, { 0x40000000u }, { 0x40000000u } },
		.n_vcpus = 1, .vcpu_cpu = on_cpu0, .vcpus = &vcpu, .state = &state,
	};
	for (uint32_t i = 0; i < IMAGE; i++)
		image[i] = (uint8_t)(i * 7u + 1u);
}

static void a_big_cold_start_stays_inside_its_windows(void **st)
{
	struct sk_sched s;
	uint32_t windows = 0;

	(void)st;
	set_up_partition();
	memset(ram, 0x5a, sizeof(ram));
	host_now = 0;
	host_ticks_per_kib = 1;
	sk_sched_start(&s, &plan, 600, 0);
	sk_partition_restart(&part, true, BH_START_PARTITION_RESTART);
	assert_true(state.loading);
	/* One window at a time: work from its start as the kernel would. */
	for (uint64_t frame = 0; frame < 20u && state.loading; frame++) {
		uint64_t start = frame * 600u;

		host_now = start;
		assert_true(sk_sched_advance(&s, start) || frame == 0u);
		sk_partition_load_step(&part, &s);
		windows++;
		/* Nothing ran into the idle slot after the window. */
		assert_true(host_now <= start + WINDOW);
		assert_true(host_longest_step <= MARGIN);
		sk_sched_advance(&s, start + WINDOW);
	}
	assert_false(state.loading);
	/* 64 ticks a 64 KiB chunk: four in the first window (the fifth
	 * would start at 256, with 44 ticks left, under the margin); the
	 * last scrub chunk, the 4 KiB tail and the image's three in the
	 * second. */
	assert_int_equal(windows, 2);
	assert_memory_equal(ram, image, IMAGE);
	for (uint32_t i = IMAGE; i < RAM; i++)
		assert_int_equal(ram[i], 0);
	assert_true(vcpu.reset_pending);
	host_ticks_per_kib = 0;
}

/* Too little of the window left for even one chunk: nothing is done. */
static void no_chunk_starts_in_the_margin(void **st)
{
	struct sk_sched s;

	(void)st;
	set_up_partition();
	host_ticks_per_kib = 1;
	sk_sched_start(&s, &plan, 600, 0);
	sk_partition_restart(&part, true, BH_START_PARTITION_RESTART);
	host_now = WINDOW - MARGIN + 1u;
	assert_false(sk_partition_load_step(&part, &s));
	assert_int_equal(host_now, WINDOW - MARGIN + 1u);
	assert_int_equal(state.load_region, 0);
	assert_int_equal(state.load_offset, 0);
	host_ticks_per_kib = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_big_cold_start_stays_inside_its_windows),
		cmocka_unit_test(no_chunk_starts_in_the_margin),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
