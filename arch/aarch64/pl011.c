/* SPDX-License-Identifier: Apache-2.0 */
/* PL011 UART: the kernel's console, output only, polled. */
#include <sk/arch/console.h>
#include <sk/config.h>

#define UARTDR 0x000u
#define UARTFR 0x018u
#define UARTIMSC 0x038u
#define UARTCR 0x030u
#define FR_TXFF (1u << 5)
#define CR_UARTEN (1u << 0)
#define CR_TXE (1u << 8)

/* Bound on waiting for room in the transmit FIFO before dropping a byte. */
#define TX_POLL_LIMIT 100000u

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

static void putc_raw(char c)
{
	for (uint32_t i = 0; i < TX_POLL_LIMIT; i++) {
		if ((rd(UARTFR) & FR_TXFF) == 0u) {
			wr(UARTDR, (uint32_t)(unsigned char)c);
			return;
		}
	}
}

void arch_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			putc_raw('\r');
		putc_raw(s[i]);
	}
}
