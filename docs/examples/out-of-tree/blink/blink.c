/* SPDX-License-Identifier: Apache-2.0 */
/*
 * blink: an integrator's payload, outside Bulkhead's repository. It says
 * "blink N of M" once a millisecond of its own time, M times, then
 * returns (the partition yields its windows for good).
 */
#include <bulkhead/runtime.h>

#include "blink.h"

int main(void)
{
	uint64_t next = bh_time();

	for (uint32_t n = 1; n <= BH_PARAM_TIMES; n++) {
		bh_printf("blink %u of %u\n", n, BH_PARAM_TIMES);
		next += BH_TIMER_HZ / 1000u;
		bh_sleep_until(next);
	}
	bh_printf("blink done\n");
	return 0;
}
