/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Address translation: the kernel's own EL2 stage 1, built once at boot in
 * tables the generator sized, and software walks of the generated stage-2
 * tables of partitions.
 */
#include <arch/aarch64.h>
#include <arch/pte.h>
#include <arch/s2walk.h>
#include <sk/arch/mmu.h>
#include <sk/check.h>
#include <sk/config.h>
#include <sk/lib.h>

/* Section boundaries from kernel.ld, all page-aligned. */
extern char __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[];
extern char __data_start[], __kernel_end[];

/* The kernel's stage 1: 39-bit addresses, first lookup at level 1. */
#define S1_VA_BITS 39u
#define L2_BLOCK_SIZE (1ull << 21)

#define S1_NORMAL (PTE_S1_ATTRIDX(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_AF)
#define S1_DEVICE (PTE_S1_ATTRIDX(MAIR_IDX_DEVICE) | PTE_AF | PTE_XN)
#define S1_TEXT (S1_NORMAL | PTE_S1_AP_RO)
#define S1_RODATA (S1_NORMAL | PTE_S1_AP_RO | PTE_XN)
#define S1_DATA (S1_NORMAL | PTE_S1_AP_RW | PTE_XN)

static uint64_t (*pool)[PT_ENTRIES];
static uint32_t pool_tables;
static uint32_t pool_used;

static uint64_t *new_table(void)
{
	if (pool_used >= pool_tables)
		SK_PANIC("kernel stage 1 needs more than the %u tables generated",
			 pool_tables);
	/* The pool is in bss: already zero, i.e. every entry invalid. */
	return pool[pool_used++];
}

static uint64_t *next_level(uint64_t *entry)
{
	uint64_t *t;

	if (*entry & PTE_VALID) {
		/* A block where a table is needed: two ranges overlap. */
		SK_CHECK((*entry & PTE_TYPE_MASK) == PTE_TYPE_TABLE);
		return (uint64_t *)(uintptr_t)(*entry & PTE_ADDR_MASK);
	}
	t = new_table();
	*entry = (uint64_t)(uintptr_t)t | PTE_TYPE_TABLE;
	return t;
}

/*
 * Map [base, base + size) to itself with `attrs`, in 2 MiB blocks where
 * `blocks` allows and alignment permits, else 4 KiB pages. Each step maps
 * one block or page, so the loop runs at most size / 4 KiB times.
 */
static void map(uint64_t base, uint64_t size, uint64_t attrs, bool blocks)
{
	uint64_t *root = pool[0];
	uint64_t addr = base;
	uint64_t end = base + size;

	SK_CHECK(base % SK_PAGE_SIZE == 0u && size % SK_PAGE_SIZE == 0u);
	SK_CHECK(sk_range_ok(base, size) && end <= (1ull << S1_VA_BITS));
	while (addr < end) {
		uint64_t *l2 = next_level(&root[(addr >> 30) & 511u]);
		uint64_t *e2 = &l2[(addr >> 21) & 511u];
		uint64_t *l3;
		uint64_t *e3;

		if (blocks && addr % L2_BLOCK_SIZE == 0u &&
		    end - addr >= L2_BLOCK_SIZE && (*e2 & PTE_VALID) == 0u) {
			*e2 = addr | attrs | PTE_TYPE_BLOCK;
			addr += L2_BLOCK_SIZE;
			continue;
		}
		l3 = next_level(e2);
		e3 = &l3[(addr >> 12) & 511u];
		SK_CHECK((*e3 & PTE_VALID) == 0u);
		*e3 = addr | attrs | PTE_TYPE_TABLE; /* a page at level 3 */
		addr += SK_PAGE_SIZE;
	}
}

static void map_section(const char *start, const char *end, uint64_t attrs)
{
	uint64_t s = (uint64_t)(uintptr_t)start;
	uint64_t e = (uint64_t)(uintptr_t)end;

	if (e > s)
		map(s, e - s, attrs, false);
}

static uint64_t dcache_line(void)
{
	return 4ull << ((read_sysreg(ctr_el0) >> 16) & 0xfu);
}

static void stage2_setup(const struct sk_system *sys, uint64_t ps)
{
	uint32_t ipa_bits = sys->arch.ipa_bits;

	/*
	 * Same geometry for every partition: 4 KiB granule, write-back
	 * inner-shareable table walks, first lookup at level 1 (SL0 = 1),
	 * which serves 31- to 39-bit IPA spaces with one root table.
	 */
	if (sys->arch.s2_start_level != 1u || ipa_bits < 31u || ipa_bits > 39u ||
	    ipa_bits > sys->arch.pa_bits)
		SK_PANIC("stage-2 geometry not supported: %u-bit IPA from level %u",
			 ipa_bits, sys->arch.s2_start_level);
	write_sysreg(vtcr_el2, VTCR_EL2_RES1 | (ps << TCR_PS_SHIFT) |
				       TCR_TG0_4K | TCR_SH0_INNER |
				       TCR_ORGN0_WBWA | TCR_IRGN0_WBWA |
				       (1ull << VTCR_SL0_SHIFT) | (64u - ipa_bits));
}

uint32_t arch_mmu_init(const struct sk_system *sys)
{
	uint64_t ps = aarch64_ps_bits(sys->arch.pa_bits);
	uint64_t line = dcache_line();

	if (ps == ~0ull || sys->arch.pa_bits > aarch64_pa_bits_implemented())
		SK_PANIC("board declares %u-bit physical addresses, CPU has %u",
			 sys->arch.pa_bits, aarch64_pa_bits_implemented());
	pool = sys->arch.s1_pool;
	pool_tables = sys->arch.s1_pool_tables;
	pool_used = 0;
	(void)new_table(); /* the root */

	map_section(__text_start, __text_end, S1_TEXT);
	map_section(__rodata_start, __rodata_end, S1_RODATA);
	map_section(__data_start, __kernel_end, S1_DATA);
	for (uint32_t i = 0; i < sys->n_kmaps; i++) {
		const struct sk_kmap *k = &sys->kmaps[i];

		if (k->kind == SK_KMAP_DEVICE)
			map(k->base.pa, k->size, S1_DEVICE, false);
		else if (k->kind == SK_KMAP_IMAGES)
			map(k->base.pa, k->size, S1_RODATA, true);
		else
			map(k->base.pa, k->size, S1_DATA, true);
	}

	/*
	 * The tables were written with caches off: drop any stale cached copy
	 * before the walker, now cacheable, reads them.
	 */
	for (uint32_t t = 0; t < pool_used; t++) {
		for (uint64_t off = 0; off < sizeof(pool[t]); off += line) {
			__asm__ volatile("dc ivac, %0"
					 :
					 : "r"((uintptr_t)pool[t] + off)
					 : "memory");
		}
	}
	arch_mmu_enable(sys);
	return pool_used;
}

void arch_mmu_enable(const struct sk_system *sys)
{
	uint64_t ps = aarch64_ps_bits(sys->arch.pa_bits);

	write_sysreg(mair_el2, MAIR_EL2_VALUE);
	write_sysreg(tcr_el2, TCR_EL2_RES1 | (ps << TCR_PS_SHIFT) | TCR_TG0_4K |
				      TCR_SH0_INNER | TCR_ORGN0_WBWA |
				      TCR_IRGN0_WBWA | (64u - S1_VA_BITS));
	/* The root is the generator's first pool table. */
	write_sysreg(ttbr0_el2, (uint64_t)(uintptr_t)sys->arch.s1_pool[0]);
	stage2_setup(sys, ps);
	dsb(ish);
	__asm__ volatile("tlbi alle2\n\ttlbi alle1" ::: "memory");
	dsb(ish);
	isb();
	/* WXN: whatever is writable is never executable, whatever the tables say. */
	write_sysreg(sctlr_el2, SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA |
					SCTLR_I | SCTLR_WXN);
	isb();
}

bool arch_s2_translate(const struct sk_partition_desc *p, sk_ipa_t ipa,
		       uint32_t access, sk_pa_t *pa, uint64_t *span)
{
	return aarch64_s2_walk(p->s2_root, sk_system.arch.s2_start_level,
			       sk_system.arch.ipa_bits, ipa, access, pa, span);
}

void *arch_pa_to_ptr(sk_pa_t pa)
{
	/* The kernel maps what it uses at the same address. */
	return (void *)(uintptr_t)pa.pa;
}

void arch_zero(sk_pa_t pa, uint64_t size)
{
	uint64_t dczid = read_sysreg(dczid_el0);
	uint64_t block = 4u << (dczid & 0xfu); /* DCZID_EL0.BS: log2 of words */
	uint64_t line = dcache_line();
	uint64_t end = pa.pa + size;

	/* DC ZVA zeroes a block in one instruction; cleaning the same line
	 * next makes it visible to a partition that reads with its caches
	 * off. Otherwise (ZVA prohibited, a block that is not a line, an
	 * unaligned range) the plain way. */
	if ((dczid & (1u << 4)) != 0u || block != line || ((pa.pa | end) & (line - 1u)) != 0u) {
		memset(arch_pa_to_ptr(pa), 0, size);
		arch_cache_clean(pa, size);
		return;
	}
	for (uint64_t a = pa.pa; a < end; a += line)
		__asm__ volatile("dc zva, %0\n\tdc cvac, %0" : : "r"(a) : "memory");
	dsb(ish);
	/* What the partition's earlier incarnation left in instruction
	 * caches is gone too. */
	__asm__ volatile("ic ialluis" ::: "memory");
	dsb(ish);
	isb();
}

void arch_cache_clean(sk_pa_t pa, uint64_t size)
{
	uint64_t line = dcache_line();
	uint64_t end = pa.pa + size;

	for (uint64_t a = pa.pa & ~(line - 1u); a < end; a += line)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	dsb(ish);
	__asm__ volatile("ic ialluis" ::: "memory");
	dsb(ish);
	isb();
}
