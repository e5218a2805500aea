/* SPDX-License-Identifier: Apache-2.0 */
/* Cyclic schedule arithmetic: pure functions of the tables and the time. */
#include <sk/arch/timer.h>
#include <sk/check.h>
#include <sk/sched.h>
#include <sk/search.h>

uint32_t sk_sched_slot_at(const struct sk_cpu_plan *plan, uint64_t offset)
{
	/* The slots tile the frame in order from 0: the last slot starting
	 * at or before `offset` holds it. */
	return sk_last_at_or_below(plan->slots, plan->n_slots, sizeof(plan->slots[0]),
				   offsetof(struct sk_slot, start), offset);
}

void sk_sched_start(struct sk_sched *s, const struct sk_cpu_plan *plan,
		    uint64_t major_frame, uint64_t start)
{
	SK_CHECK(plan->n_slots > 0u && major_frame > 0u);
	s->plan = plan;
	s->major_frame = major_frame;
	s->frame_start = start;
	s->frame = 0;
	s->slot = 0;
	s->missed = 0;
}

bool sk_sched_advance(struct sk_sched *s, uint64_t now)
{
	uint64_t old_frame = s->frame;
	uint32_t old_slot = s->slot;
	uint64_t crossed;

	if (now < sk_sched_deadline(s))
		return false;
	/* On time, the common case: into the next slot, or the first of the
	 * next frame. */
	if (s->slot + 1u < s->plan->n_slots) {
		if (now < s->frame_start + s->plan->slots[s->slot + 1u].end) {
			s->slot++;
			return true;
		}
	} else if (now - s->frame_start - s->major_frame < s->plan->slots[0].end) {
		s->frame_start += s->major_frame;
		s->frame++;
		s->slot = 0;
		return true;
	}
	if (now - s->frame_start >= s->major_frame) {
		uint64_t frames = (now - s->frame_start) / s->major_frame;

		s->frame_start += frames * s->major_frame;
		s->frame += frames;
	}
	s->slot = sk_sched_slot_at(s->plan, now - s->frame_start);

	/* Boundaries passed since the old slot; exactly one when on time. */
	crossed = (s->frame - old_frame) * s->plan->n_slots + s->slot - old_slot;
	if (crossed > 1u)
		s->missed += (uint32_t)(crossed - 1u);
	return true;
}

void sk_sched_replan(struct sk_sched *s, const struct sk_cpu_plan *plan,
		     uint64_t now)
{
	SK_CHECK(plan->n_slots > 0u);
	s->plan = plan;
	s->slot = sk_sched_slot_at(plan, now < s->frame_start ? 0u :
					       (now - s->frame_start) % s->major_frame);
}

/* (from frame << 16) | plan: one word, so it changes atomically. */
static uint64_t plan_request;
static uint64_t plans_start;
static uint64_t plans_frame = 1;

void sk_plans_start(uint32_t initial_plan, uint64_t start, uint64_t major_frame)
{
	plans_start = start;
	plans_frame = major_frame;
	__atomic_store_n(&plan_request, (uint64_t)initial_plan, __ATOMIC_RELEASE);
}

uint64_t sk_frame_start(uint64_t frame)
{
	return plans_start + frame * plans_frame;
}

uint64_t sk_frame_at(uint64_t now)
{
	return now < plans_start ? 0u : (now - plans_start) / plans_frame;
}

void sk_plan_request_at(uint32_t plan, uint64_t now)
{
	uint64_t from = sk_frame_at(now) + 1u;

	__atomic_store_n(&plan_request, from << 16 | (plan & 0xffffu), __ATOMIC_RELEASE);
}

uint32_t sk_plan_in_frame(uint64_t frame, uint32_t current)
{
	uint64_t w = __atomic_load_n(&plan_request, __ATOMIC_ACQUIRE);

	return (w >> 16) <= frame ? (uint32_t)(w & 0xffffu) : current;
}

uint32_t sk_plan_pending(uint64_t frame)
{
	uint64_t w = __atomic_load_n(&plan_request, __ATOMIC_ACQUIRE);

	return (w >> 16) > frame ? (uint32_t)(w & 0xffffu) : SK_NONE;
}

uint64_t sk_sched_next_event(const struct sk_sched *s)
{
	uint64_t w;

	if (!sk_sched_unused(s))
		return sk_sched_deadline(s);
	w = __atomic_load_n(&plan_request, __ATOMIC_ACQUIRE);
	/* The frame count of a sleeping CPU is old; the request's frame is
	 * compared with the time instead. */
	if ((w >> 16) > s->frame && (w >> 16) > sk_frame_at(arch_timer_now()))
		return sk_frame_start(w >> 16);
	return SK_TIME_NEVER;
}
