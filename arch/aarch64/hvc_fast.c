/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The synchronous fast path: the hypercalls the kernel answers without a
 * decision (port calls, the version) and with success, and the two
 * accesses a guest's console makes for every byte to its emulated PL011
 * (a read of the flag register, a write of the data register that only
 * adds to the partition's console line), answered before the full exit. vectors.S saves
 * only x0-x7 and x30 of the calling vCPU before aarch64_hvc_fast(), so,
 * like irq_fast.c, this file is built with x8-x18 reserved and calls
 * nothing outside itself (the port operations are inline, from
 * sk/port_ops.h; its one call, to the PL011 read kept out of line so
 * that hypercalls do not pay for it, is compiled with the same reserved
 * registers; the build checks the object refers to nothing but
 * sk_system). A refused call, which the health monitor must hear of, and
 * every other call go to the full exit unchanged: the operations change
 * nothing when they refuse.
 */
#include <arch/inject.h>
#include <arch/syndrome.h>
#include <arch/sysreg.h>
#include <sk/console_fast.h>
#include <sk/vdev.h>
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

/* The vCPU goes on after the instruction that trapped (a 16-bit one, from
 * Thumb, too): aarch64_step(), as on the full exit. */
static inline void step(uint64_t esr)
{
	uint64_t elr = read_sysreg(elr_el2), spsr = read_sysreg(spsr_el2);

	aarch64_step(esr, &elr, &spsr);
	write_sysreg(elr_el2, elr);
	write_sysreg(spsr_el2, spsr);
}

/*
 * A stage-2 data abort that is one load or store of x0-x7 (or xzr) to the
 * running partition's emulated PL011: a load of the flag register (the
 * value into x), or a store to the data register of a byte that only
 * goes into the partition's console line (sk/console_fast.h); then the
 * vCPU goes on at its next instruction and 1 is returned. Anything else:
 * 0, the full exit (sk/vdev.c answers every register; a line end, or a
 * register x8-x30, which x does not hold, goes there).
 */
static __attribute__((noinline)) uint64_t vuart_fast(uint64_t *x, uint64_t esr)
{
	const struct sk_partition_desc *p = aarch64_this_cpu()->current->partition;
	uint32_t rt = (uint32_t)(esr >> 16) & 31u;
	uint32_t fsc = (uint32_t)esr & ISS_FSC_MASK;
	bool store = (esr & ISS_WNR) != 0u;
	uint64_t ipa;

	if ((esr & ISS_ISV) == 0u || (esr & (ISS_S1PTW | ISS_SSE)) != 0u ||
	    (rt >= 8u && rt != 31u) || fsc < 0x4u || fsc > 0x7u)
		return 0; /* not a translation fault: no IPA, or not one of ours */
	ipa = aarch64_fault_ipa(read_sysreg(hpfar_el2), read_sysreg(far_el2));
	for (uint32_t i = 0; i < p->n_vdevs; i++) {
		uint64_t base = p->vdevs[i].ipa.ipa;

		if (p->vdevs[i].kind != SK_VDEV_PL011)
			continue;
		if (!store && ipa == base + SK_VUART_FR) {
			if (rt != 31u)
				x[rt] = sk_vuart_fr(&p->state->vuart);
		} else if (!store || ipa != base + SK_VUART_DR ||
			   !sk_console_append_fast(p, (char)(rt == 31u ? 0u : x[rt] & 0xffu))) {
			return 0;
		}
		step(esr);
		return 1;
	}
	return 0;
}

/* x: the saved x0-x7 of the caller, answered in place. Returns 1 when
 * answered, 0 for the full exit. */
uint64_t aarch64_hvc_fast(uint64_t *x)
{
	uint64_t esr = read_sysreg(esr_el2);
	uint32_t ec = (uint32_t)(esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	const struct sk_partition_desc *p;
	struct sk_port_result res;
	int64_t status;

	if (__builtin_expect(ec != EC_HVC64 || (esr & 0xffffu) != 0u, 0))
		return ec == EC_DABT_LOWER ? vuart_fast(x, esr) : 0u;
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
