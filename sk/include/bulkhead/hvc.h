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
 * x0 returns a status: BH_OK or a negative BH_E_* code. Every other result
 * register is defined per call below; result registers a call does not
 * define are returned as zero, so nothing of the kernel leaks through them.
 *
 * Buffer arguments are intermediate physical addresses (IPAs): what the
 * partition sees as physical memory, independent of its own stage-1 MMU.
 * docs/abi.md is the prose version of this header.
 */
#ifndef BULKHEAD_HVC_H
#define BULKHEAD_HVC_H

/* ABI version: a partition built for major M runs on any kernel with major M. */
#define BH_ABI_MAJOR 0u
#define BH_ABI_MINOR 1u

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

/* Number of Bulkhead calls above (answer of the SMCCC call-count query). */
#define BH_HVC_COUNT 4u

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

#endif /* BULKHEAD_HVC_H */
