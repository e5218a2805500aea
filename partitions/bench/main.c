/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench: how many instructions the kernel executes at EL2, counted by the
 * PMU's instructions-retired event (0x08) filtered to EL2, exact under QEMU
 * -icount. Needs the 'pmu' privilege (MDCR_EL2.TPM clear for this
 * partition); the event filter makes EL1 and EL0 instructions invisible, so
 * reading the counter from here costs the measurement nothing at EL2.
 *
 * role 'meter':
 *   null_hypercall  EL2 instructions between the two counter reads around
 *                   one HVC (BH_HVC_VERSION): the whole round trip.
 *   window_switch   the meter spins reading the counter; when its window
 *                   ends and it runs again, the counter has advanced by the
 *                   switch out to the peer plus the switch back (the peer
 *                   makes no calls); half of that is one window switch.
 * role 'peer': spins, never calls the kernel.
 *
 * Output lines: "BENCH <name> min <n> max <n> mean <n> samples <n>".
 */
#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>

#define SAMPLES 200u

/* Only the meter role calls meter(). */
#define SK_UNUSED_FN __attribute__((unused))

static void pmu_start(void)
{
	uint64_t pmcr;

	/* Event 0x08 (INST_RETIRED); P=1, U=1: not EL1, not EL0; NSH=1: EL2. */
	__asm__ volatile("msr pmevtyper0_el0, %0" : : "r"(0x08ull | (1ull << 31) |
							 (1ull << 30) | (1ull << 27)));
	__asm__ volatile("msr pmcntenset_el0, %0" : : "r"(1ull));
	__asm__ volatile("mrs %0, pmcr_el0" : "=r"(pmcr));
	__asm__ volatile("msr pmcr_el0, %0" : : "r"(pmcr | 1u | 2u)); /* E, P */
	__asm__ volatile("isb");
}

static inline uint64_t el2_instructions(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, pmevcntr0_el0" : "=r"(v) : : "memory");
	return v;
}

struct stats {
	uint64_t min, max, sum, n;
};

static void add(struct stats *s, uint64_t v)
{
	if (s->n == 0 || v < s->min)
		s->min = v;
	if (v > s->max)
		s->max = v;
	s->sum += v;
	s->n++;
}

static void report(const char *name, const struct stats *s)
{
	bh_printf("BENCH %s min %lu max %lu mean %lu samples %lu\n", name,
		  (unsigned long)s->min, (unsigned long)s->max,
		  (unsigned long)(s->n ? s->sum / s->n : 0), (unsigned long)s->n);
}

static SK_UNUSED_FN void meter(void)
{
	struct stats overhead = { 0, 0, 0, 0 };
	struct stats hvc = { 0, 0, 0, 0 };
	struct stats sw = { 0, 0, 0, 0 };
	struct bh_ret r;
	uint64_t prev;

	pmu_start();
	for (uint32_t i = 0; i < SAMPLES; i++) {
		uint64_t a = el2_instructions();
		uint64_t b = el2_instructions();

		add(&overhead, b - a);
	}
	for (uint32_t i = 0; i < SAMPLES; i++) {
		uint64_t a = el2_instructions();
		uint64_t b;

		bh_call(BH_HVC_VERSION, 0, 0, 0, &r);
		b = el2_instructions();
		add(&hvc, b - a);
	}
	/* Start the switch measurement at a window boundary. */
	bh_yield();
	prev = el2_instructions();
	while (sw.n < SAMPLES) {
		uint64_t now = el2_instructions();

		if (now != prev)
			add(&sw, now - prev);
		prev = now;
	}
	/* Each sample holds two switches: out to the peer and back. */
	sw.min /= 2u;
	sw.max /= 2u;
	sw.sum /= 2u;

	report("measurement_overhead", &overhead);
	hvc.min -= overhead.min;
	hvc.max -= overhead.min;
	hvc.sum -= overhead.min * hvc.n;
	report("null_hypercall", &hvc);
	report("window_switch", &sw);
	bh_printf("BENCH done\n");
}

int main(void)
{
#if defined(BH_PARAM_ROLE_METER)
	meter();
#elif defined(BH_PARAM_ROLE_PEER)
	for (;;) {
	}
#else
#error "bench: role must be 'meter' or 'peer'"
#endif
	return 0;
}
