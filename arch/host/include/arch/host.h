/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Controls of the host architecture stand-in (arch/host/host.c), for unit
 * tests: what the kernel printed, the clock, the timer deadline.
 *
 * Memory: "physical addresses" are host addresses, so a test gives a
 * partition region a buffer and sets the region's pa to its address.
 * Stage 2 is modelled by the region list itself: an IPA translates if it
 * falls in a normal-memory region with the permission asked for.
 */
#ifndef ARCH_HOST_H
#define ARCH_HOST_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

struct sk_cpu;

/* Everything the console device received since the last reset (a line
 * end as "\n"); what the kernel queued and has not sent is not there. */
const char *host_console(void);
/* Bytes the device takes before it is busy (~0u: never busy). */
extern unsigned host_console_room;
void host_console_reset(void);
/* What the console receives next (arch_console_getc() takes it a byte at
 * a time), and whether the kernel asked for input interrupts. */
extern const char *host_typed;
extern bool host_input_enabled;

/* The counter arch_timer_now() returns, and the last armed deadline. */
extern uint64_t host_now;
extern uint64_t host_deadline;
/* Ticks each read of the clock adds to host_now (0: time stands still
 * while the kernel works), for work that runs past a window's end. */
extern uint64_t host_clock_step;

/* Number of arch_idle() calls; each one advances host_now to the deadline
 * and reports the timer, as if the CPU slept until it fired. */
extern unsigned host_idles;

/* Ticks arch_zero() and arch_cache_clean() take per KiB (0: none), and
 * the longest single call so far. */
extern uint64_t host_ticks_per_kib;
extern uint64_t host_longest_step;

/* Number of arch_s2_translate() calls, to check the walker was consulted. */
extern unsigned host_translations;

/* The CPU arch_this_cpu() returns. */
extern struct sk_cpu *host_cpu;

/* The last arch_vcpu_switch(): from (NULL: nothing saved) and to. */
struct sk_vcpu;
extern struct sk_vcpu *host_switched_from;
extern struct sk_vcpu *host_switched_to;

/* arch_cpu_kick() calls. */
extern unsigned host_kicks;
/* Calls of arch_window_gate() (the last `at` is in cpu->arch.gate). */
extern unsigned host_gates;
extern uint32_t host_irqchip_accesses; /* arch_irqchip_access() calls */

/* The first interrupt number arch_irq_is_shared() calls a device's. */
#define HOST_FIRST_SHARED_IRQ 32u

/* arch_virq_inject() calls: (partition id << 8 | slot), the first eight. */
extern uint32_t host_injected[8];
extern unsigned host_n_injected;

/* arch_irq_complete() calls, and the last interrupt completed. */
extern unsigned host_n_completed;
extern uint32_t host_completed;

/* What arch_vcpu_inject_fault() answers, and how often it was called. */
extern bool host_inject_fault_ok;
extern unsigned host_faults_injected;

#endif /* ARCH_HOST_H */
