/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Health monitor: where every partition fault and misuse goes. The kernel
 * never panics or hangs because of what a partition does; it raises an
 * event here, and the generated table (sk_partition_desc.hm) says what to
 * do: log, stop, cold or warm restart (up to a limit, then escalate),
 * switch plan, or halt the system. Every event and action is audited.
 */
#ifndef SK_HM_H
#define SK_HM_H

#include <sk/config.h>
#include <sk/exit.h>

struct sk_vcpu;

/*
 * Raise `event` for partition p. `what` describes it for the console
 * ("trapped instruction: ..."); `detail` goes into the audit record.
 * Applies the partition's action and returns it (SK_HM_*): after anything
 * but SK_HM_LOG the partition's vCPU that caused the event no longer runs
 * its interrupted code.
 */
uint32_t sk_hm_raise(const struct sk_partition_desc *p, uint32_t event,
		     uint64_t detail, const char *what);

/*
 * A synchronous fault of v (memory violation, trapped instruction, other
 * exception): logged with partition, address and syndrome, then raised.
 * If the action is to log only, the fault is reflected into the partition
 * as an exception it can handle (it cannot just carry on).
 */
void sk_hm_partition_fault(struct sk_vcpu *v, const struct sk_fault *f);

/* Stop every CPU: the halt_system action and privilege. Never returns. */
SK_NORETURN void sk_halt_system(const char *why);

/* Set when the system is halting: every CPU stops at its next exit. */
extern volatile bool sk_halting;

#endif /* SK_HM_H */
