/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Devices the kernel emulates for a partition (struct sk_vdev): a trapped
 * access to one of their registers is answered here instead of going to
 * the health monitor.
 */
#ifndef SK_VDEV_H
#define SK_VDEV_H

#include <sk/exit.h>
#include <sk/partition.h>
#include <sk/vdev_fast.h>

/*
 * If fault f of vCPU v is a load or store of one register to a device the
 * kernel emulates for v's partition, carry it out and return true (v goes
 * on at its next instruction, whatever its length); else return false and
 * change nothing but, for an access at such a device's registers that the
 * model cannot carry out (no single-register syndrome, or a fetch), the
 * fault's description: it says so, for the health monitor.
 */
bool sk_vdev_fault(struct sk_vcpu *v, struct sk_fault *f);

/*
 * The emulated PL011's registers, for the tests: an access of `size`
 * bytes at `offset`, writing *value or reading into it. The UART's lines
 * go to the partition's console line; its interrupt, when it rises, to
 * virtual interrupt slot `slot` of vCPU 0.
 */
void sk_vuart_access(const struct sk_partition_desc *p, uint32_t slot, uint64_t offset,
		     uint32_t size, bool write, uint64_t *value);

/*
 * `n` bytes received for p's emulated PL011: into its receive FIFO (what
 * does not fit is counted in rx_dropped and lost), then its receive
 * interrupt, if enabled, to virtual interrupt slot `slot` of vCPU 0.
 */
void sk_vuart_receive(const struct sk_partition_desc *p, uint32_t slot, const uint8_t *bytes,
		      uint32_t n);

/*
 * The kernel console's receive interrupt (sk_system.console_irq): take
 * what it received and give it to the emulated PL011 of the partition
 * that receives console input, if any; otherwise drop it.
 */
void sk_console_input(void);

#endif /* SK_VDEV_H */
