/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rt: a real-time control loop, one cycle per window of its own.
 *
 * Each cycle, at the start of its window, it reads the counter, runs a
 * fixed amount of control arithmetic, timing it, looks at the command
 * channel and publishes its telemetry, then yields the rest of the window.
 * Every BH_PARAM_REPORT cycles (default 100) it prints one line of timing:
 * where in the major frame its windows began (in counter ticks: the
 * latency from the window's start) and how long the arithmetic took, each
 * as min..max over those cycles. Under QEMU's icount both are exact, so
 * two runs can be compared line by line: what another partition does in
 * its own windows (a Linux booting, say) must change none of them.
 *
 * With shared-memory channels 'commands' (read-only here) and 'telemetry'
 * (read-write here), it echoes each new command into its telemetry:
 *   commands:  +0 command value, +4 sequence number (written by the other side)
 *   telemetry: +0 magic 0x42485254 ("BHRT"), +4 cycle, +8 last command,
 *              +12 its sequence number
 * (partitions/linux/init is the other side.)
 */
#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>

#ifndef BH_PARAM_REPORT
#define BH_PARAM_REPORT 100u
#endif
/* Rounds of arithmetic per cycle (parameter work). */
#ifndef BH_PARAM_WORK
#define BH_PARAM_WORK 2000u
#endif
/* Cycles to run; 0 runs for ever (parameter cycles). */
#ifndef BH_PARAM_CYCLES
#define BH_PARAM_CYCLES 0u
#endif

#define TELEMETRY_MAGIC 0x42485254u

struct commands {
	uint32_t value;
	uint32_t sequence;
};

struct telemetry {
	uint32_t magic;
	uint32_t cycle;
	uint32_t command;
	uint32_t sequence;
};

/* A fixed-point PI controller driving a simulated first-order plant to a
 * setpoint: straight-line arithmetic (no branch depends on the values),
 * so every cycle runs the same instructions whatever the setpoint. */
static int32_t plant = 0;
static int32_t integral = 0;

static inline int32_t control(int32_t setpoint)
{
	for (uint32_t i = 0; i < BH_PARAM_WORK; i++) {
		int32_t error = setpoint - plant;
		int32_t out;

		integral += error / 16;
		out = error / 2 + integral / 64;
		plant += (out - plant) / 8;
	}
	return plant;
}

/*
 * What is timed is compiled apart (noipa: no specialisation for the
 * build's parameters; aligned: the same layout wherever the linker puts
 * it), so that every build of this payload runs exactly the same
 * instructions from the kernel's return into the window to the last
 * counter read: under icount the counter's phase at each read, and so
 * the ticks measured, are then the same in every build whatever else is
 * in main().
 */
#define TIMED __attribute__((noipa, aligned(64)))

struct sample {
	uint64_t start;	/* counter when the window gave us the processor */
	uint64_t work;	/* ticks the control arithmetic took */
};

/* The rest of this window off; then, in the next one, one cycle of
 * control arithmetic, timed. */
static TIMED void next_cycle(int32_t setpoint, struct sample *s)
{
	bh_yield();
	s->start = bh_time();
	control(setpoint);
	s->work = bh_time() - s->start;
}

struct span {
	uint64_t min, max;
};

static void span_add(struct span *s, uint64_t v)
{
	if (v < s->min)
		s->min = v;
	if (v > s->max)
		s->max = v;
}

int main(void)
{
	struct bh_status st;
	struct span start = { ~0ull, 0 }, work = { ~0ull, 0 };
	uint32_t commands_seen = 0;
	int32_t setpoint = 1000;
	uint64_t frame0;

	bh_get_status(&st);
	frame0 = st.frame0;
#if defined(BH_SHM_TELEMETRY_IPA)
	volatile struct telemetry *tele = (volatile struct telemetry *)BH_SHM_TELEMETRY_IPA;

	tele->magic = TELEMETRY_MAGIC;
	tele->cycle = 0;
	tele->command = 0;
	tele->sequence = 0;
#endif
#if defined(BH_SHM_COMMANDS_IPA)
	const volatile struct commands *cmd =
		(const volatile struct commands *)BH_SHM_COMMANDS_IPA;
	uint32_t last_sequence = cmd->sequence;
#endif
	bh_printf("control loop: %u rounds a cycle, a report every %u cycles\n",
		  BH_PARAM_WORK, BH_PARAM_REPORT);
	bh_set_mode(BH_MODE_NORMAL);
	/* Each cycle starts at the start of a window (cycle 1 at the one
	 * after the partition's first). */
	for (uint32_t n = 1; BH_PARAM_CYCLES == 0u || n <= BH_PARAM_CYCLES; n++) {
		struct sample now;

		next_cycle(setpoint, &now);
		span_add(&start, (now.start - frame0) % BH_MAJOR_FRAME_TICKS);
		span_add(&work, now.work);
#if defined(BH_SHM_COMMANDS_IPA)
		if (cmd->sequence != last_sequence) {
			last_sequence = cmd->sequence;
			setpoint = (int32_t)(cmd->value & 0xffffu);
			commands_seen++;
#if defined(BH_SHM_TELEMETRY_IPA)
			tele->command = cmd->value;
			tele->sequence = last_sequence;
#endif
			bh_printf("cycle %u: command 0x%x (sequence %u)\n", n, cmd->value,
				  last_sequence);
		}
#endif
#if defined(BH_SHM_TELEMETRY_IPA)
		tele->cycle = n;
#endif
		if (n % BH_PARAM_REPORT == 0u) {
			bh_printf("cycles %u-%u: window start +%lu..%lu ticks into the frame, "
				  "work %lu..%lu ticks, %u commands\n",
				  n - BH_PARAM_REPORT + 1u, n, (unsigned long)start.min,
				  (unsigned long)start.max, (unsigned long)work.min,
				  (unsigned long)work.max, commands_seen);
			start.min = work.min = ~0ull;
			start.max = work.max = 0;
		}
	}
	bh_printf("done\n");
	bh_set_mode(BH_MODE_IDLE);
	return 0;
}
