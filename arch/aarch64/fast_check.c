/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Not part of the kernel (never linked): the portable fast-path
 * decisions (sk/call_fast.h, sk/vdev_fast.h, sk/irq_fast.h) compiled on their own, with
 * the fast paths' reserved registers and hooks that only touch data, so
 * that the build can check that the decisions themselves call no
 * function (check_irq_fast.cmake), whatever the architecture's fast path
 * around them does.
 */
#include <sk/types.h>

extern uint64_t sk_fast_check_now;
extern uint32_t sk_fast_check_injected;

#define SK_PORT_NOW() sk_fast_check_now
#define SK_PORT_PTR(pa) ((void *)(uintptr_t)(pa))
#define SK_PORT_INJECT(v, slot) ((void)(v), sk_fast_check_injected |= 1u << (slot))
#define SK_IRQ_COMPLETE(irq) (sk_fast_check_injected = (irq))
#define SK_IRQ_PEND_RUNNING(v, slot) ((v)->arch.vgic.pending |= 1u << (slot))
#define SK_IRQ_PEND_WAITING(v, slot) ((v)->arch.vgic.pending_irq |= 1u << (slot))
#include <sk/call_fast.h>
#include <sk/irq_fast.h>
#include <sk/vdev_fast.h>

uint32_t sk_fast_check_call(const struct sk_cpu *cpu, uint64_t r[SK_FAST_REGS]);
uint32_t sk_fast_check_vdev(const struct sk_cpu *cpu, struct sk_mmio *m);
uint32_t sk_fast_check_irq(const struct sk_cpu *cpu, uint32_t irq);

uint32_t sk_fast_check_call(const struct sk_cpu *cpu, uint64_t r[SK_FAST_REGS])
{
	return sk_call_fast(cpu, r);
}

uint32_t sk_fast_check_vdev(const struct sk_cpu *cpu, struct sk_mmio *m)
{
	return sk_vdev_fast(cpu, m);
}

uint32_t sk_fast_check_irq(const struct sk_cpu *cpu, uint32_t irq)
{
	return sk_irq_fast(cpu, irq);
}
