/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry from the boot loader (QEMU -kernel loads the ELF and jumps here at
 * EL2 on the boot CPU). Parks any other CPU, takes the boot CPU's stack,
 * clears bss, checks the exception level and calls the portable sk_main().
 */
#include <arch/asm.h>

	.section .text.boot, "ax"
	.global _start
_start:
	msr	daifset, #0xf

	/*
	 * Only the boot CPU (the first CPU of the system description) may
	 * continue; other CPUs are started by the kernel when it needs them.
	 */
	mrs	x0, mpidr_el1
	ldr	x1, =0xff00ffffff
	and	x0, x0, x1
	adrp	x2, sk_boot_mpidr
	ldr	x2, [x2, :lo12:sk_boot_mpidr]
	cmp	x0, x2
	b.ne	park

	/* Stack of the boot CPU: the first of the generated stacks. */
	adrp	x0, sk_stacks
	add	x0, x0, :lo12:sk_stacks
	add	x0, x0, #ARCH_STACK_SIZE
	mov	sp, x0

	/* Clear bss (16-byte aligned by the linker script); no call yet. */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
	/* Only EL2 can run a hypervisor: anywhere else, say so and stop. */
	mrs	x0, CurrentEL
	cmp	x0, #(2 << 2)
	b.ne	3f
	bl	sk_main
3:	lsr	x0, x0, #2
	bl	aarch64_wrong_el
park:
	wfe
	b	park

/*
 * Secondary CPUs, started by arch_cpu_start() through PSCI CPU_ON, at EL2
 * with translation off; x0 = the CPU's index in sk_system.cpus. Each takes
 * its own stack from the generated ones.
 */
	.global aarch64_secondary_entry
aarch64_secondary_entry:
	msr	daifset, #0xf
	adrp	x1, sk_stacks
	add	x1, x1, :lo12:sk_stacks
	mov	x2, #ARCH_STACK_SIZE
	madd	x1, x0, x2, x1
	add	x1, x1, x2
	mov	sp, x1
	bl	sk_secondary_main
	b	park
