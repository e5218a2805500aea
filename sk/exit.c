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
#include <sk/vdev.h>

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

/*
 * A window's partition starts exactly the switch time into it
 * (sk_system.switch_ticks), whatever the switch cost: what ran before, and
 * what state it left, cannot be read from when the window's partition
 * starts. The architecture waits, last before it returns to the
 * partition (arch_window_gate()); the wait is bounded by the switch time.
 * Only a system with a switch time asks: without one, a window switch
 * costs nothing more.
 */
static void window_gate(struct sk_cpu *cpu)
{
	const struct sk_slot *slot = sk_sched_current(&cpu->sched);

	if (sk_system.switch_ticks != 0u && slot->partition != SK_SLOT_IDLE)
		arch_window_gate(cpu, cpu->sched.frame_start + slot->start +
					      sk_system.switch_ticks);
}

/* Move the schedule to the slot containing now and arm the next deadline. */
static void tick(struct sk_cpu *cpu)
{
	uint64_t now = arch_timer_now();
	uint64_t frame = cpu->sched.frame;

	if (sk_sched_advance(&cpu->sched, now)) {
		cpu->yielded = false;
		window_gate(cpu);
		if (cpu->sched.frame != frame)
			follow_plan(cpu, now);
	}
	arch_timer_set_deadline(sk_sched_unused(&cpu->sched) ?
					sk_sched_next_event(&cpu->sched) :
					sk_sched_deadline(&cpu->sched));
}

void sk_plan_request(uint32_t plan)
{
	sk_plan_request_at(plan, arch_timer_now());
	/* A CPU the current plan leaves unused sleeps without a deadline:
	 * each CPU must look (sk_sched_next_event()). */
	for (uint32_t i = 0; i < sk_system.n_cpus; i++)
		arch_cpu_kick(i);
}

struct sk_vcpu *sk_irq_deliver(uint32_t intid)
{
	const struct sk_irq_route *o = sk_irq_route_of(intid);
	struct sk_vcpu *v;

	if (o == NULL)
		return NULL;
	v = &sk_system.partitions[o->partition].vcpus[0];
	arch_virq_inject(v, o->slot, true);
	return v;
}

static void route(uint32_t intid)
{
	if (intid == sk_system.console_irq) {
		sk_console_input();
		arch_irq_complete(intid);
	} else if (sk_irq_deliver(intid) == NULL) {
		arch_irq_complete(intid);
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

/* The vCPU of the current slot if it can run now (loaded), else NULL. */
static inline struct sk_vcpu *runnable_now(struct sk_cpu *cpu)
{
	const struct sk_slot *slot = sk_sched_current(&cpu->sched);
	const struct sk_partition_desc *p;
	struct sk_vcpu *v;

	if (slot->partition == SK_SLOT_IDLE || cpu->yielded || sk_halting)
		return NULL;
	p = &sk_system.partitions[slot->partition];
	v = &p->vcpus[slot->vcpu];
	/* A cold start is done in the partition's own time. */
	if (p->state->loading)
		sk_partition_load_step(p, sk_sched_deadline(&cpu->sched));
	if (!sk_partition_runnable(p) || !v->on)
		return NULL;
	if (__atomic_load_n(&v->reset_pending, __ATOMIC_ACQUIRE)) {
		__atomic_store_n(&v->reset_pending, false, __ATOMIC_RELAXED);
		arch_vcpu_reset(v, p, v->reset_entry, v->reset_arg);
		/* Whatever of it this CPU still holds is from before. */
		if (cpu->current == v)
			cpu->current = NULL;
	}
	if (v != cpu->current) {
		arch_vcpu_switch(cpu, cpu->current, v);
		cpu->current = v;
	}
	return v;
}

/*
 * Nothing can run: idle until something can. This is the kernel's only
 * open-ended loop, and it ends at the next window of a partition that can
 * run. Out of line, so the common case of sk_pick() stays short.
 */
static __attribute__((noinline)) struct sk_vcpu *idle_until_runnable(struct sk_cpu *cpu)
{
	for (;;) {
		struct sk_vcpu *v;
		struct sk_exit e;

		if (sk_halting)
			arch_halt();
		/* A CPU the plan leaves unused has no deadline; a plan switch
		 * asked for meanwhile (it was kicked) gives it one. */
		if (sk_sched_unused(&cpu->sched))
			arch_timer_set_deadline(sk_sched_next_event(&cpu->sched));
		arch_idle(&e);
		on_interrupt(cpu, &e);
		v = runnable_now(cpu);
		if (v != NULL)
			return v;
	}
}

struct sk_vcpu *sk_pick(struct sk_cpu *cpu)
{
	struct sk_vcpu *v = runnable_now(cpu);

	if (v == NULL) {
		if (sk_halting)
			arch_halt();
		v = idle_until_runnable(cpu);
	}
	return v;
}

struct sk_vcpu *sk_handle_exit(struct sk_cpu *cpu, struct sk_exit *e)
{
	struct sk_vcpu *v = cpu->current;

	switch (e->kind) {
	case SK_EXIT_CALL:
		sk_hypercall(cpu, v, &e->u.call);
		break;
	case SK_EXIT_FAULT:
		/* An access to a device the kernel emulates is no fault. */
		if (!sk_vdev_fault(v, &e->u.fault))
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
	arch_timer_set_deadline(sk_sched_next_event(&cpu->sched));
	cpu->current = NULL;
	window_gate(cpu);
	sk_pick(cpu);
	arch_vcpu_enter(cpu);
}
