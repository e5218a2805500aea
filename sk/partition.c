/* SPDX-License-Identifier: Apache-2.0 */
/* Partition life cycle and access to partition memory on its behalf. */
#include <sk/arch/cpu.h>
#include <sk/arch/mmu.h>
#include <sk/arch/timer.h>
#include <sk/arch/vcpu.h>
#include <sk/audit.h>
#include <sk/check.h>
#include <sk/console.h>
#include <sk/exit.h>
#include <sk/lib.h>
#include <sk/partition.h>
#include <sk/sched.h>

/* Stop every vCPU of p and make the CPUs that run them look again. */
static void vcpus_off(const struct sk_partition_desc *p)
{
	for (uint32_t i = 0; i < p->n_vcpus; i++)
		p->vcpus[i].on = false;
	for (uint32_t i = 0; i < p->n_vcpus; i++)
		sk_kick_for(p, p->vcpu_cpu[i]);
}

void sk_vcpu_reset(struct sk_vcpu *v, sk_ipa_t entry, uint64_t arg)
{
	v->reset_entry = entry;
	v->reset_arg = arg;
	v->resets++;
	__atomic_store_n(&v->reset_pending, true, __ATOMIC_RELEASE);
}

/* vCPU 0 from the image's entry point with the image's argument (a
 * Linux kernel's device tree) as its first, the others off until
 * sk_vcpu_power_on(). */
static void vcpus_reset(const struct sk_partition_desc *p)
{
	for (uint32_t i = 0; i < p->n_vcpus; i++) {
		p->vcpus[i].partition = p;
		p->vcpus[i].index = i;
		sk_vcpu_reset(&p->vcpus[i], p->image.entry, i == 0 ? p->image.arg : 0u);
		p->vcpus[i].on = i == 0;
	}
}

static void set_mode(const struct sk_partition_desc *p, uint32_t mode,
		     uint32_t why)
{
	if (mode == SK_MODE_COLD_START || mode == SK_MODE_WARM_START)
		p->state->starts++;
	p->state->mode = mode;
	p->state->start_condition = why;
	sk_audit(p->id, BH_AUDIT_MODE, (uint16_t)mode, why);
}

/*
 * One step of a cold start: scrub up to `budget` bytes of the current
 * region, or, once every region is clean, copy and clean up to `budget`
 * bytes of the image. Returns true when everything is done. Each step is
 * bounded by `budget` whatever the sizes of the regions and the image.
 */
static bool load_chunk(const struct sk_partition_desc *p, uint64_t budget)
{
	struct sk_partition *st = p->state;

	while (st->load_region < p->n_regions &&
	       (p->regions[st->load_region].flags & (SK_MEM_DEVICE | SK_MEM_SHARED)) != 0u) {
		/* Devices are not memory; shared channels belong to no one
		 * partition and keep their contents. */
		st->load_region++;
		st->load_offset = 0;
	}
	if (st->load_region < p->n_regions) {
		const struct sk_region *r = &p->regions[st->load_region];
		uint64_t n = r->size - st->load_offset;
		sk_pa_t at = sk_pa(r->pa.pa + st->load_offset);

		if (n > budget)
			n = budget;
		arch_zero(at, n);
		st->load_offset += n;
		if (st->load_offset == r->size) {
			st->load_region++;
			st->load_offset = 0;
		}
		return false;
	}

	/* Every region is clean: the image, from load_offset on. */
	const struct sk_region *home = &p->regions[p->image.region];
	uint64_t size = (uint64_t)(p->image.end - p->image.start);
	uint64_t n = size - st->load_offset;
	sk_pa_t to = sk_pa(home->pa.pa + (p->image.load.ipa - home->ipa.ipa) +
			   st->load_offset);

	if (n > budget)
		n = budget;
	memcpy(arch_pa_to_ptr(to), p->image.start + st->load_offset, n);
	arch_cache_clean(to, n);
	st->load_offset += n;
	return st->load_offset == size;
}

static void start_loading(const struct sk_partition_desc *p)
{
	p->state->loading = true;
	p->state->load_region = 0;
	p->state->load_offset = 0;
}

static void finish_loading(const struct sk_partition_desc *p)
{
	vcpus_reset(p);
	p->state->loading = false;
}

void sk_partition_boot(const struct sk_partition_desc *p)
{
	const struct sk_region *home = &p->regions[p->image.region];
	uint64_t size = (uint64_t)(p->image.end - p->image.start);
	uint64_t offset = p->image.load.ipa - home->ipa.ipa;
	/* Every region is scrubbed in chunks, then the image copied in
	 * chunks: the number of steps is bounded by the sizes. */
	uint64_t steps = size / SK_LOAD_CHUNK + 1u;

	SK_CHECK(p->image.region < p->n_regions);
	SK_CHECK(p->image.load.ipa >= home->ipa.ipa && offset < home->size &&
		 size <= home->size - offset);
	for (uint32_t i = 0; i < p->n_regions; i++)
		steps += p->regions[i].size / SK_LOAD_CHUNK + 1u;
	start_loading(p);
	for (uint64_t i = 0; i < steps && !load_chunk(p, SK_LOAD_CHUNK); i++) {
	}
	finish_loading(p);
	/* Nothing runs yet: reset the vCPUs now, so that interrupts and
	 * doorbells for the partition before its first window wait for it. */
	for (uint32_t i = 0; i < p->n_vcpus; i++) {
		struct sk_vcpu *v = &p->vcpus[i];

		arch_vcpu_reset(v, p, v->reset_entry, v->reset_arg);
		v->reset_pending = false;
	}
	set_mode(p, SK_MODE_COLD_START, BH_START_NORMAL);
}

bool sk_partition_load_step(const struct sk_partition_desc *p,
			    const struct sk_sched *window)
{
	struct sk_partition *st = p->state;
	bool done = false;

	if (!sk_spin_trylock(&st->lock))
		return false; /* another CPU of the partition is at it */
	/* Bounded by the window: a chunk starts only if it ends in it (the
	 * work margin covers the longest chunk). */
	while (st->loading && !done &&
	       sk_sched_fits(window, arch_timer_now(), sk_system.margin_ticks)) {
		done = load_chunk(p, SK_LOAD_CHUNK);
		if (done)
			finish_loading(p);
	}
	done = !st->loading;
	sk_spin_unlock(&st->lock);
	return done;
}

void sk_partition_restart(const struct sk_partition_desc *p, bool cold,
			  uint32_t why)
{
	struct sk_partition *st = p->state;

	sk_spin_lock(&st->lock);
	sk_console_partition_stopped(p);
	vcpus_off(p);
	if (cold) {
		start_loading(p);
		set_mode(p, SK_MODE_COLD_START, why);
	} else {
		st->loading = false;
		vcpus_reset(p);
		set_mode(p, SK_MODE_WARM_START, why);
	}
	sk_spin_unlock(&st->lock);
}

void sk_partition_stop(const struct sk_partition_desc *p)
{
	struct sk_partition *st = p->state;

	sk_spin_lock(&st->lock);
	sk_console_partition_stopped(p);
	vcpus_off(p);
	st->loading = false;
	set_mode(p, SK_MODE_IDLE, st->start_condition);
	sk_spin_unlock(&st->lock);
}

/* True if [pa, pa + n) lies inside one of p's normal-memory regions. */
static bool owned_by(const struct sk_partition_desc *p, sk_pa_t pa, uint64_t n)
{
	for (uint32_t i = 0; i < p->n_regions; i++) {
		const struct sk_region *r = &p->regions[i];

		if ((r->flags & SK_MEM_DEVICE) == 0u &&
		    sk_range_within(pa.pa, n, r->pa.pa, r->size))
			return true;
	}
	return false;
}

/* Copy between kernel memory and partition memory; `access` says which way. */
static bool copy(const struct sk_partition_desc *p, unsigned char *kbuf,
		 sk_ipa_t ipa, uint64_t len, uint32_t access)
{
	uint64_t done = 0;

	if (len > SK_COPY_MAX || !sk_range_ok(ipa.ipa, len))
		return false;
	/* Check every byte first, so a refused copy changes nothing. */
	for (uint32_t pass = 0; pass < 2u; pass++) {
		done = 0;
		/* Each step reaches at least the next page boundary. */
		for (uint32_t step = 0;
		     step <= SK_COPY_MAX / SK_PAGE_SIZE + 1u && done < len; step++) {
			sk_pa_t pa;
			uint64_t span;
			uint64_t n;

			if (!arch_s2_translate(p, sk_ipa(ipa.ipa + done), access, &pa,
					       &span))
				return false;
			n = len - done < span ? len - done : span;
			/*
			 * Defence in depth: the stage-2 tables and the region
			 * list come from the same generator run; refuse if they
			 * ever disagree.
			 */
			if (!owned_by(p, pa, n))
				return false;
			if (pass == 1u && access == SK_MEM_READ)
				memcpy(kbuf + done, arch_pa_to_ptr(pa), n);
			else if (pass == 1u)
				memcpy(arch_pa_to_ptr(pa), kbuf + done, n);
			done += n;
		}
		if (done != len)
			return false;
	}
	return true;
}

bool sk_copy_from_partition(const struct sk_partition_desc *p, void *dst,
			    sk_ipa_t ipa, uint64_t len)
{
	return copy(p, dst, ipa, len, SK_MEM_READ);
}

bool sk_copy_to_partition(const struct sk_partition_desc *p, sk_ipa_t ipa,
			  const void *src, uint64_t len)
{
	return copy(p, (unsigned char *)(uintptr_t)src, ipa, len, SK_MEM_WRITE);
}
