/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A small system for unit tests, written by hand in the generator's shape:
 * partition 'alpha' with 3 pages of RAM (the last one read-only), a
 * device page and the console, and partition 'beta' with one page and no
 * console; one CPU whose frame is alpha [0,100), idle [100,200), beta
 * [200,300).
 */
#ifndef TEST_FIXTURE_H
#define TEST_FIXTURE_H

#include <string.h>

#include <arch/host.h>
#include <sk/config.h>
#include <sk/console.h>
#include <sk/cpu.h>
#include <sk/exit.h>
#include <sk/partition.h>
#include <sk/sched.h>

/* The console ring, and each partition's budget per frame. */
#ifndef FIXTURE_CONSOLE_BUDGET
#define FIXTURE_CONSOLE_BUDGET 60000u
#endif
#ifndef FIXTURE_CONSOLE_RING
#define FIXTURE_CONSOLE_RING (2u * FIXTURE_CONSOLE_BUDGET + 4096u)
#endif

#define ALPHA_RAM_IPA 0x40000000u
#define ALPHA_RO_IPA 0x40002000u
#define ALPHA_DEV_IPA 0x09000000u
#define BETA_RAM_IPA 0x40000000u

static uint8_t alpha_ram[2 * 4096] __attribute__((aligned(4096)));
static uint8_t alpha_ro[4096] __attribute__((aligned(4096)));
static uint8_t alpha_dev[4096] __attribute__((aligned(4096)));
static uint8_t beta_ram[4096] __attribute__((aligned(4096)));
static const uint8_t image[] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4 };

static struct sk_partition alpha_state, beta_state;
static const uint32_t on_cpu0[] = { 0 };
static struct sk_vcpu alpha_vcpu, beta_vcpu;
static struct sk_cpu cpu0;

static const struct sk_region alpha_regions[] = {
	{ "ram", { ALPHA_RAM_IPA }, { (uintptr_t)alpha_ram }, sizeof(alpha_ram),
	  SK_MEM_READ | SK_MEM_WRITE | SK_MEM_EXEC, SK_NONE },
	{ "ro", { ALPHA_RO_IPA }, { (uintptr_t)alpha_ro }, sizeof(alpha_ro),
	  SK_MEM_READ, SK_NONE },
	{ "dev", { ALPHA_DEV_IPA }, { (uintptr_t)alpha_dev }, sizeof(alpha_dev),
	  SK_MEM_READ | SK_MEM_WRITE | SK_MEM_DEVICE, SK_NONE },
};
static const struct sk_region beta_regions[] = {
	{ "ram", { BETA_RAM_IPA }, { (uintptr_t)beta_ram }, sizeof(beta_ram),
	  SK_MEM_READ | SK_MEM_WRITE | SK_MEM_EXEC, SK_NONE },
};

/* Plan 0 'normal': alpha [0,100), idle [100,200), beta [200,300).
 * Plan 1 'degraded': alpha [0,250), beta [250,300). */
static const struct sk_slot slots[] = {
	{ .start = 0, .end = 100, .partition = 0, .vcpu = 0, .window = 0 },
	{ .start = 100, .end = 200, .partition = SK_SLOT_IDLE, .vcpu = SK_NONE, .window = SK_NONE },
	{ .start = 200, .end = 300, .partition = 1, .vcpu = 0, .window = 1 },
};
static const struct sk_slot degraded_slots[] = {
	{ .start = 0, .end = 250, .partition = 0, .vcpu = 0, .window = 0 },
	{ .start = 250, .end = 300, .partition = 1, .vcpu = 0, .window = 1 },
};
static const struct sk_cpu_plan cpu_plans[] = { { 3, slots } };
static const struct sk_cpu_plan degraded_cpu_plans[] = { { 2, degraded_slots } };
static const struct sk_plan plans[] = {
	{ "normal", cpu_plans },
	{ "degraded", degraded_cpu_plans },
};

static const uint32_t alpha_irqs[] = { 40 };
static const struct sk_irq_owner irq_owners[] = {
	{ .intid = 26, .owner = SK_OWNER_KERNEL, .slot = SK_NONE },
	{ .intid = 33, .owner = SK_OWNER_KERNEL, .slot = SK_NONE },
	{ .intid = 40, .owner = 0, .slot = 1 },
};
static const struct sk_irq_route irq_routes[41] = {
	[40] = { .partition = 0, .slot = 1 },
};

/*
 * Channels, alpha writing and beta reading: 0 'samples' (sampling, 16 B,
 * valid 100 ticks), 1 'commands' (queuing, 16 B, depth 2, doorbell),
 * 2 'bulk' (shared memory with a doorbell; not mapped here). Ports are in
 * channel order in both; beta's doorbells are commands' then bulk's.
 */
static struct sk_channel_state samples_state, commands_state;
static uint8_t samples_data[16], commands_data[2 * 16];
static uint32_t samples_lengths[1], commands_lengths[2];
static const uint32_t by_alpha[] = { 0 }, to_beta[] = { 1 };
static const struct sk_channel channels[] = {
	{ .name = "samples", .kind = SK_CHANNEL_SAMPLING, .message_size = 16, .depth = 0,
	  .refresh = 100, .n_writers = 1, .writers = by_alpha, .n_readers = 1,
	  .readers = to_beta, .state = &samples_state, .data = samples_data,
	  .lengths = samples_lengths },
	{ .name = "commands", .kind = SK_CHANNEL_QUEUING, .message_size = 16, .depth = 2,
	  .doorbell = 1, .n_writers = 1, .writers = by_alpha, .n_readers = 1,
	  .readers = to_beta, .state = &commands_state, .data = commands_data,
	  .lengths = commands_lengths },
	{ .name = "bulk", .kind = SK_CHANNEL_SHARED_MEMORY, .doorbell = 1,
	  .pa = { 0x48000000u }, .size = 4096, .n_writers = 1, .writers = by_alpha,
	  .n_readers = 1, .readers = to_beta },
};
static const struct sk_port alpha_ports[] = {
	{ 0, SK_PORT_SOURCE }, { 1, SK_PORT_SOURCE }, { 2, SK_PORT_SOURCE },
};
static const struct sk_port beta_ports[] = {
	{ 0, SK_PORT_DESTINATION }, { 1, SK_PORT_DESTINATION }, { 2, SK_PORT_DESTINATION },
};
static const struct sk_doorbell beta_doorbells[] = { { 1, 960 }, { 2, 961 } };

/* beta has an emulated PL011 at IPA 0x09000000 (interrupt 33: slot 3,
 * after its two doorbells). */
#define BETA_UART_IPA 0x09000000u
static const struct sk_vdev beta_vdevs[] = {
	{ .kind = SK_VDEV_PL011, .ipa = { BETA_UART_IPA }, .size = 4096, .intid = 33 },
};

#define HM(a, n, t, pl) { .action = (a), .max_restarts = (n), .then = (t), .plan = (pl), .then_plan = 1 }

static const struct sk_partition_desc partitions[] = {
	{
		.name = "alpha", .id = 0, .vmid = 1, .flags = SK_PART_CONSOLE,
		.console_budget = FIXTURE_CONSOLE_BUDGET,
		.privileges = SK_PRIV_SWITCH_PLAN | SK_PRIV_READ_AUDIT,
		.n_regions = 3, .regions = alpha_regions,
		.image = { image, image + sizeof(image), 0, { ALPHA_RAM_IPA },
			   { ALPHA_RAM_IPA } },
		.n_vcpus = 1, .vcpu_cpu = on_cpu0, .vcpus = &alpha_vcpu,
		.n_irqs = 1, .irqs = alpha_irqs,
		.n_ports = 3, .ports = alpha_ports,
		.hm = {
			[SK_HM_MEMORY_VIOLATION] = HM(SK_HM_STOP, 0, 0, SK_NONE),
			[SK_HM_TRAPPED_INSTRUCTION] = HM(SK_HM_COLD_RESTART, 2, SK_HM_STOP, SK_NONE),
			[SK_HM_ILLEGAL_EXCEPTION] = HM(SK_HM_LOG, 0, 0, SK_NONE),
			[SK_HM_HYPERCALL_ERROR] = HM(SK_HM_LOG, 0, 0, SK_NONE),
			[SK_HM_DENIED_REQUEST] = HM(SK_HM_LOG, 0, 0, SK_NONE),
			[SK_HM_PARTITION_ERROR] = HM(SK_HM_WARM_RESTART, 1, SK_HM_SWITCH_PLAN, SK_NONE),
			[SK_HM_POWER_OFF] = HM(SK_HM_STOP, 0, 0, SK_NONE),
			[SK_HM_RESET] = HM(SK_HM_COLD_RESTART, 3, SK_HM_STOP, SK_NONE),
		},
		.state = &alpha_state,
	},
	{
		.name = "beta", .id = 1, .vmid = 2, .flags = 0, .privileges = 0,
		.console_budget = FIXTURE_CONSOLE_BUDGET,
		.n_regions = 1, .regions = beta_regions,
		.image = { image, image + 4, 0, { BETA_RAM_IPA }, { BETA_RAM_IPA } },
		.n_vcpus = 1, .vcpu_cpu = on_cpu0, .vcpus = &beta_vcpu,
		.n_ports = 3, .ports = beta_ports,
		.n_doorbells = 2, .doorbells = beta_doorbells,
		.n_vdevs = 1, .vdevs = beta_vdevs,
		.hm = {
			[SK_HM_MEMORY_VIOLATION] = HM(SK_HM_SWITCH_PLAN, 0, 0, 1),
		},
		.state = &beta_state,
	},
};
static const struct sk_cpu_desc cpus[] = { { .id = 0, .state = &cpu0 } };

#define AUDIT_RECORDS 8u
static struct bh_audit_record audit_ring[AUDIT_RECORDS];

static char console_ring[FIXTURE_CONSOLE_RING];

/* A test of the window gate defines its own switch time first. */
#ifndef FIXTURE_MARGIN_TICKS
#define FIXTURE_MARGIN_TICKS 0u
#endif
#ifndef FIXTURE_SWITCH_TICKS
#define FIXTURE_SWITCH_TICKS 0u
#endif

/* The kernel code under test reads its tables from here. */
const struct sk_system sk_system = {
	.switch_ticks = FIXTURE_SWITCH_TICKS,
	.margin_ticks = FIXTURE_MARGIN_TICKS,
	.console_ring_size = sizeof(console_ring), .console_ring = console_ring,
	/* What is typed on the console goes to beta's PL011. */
	.console_input = 1, .console_irq = 33,
	.name = "test", .board = "host", .timer_hz = 62500000u,
	.major_frame = 300, .n_cpus = 1, .cpus = cpus,
	.n_partitions = 2, .partitions = partitions,
	.n_plans = 2, .plans = plans, .initial_plan = 0,
	.n_channels = 3, .channels = channels,
	.n_irq_owners = 3, .irq_owners = irq_owners,
	.n_irq_routes = 41, .irq_routes = irq_routes,
	.audit_records = AUDIT_RECORDS, .audit_ring = audit_ring,
};

static void fixture_init(void)
{
	memset(alpha_ram, 0xaa, sizeof(alpha_ram));
	memset(alpha_ro, 0xbb, sizeof(alpha_ro));
	memset(beta_ram, 0xcc, sizeof(beta_ram));
	memset(&cpu0, 0, sizeof(cpu0));
	memset(&alpha_state, 0, sizeof(alpha_state));
	memset(&beta_state, 0, sizeof(beta_state));
	memset(&alpha_vcpu, 0, sizeof(alpha_vcpu));
	memset(&beta_vcpu, 0, sizeof(beta_vcpu));
	memset(&samples_state, 0, sizeof(samples_state));
	memset(&commands_state, 0, sizeof(commands_state));
	cpu0.desc = &cpus[0];
	host_cpu = &cpu0;
	host_now = 0;
	host_deadline = 0;
	host_clock_step = 0;
	sk_plans_start(0, 0, 300);
	sk_partition_boot(&partitions[0]);
	sk_partition_boot(&partitions[1]);
	/* A line an earlier test left open on the console (console input)
	 * is ended, before the console is cleared. */
	sk_console_partition_write(&partitions[1], "\n", 1);
	host_console_room = ~0u;
	sk_console_sync();
	host_console_reset();
	host_translations = 0;
	host_idles = 0;
	host_kicks = 0;
	host_gates = 0;
	host_n_injected = 0;
	host_inject_fault_ok = false;
	host_faults_injected = 0;
}

/* What the console shows once the kernel has sent everything it queued. */
static inline const char *fixture_console(void)
{
	sk_console_sync();
	return host_console();
}

/* CPU 0's schedule running from tick 1000 (frames of 300 ticks), the
 * clock there, nothing loaded yet: the exit path's tests start here. */
static inline void fixture_schedule_running(void)
{
	sk_sched_start(&cpu0.sched, &cpu_plans[0], 300, 1000);
	host_now = 1000;
	host_deadline = sk_sched_deadline(&cpu0.sched);
	cpu0.current = NULL;
}

/* CPU 0's timer interrupt at `now`, through the exit path. */
static inline struct sk_vcpu *fixture_timer_at(uint64_t now)
{
	struct sk_exit e = { .kind = SK_EXIT_TIMER };

	host_now = now;
	return sk_handle_exit(&cpu0, &e);
}

/*
 * CPU 0 returns to the partition it picked, as the architecture does
 * (arch/aarch64/timer.c, aarch64_window_gate_wait()): if a gate is set,
 * it waits until then, or, with the counter past it already, counts a
 * late start.
 */
static inline void fixture_enter(void)
{
	uint64_t at = cpu0.arch.gate;

	cpu0.arch.gate = 0;
	if (at == 0u)
		return;
	if (host_now >= at)
		cpu0.late_starts++;
	else
		host_now = at;
}

#endif /* TEST_FIXTURE_H */
