/* SPDX-License-Identifier: Apache-2.0 */
/* Architecture interface: the firmware partitions call. See README.md. */
#ifndef SK_ARCH_FIRMWARE_H
#define SK_ARCH_FIRMWARE_H

#include <sk/exit.h>
#include <sk/types.h>

struct sk_vcpu;

/*
 * A call that is none of Bulkhead's own (bulkhead/hvc.h) may be one of
 * the firmware interface the architecture gives partitions, as their
 * operating systems expect it: turning their vCPUs on and off, switching
 * the partition off or resetting it, and the queries that discover which
 * calls exist. Carry out call `call` of vCPU v (the caller, running on
 * this CPU, in its partition's window) through the portable operations of
 * sk/power.h, and put the results in call->ret (ret[0] first; call->nret
 * as it is, or more). Every field of `call` is the partition's: checked
 * before use. Returns false, having done nothing, if `call` is no such
 * call (the kernel then refuses it as unknown).
 */
bool arch_firmware_call(struct sk_vcpu *v, struct sk_call *call);

#endif /* SK_ARCH_FIRMWARE_H */
