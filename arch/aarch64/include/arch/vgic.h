/* SPDX-License-Identifier: Apache-2.0 */
/* The GICv3 virtual CPU interface for vCPUs, private to arch/aarch64. */
#ifndef ARCH_VGIC_H
#define ARCH_VGIC_H

#include <arch/types.h>
#include <sk/config.h>

struct sk_vcpu;

/* Read the CPU interface's limits (list registers, priority bits) once. */
void vgic_probe(void);

/* Number of list registers. */
uint32_t vgic_lrs(void);

/* Fresh virtual interface state for vCPU `index` of partition p. */
void vgic_reset(struct arch_vgic *g, const struct sk_partition_desc *p,
		uint32_t index);

/* ICH_HCR_EL2.En: the virtual CPU interface is on. */
#define ICH_HCR_EN (1ull << 0)

/* ICH_LR<n>_EL2 state bits. */
#define LR_STATE_PENDING (1ull << 62)
#define LR_STATE_ACTIVE (1ull << 63)
#define LR_HW (1ull << 61) /* linked to a physical interrupt */

/* Save the live virtual interface into g / load g into it. */
void vgic_save(struct arch_vgic *g);
void vgic_load(const struct arch_vgic *g);

/* Make the slots pending in g->pending live: v runs on this CPU now.
 * Slots not in g->live stay pending in g->pending. */
void vgic_flush(struct arch_vgic *g);

/* ICH_LR<n>_EL2: its virtual INTID, and the default priority of slots. */
#define LR_VINTID_MASK 0xffffffffull
#define VIRQ_PRIORITY 0xa0u

/* The slot of virtual INTID `intid` (a PPI or SPI) in g, or 0 if g has
 * none (slot 0, the timer's, is found by the timer's INTID). */
uint32_t vgic_slot_of(const struct arch_vgic *g, uint32_t intid);

/* The priority of slot `slot`, and setting it (not the SGIs' slot). */
uint8_t vgic_priority(const struct arch_vgic *g, uint32_t slot);
void vgic_set_priority(struct arch_vgic *g, uint32_t slot, uint8_t priority);

/* List register `slot` of g: the live one if g is `loaded` on this CPU,
 * else the saved copy; and writing it. */
uint64_t vgic_lr(const struct arch_vgic *g, uint32_t slot, bool loaded);
void vgic_set_lr(struct arch_vgic *g, uint32_t slot, bool loaded, uint64_t lr);

/* ICC_SGI1R_EL1 written by vCPU v (arch/aarch64/vgicd.c). */
struct sk_vcpu;
void vgic_send_sgi(struct sk_vcpu *v, uint64_t value);


#endif /* ARCH_VGIC_H */
