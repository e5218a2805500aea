/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Why a partition stopped running: the portable description of an
 * exception taken from a partition (or of an interrupt while idle).
 *
 * The architecture decodes its own syndrome registers into a struct
 * sk_exit and hands it to sk_handle_exit(); the portable kernel never sees
 * a register name. For calls, the kernel fills `call.ret` and the
 * architecture writes the first `call.nret` values back into the calling
 * vCPU's result registers.
 */
#ifndef SK_EXIT_H
#define SK_EXIT_H

#include <sk/config.h>
#include <sk/types.h>

enum sk_exit_kind {
	SK_EXIT_CALL = 1,  /* hypercall */
	SK_EXIT_TIMER = 2, /* the kernel's scheduling timer fired */
	SK_EXIT_IRQ = 3,   /* some other physical interrupt */
	SK_EXIT_FAULT = 4, /* a partition fault: a health-monitor event */
};

enum sk_fault_kind {
	SK_FAULT_MEMORY = 1,      /* access outside the partition's stage-2 */
	SK_FAULT_INSTRUCTION = 2, /* trapped instruction (firmware call, system register) */
	SK_FAULT_EXCEPTION = 3,   /* any other exception the kernel refuses */
};

/*
 * Virtual interrupt slots of a vCPU: 0 is its own timer; vCPU 0 of a
 * partition also has one per physical interrupt it owns (in the order of
 * sk_partition_desc.irqs), then one per doorbell it receives.
 */
#define SK_VIRQ_TIMER 0u
#define SK_VIRQ_FIRST_IRQ 1u

#define SK_CALL_ARGS 6u
#define SK_CALL_RETS 8u

struct sk_call {
	uint64_t fn;                 /* function: BH_HVC_* (bulkhead/hvc.h) or a firmware call */
	uint64_t arg[SK_CALL_ARGS];  /* arguments 1..6 */
	uint32_t imm;                /* immediate of the call instruction */
	uint32_t nret;               /* results to write back (>= 4) */
	uint64_t ret[SK_CALL_RETS];  /* ret[0] is the status */
};

struct sk_fault {
	uint32_t kind;      /* enum sk_fault_kind */
	bool addr_valid;    /* `addr` holds the faulting IPA */
	uint32_t access;    /* memory faults: SK_MEM_READ, _WRITE or _EXEC */
	uint64_t addr;      /* faulting intermediate physical address */
	uint64_t va;        /* faulting virtual address as the partition saw it */
	uint64_t pc;        /* address of the faulting instruction */
	uint64_t syndrome;  /* raw architectural syndrome, for the log */
	const char *what;   /* architecture's one-line description */
	/*
	 * The partition's own state at the fault, for the health monitor's
	 * register dump (sk/hm.c): its link register and the stack pointer it
	 * was using, its privilege level and the architecture's name of that
	 * mode, the architecture's name of the syndrome's class (both for
	 * the log only, never decided on). `va` is valid only if
	 * va_valid. Nothing here is another partition's or the kernel's.
	 */
	uint64_t lr;
	uint64_t sp;
	uint8_t el;
	bool va_valid;
	const char *mode;
	const char *cause;
	/* Asynchronous (an SError): not caused by the instruction at `pc`,
	 * so it cannot be replayed later and is handled at once. */
	bool async;
	char detail[32];    /* and what exactly, if it can tell ("" if not) */
	/*
	 * Memory faults that are one load or store of one general register
	 * (the only kind a device model can answer): its size in bytes (1, 2,
	 * 4 or 8), the register in the architecture's numbering (read only
	 * by arch_vcpu_mmio_stored() and arch_vcpu_mmio_done()) and, for a
	 * load, whether the value is sign-extended. mmio_size 0: not such a
	 * fault.
	 */
	uint8_t mmio_size;
	uint8_t mmio_reg;
	bool mmio_signed;
	bool mmio_64;       /* a load into a whole 64-bit register (else its low half) */
};

struct sk_exit {
	uint32_t kind; /* enum sk_exit_kind */
	/*
	 * Set by the kernel for a call or fault it did not handle (too late
	 * in the window): the architecture must leave the vCPU's registers
	 * as they were and make it execute the same instruction again when
	 * it next runs (for a call, step its return address back over the
	 * call instruction; a fault's return address is already at it).
	 */
	bool replay;
	union {
		struct sk_call call;
		struct sk_fault fault;
		uint32_t irq; /* interrupt number for SK_EXIT_IRQ */
	} u;
};

struct sk_cpu;
struct sk_vcpu;

/*
 * Handle an exit of the vCPU running on `cpu` (or an interrupt that woke an
 * idle CPU). Returns the vCPU to run next on this CPU; waits idle inside if
 * no partition may run now. Called by the architecture's exception code.
 */
struct sk_vcpu *sk_handle_exit(struct sk_cpu *cpu, struct sk_exit *e);

/*
 * Make CPU `index` (in sk_system.cpus) look at partition p's vCPUs again
 * (one was stopped or started), but only if p's window is current there:
 * elsewhere the change is seen when p's window next begins, and the
 * partition running there is not disturbed. Call after the change.
 */
struct sk_partition_desc;
void sk_kick_for(const struct sk_partition_desc *p, uint32_t index);

/*
 * Ask for plan `plan` from the next major frame (sk_plan_request_at()
 * now), and wake the other CPUs: one the current plan leaves unused
 * sleeps with no deadline, and must arm one for the switch.
 */
void sk_plan_request(uint32_t plan);

/*
 * The vCPU that must run on `cpu` now: that of the current slot's
 * partition if it is running and has not yielded, switched in if needed.
 * Otherwise idles until a slot with a runnable partition begins.
 */
struct sk_vcpu *sk_pick(struct sk_cpu *cpu);

/*
 * Run this CPU's schedule from absolute tick `start` (frame 0 of the
 * initial plan), waiting idle until then. Never returns.
 */
SK_NORETURN void sk_run(struct sk_cpu *cpu, uint64_t start);

#endif /* SK_EXIT_H */
