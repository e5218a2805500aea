/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Emulated devices (sk/vdev.h). The interrupt controller every partition
 * sees is the architecture's (sk/arch/irq.h); the one here is an Arm
 * PL011 UART whose
 * transmitter writes into the partition's console line, so an operating
 * system's own PL011 driver works unmodified and its lines reach the
 * kernel's console prefixed with the partition's name, like everyone
 * else's. Transmit never fills: each byte is taken at once. It receives
 * what is typed on the kernel's console if its partition is the one the
 * description gives console input to (sk_system.console_input):
 * sk_console_input() moves the bytes the physical UART received into its
 * receive FIFO, and raises its receive interrupt. Anyone else's receive
 * FIFO is always empty.
 */
#include <sk/arch/console.h>
#include <sk/arch/irq.h>
#include <sk/arch/vcpu.h>
#include <sk/console.h>
#include <sk/vdev.h>

/* PL011 registers (offsets) and bits. */
#define UART_DR SK_VUART_DR
#define UART_RSR 0x004u
#define UART_FR SK_VUART_FR
#define UART_ILPR 0x020u
#define UART_IBRD 0x024u
#define UART_FBRD 0x028u
#define UART_LCR_H 0x02cu
#define UART_CR 0x030u
#define UART_IFLS 0x034u
#define UART_IMSC 0x038u
#define UART_RIS 0x03cu
#define UART_MIS 0x040u
#define UART_ICR 0x044u
#define UART_DMACR 0x048u
#define UART_ID 0xfe0u   /* PeriphID0-3, then PCellID0-3, one byte each per word */

#define INT_RX (1u << 4)
#define INT_TX (1u << 5)
#define INT_RT (1u << 6)

/* PrimeCell identification, as an ARM PL011 r1p5 (what the AMBA bus of an
 * operating system probes). */
static const uint8_t uart_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

/* The transmit FIFO is always empty, so its interrupt is always raised;
 * receive (and receive timeout) while the receive FIFO holds anything. */
static uint32_t raw_interrupts(const struct sk_vuart *u)
{
	return INT_TX | (u->rx_count != 0u ? INT_RX | INT_RT : 0u);
}

/* The oldest received byte, taken out; 0 if there is none. */
static uint32_t rx_pop(struct sk_vuart *u)
{
	uint32_t c;

	if (u->rx_count == 0u)
		return 0u;
	c = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1u) % SK_VUART_RX_SIZE;
	u->rx_count--;
	return c;
}

void sk_vuart_access(const struct sk_partition_desc *p, uint32_t slot, uint64_t offset,
		     uint32_t size, bool write, uint64_t *value)
{
	struct sk_vuart *u = &p->state->vuart;
	uint32_t *reg = NULL;
	uint32_t v = (uint32_t)*value;
	bool level, rise;

	sk_spin_lock(&u->lock);
	switch (offset) {
	case UART_DR:
		if (write) {
			char c = (char)(v & 0xffu);

			sk_console_partition_write(p, &c, 1);
		} else {
			v = rx_pop(u);
		}
		break;
	case UART_FR:
		v = sk_vuart_fr(u);
		break;
	case UART_ILPR: reg = &u->ilpr; break;
	case UART_IBRD: reg = &u->ibrd; break;
	case UART_FBRD: reg = &u->fbrd; break;
	case UART_LCR_H: reg = &u->lcr_h; break;
	case UART_CR: reg = &u->cr; break;
	case UART_IFLS: reg = &u->ifls; break;
	case UART_IMSC: reg = &u->imsc; break;
	case UART_DMACR: reg = &u->dmacr; break;
	case UART_RIS:
		v = raw_interrupts(u);
		break;
	case UART_MIS:
		v = raw_interrupts(u) & u->imsc;
		break;
	default:
		if (offset >= UART_ID && offset < UART_ID + 32u && offset % 4u == 0u)
			v = uart_id[(offset - UART_ID) / 4u];
		else
			v = 0; /* RSR, ICR and what the PL011 does not have: RAZ/WI */
		break;
	}
	if (reg != NULL) {
		if (write)
			*reg = v & 0xffffu;
		else
			v = *reg;
	}
	if (!write)
		*value = sk_mmio_width(v, size);
	/* The line follows the enabled interrupts; give it to vCPU 0 when it
	 * rises (the partition's handler writes IMSC, or reads the receive
	 * FIFO empty, to lower it). */
	level = (raw_interrupts(u) & u->imsc) != 0u;
	rise = level && !u->asserted;
	u->asserted = level;
	sk_spin_unlock(&u->lock);
	if (rise && slot != SK_NONE)
		arch_virq_inject(&p->vcpus[0], slot, false);
}

/* The virtual interrupt slot of emulated device `index` of p, or SK_NONE. */
static uint32_t vdev_slot(const struct sk_partition_desc *p, uint32_t index)
{
	uint32_t slot = SK_VIRQ_FIRST_IRQ + p->n_irqs + p->n_doorbells;

	if (p->vdevs[index].intid == SK_NONE)
		return SK_NONE;
	for (uint32_t i = 0; i < index; i++)
		slot += p->vdevs[i].intid != SK_NONE;
	return slot;
}

void sk_vuart_receive(const struct sk_partition_desc *p, uint32_t slot, const uint8_t *bytes,
		      uint32_t n)
{
	struct sk_vuart *u = &p->state->vuart;
	bool raise;

	sk_spin_lock(&u->lock);
	for (uint32_t i = 0; i < n; i++) {
		if (u->rx_count == SK_VUART_RX_SIZE) {
			u->rx_dropped += n - i;
			break;
		}
		u->rx[(u->rx_head + u->rx_count) % SK_VUART_RX_SIZE] = bytes[i];
		u->rx_count++;
	}
	/* New input interrupts again even while the line is up (the
	 * transmit interrupt may hold it): the partition's handler then
	 * finds the receive FIFO full (a virtual interrupt already pending
	 * is not made pending twice). */
	raise = (raw_interrupts(u) & u->imsc & (INT_RX | INT_RT)) != 0u;
	u->asserted = u->asserted || raise;
	sk_spin_unlock(&u->lock);
	if (raise && slot != SK_NONE)
		arch_virq_inject(&p->vcpus[0], slot, false);
}

/* The most bytes taken from the console per interrupt: the physical
 * UART's receive FIFO holds 32 at most. */
#define CONSOLE_INPUT_MAX 32u

void sk_console_input(void)
{
	uint8_t buf[CONSOLE_INPUT_MAX];
	uint32_t n = 0;
	const struct sk_partition_desc *p;

	while (n < CONSOLE_INPUT_MAX && arch_console_getc(&buf[n]))
		n++;
	if (sk_system.console_input >= sk_system.n_partitions)
		return; /* nobody receives: what was typed is dropped */
	p = &sk_system.partitions[sk_system.console_input];
	/* Whoever types sees the line they type into (a prompt) now. */
	if (n > 0u)
		sk_console_partition_open(p);
	for (uint32_t i = 0; i < p->n_vdevs; i++)
		if (p->vdevs[i].kind == SK_VDEV_PL011) {
			sk_vuart_receive(p, vdev_slot(p, i), buf, n);
			return;
		}
}

/* What a fault at an emulated device's registers is when it is no access
 * the model can carry out: an instruction fetch, or a load or store that
 * is not of one general register (a pair, an exclusive, a SIMD register,
 * writeback, a cache-block zeroing), which the architecture does not
 * describe well enough to complete. */
static const char *unsupported(uint32_t kind)
{
	return kind == SK_VDEV_PL011 ? "an access the emulated PL011 does not support" :
				       "an access the emulated interrupt controller does not support";
}

bool sk_vdev_fault(struct sk_vcpu *v, struct sk_fault *f)
{
	const struct sk_partition_desc *p = v->partition;
	bool single = f->mmio_size != 0u && f->access != SK_MEM_EXEC;
	bool write = f->access == SK_MEM_WRITE;
	const struct sk_vdev *d;
	uint64_t value = 0;
	uint32_t i;

	if (f->kind != SK_FAULT_MEMORY || !f->addr_valid)
		return false;
	d = sk_vdev_at(p, f->addr, single ? f->mmio_size : 1u, &i);
	if (d == NULL)
		return false;
	if (!single) {
		f->what = unsupported(d->kind);
		return false;
	}
	if (write)
		value = arch_vcpu_mmio_stored(v, f);
	switch (d->kind) {
	case SK_VDEV_PL011:
		sk_vuart_access(p, vdev_slot(p, i), f->addr - d->ipa.ipa, f->mmio_size, write,
				&value);
		break;
	default:
		if (!arch_irqchip_access(v, d, f->addr - d->ipa.ipa, f->mmio_size, write, &value))
			return false;
		break;
	}
	arch_vcpu_mmio_done(v, f, write ? 0u : value);
	return true;
}
