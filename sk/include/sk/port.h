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
	uint64_t r[7]; /* results x1.. of the call, per bulkhead/hvc.h */
	const char *why;
};

int64_t sk_sampling_write(const struct sk_partition_desc *p, uint64_t port,
			  uint64_t buf, uint64_t len, struct sk_port_result *res);
int64_t sk_sampling_read(const struct sk_partition_desc *p, uint64_t port,
			 uint64_t buf, uint64_t room, struct sk_port_result *res);
int64_t sk_queuing_send(const struct sk_partition_desc *p, uint64_t port,
			uint64_t buf, uint64_t len, struct sk_port_result *res);
int64_t sk_queuing_receive(const struct sk_partition_desc *p, uint64_t port,
			   uint64_t buf, uint64_t room, struct sk_port_result *res);
int64_t sk_port_status(const struct sk_partition_desc *p, uint64_t port,
		       struct sk_port_result *res);
int64_t sk_doorbell_ring(const struct sk_partition_desc *p, uint64_t port,
			 struct sk_port_result *res);

/* True for the statuses that are refusals (health-monitor events). */
static inline bool sk_port_refused(int64_t status)
{
	return status == BH_E_INVALID || status == BH_E_DENIED ||
	       status == BH_E_BAD_ADDRESS;
}

#endif /* SK_PORT_H */
