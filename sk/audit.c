/* SPDX-License-Identifier: Apache-2.0 */
/* The audit log (see sk/audit.h). */
#include <sk/arch/cpu.h>
#include <sk/arch/timer.h>
#include <sk/audit.h>
#include <sk/config.h>
#include <sk/console.h>
#include <sk/cpu.h>
#include <sk/spinlock.h>

static struct sk_spinlock lock = SK_SPINLOCK_INIT;
static uint64_t next_seq; /* sequence number of the next record */

static const char *event_name(uint16_t event)
{
	switch (event) {
	case BH_AUDIT_BOOT:
		return "boot";
	case BH_AUDIT_SELF_TEST:
		return "self-test passed";
	case BH_AUDIT_HM_EVENT:
		return "health-monitor event";
	case BH_AUDIT_HM_ACTION:
		return "health-monitor action";
	case BH_AUDIT_DENIED:
		return "request denied";
	case BH_AUDIT_PLAN_SWITCH:
		return "plan switch";
	case BH_AUDIT_MODE:
		return "mode";
	case BH_AUDIT_HALT:
		return "halt";
	case BH_AUDIT_LATE_START:
		return "late window start";
	default:
		return "?";
	}
}

void sk_audit(uint32_t partition, uint16_t event, uint16_t info, uint64_t detail)
{
	const struct sk_system *sys = &sk_system;
	struct sk_cpu *cpu = arch_this_cpu();
	struct bh_audit_record r;
	const struct sk_partition_desc *p = NULL;
	const char *who = "kernel";

	r.time = arch_timer_now();
	r.cpu = (uint16_t)(cpu != NULL ? cpu->desc->id : 0u);
	r.partition = (uint16_t)(partition < sys->n_partitions ? partition : SK_AUDIT_KERNEL);
	r.event = event;
	r.info = info;
	r.detail = detail;
	sk_spin_lock(&lock);
	r.seq = next_seq++;
	sys->audit_ring[r.seq % sys->audit_records] = r;
	sk_spin_unlock(&lock);
	if (r.partition != SK_AUDIT_KERNEL) {
		p = &sys->partitions[r.partition];
		who = p->name;
	}
	/* A record about a partition is printed on its console budget; the
	 * ring keeps it whatever the console drops. */
	sk_log_for(p, "audit #%lu t=%lu cpu%u %s: %s (%u, 0x%lx)", r.seq, r.time, r.cpu,
	       who, event_name(event), info, detail);
}

uint64_t sk_audit_count(void)
{
	return __atomic_load_n(&next_seq, __ATOMIC_RELAXED);
}

uint32_t sk_audit_read(uint64_t first, struct bh_audit_record *out, uint32_t max,
		       uint64_t *next, uint64_t *lost)
{
	const struct sk_system *sys = &sk_system;
	uint64_t oldest;
	uint64_t seq;
	uint32_t n = 0;

	sk_spin_lock(&lock);
	oldest = next_seq > sys->audit_records ? next_seq - sys->audit_records : 0u;
	seq = first > oldest ? first : oldest;
	/* Bounded by `max` and by the ring's size. */
	for (; n < max && seq < next_seq; n++, seq++)
		out[n] = sys->audit_ring[seq % sys->audit_records];
	*next = seq;
	*lost = oldest;
	sk_spin_unlock(&lock);
	return n;
}
