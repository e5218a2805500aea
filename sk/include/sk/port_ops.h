/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The port operations themselves (what sk/port.h declares), as inline
 * functions that call nothing, so that one source serves two builds:
 * sk/port.c (the full hypercall path, and the unit tests on the host) and
 * the architecture's hypercall fast path, which may not call functions
 * (arch/aarch64/hvc_fast.c). The includer defines three hooks first:
 *
 *   SK_PORT_NOW()            the system counter, uint64_t
 *   SK_PORT_PTR(pa)          the kernel's pointer to physical address pa
 *   SK_PORT_INJECT(v, slot)  make virtual interrupt `slot` pending for vCPU v
 *
 * Every operation checks the port (the caller's own, of the right kind and
 * direction) and the buffer (one region of the caller's normal memory with
 * the access needed) before it changes anything; it then copies at most
 * one message (SK_MESSAGE_MAX bytes) under the channel's lock. A refusal
 * returns BH_E_INVALID, BH_E_DENIED or BH_E_BAD_ADDRESS with `*why` set,
 * and changes nothing.
 */
#ifndef SK_PORT_OPS_H
#define SK_PORT_OPS_H

#if !defined(SK_PORT_NOW) || !defined(SK_PORT_PTR) || !defined(SK_PORT_INJECT)
#error "define SK_PORT_NOW, SK_PORT_PTR and SK_PORT_INJECT before including sk/port_ops.h"
#endif

#include <bulkhead/hvc.h>
#include <sk/config.h>
#include <sk/exit.h>
#include <sk/partition.h>
#include <sk/port.h>
#include <sk/spinlock.h>

/* The caller's port `id` if it belongs to a channel of `kind` and has
 * direction `dir`; NULL and a refusal otherwise. */
static inline const struct sk_channel *sk_port_lookup(const struct sk_partition_desc *p,
						      uint64_t id, uint32_t kind, uint32_t dir,
						      int64_t *status, const char **why)
{
	const struct sk_port *port;
	const struct sk_channel *ch;

	if (id >= p->n_ports) {
		*status = BH_E_INVALID;
		*why = "no such port";
		return NULL;
	}
	port = &p->ports[id];
	ch = &sk_system.channels[port->channel];
	if (ch->kind != kind) {
		*status = BH_E_INVALID;
		*why = "the port is of another kind of channel";
		return NULL;
	}
	if (port->direction != dir) {
		*status = BH_E_DENIED;
		*why = dir == SK_PORT_SOURCE ? "the partition only reads this channel" :
					       "the partition only writes this channel";
		return NULL;
	}
	return ch;
}

/*
 * The kernel's pointer to [ipa, ipa + len) of p if it lies in one of p's
 * normal-memory regions allowing `access`, else NULL. The regions are what
 * p's stage-2 tables map (sk_verify checks that at boot), so this is the
 * check the hardware would make, without walking the tables.
 */
static inline void *sk_port_buffer(const struct sk_partition_desc *p, uint64_t ipa,
				   uint64_t len, uint32_t access)
{
	if (len == 0u || !sk_range_ok(ipa, len))
		return NULL;
	for (uint32_t i = 0; i < p->n_regions; i++) {
		const struct sk_region *r = &p->regions[i];

		if ((r->flags & (access | SK_MEM_DEVICE)) == access &&
		    sk_range_within(ipa, len, r->ipa.ipa, r->size))
			return SK_PORT_PTR(r->pa.pa + (ipa - r->ipa.ipa));
	}
	return NULL;
}

/* Copy a message: pairs of words, then words, when both ends are aligned
 * (messages in the kernel's storage always are), bytes for the rest. At
 * most SK_MESSAGE_MAX bytes. */
static inline void sk_port_copy(void *dst, const void *src, uint64_t len)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 7u) == 0u) {
		for (; len >= 16u; len -= 16u, d += 16, s += 16) {
			uint64_t a = ((const uint64_t *)(const void *)s)[0];
			uint64_t b = ((const uint64_t *)(const void *)s)[1];

			((uint64_t *)(void *)d)[0] = a;
			((uint64_t *)(void *)d)[1] = b;
		}
		if (len >= 8u) {
			*(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
			len -= 8u;
			d += 8;
			s += 8;
		}
	}
	for (; len > 0u; len--)
		*d++ = *s++;
}

/* The length and buffer checks of every call that copies a message. */
static inline int64_t sk_port_message(const struct sk_partition_desc *p,
				      const struct sk_channel *ch, uint64_t ipa, uint64_t len,
				      uint32_t access, void **buf, const char **why)
{
	if (len == 0u || len > ch->message_size) {
		*why = access == SK_MEM_READ ? "message length out of range" :
					       "no room for a message";
		return BH_E_INVALID;
	}
	*buf = sk_port_buffer(p, ipa, len, access);
	if (*buf == NULL) {
		*why = access == SK_MEM_READ ? "message from memory that is not the partition's" :
					       "message into memory that is not the partition's "
					       "or not writable";
		return BH_E_BAD_ADDRESS;
	}
	return BH_OK;
}

/* Each reader of `ch` gets its doorbell interrupt for the channel. */
static inline void sk_port_ring(const struct sk_channel *ch)
{
	const struct sk_system *sys = &sk_system;
	uint32_t index = (uint32_t)(ch - sys->channels);

	for (uint32_t i = 0; i < ch->n_readers; i++) {
		const struct sk_partition_desc *r = &sys->partitions[ch->readers[i]];

		for (uint32_t k = 0; k < r->n_doorbells; k++)
			if (r->doorbells[k].channel == index)
				SK_PORT_INJECT(&r->vcpus[0], SK_VIRQ_FIRST_IRQ + r->n_irqs + k);
	}
}

static inline int64_t sk_port_sampling_write(const struct sk_partition_desc *p, uint64_t port,
					     uint64_t ipa, uint64_t len,
					     struct sk_port_result *res)
{
	int64_t status = BH_OK;
	const struct sk_channel *ch = sk_port_lookup(p, port, SK_CHANNEL_SAMPLING,
						     SK_PORT_SOURCE, &status, &res->why);
	struct sk_channel_state *st;
	void *src;

	if (ch == NULL)
		return status;
	status = sk_port_message(p, ch, ipa, len, SK_MEM_READ, &src, &res->why);
	if (status != BH_OK)
		return status;
	st = ch->state;
	sk_spin_lock(&st->lock);
	sk_port_copy(ch->data, src, len);
	ch->lengths[0] = (uint32_t)len;
	st->time = SK_PORT_NOW();
	st->count = 1;
	st->writes++;
	sk_spin_unlock(&st->lock);
	if (ch->doorbell)
		sk_port_ring(ch);
	return BH_OK;
}

static inline int64_t sk_port_sampling_read(const struct sk_partition_desc *p, uint64_t port,
					    uint64_t ipa, uint64_t room,
					    struct sk_port_result *res)
{
	int64_t status = BH_OK;
	const struct sk_channel *ch = sk_port_lookup(p, port, SK_CHANNEL_SAMPLING,
						     SK_PORT_DESTINATION, &status, &res->why);
	struct sk_channel_state *st;
	void *dst;

	if (ch == NULL)
		return status;
	if (room > ch->message_size)
		room = ch->message_size;
	status = sk_port_message(p, ch, ipa, room, SK_MEM_WRITE, &dst, &res->why);
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
		sk_port_copy(dst, ch->data, ch->lengths[0]);
		res->r[0] = ch->lengths[0];
		res->r[1] = st->time;
		res->r[2] = SK_PORT_NOW() - st->time <= ch->refresh ? 1u : 0u;
	}
	sk_spin_unlock(&st->lock);
	return status;
}

static inline int64_t sk_port_queuing_send(const struct sk_partition_desc *p, uint64_t port,
					   uint64_t ipa, uint64_t len,
					   struct sk_port_result *res)
{
	int64_t status = BH_OK;
	const struct sk_channel *ch = sk_port_lookup(p, port, SK_CHANNEL_QUEUING,
						     SK_PORT_SOURCE, &status, &res->why);
	struct sk_channel_state *st;
	void *src;

	if (ch == NULL)
		return status;
	status = sk_port_message(p, ch, ipa, len, SK_MEM_READ, &src, &res->why);
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
		sk_port_copy(ch->data + (size_t)slot * ch->message_size, src, len);
		ch->lengths[slot] = (uint32_t)len;
		st->count++;
		st->writes++;
	}
	res->r[0] = st->count;
	sk_spin_unlock(&st->lock);
	if (status == BH_OK && ch->doorbell)
		sk_port_ring(ch);
	return status;
}

static inline int64_t sk_port_queuing_receive(const struct sk_partition_desc *p,
					      uint64_t port, uint64_t ipa, uint64_t room,
					      struct sk_port_result *res)
{
	int64_t status = BH_OK;
	const struct sk_channel *ch = sk_port_lookup(p, port, SK_CHANNEL_QUEUING,
						     SK_PORT_DESTINATION, &status, &res->why);
	struct sk_channel_state *st;
	void *dst;

	if (ch == NULL)
		return status;
	if (room > ch->message_size)
		room = ch->message_size;
	status = sk_port_message(p, ch, ipa, room, SK_MEM_WRITE, &dst, &res->why);
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

		sk_port_copy(dst, ch->data + (size_t)slot * ch->message_size, ch->lengths[slot]);
		res->r[0] = ch->lengths[slot];
		st->head = slot + 1u == ch->depth ? 0u : slot + 1u;
		st->count--;
		res->r[1] = st->count;
	}
	sk_spin_unlock(&st->lock);
	return status;
}

static inline int64_t sk_port_doorbell_ring(const struct sk_partition_desc *p, uint64_t port,
					    struct sk_port_result *res)
{
	int64_t status = BH_OK;
	const struct sk_channel *ch = sk_port_lookup(p, port, SK_CHANNEL_SHARED_MEMORY,
						     SK_PORT_SOURCE, &status, &res->why);

	if (ch == NULL)
		return status;
	if (!ch->doorbell) {
		res->why = "the channel has no doorbell";
		return BH_E_INVALID;
	}
	sk_port_ring(ch);
	return BH_OK;
}

/*
 * Port call `fn` (a function identifier of bulkhead/hvc.h) with its first
 * three arguments: one of the five operations above, its status into
 * *status, its results into res; true. False for any other function
 * (BH_HVC_PORT_STATUS is sk/port.c's alone), nothing done. The one
 * dispatch of port calls, for the fast path (sk/call_fast.h) and the full
 * path (sk_port_call()).
 */
static inline bool sk_port_op(const struct sk_partition_desc *p, uint32_t fn, uint64_t a0,
			      uint64_t a1, uint64_t a2, struct sk_port_result *res,
			      int64_t *status)
{
	switch (fn) {
	case BH_HVC_SAMPLING_WRITE:
		*status = sk_port_sampling_write(p, a0, a1, a2, res);
		return true;
	case BH_HVC_SAMPLING_READ:
		*status = sk_port_sampling_read(p, a0, a1, a2, res);
		return true;
	case BH_HVC_QUEUING_SEND:
		*status = sk_port_queuing_send(p, a0, a1, a2, res);
		return true;
	case BH_HVC_QUEUING_RECEIVE:
		*status = sk_port_queuing_receive(p, a0, a1, a2, res);
		return true;
	case BH_HVC_DOORBELL_RING:
		*status = sk_port_doorbell_ring(p, a0, res);
		return true;
	default:
		return false;
	}
}

#endif /* SK_PORT_OPS_H */
