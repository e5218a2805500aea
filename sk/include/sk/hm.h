/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Health monitor: where every partition fault goes. The kernel never panics
 * or hangs because of what a partition does; it raises an event here and
 * the monitor applies the action for it.
 */
#ifndef SK_HM_H
#define SK_HM_H

#include <sk/exit.h>

struct sk_vcpu;

/*
 * A fault of vCPU `v` described by `f`: log it (partition, address,
 * syndrome) and apply the action. Today the action for every partition
 * fault is to stop the partition.
 */
void sk_hm_partition_fault(struct sk_vcpu *v, const struct sk_fault *f);

#endif /* SK_HM_H */
