/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hostile: a partition that misbehaves on purpose.
 *
 * It prints a few lines and yields over a few windows, first checking that
 * the kernel refuses a console write from a buffer that is not its memory.
 * Then it attacks once, as the 'attack' parameter says:
 *
 *   read_foreign   read `target` (another partition's physical memory,
 *                  not mapped in this partition's stage 2)
 *   write_foreign  write to `target`
 *   smc            call the secure monitor (SMC #0), which the kernel traps
 *   sysreg         read a performance-monitor register, which traps
 *   spin_masked    mask interrupts and spin forever
 *   wfi_masked     mask interrupts and wait for an interrupt forever
 *
 * A correct kernel stops the partition at the first four, so the line after
 * the attack ("... isolation is broken") must never appear. The last two
 * are legal but must not keep the CPU past the partition's window: the
 * kernel's timer interrupt goes to the kernel whatever the partition masks.
 */
#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>

#ifndef BH_PARAM_TARGET
#define BH_PARAM_TARGET 0x0ull
#endif

int main(void)
{
	const uint64_t target = BH_PARAM_TARGET;
	int64_t status;

	bh_printf("hostile partition '%s' starting, attack '%s'\n",
		  BH_PARTITION_NAME, BH_PARAM_ATTACK);
	status = bh_console_write((const char *)(uintptr_t)target, 16);
	bh_printf("console write from a buffer at 0x%lx (not mine): status %ld\n",
		  (unsigned long)target, (long)status);
	for (int i = 1; i <= 3; i++) {
		bh_printf("biding my time (%d of 3)\n", i);
		bh_yield();
	}

#if defined(BH_PARAM_ATTACK_READ_FOREIGN)
	bh_printf("reading 0x%lx\n", (unsigned long)target);
	uint64_t v = *(volatile uint64_t *)(uintptr_t)target;
	bh_printf("read 0x%lx from 0x%lx: isolation is broken\n",
		  (unsigned long)v, (unsigned long)target);
#elif defined(BH_PARAM_ATTACK_WRITE_FOREIGN)
	bh_printf("writing to 0x%lx\n", (unsigned long)target);
	*(volatile uint64_t *)(uintptr_t)target = 0xbadc0ffee0ddf00dull;
	bh_printf("wrote to 0x%lx: isolation is broken\n", (unsigned long)target);
#elif defined(BH_PARAM_ATTACK_SMC)
	bh_printf("calling the secure monitor (SMC #0)\n");
	__asm__ volatile("mov x0, #0x84000000\n\tsmc #0" ::: "x0", "memory");
	bh_printf("SMC returned: isolation is broken\n");
#elif defined(BH_PARAM_ATTACK_SYSREG)
	uint64_t cycles;

	bh_printf("reading the cycle counter PMCCNTR_EL0\n");
	__asm__ volatile("mrs %0, pmccntr_el0" : "=r"(cycles));
	bh_printf("cycle counter %lu: isolation is broken\n", (unsigned long)cycles);
#elif defined(BH_PARAM_ATTACK_SPIN_MASKED)
	bh_printf("masking interrupts and spinning forever\n");
	__asm__ volatile("msr daifset, #0xf\n1:\tb 1b" ::: "memory");
#elif defined(BH_PARAM_ATTACK_WFI_MASKED)
	bh_printf("masking interrupts and waiting forever\n");
	__asm__ volatile("msr daifset, #0xf\n1:\twfi\n\tb 1b" ::: "memory");
#else
#error "hostile: unknown or missing 'attack' parameter"
#endif
	return 0;
}
