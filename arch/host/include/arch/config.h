/* SPDX-License-Identifier: Apache-2.0 */
/* Host stand-in for the architecture's part of the generated tables. */
#ifndef ARCH_CONFIG_H
#define ARCH_CONFIG_H

#include <sk/types.h>

struct arch_system_desc {
	uint32_t unused;
};

struct arch_cpu_desc {
	uint64_t mpidr;
};

#endif /* ARCH_CONFIG_H */
