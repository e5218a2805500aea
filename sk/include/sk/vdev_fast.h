/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The emulated devices' fast-path decision: the two accesses a guest's
 * console makes for every byte to its emulated PL011 (a load of the flag
 * register, a store to the data register of a byte that only adds to the
 * partition's console line) answered before the full exit. Portable,
 * inline and calling nothing (the architecture's fast path,
 * arch/aarch64/hvc_fast.c, may call no function). Which device an access
 * is at, and a register's value at the access's width, are decided by
 * the same code on the full path (sk/vdev.c).
 */
#ifndef SK_VDEV_FAST_H
#define SK_VDEV_FAST_H

#include <sk/config.h>
#include <sk/console_fast.h>
#include <sk/cpu.h>
#include <sk/fast.h>
#include <sk/lib.h>
#include <sk/partition.h>

/* The emulated PL011's data and flag registers (offsets). */
#define SK_VUART_DR 0x000u
#define SK_VUART_FR 0x018u

/* A load or store of one register the architecture decoded from its
 * syndrome: the faulting intermediate physical address, the access's size
 * in bytes (1, 2, 4 or 8), its direction and, for a store, the value
 * stored (for a load, the value loaded is written here). */
struct sk_mmio {
	uint64_t addr;
	uint64_t value;
	uint32_t size;
	bool write;
};

/* The emulated device of p that [addr, addr + size) lies in, its index
 * into *index; NULL if none (p's devices never overlap: sk_verify). */
static inline const struct sk_vdev *sk_vdev_at(const struct sk_partition_desc *p,
					       uint64_t addr, uint64_t size, uint32_t *index)
{
	for (uint32_t i = 0; i < p->n_vdevs; i++) {
		if (sk_range_within(addr, size, p->vdevs[i].ipa.ipa, p->vdevs[i].size)) {
			*index = i;
			return &p->vdevs[i];
		}
	}
	return NULL;
}

/* A register's value `v` as a load of `size` bytes sees it. */
static inline uint64_t sk_mmio_width(uint64_t v, uint32_t size)
{
	return size >= 8u ? v : v & ((1ull << (8u * size)) - 1u);
}

/* The emulated PL011's flag register (FR) of u: transmit FIFO always
 * empty; receive FIFO empty or full as it is. Read without the lock by the
 * fast path (a single snapshot of rx_count). */
static inline uint32_t sk_vuart_fr(const struct sk_vuart *u)
{
	uint32_t n = __atomic_load_n(&u->rx_count, __ATOMIC_RELAXED);

	return 1u << 7 /* TXFE */ | (n == 0u ? 1u << 4 /* RXFE */ : 0u) |
	       (n == SK_VUART_RX_SIZE ? 1u << 6 /* RXFF */ : 0u);
}

/*
 * Access m of the vCPU running on `cpu`: if it is a load of the flag
 * register of its partition's emulated PL011 (the value into m->value),
 * or a store to its data register of a byte that goes into the
 * partition's console line and no further (sk_console_append_fast()),
 * SK_FAST_DONE: the architecture completes the access and the vCPU goes
 * on at its next instruction. Anything else, SK_FAST_EXIT, nothing
 * changed: sk/vdev.c answers every register.
 */
static inline uint32_t sk_vdev_fast(const struct sk_cpu *cpu, struct sk_mmio *m)
{
	const struct sk_partition_desc *p = cpu->current->partition;
	const struct sk_vdev *d;
	uint32_t index;
	uint64_t offset;

	d = sk_vdev_at(p, m->addr, m->size, &index);
	if (d == NULL || d->kind != SK_VDEV_PL011)
		return SK_FAST_EXIT;
	offset = m->addr - d->ipa.ipa;
	if (!m->write && offset == SK_VUART_FR) {
		m->value = sk_mmio_width(sk_vuart_fr(&p->state->vuart), m->size);
		return SK_FAST_DONE;
	}
	if (m->write && offset == SK_VUART_DR &&
	    sk_console_append_fast(p, (char)(m->value & 0xffu)))
		return SK_FAST_DONE;
	return SK_FAST_EXIT;
}

#endif /* SK_VDEV_FAST_H */
