/* SPDX-License-Identifier: Apache-2.0 */
/*
 * victim: the partition whose time an attacker tries to move
 * (tests/qemu/test_timing.py, partitions/attacker).
 *
 * It yields every window as soon as it has reported it, and reports every
 * window it gets: the raw system counter (CNTVCT_EL0, ticks of
 * BH_TIMER_HZ) read by the first instructions it runs in the window, one
 * line per window:
 *
 *   window <frame> start <tick> (+<ticks into the frame>)
 *
 * The frame number and the offset are computed from frame 0's tick
 * (GET_STATUS) and BH_MAJOR_FRAME_TICKS; the test compares the raw ticks.
 * With schedule.switch_time set, each of them must be the window's start
 * plus the switch time plus the same few instructions, whatever any other
 * partition did before: under QEMU's -icount shift=0 two boots that differ
 * only in what the attacker does must print exactly the same lines.
 *
 * Its first window begins with the partition's entry code, not a return
 * from yield, so it is reported apart ("first window ...": main's first
 * counter read).
 *
 * In every tenth frame (9, 19, ...) it also reports what the kernel says
 * time partitioning did to it so far (GET_STATUS, BH_STATUS_TIME), after
 * the window line:
 *
 *   time late <starts> overruns <n> deferred <n> dropped <bytes> switch <ticks>
 *
 * `switch` is the longest the kernel took from the start of one of its
 * windows until it had switched to it: bench/run.py reads it as the switch
 * bound under each attack; the boot tests expect `late 0` wherever the
 * switch time is met, and more where it is not on purpose.
 */
#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>

/*
 * What is timed is compiled apart (noipa: no specialisation for the
 * build's parameters; aligned: the same layout wherever the linker puts
 * it), so that every build of this payload runs the same instructions from
 * the kernel's return into the window to the counter read (as in
 * partitions/rt: under icount the read's phase within a tick depends on
 * them).
 */
#define TIMED __attribute__((noipa, aligned(64)))

/* The rest of this window off; the counter at the start of the next. */
static TIMED uint64_t next_window(void)
{
	bh_yield();
	return bh_time();
}

static uint64_t frame0;

static void report(const char *what, uint64_t tick)
{
	uint64_t since = tick - frame0;

	bh_printf("%s %lu start %lu (+%lu)\n", what,
		  (unsigned long)(since / BH_MAJOR_FRAME_TICKS), (unsigned long)tick,
		  (unsigned long)(since % BH_MAJOR_FRAME_TICKS));
}

static void report_time(void)
{
	struct bh_time_status t;

	if (bh_get_time_status(&t) != BH_OK)
		return;
	bh_printf("time late %lu overruns %lu deferred %lu dropped %lu switch %lu\n",
		  (unsigned long)t.late_starts, (unsigned long)t.overruns,
		  (unsigned long)t.deferred, (unsigned long)t.console_dropped,
		  (unsigned long)t.switch_worst);
}

int main(void)
{
	uint64_t first = bh_time();
	struct bh_status st;

	bh_get_status(&st);
	frame0 = st.frame0;
	report("first window", first);
	bh_set_mode(BH_MODE_NORMAL);
	for (;;) {
		uint64_t tick = next_window();

		report("window", tick);
		if ((tick - frame0) / BH_MAJOR_FRAME_TICKS % 10u == 9u)
			report_time();
	}
}
