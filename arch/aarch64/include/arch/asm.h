/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Constants shared between the AArch64 assembly and C. Every offset here is
 * checked against the C structure with static_assert in arch/types.h, so
 * the two cannot drift apart.
 */
#ifndef ARCH_ASM_H
#define ARCH_ASM_H

/* struct arch_regs */
#define ARCH_REGS_X0 0
#define ARCH_REGS_ELR 248
#define ARCH_REGS_SPSR 256
#define ARCH_REGS_SIZE 272

/* Kernel stack of each CPU, bytes (a multiple of 16). */
#define ARCH_STACK_SIZE 16384

/* Offsets in struct sk_cpu: the registers pointer, struct arch_cpu.gate. */
#define ARCH_CPU_REGS 0
#define ARCH_CPU_GATE 8

#endif /* ARCH_ASM_H */
