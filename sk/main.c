/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Boot: bring the machine up from the generated tables, check them, load
 * every partition, start the other CPUs, and start the cyclic schedule on
 * every CPU at one shared instant.
 */
#include <sk/arch/console.h>
#include <sk/arch/cpu.h>
#include <sk/arch/irq.h>
#include <sk/arch/mmu.h>
#include <sk/arch/timer.h>
#include <sk/audit.h>
#include <sk/check.h>
#include <sk/console.h>
#include <sk/cpu.h>
#include <sk/exit.h>
#include <sk/main.h>
#include <sk/partition.h>
#include <sk/verify.h>
#include <sk/version.h>

/* CPUs that finished their own set-up, and the tick at which frame 0
 * starts on all of them (0 until the boot CPU sets it). */
static uint32_t cpus_ready;
static uint64_t start_tick;

static void log_partition(const struct sk_partition_desc *p)
{
	sk_log("partition %u '%s': vmid %u, %u vCPU(s), image %lu bytes at 0x%lx, "
	       "entry 0x%lx",
	       p->id, p->name, p->vmid, p->n_vcpus,
	       (uint64_t)(p->image.end - p->image.start), p->image.load.ipa,
	       p->image.entry.ipa);
	for (uint32_t i = 0; i < p->n_regions; i++) {
		const struct sk_region *r = &p->regions[i];

		sk_log("  %-8s IPA 0x%09lx-0x%09lx -> PA 0x%09lx %c%c%c%s", r->name,
		       r->ipa.ipa, r->ipa.ipa + r->size - 1u, r->pa.pa,
		       (r->flags & SK_MEM_READ) ? 'r' : '-',
		       (r->flags & SK_MEM_WRITE) ? 'w' : '-',
		       (r->flags & SK_MEM_EXEC) ? 'x' : '-',
		       (r->flags & SK_MEM_DEVICE) ? " device" :
		       (r->flags & SK_MEM_SHARED) ? " shared" : "");
	}
}

static void log_finding(void *ctx, const char *finding)
{
	(void)ctx;
	sk_log("self-test: %s", finding);
}

/*
 * The SKPP self-test, before anything runs: the hardware is the board the
 * tables were generated for, and the tables keep partitions apart
 * (sk/verify.c). Failing here is a broken image, not a partition's doing,
 * so it halts.
 */
static void self_test(const struct sk_system *sys)
{
	uint64_t hz = arch_timer_frequency();
	struct sk_verify_result r;

	if (hz != sys->timer_hz)
		SK_PANIC("timer runs at %lu Hz, board '%s' declares %lu Hz", hz,
			 sys->board, sys->timer_hz);
	r = sk_verify(sys, log_finding, NULL);
	if (r.findings != 0u)
		SK_PANIC("self-test failed: %u of %u checks of the generated "
			 "tables did not hold", r.findings, r.checks);
	/* After the check: its counts are the verified ones. */
	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		const struct sk_partition_desc *p = &sys->partitions[i];

		if (sk_virq_slots(p) > arch_virq_capacity())
			SK_PANIC("partition '%s' needs %u virtual interrupt slots, the "
				 "interrupt controller has %u list registers", p->name,
				 sk_virq_slots(p), arch_virq_capacity());
	}
	sk_log("self-test: %u checks of the generated tables passed", r.checks);
	sk_audit(SK_AUDIT_KERNEL, BH_AUDIT_SELF_TEST, 0, r.checks);
}

/* Route every interrupt a partition owns to the CPU of its vCPU 0, and
 * the console's input, if a partition receives it, to this (the boot) CPU. */
static void route_interrupts(const struct sk_system *sys)
{
	if (sys->console_input < sys->n_partitions && sys->console_irq != SK_NONE) {
		arch_irq_route(sys->console_irq, &sys->cpus[0]);
		arch_console_input_enable();
	}
	for (uint32_t i = 0; i < sys->n_irq_owners; i++) {
		const struct sk_irq_owner *o = &sys->irq_owners[i];

		if (o->owner < sys->n_partitions) {
			const struct sk_partition_desc *p = &sys->partitions[o->owner];

			arch_irq_route(o->intid, &sys->cpus[p->vcpu_cpu[0]]);
		}
	}
}

static void start_secondaries(const struct sk_system *sys)
{
	uint64_t limit;

	for (uint32_t i = 1; i < sys->n_cpus; i++) {
		if (!arch_cpu_start(&sys->cpus[i]))
			SK_PANIC("firmware refused to start cpu%u", sys->cpus[i].id);
	}
	/* Give them a second of the system counter to report in. */
	limit = arch_timer_now() + sys->timer_hz;
	while (__atomic_load_n(&cpus_ready, __ATOMIC_ACQUIRE) + 1u < sys->n_cpus) {
		arch_cpu_wait_event();
		if (arch_timer_now() > limit)
			SK_PANIC("only %u of %u CPUs started",
				 __atomic_load_n(&cpus_ready, __ATOMIC_ACQUIRE) + 1u,
				 sys->n_cpus);
	}
}

SK_NORETURN void sk_main(void)
{
	const struct sk_system *sys = &sk_system;
	struct sk_cpu *cpu = sys->cpus[0].state;
	const char *why = "";
	uint32_t tables;
	uint64_t start;

	cpu->desc = &sys->cpus[0];
	cpu->index = 0;
	arch_cpu_init(cpu, sys);
	arch_console_init(sys);

	sk_log("Bulkhead separation kernel %s", SK_VERSION_STRING);
	sk_log("system '%s' on board '%s'", sys->name, sys->board);
	sk_log("config sha256 %s", sys->config_sha256);

	tables = arch_mmu_init(sys);
	sk_log("kernel memory: text rx, rodata r, data rw, %u ranges rw, "
	       "%u translation tables",
	       sys->n_kmaps, tables);
	sk_audit(SK_AUDIT_KERNEL, BH_AUDIT_BOOT, (uint16_t)sys->n_cpus,
		 sys->n_partitions);
	if (!arch_irq_init(sys, cpu->desc, &why))
		SK_PANIC("interrupt controller: %s", why);
	self_test(sys);
	route_interrupts(sys);

	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		sk_partition_boot(&sys->partitions[i]);
		log_partition(&sys->partitions[i]);
	}
	start_secondaries(sys);

	/* Frame 0 begins a millisecond from now on every CPU. */
	start = arch_timer_now() + sys->timer_hz / 1000u;
	sk_plans_start(sys->initial_plan, start, sys->major_frame);
	__atomic_store_n(&start_tick, start, __ATOMIC_RELEASE);
	arch_cpu_send_event();
	sk_log("schedule: plan '%s', major frame %lu ticks at %lu Hz, %u CPU(s), "
	       "frame 0 at tick %lu",
	       sys->plans[sys->initial_plan].name, sys->major_frame, sys->timer_hz,
	       sys->n_cpus, start);
	/* Partitions run from now on: no more waiting for the device. */
	sk_console_queue_only();
	sk_run(cpu, start);
}

SK_NORETURN void sk_secondary_main(uint32_t index)
{
	const struct sk_system *sys = &sk_system;
	struct sk_cpu *cpu = sys->cpus[index].state;
	const char *why = "";
	uint64_t start;

	cpu->desc = &sys->cpus[index];
	cpu->index = index;
	arch_cpu_init(cpu, sys);
	arch_mmu_enable(sys);
	if (!arch_irq_init(sys, cpu->desc, &why))
		SK_PANIC("interrupt controller of cpu%u: %s", cpu->desc->id, why);
	__atomic_add_fetch(&cpus_ready, 1u, __ATOMIC_RELEASE);
	arch_cpu_send_event();
	/* The boot CPU sets the start within a second, or halts. */
	while ((start = __atomic_load_n(&start_tick, __ATOMIC_ACQUIRE)) == 0u)
		arch_cpu_wait_event();
	sk_run(cpu, start);
}
