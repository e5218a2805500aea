/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sampling and queuing ports, doorbells (sk/port.h): the full hypercall
 * path's build of the operations in sk/port_ops.h (the same dispatch,
 * sk_port_op(), as the fast path's), and the port status.
 */
#include <sk/arch/mmu.h>
#include <sk/arch/timer.h>
#include <sk/arch/vcpu.h>

#define SK_PORT_NOW() arch_timer_now()
#define SK_PORT_PTR(pa) arch_pa_to_ptr(sk_pa(pa))
#define SK_PORT_INJECT(v, slot) arch_virq_inject((v), (slot), false)
#include <sk/port_ops.h>

int64_t sk_port_call(const struct sk_partition_desc *p, uint32_t fn, uint64_t a0,
		     uint64_t a1, uint64_t a2, struct sk_port_result *res)
{
	int64_t status;

	if (fn == BH_HVC_PORT_STATUS)
		return sk_port_status(p, a0, res);
	if (!sk_port_op(p, fn, a0, a1, a2, res, &status)) {
		res->why = "not a port call";
		return BH_E_INVALID;
	}
	return status;
}

int64_t sk_port_status(const struct sk_partition_desc *p, uint64_t port,
		       struct sk_port_result *res)
{
	const struct sk_channel *ch;
	struct sk_channel_state *st;

	if (port >= p->n_ports) {
		res->why = "no such port";
		return BH_E_INVALID;
	}
	ch = &sk_system.channels[p->ports[port].channel];
	res->r[0] = ch->kind | p->ports[port].direction << 8 | (ch->doorbell ? 1u : 0u) << 16;
	res->r[1] = ch->kind == SK_CHANNEL_SHARED_MEMORY ? ch->size : ch->message_size;
	res->r[2] = ch->depth;
	st = ch->state;
	if (st != NULL) {
		sk_spin_lock(&st->lock);
		res->r[3] = st->count;
		res->r[4] = st->writes;
		res->r[5] = st->refused;
		res->r[6] = st->time;
		sk_spin_unlock(&st->lock);
	}
	return BH_OK;
}
