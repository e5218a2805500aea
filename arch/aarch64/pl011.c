/* SPDX-License-Identifier: Apache-2.0 */
/* PL011 UART: the kernel's console; output a byte at a time while the
 * transmit FIFO has room (never waiting), input by interrupt when a
 * partition receives console input. */
#include <sk/arch/console.h>
#include <sk/config.h>

#define UARTDR 0x000u
#define UARTFR 0x018u
#define UARTIMSC 0x038u
#define UARTCR 0x030u
#define UARTICR 0x044u
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define CR_RXE (1u << 9)
#define INT_RX (1u << 4)
#define INT_RT (1u << 6)
#define CR_UARTEN (1u << 0)
#define CR_TXE (1u << 8)

static uint64_t uart;

static inline uint32_t rd(uint32_t off)
{
	return *(volatile uint32_t *)(uintptr_t)(uart + off);
}

static inline void wr(uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)(uart + off) = v;
}

void arch_console_init(const struct sk_system *sys)
{
	uart = sys->arch.uart.pa;
	/* Line settings are the boot loader's; just enable and mask IRQs. */
	wr(UARTIMSC, 0);
	wr(UARTCR, rd(UARTCR) | CR_UARTEN | CR_TXE);
}

void arch_console_input_enable(void)
{
	wr(UARTICR, INT_RX | INT_RT);
	wr(UARTCR, rd(UARTCR) | CR_RXE);
	wr(UARTIMSC, INT_RX | INT_RT);
}

bool arch_console_getc(uint8_t *c)
{
	if (rd(UARTFR) & FR_RXFE)
		return false;
	*c = (uint8_t)(rd(UARTDR) & 0xffu); /* error bits 8-11 dropped */
	return true;
}

bool arch_console_putc(char c)
{
	if (rd(UARTFR) & FR_TXFF)
		return false;
	wr(UARTDR, (uint32_t)(unsigned char)c);
	return true;
}
