/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench: how many instructions the kernel executes at EL2, counted by the
 * PMU's instructions-retired event (0x08) filtered to EL2, exact under QEMU
 * -icount. Needs the 'pmu' privilege (MDCR_EL2.TPM clear for this
 * partition); the event filter makes EL1 and EL0 instructions invisible, so
 * reading the counter from here costs the measurement nothing at EL2.
 *
 * bench/bench.yaml runs two partitions on two CPUs, each with a vCPU on
 * each: on CPU 0 meter [0, 500 us) and peer [500 us, 1 ms) of every frame;
 * on CPU 1 nothing in plan 'solo', the other way round in plan 'duo', which
 * the meter switches to after its measurements on CPU 0. Neither partition calls the kernel while
 * something is measured, so every EL2 instruction the meter sees is the
 * kernel's answer to what is being measured.
 *
 * role 'meter', vCPU 0 (CPU 0), in this order:
 *   null_hypercall       EL2 instructions between two counter reads around
 *                        one HVC (BH_HVC_VERSION): the whole round trip.
 *   virq_delivery        the meter arms its virtual timer and waits (WFI,
 *                        interrupts masked); the timer's physical interrupt
 *                        is taken to EL2, which makes it a virtual one of
 *                        the running vCPU and returns: the count across the
 *                        WFI, until the virtual interrupt is pending.
 *   window_switch_cpu0   the meter spins reading the counter; when its
 *                        window ends and it runs again, the counter has
 *                        advanced by the switch out to the peer plus the
 *                        switch back (the peer only waits for interrupts);
 *                        half of that is one window switch.
 *   pend_only            from frame PEND_FROM, the peer's vCPU 1 (on CPU 1)
 *                        raises the GPIO's level interrupt 200 us into each
 *                        frame; the interrupt is the peer's, routed to its
 *                        vCPU 0 on CPU 0, where the meter is running (in
 *                        WFI): the kernel only marks it pending for the peer
 *                        and returns to the meter: the count across the WFI.
 * then it switches to plan 'cpu1' (CPU 0 unused) and starts its vCPU 1,
 * which measures
 *   window_switch_cpu1   as on CPU 0, with the peer's vCPU 1.
 * role 'peer': vCPU 0 takes and completes the interrupts it is given
 * (the GPIO's); vCPU 1 raises the GPIO interrupt as said above.
 *
 * Output lines: "BENCH <name> min <n> max <n> mean <n> median <n> samples <n>".
 */
#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>

#define SAMPLES 200u
/* The frames in which the peer raises the GPIO interrupt. */
#define PEND_FROM 400u
#define PEND_FRAMES 150u
#define CNT_CTL_ENABLE 1u
#define ISR_I (1u << 7)

#define SK_UNUSED_FN __attribute__((unused))

static uint64_t frame0;

static uint64_t frame_of(uint64_t t)
{
	return (t - frame0) / BH_MAJOR_FRAME_TICKS;
}

static uint64_t frame_at(uint64_t frame, uint64_t us)
{
	return frame0 + frame * BH_MAJOR_FRAME_TICKS + us * BH_TIMER_HZ / 1000000u;
}

static inline void wfi(void)
{
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
}

/* Take and complete whatever virtual interrupt is pending; its INTID. */
static uint32_t complete_irq(void)
{
	uint64_t iar;

	__asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(iar));
	iar &= 0xffffffu;
	if (iar < 1020u)
		__asm__ volatile("msr icc_eoir1_el1, %0\n\tisb" : : "r"(iar));
	return (uint32_t)iar;
}

/* ---- statistics ---- */

struct stats {
	uint64_t v[SAMPLES];
	uint32_t n;
};

static void add(struct stats *s, uint64_t v)
{
	if (s->n < SAMPLES)
		s->v[s->n++] = v;
}

static void report(const char *name, struct stats *s, uint64_t divide, uint64_t minus)
{
	uint64_t min = ~0ull, max = 0, sum = 0;

	/* Insertion sort for the median: n <= SAMPLES. */
	for (uint32_t i = 1; i < s->n; i++) {
		uint64_t x = s->v[i];
		uint32_t j = i;

		for (; j > 0 && s->v[j - 1] > x; j--)
			s->v[j] = s->v[j - 1];
		s->v[j] = x;
	}
	for (uint32_t i = 0; i < s->n; i++) {
		uint64_t x = s->v[i] / divide - minus;

		s->v[i] = x;
		min = x < min ? x : min;
		max = x > max ? x : max;
		sum += x;
	}
	bh_printf("BENCH %s min %lu max %lu mean %lu median %lu samples %u\n", name,
		  (unsigned long)(s->n ? min : 0), (unsigned long)max,
		  (unsigned long)(s->n ? sum / s->n : 0),
		  (unsigned long)(s->n ? s->v[s->n / 2u] : 0), s->n);
}

/* ---- the PMU ---- */

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

static inline uint32_t isr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, isr_el1" : "=r"(v));
	return (uint32_t)v;
}

/* ---- the meter ---- */

static struct stats overhead, hvc, virq, sw, pend;

/* Each jump of the counter while spinning is the way out and back in. */
static SK_UNUSED_FN void measure_switches(struct stats *s)
{
	uint64_t prev;

	bh_yield(); /* start at a window boundary */
	prev = el2_instructions();
	while (s->n < SAMPLES) {
		uint64_t now = el2_instructions();

		if (now != prev)
			add(s, now - prev);
		prev = now;
	}
}

static SK_UNUSED_FN void meter(void)
{
	struct bh_ret r;
	uint64_t min_overhead;

	pmu_start();
	for (uint32_t i = 0; i < SAMPLES; i++) {
		uint64_t a = el2_instructions();
		uint64_t b = el2_instructions();

		add(&overhead, b - a);
	}
	min_overhead = overhead.v[0];
	for (uint32_t i = 0; i < SAMPLES; i++)
		min_overhead = overhead.v[i] < min_overhead ? overhead.v[i] : min_overhead;

	for (uint32_t i = 0; i < SAMPLES; i++) {
		uint64_t a = el2_instructions();
		uint64_t b;

		bh_call(BH_HVC_VERSION, 0, 0, 0, &r);
		b = el2_instructions();
		add(&hvc, b - a);
	}

	/* Virtual timer interrupts to the running meter. */
	for (uint32_t tries = 0; virq.n < SAMPLES && tries < 4u * SAMPLES; tries++) {
		uint64_t t0 = bh_time();
		uint64_t a, b;

		__asm__ volatile("msr cntv_cval_el0, %0" : : "r"(t0 + 1000u));
		__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" : : "r"((uint64_t)CNT_CTL_ENABLE));
		a = el2_instructions();
		while ((isr() & ISR_I) == 0u)
			wfi();
		b = el2_instructions();
		__asm__ volatile("msr cntv_ctl_el0, xzr\n\tisb");
		/* A sample that spans the end of the window is not one. */
		if (complete_irq() == BH_VTIMER_INTID && frame_of(t0) == frame_of(bh_time()))
			add(&virq, b - a);
	}

	measure_switches(&sw);

	/* The rest needs CPU 1 too. */
	bh_printf("plan 'duo': %ld\n", (long)bh_switch_plan(BH_PLAN_DUO));

	/* Interrupts for the peer while the meter runs. */
	bh_sleep_until(frame_at(PEND_FROM, 0));
	while (pend.n < SAMPLES && frame_of(bh_time()) < PEND_FROM + PEND_FRAMES) {
		uint64_t t0 = bh_time();
		uint64_t a = el2_instructions();
		uint64_t b;

		wfi();
		b = el2_instructions();
		/* Woken by the peer's interrupt, not by the window's end. */
		if (frame_of(t0) == frame_of(bh_time()))
			add(&pend, b - a);
	}

	report("measurement_overhead", &overhead, 1, 0);
	report("null_hypercall", &hvc, 1, min_overhead);
	report("virq_delivery", &virq, 1, min_overhead);
	report("window_switch_cpu0", &sw, 2, 0);
	report("pend_only", &pend, 1, min_overhead);
	/* CPU 1 alone from the next frame; its vCPU 1 measures there. */
	bh_printf("plan 'cpu1': %ld\n", (long)bh_switch_plan(BH_PLAN_CPU1));
	bh_printf("starting vcpu 1: %ld\n", (long)bh_start_vcpu(1));
	for (;;)
		wfi();
}

/* ---- the peer ---- */

#if defined(BH_DEVICE_GPIO_IPA)
#define GPIO_REG(off) (*(volatile uint32_t *)(uintptr_t)(BH_DEVICE_GPIO_IPA + (off)))
#define GPIO_DATA0 0x004u /* GPIODATA, address-masked to line 0 */
#define GPIO_IS 0x404u
#define GPIO_IEV 0x40cu
#define GPIO_IE 0x410u
#define GPIO_RIS 0x414u

/* vCPU 1: raise the GPIO's interrupt (line 0, level-sensitive, at the
 * level the line is at) 200 us into each frame, lower it at 300 us. */
static SK_UNUSED_FN void peer_trigger(void)
{
	GPIO_REG(GPIO_IE) = 0;
	GPIO_REG(GPIO_IS) = 1u;
	GPIO_REG(GPIO_IEV) = GPIO_REG(GPIO_DATA0) & 1u;
	for (uint64_t f = PEND_FROM; f < PEND_FROM + PEND_FRAMES; f++) {
		bh_sleep_until(frame_at(f, 200));
		GPIO_REG(GPIO_IE) = 1u;
		bh_sleep_until(frame_at(f, 300));
		GPIO_REG(GPIO_IE) = 0;
	}
}
#endif

static SK_UNUSED_FN void peer(void)
{
	bh_start_vcpu(1);
	/* Take and complete what comes: the GPIO interrupts vCPU 1 raises. */
	for (;;) {
		wfi();
		(void)complete_irq();
	}
}

void bh_secondary_main(uint32_t vcpu)
{
	(void)vcpu;
#if defined(BH_PARAM_ROLE_METER)
	static struct stats sw1;

	pmu_start();
	measure_switches(&sw1);
	report("window_switch_cpu1", &sw1, 2, 0);
	bh_printf("BENCH done\n");
#elif defined(BH_DEVICE_GPIO_IPA)
	peer_trigger();
#endif
	for (;;)
		bh_sleep_until(~0ull);
}

int main(void)
{
	struct bh_status st;

	bh_get_status(&st);
	frame0 = st.frame0;
#if defined(BH_PARAM_ROLE_METER)
	meter();
#elif defined(BH_PARAM_ROLE_PEER)
	peer();
#else
#error "bench: role must be 'meter' or 'peer'"
#endif
	return 0;
}
