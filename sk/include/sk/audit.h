/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The audit log: a ring of fixed-size records (struct bh_audit_record) in
 * storage the generator sizes (system.audit_records). Overflow policy: the
 * oldest record is overwritten and counted as lost; sequence numbers make
 * every loss visible to a reader. Every record is also printed on the
 * console.
 */
#ifndef SK_AUDIT_H
#define SK_AUDIT_H

#include <bulkhead/hvc.h>
#include <sk/types.h>

/* Partition field of records written for the kernel itself. */
#define SK_AUDIT_KERNEL 0xFFFFu

/* Record an event (and print it). Safe from any CPU. */
void sk_audit(uint32_t partition, uint16_t event, uint16_t info, uint64_t detail);

/* Records written since boot (the sequence number of the next one). */
uint64_t sk_audit_count(void);

/*
 * Copy up to `max` records with sequence number >= `first`, oldest first.
 * Sets *next to the sequence number to ask for next and *lost to the
 * number of records overwritten since boot. Returns the number copied.
 */
uint32_t sk_audit_read(uint64_t first, struct bh_audit_record *out, uint32_t max,
		       uint64_t *next, uint64_t *lost);

#endif /* SK_AUDIT_H */
