/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Boot and the exit path: bring the machine up from the generated tables,
 * load every partition, start the cyclic schedule, then react to whatever
 * the partitions and the timer do.
 */
#include <sk/arch/console.h>
#include <sk/arch/cpu.h>
#include <sk/arch/irq.h>
#include <sk/arch/mmu.h>
#include <sk/arch/timer.h>
#include <sk/arch/vcpu.h>
#include <sk/check.h>
#include <sk/console.h>
#include <sk/cpu.h>
#include <sk/exit.h>
#include <sk/main.h>
#include <sk/partition.h>
#include <sk/verify.h>
#include <sk/version.h>

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
	sk_log("self-test: %u checks of the generated tables passed", r.checks);
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
	self_test(sys);
	if (!arch_irq_init(sys, cpu->desc, &why))
		SK_PANIC("interrupt controller: %s", why);

	for (uint32_t i = 0; i < sys->n_partitions; i++) {
		sk_partition_load(&sys->partitions[i]);
		log_partition(&sys->partitions[i]);
	}

	start = arch_timer_now();
	sk_sched_start(&cpu->sched, &sys->plans[sys->initial_plan].cpus[0],
		       sys->major_frame, start);
	sk_log("schedule: plan '%s', major frame %lu ticks at %lu Hz, "
	       "%u slots on cpu %u, frame 0 at tick %lu",
	       sys->plans[sys->initial_plan].name, sys->major_frame,
	       sys->timer_hz, cpu->sched.plan->n_slots, cpu->desc->id, start);
	arch_timer_set_deadline(sk_sched_deadline(&cpu->sched));

	cpu->current = NULL;
	sk_pick(cpu);
	arch_vcpu_enter(cpu);
}
