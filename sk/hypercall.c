/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hypercall dispatch: Bulkhead's calls, then the architecture's firmware
 * calls (arch_firmware_call()). Everything in `call`
 * comes from a partition and is untrusted: identifiers, lengths, indexes
 * and addresses are checked before use. A refused call returns a status
 * and raises a health-monitor event (hypercall_error, or denied_request
 * when the partition lacks the privilege), which is audited.
 */
#include <bulkhead/hvc.h>
#include <sk/arch/cpu.h>
#include <sk/arch/firmware.h>
#include <sk/arch/mmu.h>
#include <sk/arch/timer.h>
#include <sk/arch/vcpu.h>
#include <sk/audit.h>
#include <sk/call_version.h>
#include <sk/console.h>
#include <sk/cpu.h>
#include <sk/hm.h>
#include <sk/hypercall.h>
#include <sk/lib.h>
#include <sk/partition.h>
#include <sk/port.h>
#include <sk/version.h>

/* Most audit records one BH_HVC_AUDIT_READ copies. */
#define AUDIT_READ_MAX 16u

struct call_ctx {
	struct sk_cpu *cpu;
	struct sk_vcpu *v;
	const struct sk_partition_desc *p;
	struct sk_call *call;
};

/* Refuse the call with `status`, raising `event` (audited). */
static int64_t refuse(struct call_ctx *c, uint32_t event, int64_t status,
		      const char *why)
{
	char what[SK_LOG_LINE_MAX];

	bh_snprintf(what, sizeof(what), "function 0x%lx: %s (status %ld)",
		    c->call->fn, why, status);
	if (event == SK_HM_DENIED_REQUEST)
		sk_audit(c->p->id, BH_AUDIT_DENIED, (uint16_t)c->call->fn, 0);
	sk_hm_raise(c->p, event, c->call->fn, what);
	return status;
}

static bool privileged(struct call_ctx *c, uint32_t priv)
{
	return (c->p->privileges & priv) != 0u;
}

static int64_t console_write(struct call_ctx *c)
{
	char buf[BH_CONSOLE_WRITE_MAX];
	uint64_t ipa = c->call->arg[0];
	uint64_t len = c->call->arg[1];

	if ((c->p->flags & SK_PART_CONSOLE) == 0u)
		return refuse(c, SK_HM_DENIED_REQUEST, BH_E_DENIED,
			      "console write without a console");
	if (len == 0u || len > BH_CONSOLE_WRITE_MAX)
		return refuse(c, SK_HM_HYPERCALL_ERROR, BH_E_INVALID,
			      "console write of a bad length");
	if (!sk_copy_from_partition(c->p, buf, sk_ipa(ipa), len))
		return refuse(c, SK_HM_HYPERCALL_ERROR, BH_E_BAD_ADDRESS,
			      "console write from memory that is not the partition's");
	sk_console_partition_write(c->p, buf, (size_t)len);
	c->call->ret[1] = len;
	return BH_OK;
}

/* Pack up to 8 bytes of `s` from `off` into a little-endian word. */
static uint64_t name_word(const char *s, size_t off)
{
	uint64_t w = 0;
	size_t len = 0;

	while (len < 32u && s[len] != '\0')
		len++;
	for (size_t i = 0; i < 8u && off + i < len; i++)
		w |= (uint64_t)(unsigned char)s[off + i] << (8u * i);
	return w;
}

/* GET_STATUS(BH_STATUS_TIME): what time partitioning did to the caller. */
static int64_t get_time_status(struct call_ctx *c)
{
	const struct sk_partition_desc *p = c->p;
	uint64_t late = 0, overruns = 0, worst = 0;

	for (uint32_t i = 0; i < p->n_vcpus; i++) {
		const struct sk_vcpu *v = &p->vcpus[i];

		late += v->late_starts;
		overruns += v->overruns;
		if (v->switch_worst > worst)
			worst = v->switch_worst;
	}
	c->call->nret = 8;
	c->call->ret[1] = late;
	c->call->ret[2] = overruns;
	c->call->ret[3] = p->state->deferred;
	c->call->ret[4] = p->state->console_dropped_total;
	c->call->ret[5] = worst;
	c->call->ret[6] = sk_system.switch_ticks;
	c->call->ret[7] = sk_system.margin_ticks;
	return BH_OK;
}

static int64_t get_status(struct call_ctx *c)
{
	const struct sk_partition *st = c->p->state;
	uint64_t frame = c->cpu->sched.frame;

	if (c->call->arg[0] == BH_STATUS_TIME)
		return get_time_status(c);
	if (c->call->arg[0] != BH_STATUS_PARTITION)
		return refuse(c, SK_HM_HYPERCALL_ERROR, BH_E_INVALID, "no such status");
	c->call->nret = 8;
	c->call->ret[1] = st->mode;
	c->call->ret[2] = st->start_condition;
	c->call->ret[3] = (uint64_t)st->starts << 32 | st->restarts;
	c->call->ret[4] = c->cpu->plan;
	c->call->ret[5] = sk_plan_pending(frame);
	c->call->ret[6] = frame;
	c->call->ret[7] = sk_frame_start(0);
	return BH_OK;
}

static int64_t set_mode(struct call_ctx *c)
{
	const struct sk_partition_desc *p = c->p;
	uint64_t mode = c->call->arg[0];

	switch (mode) {
	case BH_MODE_NORMAL:
		if (p->state->mode != SK_MODE_NORMAL) {
			p->state->mode = SK_MODE_NORMAL;
			sk_audit(p->id, BH_AUDIT_MODE, BH_MODE_NORMAL,
				 p->state->start_condition);
		}
		return BH_OK;
	case BH_MODE_IDLE:
		sk_partition_stop(p);
		sk_log_for(p, "partition '%s' stopped itself", p->name);
		return BH_OK;
	case BH_MODE_COLD_START:
	case BH_MODE_WARM_START:
		sk_partition_restart(p, mode == BH_MODE_COLD_START,
				     BH_START_PARTITION_RESTART);
		sk_log_for(p, "partition '%s' restarts itself (%s)", p->name,
		       mode == BH_MODE_COLD_START ? "cold" : "warm");
		return BH_OK;
	default:
		return refuse(c, SK_HM_HYPERCALL_ERROR, BH_E_INVALID, "no such mode");
	}
}

static int64_t raise_error(struct call_ctx *c)
{
	char what[SK_LOG_LINE_MAX];

	bh_snprintf(what, sizeof(what), "code 0x%lx", c->call->arg[0]);
	sk_hm_raise(c->p, SK_HM_PARTITION_ERROR, c->call->arg[0], what);
	return BH_OK;
}

static int64_t switch_plan(struct call_ctx *c)
{
	uint64_t plan = c->call->arg[0];

	if (!privileged(c, SK_PRIV_SWITCH_PLAN))
		return refuse(c, SK_HM_DENIED_REQUEST, BH_E_DENIED,
			      "plan switch without the switch_plan privilege");
	if (plan >= sk_system.n_plans)
		return refuse(c, SK_HM_HYPERCALL_ERROR, BH_E_INVALID, "no such plan");
	sk_plan_request((uint32_t)plan);
	sk_log_for(c->p, "partition '%s' asks for plan '%s' from the next major frame",
	       c->p->name, sk_system.plans[plan].name);
	return BH_OK;
}

static int64_t partition_control(struct call_ctx *c)
{
	uint64_t id = c->call->arg[0];
	uint64_t action = c->call->arg[1];
	const struct sk_partition_desc *target;

	if (!privileged(c, SK_PRIV_RESTART_PARTITIONS))
		return refuse(c, SK_HM_DENIED_REQUEST, BH_E_DENIED,
			      "partition control without the restart_partitions privilege");
	if (id >= sk_system.n_partitions || id == c->p->id ||
	    action > BH_CONTROL_WARM_RESTART)
		return refuse(c, SK_HM_HYPERCALL_ERROR, BH_E_INVALID,
			      "no such partition or action");
	target = &sk_system.partitions[id];
	if (action == BH_CONTROL_STOP) {
		sk_partition_stop(target);
		sk_log_for(c->p, "partition '%s' stopped by '%s'", target->name, c->p->name);
	} else {
		sk_partition_restart(target, action == BH_CONTROL_COLD_RESTART,
				     BH_START_OTHER_RESTART);
		sk_log_for(c->p, "partition '%s' restarted (%s) by '%s'", target->name,
		       action == BH_CONTROL_COLD_RESTART ? "cold" : "warm", c->p->name);
	}
	return BH_OK;
}

static int64_t halt_system(struct call_ctx *c)
{
	char why[SK_LOG_LINE_MAX];

	if (!privileged(c, SK_PRIV_HALT_SYSTEM))
		return refuse(c, SK_HM_DENIED_REQUEST, BH_E_DENIED,
			      "halt without the halt_system privilege");
	bh_snprintf(why, sizeof(why), "requested by partition '%s'", c->p->name);
	sk_halt_system(why);
}

static int64_t audit_read(struct call_ctx *c)
{
	struct bh_audit_record buf[AUDIT_READ_MAX];
	uint64_t first = c->call->arg[0];
	uint64_t ipa = c->call->arg[1];
	uint64_t room = c->call->arg[2];
	uint64_t next;
	uint64_t lost;
	uint32_t n;

	if (!privileged(c, SK_PRIV_READ_AUDIT))
		return refuse(c, SK_HM_DENIED_REQUEST, BH_E_DENIED,
			      "audit read without the read_audit privilege");
	if (room == 0u)
		return refuse(c, SK_HM_HYPERCALL_ERROR, BH_E_INVALID,
			      "audit read into no room");
	n = sk_audit_read(first, buf, room < AUDIT_READ_MAX ? (uint32_t)room :
							      AUDIT_READ_MAX,
			  &next, &lost);
	if (n > 0u && !sk_copy_to_partition(c->p, sk_ipa(ipa), buf, n * sizeof(buf[0])))
		return refuse(c, SK_HM_HYPERCALL_ERROR, BH_E_BAD_ADDRESS,
			      "audit read into memory that is not the partition's");
	c->call->ret[1] = n;
	c->call->ret[2] = next;
	c->call->ret[3] = lost;
	return BH_OK;
}

/* A port call: results into ret[1..], refusals to the health monitor. */
static int64_t port_call(struct call_ctx *c)
{
	const struct sk_partition_desc *p = c->p;
	struct sk_call *call = c->call;
	struct sk_port_result res = { { 0 }, NULL };
	int64_t status;

	status = sk_port_call(p, (uint32_t)call->fn, call->arg[0], call->arg[1], call->arg[2],
			      &res);
	if (call->fn == BH_HVC_PORT_STATUS)
		call->nret = 8;
	if (sk_port_refused(status))
		return refuse(c, status == BH_E_DENIED ? SK_HM_DENIED_REQUEST :
							 SK_HM_HYPERCALL_ERROR,
			      status, res.why);
	for (uint32_t i = 0; i + 1u < call->nret && i < 7u; i++)
		call->ret[1u + i] = res.r[i];
	return status;
}

static int64_t dispatch(struct call_ctx *c)
{
	struct sk_call *call = c->call;

	switch (call->fn) {
	case BH_HVC_VERSION:
		return sk_call_version(&call->ret[1]);
	case BH_HVC_IDENTITY:
		call->nret = 7;
		call->ret[1] = c->p->id;
		call->ret[2] = c->v->index;
		for (uint32_t i = 0; i < 4u; i++)
			call->ret[3u + i] = name_word(c->p->name, 8u * i);
		return BH_OK;
	case BH_HVC_CONSOLE_WRITE:
		return console_write(c);
	case BH_HVC_YIELD:
		c->cpu->yielded = true;
		return BH_OK;
	case BH_HVC_GET_STATUS:
		return get_status(c);
	case BH_HVC_SET_MODE:
		return set_mode(c);
	case BH_HVC_RAISE_ERROR:
		return raise_error(c);
	case BH_HVC_SWITCH_PLAN:
		return switch_plan(c);
	case BH_HVC_PARTITION_CONTROL:
		return partition_control(c);
	case BH_HVC_HALT_SYSTEM:
		return halt_system(c);
	case BH_HVC_AUDIT_READ:
		return audit_read(c);
	case BH_HVC_SAMPLING_WRITE:
	case BH_HVC_SAMPLING_READ:
	case BH_HVC_QUEUING_SEND:
	case BH_HVC_QUEUING_RECEIVE:
	case BH_HVC_PORT_STATUS:
	case BH_HVC_DOORBELL_RING:
		return port_call(c);
	default:
		/* The firmware calls of the architecture (CPU power, system
		 * off and reset, discovery), or none. */
		if (arch_firmware_call(c->v, call))
			return (int64_t)call->ret[0];
		return refuse(c, SK_HM_HYPERCALL_ERROR, BH_E_NOT_SUPPORTED,
			      "unknown function");
	}
}

void sk_hypercall(struct sk_cpu *cpu, struct sk_vcpu *v, struct sk_call *call)
{
	struct call_ctx c = { cpu, v, v->partition, call };
	uint32_t resets = v->resets;

	call->nret = 4;
	for (uint32_t i = 0; i < SK_CALL_RETS; i++)
		call->ret[i] = 0;
	if (call->imm != 0u)
		/* Only the call instruction's immediate 0 is a Bulkhead call. */
		call->ret[0] = (uint64_t)refuse(&c, SK_HM_HYPERCALL_ERROR,
						BH_E_NOT_SUPPORTED,
						"call with an immediate other than 0");
	else
		call->ret[0] = (uint64_t)dispatch(&c);
	/* A caller that was stopped or reset meanwhile gets no results: its
	 * registers are no longer those of the call. */
	if (!v->on || v->resets != resets)
		call->nret = 0;
}
