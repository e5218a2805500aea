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

/* Save the live virtual interface into g / load g into it. */
void vgic_save(struct arch_vgic *g);
void vgic_load(const struct arch_vgic *g);

/* Make the slots pending in g->pending live: v runs on this CPU now. */
void vgic_flush(struct arch_vgic *g);


#endif /* ARCH_VGIC_H */
