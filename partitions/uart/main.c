/* SPDX-License-Identifier: Apache-2.0 */
/*
 * uart: talks to the PL011 the kernel emulates for a partition with
 * `console: pl011`, the way a driver does: it reads the PrimeCell
 * identification, programs the line, waits for room in the transmit FIFO
 * before each byte, then writes its lines a byte at a time, with 8-, 16-
 * and 32-bit accesses. The kernel prints them as the partition's.
 */
#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>
#include <sk/lib.h>

#ifndef BH_CONSOLE_PL011_IPA
#error "uart: the partition needs console: pl011"
#endif

#define REG32(off) (*(volatile uint32_t *)(uintptr_t)(BH_CONSOLE_PL011_IPA + (off)))
#define REG16(off) (*(volatile uint16_t *)(uintptr_t)(BH_CONSOLE_PL011_IPA + (off)))
#define REG8(off) (*(volatile uint8_t *)(uintptr_t)(BH_CONSOLE_PL011_IPA + (off)))

#define UART_DR 0x000u
#define UART_FR 0x018u
#define UART_IBRD 0x024u
#define UART_LCR_H 0x02cu
#define UART_CR 0x030u
#define UART_IMSC 0x038u
#define UART_MIS 0x040u
#define FR_TXFF (1u << 5)

static void put(const char *s, int width)
{
	for (; *s != '\0'; s++) {
		while (REG32(UART_FR) & FR_TXFF) {
		}
		if (width == 8)
			REG8(UART_DR) = (uint8_t)*s;
		else if (width == 16)
			REG16(UART_DR) = (uint16_t)(uint8_t)*s;
		else
			REG32(UART_DR) = (uint32_t)(uint8_t)*s;
	}
}

int main(void)
{
	uint32_t id = 0, cell = 0;

	for (uint32_t i = 0; i < 4u; i++) {
		id |= (REG32(0xfe0u + 4u * i) & 0xffu) << (8u * i);
		cell |= (REG32(0xff0u + 4u * i) & 0xffu) << (8u * i);
	}
	REG32(UART_CR) = 0;
	REG32(UART_IBRD) = 13;
	REG32(UART_LCR_H) = 0x70; /* 8 bits, FIFO on */
	REG32(UART_CR) = 0x301;   /* enable, TX, RX */
	bh_printf("through the hypercall: PL011 at IPA 0x%lx, periph id 0x%08x, cell id "
		  "0x%08x, FR 0x%x, IBRD %u, CR 0x%x\n", (unsigned long)BH_CONSOLE_PL011_IPA,
		  id, cell, REG32(UART_FR), REG32(UART_IBRD), REG16(UART_CR));
	put("hello through the PL011, 8-bit writes\n", 8);
	put("and 16-bit ones\n", 16);
	put("and 32-bit ones\n", 32);
	bh_printf("MIS with no interrupt enabled: 0x%x\n", REG32(UART_MIS));
	for (uint32_t n = 0;; n++) {
		char line[32];

		bh_snprintf(line, sizeof(line), "tick %u\n", n);
		put(line, 32);
		bh_sleep_until(bh_time() + BH_MAJOR_FRAME_TICKS);
	}
	return 0;
}
