/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The firmware a partition calls by HVC #0, besides Bulkhead's own calls:
 * PSCI 1.0 (DEN0022) for its own vCPUs and for itself as a system, and the
 * SMCCC general queries (DEN0028) of Bulkhead's vendor hypervisor service
 * (call count, UID, revision). arch_firmware_call() (sk/arch/firmware.h)
 * decodes the function identifier and the registers, checks them (they
 * are the partition's), and calls the portable operations of sk/power.h;
 * it says their answer as PSCI does.
 *
 * Plain C over sk/ headers only, so the host build of the portable kernel
 * uses this file as its firmware interface too (tests/unit): the unit
 * tests of PSCI run the decoder the target runs.
 */
#include <bulkhead/hvc.h>
#include <sk/arch/firmware.h>
#include <sk/partition.h>
#include <sk/power.h>

/*
 * A vCPU's MPIDR (VMPIDR_EL2, arch/aarch64/vcpu.c) is affinity 0.0.0.i
 * for vCPU i: a PSCI target names vCPU Aff0 if Aff1, Aff2 and Aff3 are 0.
 */
#define MPIDR_AFF0 0xffull
#define MPIDR_AFF_ABOVE0 0xff00ffff00ull
#define NO_VCPU UINT64_MAX

/* PSCI 1.0, as PSCI_VERSION answers it (major << 16 | minor). */
#define PSCI_VERSION_1_0 0x10000
/* MIGRATE_INFO_TYPE: no trusted OS that would need migrating. */
#define PSCI_NO_TRUSTED_OS 2
/* AFFINITY_INFO: the target is on, or off. */
#define PSCI_AFFINITY_ON 0
#define PSCI_AFFINITY_OFF 1

/* The vCPU index a PSCI target MPIDR names, or NO_VCPU if the value is no
 * vCPU's MPIDR (the index itself is checked by sk/power.c). */
static uint64_t vcpu_of(uint64_t mpidr)
{
	if ((mpidr & MPIDR_AFF_ABOVE0) != 0u)
		return NO_VCPU;
	return mpidr & MPIDR_AFF0;
}

static bool psci_supported(uint32_t fn)
{
	switch (fn) {
	case BH_PSCI_VERSION:
	case BH_PSCI_CPU_OFF:
	case BH_PSCI_CPU_ON:
	case BH_PSCI_AFFINITY_INFO:
	case BH_PSCI_MIGRATE_INFO_TYPE:
	case BH_PSCI_SYSTEM_OFF:
	case BH_PSCI_SYSTEM_RESET:
	case BH_PSCI_FEATURES:
		return true;
	default:
		return false;
	}
}

static int64_t cpu_on(const struct sk_partition_desc *p, const struct sk_call *call)
{
	switch (sk_vcpu_power_on(p, vcpu_of(call->arg[0]), call->arg[1], call->arg[2])) {
	case SK_POWER_OK:
		return BH_PSCI_SUCCESS;
	case SK_POWER_ALREADY_ON:
		return BH_PSCI_ALREADY_ON;
	case SK_POWER_BAD_ENTRY:
		return BH_PSCI_INVALID_ADDRESS;
	default:
		return BH_PSCI_INVALID_PARAMETERS;
	}
}

static int64_t affinity_info(const struct sk_partition_desc *p, const struct sk_call *call)
{
	bool on = false;

	/* arg[1]: the lowest affinity level asked about; only 0 (one vCPU). */
	if (call->arg[1] != 0u ||
	    sk_vcpu_power_state(p, vcpu_of(call->arg[0]), &on) != SK_POWER_OK)
		return BH_PSCI_INVALID_PARAMETERS;
	return on ? PSCI_AFFINITY_ON : PSCI_AFFINITY_OFF;
}

/* The answer of PSCI or SMCCC call `call` of v into call->ret; false if
 * call->fn is neither. */
bool arch_firmware_call(struct sk_vcpu *v, struct sk_call *call)
{
	const struct sk_partition_desc *p = v->partition;
	int64_t status;

	switch (call->fn) {
	case BH_PSCI_VERSION:
		status = PSCI_VERSION_1_0;
		break;
	case BH_PSCI_FEATURES:
		status = psci_supported((uint32_t)call->arg[0]) ? BH_PSCI_SUCCESS :
								  BH_PSCI_NOT_SUPPORTED;
		break;
	case BH_PSCI_MIGRATE_INFO_TYPE:
		status = PSCI_NO_TRUSTED_OS;
		break;
	case BH_PSCI_AFFINITY_INFO:
		status = affinity_info(p, call);
		break;
	case BH_PSCI_CPU_ON:
		status = cpu_on(p, call);
		break;
	case BH_PSCI_CPU_OFF:
		sk_vcpu_power_off(v);
		status = BH_PSCI_DENIED; /* only seen if something went wrong */
		break;
	case BH_PSCI_SYSTEM_OFF:
		status = sk_partition_system_off(p, "PSCI SYSTEM_OFF") == SK_POWER_OK ?
				 BH_PSCI_SUCCESS : BH_PSCI_DENIED;
		break;
	case BH_PSCI_SYSTEM_RESET:
		status = sk_partition_system_reset(p, "PSCI SYSTEM_RESET") == SK_POWER_OK ?
				 BH_PSCI_SUCCESS : BH_PSCI_DENIED;
		break;
	case BH_HVC_CALL_COUNT:
		/* SMCCC: the count itself is the result in w0. */
		status = BH_HVC_COUNT;
		break;
	case BH_HVC_CALL_UID:
		call->ret[1] = BH_UID_W1;
		call->ret[2] = BH_UID_W2;
		call->ret[3] = BH_UID_W3;
		status = BH_UID_W0;
		break;
	case BH_HVC_REVISION:
		call->ret[1] = BH_ABI_MINOR;
		status = BH_ABI_MAJOR;
		break;
	default:
		return false;
	}
	call->ret[0] = (uint64_t)status;
	return true;
}
