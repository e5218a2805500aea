/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Decode exceptions taken from partitions into portable exits (sk/exit.h).
 * Called from vectors.S with the partition's registers already saved;
 * each returns the registers of the vCPU to resume.
 */
#include <arch/gicv3.h>
#include <sk/arch/irq.h>
#include <arch/syndrome.h>
#include <arch/sysreg.h>
#include <arch/types.h>
#include <arch/vgic.h>
#include <sk/arch/cpu.h>
#include <sk/check.h>
#include <sk/config.h>
#include <sk/console.h>
#include <sk/cpu.h>
#include <sk/exit.h>
#include <sk/hypercall.h>
#include <sk/lib.h>
#include <sk/partition.h>

struct arch_regs *aarch64_lower_sync(struct arch_regs *regs);
struct arch_regs *aarch64_lower_irq(struct arch_regs *regs, uint32_t intid);
struct arch_regs *aarch64_lower_serror(struct arch_regs *regs);
struct arch_regs *aarch64_lower_aarch32(struct arch_regs *regs);
void aarch64_kernel_exception(uint64_t esr, uint64_t elr, uint64_t far);

#define SYSREG_ICC_SGI1R SYSREG_KEY(3, 0, 12, 11, 5)
#define SYSREG_ICC_ASGI1R SYSREG_KEY(3, 0, 12, 11, 6)
#define SYSREG_ICC_SGI0R SYSREG_KEY(3, 0, 12, 11, 7)

/* Performance-monitor registers: PMINTENSET/CLR_EL1, and those of EL0
 * (PMCR_EL0 to PMUSERENR_EL0, the event counters and types). */
static bool pmu_register(uint32_t op0, uint32_t op1, uint32_t crn, uint32_t crm)
{
	return op0 == 3u && crn == 9u && ((op1 == 0u && crm == 14u) ||
					  (op1 == 3u && crm >= 12u && crm <= 14u));
}

static bool pmu_event_register(uint32_t op0, uint32_t op1, uint32_t crn, uint32_t crm)
{
	return op0 == 3u && op1 == 3u && crn == 14u && crm >= 8u;
}

/*
 * A trapped system register access (EC 0x18) that the partition's
 * virtual platform answers instead of the health monitor: SGIs to its
 * own vCPUs (SK_PART_SGIS), and debug and performance-monitor registers
 * that read as zero and ignore writes (SK_PART_DEBUG_IGNORE). Returns
 * true when done (the caller steps over the instruction).
 */
static __attribute__((noinline)) bool emulate_sysreg(struct sk_vcpu *v, struct arch_regs *regs,
						   uint64_t esr)
{
	uint32_t op0 = (uint32_t)(esr >> 20) & 3u, op2 = (uint32_t)(esr >> 17) & 7u;
	uint32_t op1 = (uint32_t)(esr >> 14) & 7u, crn = (uint32_t)(esr >> 10) & 15u;
	uint32_t crm = (uint32_t)(esr >> 1) & 15u, rt = (uint32_t)(esr >> 5) & 31u;
	uint32_t key = SYSREG_KEY(op0, op1, crn, crm, op2);
	bool read = (esr & 1u) != 0u;
	uint32_t flags = v->partition->flags;

	if ((flags & SK_PART_SGIS) != 0u && !read) {
		if (key == SYSREG_ICC_SGI1R) {
			vgic_send_sgi(v, rt == 31u ? 0u : regs->x[rt]);
			return true;
		}
		/* Group 0 and the alias for the other security state: one
		 * security state, group 1 only (arch/aarch64/vgicd.c). */
		if (key == SYSREG_ICC_ASGI1R || key == SYSREG_ICC_SGI0R)
			return true;
	}
	if ((flags & SK_PART_DEBUG_IGNORE) != 0u &&
	    (op0 == 2u || pmu_register(op0, op1, crn, crm) ||
	     pmu_event_register(op0, op1, crn, crm))) {
		if (read && rt != 31u)
			regs->x[rt] = 0u;
		return true;
	}
	return false;
}

static void decode_fault(struct sk_fault *f, const struct arch_regs *regs,
			 uint64_t esr)
{
	/* The faulting vCPU's EL1 state is still live in the registers. */
	aarch64_decode_fault(f, esr, regs->elr, regs->spsr, read_sysreg(far_el2),
			     read_sysreg(hpfar_el2), regs->x, read_sysreg(sp_el0),
			     read_sysreg(sp_el1));
}

/* Let the portable kernel decide; return to the vCPU it picks, with its
 * pending virtual interrupts made live. */
static struct arch_regs *exit_to_kernel(struct sk_cpu *cpu, struct sk_exit *e)
{
	struct sk_vcpu *next = sk_handle_exit(cpu, e);

	vgic_flush(&next->arch.vgic);
	return cpu->regs;
}

struct arch_regs *aarch64_lower_sync(struct arch_regs *regs)
{
	struct sk_cpu *cpu = arch_this_cpu();
	uint64_t esr = read_sysreg(esr_el2);
	uint32_t ec = aarch64_esr_ec(esr);
	struct sk_exit e;

	if (ec == EC_HVC64) {
		struct sk_call *c = &e.u.call;
		struct arch_regs *next;

		e.kind = SK_EXIT_CALL;
		c->fn = regs->x[0] & 0xffffffffu; /* SMCCC: the ID is in w0 */
		for (uint32_t i = 0; i < SK_CALL_ARGS; i++)
			c->arg[i] = regs->x[1u + i];
		c->imm = aarch64_esr_imm16(esr);
		next = exit_to_kernel(cpu, &e);
		/* Not carried out now: the HVC again when the caller next runs. */
		if (e.replay) {
			regs->elr -= 4u;
			return next;
		}
		/* Results go to the caller, even if another vCPU runs next. */
		for (uint32_t i = 0; i < c->nret && i < SK_CALL_RETS; i++)
			regs->x[i] = c->ret[i];
		return next;
	}

	if (ec == EC_SYSREG && cpu->current != NULL && emulate_sysreg(cpu->current, regs, esr)) {
		aarch64_step(esr, &regs->elr, &regs->spsr);
		vgic_flush(&cpu->current->arch.vgic);
		return cpu->regs;
	}
	e.kind = SK_EXIT_FAULT;
	decode_fault(&e.u.fault, regs, esr);
	return exit_to_kernel(cpu, &e);
}

/* The kernel's own interrupts: the full exit, and perhaps another vCPU.
 * aarch64_irq_fast() has acknowledged the interrupt, and completed it if
 * it is the kernel's timer. */
struct arch_regs *aarch64_lower_irq(struct arch_regs *regs, uint32_t intid)
{
	struct sk_exit e;

	(void)regs;
	if (intid == sk_system.arch.timer_intid) {
		e.kind = SK_EXIT_TIMER;
	} else if (!gic_decode_irq(intid, &e)) {
		vgic_flush(&arch_this_cpu()->current->arch.vgic);
		return arch_this_cpu()->regs;
	}
	return exit_to_kernel(arch_this_cpu(), &e);
}

/* An exception the kernel never serves for partitions: a fault.
 * `async`: not caused by the instruction at the return address. */
static struct arch_regs *refuse(struct arch_regs *regs, const char *what, bool async)
{
	struct sk_exit e;

	e.kind = SK_EXIT_FAULT;
	decode_fault(&e.u.fault, regs, read_sysreg(esr_el2));
	e.u.fault.kind = SK_FAULT_EXCEPTION;
	e.u.fault.what = what;
	e.u.fault.async = async;
	return exit_to_kernel(arch_this_cpu(), &e);
}

struct arch_regs *aarch64_lower_serror(struct arch_regs *regs)
{
	return refuse(regs, "SError (asynchronous external abort)", true);
}

struct arch_regs *aarch64_lower_aarch32(struct arch_regs *regs)
{
	return refuse(regs, "exception from AArch32 state", false);
}

void aarch64_kernel_exception(uint64_t esr, uint64_t elr, uint64_t far)
{
	SK_PANIC("kernel exception: esr 0x%lx elr 0x%lx far 0x%lx", esr, elr,
		 far);
}
