/* SPDX-License-Identifier: Apache-2.0 */
/* Run-time state of partitions and vCPUs (objects emitted by the generator). */
#ifndef SK_PARTITION_H
#define SK_PARTITION_H

#include <arch/types.h>
#include <sk/config.h>
#include <sk/types.h>

/* Longest console line the kernel assembles for a partition (bytes). */
#define SK_CONSOLE_LINE_MAX 120u

/* Operating modes, named as in ARINC 653. */
enum sk_mode {
	SK_MODE_IDLE = 0,   /* stopped: never scheduled, its windows stay idle */
	SK_MODE_NORMAL = 1, /* running in its windows */
};

struct sk_partition {
	uint32_t mode; /* enum sk_mode */
	uint32_t faults;
	uint32_t console_len;
	char console_line[SK_CONSOLE_LINE_MAX];
};

struct sk_vcpu {
	struct arch_vcpu arch; /* registers; first, the vectors save into it */
	const struct sk_partition_desc *partition;
	uint32_t index;
	bool on; /* powered on: vCPU 0 from the start, others when started */
};

/* Scrub the partition's memory, load its image and reset its vCPUs. */
void sk_partition_load(const struct sk_partition_desc *p);

/* Stop a partition: it stays in SK_MODE_IDLE, its windows become idle. */
void sk_partition_stop(const struct sk_partition_desc *p);

static inline bool sk_partition_runnable(const struct sk_partition_desc *p)
{
	return p->state->mode == SK_MODE_NORMAL;
}

/*
 * Translate a buffer [ipa, ipa + len) of partition `p` for a kernel access
 * of kind `access` (SK_MEM_READ or SK_MEM_WRITE) and copy it into `dst`.
 * Every page is translated through the partition's own stage-2 tables and
 * must be normal memory with that permission. Returns false, copying
 * nothing, if any byte is not. `len` must be at most SK_COPY_MAX.
 */
#define SK_COPY_MAX 4096u
bool sk_copy_from_partition(const struct sk_partition_desc *p, void *dst,
			    sk_ipa_t ipa, uint64_t len);

#endif /* SK_PARTITION_H */
