/* SPDX-License-Identifier: Apache-2.0 */
/* Partitions and vCPUs at run time (objects emitted by the generator). */
#ifndef SK_PARTITION_H
#define SK_PARTITION_H

#include <arch/types.h>
#include <bulkhead/hvc.h>
#include <sk/config.h>
#include <sk/spinlock.h>
#include <sk/types.h>

/* Longest console line the kernel assembles for a partition (bytes). */
#define SK_CONSOLE_LINE_MAX 120u

/* Operating modes, as ARINC 653 numbers them (= BH_MODE_*). */
enum sk_mode {
	SK_MODE_IDLE = BH_MODE_IDLE,             /* stopped: its windows stay idle */
	SK_MODE_COLD_START = BH_MODE_COLD_START, /* initialising after a cold start */
	SK_MODE_WARM_START = BH_MODE_WARM_START, /* initialising after a warm start */
	SK_MODE_NORMAL = BH_MODE_NORMAL,         /* operational */
};

/* The registers of an emulated PL011 (sk/vdev.c) that keep a value. */
/* Bytes typed on the console that the emulated PL011 of the partition
 * that receives console input (sk_system.console_input) holds. */
#define SK_VUART_RX_SIZE 64u

struct sk_vuart {
	struct sk_spinlock lock; /* input arrives on the boot CPU, any vCPU reads */
	uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc, dmacr, ilpr;
	bool asserted; /* its interrupt line, as last raised */
	uint8_t rx[SK_VUART_RX_SIZE]; /* receive FIFO, a ring */
	uint32_t rx_head;  /* index of the oldest byte */
	uint32_t rx_count; /* bytes in it */
	uint32_t rx_dropped; /* bytes typed while it was full */
};

struct sk_partition {
	struct sk_spinlock lock; /* mode, loading: changed from any CPU */
	uint32_t mode;           /* enum sk_mode */
	uint32_t start_condition; /* BH_START_* */
	uint32_t restarts;       /* restarts by the health monitor */
	uint32_t starts;         /* times it started, for any reason */
	uint32_t faults;         /* faults it made (each one contained) */
	uint32_t events;         /* health-monitor events raised for it */
	/*
	 * A cold start scrubs the partition's memory and loads its image, a
	 * bounded piece at a time, in the partition's own windows; until it
	 * is done no vCPU of the partition runs.
	 */
	bool loading;
	uint32_t load_region;    /* region being scrubbed, n_regions: copy image */
	uint64_t load_offset;    /* bytes of it (or of the image) done */
	/* Calls and faults that came too late in a window to be handled in
	 * it, carried out in its next window instead (sk/exit.c). */
	uint32_t deferred;
	/* Its unfinished console line: its vCPUs write it from any CPU, the
	 * health monitor and console input flush it from theirs. */
	struct sk_spinlock console_lock;
	uint32_t console_len;
	char console_line[SK_CONSOLE_LINE_MAX];
	/* Its console budget (sk/console.c, under the console's lock): bytes
	 * queued and dropped in major frame console_frame, dropped since boot. */
	uint64_t console_frame;
	uint32_t console_used;
	uint32_t console_dropped;
	uint64_t console_dropped_total;
	struct sk_vuart vuart; /* its emulated PL011, if it has one */
	struct arch_partition arch; /* its emulated interrupt controller */
};

struct sk_vcpu {
	struct arch_vcpu arch; /* registers; first, the vectors save into it */
	const struct sk_partition_desc *partition;
	uint32_t index;
	bool on; /* powered on: vCPU 0 when the partition starts, others by sk_vcpu_power_on() */
	uint32_t resets; /* times its registers were reset */
	/*
	 * A reset asked for (by a restart from any CPU, or sk_vcpu_power_on()) and
	 * done by the vCPU's own CPU the next time it picks it: only that CPU
	 * ever writes the vCPU's saved state, and the state it may still have
	 * loaded from before the reset is dropped, never saved over the new.
	 */
	bool reset_pending;
	sk_ipa_t reset_entry;
	uint64_t reset_arg;
	/*
	 * Time partitioning as this vCPU saw it, written by its own CPU only
	 * (sk/exit.c), read by GET_STATUS: its windows that began after their
	 * switch time, overruns charged to it (the kernel's work for it ran
	 * into the next window, which began late), and the longest the kernel
	 * took from the start of one of its windows to having switched to it,
	 * in ticks. Overruns not yet reported (overrun_pending) are reported,
	 * and raised as its health monitor's overrun event, at the start of
	 * its next window, in its own time; the last was into window
	 * overrun_window, of partition overrun_victim.
	 */
	uint32_t late_starts;
	uint32_t overruns;
	uint64_t switch_worst;
	uint32_t overrun_pending;
	uint32_t overrun_window;
	uint32_t overrun_victim;
};

/* Ask for vCPU v to start afresh at `entry` with `arg` as its first argument (see above). */
void sk_vcpu_reset(struct sk_vcpu *v, sk_ipa_t entry, uint64_t arg);

/* Bytes a cold start scrubs, or copies and cleans, between two looks at
 * the clock: the longest piece of a cold start (docs/performance.md). */
#define SK_LOAD_CHUNK (64u * 1024u)

/*
 * Cold-start a partition at boot: scrub its memory, load its image, reset
 * its vCPUs, all at once (nothing runs yet). Mode COLD_START.
 */
void sk_partition_boot(const struct sk_partition_desc *p);

/*
 * Restart a partition, cold (memory scrubbed and image reloaded, in its
 * own windows) or warm (vCPUs reset, memory kept). `why` is a BH_START_*
 * condition. Its vCPUs stop at once, on every CPU.
 */
void sk_partition_restart(const struct sk_partition_desc *p, bool cold,
			  uint32_t why);

/* Stop a partition: mode IDLE, its windows stay idle. */
void sk_partition_stop(const struct sk_partition_desc *p);

/*
 * Continue a cold start in the partition's window `window` (a CPU's
 * schedule, now in one of the partition's slots), a chunk at a time, each
 * chunk started only if it fits before the window ends (sk_sched_fits()).
 * Returns true when the partition is loaded (and vCPU 0 ready to run).
 * Only one CPU works on a partition at a time.
 */
struct sk_sched;
bool sk_partition_load_step(const struct sk_partition_desc *p,
			    const struct sk_sched *window);

static inline bool sk_partition_runnable(const struct sk_partition_desc *p)
{
	const struct sk_partition *st = p->state;

	return st->mode != SK_MODE_IDLE && !st->loading;
}

/* May vCPU v run, as far as its partition and power state go (a reset it
 * waits for is done by its CPU when it picks it: sk/exit.c)? */
static inline bool sk_vcpu_runnable(const struct sk_vcpu *v)
{
	return sk_partition_runnable(v->partition) && v->on;
}

/*
 * Translate a buffer [ipa, ipa + len) of partition `p` for a kernel access
 * of kind `access` (SK_MEM_READ or SK_MEM_WRITE) and copy it into `dst`
 * (or, for SK_MEM_WRITE, copy `dst` into it). Every page is translated
 * through the partition's own stage-2 tables and must be write-back normal
 * memory with that permission, inside one of its regions. Returns false,
 * having copied nothing meaningful, if any byte is not. `len` must be at
 * most SK_COPY_MAX.
 */
#define SK_COPY_MAX 4096u
bool sk_copy_from_partition(const struct sk_partition_desc *p, void *dst,
			    sk_ipa_t ipa, uint64_t len);
bool sk_copy_to_partition(const struct sk_partition_desc *p, sk_ipa_t ipa,
			  const void *src, uint64_t len);

#endif /* SK_PARTITION_H */
