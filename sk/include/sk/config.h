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
#include <bulkhead/hvc.h>
#include <sk/spinlock.h>
#include <sk/types.h>

/* Bumped whenever the layout below changes; the generated file checks it. */
#define SK_CONFIG_ABI 6

/* sk_region.flags */
#define SK_MEM_READ 0x1u
#define SK_MEM_WRITE 0x2u
#define SK_MEM_EXEC 0x4u
#define SK_MEM_DEVICE 0x8u /* device memory (not cacheable, never executable) */
#define SK_MEM_NONCACHEABLE 0x10u /* normal memory, not cacheable */
#define SK_MEM_SHARED 0x20u /* a shared-memory channel (sk_region.channel) */

/* sk_partition_desc.privileges */
#define SK_PRIV_SWITCH_PLAN 0x01u        /* may ask for another schedule plan */
#define SK_PRIV_RESTART_PARTITIONS 0x02u /* may restart other partitions */
#define SK_PRIV_READ_AUDIT 0x04u         /* may read the audit log */
#define SK_PRIV_HALT_SYSTEM 0x08u        /* may halt the whole system */
#define SK_PRIV_PMU 0x10u                /* may use the performance monitors */

/* sk_partition_desc.flags */
#define SK_PART_CONSOLE 0x1u /* may write to the console */
#define SK_PART_SGIS 0x2u    /* may send SGIs to its own vCPUs (one slot) */
#define SK_PART_DEBUG_IGNORE 0x4u /* debug and PMU registers read as zero */

/* "Nobody" in owner and index fields. */
#define SK_NONE 0xFFFFFFFFu
/* Owner field: the kernel itself. */
#define SK_OWNER_KERNEL 0xFFFFFFFEu

/* Health-monitor events (the index of sk_partition_desc.hm). */
enum sk_hm_event {
	SK_HM_MEMORY_VIOLATION = 0,
	SK_HM_TRAPPED_INSTRUCTION = 1,
	SK_HM_ILLEGAL_EXCEPTION = 2,
	SK_HM_HYPERCALL_ERROR = 3,
	SK_HM_DENIED_REQUEST = 4,
	SK_HM_PARTITION_ERROR = 5,
	SK_HM_POWER_OFF = 6,
	SK_HM_RESET = 7,
	SK_HM_OVERRUN = 8,
	SK_HM_EVENTS = 9
};

/* Health-monitor actions. */
enum sk_hm_action {
	SK_HM_LOG = 0,
	SK_HM_STOP = 1,
	SK_HM_COLD_RESTART = 2,
	SK_HM_WARM_RESTART = 3,
	SK_HM_SWITCH_PLAN = 4,
	SK_HM_HALT = 5
};

/* What the health monitor does for one event of one partition. */
struct sk_hm_entry {
	uint8_t action;       /* enum sk_hm_action */
	uint8_t max_restarts; /* restart actions: how many before `then` */
	uint8_t then;         /* action after the last restart */
	uint8_t reserved;
	uint32_t plan;        /* SK_HM_SWITCH_PLAN: plan index */
	uint32_t then_plan;   /* `then` is SK_HM_SWITCH_PLAN: plan index */
};

/* Channel kinds (the values partitions see, bulkhead/hvc.h). */
#define SK_CHANNEL_SAMPLING BH_PORT_KIND_SAMPLING
#define SK_CHANNEL_QUEUING BH_PORT_KIND_QUEUING
#define SK_CHANNEL_SHARED_MEMORY BH_PORT_KIND_SHARED_MEMORY

/* Largest sampling or queuing message (the generator's rule channel-sizes). */
#define SK_MESSAGE_MAX 4096u
/* Deepest queuing channel (the generator's rule channel-sizes, MAX_DEPTH). */
#define SK_QUEUE_DEPTH_MAX 1024u

/* sk_port.direction */
#define SK_PORT_SOURCE BH_PORT_SOURCE
#define SK_PORT_DESTINATION BH_PORT_DESTINATION

/* sk_slot.partition of a gap in the schedule: the CPU idles. */
#define SK_SLOT_IDLE 0xFFFFFFFFu

/* sk_kmap.kind: why the kernel maps a range into its own address space. */
#define SK_KMAP_DEVICE 1u    /* a device the kernel drives (console, interrupt controller) */
#define SK_KMAP_PARTITION 2u /* partition RAM: image loading, hypercall buffers */
#define SK_KMAP_IMAGES 3u    /* the image store: pristine images, read-only */

struct sk_vcpu;
struct sk_partition;
struct sk_cpu;

/* One range of a partition's intermediate physical address space. */
struct sk_region {
	const char *name;
	sk_ipa_t ipa;
	sk_pa_t pa;
	uint64_t size;
	uint32_t flags;   /* SK_MEM_* */
	uint32_t channel; /* SK_MEM_SHARED: index in sk_system.channels */
};

/* A partition's end of a channel; its port id is its index. */
struct sk_port {
	uint32_t channel;   /* index in sk_system.channels */
	uint32_t direction; /* SK_PORT_SOURCE or SK_PORT_DESTINATION */
};

/*
 * A device the kernel emulates for a partition: its registers are not
 * mapped, and each access, trapped as a stage-2 fault, is answered by the
 * kernel's model of the device (sk/vdev.c). Its interrupt, if it has one,
 * is a virtual one of the partition's vCPU 0, in the slot after its
 * doorbells.
 */
struct sk_vdev {
	uint32_t kind;  /* SK_VDEV_* */
	sk_ipa_t ipa;   /* where the partition sees its registers */
	uint64_t size;
	uint32_t intid; /* its interrupt in the partition's view, or SK_NONE */
};

#define SK_VDEV_PL011 1u /* a UART whose lines go to the kernel's console */
/* The interrupt controller, modelled by the architecture (sk/arch/irq.h):
 * its shared part, and its per-vCPU part (one frame per vCPU, in order). */
#define SK_VDEV_IRQCHIP 2u
#define SK_VDEV_IRQCHIP_CPU 3u

/* A virtual interrupt the partition receives when a channel rings. */
struct sk_doorbell {
	uint32_t channel;
	uint32_t intid; /* in the partition's view */
};

/*
 * Run-time state of a sampling or queuing channel, in storage the
 * generator emits for it. Changed only under `lock`, by the kernel, in a
 * bounded piece of a port call: no partition can hold it.
 */
struct sk_channel_state {
	struct sk_spinlock lock;
	uint32_t head;    /* queuing: slot of the oldest message */
	uint32_t count;   /* messages held: queuing 0..depth, sampling 0 or 1 */
	uint64_t time;    /* sampling: counter value when the message was written */
	uint64_t writes;  /* messages written or sent since boot */
	uint64_t refused; /* queuing: sends refused because the queue was full */
};

/*
 * A channel. Endpoints are partition indexes; for shared memory, writers
 * map the region read-write and readers read-only.
 */
struct sk_channel {
	const char *name;
	uint32_t kind;          /* SK_CHANNEL_* */
	uint32_t message_size;  /* sampling, queuing: bytes */
	uint32_t depth;         /* queuing: messages */
	uint32_t doorbell;      /* rings the readers */
	uint64_t refresh;       /* sampling: ticks a message stays valid */
	sk_pa_t pa;             /* shared memory */
	uint64_t size;          /* shared memory */
	uint32_t n_writers;
	const uint32_t *writers;
	uint32_t n_readers;
	const uint32_t *readers;
	/* Sampling and queuing: run-time storage, NULL for shared memory. */
	struct sk_channel_state *state;
	uint8_t *data;     /* slots of message_size bytes: depth (sampling: 1) */
	uint32_t *lengths; /* length of the message in each slot */
};

/* Who owns a physical interrupt. */
struct sk_irq_owner {
	uint32_t intid;
	uint32_t owner; /* partition index or SK_OWNER_KERNEL */
	uint32_t slot;  /* its virtual interrupt slot in the owner's vCPU 0
			 * (SK_VIRQ_FIRST_IRQ + its place in the owner's irqs),
			 * or SK_NONE for the kernel's */
};

/*
 * The interrupts partitions own, again, indexed by interrupt number for
 * the interrupt fast path: entry i says where interrupt i goes. slot 0
 * (the virtual timer's, never a device's) marks one no partition owns.
 * sk_verify() checks it against irq_owners.
 */
struct sk_irq_route {
	uint16_t partition; /* owner's index */
	uint16_t slot;      /* virtual interrupt slot in its vCPU 0, or 0 */
};

/* An MMIO range of the board and who owns it. */
struct sk_device {
	const char *name;
	sk_pa_t base;
	uint64_t size;
	uint32_t owner; /* partition index, SK_OWNER_KERNEL or SK_NONE */
};

/* A partition's boot image: a pristine copy kept in the image store. */
struct sk_image {
	const uint8_t *start;
	const uint8_t *end;
	uint32_t region; /* index of the region it is loaded into */
	sk_ipa_t load;   /* where its first byte goes */
	sk_ipa_t entry;  /* where the partition starts executing */
	uint64_t arg;    /* first argument of vCPU 0 there (Linux: its device tree's IPA) */
};

struct sk_partition_desc {
	const char *name;
	uint32_t id;   /* index in sk_system.partitions */
	uint32_t vmid; /* stage-2 address-space identifier, unique, not 0 */
	uint32_t privileges; /* SK_PRIV_* */
	uint32_t flags;      /* SK_PART_* */
	/* Console bytes per major frame: its own lines and the kernel's
	 * about it (sk/console.c); what exceeds it is dropped and counted. */
	uint32_t console_budget;
	uint32_t n_regions;
	const struct sk_region *regions; /* everything its stage 2 maps */
	const uint64_t *s2_root; /* generated stage-2 root table */
	struct sk_image image;
	uint32_t n_vcpus;
	const uint32_t *vcpu_cpu;     /* index in sk_system.cpus of each vCPU */
	struct sk_vcpu *vcpus;        /* run-time, n_vcpus of them */
	uint32_t n_irqs;
	const uint32_t *irqs;         /* physical interrupts routed to it */
	uint32_t n_ports;
	const struct sk_port *ports;
	uint32_t n_doorbells;
	const struct sk_doorbell *doorbells;
	uint32_t n_vdevs;
	const struct sk_vdev *vdevs;  /* emulated devices, by address */
	struct sk_hm_entry hm[SK_HM_EVENTS];
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
	uint32_t vcpu;      /* the partition's vCPU pinned to this CPU */
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
	uint64_t switch_ticks; /* a window's partition starts this long into it (0: at once) */
	/* The last margin_ticks of a window start no kernel work for its
	 * partition (sk_sched_fits()): schedule.work_margin. */
	uint64_t margin_ticks;
	uint32_t console_ring_size; /* bytes of console_ring */
	char *console_ring;         /* run-time: the console's output ring */
	uint32_t console_input; /* partition receiving console input, or SK_NONE */
	uint32_t console_irq;   /* the kernel console's receive interrupt, or SK_NONE */
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
	uint32_t n_channels;
	const struct sk_channel *channels;
	uint32_t n_irq_owners;
	const struct sk_irq_owner *irq_owners; /* by interrupt number */
	uint32_t n_irq_routes;                 /* highest routed interrupt + 1 */
	const struct sk_irq_route *irq_routes; /* indexed by interrupt number */
	uint32_t n_devices;
	const struct sk_device *devices;       /* by base address */
	uint32_t audit_records;
	struct bh_audit_record *audit_ring; /* run-time, audit_records of them */
	struct arch_system_desc arch;
};

/* The system this kernel image was generated for. */
extern const struct sk_system sk_system;

#endif /* SK_CONFIG_H */
