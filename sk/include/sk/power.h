/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Power of a partition's own vCPUs and of the partition as a whole, as
 * the partition asks for it: the portable operations behind the
 * architecture's firmware interface for partitions (arch_firmware_call(),
 * sk/include/sk/arch/firmware.h), which decodes the call and says the
 * result in its own convention. A partition acts on itself only: it names
 * its vCPUs by index, and every argument is its own, checked here before
 * use. What stops or restarts the partition is its health monitor's
 * decision (events power_off and reset, sk/hm.c).
 */
#ifndef SK_POWER_H
#define SK_POWER_H

#include <sk/types.h>

struct sk_partition_desc;
struct sk_vcpu;

enum sk_power_status {
	SK_POWER_OK = 0,
	SK_POWER_NO_SUCH_VCPU = 1, /* the index names none of the partition's vCPUs */
	SK_POWER_ALREADY_ON = 2,   /* the vCPU to start is on */
	SK_POWER_BAD_ENTRY = 3,    /* not an aligned address of its executable memory */
	SK_POWER_REFUSED = 4,      /* the health monitor only logs: nothing changed */
};

/*
 * Start vCPU `index` of p, which is off, at IPA `entry` with `context` as
 * its first argument (its reset waits for the CPU it runs on; that CPU is
 * kicked if p's window is current there). The entry must be a multiple of
 * ARCH_ENTRY_ALIGN in p's own executable memory. Returns SK_POWER_OK,
 * _NO_SUCH_VCPU, _ALREADY_ON or _BAD_ENTRY, checked in that order.
 */
uint32_t sk_vcpu_power_on(const struct sk_partition_desc *p, uint64_t index,
			  uint64_t entry, uint64_t context);

/* Whether vCPU `index` of p is on, into *on: SK_POWER_OK, or
 * SK_POWER_NO_SUCH_VCPU (and *on untouched). */
uint32_t sk_vcpu_power_state(const struct sk_partition_desc *p, uint64_t index,
			     bool *on);

/*
 * The calling vCPU v turns itself off. If it was its partition's last one
 * on, that is the partition switching itself off (health-monitor event
 * power_off).
 */
void sk_vcpu_power_off(struct sk_vcpu *v);

/*
 * Partition p asks to be switched off (health-monitor event power_off) or
 * reset (event reset); `why` goes into the log line. SK_POWER_OK if the
 * health monitor acted (p no longer runs as it was), SK_POWER_REFUSED if
 * its action is only to log, and p goes on.
 */
uint32_t sk_partition_system_off(const struct sk_partition_desc *p, const char *why);
uint32_t sk_partition_system_reset(const struct sk_partition_desc *p, const char *why);

#endif /* SK_POWER_H */
