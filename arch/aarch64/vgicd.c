/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The GICv3 distributor and redistributors the kernel emulates for every
 * partition, at the board's GIC addresses (SK_VDEV_IRQCHIP and
 * SK_VDEV_IRQCHIP_CPU), and the SGIs a partition sends through
 * ICC_SGI1R_EL1. Enough of a GICv3 for an operating system's own driver
 * (Linux's irq-gic-v3) to find each vCPU's redistributor, enable, disable,
 * prioritise and configure its interrupts and send SGIs between its vCPUs.
 *
 * A partition sees and controls only its own interrupts: the shared ones
 * it was given (its devices', its doorbells', its emulated devices'), which
 * go to its vCPU 0, and each vCPU's timer PPI and SGIs. Every other INTID
 * reads as zero and ignores writes. The physical GIC is never touched,
 * except to deactivate the partition's own device interrupt when it
 * clears that interrupt's active state.
 *
 * What the model leaves out, read as zero and ignoring writes: group 0
 * (IGROUPR reads as all ones: everything is group 1, and there is one
 * security state, GICD_CTLR.DS), LPIs and ITS, message-based SPIs, the
 * extended SPI and PPI ranges, setting an interrupt active. IROUTER reads
 * back what was written but shared interrupts go to vCPU 0 whatever it
 * says. Registers are accessed as 32-bit words (IPRIORITYR also bytewise,
 * IROUTER and GICR_TYPER also as 64-bit words).
 */
#include <arch/inject.h>
#include <arch/gicv3.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>
#include <sk/arch/vcpu.h>
#include <sk/config.h>
#include <sk/cpu.h>
#include <sk/partition.h>

/* Distributor registers (offsets in its 64 KiB frame). */
#define GICD_CTLR 0x0000u
#define GICD_TYPER 0x0004u
#define GICD_IIDR 0x0008u
#define GICD_IGROUPR 0x0080u
#define GICD_ISENABLER 0x0100u
#define GICD_ICENABLER 0x0180u
#define GICD_ISPENDR 0x0200u
#define GICD_ICPENDR 0x0280u
#define GICD_ISACTIVER 0x0300u
#define GICD_ICACTIVER 0x0380u
#define GICD_IPRIORITYR 0x0400u
#define GICD_ICFGR 0x0c00u
#define GICD_IROUTER 0x6000u
#define GICD_PIDR2 0xffe8u
#define GICD_BANK_END 0x0080u /* each bit array is 0x80 bytes: 1024 INTIDs */

#define GICD_CTLR_ENABLE_G1 (1u << 1)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_DS (1u << 6)

/* Redistributor: RD_base frame, then SGI_base frame 64 KiB above. */
#define GICR_FRAMES 0x20000u
#define GICR_CTLR 0x0000u
#define GICR_IIDR 0x0004u
#define GICR_TYPER 0x0008u
#define GICR_WAKER 0x0014u
#define GICR_PIDR2 0xffe8u
#define GICR_SGI 0x10000u
#define GICR_IGROUPR0 (GICR_SGI + 0x0080u)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100u)
#define GICR_ICENABLER0 (GICR_SGI + 0x0180u)
#define GICR_ISPENDR0 (GICR_SGI + 0x0200u)
#define GICR_ICPENDR0 (GICR_SGI + 0x0280u)
#define GICR_ISACTIVER0 (GICR_SGI + 0x0300u)
#define GICR_ICACTIVER0 (GICR_SGI + 0x0380u)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400u)
#define GICR_ICFGR0 (GICR_SGI + 0x0c00u)
#define GICR_ICFGR1 (GICR_SGI + 0x0c04u)

#define GICR_TYPER_LAST (1ull << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

/* Identification: implementer Arm (JEP106 0x43b), product 'B'; GICv3. */
#define VGIC_IIDR (0x43bu | (0x42u << 24))
#define VGIC_PIDR2 0x3bu /* ArchRev 3 */

/* SGIs are edge-triggered, two bits each: ICFGR0 reads 0xaaaaaaaa. */
#define ICFGR_SGIS 0xaaaaaaaau

/* One operation on a bit of a bit-array register. */
enum bit_op { BIT_READ_ENABLE, BIT_SET_ENABLE, BIT_CLEAR_ENABLE, BIT_READ_PENDING,
	      BIT_SET_PENDING, BIT_CLEAR_PENDING, BIT_READ_ACTIVE, BIT_CLEAR_ACTIVE };

static bool loaded(const struct sk_vcpu *v)
{
	return aarch64_this_cpu()->current == v;
}

/* Which slots of v may be delivered now: enabled, and group 1 enabled. */
static void update_live(const struct sk_partition_desc *p, struct sk_vcpu *v)
{
	struct arch_vgic *g = &v->arch.vgic;
	uint32_t live = (p->state->arch.vgicd.ctlr & GICD_CTLR_ENABLE_G1) ? g->enabled : 0u;
	uint32_t gained = live & ~g->live;

	__atomic_store_n(&g->live, live, __ATOMIC_RELEASE);
	/* What waited for this is delivered now: at once on this CPU (the
	 * exit path flushes), by a kick if v runs on another. */
	if (gained != 0u && !loaded(v))
		for (uint32_t k = 0; k < ARCH_MAX_LRS; k++)
			if (gained & (1u << k) & __atomic_load_n(&g->pending, __ATOMIC_ACQUIRE))
				aarch64_virq_inject(v, k);
}

/* Take slot k back out of v's list register if it is only pending there
 * (it was disabled or cleared): it waits in v's pending set instead. */
static void unpend(struct sk_vcpu *v, uint32_t k, bool keep)
{
	struct arch_vgic *g = &v->arch.vgic;
	bool here = loaded(v);
	uint64_t lr = vgic_lr(g, k, here);

	if ((lr & LR_STATE_PENDING) == 0u)
		return;
	vgic_set_lr(g, k, here, (lr & LR_STATE_ACTIVE) ? lr & ~LR_STATE_PENDING : 0u);
	if (keep)
		__atomic_or_fetch(&g->pending, 1u << k, __ATOMIC_RELEASE);
}

/* An operation on one SGI or PPI of vCPU v. Returns the bit read. */
static bool private_bit(const struct sk_partition_desc *p, struct sk_vcpu *v,
			uint32_t intid, enum bit_op op)
{
	struct arch_vgic *g = &v->arch.vgic;
	bool sgi = intid < 16u;
	uint32_t k = sgi ? g->sgi_slot : vgic_slot_of(g, intid);
	bool ours = sgi ? g->sgi_slot != 0u : intid == sk_system.arch.vtimer_intid;
	uint64_t lr;

	if (!ours)
		return false;
	switch (op) {
	case BIT_READ_ENABLE:
		return (g->ppi_enabled >> intid) & 1u;
	case BIT_SET_ENABLE:
		__atomic_or_fetch(&g->ppi_enabled, 1u << intid, __ATOMIC_RELEASE);
		if (!sgi)
			g->enabled |= 1u << k;
		update_live(p, v);
		if (sgi && !loaded(v) && (__atomic_load_n(&g->sgis, __ATOMIC_ACQUIRE) >> intid & 1u))
			aarch64_virq_inject(v, k);
		return false;
	case BIT_CLEAR_ENABLE:
		__atomic_and_fetch(&g->ppi_enabled, ~(1u << intid), __ATOMIC_RELEASE);
		if (!sgi) {
			g->enabled &= ~(1u << k);
			update_live(p, v);
			unpend(v, k, true);
		}
		return false;
	case BIT_READ_PENDING:
		lr = vgic_lr(g, k, loaded(v));
		if (sgi)
			return ((__atomic_load_n(&g->sgis, __ATOMIC_ACQUIRE) >> intid) & 1u) ||
			       ((lr & LR_STATE_PENDING) && (lr & LR_VINTID_MASK) == intid);
		return ((__atomic_load_n(&g->pending, __ATOMIC_ACQUIRE) | g->pending_irq) >> k & 1u) ||
		       (lr & LR_STATE_PENDING);
	case BIT_SET_PENDING:
		if (sgi)
			__atomic_or_fetch(&g->sgis, 1u << intid, __ATOMIC_RELEASE);
		aarch64_virq_inject(v, k);
		return false;
	case BIT_CLEAR_PENDING:
		if (sgi) {
			__atomic_and_fetch(&g->sgis, ~(1u << intid), __ATOMIC_ACQ_REL);
			if ((vgic_lr(g, k, loaded(v)) & LR_VINTID_MASK) == intid)
				unpend(v, k, false);
		} else {
			__atomic_and_fetch(&g->pending, ~(1u << k), __ATOMIC_ACQ_REL);
			unpend(v, k, false);
		}
		return false;
	case BIT_READ_ACTIVE:
		lr = vgic_lr(g, k, loaded(v));
		return (lr & LR_STATE_ACTIVE) && (lr & LR_VINTID_MASK) == intid;
	case BIT_CLEAR_ACTIVE:
		lr = vgic_lr(g, k, loaded(v));
		if ((lr & LR_STATE_ACTIVE) && (lr & LR_VINTID_MASK) == intid)
			vgic_set_lr(g, k, loaded(v),
				    (lr & LR_STATE_PENDING) ? lr & ~LR_STATE_ACTIVE : 0u);
		return false;
	}
	return false;
}

/* An operation on one shared interrupt (INTID >= 32) of partition p: its
 * slot in vCPU 0, if p has it. Returns the bit read. */
static bool shared_bit(const struct sk_partition_desc *p, uint32_t intid, enum bit_op op)
{
	struct sk_vcpu *v = &p->vcpus[0];
	struct arch_vgic *g = &v->arch.vgic;
	uint32_t k = vgic_slot_of(g, intid);
	uint64_t lr;

	if (k == 0u || intid == sk_system.arch.vtimer_intid)
		return false;
	switch (op) {
	case BIT_READ_ENABLE:
		return (g->enabled >> k) & 1u;
	case BIT_SET_ENABLE:
		g->enabled |= 1u << k;
		update_live(p, v);
		return false;
	case BIT_CLEAR_ENABLE:
		g->enabled &= ~(1u << k);
		update_live(p, v);
		unpend(v, k, true);
		return false;
	case BIT_READ_PENDING:
		lr = vgic_lr(g, k, loaded(v));
		return ((__atomic_load_n(&g->pending, __ATOMIC_ACQUIRE) >> k) & 1u) ||
		       (lr & LR_STATE_PENDING);
	case BIT_SET_PENDING:
		aarch64_virq_inject(v, k);
		return false;
	case BIT_CLEAR_PENDING:
		__atomic_and_fetch(&g->pending, ~(1u << k), __ATOMIC_ACQ_REL);
		unpend(v, k, false);
		return false;
	case BIT_READ_ACTIVE:
		return (vgic_lr(g, k, loaded(v)) & LR_STATE_ACTIVE) != 0u;
	case BIT_CLEAR_ACTIVE:
		lr = vgic_lr(g, k, loaded(v));
		if (lr & LR_STATE_ACTIVE) {
			vgic_set_lr(g, k, loaded(v),
				    (lr & LR_STATE_PENDING) ? lr & ~LR_STATE_ACTIVE : 0u);
			/* A device's interrupt stays active at the GIC until
			 * its virtual one completes: complete it there too. */
			if (lr & LR_HW)
				gic_spi_reset((uint32_t)(g->templ[k] & LR_VINTID_MASK));
		}
		return false;
	}
	return false;
}

/* A 32-bit access to a bit array: 32 INTIDs from `first`, of vCPU `v`
 * (SGIs and PPIs) or of the distributor (v NULL). */
static uint32_t bit_array(const struct sk_partition_desc *p, struct sk_vcpu *v,
			  uint32_t first, enum bit_op op, bool write, uint32_t value)
{
	uint32_t out = 0;

	for (uint32_t i = 0; i < 32u; i++) {
		uint32_t intid = first + i;
		bool bit;

		if (write && (value & (1u << i)) == 0u)
			continue;
		bit = v != NULL ? private_bit(p, v, intid, op) :
		      intid >= 32u ? shared_bit(p, intid, op) : false;
		out |= (uint32_t)bit << i;
	}
	return out;
}

/* The read and write operations of each bit-array register. */
static bool array_ops(uint32_t reg, enum bit_op *read, enum bit_op *write)
{
	switch (reg) {
	case GICD_ISENABLER: *read = BIT_READ_ENABLE; *write = BIT_SET_ENABLE; return true;
	case GICD_ICENABLER: *read = BIT_READ_ENABLE; *write = BIT_CLEAR_ENABLE; return true;
	case GICD_ISPENDR: *read = BIT_READ_PENDING; *write = BIT_SET_PENDING; return true;
	case GICD_ICPENDR: *read = BIT_READ_PENDING; *write = BIT_CLEAR_PENDING; return true;
	case GICD_ISACTIVER: *read = BIT_READ_ACTIVE; *write = BIT_READ_ACTIVE; return true;
	case GICD_ICACTIVER: *read = BIT_READ_ACTIVE; *write = BIT_CLEAR_ACTIVE; return true;
	default: return false;
	}
}

/* Priority byte of an INTID: of vCPU v's SGIs and PPIs, or a shared one. */
static uint8_t priority_of(const struct sk_partition_desc *p, struct sk_vcpu *v, uint32_t intid)
{
	const struct arch_vgic *g = v != NULL ? &v->arch.vgic : &p->vcpus[0].arch.vgic;
	uint32_t k;

	if (v != NULL)
		return (intid < 16u ? g->sgi_slot != 0u : intid == sk_system.arch.vtimer_intid) ?
			       g->ppi_priority[intid] : 0u;
	k = vgic_slot_of(g, intid);
	return intid >= 32u && k != 0u ? vgic_priority(g, k) : 0u;
}

static void set_priority(const struct sk_partition_desc *p, struct sk_vcpu *v, uint32_t intid,
			 uint8_t prio)
{
	struct arch_vgic *g = v != NULL ? &v->arch.vgic : &p->vcpus[0].arch.vgic;
	uint32_t k;

	if (v != NULL) {
		if (intid < 16u ? g->sgi_slot != 0u : intid == sk_system.arch.vtimer_intid)
			g->ppi_priority[intid] = prio;
		if (intid == sk_system.arch.vtimer_intid)
			vgic_set_priority(g, SK_VIRQ_TIMER, prio);
		return;
	}
	k = vgic_slot_of(g, intid);
	if (intid >= 32u && k != 0u)
		vgic_set_priority(g, k, prio);
}

/* IPRIORITYR: `size` bytes (1 or 4) from INTID `first`. */
static uint32_t priorities(const struct sk_partition_desc *p, struct sk_vcpu *v, uint32_t first,
			   uint32_t size, bool write, uint32_t value)
{
	uint32_t out = 0;

	for (uint32_t i = 0; i < size && i < 4u; i++) {
		if (write)
			set_priority(p, v, first + i, (uint8_t)(value >> (8u * i)));
		else
			out |= (uint32_t)priority_of(p, v, first + i) << (8u * i);
	}
	return out;
}

/* GICD_ICFGR<n> of the shared interrupts: bit 2i+1 set = edge-triggered. */
static uint32_t spi_config(const struct sk_partition_desc *p, uint32_t first, bool write,
			   uint32_t value)
{
	struct arch_vgicd *d = &p->state->arch.vgicd;
	const struct arch_vgic *g = &p->vcpus[0].arch.vgic;
	uint32_t out = 0;

	for (uint32_t i = 0; i < 16u; i++) {
		uint32_t k = first + i >= 32u ? vgic_slot_of(g, first + i) : 0u;

		if (k == 0u)
			continue;
		if (write && (value >> (2u * i + 1u) & 1u))
			d->level &= ~(1u << k);
		else if (write)
			d->level |= 1u << k;
		out |= (d->level >> k & 1u) ? 0u : 2u << (2u * i);
	}
	return out;
}

/* The highest INTID partition p has, for GICD_TYPER.ITLinesNumber. */
static uint32_t highest_intid(const struct sk_partition_desc *p)
{
	const struct arch_vgic *g = &p->vcpus[0].arch.vgic;
	uint32_t top = 31u;

	for (uint32_t k = SK_VIRQ_FIRST_IRQ; k < g->n_slots && k < ARCH_MAX_LRS; k++) {
		uint32_t intid = (uint32_t)(g->templ[k] & LR_VINTID_MASK);

		if (k != g->sgi_slot && intid > top)
			top = intid;
	}
	return top;
}

/* One 32-bit register of the distributor. */
static uint32_t dist_reg(const struct sk_partition_desc *p, uint32_t off, bool write,
			 uint32_t value)
{
	struct arch_vgicd *d = &p->state->arch.vgicd;
	enum bit_op rd, wr;

	if (off == GICD_CTLR) {
		if (write) {
			d->ctlr = value & GICD_CTLR_ENABLE_G1;
			for (uint32_t i = 0; i < p->n_vcpus; i++)
				update_live(p, &p->vcpus[i]);
		}
		return d->ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
	}
	if (off == GICD_TYPER)
		/* ITLinesNumber, 10 INTID bits, no LPIs, no 1-of-N routing. */
		return (highest_intid(p) / 32u) | (9u << 19) | (1u << 25);
	if (off == GICD_IIDR)
		return VGIC_IIDR;
	if (off == GICD_PIDR2)
		return VGIC_PIDR2;
	if (off >= GICD_IGROUPR && off < GICD_IGROUPR + GICD_BANK_END)
		return off == GICD_IGROUPR ? 0u : 0xffffffffu; /* group 1 */
	if (off >= GICD_ISENABLER && off < GICD_IPRIORITYR &&
	    array_ops(off & ~(GICD_BANK_END - 1u), &rd, &wr))
		return bit_array(p, NULL, (off % GICD_BANK_END) * 8u, write ? wr : rd, write,
				 value);
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100u)
		return off < GICD_ICFGR + 8u ? 0u : spi_config(p, (off - GICD_ICFGR) * 4u, write,
								  value);
	return 0u; /* reserved, or what the model leaves out */
}

/* GICD_IROUTER<n> (64-bit) of the shared interrupt n. */
static uint64_t *irouter(const struct sk_partition_desc *p, uint32_t intid)
{
	uint32_t k = intid >= 32u ? vgic_slot_of(&p->vcpus[0].arch.vgic, intid) : 0u;

	return k != 0u ? &p->state->arch.vgicd.irouter[k] : NULL;
}

static uint64_t dist_access(const struct sk_partition_desc *p, uint32_t off, uint32_t size,
			    bool write, uint64_t value)
{
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 1024u)
		return priorities(p, NULL, off - GICD_IPRIORITYR, size, write, (uint32_t)value);
	if (off >= GICD_IROUTER + 32u * 8u && off < GICD_IROUTER + 1024u * 8u) {
		uint64_t *r = irouter(p, (off - GICD_IROUTER) / 8u);
		uint32_t shift = (off % 8u) * 8u;
		uint64_t mask = size >= 8u ? ~0ull : 0xffffffffull << shift;

		if (r == NULL)
			return 0u;
		if (write)
			*r = (*r & ~mask) | ((value << shift) & mask);
		return (*r & mask) >> shift;
	}
	if (size == 8u)
		return dist_reg(p, off, write, (uint32_t)value) |
		       (uint64_t)dist_reg(p, off + 4u, write, (uint32_t)(value >> 32)) << 32;
	return dist_reg(p, off & ~3u, write, (uint32_t)value);
}

/* One 32-bit register of vCPU v's redistributor. */
static uint32_t redist_reg(const struct sk_partition_desc *p, struct sk_vcpu *v, uint32_t off,
			   bool write, uint32_t value)
{
	struct arch_vgic *g = &v->arch.vgic;
	enum bit_op rd, wr;

	switch (off) {
	case GICR_IIDR:
		return VGIC_IIDR;
	case GICR_TYPER:
		/* Processor_Number, and Last on the last vCPU's frame. */
		return (v->index << 8) |
		       (v->index + 1u == p->n_vcpus ? (uint32_t)GICR_TYPER_LAST : 0u);
	case GICR_TYPER + 4u:
		return v->index; /* Affinity: Aff0 is the vCPU index (VMPIDR_EL2) */
	case GICR_WAKER:
		if (write)
			g->waker = value & GICR_WAKER_PROCESSOR_SLEEP;
		return g->waker ? GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP : 0u;
	case GICR_PIDR2:
		return VGIC_PIDR2;
	case GICR_IGROUPR0:
		return 0xffffffffu;
	case GICR_ICFGR0:
		return ICFGR_SGIS;
	case GICR_ICFGR1:
		if (write)
			g->ppi_cfg = value;
		return g->ppi_cfg;
	default:
		break;
	}
	if (off >= GICR_ISENABLER0 && off <= GICR_ICACTIVER0 && off % GICD_BANK_END == 0u &&
	    array_ops(off - GICR_SGI, &rd, &wr))
		return bit_array(p, v, 0u, write ? wr : rd, write, value);
	return 0u; /* GICR_CTLR, LPIs, and what the model leaves out */
}

static uint64_t redist_access(const struct sk_partition_desc *p, uint64_t offset, uint32_t size,
			      bool write, uint64_t value)
{
	uint64_t index = offset / GICR_FRAMES;
	uint32_t off = (uint32_t)(offset % GICR_FRAMES);
	struct sk_vcpu *v;

	if (index >= p->n_vcpus)
		return 0u;
	v = &p->vcpus[index];
	if (off >= GICR_IPRIORITYR && off < GICR_IPRIORITYR + 32u)
		return priorities(p, v, off - GICR_IPRIORITYR, size, write, (uint32_t)value);
	if (size == 8u)
		return redist_reg(p, v, off, write, (uint32_t)value) |
		       (uint64_t)redist_reg(p, v, off + 4u, write, (uint32_t)(value >> 32)) << 32;
	return redist_reg(p, v, off & ~3u, write, (uint32_t)value);
}

bool arch_irqchip_access(struct sk_vcpu *v, const struct sk_vdev *d, uint64_t offset,
			 uint32_t size, bool write, uint64_t *value)
{
	const struct sk_partition_desc *p = v->partition;
	struct sk_spinlock *lock = &p->state->arch.vgicd.lock;
	uint64_t out;

	if (d->kind != SK_VDEV_IRQCHIP && d->kind != SK_VDEV_IRQCHIP_CPU)
		return false;
	sk_spin_lock(lock);
	if (d->kind == SK_VDEV_IRQCHIP)
		out = dist_access(p, (uint32_t)offset, size, write, *value);
	else
		out = redist_access(p, offset, size, write, *value);
	sk_spin_unlock(lock);
	if (!write)
		*value = out;
	return true;
}

void arch_irqchip_reset(const struct sk_partition_desc *p)
{
	struct arch_vgicd *d = &p->state->arch.vgicd;

	d->ctlr = GICD_CTLR_ENABLE_G1;
	d->level = 0;
	for (uint32_t k = 0; k < ARCH_MAX_LRS; k++)
		d->irouter[k] = 0;
}

/*
 * ICC_SGI1R_EL1 written by vCPU v: SGI `INTID` to the vCPUs of its own
 * partition the value names (the target list with Aff3.Aff2.Aff1 zero
 * and the range selector, or every other vCPU with IRM). vCPU i has
 * affinity 0.0.0.i (VMPIDR_EL2).
 */
void vgic_send_sgi(struct sk_vcpu *v, uint64_t value)
{
	const struct sk_partition_desc *p = v->partition;
	uint32_t sgi = (uint32_t)(value >> 24) & 0xfu;
	bool all = (value >> 40) & 1u;
	uint64_t aff321 = ((value >> 16) & 0xffu) | ((value >> 32) & 0xffu) << 8 |
			  ((value >> 48) & 0xffu) << 16;
	uint32_t base = (uint32_t)((value >> 44) & 0xfu) * 16u;

	if (!all && aff321 != 0u)
		return;
	for (uint32_t i = 0; i < p->n_vcpus; i++) {
		struct sk_vcpu *t = &p->vcpus[i];
		bool target = all ? t != v :
			      i >= base && i < base + 16u && (value >> (i - base) & 1u);

		if (!target || t->arch.vgic.sgi_slot == 0u)
			continue;
		__atomic_or_fetch(&t->arch.vgic.sgis, 1u << sgi, __ATOMIC_RELEASE);
		aarch64_virq_inject(t, t->arch.vgic.sgi_slot);
	}
}
