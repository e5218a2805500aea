/* SPDX-License-Identifier: Apache-2.0 */
/* Sampling and queuing ports, doorbells (sk/port.h). */
#include <sk/arch/mmu.h>
#include <sk/arch/timer.h>
#include <sk/arch/vcpu.h>
#include <sk/exit.h>
#include <sk/lib.h>
#include <sk/partition.h>
#include <sk/port.h>

/* The caller's port `id` if it is of channel kind `kind` and direction
 * `dir`, with *why set otherwise. */
static const struct sk_channel *port_of(const struct sk_partition_desc *p, uint64_t id,
					uint32_t kind, uint32_t dir, int64_t *status,
					const char **why)
{
	const struct sk_channel *ch;

	if (id >= p->n_ports) {
		*status = BH_E_INVALID;
		*why = "no such port";
		return NULL;
	}
	ch = &sk_system.channels[p->ports[id].channel];
	if (ch->kind != kind) {
		*status = BH_E_INVALID;
		*why = "the port is of another kind of channel";
		return NULL;
	}
	if (p->ports[id].direction != dir) {
		*status = BH_E_DENIED;
		*why = dir == SK_PORT_SOURCE ? "the partition only reads this channel" :
					       "the partition only writes this channel";
		return NULL;
	}
	return ch;
}

/*
 * The kernel's pointer to [ipa, ipa + len) of p, if it lies in one of p's
 * normal-memory regions allowing `access`. The regions are what p's
 * stage-2 tables map (sk_verify checks that at boot), so this is the check
 * the hardware would make, without walking the tables.
 */
static void *buffer_of(const struct sk_partition_desc *p, uint64_t ipa, uint64_t len,
		       uint32_t access)
{
	if (len == 0u || !sk_range_ok(ipa, len))
		return NULL;
	for (uint32_t i = 0; i < p->n_regions; i++) {
		const struct sk_region *r = &p->regions[i];

		if ((r->flags & SK_MEM_DEVICE) == 0u && (r->flags & access) == access &&
		    sk_range_within(ipa, len, r->ipa.ipa, r->size))
			return arch_pa_to_ptr(sk_pa(r->pa.pa + (ipa - r->ipa.ipa)));
	}
	return NULL;
}

/* The buffer checks shared by every call that copies a message. */
static int64_t check_message(const struct sk_partition_desc *p, const struct sk_channel *ch,
			     uint64_t ipa, uint64_t len, uint32_t access, void **buf,
			     const char **why)
{
	if (len == 0u || len > ch->message_size) {
		*why = access == SK_MEM_READ ? "message length out of range" :
					       "buffer smaller than 1 byte or larger than a message";
		return BH_E_INVALID;
	}
	*buf = buffer_of(p, ipa, len, access);
	if (*buf == NULL) {
		*why = access == SK_MEM_READ ? "message from memory that is not the partition's" :
					       "message into memory that is not the partition's "
					       "or not writable";
		return BH_E_BAD_ADDRESS;
	}
	return BH_OK;
}

/* Give each reader of `ch` its doorbell interrupt for the channel. */
static void ring(const struct sk_channel *ch)
{
	const struct sk_system *sys = &sk_system;
	uint32_t index = (uint32_t)(ch - sys->channels);

	for (uint32_t i = 0; i < ch->n_readers; i++) {
		const struct sk_partition_desc *r = &sys->partitions[ch->readers[i]];

		for (uint32_t k = 0; k < r->n_doorbells; k++)
			if (r->doorbells[k].channel == index)
				arch_virq_inject(&r->vcpus[0],
						 SK_VIRQ_FIRST_IRQ + r->n_irqs + k, false);
	}
}

int64_t sk_sampling_write(const struct sk_partition_desc *p, uint64_t port,
			  uint64_t buf, uint64_t len, struct sk_port_result *res)
{
	int64_t status = BH_OK;
	const struct sk_channel *ch = port_of(p, port, SK_CHANNEL_SAMPLING, SK_PORT_SOURCE,
					      &status, &res->why);
	struct sk_channel_state *st;
	void *src;

	if (ch == NULL)
		return status;
	status = check_message(p, ch, buf, len, SK_MEM_READ, &src, &res->why);
	if (status != BH_OK)
		return status;
	st = ch->state;
	sk_spin_lock(&st->lock);
	memcpy(ch->data, src, (size_t)len);
	ch->lengths[0] = (uint32_t)len;
	st->time = arch_timer_now();
	st->count = 1;
	st->writes++;
	sk_spin_unlock(&st->lock);
	if (ch->doorbell)
		ring(ch);
	return BH_OK;
}

int64_t sk_sampling_read(const struct sk_partition_desc *p, uint64_t port,
			 uint64_t buf, uint64_t room, struct sk_port_result *res)
{
	int64_t status = BH_OK;
	const struct sk_channel *ch = port_of(p, port, SK_CHANNEL_SAMPLING,
					      SK_PORT_DESTINATION, &status, &res->why);
	struct sk_channel_state *st;
	void *dst;

	if (ch == NULL)
		return status;
	if (room > ch->message_size)
		room = ch->message_size;
	status = check_message(p, ch, buf, room, SK_MEM_WRITE, &dst, &res->why);
	if (status != BH_OK)
		return status;
	st = ch->state;
	sk_spin_lock(&st->lock);
	if (st->count == 0u) {
		status = BH_E_EMPTY;
	} else if (ch->lengths[0] > room) {
		status = BH_E_INVALID;
		res->why = "buffer smaller than the message";
	} else {
		memcpy(dst, ch->data, ch->lengths[0]);
		res->r[0] = ch->lengths[0];
		res->r[1] = st->time;
		res->r[2] = arch_timer_now() - st->time <= ch->refresh ? 1u : 0u;
	}
	sk_spin_unlock(&st->lock);
	return status;
}

int64_t sk_queuing_send(const struct sk_partition_desc *p, uint64_t port,
			uint64_t buf, uint64_t len, struct sk_port_result *res)
{
	int64_t status = BH_OK;
	const struct sk_channel *ch = port_of(p, port, SK_CHANNEL_QUEUING, SK_PORT_SOURCE,
					      &status, &res->why);
	struct sk_channel_state *st;
	void *src;

	if (ch == NULL)
		return status;
	status = check_message(p, ch, buf, len, SK_MEM_READ, &src, &res->why);
	if (status != BH_OK)
		return status;
	st = ch->state;
	sk_spin_lock(&st->lock);
	if (st->count == ch->depth) {
		st->refused++;
		status = BH_E_FULL;
	} else {
		uint32_t slot = st->head + st->count;

		if (slot >= ch->depth)
			slot -= ch->depth;
		memcpy(ch->data + (size_t)slot * ch->message_size, src, (size_t)len);
		ch->lengths[slot] = (uint32_t)len;
		st->count++;
		st->writes++;
	}
	res->r[0] = st->count;
	sk_spin_unlock(&st->lock);
	if (status == BH_OK && ch->doorbell)
		ring(ch);
	return status;
}

int64_t sk_queuing_receive(const struct sk_partition_desc *p, uint64_t port,
			   uint64_t buf, uint64_t room, struct sk_port_result *res)
{
	int64_t status = BH_OK;
	const struct sk_channel *ch = port_of(p, port, SK_CHANNEL_QUEUING,
					      SK_PORT_DESTINATION, &status, &res->why);
	struct sk_channel_state *st;
	void *dst;

	if (ch == NULL)
		return status;
	if (room > ch->message_size)
		room = ch->message_size;
	status = check_message(p, ch, buf, room, SK_MEM_WRITE, &dst, &res->why);
	if (status != BH_OK)
		return status;
	st = ch->state;
	sk_spin_lock(&st->lock);
	if (st->count == 0u) {
		status = BH_E_EMPTY;
	} else if (ch->lengths[st->head] > room) {
		status = BH_E_INVALID;
		res->why = "buffer smaller than the message";
	} else {
		uint32_t slot = st->head;

		memcpy(dst, ch->data + (size_t)slot * ch->message_size, ch->lengths[slot]);
		res->r[0] = ch->lengths[slot];
		st->head = slot + 1u == ch->depth ? 0u : slot + 1u;
		st->count--;
		res->r[1] = st->count;
	}
	sk_spin_unlock(&st->lock);
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
	res->r[0] = ch->kind | p->ports[port].direction << 8;
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

int64_t sk_doorbell_ring(const struct sk_partition_desc *p, uint64_t port,
			 struct sk_port_result *res)
{
	int64_t status = BH_OK;
	const struct sk_channel *ch = port_of(p, port, SK_CHANNEL_SHARED_MEMORY,
					      SK_PORT_SOURCE, &status, &res->why);

	if (ch == NULL)
		return status;
	if (!ch->doorbell) {
		res->why = "the channel has no doorbell";
		return BH_E_INVALID;
	}
	ring(ch);
	return BH_OK;
}
