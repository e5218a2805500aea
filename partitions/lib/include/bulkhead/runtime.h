/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Bulkhead partition runtime: what a bare-metal payload is built with.
 *
 * The entry code (crt0.S) sets up a stack at the top of the partition's
 * load region, clears bss, installs exception vectors (vectors.S: an
 * unexpected exception is reported to the health monitor as a partition
 * error), enables the virtual GIC CPU interface and calls main(). When
 * main returns the partition yields its windows for good.
 *
 * Every call below is one hypercall (HVC #0, <bulkhead/hvc.h>,
 * docs/design.md) except bh_time(), bh_wait() and bh_sleep_until(), which
 * use the partition's own virtual counter, timer and interrupt interface.
 */
#ifndef BULKHEAD_RUNTIME_H
#define BULKHEAD_RUNTIME_H

#include <bulkhead/hvc.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Results of a raw call: x0 (status) and x1..x7. */
struct bh_ret {
	int64_t status;
	uint64_t r[7];
};

/* Raw hypercall: function `fn`, arguments x1..x3; x4..x7 are passed as 0. */
void bh_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
	     struct bh_ret *out);

/* ---- identity and console ---- */

struct bh_identity {
	uint32_t partition_id;
	uint32_t vcpu;
	char name[33];
};

/* Who am I: partition id, vCPU index and name. Returns a BH_ status. */
int64_t bh_identity(struct bh_identity *id);

/* Kernel and ABI versions: (major << 16 | minor << 8 | patch), (major << 16 | minor). */
int64_t bh_version(uint32_t *kernel, uint32_t *abi);

/*
 * Write `len` (1..BH_CONSOLE_WRITE_MAX) bytes to the console. The kernel
 * prints whole lines as "[<partition>] text". Returns a BH_ status.
 */
int64_t bh_console_write(const char *buf, size_t len);

/* printf to the console; one call should be one line. Output longer than
 * BH_CONSOLE_WRITE_MAX bytes is cut. Returns a BH_ status. */
int64_t bh_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int64_t bh_vprintf(const char *fmt, va_list ap);

/* ---- time ---- */

/* Give up the rest of this window; returns at the start of the next one. */
int64_t bh_yield(void);

/* The system counter as this partition sees it (CNTVCT_EL0), in ticks of
 * BH_TIMER_HZ (from the partition's generated header). */
static inline uint64_t bh_time(void)
{
	uint64_t t;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(t) : : "memory");
	return t;
}

/* No interrupt (bh_wait() reached its deadline). */
#define BH_IRQ_NONE 1023u

/*
 * Sleep until a virtual interrupt arrives or the counter reaches
 * `deadline`, whichever is first, using the vCPU's own virtual timer. The
 * CPU idles meanwhile (and outside the partition's windows nothing of it
 * runs at all). Returns the interrupt taken (already completed) or
 * BH_IRQ_NONE at the deadline.
 */
uint32_t bh_wait(uint64_t deadline);

/* Sleep until the counter reaches `deadline`; interrupts meanwhile are
 * taken and dropped. */
void bh_sleep_until(uint64_t deadline);

/* ---- partition life (ARINC 653 style) ---- */

struct bh_status {
	uint32_t mode;            /* BH_MODE_* */
	uint32_t start_condition; /* BH_START_* */
	uint32_t restarts;        /* by the health monitor */
	uint32_t starts;          /* times started since boot, for any reason */
	uint32_t plan;            /* schedule plan in effect */
	uint32_t pending_plan;    /* plan from the next frame, or BH_NONE */
	uint64_t frame;           /* major frame number */
	uint64_t frame0;          /* counter value at which frame 0 began */
};

int64_t bh_get_status(struct bh_status *st);

/* What time partitioning did to the partition since boot (counter ticks). */
struct bh_time_status {
	uint64_t late_starts;     /* its windows that began after the switch time */
	uint64_t overruns;        /* kernel work for it that ran into the next window */
	uint64_t deferred;        /* calls and faults put off to a later window */
	uint64_t console_dropped; /* console bytes over its budget */
	uint64_t switch_worst;    /* longest from a window's start to its switch done */
	uint64_t switch_time;     /* schedule.switch_time */
	uint64_t work_margin;     /* schedule.work_margin */
};

int64_t bh_get_time_status(struct bh_time_status *st);

/* Set the partition's own mode: BH_MODE_NORMAL when initialisation is
 * over; IDLE, COLD_START or WARM_START do not return. */
int64_t bh_set_mode(uint32_t mode);

/* Report an error to the health monitor (event partition_error). */
int64_t bh_raise_error(uint64_t code);

/* Privileged: switch plan from the next major frame; stop or restart
 * another partition (BH_CONTROL_*); halt the system. */
int64_t bh_switch_plan(uint32_t plan);
int64_t bh_partition_control(uint32_t partition, uint32_t action);
int64_t bh_halt_system(void);

/* Privileged (read_audit): copy up to `room` audit records with sequence
 * number >= *seq into `out`; on return *seq is the next to ask for and
 * *lost the records overwritten since boot. Returns the number copied,
 * or a negative BH_ status. */
int64_t bh_audit_read(uint64_t *seq, struct bh_audit_record *out, uint32_t room,
		      uint64_t *lost);

/* ---- ports (ARINC 653 APEX sampling and queuing ports, shared memory) ----
 *
 * `port` is the partition's own port id, BH_PORT_<CHANNEL> from its
 * generated header. Buffers are passed to the kernel as they are: the
 * runtime assumes the partition's addresses are its intermediate physical
 * addresses (translation off, as crt0.S leaves it). None of these calls
 * blocks. Each returns BH_OK, BH_E_EMPTY or BH_E_FULL as described, or a
 * refusal (BH_E_INVALID, BH_E_DENIED, BH_E_BAD_ADDRESS), which the kernel
 * also reports to the health monitor.
 */

/* WRITE_SAMPLING_MESSAGE: replace the port's message (1 to its message
 * size bytes). */
int64_t bh_write_sampling_message(uint32_t port, const void *msg, uint32_t len);

/* READ_SAMPLING_MESSAGE: copy the latest message into buf (room bytes, at
 * least the message's length). *len, *valid (written within the channel's
 * refresh period) and *time (counter value when written) are set on
 * BH_OK; BH_E_EMPTY if nothing was ever written. Any of the three
 * pointers may be NULL. */
int64_t bh_read_sampling_message(uint32_t port, void *buf, uint32_t room, uint32_t *len,
				 bool *valid, uint64_t *time);

/* SEND_QUEUING_MESSAGE: append a message; BH_E_FULL if the queue is full
 * (the message is not sent). */
int64_t bh_send_queuing_message(uint32_t port, const void *msg, uint32_t len);

/* RECEIVE_QUEUING_MESSAGE: take the oldest message into buf (room bytes,
 * at least its length); *len its length, *left the messages still queued
 * (either may be NULL). BH_E_EMPTY if there is none. */
int64_t bh_receive_queuing_message(uint32_t port, void *buf, uint32_t room, uint32_t *len,
				   uint32_t *left);

/* GET_SAMPLING_PORT_STATUS / GET_QUEUING_PORT_STATUS, for any port. */
struct bh_port_status {
	uint32_t kind;         /* BH_PORT_KIND_* */
	uint32_t direction;    /* BH_PORT_SOURCE or BH_PORT_DESTINATION */
	bool doorbell;         /* the channel rings its readers */
	uint32_t message_size; /* shared memory: the region's size */
	uint32_t depth;        /* queuing */
	uint32_t held;         /* queuing: messages queued; sampling: 1 once written */
	uint64_t writes;       /* messages written or sent since boot */
	uint64_t refused;      /* queuing: sends refused because it was full */
	uint64_t last_write;   /* sampling: counter value of the last write */
};
int64_t bh_get_port_status(uint32_t port, struct bh_port_status *st);

/* Ring the doorbell of a shared-memory channel this partition writes: each
 * reader gets the channel's virtual interrupt (BH_DOORBELL_<CHANNEL>_INTID
 * in its header), which bh_wait() returns. */
int64_t bh_ring_doorbell(uint32_t port);

/* PSCI, for the partition's own vCPUs. */
int64_t bh_psci(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/*
 * Start vCPU `vcpu` of this partition (PSCI CPU_ON) on its own stack, below
 * vCPU 0's, in the payload's function bh_secondary_main(vcpu), which must
 * not return. Returns a PSCI status.
 */
int64_t bh_start_vcpu(uint32_t vcpu);

/*
 * Where a vCPU started by bh_start_vcpu() runs. The library's default
 * (weak) one turns the vCPU off again; a payload with several vCPUs
 * defines its own.
 */
void bh_secondary_main(uint32_t vcpu);

/*
 * Try an access that must fail, for conformance tests: store `value` at
 * (or load from) intermediate physical address `addr`. Returns 0 if the
 * access happened, 1 if it faulted and the kernel reflected the fault back
 * (which needs the health-monitor action "log" for memory violations).
 */
int bh_probe_store(uint64_t addr, uint64_t value);
int bh_probe_load(uint64_t addr, uint64_t *value);

/* True if strings a and b are equal (payload parameters are strings). */
bool bh_streq(const char *a, const char *b);

/* Bytes of stack each vCPU gets (crt0.S and partition.ld agree on it). */
#define BH_STACK_SIZE 16384u

#endif /* BULKHEAD_RUNTIME_H */
