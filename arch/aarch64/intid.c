/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the GICv3 numbering says of an interrupt, apart from the device:
 * plain C, so the host tests of generated tables link it (tests/unit).
 */
#include <arch/gicv3.h>
#include <sk/arch/irq.h>

/* SPIs (32 to 1019) are routed by the distributor to any CPU; SGIs and
 * PPIs (0 to 31) are each CPU's own; 1020 and up are no interrupt. */
bool arch_irq_is_shared(uint32_t intid)
{
	return intid >= INTID_FIRST_SPI && intid < INTID_SPURIOUS;
}
