/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hostile: a partition that misbehaves on purpose.
 *
 * With parameter attack: <name> it prints a few lines, yields over a few
 * windows, then attacks once. With attack: sequence it makes one attack per
 * start: attack k on its k-th start (the kernel counts starts, which
 * survive the cold restarts that scrub its memory); after an attack the
 * kernel lets it go on from (spin, WFI, refused calls), it restarts itself.
 * With attack: none it only says hello and sleeps.
 *
 * Attacks, with the parameters they use:
 *   read_foreign   read `target`, another partition's memory (its PA)
 *   write_foreign  write to `target`
 *   write_kernel   write to `kernel`, the kernel's memory (its PA)
 *   mmio           write to `mmio`, a device given to nobody
 *   gic            through its emulated GIC distributor at `gicd`, enable
 *                  and make pending every shared interrupt, and say how
 *                  many read back as set (only its own may); then write to
 *                  the redistributor of a vCPU it does not have
 *   smc            call the secure monitor (SMC #0)
 *   phys_timer     read the EL1 physical counter and timer
 *   set_way        clean and invalidate a cache line by set/way
 *   debug          read the debug register MDSCR_EL1
 *   sysreg         read the PMU cycle counter
 *   spin_masked    mask interrupts and spin (for three frames)
 *   wfi_masked     mask interrupts and wait for an interrupt (three frames)
 *   hypercalls     unknown function ids, bad arguments, calls it lacks the
 *                  privilege for
 *   dirty_fault    say whether its data is as loaded and its free memory
 *                  zero, dirty both, then read `target` (to fault)
 *   irq_restart    (with the board's GPIO) raise the GPIO's interrupt and
 *                  take it; at the first start leave it uncompleted and
 *                  fault (read `target`); at later starts say whether it
 *                  came again
 *   system_off     PSCI SYSTEM_OFF
 *   channels       misuse its channels: write to the sampling channel
 *                  'samples' it only reads, send on a port id it does not
 *                  have, flood the queue 'chatter' for three windows, then
 *                  write into its read-only view of the shared memory 'bulk';
 *                  with `step_ms: N`, N ms apart (first after N ms), else
 *                  a window apart
 *
 * A correct kernel stops or restarts the partition at every memory, SMC or
 * register attack, so the line after it ("... isolation is broken") must
 * never appear.
 */
#include <stdbool.h>

#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>

#ifndef BH_PARAM_TARGET
#define BH_PARAM_TARGET 0x0ull
#endif
#ifndef BH_PARAM_KERNEL
#define BH_PARAM_KERNEL 0x0ull
#endif
#ifndef BH_PARAM_MMIO
#define BH_PARAM_MMIO 0x0ull
#endif
#ifndef BH_PARAM_STEP_MS
#define BH_PARAM_STEP_MS 0u
#endif
#ifndef BH_PARAM_GICD
#define BH_PARAM_GICD 0x0ull
#endif

/* Set at the first start, checked after a restart by dirty_fault. */
static uint64_t initialised = 0x1234567812345678ull;

/* From the link: the end of the image's zeroed data. */
extern char __bss_end[];

/* A word of free memory, that neither the image load nor crt0 touches. */
static volatile uint64_t *free_word(void)
{
	return (volatile uint64_t *)(((uintptr_t)__bss_end + 8191u) & ~(uintptr_t)4095u);
}

static void broken(const char *what)
{
	bh_printf("%s: isolation is broken\n", what);
}

static void write_at(uint64_t addr)
{
	*(volatile uint64_t *)(uintptr_t)addr = 0xbadc0ffee0ddf00dull;
}

static uint64_t read_at(uint64_t addr)
{
	return *(volatile uint64_t *)(uintptr_t)addr;
}

/* Keep the CPU for three of our windows, then restart ourselves. */
static void greedy(bool wfi)
{
	uint64_t end = bh_time() + 3u * BH_MAJOR_FRAME_TICKS;

	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	while (bh_time() < end) {
		if (wfi)
			__asm__ volatile("wfi" ::: "memory");
	}
	__asm__ volatile("msr daifclr, #0xf" ::: "memory");
	bh_printf("still here after three frames: restarting\n");
	bh_set_mode(BH_MODE_COLD_START);
}

#if defined(BH_DEVICE_GPIO_IPA)
#define GPIO_REG(off) (*(volatile uint32_t *)(uintptr_t)(BH_DEVICE_GPIO_IPA + (off)))

/* Raise the GPIO's interrupt (line 0, level-sensitive, at the level the
 * line is at) and wait for it up to two frames; returns its INTID,
 * acknowledged but not completed, or BH_IRQ_NONE. */
static uint32_t gpio_interrupt(void)
{
	uint64_t deadline = bh_time() + 2u * BH_MAJOR_FRAME_TICKS;
	uint32_t intid = BH_IRQ_NONE;

	GPIO_REG(0x410u) = 0;                          /* GPIOIE */
	GPIO_REG(0x404u) = 1u;                         /* GPIOIS: level */
	GPIO_REG(0x40cu) = GPIO_REG(0x004u) & 1u;      /* GPIOIEV: as it is */
	GPIO_REG(0x410u) = 1u;
	__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb"
			 : : "r"(deadline), "r"(1ull));
	while (intid == BH_IRQ_NONE) {
		uint64_t iar;

		__asm__ volatile("dsb sy\n\twfi" ::: "memory");
		__asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(iar));
		iar &= 0xffffffu;
		if (iar == BH_VTIMER_INTID) {
			__asm__ volatile("msr icc_eoir1_el1, %0\n\tisb" : : "r"(iar));
			break;
		}
		if (iar < 1020u)
			intid = (uint32_t)iar;
	}
	__asm__ volatile("msr cntv_ctl_el0, xzr\n\tisb");
	return intid;
}

static void irq_restart(uint32_t starts)
{
	uint32_t intid = gpio_interrupt();

	if (intid == BH_IRQ_NONE) {
		bh_printf("gpio interrupt at start %u: none\n", starts);
		return;
	}
	bh_printf("gpio interrupt at start %u: %u\n", starts, intid);
	if (starts == 1u) {
		bh_printf("leaving it uncompleted\n");
		(void)read_at(BH_PARAM_TARGET);
		return;
	}
	GPIO_REG(0x410u) = 0;
	__asm__ volatile("msr icc_eoir1_el1, %0\n\tisb" : : "r"((uint64_t)intid));
}
#endif

/* The pause between two steps of an attack: step_ms, or a window. */
static void next_step(void)
{
	if (BH_PARAM_STEP_MS == 0u)
		bh_yield();
	else
		bh_sleep_until(bh_time() + (uint64_t)BH_PARAM_STEP_MS * (BH_TIMER_HZ / 1000u));
}

static void channels(void)
{
	uint32_t word = 0xbadu;
	int64_t r;

	if (BH_PARAM_STEP_MS != 0u)
		next_step();

#if defined(BH_PORT_SAMPLES)
	r = bh_write_sampling_message(BH_PORT_SAMPLES, &word, sizeof(word));
	bh_printf("write to 'samples', which I only read: status %ld\n", (long)r);
#endif
	if (BH_PARAM_STEP_MS != 0u)
		next_step();
	r = bh_send_queuing_message(BH_PORTS, &word, sizeof(word));
	bh_printf("send on port %u, which is not mine: status %ld\n", BH_PORTS, (long)r);
#if defined(BH_PORT_CHATTER)
	for (uint32_t w = 0; w < 3u; w++) {
		uint32_t sent = 0, full = 0;

		for (uint32_t i = 0; i < 10u; i++) {
			r = bh_send_queuing_message(BH_PORT_CHATTER, &word, sizeof(word));
			sent += r == BH_OK;
			full += r == BH_E_FULL;
		}
		bh_printf("flooding 'chatter': %u sent, %u refused as full\n", sent, full);
		next_step();
	}
#endif
#if defined(BH_SHM_BULK_IPA)
	bh_printf("writing into 'bulk', which I only read\n");
	write_at(BH_SHM_BULK_IPA);
	broken("write to a read-only channel");
#endif
}

/* Bits set in a word. */
static uint32_t ones(uint32_t v)
{
	uint32_t n = 0;

	for (; v != 0u; v &= v - 1u)
		n++;
	return n;
}

static void gic(uint64_t gicd)
{
	volatile uint32_t *reg = (volatile uint32_t *)(uintptr_t)gicd;
	uint32_t enabled = 0, pending = 0;

	/* GICD_ISENABLER<n> and GICD_ISPENDR<n>, n = 1..31: INTIDs 32-1023. */
	for (uint32_t n = 1; n < 32u; n++) {
		reg[(0x100u / 4u) + n] = 0xffffffffu;
		reg[(0x200u / 4u) + n] = 0xffffffffu;
	}
	for (uint32_t n = 1; n < 32u; n++) {
		enabled += ones(reg[(0x100u / 4u) + n]);
		pending += ones(reg[(0x200u / 4u) + n]);
	}
	bh_printf("gic: after enabling and raising every shared interrupt, %u enabled "
		  "and %u pending (mine: %u)\n", enabled, pending, BH_IRQS);
	/* The redistributor frames after my own vCPUs' (128 KiB each, 64 KiB
	 * after the distributor's 64 KiB at the board's layout). */
	write_at(BH_GICR_IPA + BH_VCPUS * 0x20000ull);
}

static void hypercalls(void)
{
	struct bh_ret r;
	struct bh_audit_record rec;
	uint64_t seq = 0, lost = 0;

	bh_call(0xc600ffffu, 1, 2, 3, &r);
	bh_printf("unknown function: %ld\n", (long)r.status);
	bh_call(0x84000077u, 0, 0, 0, &r);
	bh_printf("unknown PSCI function: %ld\n", (long)r.status);
	bh_printf("console write of 0 bytes: %ld\n", (long)bh_console_write("", 0));
	bh_printf("console write from 0xffffffffffff0000: %ld\n",
		  (long)bh_console_write((const char *)0xffffffffffff0000ull, 8));
	bh_printf("mode 99: %ld\n", (long)bh_set_mode(99));
	bh_printf("plan switch: %ld\n", (long)bh_switch_plan(0));
	bh_printf("restart partition 0: %ld\n", (long)bh_partition_control(0, BH_CONTROL_COLD_RESTART));
	bh_printf("audit read: %ld\n", (long)bh_audit_read(&seq, &rec, 1, &lost));
	bh_printf("halt: %ld\n", (long)bh_halt_system());
	bh_printf("CPU_ON of vcpu 7: %ld\n", (long)bh_psci(BH_PSCI_CPU_ON, 7, BH_LOAD_IPA, 0));
	bh_call(BH_HVC_VERSION, 0, 0, 0, &r);
	bh_printf("still working: version call %ld; restarting\n", (long)r.status);
	bh_set_mode(BH_MODE_COLD_START);
}

static void attack(const char *name)
{
	uint64_t v = 0;

	bh_printf("attack: %s\n", name);
	if (bh_streq(name, "read_foreign")) {
		v = read_at(BH_PARAM_TARGET);
		bh_printf("read 0x%lx from 0x%lx\n", (unsigned long)v, (unsigned long)BH_PARAM_TARGET);
	} else if (bh_streq(name, "write_foreign")) {
		write_at(BH_PARAM_TARGET);
	} else if (bh_streq(name, "write_kernel")) {
		write_at(BH_PARAM_KERNEL);
	} else if (bh_streq(name, "mmio")) {
		write_at(BH_PARAM_MMIO);
	} else if (bh_streq(name, "gic")) {
		gic(BH_PARAM_GICD);
	} else if (bh_streq(name, "smc")) {
		__asm__ volatile("mov x0, #0x84000000\n\tsmc #0" ::: "x0", "memory");
	} else if (bh_streq(name, "phys_timer")) {
		__asm__ volatile("mrs %0, cntpct_el0" : "=r"(v));
		__asm__ volatile("mrs %0, cntp_ctl_el0" : "=r"(v));
	} else if (bh_streq(name, "set_way")) {
		__asm__ volatile("dc cisw, %0" : : "r"(0ull) : "memory");
	} else if (bh_streq(name, "debug")) {
		__asm__ volatile("mrs %0, mdscr_el1" : "=r"(v));
	} else if (bh_streq(name, "sysreg")) {
		__asm__ volatile("mrs %0, pmccntr_el0" : "=r"(v));
	} else if (bh_streq(name, "spin_masked")) {
		greedy(false);
		return;
	} else if (bh_streq(name, "wfi_masked")) {
		greedy(true);
		return;
	} else if (bh_streq(name, "hypercalls")) {
		hypercalls();
		return;
	} else if (bh_streq(name, "dirty_fault")) {
		bh_printf("fresh image: %s, free memory zeroed: %s\n",
			  initialised == 0x1234567812345678ull ? "yes" : "no",
			  *free_word() == 0u ? "yes" : "no");
		initialised = 0;
		*free_word() = 0xdeadbeefull;
		v = read_at(BH_PARAM_TARGET);
	} else if (bh_streq(name, "irq_restart")) {
#if defined(BH_DEVICE_GPIO_IPA)
		struct bh_status st;

		bh_get_status(&st);
		irq_restart(st.starts);
#else
		bh_printf("no GPIO\n");
#endif
		return;
	} else if (bh_streq(name, "channels")) {
		channels();
		return;
	} else if (bh_streq(name, "system_off")) {
		bh_printf("PSCI SYSTEM_OFF: %ld\n",
			  (long)bh_psci(BH_PSCI_SYSTEM_OFF, 0, 0, 0));
		return;
	} else {
		bh_printf("no such attack\n");
		return;
	}
	broken(name);
	(void)v;
}

static const char *const sequence[] = {
	"read_foreign", "write_kernel", "mmio", "gic", "smc", "phys_timer",
	"set_way", "debug", "sysreg", "spin_masked", "wfi_masked", "hypercalls",
	"system_off",
};

static void __attribute__((noreturn)) sleep_forever(void)
{
	for (;;)
		bh_sleep_until(bh_time() + BH_MAJOR_FRAME_TICKS);
}

int main(void)
{
	struct bh_status st;
	const char *mode = BH_PARAM_ATTACK;

	bh_get_status(&st);
	bh_printf("hostile partition '%s' start %u (condition %u), attack '%s'\n",
		  BH_PARTITION_NAME, st.starts, st.start_condition, mode);
	if (bh_streq(mode, "none"))
		sleep_forever();
	if (bh_streq(mode, "sequence")) {
		if (st.starts - 1u < sizeof(sequence) / sizeof(sequence[0]))
			attack(sequence[st.starts - 1u]);
		bh_printf("all attacks made\n");
		sleep_forever();
	}

	int64_t status = bh_console_write((const char *)(uintptr_t)BH_PARAM_TARGET, 16);

	bh_printf("console write from a buffer at 0x%lx (not mine): status %ld\n",
		  (unsigned long)BH_PARAM_TARGET, (long)status);
	for (int i = 1; i <= 3; i++) {
		bh_printf("biding my time (%d of 3)\n", i);
		bh_yield();
	}
	attack(mode);
	return 0;
}
