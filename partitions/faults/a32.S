/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AArch32 at EL0 for the 'faults' payload: a32_run() drops from EL1
 * (AArch64) to Thumb code at EL0 and comes back when that code takes an
 * exception to EL1 (it ends with SVC #0). The Thumb code is written as
 * half-words: the AArch64 assembler has no Thumb.
 */
	.text
/*
 * uint64_t a32_run(const uint16_t *entry, uint64_t regs[8]): run the
 * Thumb code at `entry` at EL0 with r0-r7 = regs[0..7], interrupts
 * masked, until it takes an exception to EL1; then regs[0..7] = r0-r7 and
 * the result is ESR_EL1 of that exception.
 */
	.global a32_run
a32_run:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	ldr	x2, =a32_saved
	mov	x3, sp
	mrs	x4, vbar_el1
	stp	x3, x1, [x2]
	str	x4, [x2, #16]
	ldr	x3, =a32_vectors
	msr	vbar_el1, x3
	msr	elr_el1, x0
	/* SPSR: AArch32 (M[4]), User mode, Thumb (T), A, I, F masked. */
	mov	x3, #0x1f0
	msr	spsr_el1, x3
	isb
	mov	x16, x1
	ldp	x0, x1, [x16]
	ldp	x2, x3, [x16, #16]
	ldp	x4, x5, [x16, #32]
	ldp	x6, x7, [x16, #48]
	eret

/* Back at EL1 from the Thumb code: its r0-r7 (x0-x7) into regs. */
a32_back:
	ldr	x16, =a32_saved
	ldr	x17, [x16, #8]
	stp	x0, x1, [x17]
	stp	x2, x3, [x17, #16]
	stp	x4, x5, [x17, #32]
	stp	x6, x7, [x17, #48]
	ldr	x17, [x16, #16]
	msr	vbar_el1, x17
	ldr	x17, [x16]
	mov	sp, x17
	isb
	mrs	x0, esr_el1
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret

/* While the Thumb code runs: anything from EL1 itself goes to the
 * runtime's vectors as usual; anything from the AArch32 EL0 ends the run. */
.macro to_runtime off
	.balign 0x80
	b	bh_vectors + \off
.endm
	.balign 0x800
a32_vectors:
	.irp off, 0x000, 0x080, 0x100, 0x180, 0x200, 0x280, 0x300, 0x380, 0x400, 0x480, 0x500, 0x580
	to_runtime \off
	.endr
	.rept 4
	.balign 0x80
	b	a32_back
	.endr

	.data
	.balign 8
a32_saved:
	.quad	0, 0, 0	/* sp, regs, vbar_el1 */

/*
 * Thumb code. r0: the emulated PL011's base. Every access to it is
 * followed by ADDS r7, #1, so r7 counts the instructions after an
 * emulated one that ran: one the kernel stepped over by mistake is
 * missing from the count.
 */
	.section .rodata.a32, "a"
	.balign 4
	.global a32_pl011
a32_pl011:
	.hword	0x6981		/* ldr r1, [r0, #0x18]: FR (the fast path) */
	.hword	0x3701		/* adds r7, #1 */
	.hword	0x6a42		/* ldr r2, [r0, #0x24]: IBRD (the full exit) */
	.hword	0x3701
	.hword	0xf8d0, 0x4018	/* ldr.w r4, [r0, #0x18]: a 32-bit instruction */
	.hword	0x3701
	.hword	0x2374		/* movs r3, #'t' */
	.hword	0x7003		/* strb r3, [r0]: DR */
	.hword	0x3701
	.hword	0x2333		/* movs r3, #'3' */
	.hword	0x7003
	.hword	0x3701
	.hword	0x2332		/* movs r3, #'2' */
	.hword	0x7003
	.hword	0x3701
	.hword	0x230a		/* movs r3, #'\n': the line end takes the full exit */
	.hword	0x7003
	.hword	0x3701
	.hword	0x42bf		/* cmp r7, r7: Z set */
	.hword	0xbf0c		/* ite eq */
	.hword	0x6985		/* ldreq r5, [r0, #0x18] */
	.hword	0x2601		/* movne r6, #1: must not run */
	.hword	0x3701
	.hword	0xdf00		/* svc #0 */

/* The EL1 physical counter, 64-bit CP15 access: trapped to EL2. */
	.balign 4
	.global a32_cntpct
a32_cntpct:
	.hword	0xec51, 0x0f0e	/* mrrc p15, 0, r0, r1, c14: CNTPCT */
	.hword	0xdf00

/* The EL1 physical timer's control, 32-bit CP15 access: trapped to EL2. */
	.balign 4
	.global a32_cntp_ctl
a32_cntp_ctl:
	.hword	0xee1e, 0x0f32	/* mrc p15, 0, r0, c14, c2, 1: CNTP_CTL */
	.hword	0xdf00
