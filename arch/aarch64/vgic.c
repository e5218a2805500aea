/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GICv3 virtual CPU interface. Each vCPU has its own list registers,
 * VMCR and active-priority registers, switched with it. A virtual
 * interrupt is injected by setting its slot's bit in `pending` (from any
 * CPU); the CPU running the vCPU turns pending bits into list register
 * state before it returns to the vCPU. A device interrupt is injected
 * with the HW bit: its physical interrupt stays active until the
 * partition completes the virtual one, so a level-triggered device cannot
 * interrupt again meanwhile, whether or not its partition runs.
 */
#include <arch/lr.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>
#include <sk/exit.h>
#include <sk/lib.h>
#include <sk/partition.h>

#define LR_GROUP1 (1ull << 60)
#define LR_PRIORITY(p) ((uint64_t)(p) << 48)
#define LR_PINTID(i) ((uint64_t)(i) << 32)
#define LR_EOI (1ull << 41) /* HW = 0: maintenance interrupt when completed */


static uint32_t n_lrs;
static uint32_t n_aprs; /* active-priority registers per group */

void vgic_probe(void)
{
	uint64_t vtr = read_sysreg(ich_vtr_el2);
	uint32_t pre_bits = (uint32_t)((vtr >> 26) & 7u) + 1u;

	n_lrs = (uint32_t)(vtr & 0x1fu) + 1u;
	if (n_lrs > ARCH_MAX_LRS)
		n_lrs = ARCH_MAX_LRS;
	n_aprs = pre_bits >= 7u ? 4u : pre_bits == 6u ? 2u : 1u;
	write_sysreg(ich_hcr_el2, ICH_HCR_EN);
	isb();
}

uint32_t vgic_lrs(void)
{
	return n_lrs;
}

static uint64_t templ(uint32_t vintid, bool hw)
{
	uint64_t lr = vintid | LR_GROUP1 | LR_PRIORITY(VIRQ_PRIORITY);

	if (hw)
		lr |= LR_HW | LR_PINTID(vintid);
	return lr;
}

void vgic_reset(struct arch_vgic *g, const struct sk_partition_desc *p,
		uint32_t index)
{
	uint32_t slot = SK_VIRQ_FIRST_IRQ;

	memset(g, 0, sizeof(*g));
	g->templ[SK_VIRQ_TIMER] = templ(sk_system.arch.vtimer_intid, false);
	if (index == 0u) {
		/* Device interrupts keep their number and link to it. */
		for (uint32_t i = 0; i < p->n_irqs && slot < ARCH_MAX_LRS; i++)
			g->templ[slot++] = templ(p->irqs[i], true);
		for (uint32_t i = 0; i < p->n_doorbells && slot < ARCH_MAX_LRS; i++)
			g->templ[slot++] = templ(p->doorbells[i].intid, false);
		for (uint32_t i = 0; i < p->n_vdevs && slot < ARCH_MAX_LRS; i++)
			if (p->vdevs[i].intid != SK_NONE)
				g->templ[slot++] = templ(p->vdevs[i].intid, false);
	}
	/* The SGIs' slot: last, so that the others keep their numbers. */
	if ((p->flags & SK_PART_SGIS) != 0u && slot < ARCH_MAX_LRS)
		g->sgi_slot = slot++;
	g->n_slots = slot;
	/*
	 * Unlike a GIC out of reset, everything starts enabled, at one
	 * priority: a partition that never programs its distributor (a
	 * bare-metal payload) receives its interrupts; an operating system
	 * disables them all first and enables what it wants.
	 */
	g->enabled = (1u << slot) - 1u;
	g->live = g->enabled;
	g->ppi_enabled = 0xffffffffu;
	memset(g->ppi_priority, VIRQ_PRIORITY, sizeof(g->ppi_priority));
}

/* Slot of virtual INTID `intid` in g, or 0 (none: slot 0 is the timer's,
 * found by its own INTID). */
uint32_t vgic_slot_of(const struct arch_vgic *g, uint32_t intid)
{
	if (intid == sk_system.arch.vtimer_intid)
		return SK_VIRQ_TIMER;
	if (intid < 32u)
		return 0u;
	for (uint32_t k = SK_VIRQ_FIRST_IRQ; k < g->n_slots && k < ARCH_MAX_LRS; k++)
		if (k != g->sgi_slot && (g->templ[k] & LR_VINTID_MASK) == intid)
			return k;
	return 0u;
}

void vgic_set_priority(struct arch_vgic *g, uint32_t slot, uint8_t priority)
{
	if (slot < ARCH_MAX_LRS && slot != g->sgi_slot)
		g->templ[slot] = (g->templ[slot] & ~LR_PRIORITY(0xffu)) | LR_PRIORITY(priority);
}

uint8_t vgic_priority(const struct arch_vgic *g, uint32_t slot)
{
	return (uint8_t)(g->templ[slot < ARCH_MAX_LRS ? slot : 0] >> 48);
}

/*
 * Save and load are on every window switch: straight-line code entered at
 * the number of list registers (and active-priority registers) there are,
 * two instructions a register.
 */
void vgic_save(struct arch_vgic *g)
{
	switch (n_lrs) {
	case 16: g->lr[15] = read_sysreg(ich_lr15_el2); /* fall through */
	case 15: g->lr[14] = read_sysreg(ich_lr14_el2); /* fall through */
	case 14: g->lr[13] = read_sysreg(ich_lr13_el2); /* fall through */
	case 13: g->lr[12] = read_sysreg(ich_lr12_el2); /* fall through */
	case 12: g->lr[11] = read_sysreg(ich_lr11_el2); /* fall through */
	case 11: g->lr[10] = read_sysreg(ich_lr10_el2); /* fall through */
	case 10: g->lr[9] = read_sysreg(ich_lr9_el2); /* fall through */
	case 9: g->lr[8] = read_sysreg(ich_lr8_el2); /* fall through */
	case 8: g->lr[7] = read_sysreg(ich_lr7_el2); /* fall through */
	case 7: g->lr[6] = read_sysreg(ich_lr6_el2); /* fall through */
	case 6: g->lr[5] = read_sysreg(ich_lr5_el2); /* fall through */
	case 5: g->lr[4] = read_sysreg(ich_lr4_el2); /* fall through */
	case 4: g->lr[3] = read_sysreg(ich_lr3_el2); /* fall through */
	case 3: g->lr[2] = read_sysreg(ich_lr2_el2); /* fall through */
	case 2: g->lr[1] = read_sysreg(ich_lr1_el2); /* fall through */
	case 1: g->lr[0] = read_sysreg(ich_lr0_el2); /* fall through */
	default: break;
	}
	switch (n_aprs) {
	case 4:
		g->ap0r[3] = read_sysreg(ich_ap0r3_el2);
		g->ap1r[3] = read_sysreg(ich_ap1r3_el2);
		g->ap0r[2] = read_sysreg(ich_ap0r2_el2);
		g->ap1r[2] = read_sysreg(ich_ap1r2_el2);
		/* fall through */
	case 2:
		g->ap0r[1] = read_sysreg(ich_ap0r1_el2);
		g->ap1r[1] = read_sysreg(ich_ap1r1_el2);
		/* fall through */
	default:
		g->ap0r[0] = read_sysreg(ich_ap0r0_el2);
		g->ap1r[0] = read_sysreg(ich_ap1r0_el2);
		break;
	}
	g->vmcr = read_sysreg(ich_vmcr_el2);
}

void vgic_load(const struct arch_vgic *g)
{
	switch (n_lrs) {
	case 16: write_sysreg(ich_lr15_el2, g->lr[15]); /* fall through */
	case 15: write_sysreg(ich_lr14_el2, g->lr[14]); /* fall through */
	case 14: write_sysreg(ich_lr13_el2, g->lr[13]); /* fall through */
	case 13: write_sysreg(ich_lr12_el2, g->lr[12]); /* fall through */
	case 12: write_sysreg(ich_lr11_el2, g->lr[11]); /* fall through */
	case 11: write_sysreg(ich_lr10_el2, g->lr[10]); /* fall through */
	case 10: write_sysreg(ich_lr9_el2, g->lr[9]); /* fall through */
	case 9: write_sysreg(ich_lr8_el2, g->lr[8]); /* fall through */
	case 8: write_sysreg(ich_lr7_el2, g->lr[7]); /* fall through */
	case 7: write_sysreg(ich_lr6_el2, g->lr[6]); /* fall through */
	case 6: write_sysreg(ich_lr5_el2, g->lr[5]); /* fall through */
	case 5: write_sysreg(ich_lr4_el2, g->lr[4]); /* fall through */
	case 4: write_sysreg(ich_lr3_el2, g->lr[3]); /* fall through */
	case 3: write_sysreg(ich_lr2_el2, g->lr[2]); /* fall through */
	case 2: write_sysreg(ich_lr1_el2, g->lr[1]); /* fall through */
	case 1: write_sysreg(ich_lr0_el2, g->lr[0]); /* fall through */
	default: break;
	}
	switch (n_aprs) {
	case 4:
		write_sysreg(ich_ap0r3_el2, g->ap0r[3]);
		write_sysreg(ich_ap1r3_el2, g->ap1r[3]);
		write_sysreg(ich_ap0r2_el2, g->ap0r[2]);
		write_sysreg(ich_ap1r2_el2, g->ap1r[2]);
		/* fall through */
	case 2:
		write_sysreg(ich_ap0r1_el2, g->ap0r[1]);
		write_sysreg(ich_ap1r1_el2, g->ap1r[1]);
		/* fall through */
	default:
		write_sysreg(ich_ap0r0_el2, g->ap0r[0]);
		write_sysreg(ich_ap1r0_el2, g->ap1r[0]);
		break;
	}
	write_sysreg(ich_vmcr_el2, g->vmcr);
}

/*
 * The SGIs' slot: one SGI at a time in its list register, the lowest
 * pending one the partition has enabled. While one is there and others
 * wait, the list register asks for a maintenance interrupt when the
 * partition completes it (EOI bit), and the next goes in then.
 */
static void flush_sgis(struct arch_vgic *g)
{
	uint32_t k = g->sgi_slot;
	uint32_t waiting = __atomic_load_n(&g->sgis, __ATOMIC_ACQUIRE) & g->ppi_enabled & 0xffffu;
	uint64_t lr = vgic_read_lr(k);
	uint32_t sgi;

	if (lr & (LR_STATE_PENDING | LR_STATE_ACTIVE)) {
		if (waiting != 0u && (lr & LR_EOI) == 0u)
			vgic_write_lr(k, lr | LR_EOI);
		return;
	}
	if (waiting == 0u || (g->live & (1u << k)) == 0u) {
		if (lr != 0u)
			vgic_write_lr(k, 0u); /* an EOI bit left behind: no more maintenance */
		return;
	}
	sgi = (uint32_t)__builtin_ctz(waiting);
	__atomic_and_fetch(&g->sgis, ~(1u << sgi), __ATOMIC_ACQ_REL);
	vgic_write_lr(k, sgi | LR_GROUP1 | LR_PRIORITY(g->ppi_priority[sgi]) |
				 LR_STATE_PENDING | ((waiting & (waiting - 1u)) != 0u ? LR_EOI : 0u));
}

void vgic_flush(struct arch_vgic *g)
{
	uint32_t pend = __atomic_exchange_n(&g->pending, 0u, __ATOMIC_ACQUIRE) |
			g->pending_irq;
	uint32_t held;

	g->pending_irq = 0;
	if (g->sgi_slot != 0u) {
		flush_sgis(g);
		pend &= ~(1u << g->sgi_slot);
	}
	if (pend == 0u)
		return; /* the common case, on every window switch */
	/* What the partition has disabled waits, pending, until it enables it. */
	held = pend & ~g->live;
	if (held != 0u) {
		__atomic_or_fetch(&g->pending, held, __ATOMIC_RELEASE);
		pend &= g->live;
	}

	/* One list register per pending slot: at most n_lrs steps. */
	for (uint32_t k = 0; pend != 0u && k < n_lrs; k++, pend >>= 1)
		if ((pend & 1u) != 0u)
			vgic_lr_pend(g, k);
}

uint64_t vgic_lr(const struct arch_vgic *g, uint32_t slot, bool loaded)
{
	if (slot >= n_lrs)
		return 0u;
	return loaded ? vgic_read_lr(slot) : g->lr[slot];
}

void vgic_set_lr(struct arch_vgic *g, uint32_t slot, bool loaded, uint64_t lr)
{
	if (slot >= n_lrs)
		return;
	if (loaded)
		vgic_write_lr(slot, lr);
	else
		g->lr[slot] = lr;
}
