/* SPDX-License-Identifier: Apache-2.0 */
/* Health monitor: partition faults become logged events and actions. */
#include <sk/config.h>
#include <sk/console.h>
#include <sk/hm.h>
#include <sk/partition.h>

static const char *event_name(uint32_t kind)
{
	switch (kind) {
	case SK_FAULT_MEMORY:
		return "memory violation";
	case SK_FAULT_INSTRUCTION:
		return "trapped instruction";
	default:
		return "illegal exception";
	}
}

static const char *access_name(uint32_t access)
{
	if (access == SK_MEM_WRITE)
		return "write to";
	if (access == SK_MEM_EXEC)
		return "execute at";
	return "read of";
}

void sk_hm_partition_fault(struct sk_vcpu *v, const struct sk_fault *f)
{
	const struct sk_partition_desc *p = v->partition;

	p->state->faults++;
	/* The partition's half-written line belongs before the verdict. */
	sk_console_partition_flush(p);
	if (f->kind == SK_FAULT_MEMORY && f->addr_valid) {
		sk_log("hm: partition '%s' %s: %s IPA 0x%lx (%s), pc 0x%lx, "
		       "syndrome 0x%lx",
		       p->name, event_name(f->kind),
		       access_name(f->access), f->addr, f->what,
		       f->pc, f->syndrome);
	} else {
		sk_log("hm: partition '%s' %s: %s, pc 0x%lx, syndrome 0x%lx",
		       p->name, event_name(f->kind), f->what, f->pc,
		       f->syndrome);
	}
	sk_partition_stop(p);
	sk_log("hm: partition '%s' stopped", p->name);
}
