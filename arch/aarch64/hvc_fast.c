/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The synchronous fast path, the processor's part of it: the syndrome
 * decoded, the calling vCPU's saved x0-x7 handed to the portable
 * decisions as their register view, the vCPU stepped over the
 * instruction. What is answered here and how is decided in sk/, by code
 * the full exit uses too: the hypercalls the kernel answers without a
 * decision (the version, the port operations when they succeed:
 * sk/call_fast.h) and the two accesses a guest's console makes for every
 * byte to its emulated PL011 (sk/vdev_fast.h). vectors.S saves only
 * x0-x7 and x30 of the calling vCPU before aarch64_hvc_fast(), so, like
 * irq_fast.c, this file is built with x8-x18 reserved and calls nothing
 * outside itself (its one call, to the PL011 path kept out of line so
 * that hypercalls do not pay for it, is compiled with the same reserved
 * registers; the build checks the object refers to nothing but data).
 * Everything else goes to the full exit unchanged.
 */
#include <arch/inject.h>
#include <arch/syndrome.h>
#include <arch/sysreg.h>

static inline uint64_t counter_now(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

#define SK_PORT_NOW() counter_now()
#define SK_PORT_PTR(pa) ((void *)(uintptr_t)(pa)) /* the kernel maps it 1:1 */
#define SK_PORT_INJECT(v, slot) aarch64_virq_inject((v), (slot))
#include <sk/call_fast.h>
#include <sk/vdev_fast.h>

uint32_t aarch64_hvc_fast(uint64_t *x);

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
 * A data abort: if its syndrome gives the IPA and describes one load or
 * store of x0-x7 or the zero register that is not sign-extended (the
 * register view x holds only x0-x7), the access for sk_vdev_fast(); if
 * that answers it, the loaded value into its register and the vCPU
 * stepped. Returns SK_FAST_DONE or SK_FAST_EXIT.
 */
static __attribute__((noinline)) uint32_t mmio_fast(uint64_t *x, uint64_t esr)
{
	uint32_t rt = aarch64_abort_reg(esr);
	struct sk_mmio m;

	if (!aarch64_abort_single(esr) || (esr & ISS_SSE) != 0u ||
	    (rt >= SK_FAST_REGS && rt != AARCH64_REG_ZR) ||
	    !aarch64_fsc_has_ipa((uint32_t)esr & ISS_FSC_MASK))
		return SK_FAST_EXIT;
	m.addr = aarch64_fault_ipa(read_sysreg(hpfar_el2), read_sysreg(far_el2));
	m.size = aarch64_abort_size(esr);
	m.write = (esr & ISS_WNR) != 0u;
	m.value = m.write && rt != AARCH64_REG_ZR ? sk_mmio_width(x[rt], m.size) : 0u;
	if (sk_vdev_fast(aarch64_this_cpu(), &m) != SK_FAST_DONE)
		return SK_FAST_EXIT;
	/* A W register's top half is zero: the value is at most 4 bytes then
	 * (SF clear: SAS is at most a word). */
	if (!m.write && rt != AARCH64_REG_ZR)
		x[rt] = m.value;
	step(esr);
	return SK_FAST_DONE;
}

/* x: the saved x0-x7 of the caller, answered in place. Returns
 * SK_FAST_DONE when answered, SK_FAST_EXIT for the full exit. */
uint32_t aarch64_hvc_fast(uint64_t *x)
{
	uint64_t esr = read_sysreg(esr_el2);
	uint32_t ec = aarch64_esr_ec(esr);

	if (__builtin_expect(ec == EC_HVC64 && aarch64_esr_imm16(esr) == 0u, 1))
		return sk_call_fast(aarch64_this_cpu(), x);
	return ec == EC_DABT_LOWER ? mmio_fast(x, esr) : SK_FAST_EXIT;
}
