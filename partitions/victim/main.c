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

int main(void)
{
	uint64_t first = bh_time();
	struct bh_status st;

	bh_get_status(&st);
	frame0 = st.frame0;
	report("first window", first);
	bh_set_mode(BH_MODE_NORMAL);
	for (;;)
		report("window", next_window());
}
