/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The list registers (ICH_LR<n>_EL2) of the live virtual CPU interface,
 * inline: the interrupt fast path (irq_fast.c), which may call no
 * function, and vgic.c use the same code. Private to arch/aarch64.
 */
#ifndef ARCH_LR_H
#define ARCH_LR_H

#include <arch/sysreg.h>
#include <arch/types.h>
#include <arch/vgic.h>

_Static_assert(ARCH_MAX_LRS == 16u, "LR_SWITCH names sixteen list registers");

/* One switch over the sixteen list registers: `LR_CASE(n)` for each. */
#define LR_SWITCH(n, LR_CASE)                                               \
	switch (n) {                                                        \
		LR_CASE(0); LR_CASE(1); LR_CASE(2); LR_CASE(3);             \
		LR_CASE(4); LR_CASE(5); LR_CASE(6); LR_CASE(7);             \
		LR_CASE(8); LR_CASE(9); LR_CASE(10); LR_CASE(11);           \
		LR_CASE(12); LR_CASE(13); LR_CASE(14);                      \
	default:                                                            \
		LR_CASE(15);                                                \
	}

/* List register n (n < 16; any larger n is list register 15). Inlined
 * where used: vgic_flush() is on every window switch, and a call into a
 * switch costs more than the access. */
static inline __attribute__((always_inline)) uint64_t vgic_read_lr(uint32_t n)
{
	uint64_t v;

#define READ_LR(k)                                                          \
	case k:                                                             \
		v = read_sysreg(ich_lr##k##_el2);                           \
		break
	LR_SWITCH(n, READ_LR)
#undef READ_LR
	return v;
}

static inline __attribute__((always_inline)) void vgic_write_lr(uint32_t n, uint64_t v)
{
#define WRITE_LR(k)                                                         \
	case k:                                                             \
		write_sysreg(ich_lr##k##_el2, v);                           \
		break
	LR_SWITCH(n, WRITE_LR)
#undef WRITE_LR
}

/*
 * Slot `slot` of g (loaded on this CPU) made pending in the list register
 * of the same number (slot k of a vCPU is always list register k): from
 * its template, keeping the active bit; already pending, the two
 * coalesce. One switch, one read and at most one write. A slot with no
 * list register (slot >= 16) is ignored.
 */
static inline __attribute__((always_inline)) void vgic_lr_pend(const struct arch_vgic *g,
							      uint32_t slot)
{
	uint64_t lr;

#define PEND_LR(k)                                                          \
	case k:                                                             \
		lr = read_sysreg(ich_lr##k##_el2);                          \
		if ((lr & LR_STATE_PENDING) == 0u)                          \
			write_sysreg(ich_lr##k##_el2, g->templ[k] |          \
				     LR_STATE_PENDING | (lr & LR_STATE_ACTIVE)); \
		break
	if (slot >= ARCH_MAX_LRS)
		return;
	LR_SWITCH(slot, PEND_LR)
#undef PEND_LR
}

#endif /* ARCH_LR_H */
