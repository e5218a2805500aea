/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the kernel does when a partition stops running: carry out its call,
 * advance the schedule on the timer, hand faults to the health monitor,
 * then pick what runs next on this CPU.
 */
#include <sk/arch/cpu.h>
#include <sk/arch/timer.h>
#include <sk/arch/vcpu.h>
#include <sk/config.h>
#include <sk/cpu.h>
#include <sk/exit.h>
#include <sk/hm.h>
#include <sk/hypercall.h>
#include <sk/partition.h>

/* Move the schedule to the slot containing now and arm the next deadline. */
static void tick(struct sk_cpu *cpu)
{
	if (sk_sched_advance(&cpu->sched, arch_timer_now()))
		cpu->yielded = false;
	arch_timer_set_deadline(sk_sched_deadline(&cpu->sched));
}

/*
 * The vCPU this CPU must run now: the partition of the current slot, if it
 * is running and has not yielded. Otherwise the CPU idles until the next
 * slot begins; this wait is the kernel's only open-ended loop, and it ends
 * at the next window of a running partition.
 */
struct sk_vcpu *sk_pick(struct sk_cpu *cpu)
{
	for (;;) {
		const struct sk_slot *slot = sk_sched_current(&cpu->sched);

		if (slot->partition != SK_SLOT_IDLE && !cpu->yielded) {
			const struct sk_partition_desc *p =
				&sk_system.partitions[slot->partition];

			struct sk_vcpu *v = &p->vcpus[slot->vcpu];

			if (sk_partition_runnable(p) && v->on) {
				if (v != cpu->current) {
					arch_vcpu_switch(cpu, cpu->current, v);
					cpu->current = v;
				}
				return v;
			}
		}

		struct sk_exit e;

		arch_idle(&e);
		if (e.kind == SK_EXIT_TIMER)
			tick(cpu);
	}
}

struct sk_vcpu *sk_handle_exit(struct sk_cpu *cpu, struct sk_exit *e)
{
	struct sk_vcpu *v = cpu->current;

	switch (e->kind) {
	case SK_EXIT_CALL:
		sk_hypercall(cpu, v, &e->u.call);
		break;
	case SK_EXIT_TIMER:
		tick(cpu);
		break;
	case SK_EXIT_FAULT:
		sk_hm_partition_fault(v, &e->u.fault);
		break;
	case SK_EXIT_IRQ:
	default:
		/* No device interrupt is routed anywhere yet: nothing to do. */
		break;
	}
	return sk_pick(cpu);
}
