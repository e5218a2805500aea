/* SPDX-License-Identifier: Apache-2.0 */
/* Architecture interface: virtual CPUs of partitions. See README.md. */
#ifndef SK_ARCH_VCPU_H
#define SK_ARCH_VCPU_H

#include <sk/exit.h>
#include <sk/types.h>

struct sk_cpu;
struct sk_vcpu;
struct sk_partition_desc;

/*
 * Reset `v`, a vCPU of partition `p`, to its power-on state: every register
 * zero except the entry point `entry` and first argument `arg0`, the
 * partition's own translation off, its stage-2 tables and VMID, and the
 * trap configuration that goes with its privileges.
 */
void arch_vcpu_reset(struct sk_vcpu *v, const struct sk_partition_desc *p,
		     sk_ipa_t entry, uint64_t arg0);

/*
 * Make `to` the vCPU this CPU runs: save the processor state of `from`
 * (unless NULL) into it, then load `to`'s, including its stage-2
 * translation. General registers are always saved by the exception entry;
 * this moves everything else a partition can change.
 */
void arch_vcpu_switch(struct sk_cpu *cpu, struct sk_vcpu *from,
		      struct sk_vcpu *to);

/*
 * Make virtual interrupt `slot` (SK_VIRQ_*) of vCPU v pending. `hw`: the
 * slot's physical interrupt was taken and stays active until the
 * partition completes the virtual one. Safe from any CPU: if v runs
 * elsewhere, that CPU is kicked; if v does not run, the interrupt waits
 * for it.
 */
void arch_virq_inject(struct sk_vcpu *v, uint32_t slot, bool hw);

/*
 * Reflect fault `f` into vCPU v, the one running on this CPU, as the
 * exception its own software would see (an external abort for memory, an
 * undefined instruction otherwise). Returns false if v cannot take it:
 * no exception vectors, or the fault is at its own vector.
 */
bool arch_vcpu_inject_fault(struct sk_vcpu *v, const struct sk_fault *f);

/*
 * An emulated device access (f->mmio_size != 0): the value the trapped
 * store of vCPU v was storing, and the completion of the access: for a
 * load, `loaded` into its register, extended as the instruction would;
 * then on to the next instruction.
 */
uint64_t arch_vcpu_mmio_stored(const struct sk_vcpu *v, const struct sk_fault *f);
void arch_vcpu_mmio_done(struct sk_vcpu *v, const struct sk_fault *f, uint64_t loaded);

/*
 * Enter cpu->current for the first time on this CPU: drop the kernel's
 * stack and return to the partition. Never returns; the kernel regains
 * control through its exception vectors.
 */
SK_NORETURN void arch_vcpu_enter(struct sk_cpu *cpu);

#endif /* SK_ARCH_VCPU_H */
