/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cyclic schedule of one CPU: a major frame of slots repeated forever.
 *
 * Deadlines are absolute: the n-th frame starts at start + n * major_frame,
 * computed from the one start time, never by adding durations, so the
 * schedule does not drift however late an interrupt is taken.
 */
#ifndef SK_SCHED_H
#define SK_SCHED_H

#include <sk/config.h>
#include <sk/types.h>

struct sk_sched {
	const struct sk_cpu_plan *plan;
	uint64_t major_frame; /* ticks */
	uint64_t frame_start; /* absolute tick at which the current frame began */
	uint64_t frame;       /* number of the current frame, from 0 */
	uint32_t slot;        /* index of the current slot in plan->slots */
	uint32_t missed;      /* slot boundaries passed without being seen */
};

/* Index of the slot of `plan` that contains `offset` ticks into the frame.
 * `offset` must be below the major frame. */
uint32_t sk_sched_slot_at(const struct sk_cpu_plan *plan, uint64_t offset);

/* Begin the schedule with frame 0 starting at absolute tick `start`. */
void sk_sched_start(struct sk_sched *s, const struct sk_cpu_plan *plan,
		    uint64_t major_frame, uint64_t start);

/* Absolute tick at which the current slot began. */
static inline uint64_t sk_sched_window_start(const struct sk_sched *s)
{
	return s->frame_start + s->plan->slots[s->slot].start;
}

/* Absolute tick at which the current slot ends. */
static inline uint64_t sk_sched_deadline(const struct sk_sched *s)
{
	return s->frame_start + s->plan->slots[s->slot].end;
}

/*
 * May the kernel start, at absolute tick `now`, work for the current
 * slot's partition that takes up to `work` ticks? Only if it ends by the
 * slot's deadline: work done for one partition never runs into the next
 * window. The one admission decision for calls, faults and cold-start
 * chunks (sk/exit.c, sk/partition.c), with `work` = sk_system.margin_ticks.
 */
static inline bool sk_sched_fits(const struct sk_sched *s, uint64_t now,
				 uint64_t work)
{
	uint64_t deadline = sk_sched_deadline(s);

	return now < deadline && deadline - now >= work;
}

/* A time that never comes: the deadline of a CPU with nothing to switch. */
#define SK_TIME_NEVER UINT64_MAX

/* True if the plan gives this CPU no window at all: one idle slot. */
static inline bool sk_sched_unused(const struct sk_sched *s)
{
	return s->plan->n_slots == 1u && s->plan->slots[0].partition == SK_SLOT_IDLE;
}

/* The slot currently in effect. */
static inline const struct sk_slot *sk_sched_current(const struct sk_sched *s)
{
	return &s->plan->slots[s->slot];
}

/*
 * Move to the slot that contains absolute tick `now`. Returns true if the
 * slot changed. If more than one boundary passed, the slots in between
 * are skipped (counted in `missed`) and the frame stays aligned.
 */
bool sk_sched_advance(struct sk_sched *s, uint64_t now);

/*
 * Change to plan table `plan` in the current frame, at the slot containing
 * absolute tick `now`. Called at a frame boundary; the frame stays aligned.
 */
void sk_sched_replan(struct sk_sched *s, const struct sk_cpu_plan *plan,
		     uint64_t now);

/*
 * Plan switching. One request is outstanding at a time: "plan P from
 * frame F". Every CPU, entering a frame, asks which plan applies; since
 * frames are numbered from the one shared start time, all CPUs switch at
 * the same boundary, however late one of them takes its timer interrupt.
 */

/* Start of frame 0 (absolute tick) and the major frame, for all CPUs. */
void sk_plans_start(uint32_t initial_plan, uint64_t start, uint64_t major_frame);

/* Absolute tick at which frame `frame` begins. */
uint64_t sk_frame_start(uint64_t frame);

/* Number of the frame containing absolute tick `now`. */
uint64_t sk_frame_at(uint64_t now);

/* Ask for plan `plan` from the frame after the one containing `now`
 * (sk_plan_request() in sk/exit.h also wakes the CPUs that must see it). */
void sk_plan_request_at(uint32_t plan, uint64_t now);

/* The plan in effect in frame `frame`, given that `current` was in effect
 * before it. */
uint32_t sk_plan_in_frame(uint64_t frame, uint32_t current);

/* The requested plan if it is not yet in effect in `frame`, else SK_NONE. */
uint32_t sk_plan_pending(uint64_t frame);

/*
 * When a CPU's timer must fire next: at the end of its current slot; on a
 * CPU the plan leaves unused, only at the start of the frame a requested
 * plan switch takes effect, else never.
 */
uint64_t sk_sched_next_event(const struct sk_sched *s);

#endif /* SK_SCHED_H */
