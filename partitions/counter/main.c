/* SPDX-License-Identifier: Apache-2.0 */
/*
 * counter: say hello, then print a count every millisecond, sleeping on the
 * virtual timer in between (or spinning, with parameter wait: spin). The
 * wake-ups are on a grid of whole milliseconds from the start of frame 0;
 * a grid point outside the partition's windows is counted when the next
 * window begins.
 *
 * Each count line carries the time, as the system counter value (the
 * default) or, with parameter report: frame, as the frame number and the
 * offset into it to a tenth of a millisecond; the boot tests read them to
 * check that each partition ran only in its windows.
 *
 * A partition with several vCPUs starts the others with PSCI CPU_ON; each
 * vCPU counts and prints its own lines.
 */
#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>

/* Microseconds between two counts (parameter period_us). */
#ifndef BH_PARAM_PERIOD_US
#define BH_PARAM_PERIOD_US 1000u
#endif

static uint64_t frame0;

/* "vcpu N " before each line of a partition with several vCPUs. */
static void say_count(uint32_t vcpu, uint32_t n, uint64_t now)
{
	char who[8] = "";

	if (BH_VCPUS > 1u) {
		static const char prefix[] = "vcpu ";

		for (uint32_t i = 0; i < sizeof(prefix) - 1u; i++)
			who[i] = prefix[i];
		who[5] = (char)('0' + vcpu % 10u);
		who[6] = ' ';
	}
#if defined(BH_PARAM_REPORT_FRAME)
	uint64_t since = now - frame0;
	uint64_t tenths = since % BH_MAJOR_FRAME_TICKS * 10000u / BH_TIMER_HZ;

	bh_printf("%scount %u in frame %lu at %lu.%lu ms\n", who, n,
		  (unsigned long)(since / BH_MAJOR_FRAME_TICKS),
		  (unsigned long)(tenths / 10u), (unsigned long)(tenths % 10u));
#else
	bh_printf("%scount %u at tick %lu\n", who, n, (unsigned long)now);
#endif
}

static __attribute__((noreturn)) void count(uint32_t vcpu)
{
	const uint64_t period = BH_TIMER_HZ * BH_PARAM_PERIOD_US / 1000000u;

	for (uint32_t n = 0;; n++) {
		uint64_t now = bh_time();
		uint64_t next = frame0 + ((now - frame0) / period + 1u) * period;

		say_count(vcpu, n, now);
#if defined(BH_PARAM_WAIT_SPIN)
		while (bh_time() < next) {
		}
#else
		bh_sleep_until(next);
#endif
	}
}

/* Later vCPUs start here (bh_start_vcpu). */
void bh_secondary_main(uint32_t vcpu)
{
	bh_printf("vcpu %u started\n", vcpu);
	count(vcpu);
}

int main(void)
{
	struct bh_identity id;
	struct bh_status st;
	uint32_t kernel = 0;
	uint32_t abi = 0;

	bh_identity(&id);
	bh_version(&kernel, &abi);
	bh_get_status(&st);
	frame0 = st.frame0;
	bh_printf("hello from partition %u '%s' of system '%s' (kernel %u.%u.%u, ABI %u.%u)\n",
		  id.partition_id, id.name, BH_SYSTEM_NAME, kernel >> 16,
		  (kernel >> 8) & 0xffu, kernel & 0xffu, abi >> 16, abi & 0xffffu);
	bh_printf("my memory: IPA 0x%lx, %lu KiB\n", (unsigned long)BH_LOAD_IPA,
		  (unsigned long)(BH_LOAD_SIZE >> 10));
	for (uint32_t v = 1; v < BH_VCPUS; v++) {
		int64_t r = bh_start_vcpu(v);

		bh_printf("starting vcpu %u: status %ld\n", v, (long)r);
	}
	bh_set_mode(BH_MODE_NORMAL);
	count(0);
}
