/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ports: a partition's ends of its channels (ARINC 653 sampling and
 * queuing ports, shared memory with a doorbell). Every operation checks
 * that the port is the caller's, of the right kind and direction, and that
 * the buffer is the caller's own memory, before it touches anything; it
 * then copies at most one message (4 KiB) under the channel's lock.
 *
 * Each returns BH_OK, a normal outcome (BH_E_EMPTY, BH_E_FULL) or a
 * refusal (BH_E_INVALID, BH_E_DENIED, BH_E_BAD_ADDRESS) with `*why` set to
 * the reason, for the health monitor and the audit log; a refusal changes
 * nothing.
 */
#ifndef SK_PORT_H
#define SK_PORT_H

#include <sk/config.h>
#include <sk/types.h>

struct sk_port_result {
	uint64_t r[7]; /* results 1.. of the call (ret[1..]), per bulkhead/hvc.h */
	const char *why;
};

/*
 * Port call `fn` (BH_HVC_SAMPLING_WRITE .. BH_HVC_DOORBELL_RING of
 * bulkhead/hvc.h) with its first three arguments, on the full path: the
 * operations of sk/port_ops.h, and BH_HVC_PORT_STATUS. Any other `fn` is
 * refused with BH_E_INVALID.
 */
int64_t sk_port_call(const struct sk_partition_desc *p, uint32_t fn, uint64_t a0,
		     uint64_t a1, uint64_t a2, struct sk_port_result *res);

/* Port `port`'s channel, direction and counters (BH_HVC_PORT_STATUS). */
int64_t sk_port_status(const struct sk_partition_desc *p, uint64_t port,
		       struct sk_port_result *res);

/* True for the statuses that are refusals (health-monitor events). */
static inline bool sk_port_refused(int64_t status)
{
	return status == BH_E_INVALID || status == BH_E_DENIED ||
	       status == BH_E_BAD_ADDRESS;
}

#endif /* SK_PORT_H */
