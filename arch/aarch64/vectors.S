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
 * Interrupts first take a shorter way: only x0-x7 and x30 are saved (on
 * the CPU's stack, popped before the ERET), the registers aarch64_irq_fast() may use
 * (arch/aarch64/irq_fast.c is built with x8-x18 reserved), and it handles what needs no decision of the kernel (a
 * device interrupt made pending for its owner, the running vCPU's virtual
 * timer) and returns to the same vCPU; ELR_EL2 and SPSR_EL2 are still
 * those of the interrupted vCPU, since nothing at EL2 takes an exception.
 * For anything else (the kernel's timer, a kick from another CPU) the
 * rest of the registers are saved and the full exit follows.
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
	ventry	lower_irq	/* FIQ: no group 0 interrupt is ever enabled */
	ventry	lower_serror
	/* Lower EL, AArch32: never, EL1 is AArch64 (HCR_EL2.RW); AArch32 EL0
	 * comes through the entries above, as its EL1 is AArch64. */
	ventry	lower_aarch32
	ventry	lower_irq
	ventry	lower_irq
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
	/*
	 * Hypercalls the kernel answers without a decision (port calls, the
	 * version) first: x0-x7 and x30 on this CPU's stack, then
	 * aarch64_hvc_fast() (hvc_fast.c), which answers in the saved x0-x7
	 * and returns 1 (SK_FAST_DONE, a 32-bit result: w0), or returns 0
	 * for everything else.
	 */
	stp	x0, x1, [sp, #-80]!
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	str	x30, [sp, #64]
	mov	x0, sp
	bl	aarch64_hvc_fast
	cmp	w0, #0
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldr	x30, [sp, #64]
	ldp	x0, x1, [sp], #80
	b.eq	1f
	eret
	dsb	nsh
	isb
	/* Everything else: the full exit, registers as the partition left
	 * them (the flags set above are not the partition's: its PSTATE is
	 * in SPSR_EL2). */
1:	save_lower_regs
	bl	aarch64_lower_sync
	b	aarch64_restore_lower

lower_irq:
	/* x0-x7 and x30, all aarch64_irq_fast() may use (irq_fast.c), on
	 * this CPU's stack. */
	stp	x0, x1, [sp, #-80]!
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	str	x30, [sp, #64]
	bl	aarch64_irq_fast
	cbnz	x0, 1f
	/* Handled: back to the same vCPU. */
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldr	x30, [sp, #64]
	ldp	x0, x1, [sp], #80
	eret
	dsb	nsh
	isb
	/* The kernel must decide: x0 = INTID + 1. Move x0-x7 and x30 into
	 * the vCPU's registers and save the rest, x8-x29 (untouched so far)
	 * and ELR/SPSR, for the full exit. */
1:	mrs	x1, tpidr_el2
	ldr	x1, [x1, #ARCH_CPU_REGS]
	stp	x8, x9, [x1, #64]
	ldp	x8, x9, [sp]
	stp	x8, x9, [x1, #ARCH_REGS_X0]
	ldp	x8, x9, [sp, #16]
	stp	x8, x9, [x1, #16]
	ldp	x8, x9, [sp, #32]
	stp	x8, x9, [x1, #32]
	ldp	x8, x9, [sp, #48]
	stp	x8, x9, [x1, #48]
	ldr	x8, [sp, #64]
	str	x8, [x1, #240]
	add	sp, sp, #80
	stp	x10, x11, [x1, #80]
	stp	x12, x13, [x1, #96]
	stp	x14, x15, [x1, #112]
	stp	x16, x17, [x1, #128]
	stp	x18, x19, [x1, #144]
	stp	x20, x21, [x1, #160]
	stp	x22, x23, [x1, #176]
	stp	x24, x25, [x1, #192]
	stp	x26, x27, [x1, #208]
	stp	x28, x29, [x1, #224]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	str	x2, [x1, #ARCH_REGS_ELR]
	str	x3, [x1, #ARCH_REGS_SPSR]
	sub	w1, w0, #1
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #ARCH_CPU_REGS]
	bl	aarch64_lower_irq
	b	aarch64_restore_lower

lower_serror:
	save_lower_regs
	bl	aarch64_lower_serror
	b	aarch64_restore_lower

lower_aarch32:
	save_lower_regs
	bl	aarch64_lower_aarch32
	b	aarch64_restore_lower

/*
 * x0: struct arch_regs * of the vCPU to resume. If a window start time was
 * asked for (struct arch_cpu.gate, arch_window_gate()), wait for it first,
 * here, where every full exit passes last (x19 is the vCPU's, restored
 * below).
 */
	.global aarch64_restore_lower
aarch64_restore_lower:
	mrs	x1, tpidr_el2
	ldr	x1, [x1, #ARCH_CPU_GATE]
	cbnz	x1, 2f
1:	ldp	x1, x2, [x0, #ARCH_REGS_ELR]
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
2:	mov	x19, x0
	bl	aarch64_window_gate_wait
	mov	x0, x19
	b	1b

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
