/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypercall fast path: the calls the kernel answers without a
 * decision (port calls, the version) and with success, answered before the
 * full exit. vectors.S saves only x0-x7 and x30 of the calling vCPU before
 * aarch64_hvc_fast(), so, like irq_fast.c, this file is built with x8-x18
 * reserved and calls no function (the port operations are inline, from
 * sk/port_ops.h; the build checks the object refers to nothing but
 * sk_system). A refused call, which the health monitor must hear of, and
 * every other call go to the full exit unchanged: the operations change
 * nothing when they refuse.
 */
#include <arch/inject.h>
#include <arch/sysreg.h>
#include <sk/version.h>

static inline uint64_t counter_now(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

#define SK_PORT_NOW() counter_now()
#define SK_PORT_PTR(pa) ((void *)(uintptr_t)(pa)) /* the kernel maps it 1:1 */
#define SK_PORT_INJECT(v, slot) aarch64_virq_inject((v), (slot))
#include <sk/port_ops.h>

uint64_t aarch64_hvc_fast(uint64_t *x);

/* x: the saved x0-x7 of the caller, answered in place. Returns 1 when
 * answered, 0 for the full exit. */
uint64_t aarch64_hvc_fast(uint64_t *x)
{
	uint64_t esr = read_sysreg(esr_el2);
	const struct sk_partition_desc *p;
	struct sk_port_result res;
	int64_t status;

	if (((uint32_t)(esr >> ESR_EC_SHIFT) & ESR_EC_MASK) != EC_HVC64 ||
	    (esr & 0xffffu) != 0u)
		return 0;
	p = aarch64_this_cpu()->current->partition;
	res.r[0] = 0;
	res.r[1] = 0;
	res.r[2] = 0;
	switch ((uint32_t)x[0]) {
	case BH_HVC_VERSION:
		status = BH_OK;
		res.r[0] = (BH_ABI_MAJOR << 16) | BH_ABI_MINOR;
		res.r[1] = (SK_VERSION_MAJOR << 16) | (SK_VERSION_MINOR << 8) |
			   SK_VERSION_PATCH;
		break;
	case BH_HVC_SAMPLING_WRITE:
		status = sk_port_sampling_write(p, x[1], x[2], x[3], &res);
		break;
	case BH_HVC_SAMPLING_READ:
		status = sk_port_sampling_read(p, x[1], x[2], x[3], &res);
		break;
	case BH_HVC_QUEUING_SEND:
		status = sk_port_queuing_send(p, x[1], x[2], x[3], &res);
		break;
	case BH_HVC_QUEUING_RECEIVE:
		status = sk_port_queuing_receive(p, x[1], x[2], x[3], &res);
		break;
	case BH_HVC_DOORBELL_RING:
		status = sk_port_doorbell_ring(p, x[1], &res);
		break;
	default:
		return 0;
	}
	if (sk_port_refused(status))
		return 0;
	x[0] = (uint64_t)status;
	x[1] = res.r[0];
	x[2] = res.r[1];
	x[3] = res.r[2];
	return 1;
}
