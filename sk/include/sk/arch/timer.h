/* SPDX-License-Identifier: Apache-2.0 */
/* Architecture interface: the system counter and the kernel's timer. */
#ifndef SK_ARCH_TIMER_H
#define SK_ARCH_TIMER_H

#include <sk/types.h>

/* Current value of the system counter (ticks, shared by all CPUs). */
uint64_t arch_timer_now(void);

/* Frequency of the system counter as the hardware reports it, in Hz. */
uint64_t arch_timer_frequency(void);

/*
 * Arm this CPU's kernel timer to interrupt when the counter reaches the
 * absolute value `deadline` (at once if it already has). Replaces any
 * earlier deadline.
 */
void arch_timer_set_deadline(uint64_t deadline);

struct sk_cpu;

/*
 * The partition `cpu` returns to next (from a full exit) must start
 * exactly when the counter reaches `at`, not before: the architecture
 * waits, as late as it can, just before it returns to the partition, so
 * that nothing the kernel did first (a switch that saves the state of
 * what ran before) shows in when it starts. Once: later returns do not
 * wait. If the counter is past `at` already, there is no wait, and the
 * start was late: cpu->late_starts counts it. Called when a slot begins,
 * before the kernel switches to the slot's partition; a later call (the
 * next slot's) replaces an `at` no return has used yet, and `at` 0 takes
 * it back (the slot's partition cannot run: nothing starts to be gated).
 */
void arch_window_gate(struct sk_cpu *cpu, uint64_t at);

#endif /* SK_ARCH_TIMER_H */
