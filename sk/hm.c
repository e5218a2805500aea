/* SPDX-License-Identifier: Apache-2.0 */
/* Health monitor: partition events become audited actions (sk/hm.h). */
#include <sk/arch/cpu.h>
#include <sk/arch/vcpu.h>
#include <sk/audit.h>
#include <sk/config.h>
#include <sk/console.h>
#include <sk/exit.h>
#include <sk/hm.h>
#include <sk/lib.h>
#include <sk/partition.h>
#include <sk/search.h>
#include <sk/symbols.h>

volatile bool sk_halting;

static const char *const event_names[SK_HM_EVENTS] = {
	[SK_HM_MEMORY_VIOLATION] = "memory violation",
	[SK_HM_TRAPPED_INSTRUCTION] = "trapped instruction",
	[SK_HM_ILLEGAL_EXCEPTION] = "illegal exception",
	[SK_HM_HYPERCALL_ERROR] = "hypercall error",
	[SK_HM_DENIED_REQUEST] = "denied request",
	[SK_HM_PARTITION_ERROR] = "partition error",
	[SK_HM_POWER_OFF] = "power off",
	[SK_HM_RESET] = "reset",
	[SK_HM_OVERRUN] = "overrun",
};

/* Events after which the partition cannot go on where it was. */
static bool fatal_event(uint32_t event)
{
	return event == SK_HM_MEMORY_VIOLATION || event == SK_HM_TRAPPED_INSTRUCTION ||
	       event == SK_HM_ILLEGAL_EXCEPTION || event == SK_HM_RESET;
}

static const char *access_name(uint32_t access)
{
	if (access == SK_MEM_WRITE)
		return "write to";
	if (access == SK_MEM_EXEC)
		return "execute at";
	return "read of";
}

/* The system's last line: what ran and what the kernel contained. */
static void summary(void)
{
	const struct sk_system *sys = &sk_system;
	uint32_t stopped = 0, faults = 0, events = 0, restarts = 0;

	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		const struct sk_partition *st = sys->partitions[i].state;

		stopped += st->mode == SK_MODE_IDLE;
		faults += st->faults;
		events += st->events;
		restarts += st->restarts;
	}
	sk_log("summary: %u partitions (%u running, %u stopped); faults contained %u, "
	       "health-monitor events %u, restarts %u, audit records %lu",
	       sys->n_partitions, sys->n_partitions - stopped, stopped, faults, events,
	       restarts, sk_audit_count());
}

void sk_halt_system(const char *why)
{
	const struct sk_system *sys = &sk_system;

	sk_halting = true;
	sk_audit(SK_AUDIT_KERNEL, BH_AUDIT_HALT, 0, 0);
	sk_log("system halted: %s", why);
	for (uint32_t i = 0; i < sys->n_cpus; i++)
		arch_cpu_kick(i);
	summary();
	sk_console_sync();
	arch_power_off();
}

/* Apply `action` (with `plan` for switch_plan) for `event`; no escalation. */
static void apply(const struct sk_partition_desc *p, uint32_t event,
		  uint32_t action, uint32_t plan)
{
	switch (action) {
	case SK_HM_STOP:
		sk_partition_stop(p);
		sk_log_for(p, "hm: partition '%s' stopped", p->name);
		break;
	case SK_HM_SWITCH_PLAN:
		sk_plan_request(plan);
		sk_log_for(p, "hm: plan '%s' from the next major frame",
		       sk_system.plans[plan].name);
		/* A partition that cannot go on starts again in the new plan. */
		if (event == SK_HM_POWER_OFF) {
			sk_partition_stop(p);
			sk_log_for(p, "hm: partition '%s' stopped", p->name);
		} else if (fatal_event(event)) {
			sk_partition_restart(p, true, BH_START_HM_RESTART);
			sk_log_for(p, "hm: partition '%s' cold restart", p->name);
		}
		break;
	case SK_HM_HALT:
		sk_halt_system("health-monitor action");
		break;
	case SK_HM_LOG:
	default:
		sk_log_for(p, "hm: partition '%s' event logged", p->name);
		break;
	}
}

const struct sk_symbol *sk_symbol_at(uint32_t partition, uint64_t pc, uint64_t *offset)
{
	const struct sk_symtab *t;
	const struct sk_symbol *s;
	uint32_t i;

	if (&sk_n_symtabs == NULL || partition >= sk_n_symtabs)
		return NULL;
	t = &sk_symtabs[partition];
	if (t->n == 0u || t->syms == NULL || pc < t->syms[0].addr)
		return NULL;
	i = sk_last_at_or_below(t->syms, t->n, sizeof(t->syms[0]),
				offsetof(struct sk_symbol, addr), pc);
	s = &t->syms[i];
	/* Past its size, or past the last function when its size is unknown. */
	if (s->size != 0u ? pc - s->addr >= s->size : i + 1u == t->n)
		return NULL;
	*offset = pc - s->addr;
	return s;
}

/*
 * The partition's registers at fault f, after the verdict: two lines on
 * its own console budget, of its own state only (sk/exit.h), so a
 * developer sees where it was without a debugger; with the function pc is
 * in when the partition's image has symbols (sk/symbols.h).
 */
static void dump(const struct sk_partition_desc *p, const struct sk_fault *f)
{
	char where[48] = "";
	char fn[SK_LOG_LINE_MAX / 2] = "";
	uint64_t off = 0;
	const struct sk_symbol *s = sk_symbol_at(p->id, f->pc, &off);
	size_t n = 0;

	if (s != NULL)
		bh_snprintf(fn, sizeof(fn), " (%s+0x%lx)", s->name, off);
	sk_log_for(p, "hm: partition '%s' at %s: pc 0x%lx%s lr 0x%lx sp 0x%lx", p->name,
		   f->mode != NULL ? f->mode : "?", f->pc, fn, f->lr, f->sp);
	if (f->va_valid)
		n = bh_snprintf(where, sizeof(where), ", far 0x%lx", f->va);
	if (f->addr_valid && n < sizeof(where))
		bh_snprintf(where + n, sizeof(where) - n, ", ipa 0x%lx", f->addr);
	sk_log_for(p, "hm: partition '%s' syndrome 0x%lx: %s%s", p->name, f->syndrome,
		   f->cause != NULL ? f->cause : "?", where);
}

/* sk_hm_raise(), and for a fault (f not NULL) its register dump after
 * the verdict, before the action. */
static uint32_t raise_event(const struct sk_partition_desc *p, uint32_t event,
			    uint64_t detail, const char *what, const struct sk_fault *f)
{
	const struct sk_hm_entry *e = &p->hm[event < SK_HM_EVENTS ? event : 0];
	struct sk_partition *st = p->state;
	uint32_t action = e->action;

	st->events++;
	sk_log_for(p, "hm: partition '%s' %s: %s", p->name,
	       event < SK_HM_EVENTS ? event_names[event] : "?", what);
	sk_audit(p->id, BH_AUDIT_HM_EVENT, (uint16_t)event, detail);
	if (f != NULL)
		dump(p, f);

	if (action == SK_HM_COLD_RESTART || action == SK_HM_WARM_RESTART) {
		if (st->restarts < e->max_restarts) {
			st->restarts++;
			sk_audit(p->id, BH_AUDIT_HM_ACTION, (uint16_t)action, st->restarts);
			sk_partition_restart(p, action == SK_HM_COLD_RESTART,
					     BH_START_HM_RESTART);
			sk_log_for(p, "hm: partition '%s' %s restart %u of %u", p->name,
			       action == SK_HM_COLD_RESTART ? "cold" : "warm",
			       st->restarts, e->max_restarts);
			return action;
		}
		sk_log_for(p, "hm: partition '%s' reached its limit of %u restarts",
		       p->name, e->max_restarts);
		action = e->then;
		sk_audit(p->id, BH_AUDIT_HM_ACTION, (uint16_t)action, e->then_plan);
		apply(p, event, action, e->then_plan);
		return action;
	}
	sk_audit(p->id, BH_AUDIT_HM_ACTION, (uint16_t)action, e->plan);
	apply(p, event, action, e->plan);
	return action;
}

uint32_t sk_hm_raise(const struct sk_partition_desc *p, uint32_t event,
		     uint64_t detail, const char *what)
{
	return raise_event(p, event, detail, what, NULL);
}

void sk_hm_partition_fault(struct sk_vcpu *v, const struct sk_fault *f)
{
	const struct sk_partition_desc *p = v->partition;
	uint32_t event = f->kind == SK_FAULT_MEMORY ? SK_HM_MEMORY_VIOLATION :
			 f->kind == SK_FAULT_INSTRUCTION ? SK_HM_TRAPPED_INSTRUCTION :
							   SK_HM_ILLEGAL_EXCEPTION;
	char what[SK_LOG_LINE_MAX];

	p->state->faults++;
	/* The partition's half-written line belongs before the verdict. */
	sk_console_partition_flush(p);
	if (f->kind == SK_FAULT_MEMORY && f->addr_valid)
		bh_snprintf(what, sizeof(what),
			    "%s IPA 0x%lx (%s), pc 0x%lx, syndrome 0x%lx",
			    access_name(f->access), f->addr, f->what, f->pc,
			    f->syndrome);
	else if (f->detail[0] != '\0')
		bh_snprintf(what, sizeof(what), "%s (%s), pc 0x%lx, syndrome 0x%lx",
			    f->what, f->detail, f->pc, f->syndrome);
	else
		bh_snprintf(what, sizeof(what), "%s, pc 0x%lx, syndrome 0x%lx",
			    f->what, f->pc, f->syndrome);
	if (raise_event(p, event, f->addr_valid ? f->addr : f->pc, what, f) == SK_HM_LOG &&
	    !arch_vcpu_inject_fault(v, f)) {
		/* It cannot take the exception (no handler, or it faulted in
		 * its own handler): stopping is all that is left. */
		sk_log_for(p, "hm: partition '%s' cannot handle the fault itself", p->name);
		sk_audit(p->id, BH_AUDIT_HM_ACTION, SK_HM_STOP, 0);
		sk_partition_stop(p);
		sk_log_for(p, "hm: partition '%s' stopped", p->name);
	}
}
