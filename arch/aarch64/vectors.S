/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL2 exception vectors.
 *
 * From a partition (lower EL, AArch64): save all general registers and
 * ELR/SPSR into the running vCPU's struct arch_regs (found through the
 * per-CPU pointer in TPIDR_EL2), call the C handler, which returns the
 * struct arch_regs of the vCPU to resume (the same or another), restore it
 * and ERET. Nothing of the kernel stays on the stack between exits.
 *
 * From the kernel itself: a kernel bug; report and halt.
 */
#include <arch/asm.h>

.macro ventry label
	.balign 0x80
	b	\label
.endm

	.section .text.vectors, "ax"
	.balign 0x800
	.global aarch64_vectors
aarch64_vectors:
	/* Current EL with SP_EL0: never used by the kernel. */
	ventry	kernel_exception
	ventry	kernel_exception
	ventry	kernel_exception
	ventry	kernel_exception
	/* Current EL with SP_EL2: the kernel faulted. */
	ventry	kernel_exception
	ventry	kernel_exception
	ventry	kernel_exception
	ventry	kernel_exception
	/* Lower EL, AArch64: partitions. */
	ventry	lower_sync
	ventry	lower_irq
	ventry	lower_fiq
	ventry	lower_serror
	/* Lower EL, AArch32: partitions run AArch64 only (HCR_EL2.RW). */
	ventry	lower_aarch32
	ventry	lower_irq
	ventry	lower_fiq
	ventry	lower_serror

.macro save_lower_regs
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #ARCH_CPU_REGS]
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	stp	x18, x19, [x0, #144]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #ARCH_REGS_X0]
	mrs	x1, elr_el2
	mrs	x2, spsr_el2
	stp	x30, x1, [x0, #240]
	str	x2, [x0, #ARCH_REGS_SPSR]
.endm

lower_sync:
	save_lower_regs
	bl	aarch64_lower_sync
	b	aarch64_restore_lower

lower_irq:
	save_lower_regs
	bl	aarch64_lower_irq
	b	aarch64_restore_lower

lower_fiq:
	save_lower_regs
	bl	aarch64_lower_fiq
	b	aarch64_restore_lower

lower_serror:
	save_lower_regs
	bl	aarch64_lower_serror
	b	aarch64_restore_lower

lower_aarch32:
	save_lower_regs
	bl	aarch64_lower_aarch32
	b	aarch64_restore_lower

/* x0: struct arch_regs * of the vCPU to resume. */
	.global aarch64_restore_lower
aarch64_restore_lower:
	ldp	x1, x2, [x0, #ARCH_REGS_ELR]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #ARCH_REGS_X0]
	eret
	/* No speculation past the ERET. */
	dsb	nsh
	isb

/*
 * First entry into a partition on this CPU.
 * x0: struct arch_regs * to resume, x1: top of this CPU's kernel stack.
 */
	.global aarch64_enter_lower
aarch64_enter_lower:
	mov	sp, x1
	b	aarch64_restore_lower

kernel_exception:
	mrs	x0, esr_el2
	mrs	x1, elr_el2
	mrs	x2, far_el2
	bl	aarch64_kernel_exception
1:	wfe
	b	1b
