/* SPDX-License-Identifier: Apache-2.0 */
/*
 * attacker: a partition that tries to move the other partitions' windows
 * in time (tests/qemu/test_timing.py, partitions/victim).
 *
 * Everything it does is allowed or contained: it makes the kernel work on
 * its behalf at the worst moment, just before its window ends, so that the
 * work runs over into the next partition's window. A kernel with time
 * partitioning that holds starts every other partition's window on the
 * same tick whatever this one does (schedule.switch_time).
 *
 * Parameter attack: <name>, one of
 *   cold_restart       restart itself cold (BH_MODE_COLD_START) at the fire
 *                      point; every start does it again. With image_kib the
 *                      image carries that much read-only ballast, so that
 *                      the kernel has as much to copy at each restart
 *   refused_call       from the fire point to the end of its window, make
 *                      hypercalls the kernel refuses (and the health monitor
 *                      logs) in a tight loop
 *   violation_restart  write outside its memory (`target`) at the fire
 *                      point; its health-monitor table restarts it cold
 *   console_flood      all the time: console writes of 256 line ends (256
 *                      console lines each), a line of text and a refused
 *                      call (three more [sk] lines), over and over
 *   warm_restart_kick  (vcpus on CPUs 0 and 1) vCPU 0 restarts the
 *                      partition warm at the fire point, which turns its
 *                      vCPU 1 off and kicks CPU 1, where the victims are
 *   pending_irq        each window, arm its virtual timer for the fire point
 *                      with interrupts masked and keep the CPU, so the
 *                      interrupt is pending (or still to come) when the
 *                      window switches; take it in the next window
 *   none               the twin: waits for the fire point like the others
 *                      and does nothing there
 *
 * Where to fire, in every frame f: window_end_us (the end of its window, in
 * microseconds from the frame start; for warm_restart_kick the start of the
 * victims' window on CPU 1) minus lead_ticks plus (f % sweep_steps) x
 * sweep_ticks: a sweep lets one boot try many phases of the attack against
 * the window switch. It sleeps until spin_ticks (default 10 us) before the
 * fire point and spins the rest. (With another CPU in the system it must
 * not spin for long: under -icount, while one CPU executes, QEMU serves the
 * others' timers late, or never if it never sleeps.) Other parameters:
 * image_kib (cold_restart: ballast in the image, default none), target
 * (violation_restart: the address written, default 0x10000000).
 *
 * It prints one line at each start (its start count and condition from
 * GET_STATUS, the attack and the fire point); pending_irq also prints every
 * 25 windows how many timer interrupts it has taken late.
 *
 * The attack is chosen at compile time, but only as one word of data: the
 * code and the image size are the same for every attack, so that the
 * system and its quiet twin boot through the same instructions to frame 0
 * and the test can compare raw counter values.
 */
#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>

#ifndef BH_PARAM_WINDOW_END_US
#error "parameter window_end_us is required"
#endif
#ifndef BH_PARAM_LEAD_TICKS
#define BH_PARAM_LEAD_TICKS 0u
#endif
#ifndef BH_PARAM_SWEEP_TICKS
#define BH_PARAM_SWEEP_TICKS 0u
#endif
#ifndef BH_PARAM_SWEEP_STEPS
#define BH_PARAM_SWEEP_STEPS 1u
#endif
#ifndef BH_PARAM_SPIN_TICKS
#define BH_PARAM_SPIN_TICKS 625u /* 10 us at 62.5 MHz */
#endif
#ifndef BH_PARAM_IMAGE_KIB
#define BH_PARAM_IMAGE_KIB 0u
#endif
/* An address outside its memory (violation_restart). */
#ifndef BH_PARAM_TARGET
#define BH_PARAM_TARGET 0x10000000ull
#endif

enum attack {
	NONE,
	COLD_RESTART,
	REFUSED_CALL,
	VIOLATION_RESTART,
	CONSOLE_FLOOD,
	WARM_RESTART_KICK,
	PENDING_IRQ,
};

static const char *const attack_names[] = {
	[NONE] = "none",
	[COLD_RESTART] = "cold_restart",
	[REFUSED_CALL] = "refused_call",
	[VIOLATION_RESTART] = "violation_restart",
	[CONSOLE_FLOOD] = "console_flood",
	[WARM_RESTART_KICK] = "warm_restart_kick",
	[PENDING_IRQ] = "pending_irq",
};

#if defined(BH_PARAM_ATTACK_NONE)
#define ATTACK NONE
#elif defined(BH_PARAM_ATTACK_COLD_RESTART)
#define ATTACK COLD_RESTART
#elif defined(BH_PARAM_ATTACK_REFUSED_CALL)
#define ATTACK REFUSED_CALL
#elif defined(BH_PARAM_ATTACK_VIOLATION_RESTART)
#define ATTACK VIOLATION_RESTART
#elif defined(BH_PARAM_ATTACK_CONSOLE_FLOOD)
#define ATTACK CONSOLE_FLOOD
#elif defined(BH_PARAM_ATTACK_WARM_RESTART_KICK)
#define ATTACK WARM_RESTART_KICK
#elif defined(BH_PARAM_ATTACK_PENDING_IRQ)
#define ATTACK PENDING_IRQ
#else
#error "parameter attack: none of the attacks this payload knows"
#endif

/* Read, never folded: every attack compiles to the same code. */
static const volatile uint32_t attack = ATTACK;

#if BH_PARAM_IMAGE_KIB > 0
/* Ballast: read-only data the kernel copies in at every cold start. */
static const volatile unsigned char ballast[BH_PARAM_IMAGE_KIB * 1024u]
	__attribute__((used, aligned(64))) = { 0xb1 };
#endif

#define END_TICKS ((uint64_t)BH_PARAM_WINDOW_END_US * BH_TIMER_HZ / 1000000u)

static uint64_t frame0;

/* The fire point's offset into frame f. */
static uint64_t fire_offset(uint64_t f)
{
	return END_TICKS - BH_PARAM_LEAD_TICKS +
	       (f % BH_PARAM_SWEEP_STEPS) * BH_PARAM_SWEEP_TICKS;
}

/* The next fire point after now; *frame its frame. */
static uint64_t next_fire(uint64_t *frame)
{
	uint64_t now = bh_time();
	uint64_t f = (now - frame0) / BH_MAJOR_FRAME_TICKS;

	/* The offset is less than two frames: at most three tries. */
	for (uint32_t i = 0; i < 3u; i++, f++) {
		uint64_t at = frame0 + f * BH_MAJOR_FRAME_TICKS + fire_offset(f);

		if (at > now) {
			*frame = f;
			return at;
		}
	}
	*frame = f;
	return frame0 + f * BH_MAJOR_FRAME_TICKS + fire_offset(f);
}

/* Wait until the counter reaches `at`: asleep, then spinning. */
static void wait_until(uint64_t at)
{
	if (bh_time() + BH_PARAM_SPIN_TICKS < at)
		bh_sleep_until(at - BH_PARAM_SPIN_TICKS);
	while (bh_time() < at) {
	}
}

/* Keep the CPU until the counter reaches `at` (the window's end: the
 * kernel takes it away before, and gives it back in the next window). */
static void keep_cpu_until(uint64_t at)
{
	while (bh_time() < at) {
	}
}

/* A hypercall the kernel refuses and the health monitor logs
 * (hypercall_error), three kinds in turn. */
static void refused(uint32_t i)
{
	static const char text[] = "x";
	struct bh_ret r;

	switch (i % 3u) {
	case 0:
		bh_call(BH_HVC_CONSOLE_WRITE, (uint64_t)(uintptr_t)text,
			BH_CONSOLE_WRITE_MAX + 1u, 0, &r);
		break;
	case 1:
		bh_call(BH_HVC_CONSOLE_WRITE, BH_PARAM_TARGET, BH_CONSOLE_WRITE_MAX, 0, &r);
		break;
	default:
		bh_call(BH_HVC_FN64(0xfffu), 0, 0, 0, &r);
		break;
	}
}

/* ---- the attacks ---- */

static void refused_calls_to_the_end(uint64_t frame)
{
	uint64_t end = frame0 + frame * BH_MAJOR_FRAME_TICKS + END_TICKS;

	for (uint32_t i = 0; bh_time() < end; i++)
		refused(i);
}

static void __attribute__((noreturn)) console_flood(void)
{
	static char ends[BH_CONSOLE_WRITE_MAX];

	for (uint32_t i = 0; i < sizeof(ends); i++)
		ends[i] = '\n';
	for (uint32_t n = 0;; n++) {
		bh_console_write(ends, sizeof(ends));
		bh_printf("flood %u: 256 empty lines, this one and a refused call\n", n);
		refused(n);
	}
}

#define ICC_IAR_INTID 0xffffffu

/* Take and complete whatever interrupts are pending (the timer's, armed
 * in the last window); returns how many were the timer's. */
static uint32_t drain_interrupts(void)
{
	uint32_t timer = 0;

	for (uint32_t i = 0; i < 4u; i++) {
		uint64_t iar;

		__asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(iar));
		iar &= ICC_IAR_INTID;
		if (iar >= 1020u)
			break;
		__asm__ volatile("msr icc_eoir1_el1, %0\n\tisb" : : "r"(iar));
		timer += iar == BH_VTIMER_INTID;
	}
	return timer;
}

static void pending_irq(uint64_t frame, uint64_t at)
{
	static uint32_t windows, late;

	/* Interrupts stay masked at EL1 (the runtime never unmasks them). */
	late += drain_interrupts();
	if (++windows % 25u == 0u)
		bh_printf("pending_irq: %u timer interrupts taken late, in %u windows\n", late,
			  windows);
	__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb"
			 : : "r"(at), "r"(1ull) : "memory");
	/* Past the window's end and past the fire point. */
	keep_cpu_until(frame0 + frame * BH_MAJOR_FRAME_TICKS + END_TICKS);
	keep_cpu_until(at);
}

/* vCPU 1 (warm_restart_kick): nothing of its own to do. */
void bh_secondary_main(uint32_t vcpu)
{
	(void)vcpu;
	for (;;)
		bh_yield();
}

int main(void)
{
	struct bh_status st;
	uint32_t which = attack;

	bh_get_status(&st);
	frame0 = st.frame0;
	bh_printf("start %u (condition %u), attack '%s': %lu ticks before %u us, "
		  "sweep %u x %u ticks\n",
		  st.starts, st.start_condition, attack_names[which],
		  (unsigned long)BH_PARAM_LEAD_TICKS, (unsigned)BH_PARAM_WINDOW_END_US,
		  (unsigned)BH_PARAM_SWEEP_STEPS, (unsigned)BH_PARAM_SWEEP_TICKS);
#if BH_PARAM_IMAGE_KIB > 0
	bh_printf("image with %u KiB of ballast: %s\n", (unsigned)BH_PARAM_IMAGE_KIB,
		  ballast[0] == 0xb1u && ballast[sizeof(ballast) - 1u] == 0u ?
			  "as loaded" : "not as loaded");
#endif
	for (uint32_t v = 1; v < BH_VCPUS; v++)
		bh_start_vcpu(v);
	bh_set_mode(BH_MODE_NORMAL);
	if (which == CONSOLE_FLOOD)
		console_flood();
	for (;;) {
		uint64_t frame;
		uint64_t at = next_fire(&frame);

		if (which == PENDING_IRQ) {
			pending_irq(frame, at);
			continue;
		}
		wait_until(at);
		switch (which) {
		case COLD_RESTART:
			bh_set_mode(BH_MODE_COLD_START);
			break;
		case WARM_RESTART_KICK:
			bh_set_mode(BH_MODE_WARM_START);
			break;
		case VIOLATION_RESTART:
			*(volatile uint64_t *)(uintptr_t)BH_PARAM_TARGET = 0xbadc0ffeeull;
			break;
		case REFUSED_CALL:
			refused_calls_to_the_end(frame);
			break;
		default:
			break;
		}
	}
}
