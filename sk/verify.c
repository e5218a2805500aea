/* SPDX-License-Identifier: Apache-2.0 */
/* The independent check of the generated tables: see sk/verify.h. */
#include <arch/types.h>
#include <sk/arch/irq.h>
#include <sk/arch/mmu.h>
#include <sk/exit.h>
#include <sk/cpu.h>
#include <sk/lib.h>
#include <sk/partition.h>
#include <sk/verify.h>

#define FINDING_MAX 200u
/* Kinds of emulated device (SK_VDEV_PL011 to SK_VDEV_IRQCHIP_CPU): a
 * partition has at most one of each. */
#define VDEV_KINDS 3u
#define MEM_KIND (SK_MEM_READ | SK_MEM_WRITE | SK_MEM_EXEC | SK_MEM_DEVICE | \
		  SK_MEM_NONCACHEABLE)

/*
 * The generator's pools (sk_config.c, SK_POOL): one array per section,
 * its bounds given by the linker, not by the tables under check. Weak: a
 * system without channels has no channel pools (then start = stop).
 */
#define POOL(type, name) \
	extern type __start_##name[] __attribute__((weak)); \
	extern type __stop_##name[] __attribute__((weak))
POOL(struct sk_partition, sk_pool_partition);
POOL(struct sk_vcpu, sk_pool_vcpu);
POOL(const uint32_t, sk_pool_vcpu_cpu);
POOL(struct sk_channel_state, sk_pool_channel_state);
POOL(uint8_t, sk_pool_channel_data);
POOL(uint32_t, sk_pool_channel_length);

/* The next slice of a pool: where it must start, and the pool's end. */
struct slicer {
	uintptr_t at;
	uintptr_t end;
};

struct ctx {
	const struct sk_system *sys;
	sk_verify_report_fn report;
	void *report_ctx;
	struct sk_verify_result r;
	/* The partition whose stage 2 is being walked. */
	const struct sk_partition_desc *p;
	uint64_t leaf_bytes;
	/* Every partition's vCPU arrays are its slices of their pools:
	 * n_vcpus may index them. */
	bool vcpus_ok;
};

__attribute__((format(printf, 3, 4)))
static bool expect(struct ctx *c, bool ok, const char *fmt, ...)
{
	c->r.checks++;
	if (!ok) {
		char msg[FINDING_MAX];
		va_list ap;

		va_start(ap, fmt);
		bh_vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		c->r.findings++;
		c->report(c->report_ctx, msg);
	}
	return ok;
}

static bool overlap(uint64_t a, uint64_t asz, uint64_t b, uint64_t bsz)
{
	return a < b + bsz && b < a + asz;
}

static const char *perm(uint32_t f, char buf[5])
{
	buf[0] = (f & SK_MEM_READ) ? 'r' : '-';
	buf[1] = (f & SK_MEM_WRITE) ? 'w' : '-';
	buf[2] = (f & SK_MEM_EXEC) ? 'x' : '-';
	buf[3] = (f & SK_MEM_DEVICE) ? 'd' : (f & SK_MEM_NONCACHEABLE) ? 'n' : ' ';
	buf[4] = '\0';
	return buf;
}

/*
 * Take the next `count` elements of `size` bytes from pool `s` at `ptr`:
 * true if they are exactly the next slice, inside the pool. The product is
 * formed in 64 bits from 32-bit counts and sizes below 2^32: no overflow.
 */
static bool next_slice(struct slicer *s, const void *ptr, uint64_t count, uint64_t size)
{
	uint64_t bytes = count * size;

	if ((uintptr_t)ptr != s->at || s->at > s->end || bytes > s->end - s->at)
		return false;
	s->at += (uintptr_t)bytes;
	return true;
}

static struct slicer pool(const void *start, const void *stop)
{
	return (struct slicer){ (uintptr_t)start, (uintptr_t)stop };
}

/*
 * Run first, so that later checks may index what it proved: each
 * partition's state, vCPUs and vCPU placement, and each message channel's
 * state, slots and lengths, are the next slices of their pools, and the
 * slices use each pool up. A count raised (more vCPUs, a deeper queue, a
 * larger message) or a pointer aimed at another's storage breaks the
 * tiling.
 */
static void check_pools(struct ctx *c)
{
	const struct sk_system *sys = c->sys;
	struct slicer st = pool(__start_sk_pool_partition, __stop_sk_pool_partition);
	struct slicer vc = pool(__start_sk_pool_vcpu, __stop_sk_pool_vcpu);
	struct slicer vp = pool(__start_sk_pool_vcpu_cpu, __stop_sk_pool_vcpu_cpu);
	struct slicer cs = pool(__start_sk_pool_channel_state, __stop_sk_pool_channel_state);
	struct slicer cd = pool(__start_sk_pool_channel_data, __stop_sk_pool_channel_data);
	struct slicer cl = pool(__start_sk_pool_channel_length, __stop_sk_pool_channel_length);
	bool ok = true;

	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		const struct sk_partition_desc *p = &sys->partitions[i];

		expect(c, next_slice(&st, p->state, 1u, sizeof(*p->state)),
		       "the run-time state of '%s' is not its own", p->name);
		ok = expect(c, next_slice(&vc, p->vcpus, p->n_vcpus, sizeof(*p->vcpus)) &&
				       next_slice(&vp, p->vcpu_cpu, p->n_vcpus,
						  sizeof(*p->vcpu_cpu)),
			    "the %u vCPUs of '%s' are not its slice of the vCPU pools",
			    p->n_vcpus, p->name) && ok;
		if (!ok)
			break; /* the slices after it cannot be placed */
	}
	ok = expect(c, !ok || (st.at == st.end && vc.at == vc.end && vp.at == vp.end),
		    "the partitions do not use their pools up (a count is lower "
		    "than the storage)") && ok;
	c->vcpus_ok = ok;
	for (uint32_t i = 0; i < sys->n_channels; i++) {
		const struct sk_channel *ch = &sys->channels[i];
		uint64_t slots = ch->kind == SK_CHANNEL_QUEUING ? ch->depth : 1u;

		if (ch->kind != SK_CHANNEL_SAMPLING && ch->kind != SK_CHANNEL_QUEUING) {
			expect(c, ch->state == NULL && ch->data == NULL && ch->lengths == NULL,
			       "channel '%s' has message storage it does not use", ch->name);
			continue;
		}
		if (!expect(c, next_slice(&cs, ch->state, 1u, sizeof(*ch->state)) &&
				       next_slice(&cd, ch->data, slots, ch->message_size) &&
				       next_slice(&cl, ch->lengths, slots, sizeof(*ch->lengths)),
			    "the storage of channel '%s' (%lu messages of %u bytes) is not "
			    "its slice of the channel pools", ch->name, (unsigned long)slots,
			    ch->message_size))
			return;
	}
	expect(c, cs.at == cs.end && cd.at == cd.end && cl.at == cl.end,
	       "the channels do not use their storage pools up (a size is lower "
	       "than the storage)");
}

/*
 * Each partition's counts are bounded by another table's before any loop
 * uses them: its interrupts are owned in irq_owners, each doorbell rings
 * one channel, each port is one end of one, its emulated devices are one
 * of each kind. False if one is not: the check stops there (a finding,
 * then a clean halt at boot) rather than read past an array.
 */
static bool check_counts(struct ctx *c)
{
	const struct sk_system *sys = c->sys;
	bool ok = true;

	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		const struct sk_partition_desc *p = &sys->partitions[i];
		uint32_t owned = 0;

		for (uint32_t k = 0; k < sys->n_irq_owners; k++)
			owned += sys->irq_owners[k].owner == i;
		ok = expect(c, (p->n_regions == 0u || p->regions != NULL) &&
				       (p->n_irqs == 0u || p->irqs != NULL) &&
				       (p->n_doorbells == 0u || p->doorbells != NULL) &&
				       (p->n_ports == 0u || p->ports != NULL) &&
				       (p->n_vdevs == 0u || p->vdevs != NULL),
			    "partition '%s' counts entries of a table it does not have",
			    p->name) && ok;
		ok = expect(c, p->n_irqs == owned && p->n_doorbells <= sys->n_channels &&
				       p->n_ports <= 2u * (uint64_t)sys->n_channels &&
				       p->n_vdevs <= VDEV_KINDS,
			    "partition '%s' has more interrupts (%u, %u owned), doorbells "
			    "(%u), ports (%u) or emulated devices (%u) than there can be",
			    p->name, p->n_irqs, owned, p->n_doorbells, p->n_ports,
			    p->n_vdevs) && ok;
	}
	for (uint32_t i = 0; i < sys->n_channels; i++) {
		const struct sk_channel *ch = &sys->channels[i];

		ok = expect(c, ch->n_writers <= sys->n_partitions &&
				       ch->n_readers <= sys->n_partitions &&
				       (ch->n_writers == 0u || ch->writers != NULL) &&
				       (ch->n_readers == 0u || ch->readers != NULL),
			    "channel '%s' has more writers or readers than there are "
			    "partitions", ch->name) && ok;
	}
	return ok;
}

static void check_structure(struct ctx *c)
{
	const struct sk_system *sys = c->sys;

	expect(c, sys->n_cpus > 0u && sys->n_partitions > 0u && sys->n_plans > 0u,
	       "the system has no CPU, partition or plan");
	expect(c, sys->initial_plan < sys->n_plans, "initial plan %u does not exist",
	       sys->initial_plan);
	expect(c, sys->major_frame > 0u, "the major frame is empty");
	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		const struct sk_partition_desc *p = &sys->partitions[i];
		const struct sk_image *img = &p->image;

		expect(c, p->id == i, "partition %u says it is partition %u", i, p->id);
		expect(c, p->vmid != 0u, "partition '%s' has VMID 0", p->name);
		for (uint32_t j = 0; j < i; j++)
			expect(c, sys->partitions[j].vmid != p->vmid,
			       "partitions '%s' and '%s' share VMID %u",
			       sys->partitions[j].name, p->name, p->vmid);
		expect(c, p->vmid < (1u << ARCH_VMID_BITS),
		       "partition '%s' has VMID %u, wider than the %u bits the kernel "
		       "programs", p->name, p->vmid, ARCH_VMID_BITS);
		/* Each vCPU has a CPU of its own: more vCPUs than CPUs is a
		 * corrupted count, and its arrays are not read. */
		if (!expect(c, p->n_vcpus > 0u && p->n_vcpus <= sys->n_cpus,
			    "partition '%s' has %u vCPUs, the system %u CPUs", p->name,
			    p->n_vcpus, sys->n_cpus) || !c->vcpus_ok)
			continue;
		for (uint32_t v = 0; v < p->n_vcpus; v++) {
			expect(c, p->vcpu_cpu[v] < sys->n_cpus,
			       "vCPU %u of '%s' is on a CPU the system does not have",
			       v, p->name);
			for (uint32_t w = 0; w < v; w++)
				expect(c, p->vcpu_cpu[w] != p->vcpu_cpu[v],
				       "vCPUs %u and %u of '%s' share a CPU", w, v, p->name);
		}
		for (uint32_t d = 0; d < p->n_vdevs; d++) {
			const struct sk_vdev *vd = &p->vdevs[d];

			expect(c, vd->kind == SK_VDEV_PL011 || vd->kind == SK_VDEV_IRQCHIP ||
					  vd->kind == SK_VDEV_IRQCHIP_CPU,
			       "'%s' has an emulated device of no known kind", p->name);
			for (uint32_t e = 0; e < d; e++)
				expect(c, !overlap(vd->ipa.ipa, vd->size, p->vdevs[e].ipa.ipa,
						   p->vdevs[e].size),
				       "two emulated devices of '%s' overlap at IPA 0x%lx", p->name,
				       vd->ipa.ipa);
			for (uint32_t r = 0; r < p->n_regions; r++)
				expect(c, !(vd->ipa.ipa < p->regions[r].ipa.ipa + p->regions[r].size &&
					    p->regions[r].ipa.ipa < vd->ipa.ipa + vd->size),
				       "the emulated device at IPA 0x%lx of '%s' is also mapped "
				       "(region '%s')", vd->ipa.ipa, p->name, p->regions[r].name);
		}
		if (expect(c, img->region < p->n_regions,
			   "the image of '%s' names no region", p->name)) {
			const struct sk_region *r = &p->regions[img->region];
			uint64_t size = (uint64_t)(img->end - img->start);

			expect(c, (r->flags & (SK_MEM_EXEC | SK_MEM_DEVICE)) == SK_MEM_EXEC &&
				       img->load.ipa >= r->ipa.ipa &&
				       sk_range_within(img->load.ipa, size, r->ipa.ipa, r->size),
			       "the image of '%s' does not lie in executable region '%s'",
			       p->name, r->name);
		}
	}
}

/* The number of virtual interrupt slots `p`'s vCPU 0 uses (sk/verify.h). */
uint32_t sk_virq_slots(const struct sk_partition_desc *p)
{
	uint32_t n = SK_VIRQ_FIRST_IRQ + p->n_irqs + p->n_doorbells;

	for (uint32_t i = 0; i < p->n_vdevs; i++)
		n += p->vdevs[i].intid != SK_NONE;
	return n + ((p->flags & SK_PART_SGIS) != 0u);
}

/* The k-th virtual interrupt of p's vCPU 0 after its timer: its
 * interrupts, doorbells, then its emulated devices' (SK_NONE: none). */
static uint32_t virq_at(const struct sk_partition_desc *p, uint32_t k)
{
	if (k < p->n_irqs)
		return p->irqs[k];
	k -= p->n_irqs;
	if (k < p->n_doorbells)
		return p->doorbells[k].intid;
	k -= p->n_doorbells;
	return k < p->n_vdevs ? p->vdevs[k].intid : SK_NONE;
}

/* A partition's virtual interrupts are distinct and none is its timer's
 * (one interrupt number, one slot). */
static void check_virqs(struct ctx *c, const struct sk_partition_desc *p)
{
	uint32_t n = p->n_irqs + p->n_doorbells + p->n_vdevs;

	for (uint32_t k = 0; k < n; k++) {
		uint32_t a = virq_at(p, k);

		if (a == SK_NONE)
			continue;
		expect(c, a != c->sys->arch.vtimer_intid && a < SK_NONE,
		       "'%s' receives interrupt %u, its virtual timer's", p->name, a);
		for (uint32_t j = 0; j < k; j++)
			expect(c, virq_at(p, j) != a,
			       "'%s' receives interrupt %u twice", p->name, a);
	}
}

static bool known_action(uint32_t a)
{
	return a <= SK_HM_HALT;
}

/*
 * The health-monitor table: every action is one the kernel knows, a plan
 * it switches to exists, escalation happens once (a restart action's
 * `then` is no restart, so the chain always ends), and the fields an
 * action does not use hold the generator's neutral values, so that a
 * changed one is seen rather than ignored.
 */
static void check_hm(struct ctx *c, const struct sk_partition_desc *p)
{
	const struct sk_system *sys = c->sys;

	for (uint32_t ev = 0; ev < SK_HM_EVENTS; ev++) {
		const struct sk_hm_entry *e = &p->hm[ev];
		bool restart = e->action == SK_HM_COLD_RESTART ||
			       e->action == SK_HM_WARM_RESTART;
		bool then_plan = restart && e->then == SK_HM_SWITCH_PLAN;

		expect(c, known_action(e->action) && e->reserved == 0u,
		       "health-monitor event %u of '%s' has unknown action %u", ev,
		       p->name, e->action);
		expect(c, e->action == SK_HM_SWITCH_PLAN ? e->plan < sys->n_plans
							: e->plan == SK_NONE,
		       "health-monitor event %u of '%s': plan %u does not fit action %u",
		       ev, p->name, e->plan, e->action);
		if (restart)
			expect(c, known_action(e->then) && e->then != SK_HM_COLD_RESTART &&
					  e->then != SK_HM_WARM_RESTART,
			       "health-monitor event %u of '%s' escalates to action %u, "
			       "which is unknown or restarts again", ev, p->name, e->then);
		else
			expect(c, e->then == SK_HM_LOG && e->max_restarts == 0u,
			       "health-monitor event %u of '%s' escalates but does not "
			       "restart", ev, p->name);
		expect(c, then_plan ? e->then_plan < sys->n_plans : e->then_plan == SK_NONE,
		       "health-monitor event %u of '%s': escalation plan %u does not "
		       "fit", ev, p->name, e->then_plan);
	}
}

/* Channels, ports and doorbells refer to each other consistently. */
static void check_channels(struct ctx *c)
{
	const struct sk_system *sys = c->sys;

	for (uint32_t i = 0; i < sys->n_channels; i++) {
		const struct sk_channel *ch = &sys->channels[i];
		bool messages = ch->kind == SK_CHANNEL_SAMPLING || ch->kind == SK_CHANNEL_QUEUING;

		expect(c, messages || ch->kind == SK_CHANNEL_SHARED_MEMORY,
		       "channel '%s' is of no known kind", ch->name);
		if (messages)
			expect(c, ch->state != NULL && ch->data != NULL && ch->lengths != NULL &&
				  ch->message_size >= 1u && ch->message_size <= SK_MESSAGE_MAX &&
				  (ch->kind == SK_CHANNEL_SAMPLING || ch->depth >= 1u),
			       "channel '%s' has no storage for its messages", ch->name);
		if (messages && ch->data != NULL && ch->lengths != NULL && ch->state != NULL) {
			uint64_t slots = ch->kind == SK_CHANNEL_QUEUING ? ch->depth : 1u;

			expect(c, slots <= SK_QUEUE_DEPTH_MAX,
			       "channel '%s' is deeper than %u messages", ch->name,
			       SK_QUEUE_DEPTH_MAX);
			/* No two channels' storage meets: a pointer aimed at another
			 * channel's buffer, or a size raised into it, is an
			 * undeclared flow. */
			for (uint32_t j = 0; j < i; j++) {
				const struct sk_channel *o = &sys->channels[j];
				uint64_t oslots = o->kind == SK_CHANNEL_QUEUING ? o->depth : 1u;

				if (o->data == NULL || o->lengths == NULL || o->state == NULL)
					continue;
				expect(c, !overlap((uintptr_t)ch->data, slots * ch->message_size,
						   (uintptr_t)o->data, oslots * o->message_size) &&
					       !overlap((uintptr_t)ch->lengths, slots * 4u,
							(uintptr_t)o->lengths, oslots * 4u) &&
					       ch->state != o->state,
				       "channels '%s' and '%s' share storage", o->name, ch->name);
			}
		}
		expect(c, ch->kind == SK_CHANNEL_QUEUING ||
			       (ch->depth == 0u &&
				(messages || ch->message_size == 0u)),
		       "channel '%s' has a depth or message size its kind does not use",
		       ch->name);
		expect(c, ch->n_writers >= 1u, "channel '%s' has no writer", ch->name);
		for (uint32_t k = 0; k < ch->n_writers; k++)
			expect(c, ch->writers[k] < sys->n_partitions,
			       "a writer of channel '%s' does not exist", ch->name);
		for (uint32_t k = 0; k < ch->n_readers; k++)
			expect(c, ch->readers[k] < sys->n_partitions,
			       "a reader of channel '%s' does not exist", ch->name);
	}
	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		const struct sk_partition_desc *p = &sys->partitions[i];
		uint32_t ends = 0, rings = 0;

		/* One port per end of a channel it has, one doorbell per
		 * channel that rings it: none dropped, none added. */
		for (uint32_t k = 0; k < sys->n_channels; k++) {
			const struct sk_channel *ch = &sys->channels[k];

			for (uint32_t w = 0; w < ch->n_writers; w++)
				ends += ch->writers[w] == i;
			for (uint32_t r = 0; r < ch->n_readers; r++) {
				ends += ch->readers[r] == i;
				rings += ch->readers[r] == i && ch->doorbell != 0u;
			}
		}
		expect(c, p->n_ports == ends && p->n_doorbells == rings,
		       "'%s' has %u ports and %u doorbells, its channels give it %u and %u",
		       p->name, p->n_ports, p->n_doorbells, ends, rings);
		for (uint32_t k = 0; k < p->n_ports; k++) {
			const struct sk_port *port = &p->ports[k];
			const struct sk_channel *ch;
			bool found = false;

			if (!expect(c, port->channel < sys->n_channels,
				    "port %u of '%s' names no channel", k, p->name))
				continue;
			ch = &sys->channels[port->channel];
			if (port->direction == SK_PORT_SOURCE)
				for (uint32_t w = 0; w < ch->n_writers; w++)
					found = found || ch->writers[w] == i;
			else if (port->direction == SK_PORT_DESTINATION)
				for (uint32_t r = 0; r < ch->n_readers; r++)
					found = found || ch->readers[r] == i;
			expect(c, found, "port %u of '%s' is an end of channel '%s' it is not",
			       k, p->name, ch->name);
		}
		for (uint32_t k = 0; k < p->n_doorbells; k++) {
			const struct sk_channel *ch;
			bool reader = false;

			if (!expect(c, p->doorbells[k].channel < sys->n_channels,
				    "doorbell %u of '%s' names no channel", k, p->name))
				continue;
			ch = &sys->channels[p->doorbells[k].channel];
			for (uint32_t r = 0; r < ch->n_readers; r++)
				reader = reader || ch->readers[r] == i;
			expect(c, ch->doorbell && reader,
			       "'%s' has a doorbell of channel '%s', which does not ring it",
			       p->name, ch->name);
		}
	}
}

static void check_schedule(struct ctx *c)
{
	const struct sk_system *sys = c->sys;

	for (uint32_t pl = 0; pl < sys->n_plans; pl++) {
		const struct sk_plan *plan = &sys->plans[pl];

		for (uint32_t cpu = 0; cpu < sys->n_cpus; cpu++) {
			const struct sk_cpu_plan *cp = &plan->cpus[cpu];
			uint64_t at = 0;

			expect(c, cp->n_slots > 0u, "plan '%s' has no slot on cpu%u",
			       plan->name, sys->cpus[cpu].id);
			for (uint32_t i = 0; i < cp->n_slots; i++) {
				const struct sk_slot *s = &cp->slots[i];

				expect(c, s->start == at && s->end > s->start,
				       "plan '%s' cpu%u: slot %u does not follow the one "
				       "before it", plan->name, sys->cpus[cpu].id, i);
				at = s->end;
				if (s->partition == SK_SLOT_IDLE)
					continue;
				if (!expect(c, s->partition < sys->n_partitions,
					    "plan '%s' cpu%u: slot %u names no partition",
					    plan->name, sys->cpus[cpu].id, i))
					continue;
				const struct sk_partition_desc *p = &sys->partitions[s->partition];

				expect(c, c->vcpus_ok && s->vcpu < p->n_vcpus &&
					       p->vcpu_cpu[s->vcpu] == cpu,
				       "plan '%s' cpu%u: slot %u runs a vCPU of '%s' that is "
				       "not pinned to that CPU", plan->name,
				       sys->cpus[cpu].id, i, p->name);
			}
			expect(c, at == sys->major_frame,
			       "plan '%s' cpu%u: the slots end at tick %lu, the major "
			       "frame at %lu", plan->name, sys->cpus[cpu].id, at,
			       sys->major_frame);
		}
	}
}

/* The device of the ownership table that contains [pa, pa + size), or NULL. */
static const struct sk_device *device_at(const struct sk_system *sys, uint64_t pa,
					 uint64_t size)
{
	for (uint32_t i = 0; i < sys->n_devices; i++) {
		const struct sk_device *d = &sys->devices[i];

		if (sk_range_within(pa, size, d->base.pa, d->size))
			return d;
	}
	return NULL;
}

static void check_regions(struct ctx *c, const struct sk_partition_desc *p)
{
	const struct sk_system *sys = c->sys;

	for (uint32_t i = 0; i < p->n_regions; i++) {
		const struct sk_region *r = &p->regions[i];
		bool device = (r->flags & SK_MEM_DEVICE) != 0u;

		expect(c, r->size > 0u && r->ipa.ipa % SK_PAGE_SIZE == 0u &&
			       r->pa.pa % SK_PAGE_SIZE == 0u && r->size % SK_PAGE_SIZE == 0u &&
			       sk_range_ok(r->ipa.ipa, r->size) && sk_range_ok(r->pa.pa, r->size),
		       "region '%s' of '%s' is not a whole number of aligned pages",
		       r->name, p->name);
		expect(c, !overlap(r->pa.pa, r->size, sys->kernel_base.pa, sys->kernel_size),
		       "region '%s' of '%s' (PA 0x%lx) maps the kernel's memory",
		       r->name, p->name, r->pa.pa);
		for (uint32_t j = 0; j < i; j++) {
			const struct sk_region *o = &p->regions[j];

			expect(c, !overlap(r->ipa.ipa, r->size, o->ipa.ipa, o->size),
			       "regions '%s' and '%s' of '%s' overlap in its address space",
			       o->name, r->name, p->name);
		}
		if (device) {
			const struct sk_device *d = device_at(sys, r->pa.pa, r->size);

			expect(c, d != NULL && d->owner == p->id && !(r->flags & SK_MEM_EXEC),
			       "device region '%s' of '%s' (PA 0x%lx) is not a device "
			       "it owns, or is executable", r->name, p->name, r->pa.pa);
		} else {
			for (uint32_t k = 0; k < sys->n_devices; k++) {
				const struct sk_device *d = &sys->devices[k];

				expect(c, !overlap(r->pa.pa, r->size, d->base.pa, d->size),
				       "memory region '%s' of '%s' overlaps device '%s'",
				       r->name, p->name, d->name);
			}
		}
		expect(c, (r->flags & SK_MEM_SHARED) != 0u || r->channel == SK_NONE,
		       "region '%s' of '%s' names a channel but is not shared", r->name,
		       p->name);
		if (r->flags & SK_MEM_SHARED) {
			const struct sk_channel *ch;
			bool writer = false;
			bool reader = false;

			if (!expect(c, r->channel < sys->n_channels,
				    "shared region '%s' of '%s' names no channel", r->name,
				    p->name))
				continue;
			ch = &sys->channels[r->channel];
			for (uint32_t k = 0; k < ch->n_writers; k++)
				writer = writer || ch->writers[k] == p->id;
			for (uint32_t k = 0; k < ch->n_readers; k++)
				reader = reader || ch->readers[k] == p->id;
			expect(c, ch->kind == SK_CHANNEL_SHARED_MEMORY &&
				       r->pa.pa == ch->pa.pa && r->size == ch->size,
			       "shared region '%s' of '%s' is not channel '%s'", r->name,
			       p->name, ch->name);
			expect(c, writer || reader, "'%s' maps channel '%s' but is not "
			       "one of its partitions", p->name, ch->name);
			expect(c, !writer || (r->flags & SK_MEM_WRITE),
			       "'%s' writes channel '%s' but maps it read-only", p->name,
			       ch->name);
			expect(c, !reader || !(r->flags & SK_MEM_WRITE),
			       "'%s' only reads channel '%s' but maps it writable",
			       p->name, ch->name);
		}
	}
}

static void on_leaf(void *arg, const struct sk_s2_leaf *leaf, const char *problem)
{
	struct ctx *c = arg;
	const struct sk_partition_desc *p = c->p;
	const struct sk_region *home = NULL;
	char want[5], got[5];

	if (!expect(c, problem == NULL, "'%s' IPA 0x%lx: %s", p->name, leaf->ipa.ipa,
		    problem))
		return;
	c->leaf_bytes += leaf->size;
	expect(c, !overlap(leaf->pa.pa, leaf->size, c->sys->kernel_base.pa,
			   c->sys->kernel_size),
	       "'%s' maps the kernel's memory at IPA 0x%lx", p->name, leaf->ipa.ipa);
	for (uint32_t i = 0; i < p->n_regions && home == NULL; i++) {
		const struct sk_region *r = &p->regions[i];

		if (sk_range_within(leaf->ipa.ipa, leaf->size, r->ipa.ipa, r->size))
			home = r;
	}
	if (!expect(c, home != NULL, "'%s' maps IPA 0x%lx (to PA 0x%lx), which is in "
		    "none of its regions", p->name, leaf->ipa.ipa, leaf->pa.pa))
		return;
	expect(c, leaf->pa.pa - home->pa.pa == leaf->ipa.ipa - home->ipa.ipa,
	       "'%s' maps IPA 0x%lx to PA 0x%lx, not where region '%s' is",
	       p->name, leaf->ipa.ipa, leaf->pa.pa, home->name);
	expect(c, (leaf->flags & MEM_KIND) == (home->flags & MEM_KIND),
	       "'%s' maps IPA 0x%lx %s, region '%s' declares %s", p->name,
	       leaf->ipa.ipa, perm(leaf->flags, got), home->name,
	       perm(home->flags, want));
}

static void check_stage2(struct ctx *c, const struct sk_partition_desc *p)
{
	uint64_t declared = 0;

	c->p = p;
	c->leaf_bytes = 0;
	arch_s2_leaves(c->sys, p, on_leaf, c);
	for (uint32_t i = 0; i < p->n_regions; i++)
		declared += p->regions[i].size;
	/* Leaves are disjoint and each inside a region, regions disjoint:
	 * equal totals mean every declared byte is mapped exactly once. */
	expect(c, c->leaf_bytes == declared,
	       "'%s' maps 0x%lx bytes, its regions declare 0x%lx", p->name,
	       c->leaf_bytes, declared);
}

static void check_sharing(struct ctx *c)
{
	const struct sk_system *sys = c->sys;

	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		const struct sk_partition_desc *p = &sys->partitions[i];

		for (uint32_t j = 0; j < i; j++) {
			const struct sk_partition_desc *q = &sys->partitions[j];

			for (uint32_t a = 0; a < p->n_regions; a++) {
				const struct sk_region *ra = &p->regions[a];

				for (uint32_t b = 0; b < q->n_regions; b++) {
					const struct sk_region *rb = &q->regions[b];
					bool shared = (ra->flags & rb->flags & SK_MEM_SHARED) &&
						      ra->channel == rb->channel &&
						      ra->pa.pa == rb->pa.pa &&
						      ra->size == rb->size;

					expect(c, shared || !overlap(ra->pa.pa, ra->size,
								     rb->pa.pa, rb->size),
					       "'%s' region '%s' and '%s' region '%s' share "
					       "physical memory without a channel", p->name,
					       ra->name, q->name, rb->name);
				}
			}
		}
	}
}

static void check_ownership(struct ctx *c)
{
	const struct sk_system *sys = c->sys;

	for (uint32_t i = 0; i < sys->n_devices; i++) {
		const struct sk_device *d = &sys->devices[i];

		expect(c, d->owner == SK_NONE || d->owner == SK_OWNER_KERNEL ||
			       d->owner < sys->n_partitions,
		       "device '%s' has an owner that does not exist", d->name);
		for (uint32_t j = 0; j < i; j++)
			expect(c, !overlap(d->base.pa, d->size, sys->devices[j].base.pa,
					   sys->devices[j].size),
			       "devices '%s' and '%s' overlap", sys->devices[j].name,
			       d->name);
	}
	for (uint32_t i = 0; i < sys->n_irq_owners; i++) {
		const struct sk_irq_owner *o = &sys->irq_owners[i];

		expect(c, i == 0u || sys->irq_owners[i - 1u].intid < o->intid,
		       "interrupt %u has more than one owner (or the table is "
		       "out of order)", o->intid);
		expect(c, o->owner == SK_OWNER_KERNEL || o->owner < sys->n_partitions,
		       "interrupt %u has an owner that does not exist", o->intid);
		if (o->owner == SK_OWNER_KERNEL || o->owner >= sys->n_partitions) {
			expect(c, o->slot == SK_NONE,
			       "interrupt %u is the kernel's but has a virtual slot", o->intid);
			continue;
		}
		const struct sk_partition_desc *p = &sys->partitions[o->owner];

		expect(c, o->slot >= SK_VIRQ_FIRST_IRQ &&
			  o->slot - SK_VIRQ_FIRST_IRQ < p->n_irqs &&
			  p->irqs[o->slot - SK_VIRQ_FIRST_IRQ] == o->intid,
		       "interrupt %u would be delivered to the wrong virtual slot of '%s'",
		       o->intid, p->name);
	}
	/* The fast path's table says the same as the ownership table. */
	for (uint32_t intid = 0; intid < sys->n_irq_routes; intid++) {
		const struct sk_irq_route *r = &sys->irq_routes[intid];
		const struct sk_irq_owner *o = NULL;

		for (uint32_t k = 0; k < sys->n_irq_owners; k++)
			if (sys->irq_owners[k].intid == intid &&
			    sys->irq_owners[k].owner < sys->n_partitions)
				o = &sys->irq_owners[k];
		if (o == NULL)
			expect(c, r->slot == 0u, "interrupt %u is routed to a partition "
			       "but no partition owns it", intid);
		else
			expect(c, r->slot == o->slot && r->partition == o->owner,
			       "interrupt %u is routed elsewhere than its owner", intid);
	}
	for (uint32_t k = 0; k < sys->n_irq_owners; k++)
		expect(c, sys->irq_owners[k].owner >= sys->n_partitions ||
			  sys->irq_owners[k].intid < sys->n_irq_routes,
		       "interrupt %u of a partition is not in the routing table",
		       sys->irq_owners[k].intid);
	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		const struct sk_partition_desc *p = &sys->partitions[i];
		uint32_t owned = 0;

		for (uint32_t k = 0; k < sys->n_irq_owners; k++)
			owned += sys->irq_owners[k].owner == i;
		expect(c, owned == p->n_irqs, "'%s' receives %u interrupts, the "
		       "ownership table gives it %u", p->name, p->n_irqs, owned);
		for (uint32_t k = 0; k < p->n_irqs; k++) {
			bool mine = false;

			for (uint32_t m = 0; m < sys->n_irq_owners; m++)
				mine = mine || (sys->irq_owners[m].intid == p->irqs[k] &&
						sys->irq_owners[m].owner == i);
			expect(c, mine, "'%s' receives interrupt %u, which is not its own",
			       p->name, p->irqs[k]);
		}
	}
}

/* Console input goes to a partition with an emulated PL011, on an
 * interrupt the kernel owns. */
static void check_console_input(struct ctx *c)
{
	const struct sk_system *sys = c->sys;
	const struct sk_partition_desc *p;
	bool pl011 = false, kernels = false;

	if (sys->console_input == SK_NONE) {
		expect(c, sys->console_irq == SK_NONE,
		       "a console interrupt is given but nobody receives console input");
		return;
	}
	if (!expect(c, sys->console_input < sys->n_partitions,
		    "console input goes to a partition that does not exist"))
		return;
	p = &sys->partitions[sys->console_input];
	for (uint32_t i = 0; i < p->n_vdevs; i++)
		pl011 = pl011 || p->vdevs[i].kind == SK_VDEV_PL011;
	expect(c, pl011, "console input goes to '%s', which has no emulated PL011", p->name);
	for (uint32_t k = 0; k < sys->n_irq_owners; k++)
		kernels = kernels || (sys->irq_owners[k].intid == sys->console_irq &&
				      sys->irq_owners[k].owner == SK_OWNER_KERNEL);
	expect(c, arch_irq_is_shared(sys->console_irq) && kernels,
	       "the console interrupt %u is not a shared interrupt of the kernel's",
	       sys->console_irq);
}

/* The image store is no partition's memory, and every image is in it. */
static void check_store(struct ctx *c, const struct sk_kmap *k)
{
	const struct sk_system *sys = c->sys;

	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		const struct sk_partition_desc *p = &sys->partitions[i];

		for (uint32_t r = 0; r < p->n_regions; r++)
			expect(c, (p->regions[r].flags & SK_MEM_DEVICE) != 0u ||
					  !overlap(k->base.pa, k->size, p->regions[r].pa.pa,
						   p->regions[r].size),
			       "the image store overlaps region '%s' of '%s'",
			       p->regions[r].name, p->name);
	}
}

/* Every image lies in an image store the kernel maps. */
static void check_images(struct ctx *c)
{
	const struct sk_system *sys = c->sys;

	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		const struct sk_partition_desc *p = &sys->partitions[i];
		uint64_t start = (uint64_t)(uintptr_t)p->image.start;
		uint64_t size = (uint64_t)(p->image.end - p->image.start);
		bool stored = false;

		for (uint32_t k = 0; k < sys->n_kmaps && !stored; k++)
			stored = sys->kmaps[k].kind == SK_KMAP_IMAGES &&
				 sk_range_within(start, size, sys->kmaps[k].base.pa,
						 sys->kmaps[k].size);
		expect(c, stored, "the image of '%s' is not in the image store", p->name);
	}
}

static void check_kernel_maps(struct ctx *c)
{
	const struct sk_system *sys = c->sys;

	for (uint32_t i = 0; i < sys->n_kmaps; i++) {
		const struct sk_kmap *k = &sys->kmaps[i];
		const struct sk_device *d = device_at(sys, k->base.pa, k->size);

		if (k->kind == SK_KMAP_DEVICE)
			expect(c, d != NULL && d->owner == SK_OWNER_KERNEL,
			       "the kernel maps '%s', a device it does not own", k->what);
		else
			expect(c, d == NULL && !overlap(k->base.pa, k->size,
							sys->kernel_base.pa,
							sys->kernel_size),
			       "the kernel maps '%s' as partition memory, which it is not",
			       k->what);
		if (k->kind == SK_KMAP_IMAGES)
			check_store(c, k);
	}
	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		const struct sk_partition_desc *p = &sys->partitions[i];

		for (uint32_t r = 0; r < p->n_regions; r++) {
			const struct sk_region *reg = &p->regions[r];
			bool mapped = false;

			if (reg->flags & SK_MEM_DEVICE)
				continue;
			for (uint32_t k = 0; k < sys->n_kmaps && !mapped; k++)
				mapped = sys->kmaps[k].kind == SK_KMAP_PARTITION &&
					 sk_range_within(reg->pa.pa, reg->size,
							 sys->kmaps[k].base.pa,
							 sys->kmaps[k].size);
			expect(c, mapped, "the kernel cannot reach region '%s' of '%s'",
			       reg->name, p->name);
		}
	}
}

struct sk_verify_result sk_verify(const struct sk_system *sys,
				  sk_verify_report_fn report, void *report_ctx)
{
	struct ctx c = { sys, report, report_ctx, { 0, 0 }, NULL, 0, false };

	check_pools(&c);
	if (!check_counts(&c))
		return c.r;
	check_structure(&c);
	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		check_hm(&c, &sys->partitions[i]);
		check_virqs(&c, &sys->partitions[i]);
	}
	check_channels(&c);
	check_schedule(&c);
	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		check_regions(&c, &sys->partitions[i]);
		check_stage2(&c, &sys->partitions[i]);
	}
	check_sharing(&c);
	check_ownership(&c);
	check_console_input(&c);
	check_kernel_maps(&c);
	check_images(&c);
	return c.r;
}
