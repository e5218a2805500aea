/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypercall fast path's decision: which calls the kernel answers
 * before the full exit (the version, and the port operations when they
 * succeed), and the answer. Portable, inline and calling nothing: the
 * architecture's fast path (arch/aarch64/hvc_fast.c) hands it the
 * caller's first SK_FAST_REGS argument registers as its vector saved them
 * and nothing else, so it may use no more; the build checks that the
 * object it is compiled into refers to no function
 * (arch/aarch64/check_irq_fast.cmake). The full path (sk/hypercall.c)
 * answers the same calls with the same code: sk_call_version()
 * (sk/call_version.h) and sk_port_op() (sk/port_ops.h).
 *
 * The includer defines the hooks of sk/port_ops.h first.
 */
#ifndef SK_CALL_FAST_H
#define SK_CALL_FAST_H

#include <bulkhead/hvc.h>
#include <sk/call_version.h>
#include <sk/cpu.h>
#include <sk/fast.h>
#include <sk/partition.h>
#include <sk/port_ops.h>

/* The registers of the call the fast path sees: the function identifier
 * in r[0] (its low 32 bits, per the ABI), arguments in r[1..], status
 * and results written back to r[0..3]. */
#define SK_FAST_REGS 8u

/*
 * A port operation of the vCPU running on `cpu`, registers `r`: answered
 * into r if it succeeds or ends normally (BH_E_EMPTY, BH_E_FULL). Kept out
 * of line, compiled with the same reserved registers as its caller, so
 * that the version answer does not pay for the registers it needs.
 */
static __attribute__((noinline)) uint32_t sk_call_fast_port(const struct sk_cpu *cpu,
							    uint64_t r[SK_FAST_REGS])
{
	struct sk_port_result res;
	int64_t status;

	res.r[0] = 0;
	res.r[1] = 0;
	res.r[2] = 0;
	if (!sk_port_op(cpu->current->partition, (uint32_t)r[0], r[1], r[2], r[3], &res,
			&status) ||
	    sk_port_refused(status))
		return SK_FAST_EXIT;
	r[0] = (uint64_t)status;
	r[1] = res.r[0];
	r[2] = res.r[1];
	r[3] = res.r[2];
	return SK_FAST_DONE;
}

/*
 * A Bulkhead call with immediate 0 (the architecture has checked it) by the
 * vCPU running on `cpu`, registers `r`: the version, or a port operation
 * that succeeds or ends normally (BH_E_EMPTY, BH_E_FULL), answered into r:
 * SK_FAST_DONE. Anything else, a refused port call included (the health
 * monitor must hear of it; a refusal changes nothing), SK_FAST_EXIT with r
 * unchanged. Every argument is the partition's and is checked by the
 * operation before use (sk/port_ops.h).
 */
static inline uint32_t sk_call_fast(const struct sk_cpu *cpu, uint64_t r[SK_FAST_REGS])
{
	uint64_t ret[2];

	if ((uint32_t)r[0] != BH_HVC_VERSION)
		return sk_call_fast_port(cpu, r);
	r[0] = (uint64_t)sk_call_version(ret);
	r[1] = ret[0];
	r[2] = ret[1];
	r[3] = 0;
	return SK_FAST_DONE;
}

#endif /* SK_CALL_FAST_H */
