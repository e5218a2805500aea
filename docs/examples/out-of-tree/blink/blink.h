/* SPDX-License-Identifier: Apache-2.0 */
/* How many times blink says so before it stops (parameter times). */
#ifndef BLINK_H
#define BLINK_H

#include <bulkhead_partition.h>

#ifndef BH_PARAM_TIMES
#define BH_PARAM_TIMES 3u
#endif

#endif
