/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL1 exception vectors of a bare-metal partition. The runtime takes
 * interrupts by polling (bh_wait()), so any exception arriving here is
 * unexpected: a fault the kernel reflected back (health-monitor action
 * "log"), or a bug. It is reported to the console and the health monitor.
 */
.macro ventry kind
	.balign 0x80
	mov	x0, #\kind
	b	unexpected
.endm

	.section .text.vectors, "ax"
	.balign 0x800
	.global bh_vectors
bh_vectors:
	.rept 4
	ventry 0
	ventry 1
	ventry 2
	ventry 3
	.endr

unexpected:
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
	bl	bh_unexpected
1:	b	1b
