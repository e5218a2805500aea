/* SPDX-License-Identifier: Apache-2.0 */
/* Hypercall dispatch: the ABI of sk/include/bulkhead/hvc.h. */
#ifndef SK_HYPERCALL_H
#define SK_HYPERCALL_H

#include <sk/exit.h>

struct sk_cpu;
struct sk_vcpu;

/*
 * Carry out the call in `call` for vCPU `v` running on `cpu`, writing the
 * results into call->ret. Every argument is checked; a bad one gives an
 * error status, never a fault or a panic.
 */
void sk_hypercall(struct sk_cpu *cpu, struct sk_vcpu *v, struct sk_call *call);

#endif /* SK_HYPERCALL_H */
