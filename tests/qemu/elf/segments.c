// SPDX-License-Identifier: Apache-2.0
/*
 * A partition image that is an ELF file of its own, built without the
 * partition runtime or a Bulkhead link script, as an integrator's might be
 * (tests/qemu/test_elf.py builds it several ways). It has code, read-only
 * data, initialised data and .bss, which the linker puts in separate
 * loadable segments with gaps between them. It checks what the loader
 * must have done (data as linked, .bss zero) and says so on the console.
 */
#include <stdint.h>

#include <bulkhead/hvc.h>

#define MAGIC 0x5e9d47a1c3b2f018ull

static const char hello[] = "elf image running at ";
static volatile uint64_t data_word = MAGIC;	/* .data */
static volatile uint64_t bss_words[512];	/* .bss: 4 KiB of zeros */
uint8_t segments_stack[4096] __attribute__((aligned(16)));	/* .bss */

static uint64_t hvc(uint64_t fn, uint64_t a1, uint64_t a2)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2) : : "x3", "x4",
			 "x5", "x6", "x7", "memory");
	return x0;
}

static char line[128];
static uint32_t used;

static void put(const char *s)
{
	while (*s != '\0' && used < sizeof(line))
		line[used++] = *s++;
}

static void put_hex(uint64_t v)
{
	put("0x");
	for (int shift = 60; shift >= 0; shift -= 4) {
		char c[2] = {"0123456789abcdef"[(v >> shift) & 0xfu], '\0'};

		put(c);
	}
}

static void say(void)
{
	put("\n");
	hvc(BH_HVC_CONSOLE_WRITE, (uint64_t)(uintptr_t)line, used);
	used = 0;
}

extern uint8_t segments_stack[4096];
void segments_main(void);

void segments_main(void)
{
	uint32_t nonzero = 0;

	for (uint32_t i = 0; i < sizeof(bss_words) / sizeof(bss_words[0]); i++)
		nonzero += bss_words[i] != 0u;
	put(hello);
	put_hex((uint64_t)(uintptr_t)&segments_main);
	say();
	put("data ");
	put_hex(data_word);
	put(data_word == MAGIC ? " as linked" : " WRONG");
	put(nonzero == 0u ? ", bss zero" : ", bss NOT zero");
	say();
	for (;;)
		hvc(BH_HVC_YIELD, 0, 0);
}

/* Entered with the MMU off and no stack: set one up, then C. */
__asm__(".section .text.start, \"ax\"\n"
	".global _start\n"
	"_start:\n"
	"	adrp x0, segments_stack + 4096\n"
	"	add x0, x0, :lo12:segments_stack + 4096\n"
	"	mov sp, x0\n"
	"	bl segments_main\n"
	"1:	b 1b\n"
	".text\n");
