/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the kernel does when a partition stops running: carry out its call,
 * advance the schedule on the timer, pass interrupts on to their owners,
 * hand faults to the health monitor, then pick what runs next on this CPU.
 */
#include <sk/arch/cpu.h>
#include <sk/arch/irq.h>
#include <sk/arch/timer.h>
#include <sk/arch/vcpu.h>
#include <sk/audit.h>
#include <sk/config.h>
#include <sk/console.h>
#include <sk/cpu.h>
#include <sk/exit.h>
#include <sk/hm.h>
#include <sk/hypercall.h>
#include <sk/partition.h>
#include <sk/sched.h>

/* On entering a new frame, take up a plan switch that is due. */
static void follow_plan(struct sk_cpu *cpu, uint64_t now)
{
	const struct sk_system *sys = &sk_system;
	uint32_t plan = sk_plan_in_frame(cpu->sched.frame, cpu->plan);

	if (plan == cpu->plan || plan >= sys->n_plans)
		return;
	cpu->plan = plan;
	sk_sched_replan(&cpu->sched, &sys->plans[plan].cpus[cpu->index], now);
	if (cpu->index == 0u) {
		sk_log("schedule: plan '%s' from frame %lu (tick %lu)",
		       sys->plans[plan].name, cpu->sched.frame, cpu->sched.frame_start);
		sk_audit(SK_AUDIT_KERNEL, BH_AUDIT_PLAN_SWITCH,
			 (uint16_t)cpu->sched.frame, plan);
	}
}

/* Move the schedule to the slot containing now and arm the next deadline. */
static void tick(struct sk_cpu *cpu)
{
	uint64_t now = arch_timer_now();
	uint64_t frame = cpu->sched.frame;

	if (sk_sched_advance(&cpu->sched, now)) {
		cpu->yielded = false;
		if (cpu->sched.frame != frame)
			follow_plan(cpu, now);
	}
	arch_timer_set_deadline(sk_sched_deadline(&cpu->sched));
}

/*
 * A physical interrupt: give it to the partition that owns it, as a
 * virtual interrupt of its vCPU 0 (which it is routed to). The owner table
 * is sorted by interrupt number.
 */
static void route(uint32_t intid)
{
	const struct sk_system *sys = &sk_system;
	uint32_t lo = 0;
	uint32_t hi = sys->n_irq_owners;

	while (lo < hi) { /* binary search: log2(n) steps */
		uint32_t mid = lo + (hi - lo) / 2u;

		if (sys->irq_owners[mid].intid < intid)
			lo = mid + 1u;
		else
			hi = mid;
	}
	if (lo == sys->n_irq_owners || sys->irq_owners[lo].intid != intid ||
	    sys->irq_owners[lo].owner >= sys->n_partitions) {
		/* The kernel's own, or one nobody owns: done with it. */
		arch_irq_complete(intid);
		return;
	}
	const struct sk_partition_desc *p = &sys->partitions[sys->irq_owners[lo].owner];

	for (uint32_t i = 0; i < p->n_irqs; i++) {
		if (p->irqs[i] == intid) {
			arch_virq_inject(&p->vcpus[0], SK_VIRQ_FIRST_IRQ + i, true);
			return;
		}
	}
}

/* An exit that is not a partition's doing: the timer or an interrupt. */
static void on_interrupt(struct sk_cpu *cpu, const struct sk_exit *e)
{
	if (e->kind == SK_EXIT_TIMER)
		tick(cpu);
	else if (e->kind == SK_EXIT_IRQ)
		route(e->u.irq);
}

struct sk_vcpu *sk_pick(struct sk_cpu *cpu)
{
	/*
	 * Idling waits for the next slot; this is the kernel's only
	 * open-ended loop, and it ends at the next window of a partition
	 * that can run.
	 */
	for (;;) {
		const struct sk_slot *slot = sk_sched_current(&cpu->sched);

		if (sk_halting)
			arch_halt();
		if (slot->partition != SK_SLOT_IDLE && !cpu->yielded) {
			const struct sk_partition_desc *p =
				&sk_system.partitions[slot->partition];
			struct sk_vcpu *v = &p->vcpus[slot->vcpu];

			/* A cold start is done in the partition's own time. */
			if (p->state->loading)
				sk_partition_load_step(p, sk_sched_deadline(&cpu->sched));
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
		on_interrupt(cpu, &e);
	}
}

struct sk_vcpu *sk_handle_exit(struct sk_cpu *cpu, struct sk_exit *e)
{
	struct sk_vcpu *v = cpu->current;

	switch (e->kind) {
	case SK_EXIT_CALL:
		sk_hypercall(cpu, v, &e->u.call);
		break;
	case SK_EXIT_FAULT:
		sk_hm_partition_fault(v, &e->u.fault);
		break;
	default:
		on_interrupt(cpu, e);
		break;
	}
	return sk_pick(cpu);
}

void sk_run(struct sk_cpu *cpu, uint64_t start)
{
	const struct sk_system *sys = &sk_system;

	cpu->plan = sys->initial_plan;
	sk_sched_start(&cpu->sched, &sys->plans[cpu->plan].cpus[cpu->index],
		       sys->major_frame, start);
	cpu->started = true;
	/* Idle until the shared start; interrupts meanwhile go to their
	 * owners as usual. */
	arch_timer_set_deadline(start);
	while (arch_timer_now() < start) {
		struct sk_exit e;

		arch_idle(&e);
		if (e.kind == SK_EXIT_IRQ)
			route(e.u.irq);
	}
	arch_timer_set_deadline(sk_sched_deadline(&cpu->sched));
	cpu->current = NULL;
	sk_pick(cpu);
	arch_vcpu_enter(cpu);
}
