/* SPDX-License-Identifier: Apache-2.0 */
/* Per-CPU run-time state (one object per CPU the system uses). */
#ifndef SK_CPU_H
#define SK_CPU_H

#include <arch/types.h>
#include <sk/config.h>
#include <sk/sched.h>

struct sk_cpu {
	/*
	 * Registers of the vCPU running on this CPU. First member: the
	 * exception vectors load it from the per-CPU pointer without any
	 * other knowledge of this structure (checked in arch code).
	 */
	struct arch_regs *regs;
	struct arch_cpu arch;    /* second: the exception vectors use it too */
	struct sk_vcpu *current; /* vCPU whose state is loaded, or NULL */
	const struct sk_cpu_desc *desc;
	uint32_t index;  /* in sk_system.cpus */
	uint32_t plan;   /* index of the plan this CPU follows */
	bool yielded;    /* current partition gave up the rest of its slot */
	uint32_t late_starts; /* windows whose switch took longer than the switch time
			       * (counted by the architecture's window gate) */
	uint32_t late_reported; /* late_starts already audited */
	/* A slot whose partition's call, fault or cold-start step the kernel
	 * finished only after the slot's end (NULL: none since the current
	 * slot began), and the one that did so before the current slot
	 * began: charged with the overrun if the current slot began late. */
	const struct sk_slot *overran;
	const struct sk_slot *overran_before;
	bool switching; /* a window began: the switch into it is being timed */
	bool own_work;  /* the kernel did work of the window's partition before
			 * it ran (sk/exit.c, own_start()) */
	uint64_t gate_at; /* start of the window being switched to, until the
			   * console has had the rest of its switch time, or 0 */
	bool started;    /* this CPU runs its schedule */
	/* The partition whose window is current here (SK_SLOT_IDLE: none),
	 * for other CPUs deciding whether to kick this one (sk_kick_for()). */
	uint32_t window_partition;
	struct sk_sched sched;
};

#endif /* SK_CPU_H */
