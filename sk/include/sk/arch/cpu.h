/* SPDX-License-Identifier: Apache-2.0 */
/* Architecture interface: the processor itself. See README.md. */
#ifndef SK_ARCH_CPU_H
#define SK_ARCH_CPU_H

#include <sk/exit.h>
#include <sk/types.h>

struct sk_cpu;
struct sk_cpu_desc;
struct sk_system;

/*
 * First call on the boot CPU, with translation still off: install the
 * kernel's exception vectors, record `cpu` as this CPU's state, and put
 * the processor's controls for partitions in their fixed state (which
 * instructions and registers trap to the kernel). Must not print.
 */
void arch_cpu_init(struct sk_cpu *cpu, const struct sk_system *sys);

/*
 * Start secondary CPU `cpu` (not the boot CPU) at the kernel's secondary
 * entry, which calls sk_secondary_main(cpu->state). Returns false if the
 * firmware refuses.
 */
bool arch_cpu_start(const struct sk_cpu_desc *cpu);

/*
 * Make CPU `index` (in sk_system.cpus) enter the kernel soon to look at
 * what changed (a partition stopped, a vCPU woken). Nothing for the
 * calling CPU itself, which looks anyway before returning to a partition.
 */
void arch_cpu_kick(uint32_t index);

/*
 * Wait a little for another CPU to change shared memory: returns after an
 * event from arch_cpu_send_event(), or spuriously; callers loop on their
 * condition. Lets an emulator run the other CPUs meanwhile.
 */
void arch_cpu_wait_event(void);

/* Wake CPUs waiting in arch_cpu_wait_event(), after a store they wait for. */
void arch_cpu_send_event(void);

/* The state of the CPU executing the call. */
struct sk_cpu *arch_this_cpu(void);

/*
 * Wait, with no partition running, until a physical interrupt arrives,
 * acknowledge it and describe it in `e` (SK_EXIT_TIMER or SK_EXIT_IRQ).
 */
void arch_idle(struct sk_exit *e);

/* Stop this CPU for good: interrupts masked, waiting forever. */
SK_NORETURN void arch_halt(void);

/*
 * Switch the whole machine off, through the board's firmware; if the
 * firmware does not, halt this CPU (arch_halt()).
 * For the system's end (sk_halt_system()), not for a panic, which halts
 * with the machine kept as it is for a debugger.
 */
SK_NORETURN void arch_power_off(void);

#endif /* SK_ARCH_CPU_H */
