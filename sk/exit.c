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
#include <sk/irq_route.h>
#include <sk/lib.h>
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

	if (sk_system.switch_ticks != 0u && slot->partition != SK_SLOT_IDLE) {
		cpu->gate_at = sk_sched_window_start(&cpu->sched) + sk_system.switch_ticks;
		arch_window_gate(cpu, cpu->gate_at);
	}
}

/*
 * The console goes out in the kernel's own time only: what is left of the
 * switch time once the switch is done (the gate waits out the rest, so
 * the window's partition starts on the same tick however much was sent),
 * and idle time. Each drain stops `guard` ticks before `end`, leaving
 * room for the kernel's own path to the partition (a quarter of the
 * switch time; in idle time, the work margin).
 */
static void drain_before(uint64_t end, uint64_t guard)
{
	if (end > guard)
		sk_console_drain(end - guard);
}

/*
 * Say whose window is current on this CPU, before looking at whether that
 * partition's vCPU may run: with the fence in sk_kick_for(), either this
 * CPU sees a vCPU turned off meanwhile, or the other CPU sees the new
 * window and kicks.
 */
static void publish_window(struct sk_cpu *cpu)
{
	__atomic_store_n(&cpu->window_partition, sk_sched_current(&cpu->sched)->partition,
			 __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void sk_kick_for(const struct sk_partition_desc *p, uint32_t index)
{
	const struct sk_cpu *cpu;

	if (index >= sk_system.n_cpus)
		return;
	cpu = sk_system.cpus[index].state;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&cpu->started, __ATOMIC_ACQUIRE) ||
	    __atomic_load_n(&cpu->window_partition, __ATOMIC_RELAXED) == p->id)
		arch_cpu_kick(index);
}

/* The vCPU a slot with a partition runs (not for an idle slot). */
static inline struct sk_vcpu *slot_vcpu(const struct sk_slot *slot)
{
	return &sk_system.partitions[slot->partition].vcpus[slot->vcpu];
}

/*
 * A window (`slot`) that began after its switch time: the gate found the
 * counter past it, because the kernel's work before it took longer than
 * the description allows (schedule.switch_time and work_margin shorter
 * than the kernel needs), or slots passed unseen. Counted for the
 * window's partition (GET_STATUS) at the end of the late window. If the
 * kernel was still at work for the partition of the window before when
 * that window ended (note_overrun()), that partition is charged with it:
 * the audit record, the log line and its health monitor's overrun event
 * come at the start of its own next window (report_overruns()), not here
 * in the next partition's switch time. Otherwise the kernel's own switch
 * was too slow for the switch time, and it says so here.
 */
static void note_lateness(struct sk_cpu *cpu, const struct sk_slot *slot)
{
	const struct sk_slot *before = cpu->overran_before;
	uint32_t late = cpu->late_starts;

	if (late == cpu->late_reported)
		return;
	cpu->late_reported = late;
	if (cpu->own_work)
		return; /* late by its own partition's work (own_start()) */
	if (slot->partition != SK_SLOT_IDLE)
		slot_vcpu(slot)->late_starts++;
	if (before != NULL && before->partition != SK_SLOT_IDLE) {
		struct sk_vcpu *v = slot_vcpu(before);

		v->overruns++;
		v->overrun_pending++;
		v->overrun_window = slot->window;
		v->overrun_victim = slot->partition;
		return;
	}
	/* The kernel's own: audited and logged at the 1st, 2nd, 4th, 8th...
	 * of a CPU, so that an emulator that cannot keep the switch time
	 * (QEMU without -icount) neither floods the console nor pushes the
	 * partitions' records out of the audit log; each window's partition
	 * still counts all of its own (GET_STATUS). */
	if ((late & (late - 1u)) != 0u)
		return;
	sk_audit(slot->partition, BH_AUDIT_LATE_START, (uint16_t)cpu->index, late);
	sk_log("schedule: cpu%u: window %u began after its switch time (%u late "
	       "starts, %u slots missed since boot; said at 1, 2, 4, 8...)",
	       cpu->desc->id, slot->window, late, cpu->sched.missed);
}

/*
 * The kernel does work of the window's own partition before it runs (its
 * overrun reports, a step of its cold start). The gate still holds its
 * start to the switch time if the work is done by then; if not, the
 * start is late by the partition's own doing: not counted as a late
 * start (note_lateness()), nor timed as a switch.
 */
static void own_start(struct sk_cpu *cpu)
{
	cpu->own_work = true;
	cpu->switching = false;
}

/* The window's partition cannot run now: there is no start to gate. */
static void no_start(struct sk_cpu *cpu)
{
	if (cpu->gate_at != 0u) {
		arch_window_gate(cpu, 0);
		cpu->gate_at = 0;
	}
	cpu->switching = false;
}

/*
 * The start of a window of v's: the overruns charged to v since it last
 * ran are reported and raised, in v's own time (if it has the work
 * margin), before v runs (own_start()).
 */
static void report_overruns(struct sk_cpu *cpu, struct sk_vcpu *v)
{
	const struct sk_partition_desc *p = v->partition;
	uint32_t n = v->overrun_pending;
	char what[SK_LOG_LINE_MAX];

	if (!sk_sched_fits(&cpu->sched, arch_timer_now(), sk_system.margin_ticks))
		return;
	v->overrun_pending = 0;
	sk_audit(v->overrun_victim, BH_AUDIT_LATE_START, (uint16_t)cpu->index, n);
	bh_snprintf(what, sizeof(what),
		    "the kernel's work for it ran into window %u on cpu%u, which began "
		    "late (%u times since it last ran)",
		    v->overrun_window, cpu->desc->id, n);
	sk_hm_raise(p, SK_HM_OVERRUN, v->overrun_window, what);
	own_start(cpu);
}

/* Move the schedule to the slot containing now and arm the next deadline. */
static void tick(struct sk_cpu *cpu)
{
	uint64_t now = arch_timer_now();
	uint64_t frame = cpu->sched.frame;
	const struct sk_slot *ended = sk_sched_current(&cpu->sched);

	if (sk_sched_advance(&cpu->sched, now)) {
		note_lateness(cpu, ended);
		cpu->overran_before = cpu->overran;
		cpu->overran = NULL;
		cpu->own_work = false;
		cpu->switching = true;
		cpu->yielded = false;
		window_gate(cpu);
		if (cpu->sched.frame != frame)
			follow_plan(cpu, now);
		publish_window(cpu);
	}
	arch_timer_set_deadline(sk_sched_unused(&cpu->sched) ?
					sk_sched_next_event(&cpu->sched) :
					sk_sched_deadline(&cpu->sched));
}

void sk_plan_request(uint32_t plan)
{
	sk_plan_request_at(plan, arch_timer_now());
	/* A CPU the current plan leaves unused sleeps without a deadline and
	 * must look (sk_sched_next_event()); the others see the request at
	 * their next frame boundary, and are not disturbed. */
	for (uint32_t i = 0; i < sk_system.n_cpus; i++) {
		const struct sk_cpu *cpu = sk_system.cpus[i].state;

		if (!__atomic_load_n(&cpu->started, __ATOMIC_ACQUIRE) ||
		    sk_sched_unused(&cpu->sched))
			arch_cpu_kick(i);
	}
}

/*
 * A device's interrupt on the full exit (the fast path leaves the
 * console's, and takes the others there when it can): routed as the fast
 * path routes it (sk_irq_route()). A partition's is made pending for its
 * vCPU 0 and waits there for the partition's window if need be; it stays
 * active until the partition completes it. The console's is read, then
 * completed, as is nobody's.
 */
static void route(uint32_t irq)
{
	struct sk_irq_dest d;

	switch (sk_irq_route(irq, &d)) {
	case SK_IRQ_OWNER:
		arch_virq_inject(d.vcpu, d.slot, true);
		break;
	case SK_IRQ_CONSOLE:
		sk_console_input();
		arch_irq_complete(irq);
		break;
	default:
		arch_irq_complete(irq);
		break;
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

/*
 * Kernel work for the current slot's partition (admitted by
 * sk_sched_fits()) has just ended: if it ended after the slot did, the
 * work margin was too short for it, and the partition is charged should
 * the next window begin late (note_lateness()).
 */
static void note_overrun(struct sk_cpu *cpu)
{
	if (arch_timer_now() > sk_sched_deadline(&cpu->sched))
		cpu->overran = sk_sched_current(&cpu->sched);
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
	if (v->overrun_pending != 0u)
		report_overruns(cpu, v);
	/* A cold start is done in the partition's own time. */
	if (p->state->loading) {
		sk_partition_load_step(p, &cpu->sched);
		note_overrun(cpu);
		own_start(cpu);
	}
	if (!sk_vcpu_runnable(v))
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
		uint64_t next = sk_sched_next_event(&cpu->sched);

		if (sk_sched_unused(&cpu->sched))
			arch_timer_set_deadline(next);
		drain_before(next, sk_system.margin_ticks);
		arch_idle(&e);
		on_interrupt(cpu, &e);
		v = runnable_now(cpu);
		if (v != NULL)
			return v;
	}
}

/*
 * How long the switch into v's window took, from the window's start to
 * here, where v is about to run (the console may still use the rest of
 * the switch time): the longest is v's switch_worst (GET_STATUS).
 */
static void time_switch(struct sk_cpu *cpu, struct sk_vcpu *v)
{
	uint64_t took = arch_timer_now() - sk_sched_window_start(&cpu->sched);

	cpu->switching = false;
	if (took > v->switch_worst)
		v->switch_worst = took;
}

struct sk_vcpu *sk_pick(struct sk_cpu *cpu)
{
	struct sk_vcpu *v = runnable_now(cpu);

	if (v == NULL) {
		if (sk_halting)
			arch_halt();
		/* No start to gate or time, until a window whose partition
		 * can run begins. */
		no_start(cpu);
		v = idle_until_runnable(cpu);
	}
	if (cpu->switching)
		time_switch(cpu, v);
	/* A window begins: the switch is done, its time is not. */
	if (cpu->gate_at != 0u) {
		drain_before(cpu->gate_at, sk_system.switch_ticks / 4u);
		cpu->gate_at = 0;
	}
	return v;
}

/*
 * A call or fault of v's that came too late in its window for the kernel
 * to finish the work in it (sk_sched_fits()): nothing is done now; v
 * gives up the rest of the window, and the architecture makes it carry
 * out the same instruction again when it next runs, in its next window,
 * which begins with room enough. So no partition's call, fault, log line
 * or restart runs into another's window.
 */
static bool defer(struct sk_cpu *cpu, struct sk_vcpu *v, struct sk_exit *e)
{
	if (e->kind == SK_EXIT_FAULT && e->u.fault.async)
		return false;
	if (sk_sched_fits(&cpu->sched, arch_timer_now(), sk_system.margin_ticks))
		return false;
	v->partition->state->deferred++;
	cpu->yielded = true;
	e->replay = true;
	return true;
}

struct sk_vcpu *sk_handle_exit(struct sk_cpu *cpu, struct sk_exit *e)
{
	struct sk_vcpu *v = cpu->current;

	e->replay = false;
	switch (e->kind) {
	case SK_EXIT_CALL:
		if (defer(cpu, v, e))
			break;
		sk_hypercall(cpu, v, &e->u.call);
		note_overrun(cpu);
		break;
	case SK_EXIT_FAULT:
		if (defer(cpu, v, e))
			break;
		/* An access to a device the kernel emulates is no fault. */
		if (!sk_vdev_fault(v, &e->u.fault))
			sk_hm_partition_fault(v, &e->u.fault);
		note_overrun(cpu);
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
	publish_window(cpu);
	__atomic_store_n(&cpu->started, true, __ATOMIC_RELEASE);
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
