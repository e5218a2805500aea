/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL1 exception vectors of a bare-metal partition. The runtime takes
 * interrupts by polling (bh_wait()), so an exception arriving here is
 * unexpected: a fault the kernel reflected back (health-monitor action
 * "log"), or a bug. It is reported to the console and the health monitor.
 *
 * One exception is expected: a fault at one of the two probe instructions
 * (bh_probe_load, bh_probe_store below), which conformance tests use to
 * try an access that must fail. The kernel reflects the stage-2 fault
 * back as a synchronous external abort (health-monitor action "log");
 * the probe then returns 1 instead of 0.
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
	/* Current EL with SP_EL0: not used by the runtime. */
	ventry 0
	ventry 1
	ventry 2
	ventry 3
	/* Current EL with SP_ELx: a synchronous exception may be a probe's. */
	.balign 0x80
	mrs	x16, elr_el1
	adr	x17, bh_probe_store_access
	cmp	x16, x17
	b.eq	1f
	adr	x17, bh_probe_load_access
	cmp	x16, x17
	b.ne	2f
1:	add	x16, x16, #4
	msr	elr_el1, x16
	mov	x3, #1		/* the probe's result: it faulted */
	eret
2:	mov	x0, #0
	b	unexpected
	ventry 1
	ventry 2
	ventry 3
	.rept 2
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
3:	b	3b

	.text
/*
 * int bh_probe_store(uint64_t addr, uint64_t value): store value at addr;
 * 0 if it was stored, 1 if the access faulted (and was reflected back).
 * int bh_probe_load(uint64_t addr, uint64_t *value): the same for a load.
 * Leaf functions: they use only argument and scratch registers, which is
 * what the vector above may clobber.
 */
	.global bh_probe_store
bh_probe_store:
	mov	x3, #0
bh_probe_store_access:
	str	x1, [x0]
	dsb	sy
	mov	x0, x3
	ret

	.global bh_probe_load
bh_probe_load:
	mov	x3, #0
bh_probe_load_access:
	ldr	x2, [x0]
	cbnz	x3, 4f
	str	x2, [x1]
4:	mov	x0, x3
	ret
