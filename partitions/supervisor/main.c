/* SPDX-License-Identifier: Apache-2.0 */
/*
 * supervisor: once per major frame, in its window, it reports the plan in
 * effect, requests a plan switch when the frame given by its parameters
 * comes, and prints the audit records logged since it last looked.
 *
 * Parameters:
 *   switch_to      name of the plan to request (none: never switch)
 *   at_frame       frame in which to request it (default 3)
 *   back_at_frame  frame in which to request the initial plan again
 *                  (default: never)
 *
 * Its lines, which the boot tests read:
 *   frame F: plan 'P'[, pending 'Q']
 *   requested plan 'Q' in frame F: status S
 *   audit #N t=T cpuC W: event E (I, 0xD)     (W: partition id or kernel)
 *   audit: L records lost
 */
#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>

#ifndef BH_PARAM_AT_FRAME
#define BH_PARAM_AT_FRAME 3u
#endif
#ifndef BH_PARAM_BACK_AT_FRAME
#define BH_PARAM_BACK_AT_FRAME 0xffffffffu
#endif
#ifndef BH_PARAM_SWITCH_TO
#define BH_PARAM_SWITCH_TO "none"
#endif

static const char *const plan_names[BH_PLANS] = BH_PLAN_NAMES;

static const char *plan_name(uint32_t plan)
{
	return plan < BH_PLANS ? plan_names[plan] : "none";
}

static uint32_t plan_index(const char *name)
{
	for (uint32_t i = 0; i < BH_PLANS; i++)
		if (bh_streq(plan_names[i], name))
			return i;
	return BH_NONE;
}

static void request(uint32_t plan, uint64_t frame)
{
	int64_t r = bh_switch_plan(plan);

	bh_printf("requested plan '%s' in frame %lu: status %ld\n", plan_name(plan),
		  (unsigned long)frame, (long)r);
}

/* Print the audit records logged since *seq; returns how many. */
static uint32_t relay_audit(uint64_t *seq, uint64_t *lost_seen)
{
	struct bh_audit_record rec[8];
	uint32_t total = 0;

	for (uint32_t round = 0; round < 64u; round++) {
		uint64_t lost = 0;
		int64_t n = bh_audit_read(seq, rec, 8u, &lost);

		if (n < 0) {
			bh_printf("audit read: status %ld\n", (long)n);
			return total;
		}
		if (lost != *lost_seen) {
			bh_printf("audit: %lu records lost\n", (unsigned long)lost);
			*lost_seen = lost;
		}
		for (int64_t i = 0; i < n; i++) {
			const struct bh_audit_record *r = &rec[i];

			if (r->partition == 0xffffu)
				bh_printf("audit #%lu t=%lu cpu%u kernel: event %u (%u, 0x%lx)\n",
					  (unsigned long)r->seq, (unsigned long)r->time, r->cpu,
					  r->event, r->info, (unsigned long)r->detail);
			else
				bh_printf("audit #%lu t=%lu cpu%u partition %u: event %u (%u, 0x%lx)\n",
					  (unsigned long)r->seq, (unsigned long)r->time, r->cpu,
					  r->partition, r->event, r->info, (unsigned long)r->detail);
		}
		total += (uint32_t)n;
		if (n < 8)
			break;
	}
	return total;
}

int main(void)
{
	struct bh_status st;
	const uint32_t target = plan_index(BH_PARAM_SWITCH_TO);
	uint64_t seq = 0;
	uint64_t lost = 0;
	uint32_t initial;

	bh_get_status(&st);
	initial = st.plan;
	bh_printf("supervisor of system '%s': %u plans, starting in plan '%s'\n",
		  BH_SYSTEM_NAME, BH_PLANS, plan_name(initial));
	bh_set_mode(BH_MODE_NORMAL);
	for (;;) {
		bh_get_status(&st);
		if (st.pending_plan != BH_NONE)
			bh_printf("frame %lu: plan '%s', pending '%s'\n", (unsigned long)st.frame,
				  plan_name(st.plan), plan_name(st.pending_plan));
		else
			bh_printf("frame %lu: plan '%s'\n", (unsigned long)st.frame,
				  plan_name(st.plan));
		if (target != BH_NONE && st.frame == BH_PARAM_AT_FRAME)
			request(target, st.frame);
		if (st.frame == BH_PARAM_BACK_AT_FRAME)
			request(initial, st.frame);
		if (BH_PRIV_READ_AUDIT)
			relay_audit(&seq, &lost);
		/* Sleep to the start of the next frame: we wake in our next window. */
		bh_sleep_until(st.frame0 + (st.frame + 1u) * BH_MAJOR_FRAME_TICKS);
	}
}
