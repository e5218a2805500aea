/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Power of a partition's own vCPUs and of the partition as a whole: see
 * sk/include/sk/power.h. Called by the architecture's firmware interface
 * for partitions, on the calling vCPU's CPU, in its partition's window.
 */
#include <sk/arch/mmu.h>
#include <sk/exit.h>
#include <sk/hm.h>
#include <sk/partition.h>
#include <sk/power.h>

/* A vCPU may only start at an aligned address of its partition's own
 * executable memory. */
static bool entry_ok(const struct sk_partition_desc *p, uint64_t entry)
{
	sk_pa_t pa;
	uint64_t span;

	return entry % ARCH_ENTRY_ALIGN == 0u &&
	       arch_s2_translate(p, sk_ipa(entry), SK_MEM_READ | SK_MEM_EXEC, &pa, &span);
}

uint32_t sk_vcpu_power_on(const struct sk_partition_desc *p, uint64_t index,
			  uint64_t entry, uint64_t context)
{
	struct sk_vcpu *t;

	if (index >= p->n_vcpus)
		return SK_POWER_NO_SUCH_VCPU;
	t = &p->vcpus[index];
	if (t->on)
		return SK_POWER_ALREADY_ON;
	if (!entry_ok(p, entry))
		return SK_POWER_BAD_ENTRY;
	sk_vcpu_reset(t, sk_ipa(entry), context);
	t->on = true;
	sk_kick_for(p, p->vcpu_cpu[t->index]);
	return SK_POWER_OK;
}

uint32_t sk_vcpu_power_state(const struct sk_partition_desc *p, uint64_t index,
			     bool *on)
{
	if (index >= p->n_vcpus)
		return SK_POWER_NO_SUCH_VCPU;
	*on = p->vcpus[index].on;
	return SK_POWER_OK;
}

void sk_vcpu_power_off(struct sk_vcpu *v)
{
	const struct sk_partition_desc *p = v->partition;
	bool any = false;

	v->on = false;
	for (uint32_t i = 0; i < p->n_vcpus; i++)
		any = any || p->vcpus[i].on;
	if (!any)
		sk_hm_raise(p, SK_HM_POWER_OFF, 0, "its last vCPU turned off");
}

uint32_t sk_partition_system_off(const struct sk_partition_desc *p, const char *why)
{
	return sk_hm_raise(p, SK_HM_POWER_OFF, 0, why) == SK_HM_LOG ? SK_POWER_REFUSED :
								       SK_POWER_OK;
}

uint32_t sk_partition_system_reset(const struct sk_partition_desc *p, const char *why)
{
	return sk_hm_raise(p, SK_HM_RESET, 0, why) == SK_HM_LOG ? SK_POWER_REFUSED :
								   SK_POWER_OK;
}
