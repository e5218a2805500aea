/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Partition entry: the kernel starts vCPU 0 here at EL1, translation off,
 * interrupts masked, x0 = 0. Stack at the top of the load region.
 */
	.section .text.entry, "ax"
	.global _start
_start:
	ldr	x1, =__stack_top
	mov	sp, x1
	/* Let the partition use floating point and SIMD (CPACR_EL1.FPEN). */
	mov	x1, #(3 << 20)
	msr	cpacr_el1, x1
	isb
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	ldr	x1, =bh_vectors
	msr	vbar_el1, x1
	isb
	bl	bh_runtime_init
	bl	main
	/* main returned: nothing more to do in any window. */
3:	bl	bh_yield
	b	3b

/*
 * Later vCPUs, started by bh_start_vcpu() through PSCI CPU_ON: x0 = the
 * vCPU's index; its stack is the index-th below vCPU 0's.
 */
	.global bh_secondary_entry
bh_secondary_entry:
	ldr	x1, =__stack_top
	mov	x2, #16384
	msub	x1, x0, x2, x1
	mov	sp, x1
	mov	x19, x0
	mov	x1, #(3 << 20)
	msr	cpacr_el1, x1
	ldr	x1, =bh_vectors
	msr	vbar_el1, x1
	isb
	bl	bh_runtime_init
	mov	x0, x19
	bl	bh_secondary_main
4:	bl	bh_yield
	b	4b
