/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bulkhead hypercall ABI, shared by the kernel and every partition runtime.
 *
 * A partition calls the kernel with `HVC #0` following the Arm SMC Calling
 * Convention (SMCCC, DEN0028): the function identifier in w0, arguments in
 * x1..x6, results in x0..x7. Bulkhead's own calls are SMC64 fast calls in
 * the "vendor specific hypervisor service" range (owning entity 6), so their
 * identifiers are 0xC600_0000 + function number. The three general queries
 * SMCCC defines for every service (call count, UID, revision) answer at
 * 0x8600_FF00/FF01/FF03 (SMC32).
 *
 * x0 returns a status: BH_OK or a negative BH_E_* code. Other results are
 * defined per call below; x1..x3 a call does not define are returned as
 * zero, x4..x7 are preserved unless the call defines them, so nothing of
 * the kernel leaks through them.
 *
 * Buffer arguments are intermediate physical addresses (IPAs): what the
 * partition sees as physical memory, independent of its own stage-1 MMU.
 * docs/abi.md is the prose version of this header.
 */
#ifndef BULKHEAD_HVC_H
#define BULKHEAD_HVC_H

#include <stdint.h>

/* ABI version: a partition built for major M runs on any kernel with major M. */
#define BH_ABI_MAJOR 0u
#define BH_ABI_MINOR 2u

#define BH_SMCCC_FAST  0x80000000u
#define BH_SMCCC_64    0x40000000u
#define BH_SMCCC_OEN_VENDOR_HYP (6u << 24)

#define BH_HVC_FN64(n) (BH_SMCCC_FAST | BH_SMCCC_64 | BH_SMCCC_OEN_VENDOR_HYP | (n))
#define BH_HVC_FN32(n) (BH_SMCCC_FAST | BH_SMCCC_OEN_VENDOR_HYP | (n))

/*
 * BH_HVC_VERSION: x1 = ABI version (major << 16 | minor),
 *                 x2 = kernel version (major << 16 | minor << 8 | patch).
 */
#define BH_HVC_VERSION        BH_HVC_FN64(0x0000u)
/*
 * BH_HVC_IDENTITY: who am I.
 *   x1 = partition id (index in the system description, from 0),
 *   x2 = vCPU index within the partition,
 *   x3..x6 = partition name, 32 bytes, little-endian, NUL-padded.
 */
#define BH_HVC_IDENTITY       BH_HVC_FN64(0x0001u)
/*
 * BH_HVC_CONSOLE_WRITE(x1 = buffer IPA, x2 = length): append bytes to the
 * partition's console line. The kernel prints whole lines, prefixed with
 * "[<partition name>] ", when it sees '\n' or the line is full.
 * Length must be 1..BH_CONSOLE_WRITE_MAX; the buffer must lie in readable
 * normal memory of the calling partition. x1 = bytes consumed.
 */
#define BH_HVC_CONSOLE_WRITE  BH_HVC_FN64(0x0002u)
/* BH_HVC_YIELD: give up the rest of the current window; returns BH_OK at the
 * start of the partition's next window. */
#define BH_HVC_YIELD          BH_HVC_FN64(0x0003u)
/*
 * BH_HVC_GET_STATUS(x1 = BH_STATUS_*): the partition's status.
 * BH_STATUS_PARTITION:
 *   x1 = operating mode (BH_MODE_*), x2 = start condition (BH_START_*),
 *   x3 = restarts by the health monitor so far (bits 31:0) and times the
 *        partition has started, for any reason, since boot (bits 63:32),
 *   x4 = schedule plan in effect (index), x5 = plan switch pending (index,
 *   or BH_NONE), x6 = current major frame number, x7 = the system counter
 *   value at which frame 0 began.
 * BH_STATUS_TIME, its time partitioning since boot, over all its vCPUs:
 *   x1 = its windows that began after their switch time (late starts),
 *   x2 = overrun events raised for it (the kernel's work for it ran into
 *   the next window), x3 = its calls and faults deferred to a later window
 *   (they came within the work margin of a window's end), x4 = its console
 *   bytes dropped over its budget, x5 = the longest switch into one of its
 *   windows: counter ticks from the window's start until the kernel had
 *   switched to it, x6 = the switch time, x7 = the work margin (ticks).
 * Any other x1: BH_E_INVALID.
 */
#define BH_HVC_GET_STATUS     BH_HVC_FN64(0x0004u)
/*
 * BH_HVC_SET_MODE(x1 = mode): the partition sets its own mode, as ARINC 653
 * SET_PARTITION_MODE: NORMAL (from COLD_START or WARM_START: initialisation
 * is over), IDLE (stop), COLD_START or WARM_START (restart itself). Only
 * NORMAL returns.
 */
#define BH_HVC_SET_MODE       BH_HVC_FN64(0x0005u)
/* BH_HVC_RAISE_ERROR(x1 = code): report an error to the health monitor
 * (event partition_error); x1 is recorded in the audit log. */
#define BH_HVC_RAISE_ERROR    BH_HVC_FN64(0x0006u)
/* BH_HVC_SWITCH_PLAN(x1 = plan index): privilege switch_plan. Takes effect
 * at the next major-frame boundary on every CPU. */
#define BH_HVC_SWITCH_PLAN    BH_HVC_FN64(0x0007u)
/* BH_HVC_PARTITION_CONTROL(x1 = partition id, x2 = BH_CONTROL_*):
 * privilege restart_partitions; not for the caller itself. */
#define BH_HVC_PARTITION_CONTROL BH_HVC_FN64(0x0008u)
/* BH_HVC_HALT_SYSTEM: privilege halt_system. Never returns. */
#define BH_HVC_HALT_SYSTEM    BH_HVC_FN64(0x0009u)
/*
 * BH_HVC_AUDIT_READ(x1 = first sequence number wanted, x2 = buffer IPA,
 * x3 = room in records): privilege read_audit. Copies the records with
 * sequence number >= x1 still in the log, oldest first, as struct
 * bh_audit_record. x1 = records copied, x2 = sequence number of the next
 * record to ask for, x3 = records lost to overwriting since boot.
 */
#define BH_HVC_AUDIT_READ     BH_HVC_FN64(0x000Au)


/*
 * Ports. A partition names its own ports by their id (0 to its number of
 * ports - 1, BH_PORT_<CHANNEL> in its generated header); it cannot name
 * anyone else's. Buffers must lie in one region of the caller's normal
 * memory (read for what it sends, written for what it receives).
 *
 * BH_HVC_SAMPLING_WRITE(x1 = port, x2 = buffer, x3 = length): source port
 * of a sampling channel; the message (1 to message size bytes) replaces
 * the previous one, stamped with the system counter.
 */
#define BH_HVC_SAMPLING_WRITE BH_HVC_FN64(0x000Bu)
/*
 * BH_HVC_SAMPLING_READ(x1 = port, x2 = buffer, x3 = room): destination port
 * of a sampling channel; copies the latest message (room must hold it).
 * x1 = length, x2 = counter value when it was written, x3 = 1 if it is
 * still valid (written within the channel's refresh period), else 0.
 * BH_E_EMPTY if nothing was ever written.
 */
#define BH_HVC_SAMPLING_READ  BH_HVC_FN64(0x000Cu)
/*
 * BH_HVC_QUEUING_SEND(x1 = port, x2 = buffer, x3 = length): source port of
 * a queuing channel; appends the message (1 to message size bytes).
 * BH_E_FULL if the queue holds depth messages (nothing is lost or
 * overwritten: the message is not sent). Rings the reader's doorbell if the
 * channel has one. x1 = messages now queued.
 */
#define BH_HVC_QUEUING_SEND   BH_HVC_FN64(0x000Du)
/*
 * BH_HVC_QUEUING_RECEIVE(x1 = port, x2 = buffer, x3 = room): destination
 * port of a queuing channel; removes the oldest message and copies it (room
 * must hold it, or nothing is removed). x1 = its length, x2 = messages left.
 * BH_E_EMPTY if there is none.
 */
#define BH_HVC_QUEUING_RECEIVE BH_HVC_FN64(0x000Eu)
/*
 * BH_HVC_PORT_STATUS(x1 = port): x1 = channel kind (BH_PORT_KIND_*) |
 * direction << 8 (BH_PORT_SOURCE/DESTINATION) | 1 << 16 if the channel has
 * a doorbell, x2 = message size (shared
 * memory: region size), x3 = depth (queuing), x4 = messages held (queuing:
 * queued; sampling: 1 once written), x5 = messages written or sent since
 * boot, x6 = sends refused because the queue was full, x7 = counter value
 * of the last sampling write.
 */
#define BH_HVC_PORT_STATUS    BH_HVC_FN64(0x000Fu)
/*
 * BH_HVC_DOORBELL_RING(x1 = port): source port of a shared-memory channel
 * with a doorbell: each reader gets the channel's virtual interrupt.
 */
#define BH_HVC_DOORBELL_RING  BH_HVC_FN64(0x0010u)

#define BH_PORT_KIND_SAMPLING 1u
#define BH_PORT_KIND_QUEUING 2u
#define BH_PORT_KIND_SHARED_MEMORY 3u
#define BH_PORT_SOURCE 1u
#define BH_PORT_DESTINATION 2u

/* Number of Bulkhead calls above (answer of the SMCCC call-count query). */
#define BH_HVC_COUNT 17u

/* Operating modes (ARINC 653 values). */
/* BH_HVC_GET_STATUS x1: which status. */
#define BH_STATUS_PARTITION 0u
#define BH_STATUS_TIME 1u

#define BH_MODE_IDLE 0u
#define BH_MODE_COLD_START 1u
#define BH_MODE_WARM_START 2u
#define BH_MODE_NORMAL 3u

/* Why the partition last started. */
#define BH_START_NORMAL 0u            /* system start */
#define BH_START_PARTITION_RESTART 1u /* it asked itself (BH_HVC_SET_MODE) */
#define BH_START_HM_RESTART 2u        /* the health monitor restarted it */
#define BH_START_OTHER_RESTART 3u     /* a privileged partition restarted it */

/* BH_HVC_PARTITION_CONTROL actions. */
#define BH_CONTROL_STOP 0u
#define BH_CONTROL_COLD_RESTART 1u
#define BH_CONTROL_WARM_RESTART 2u

#define BH_NONE 0xFFFFFFFFu

/* One audit record, as BH_HVC_AUDIT_READ copies it (32 bytes). */
struct bh_audit_record {
	uint64_t seq;       /* from 0 at boot, one per record */
	uint64_t time;      /* system counter ticks */
	uint16_t cpu;       /* CPU number in the board description */
	uint16_t partition; /* partition id, or 0xFFFF for the kernel */
	uint16_t event;     /* BH_AUDIT_* */
	uint16_t info;      /* event-specific: health-monitor event, mode... */
	uint64_t detail;    /* event-specific: address, plan, code... */
};

/* Audit events. */
#define BH_AUDIT_BOOT 1u          /* detail: number of partitions */
#define BH_AUDIT_SELF_TEST 2u     /* detail: checks passed */
#define BH_AUDIT_HM_EVENT 3u      /* info: hm event, detail: address/code */
#define BH_AUDIT_HM_ACTION 4u     /* info: action taken */
#define BH_AUDIT_DENIED 5u        /* info: low 16 bits of the function id */
#define BH_AUDIT_PLAN_SWITCH 6u   /* detail: plan now in effect, info: frame & 0xffff */
#define BH_AUDIT_MODE 7u          /* info: new mode, detail: start condition */
#define BH_AUDIT_HALT 8u          /* the system stops */
#define BH_AUDIT_LATE_START 9u    /* a window began after its switch time: info:
				   * the CPU's index, detail: its late starts since boot */

/* PSCI (DEN0022) functions a partition may call through HVC #0. */
#define BH_PSCI_VERSION 0x84000000u
#define BH_PSCI_CPU_SUSPEND 0xC4000001u
#define BH_PSCI_CPU_OFF 0x84000002u
#define BH_PSCI_CPU_ON 0xC4000003u
#define BH_PSCI_AFFINITY_INFO 0xC4000004u
#define BH_PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define BH_PSCI_SYSTEM_OFF 0x84000008u
#define BH_PSCI_SYSTEM_RESET 0x84000009u
#define BH_PSCI_FEATURES 0x8400000Au
#define BH_SMCCC_VERSION 0x80000000u
/* PSCI return codes */
#define BH_PSCI_SUCCESS 0
#define BH_PSCI_NOT_SUPPORTED (-1)
#define BH_PSCI_INVALID_PARAMETERS (-2)
#define BH_PSCI_DENIED (-3)
#define BH_PSCI_ALREADY_ON (-4)
#define BH_PSCI_INVALID_ADDRESS (-9)

/* SMCCC general service queries for the vendor hypervisor range. */
#define BH_HVC_CALL_COUNT     BH_HVC_FN32(0xFF00u)
#define BH_HVC_CALL_UID       BH_HVC_FN32(0xFF01u)
#define BH_HVC_REVISION       BH_HVC_FN32(0xFF03u)

/* UID returned by BH_HVC_CALL_UID in w0..w3: 9c1b5f0e-6d2a-4bd0-8a43-b17c3d0e5a11 */
#define BH_UID_W0 0x0e5f1b9cu
#define BH_UID_W1 0xd04b2a6du
#define BH_UID_W2 0x7cb1438au
#define BH_UID_W3 0x115a0e3du

/* Largest BH_HVC_CONSOLE_WRITE in one call. */
#define BH_CONSOLE_WRITE_MAX 256u

/* Status codes in x0 (as signed 64-bit values). */
#define BH_OK                0
#define BH_E_NOT_SUPPORTED  (-1) /* unknown function (SMCCC NOT_SUPPORTED) */
#define BH_E_INVALID        (-2) /* an argument is out of range */
#define BH_E_DENIED         (-3) /* the partition lacks the privilege */
#define BH_E_BAD_ADDRESS    (-4) /* a buffer is not the caller's memory */
#define BH_E_EMPTY          (-5) /* no message to read or receive */
#define BH_E_FULL           (-6) /* the queue is full: the message was not sent */

#endif /* BULKHEAD_HVC_H */
