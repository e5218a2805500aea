/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-CPU set-up of the EL2 controls that do not change between
 * partitions, idling and halting.
 */
#include <arch/aarch64.h>
#include <arch/gicv3.h>
#include <arch/inject.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>
#include <sk/arch/console.h>
#include <sk/arch/cpu.h>
#include <sk/check.h>
#include <sk/config.h>
#include <sk/cpu.h>

extern char aarch64_vectors[];

_Static_assert(offsetof(struct sk_cpu, regs) == ARCH_CPU_REGS, "vectors.S");
_Static_assert(offsetof(struct sk_cpu, arch) + offsetof(struct arch_cpu, gate) ==
		       ARCH_CPU_GATE, "vectors.S");

void arch_cpu_init(struct sk_cpu *cpu, const struct sk_system *sys)
{
	(void)sys;
	write_sysreg(vbar_el2, (uint64_t)(uintptr_t)aarch64_vectors);
	write_sysreg(tpidr_el2, (uint64_t)(uintptr_t)cpu);

	/*
	 * Floating point and SIMD stay usable (the kernel saves them at every
	 * switch); trace registers trap. CPACR_EL1 is the partition's own.
	 */
	write_sysreg(cptr_el2, CPTR_RES1 | CPTR_TTA);
	/* EL1 physical counter and timer trap; the virtual ones do not. */
	write_sysreg(cnthctl_el2, 0u);
	write_sysreg(cntvoff_el2, 0u);
	/* No partition runs yet: trap everything debug and PMU. */
	write_sysreg(mdcr_el2, MDCR_TDA | MDCR_TDOSA | MDCR_TDRA | MDCR_TPM |
				       MDCR_TPMCR | aarch64_pmu_counters());
	write_sysreg(hstr_el2, 0u);
	/* Partitions read the real main ID; MPIDR is per vCPU (vcpu.c). */
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(hcr_el2, HCR_RW);
	isb();
}

/* Secondary CPUs start here (boot.S), with x0 = their index. */
extern char aarch64_secondary_entry[];

#define PSCI_CPU_ON_64 0xc4000003u
#define PSCI_SYSTEM_OFF 0x84000008u

bool arch_cpu_start(const struct sk_cpu_desc *cpu)
{
	register uint64_t x0 __asm__("x0") = PSCI_CPU_ON_64;
	register uint64_t x1 __asm__("x1") = cpu->arch.mpidr;
	register uint64_t x2 __asm__("x2") = (uint64_t)(uintptr_t)aarch64_secondary_entry;
	register uint64_t x3 __asm__("x3") = (uint64_t)(cpu - sk_system.cpus);

	/* Firmware's PSCI, reached with SMC from EL2; the new CPU starts at
	 * EL2 too, with its translation off. */
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
			   "x13", "x14", "x15", "x16", "x17", "memory");
	return x0 == 0u;
}

void arch_power_off(void)
{
	register uint64_t x0 __asm__("x0") = PSCI_SYSTEM_OFF;

	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	/* Firmware's PSCI, as for CPU_ON; SYSTEM_OFF does not return unless
	 * the firmware cannot do it. */
	__asm__ volatile("smc #0"
			 : "+r"(x0)
			 :
			 : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
			   "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	arch_halt();
}

void arch_cpu_kick(uint32_t index)
{
	if (index < sk_system.n_cpus)
		aarch64_kick(&sk_system.cpus[index]);
}

struct sk_cpu *arch_this_cpu(void)
{
	return (struct sk_cpu *)(uintptr_t)read_sysreg(tpidr_el2);
}

void arch_idle(struct sk_exit *e)
{
	/*
	 * Interrupts stay masked at EL2; WFI still wakes when one is pending,
	 * and acknowledging it reads the GIC directly. The virtual CPU
	 * interface is off meanwhile: a virtual interrupt left pending in the
	 * list registers of the last vCPU must not count as a reason to wake
	 * (QEMU wakes WFI at EL2 for one, which would make this loop spin).
	 */
	write_sysreg(ich_hcr_el2, 0u);
	isb();
	for (;;) {
		dsb(sy);
		__asm__ volatile("wfi" ::: "memory");
		if (gic_take_irq(e))
			break;
	}
	write_sysreg(ich_hcr_el2, ICH_HCR_EN);
	isb();
}

/* Called by boot.S when the kernel was not entered at EL2. */
SK_NORETURN void aarch64_wrong_el(uint64_t el);

void aarch64_wrong_el(uint64_t el)
{
	arch_console_init(&sk_system);
	SK_PANIC("entered at EL%lu: Bulkhead must start at EL2 (QEMU: "
		 "-machine virt,virtualization=on)", el);
}

void arch_cpu_wait_event(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

void arch_cpu_send_event(void)
{
	__asm__ volatile("dsb ish\n\tsev" ::: "memory");
}

void arch_halt(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;)
		__asm__ volatile("wfi" ::: "memory");
}
