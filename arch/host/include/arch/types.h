/* SPDX-License-Identifier: Apache-2.0 */
/* Host stand-in for the architecture's types, for unit tests of sk/. */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdint.h>

/* A vCPU's entry point is a multiple of this (sk/power.c). */
#define ARCH_ENTRY_ALIGN 4u

struct arch_regs {
	uint64_t x[31];
	uint64_t pc;
};

struct arch_vcpu {
	struct arch_regs regs;
	uint64_t resets; /* how many times arch_vcpu_reset() ran */
};

/* What a CPU has on the host beyond sk_cpu: the gate asked for last. */
struct arch_cpu {
	uint64_t gate;
};

/* What a partition has on the host beyond its vCPUs: nothing. */
struct arch_partition {
	uint32_t unused;
};

/* VMID width, as on the AArch64 target (sk/verify.c checks every
 * partition's fits). */
#define ARCH_VMID_BITS 8u

#endif /* ARCH_TYPES_H */
