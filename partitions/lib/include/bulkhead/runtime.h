/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Bulkhead partition runtime: what a bare-metal payload links with.
 *
 * The runtime's entry code (crt0.S) sets up a stack at the top of the
 * partition's load region, clears bss and calls main(). When main returns
 * the partition yields its windows for good.
 *
 * Each call below is one hypercall (HVC #0, see <bulkhead/hvc.h> and
 * docs/design.md) except bh_time(), which reads the virtual counter.
 */
#ifndef BULKHEAD_RUNTIME_H
#define BULKHEAD_RUNTIME_H

#include <bulkhead/hvc.h>
#include <stdarg.h>
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

#endif /* BULKHEAD_RUNTIME_H */
