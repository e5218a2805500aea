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

/* The frames of plan 'door' in which the meter rings the listener. */
#define DOOR_FROM (PEND_FROM + PEND_FRAMES + 10u)
#define DOOR_FRAMES 60u

#if defined(BH_SHM_BULK_IPA)
/* The shared block: the ring time, then data up to the channel's size. */
struct block {
	uint64_t rung;
	uint64_t seq;
	uint64_t data[(BH_SHM_BULK_SIZE - 16u) / 8u];
};
#define BLOCK ((volatile struct block *)(uintptr_t)BH_SHM_BULK_IPA)
#endif

/* The meter's ports and shared block (bench.yaml). */
#if defined(BH_PARAM_ROLE_METER) && defined(BH_PORT_M2P_S) && defined(BH_SHM_BULK_IPA)
#define METER_PORTS 1
#endif

#if defined(METER_PORTS)
static struct stats s_write, s_read, q_send32, q_send64, q_recv, ring, shm_write;

/* Port calls, each measured alone (plan 'solo': the peer has filled its
 * channels to the meter in its first window). */
static void measure_ports(uint64_t minus)
{
	static uint8_t msg[64], buf[64];
	int64_t bad = 0;

	for (uint32_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)i;
	bh_sleep_until(frame_at(3, 0));
	for (uint32_t i = 0; i < SAMPLES; i++) {
		uint64_t a = el2_instructions();
		int64_t r = bh_write_sampling_message(BH_PORT_M2P_S, msg, 64);
		uint64_t b = el2_instructions();

		bad |= r;
		add(&s_write, b - a);
	}
	for (uint32_t i = 0; i < SAMPLES; i++) {
		uint64_t a = el2_instructions();
		int64_t r = bh_read_sampling_message(BH_PORT_P2M_S, buf, 64, NULL, NULL, NULL);
		uint64_t b = el2_instructions();

		bad |= r;
		add(&s_read, b - a);
	}
	for (uint32_t i = 0; i < SAMPLES; i++) {
		uint64_t a = el2_instructions();
		int64_t r = bh_send_queuing_message(BH_PORT_M2P_Q, msg, 32);
		uint64_t b = el2_instructions();

		bad |= r;
		add(&q_send32, b - a);
	}
	for (uint32_t i = 0; i < SAMPLES; i++) {
		uint64_t a = el2_instructions();
		int64_t r = bh_send_queuing_message(BH_PORT_M2P_Q, msg, 64);
		uint64_t b = el2_instructions();

		bad |= r;
		add(&q_send64, b - a);
	}
	for (uint32_t i = 0; i < SAMPLES; i++) {
		uint64_t a = el2_instructions();
		int64_t r = bh_receive_queuing_message(BH_PORT_P2M_Q, buf, 64, NULL, NULL);
		uint64_t b = el2_instructions();

		bad |= r;
		add(&q_recv, b - a);
	}
	/* The listener does not run in plan 'solo': the doorbell is only
	 * made pending for it. */
	for (uint32_t i = 0; i < SAMPLES; i++) {
		uint64_t a = el2_instructions();
		int64_t r = bh_ring_doorbell(BH_PORT_BULK);
		uint64_t b = el2_instructions();

		bad |= r;
		add(&ring, b - a);
	}
	if (bad != 0)
		bh_printf("a port call failed (%ld)\n", (long)bad);
	report("sampling_write_64", &s_write, 1, minus);
	report("sampling_read_64", &s_read, 1, minus);
	report("queuing_send_32", &q_send32, 1, minus);
	report("queuing_send_64", &q_send64, 1, minus);
	report("queuing_receive_64", &q_recv, 1, minus);
	report("doorbell_ring", &ring, 1, minus);
}

/* Plan 'door': once a frame, fill the shared block (EL1 stores only) and
 * ring the listener, which runs on CPU 1 and times the doorbell. */
static void ring_the_listener(void)
{
	static struct stats ticks;

	for (uint64_t f = DOOR_FROM; f < DOOR_FROM + DOOR_FRAMES; f++) {
		uint64_t a, b, t0, t1;

		bh_sleep_until(frame_at(f, 100));
		a = el2_instructions();
		t0 = bh_time();
		for (uint32_t i = 0; i < sizeof(BLOCK->data) / 8u; i++)
			BLOCK->data[i] = f + i;
		t1 = bh_time();
		b = el2_instructions();
		add(&shm_write, b - a);
		add(&ticks, t1 - t0);
		BLOCK->seq = f;
		__asm__ volatile("dmb ish" ::: "memory");
		BLOCK->rung = bh_time();
		__asm__ volatile("dmb ish" ::: "memory");
		bh_ring_doorbell(BH_PORT_BULK);
	}
	report("shm_write_64k_el2", &shm_write, 1, 0);
	report("shm_write_64k_ticks", &ticks, 1, 0);
}
#endif

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
#if defined(METER_PORTS)
	measure_ports(min_overhead);
#endif

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
#if defined(METER_PORTS)
	bh_printf("plan 'door': %ld\n", (long)bh_switch_plan(BH_PLAN_DOOR));
	ring_the_listener();
#endif
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
#if defined(BH_PORT_P2M_S)
	static uint8_t msg[64];

	bh_write_sampling_message(BH_PORT_P2M_S, msg, sizeof(msg));
	for (uint32_t i = 0; i < SAMPLES; i++)
		bh_send_queuing_message(BH_PORT_P2M_Q, msg, sizeof(msg));
#endif
	bh_start_vcpu(1);
	/* Take and complete what comes: the GPIO interrupts vCPU 1 raises. */
	for (;;) {
		wfi();
		(void)complete_irq();
	}
}

#if defined(BH_SHM_BULK_IPA) && defined(BH_DOORBELL_BULK_INTID)
/* Wait for the meter's doorbells: how long from its ring to here, and what
 * reading the whole block costs at EL2. */
static SK_UNUSED_FN void listener(void)
{
	static struct stats latency, shm_read;
	uint64_t sum = 0;

	pmu_start();
	while (latency.n < DOOR_FRAMES) {
		uint32_t intid = bh_wait(~0ull);
		uint64_t t1 = bh_time();
		uint64_t a, b;

		if (intid != BH_DOORBELL_BULK_INTID || BLOCK->seq < DOOR_FROM)
			continue; /* the ones rung while it did not run */
		add(&latency, t1 - BLOCK->rung);
		a = el2_instructions();
		for (uint32_t i = 0; i < sizeof(BLOCK->data) / 8u; i++)
			sum += BLOCK->data[i];
		b = el2_instructions();
		add(&shm_read, b - a);
	}
	report("doorbell_latency_ticks", &latency, 1, 0);
	report("shm_read_64k_el2", &shm_read, 1, 0);
	bh_printf("checksum %lu\n", (unsigned long)sum);
	for (;;)
		bh_sleep_until(~0ull);
}
#endif

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
#elif defined(BH_PARAM_ROLE_LISTENER) && defined(BH_SHM_BULK_IPA)
	listener();
#else
#error "bench: role must be 'meter', 'peer' or 'listener'"
#endif
	return 0;
}
