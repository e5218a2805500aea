/* SPDX-License-Identifier: Apache-2.0 */
/*
 * counter: say hello, then print a count with the current time (in timer
 * ticks) every millisecond, sleeping on its virtual timer in between (or
 * spinning, with parameter wait: spin). A millisecond that ends outside
 * the partition's windows is counted when the next window begins. The boot
 * tests read these timestamps to check that each partition ran only in its
 * windows.
 */
#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>

/* Microseconds of running time between two lines (parameter period_us). */
#ifndef BH_PARAM_PERIOD_US
#define BH_PARAM_PERIOD_US 1000u
#endif

int main(void)
{
	const uint64_t period = BH_TIMER_HZ * BH_PARAM_PERIOD_US / 1000000u;
	struct bh_identity id;
	uint32_t kernel = 0;
	uint32_t abi = 0;

	bh_identity(&id);
	bh_version(&kernel, &abi);
	bh_printf("hello from partition %u '%s' of system '%s' (kernel %u.%u.%u, ABI %u.%u)\n",
		  id.partition_id, id.name, BH_SYSTEM_NAME, kernel >> 16,
		  (kernel >> 8) & 0xffu, kernel & 0xffu, abi >> 16, abi & 0xffffu);
	bh_printf("my memory: IPA 0x%lx, %lu KiB\n", (unsigned long)BH_LOAD_IPA,
		  (unsigned long)(BH_LOAD_SIZE >> 10));

	for (uint32_t n = 0;; n++) {
		uint64_t start = bh_time();

		bh_printf("count %u at tick %lu\n", n, (unsigned long)start);
#if defined(BH_PARAM_WAIT_SPIN)
		while (bh_time() - start < period) {
		}
#else
		bh_sleep_until(start + period);
#endif
	}
}
