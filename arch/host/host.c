/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The architecture interface implemented on the build machine, so the
 * portable kernel's logic runs unchanged in CMocka tests. See arch/host.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <arch/host.h>
#include <sk/arch/console.h>
#include <sk/arch/cpu.h>
#include <sk/arch/mmu.h>
#include <sk/arch/timer.h>
#include <sk/arch/vcpu.h>
#include <sk/arch/irq.h>
#include <sk/config.h>
#include <sk/cpu.h>
#include <sk/partition.h>

static char console[1 << 16];
static size_t console_len;

uint64_t host_now;
uint64_t host_deadline;
unsigned host_translations;
unsigned host_idles;
unsigned host_kicks;
unsigned host_gates;
uint32_t host_injected[8];
unsigned host_n_injected;
unsigned host_n_completed;
uint32_t host_completed;
bool host_inject_fault_ok;
unsigned host_faults_injected;
struct sk_cpu *host_cpu;
struct sk_vcpu *host_switched_from;
struct sk_vcpu *host_switched_to;

const char *host_console(void)
{
	return console;
}

void host_console_reset(void)
{
	console_len = 0;
	console[0] = '\0';
	host_typed = NULL;
	host_input_enabled = false;
}

const char *host_typed;
bool host_input_enabled;

void arch_console_input_enable(void)
{
	host_input_enabled = true;
}

bool arch_console_getc(uint8_t *c)
{
	if (host_typed == NULL || *host_typed == '\0')
		return false;
	*c = (uint8_t)*host_typed++;
	return true;
}

void arch_console_init(const struct sk_system *sys)
{
	(void)sys;
}

unsigned host_console_room = ~0u;

bool arch_console_putc(char c)
{
	if (host_console_room == 0u)
		return false;
	if (host_console_room != ~0u)
		host_console_room--;
	/* The tests read lines: the device's "\r\n" as "\n". */
	if (c != '\r' && console_len < sizeof(console) - 1u) {
		console[console_len++] = c;
		console[console_len] = '\0';
	}
	return true;
}

uint64_t host_clock_step;

uint64_t arch_timer_now(void)
{
	uint64_t now = host_now;

	host_now += host_clock_step;
	return now;
}

uint64_t arch_timer_frequency(void)
{
	return 62500000u;
}

void arch_window_gate(struct sk_cpu *cpu, uint64_t at)
{
	cpu->arch.gate = at;
	host_gates++;
}

void arch_timer_set_deadline(uint64_t deadline)
{
	host_deadline = deadline;
}

bool arch_s2_translate(const struct sk_partition_desc *p, sk_ipa_t ipa,
		       uint32_t access, sk_pa_t *pa, uint64_t *span)
{
	host_translations++;
	for (uint32_t i = 0; i < p->n_regions; i++) {
		const struct sk_region *r = &p->regions[i];

		if ((r->flags & SK_MEM_DEVICE) != 0u ||
		    (r->flags & access) != access)
			continue;
		if (ipa.ipa >= r->ipa.ipa && ipa.ipa - r->ipa.ipa < r->size) {
			uint64_t off = ipa.ipa - r->ipa.ipa;
			/* Like the hardware walk: a span ends at a page boundary. */
			uint64_t page_left = SK_PAGE_SIZE - (ipa.ipa % SK_PAGE_SIZE);

			pa->pa = r->pa.pa + off;
			*span = r->size - off < page_left ? r->size - off : page_left;
			return true;
		}
	}
	return false;
}

void *arch_pa_to_ptr(sk_pa_t pa)
{
	return (void *)(uintptr_t)pa.pa;
}

uint64_t host_ticks_per_kib;
uint64_t host_longest_step;

/* Time a scrub or a clean takes, as the test sets it. */
static void spend(uint64_t size)
{
	uint64_t t = (size + 1023u) / 1024u * host_ticks_per_kib;

	host_now += t;
	if (t > host_longest_step)
		host_longest_step = t;
}

void arch_cache_clean(sk_pa_t pa, uint64_t size)
{
	(void)pa;
	spend(size);
}

void arch_zero(sk_pa_t pa, uint64_t size)
{
	memset(arch_pa_to_ptr(pa), 0, size);
	spend(size);
}

void arch_vcpu_reset(struct sk_vcpu *v, const struct sk_partition_desc *p,
		     sk_ipa_t entry, uint64_t arg0)
{
	(void)p;
	memset(&v->arch.regs, 0, sizeof(v->arch.regs));
	v->arch.regs.pc = entry.ipa;
	v->arch.regs.x[0] = arg0;
	v->arch.resets++;
}

void arch_vcpu_switch(struct sk_cpu *cpu, struct sk_vcpu *from,
		      struct sk_vcpu *to)
{
	host_switched_from = from;
	host_switched_to = to;
	cpu->regs = &to->arch.regs;
}

void arch_idle(struct sk_exit *e)
{
	/* Nothing runs: the next thing that happens is the timer firing. */
	host_idles++;
	host_now = host_deadline;
	e->kind = SK_EXIT_TIMER;
}

struct sk_cpu *arch_this_cpu(void)
{
	return host_cpu;
}

void arch_cpu_kick(uint32_t index)
{
	(void)index;
	host_kicks++;
}

void arch_virq_inject(struct sk_vcpu *v, uint32_t slot, bool hw)
{
	(void)hw;
	if (host_n_injected < 8u)
		host_injected[host_n_injected] = v->partition->id << 8 | slot;
	host_n_injected++;
}

bool arch_vcpu_inject_fault(struct sk_vcpu *v, const struct sk_fault *f)
{
	(void)v;
	(void)f;
	host_faults_injected++;
	return host_inject_fault_ok;
}

uint64_t arch_vcpu_mmio_stored(const struct sk_vcpu *v, const struct sk_fault *f)
{
	return f->mmio_reg == 31u ? 0u : v->arch.regs.x[f->mmio_reg];
}

void arch_vcpu_mmio_done(struct sk_vcpu *v, const struct sk_fault *f, uint64_t loaded)
{
	if (f->access != SK_MEM_WRITE && f->mmio_reg != 31u)
		v->arch.regs.x[f->mmio_reg] = loaded;
	v->arch.regs.pc += 4u;
}

/* The host's interrupt numbers follow the tests' tables (tests/unit):
 * from 32 on, a device's, below that a CPU's own. */
bool arch_irq_is_shared(uint32_t intid)
{
	return intid >= HOST_FIRST_SHARED_IRQ;
}

void arch_irq_complete(uint32_t intid)
{
	host_completed = intid;
	host_n_completed++;
}

/* The host models no interrupt controller: accesses to one are recorded
 * (host_irqchip_accesses) and read as zero. */
uint32_t host_irqchip_accesses;

bool arch_irqchip_access(struct sk_vcpu *v, const struct sk_vdev *d, uint64_t offset,
			 uint32_t size, bool write, uint64_t *value)
{
	(void)v;
	(void)offset;
	(void)size;
	if (d->kind != SK_VDEV_IRQCHIP && d->kind != SK_VDEV_IRQCHIP_CPU)
		return false;
	host_irqchip_accesses++;
	if (!write)
		*value = 0;
	return true;
}

void arch_irqchip_reset(const struct sk_partition_desc *p)
{
	(void)p;
}

void arch_vcpu_enter(struct sk_cpu *cpu)
{
	(void)cpu;
	mock_assert(0, "arch_vcpu_enter", __FILE__, __LINE__);
	for (;;) {
	}
}

void arch_power_off(void)
{
	/* The system's end in a unit test: satisfies expect_assert_failure. */
	mock_assert(0, "arch_power_off", __FILE__, __LINE__);
	for (;;) {
	}
}

void arch_halt(void)
{
	/* A kernel panic in a unit test: fail it (or satisfy
	 * expect_assert_failure). */
	mock_assert(0, "arch_halt", __FILE__, __LINE__);
	for (;;) {
	}
}

/*
 * arch_firmware_call() (sk/arch/firmware.h) is not here: the host has no
 * firmware of its own and uses AArch64's, arch/aarch64/firmware.c, which
 * is plain C over the portable power operations (sk/power.h). So the unit
 * tests of PSCI and of the SMCCC queries (tests/unit/test_hm.c,
 * test_hypercall.c) run the decoder the target runs; tests/unit/
 * CMakeLists.txt builds it into sk_host.
 */
