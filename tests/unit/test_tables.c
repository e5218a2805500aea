/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The generator's tables for one example system, checked on the host by
 * the kernel's own code:
 * - the boot self-test (sk/verify.c) finds nothing wrong with them;
 * - the AArch64 walker translates every region exactly, and nothing else;
 * - the self-test catches each of a set of deliberate corruptions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <arch/pte.h>
#include <arch/s2walk.h>
#include <sk/config.h>
#include <sk/partition.h>
#include <sk/exit.h>
#include <sk/verify.h>

/* ---- findings ---- */

/* Enough for every leaf of a 1 MiB region mapped in pages to be a finding. */
#define MAX_FINDINGS 1024u

static char findings[MAX_FINDINGS][200];
static unsigned n_findings;

static void collect(void *ctx, const char *finding)
{
	(void)ctx;
	if (n_findings < MAX_FINDINGS)
		strncpy(findings[n_findings], finding, sizeof(findings[0]) - 1u);
	n_findings++;
}

static struct sk_verify_result run_verify(const struct sk_system *sys)
{
	n_findings = 0;
	memset(findings, 0, sizeof(findings));
	return sk_verify(sys, collect, NULL);
}

/* True if some finding contains `text`. */
static bool found(const char *text)
{
	for (unsigned i = 0; i < n_findings && i < MAX_FINDINGS; i++) {
		if (strstr(findings[i], text) != NULL)
			return true;
	}
	return false;
}

static void print_findings(void)
{
	for (unsigned i = 0; i < n_findings && i < MAX_FINDINGS; i++)
		print_message("finding: %s\n", findings[i]);
}

/* ---- a writable copy of the system, tables included ---- */

#define MAX_PARTS 16
#define MAX_REGIONS 16
#define MAX_TABLES 64

/* In the section of the generated tables, so the walker accepts them. */
static uint64_t copies[MAX_TABLES][512]
	__attribute__((section("sk_s2_tables"), aligned(4096)));
/* A table anywhere else. */
static uint64_t elsewhere[512] __attribute__((aligned(4096)));

static struct sk_system sys;
static struct sk_partition_desc parts[MAX_PARTS];
static struct sk_region regions[MAX_PARTS][MAX_REGIONS];
static struct sk_irq_owner irqs[64];
static struct sk_slot slots[64];
static struct sk_cpu_plan cpu_plan;
static struct sk_plan plan;
static unsigned used;

/* Copy the table tree at `t` (level `level`) into `copies`. */
static uint64_t *copy_tables(const uint64_t *t, unsigned level)
{
	uint64_t *c = copies[used++];

	assert_true(used <= MAX_TABLES);
	memcpy(c, t, 4096);
	for (unsigned i = 0; i < 512 && level < 3; i++) {
		if ((c[i] & PTE_TYPE_MASK) == PTE_TYPE_TABLE) {
			uint64_t *child = copy_tables(
				(const uint64_t *)(uintptr_t)(c[i] & PTE_ADDR_MASK), level + 1);

			c[i] = (uint64_t)(uintptr_t)child | PTE_TYPE_TABLE;
		}
	}
	return c;
}

static int fresh_copy(void **state)
{
	(void)state;
	assert_true(sk_system.n_partitions <= MAX_PARTS);
	assert_true(sk_system.n_irq_owners <= 64);
	used = 0;
	sys = sk_system;
	for (uint32_t i = 0; i < sk_system.n_partitions; i++) {
		parts[i] = sk_system.partitions[i];
		assert_true(parts[i].n_regions <= MAX_REGIONS);
		memcpy(regions[i], parts[i].regions, parts[i].n_regions * sizeof(regions[i][0]));
		parts[i].regions = regions[i];
		parts[i].s2_root = copy_tables(parts[i].s2_root, sk_system.arch.s2_start_level);
	}
	memcpy(irqs, sk_system.irq_owners, sk_system.n_irq_owners * sizeof(irqs[0]));
	sys.irq_owners = irqs;
	sys.partitions = parts;
	return 0;
}

/* Partition 0's root table, writable. */
static uint64_t *root0(void)
{
	return (uint64_t *)(uintptr_t)parts[0].s2_root;
}

/* The writable descriptor that maps IPA `ipa` in partition `p`'s copy. */
static uint64_t *leaf_of(uint32_t p, uint64_t ipa)
{
	uint64_t *t = (uint64_t *)(uintptr_t)parts[p].s2_root;

	for (unsigned level = sk_system.arch.s2_start_level; level <= 3; level++) {
		uint64_t *d = &t[(ipa >> PT_LEVEL_SHIFT(level)) & 511u];

		if (level == 3 || (*d & PTE_TYPE_MASK) != PTE_TYPE_TABLE)
			return d;
		t = (uint64_t *)(uintptr_t)(*d & PTE_ADDR_MASK);
	}
	return NULL;
}

/* ---- the tables as generated ---- */

static void self_test_passes(void **state)
{
	struct sk_verify_result r;

	(void)state;
	r = run_verify(&sk_system);
	print_findings();
	assert_int_equal(r.findings, 0);
	assert_true(r.checks > 10u * sk_system.n_partitions);
}

static bool walk(const struct sk_partition_desc *p, uint64_t ipa,
		 uint32_t access, uint64_t *pa, uint64_t *span)
{
	sk_pa_t out = { 0 };
	bool ok = aarch64_s2_walk(p->s2_root, sk_system.arch.s2_start_level,
				  sk_system.arch.ipa_bits, sk_ipa(ipa), access,
				  &out, span);

	*pa = out.pa;
	return ok;
}

static bool inside_own(const struct sk_partition_desc *p, uint64_t ipa)
{
	for (uint32_t r = 0; r < p->n_regions; r++) {
		const struct sk_region *reg = &p->regions[r];

		if (ipa >= reg->ipa.ipa && ipa - reg->ipa.ipa < reg->size)
			return true;
	}
	return false;
}

static void walker_translates_every_region_exactly(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < sk_system.n_partitions; i++) {
		const struct sk_partition_desc *p = &sk_system.partitions[i];

		for (uint32_t r = 0; r < p->n_regions; r++) {
			const struct sk_region *reg = &p->regions[r];
			uint64_t offsets[] = { 0, 8, reg->size / 2, reg->size - 8 };
			uint64_t around[] = { reg->ipa.ipa - 1, reg->ipa.ipa + reg->size };

			for (size_t k = 0; k < 4; k++) {
				uint64_t pa = 0, span = 0;
				bool normal = (reg->flags & (SK_MEM_DEVICE | SK_MEM_NONCACHEABLE)) == 0u;

				/* The kernel's walker only accepts write-back memory. */
				assert_int_equal(walk(p, reg->ipa.ipa + offsets[k],
						      reg->flags & SK_MEM_READ, &pa, &span),
						 normal);
				if (normal) {
					assert_int_equal(pa, reg->pa.pa + offsets[k]);
					assert_true(span >= 1 && span <= reg->size - offsets[k]);
				}
			}
			for (size_t k = 0; k < 2; k++) {
				uint64_t pa, span;

				if (!inside_own(p, around[k]))
					assert_false(walk(p, around[k], 0, &pa, &span));
			}
			if (!(reg->flags & SK_MEM_WRITE)) {
				uint64_t pa, span;

				assert_false(walk(p, reg->ipa.ipa, SK_MEM_WRITE, &pa, &span));
			}
		}
		uint64_t probes[] = { sk_system.kernel_base.pa, sk_system.arch.gicd.pa,
				      sk_system.arch.uart.pa, 1ull << sk_system.arch.ipa_bits,
				      UINT64_MAX };
		for (size_t k = 0; k < sizeof(probes) / sizeof(probes[0]); k++) {
			uint64_t pa, span;

			if (!inside_own(p, probes[k]))
				assert_false(walk(p, probes[k], 0, &pa, &span));
		}
	}
}

/* ---- corruptions the self-test must catch ---- */

static void copy_passes_too(void **state)
{
	(void)state;
	assert_int_equal(run_verify(&sys).findings, 0);
}

static void catches_changed_permission(void **state)
{
	uint64_t *d = leaf_of(0, parts[0].regions[0].ipa.ipa);

	(void)state;
	*d ^= PTE_XN; /* executable <-> not */
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("region 'ram' declares"));
}

static void catches_write_to_read_only(void **state)
{
	uint64_t *d = leaf_of(0, parts[0].regions[0].ipa.ipa);

	(void)state;
	regions[0][0].flags &= ~SK_MEM_WRITE; /* declared read-only ... */
	*d |= PTE_S2_AP_W;                    /* ... mapped writable */
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("rwx"));
}

static void catches_mapping_foreign_memory(void **state)
{
	uint64_t *d = leaf_of(0, parts[0].regions[0].ipa.ipa);
	uint64_t foreign = sk_system.partitions[sk_system.n_partitions - 1].regions[0].pa.pa;

	(void)state;
	if (sk_system.n_partitions < 2)
		skip();
	*d = (*d & ~PTE_ADDR_MASK) | foreign;
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("not where region"));
}

static void catches_mapping_the_kernel(void **state)
{
	uint64_t *root = root0();
	uint64_t kernel = sk_system.kernel_base.pa;
	unsigned i;

	(void)state;
	/* A level-1 block (1 GiB) over the kernel's memory in a free slot. */
	for (i = 0; i < 4 && (root[i] & PTE_VALID); i++) {
	}
	assert_true(i < 4);
	root[i] = (kernel & ~((1ull << 30) - 1)) | PTE_AF | PTE_S2_AP_R |
		  PTE_S2_MEMATTR_NORMAL_WB | PTE_TYPE_BLOCK;
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("maps the kernel's memory"));
	assert_true(found("none of its regions"));
}

static void catches_tables_outside_the_kernel_image(void **state)
{
	uint64_t *root = root0();

	(void)state;
	for (unsigned i = 0; i < 512; i++) {
		if ((root[i] & PTE_TYPE_MASK) == PTE_TYPE_TABLE) {
			memcpy(elsewhere, (void *)(uintptr_t)(root[i] & PTE_ADDR_MASK), 4096);
			root[i] = (uint64_t)(uintptr_t)elsewhere | PTE_TYPE_TABLE;
			break;
		}
	}
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("outside the generated tables"));
}

static void catches_a_missing_mapping(void **state)
{
	uint64_t *d = leaf_of(0, parts[0].regions[0].ipa.ipa);

	(void)state;
	*d = 0;
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("its regions declare"));
}

static void catches_memory_shared_without_a_channel(void **state)
{
	(void)state;
	if (sk_system.n_partitions < 2)
		skip();
	regions[1][0].pa = regions[0][0].pa;
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("share physical memory without a channel"));
}

static void catches_a_shared_vmid(void **state)
{
	(void)state;
	if (sk_system.n_partitions < 2)
		skip();
	parts[1].vmid = parts[0].vmid;
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("share VMID"));
}

static void catches_an_interrupt_with_two_owners(void **state)
{
	(void)state;
	if (sys.n_irq_owners < 2)
		skip();
	irqs[1].intid = irqs[0].intid;
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("more than one owner"));
}

/* The console interrupt must be a device's (arch_irq_is_shared()): a
 * CPU's own interrupt, 27 (the virtual timer's PPI), is refused. */
static void catches_a_console_interrupt_of_one_cpu(void **state)
{
	(void)state;
	if (sys.console_input == SK_NONE)
		skip();
	for (uint32_t k = 0; k < sys.n_irq_owners; k++) {
		if (irqs[k].intid == sys.console_irq)
			irqs[k].intid = 27u;
	}
	sys.console_irq = 27u;
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("the console interrupt 27 is not a shared interrupt of the kernel's"));
}

static void catches_broken_schedule(void **state)
{
	const struct sk_cpu_plan *orig = &sk_system.plans[0].cpus[0];

	(void)state;
	assert_true(orig->n_slots <= 64);
	memcpy(slots, orig->slots, orig->n_slots * sizeof(slots[0]));
	cpu_plan = (struct sk_cpu_plan){ orig->n_slots, slots };
	plan = (struct sk_plan){ sk_system.plans[0].name, &cpu_plan };
	sys.plans = &plan;
	sys.n_plans = 1;
	sys.initial_plan = 0;
	sys.n_cpus = 1;
	slots[0].end += 1; /* overlaps the next slot */
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("does not follow"));
}

static void catches_a_writable_reader(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < sys.n_partitions; i++) {
		for (uint32_t r = 0; r < parts[i].n_regions; r++) {
			struct sk_region *reg = &regions[i][r];

			if ((reg->flags & SK_MEM_SHARED) && !(reg->flags & SK_MEM_WRITE)) {
				uint64_t *d = leaf_of(i, reg->ipa.ipa);

				reg->flags |= SK_MEM_WRITE;
				*d |= PTE_S2_AP_W;
				assert_int_not_equal(run_verify(&sys).findings, 0);
				assert_true(found("only reads channel"));
				return;
			}
		}
	}
	skip(); /* no read-only shared region in this system */
}

/* ---- issue 18: corruptions the checker missed, or faulted on ---- */

static struct sk_channel chans[32];
static struct sk_doorbell bells[16];

/* The channels, writable. */
static void copy_channels(void)
{
	assert_true(sys.n_channels <= 32);
	if (sys.n_channels == 0u)
		return;
	memcpy(chans, sk_system.channels, sys.n_channels * sizeof(chans[0]));
	sys.channels = chans;
}

static void catches_an_unknown_hm_action(void **state)
{
	(void)state;
	parts[0].hm[SK_HM_MEMORY_VIOLATION].action = SK_HM_HALT + 1u;
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("has unknown action 6"));
}

/* plans[0xffffffff] was a kernel exception on the first fault. */
static void catches_a_switch_to_no_plan(void **state)
{
	struct sk_hm_entry *e = &parts[0].hm[SK_HM_MEMORY_VIOLATION];

	(void)state;
	*e = (struct sk_hm_entry){ .action = SK_HM_SWITCH_PLAN, .then = SK_HM_LOG,
				   .plan = SK_NONE, .then_plan = SK_NONE };
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("plan 4294967295 does not fit action 4"));
}

static void catches_an_escalation_that_never_ends(void **state)
{
	struct sk_hm_entry *e = &parts[0].hm[SK_HM_TRAPPED_INSTRUCTION];

	(void)state;
	*e = (struct sk_hm_entry){ .action = SK_HM_COLD_RESTART, .max_restarts = 2,
				   .then = SK_HM_WARM_RESTART, .plan = SK_NONE,
				   .then_plan = SK_NONE };
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("which is unknown or restarts again"));
}

static void catches_an_escalation_plan_out_of_range(void **state)
{
	struct sk_hm_entry *e = &parts[0].hm[SK_HM_TRAPPED_INSTRUCTION];

	(void)state;
	*e = (struct sk_hm_entry){ .action = SK_HM_WARM_RESTART, .max_restarts = 1,
				   .then = SK_HM_SWITCH_PLAN, .plan = SK_NONE,
				   .then_plan = sys.n_plans };
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("escalation plan"));
}

/* Unique as 32-bit numbers, the same 8-bit VMID the kernel programs. */
static void catches_a_vmid_wider_than_the_kernel_programs(void **state)
{
	(void)state;
	if (sys.n_partitions < 2)
		skip();
	parts[1].vmid = parts[0].vmid + 256u;
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("wider than the 8 bits"));
}

/* More vCPUs than CPUs: reported, the vCPU arrays left unread (under the
 * sanitizers a read past them would end the test). */
static void catches_more_vcpus_than_cpus(void **state)
{
	(void)state;
	parts[0].n_vcpus = sys.n_cpus + 1u;
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("vCPUs, the system"));
	parts[0].n_vcpus = UINT32_MAX;
	assert_int_not_equal(run_verify(&sys).findings, 0);
}

/* A channel's storage pointer aimed at another channel's buffer. */
static void catches_channels_sharing_storage(void **state)
{
	int a = -1, b = -1;

	(void)state;
	copy_channels();
	for (uint32_t i = 0; i < sys.n_channels; i++) {
		if (chans[i].data == NULL)
			continue;
		if (a < 0)
			a = (int)i;
		else if (b < 0)
			b = (int)i;
	}
	if (b < 0)
		skip();
	chans[b].data = chans[a].data;
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("share storage"));
}

static void catches_a_queue_deeper_than_any(void **state)
{
	(void)state;
	copy_channels();
	for (uint32_t i = 0; i < sys.n_channels; i++) {
		if (chans[i].kind == SK_CHANNEL_QUEUING) {
			chans[i].depth = UINT32_MAX;
			assert_int_not_equal(run_verify(&sys).findings, 0);
			assert_true(found("deeper than 1024 messages"));
			return;
		}
	}
	skip();
}

/* A doorbell on the virtual timer's INTID, or on another's. */
static void catches_a_doorbell_interrupt_taken(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < sys.n_partitions; i++) {
		if (parts[i].n_doorbells == 0u)
			continue;
		assert_true(parts[i].n_doorbells <= 16);
		memcpy(bells, parts[i].doorbells, parts[i].n_doorbells * sizeof(bells[0]));
		parts[i].doorbells = bells;
		bells[0].intid = sys.arch.vtimer_intid;
		assert_int_not_equal(run_verify(&sys).findings, 0);
		assert_true(found("its virtual timer's"));
		if (parts[i].n_doorbells >= 2u) {
			bells[0].intid = bells[1].intid;
			n_findings = 0;
			assert_int_not_equal(run_verify(&sys).findings, 0);
			assert_true(found("twice"));
		}
		return;
	}
	skip();
}

/* Each partition's vCPU count raised by one (the kernel wrote past its
 * vCPU array) and then its vCPU pointer moved by one: the pools' tiling
 * catches both, for every partition. */
static void catches_every_vcpu_count_raised(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < sys.n_partitions; i++) {
		parts[i].n_vcpus++;
		assert_int_not_equal(run_verify(&sys).findings, 0);
		assert_true(found("slice of the vCPU pools") || found("use their pools up"));
		parts[i].n_vcpus--;
		parts[i].vcpus++;
		assert_int_not_equal(run_verify(&sys).findings, 0);
		assert_true(found("slice of the vCPU pools"));
		parts[i].vcpus--;
		assert_int_equal(run_verify(&sys).findings, 0);
	}
}

static void catches_a_state_of_another_partition(void **state)
{
	(void)state;
	if (sys.n_partitions < 2)
		skip();
	parts[1].state = parts[0].state;
	assert_int_not_equal(run_verify(&sys).findings, 0);
	assert_true(found("the run-time state of"));
}

/* Each message channel's size or depth raised by one (partition data was
 * copied over the next channel's lock), or its storage moved. */
static void catches_every_channel_storage_overrun(void **state)
{
	bool any = false;

	(void)state;
	copy_channels();
	for (uint32_t i = 0; i < sys.n_channels; i++) {
		struct sk_channel *ch = &chans[i];

		if (ch->data == NULL)
			continue;
		any = true;
		ch->message_size++;
		assert_int_not_equal(run_verify(&sys).findings, 0);
		assert_true(found("slice of the channel pools") || found("pools up"));
		ch->message_size--;
		if (ch->kind == SK_CHANNEL_QUEUING) {
			ch->depth++;
			assert_int_not_equal(run_verify(&sys).findings, 0);
			assert_true(found("slice of the channel pools") || found("pools up"));
			ch->depth--;
		}
		ch->lengths++;
		assert_int_not_equal(run_verify(&sys).findings, 0);
		assert_true(found("slice of the channel pools"));
		ch->lengths--;
		assert_int_equal(run_verify(&sys).findings, 0);
	}
	if (!any)
		skip();
}

/*
 * The kernel's count of virtual interrupt slots is the generator's: every
 * example the generator accepts for the board's 4 list registers
 * (boards/qemu-virt-aarch64/board.yaml) fits them by sk_virq_slots() too.
 * The emulated interrupt-controller frames take no slot.
 */
static void virq_slots_fit_the_list_registers(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < sk_system.n_partitions; i++) {
		const struct sk_partition_desc *p = &sk_system.partitions[i];
		uint32_t want = SK_VIRQ_FIRST_IRQ + p->n_irqs + p->n_doorbells +
				((p->flags & SK_PART_SGIS) != 0u);

		for (uint32_t d = 0; d < p->n_vdevs; d++)
			want += p->vdevs[d].kind == SK_VDEV_PL011;
		assert_int_equal(sk_virq_slots(p), want);
		assert_true(sk_virq_slots(p) <= 4u);
	}
}

/* ---- single-field corruptions derived from the tables (issue 18) ---- */

/*
 * Every scalar field of the partition, region, channel and health-monitor
 * tables, changed to each edge value (0, the field's maximum, one more,
 * one less, the next entry's value): the checker must report each, or the
 * field is on the list of those no invariant constrains (`free`, with the
 * reason in docs/design.md section 15: what they change is what the
 * description says, and the kernel is safe for every value). A summary
 * gives caught/total per table.
 */
struct field {
	const char *table;
	const char *name;
	size_t offset;
	size_t size;
	bool free; /* no invariant to check it against */
};

#define F(t, type, member, is_free) \
	{ t, #member, offsetof(type, member), sizeof(((type *)0)->member), is_free }

static const struct field fields[] = {
	F("partitions", struct sk_partition_desc, id, false),
	F("partitions", struct sk_partition_desc, vmid, true),
	F("partitions", struct sk_partition_desc, privileges, true),
	F("partitions", struct sk_partition_desc, flags, true),
	F("partitions", struct sk_partition_desc, console_budget, true),
	F("partitions", struct sk_partition_desc, n_vcpus, false),
	F("partitions", struct sk_partition_desc, n_irqs, false),
	F("partitions", struct sk_partition_desc, n_doorbells, false),
	F("partitions", struct sk_partition_desc, n_ports, false),
	F("partitions", struct sk_partition_desc, n_vdevs, true),
	F("partitions", struct sk_partition_desc, image.region, false),
	F("regions", struct sk_region, ipa.ipa, false),
	F("regions", struct sk_region, pa.pa, false),
	F("regions", struct sk_region, size, false),
	F("regions", struct sk_region, flags, false),
	F("regions", struct sk_region, channel, false),
	F("channels", struct sk_channel, kind, false),
	F("channels", struct sk_channel, message_size, false),
	F("channels", struct sk_channel, depth, false),
	F("channels", struct sk_channel, doorbell, true),
	F("channels", struct sk_channel, refresh, true),
	F("channels", struct sk_channel, n_writers, false),
	F("channels", struct sk_channel, n_readers, false),
	F("health monitor", struct sk_hm_entry, action, true),
	F("health monitor", struct sk_hm_entry, max_restarts, true),
	F("health monitor", struct sk_hm_entry, then, true),
	F("health monitor", struct sk_hm_entry, reserved, false),
	F("health monitor", struct sk_hm_entry, plan, true),
	F("health monitor", struct sk_hm_entry, then_plan, true),
};

static uint64_t get_field(const void *entry, const struct field *f)
{
	uint64_t v = 0;

	memcpy(&v, (const char *)entry + f->offset, f->size); /* little-endian host */
	return v;
}

static void set_field(void *entry, const struct field *f, uint64_t v)
{
	memcpy((char *)entry + f->offset, &v, f->size);
}

/* The entries of table `t`, writable: n of them, `stride` bytes apart. */
static void *entries(const char *t, uint32_t *n, size_t *stride, uint32_t part)
{
	if (strcmp(t, "partitions") == 0) {
		*n = sys.n_partitions, *stride = sizeof(parts[0]);
		return parts;
	}
	if (strcmp(t, "regions") == 0) {
		*n = parts[part].n_regions, *stride = sizeof(regions[0][0]);
		return regions[part];
	}
	if (strcmp(t, "channels") == 0) {
		*n = sys.n_channels, *stride = sizeof(chans[0]);
		return chans;
	}
	*n = SK_HM_EVENTS, *stride = sizeof(parts[0].hm[0]);
	return parts[part].hm;
}

static void derived_corruptions_are_caught(void **state)
{
	const char *tables[] = { "partitions", "regions", "channels", "health monitor" };
	unsigned missed = 0;

	(void)state;
	copy_channels();
	assert_int_equal(run_verify(&sys).findings, 0);
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		bool per_part = strcmp(tables[t], "regions") == 0 ||
				strcmp(tables[t], "health monitor") == 0;
		unsigned caught = 0, total = 0, free_ok = 0;

		for (uint32_t part = 0; part < (per_part ? sys.n_partitions : 1u); part++) {
			uint32_t n;
			size_t stride;
			char *base = entries(tables[t], &n, &stride, part);

			for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
				const struct field *f = &fields[k];

				if (strcmp(f->table, tables[t]) != 0)
					continue;
				for (uint32_t e = 0; e < n; e++) {
					void *entry = base + e * stride;
					uint64_t orig = get_field(entry, f);
					uint64_t max = f->size == 8 ? UINT64_MAX
								    : (1ull << (8 * f->size)) - 1u;
					uint64_t other = get_field(base + ((e + 1u) % n) * stride, f);
					uint64_t values[] = { 0, max, (orig + 1u) & max,
							      (orig - 1u) & max, other };

					for (size_t v = 0; v < 5; v++) {
						if (values[v] == orig)
							continue;
						set_field(entry, f, values[v]);
						total++;
						if (run_verify(&sys).findings != 0u) {
							caught++;
						} else if (f->free) {
							free_ok++;
						} else {
							missed++;
							print_message("missed: %s[%u] of partition %u: "
								      "%s 0x%lx -> 0x%lx\n", tables[t],
								      e, part, f->name,
								      (unsigned long)orig,
								      (unsigned long)values[v]);
						}
						set_field(entry, f, orig);
					}
				}
			}
		}
		print_message("derived corruptions of %s: %u / %u caught, %u of "
			      "fields no invariant constrains\n", tables[t], caught, total,
			      free_ok);
	}
	assert_int_equal(missed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(self_test_passes),
		cmocka_unit_test(walker_translates_every_region_exactly),
		cmocka_unit_test_setup(copy_passes_too, fresh_copy),
		cmocka_unit_test_setup(catches_changed_permission, fresh_copy),
		cmocka_unit_test_setup(catches_write_to_read_only, fresh_copy),
		cmocka_unit_test_setup(catches_mapping_foreign_memory, fresh_copy),
		cmocka_unit_test_setup(catches_mapping_the_kernel, fresh_copy),
		cmocka_unit_test_setup(catches_tables_outside_the_kernel_image, fresh_copy),
		cmocka_unit_test_setup(catches_a_missing_mapping, fresh_copy),
		cmocka_unit_test_setup(catches_memory_shared_without_a_channel, fresh_copy),
		cmocka_unit_test_setup(catches_a_shared_vmid, fresh_copy),
		cmocka_unit_test_setup(catches_an_interrupt_with_two_owners, fresh_copy),
		cmocka_unit_test_setup(catches_a_console_interrupt_of_one_cpu, fresh_copy),
		cmocka_unit_test_setup(catches_broken_schedule, fresh_copy),
		cmocka_unit_test_setup(catches_a_writable_reader, fresh_copy),
		cmocka_unit_test_setup(catches_an_unknown_hm_action, fresh_copy),
		cmocka_unit_test_setup(catches_a_switch_to_no_plan, fresh_copy),
		cmocka_unit_test_setup(catches_an_escalation_that_never_ends, fresh_copy),
		cmocka_unit_test_setup(catches_an_escalation_plan_out_of_range, fresh_copy),
		cmocka_unit_test_setup(catches_a_vmid_wider_than_the_kernel_programs, fresh_copy),
		cmocka_unit_test_setup(catches_more_vcpus_than_cpus, fresh_copy),
		cmocka_unit_test_setup(catches_channels_sharing_storage, fresh_copy),
		cmocka_unit_test_setup(catches_a_queue_deeper_than_any, fresh_copy),
		cmocka_unit_test_setup(catches_a_doorbell_interrupt_taken, fresh_copy),
		cmocka_unit_test(virq_slots_fit_the_list_registers),
		cmocka_unit_test_setup(catches_every_vcpu_count_raised, fresh_copy),
		cmocka_unit_test_setup(catches_a_state_of_another_partition, fresh_copy),
		cmocka_unit_test_setup(catches_every_channel_storage_overrun, fresh_copy),
		cmocka_unit_test_setup(derived_corruptions_are_caught, fresh_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
