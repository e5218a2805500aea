/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The contract between the generator and the kernel.
 *
 * The generator (generator/bulkhead) compiles a system description into one
 * C file that defines `sk_system` with the types below: const tables in
 * read-only memory plus the run-time objects they point to, each sized for
 * this system. The kernel allocates nothing: every object it uses is named
 * here. Counts are always given beside arrays and every loop over a table
 * is bounded by its count.
 *
 * Times are in ticks of the system counter whose frequency the board
 * declares (`timer_hz`); the kernel checks the hardware agrees at boot.
 */
#ifndef SK_CONFIG_H
#define SK_CONFIG_H

#include <arch/config.h>
#include <sk/types.h>

/* Bumped whenever the layout below changes; the generated file checks it. */
#define SK_CONFIG_ABI 1

/* sk_region.flags */
#define SK_MEM_READ 0x1u
#define SK_MEM_WRITE 0x2u
#define SK_MEM_EXEC 0x4u
#define SK_MEM_DEVICE 0x8u /* device memory (not cacheable, never executable) */

/* sk_partition_desc.privileges */
#define SK_PRIV_PMU 0x1u /* may program and read the performance monitors */

/* sk_slot.partition of a gap in the schedule: the CPU idles. */
#define SK_SLOT_IDLE 0xFFFFFFFFu

/* sk_kmap.kind: why the kernel maps a range into its own address space. */
#define SK_KMAP_DEVICE 1u    /* a device the kernel drives (console, GIC) */
#define SK_KMAP_PARTITION 2u /* partition RAM: image loading, hypercall buffers */

struct sk_vcpu;
struct sk_partition;
struct sk_cpu;

/* One range of a partition's intermediate physical address space. */
struct sk_region {
	const char *name;
	sk_ipa_t ipa;
	sk_pa_t pa;
	uint64_t size;
	uint32_t flags; /* SK_MEM_* */
};

/* A partition's boot image: a pristine copy kept in the kernel image. */
struct sk_image {
	const uint8_t *start;
	const uint8_t *end;
	uint32_t region; /* index of the region it is loaded at (its start) */
	sk_ipa_t entry;  /* where the partition starts executing */
};

struct sk_partition_desc {
	const char *name;
	uint32_t id;   /* index in sk_system.partitions */
	uint32_t vmid; /* stage-2 address-space identifier, unique, not 0 */
	uint32_t privileges;
	uint32_t n_regions;
	const struct sk_region *regions;
	const uint64_t *s2_root; /* generated stage-2 root table */
	struct sk_image image;
	uint32_t n_vcpus;
	struct sk_vcpu *vcpus;        /* run-time, n_vcpus of them */
	struct sk_partition *state;   /* run-time */
};

/*
 * A slot of one CPU's major frame: a window of a partition or a gap. The
 * generator emits the gaps too, so the slots of a CPU tile [0, major_frame)
 * exactly, in order.
 */
struct sk_slot {
	uint64_t start; /* ticks from the start of the major frame */
	uint64_t end;
	uint32_t partition; /* index in sk_system.partitions, or SK_SLOT_IDLE */
	uint32_t window;    /* index of the window in the description, for logs */
};

struct sk_cpu_plan {
	uint32_t n_slots;
	const struct sk_slot *slots;
};

struct sk_plan {
	const char *name;
	const struct sk_cpu_plan *cpus; /* one per sk_system.cpus entry */
};

struct sk_cpu_desc {
	uint32_t id; /* CPU number in the board description */
	struct arch_cpu_desc arch;
	struct sk_cpu *state; /* run-time */
	uint8_t *stack_top;
};

/* A physical range the kernel maps for itself, never executable. */
struct sk_kmap {
	const char *what;
	sk_pa_t base;
	uint64_t size;
	uint32_t kind; /* SK_KMAP_* */
};

struct sk_system {
	const char *name;
	const char *board;
	const char *config_sha256; /* of the system description, hex */
	const char *generator_version;
	uint64_t timer_hz;
	uint64_t major_frame; /* ticks */
	sk_pa_t kernel_base;  /* the kernel's own RAM, from the board */
	uint64_t kernel_size;
	uint32_t n_cpus;
	const struct sk_cpu_desc *cpus;
	uint32_t n_partitions;
	const struct sk_partition_desc *partitions;
	uint32_t n_plans;
	const struct sk_plan *plans;
	uint32_t initial_plan;
	uint32_t n_kmaps;
	const struct sk_kmap *kmaps;
	struct arch_system_desc arch;
};

/* The system this kernel image was generated for. */
extern const struct sk_system sk_system;

#endif /* SK_CONFIG_H */
