/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The independent check of the generated tables (the SKPP self-test).
 *
 * A second implementation, in C, of what the generator promises: it reads
 * the emitted tables, walks every partition's stage-2 translation as the
 * MMU would, and checks the separation properties directly. The kernel
 * runs it at boot before any partition starts; the unit tests run it on
 * every example system and on deliberately corrupted tables.
 */
#ifndef SK_VERIFY_H
#define SK_VERIFY_H

#include <sk/config.h>

/* Receives one finding, a complete sentence without a newline. */
typedef void (*sk_verify_report_fn)(void *ctx, const char *finding);

struct sk_verify_result {
	uint32_t checks;   /* facts checked */
	uint32_t findings; /* facts that did not hold */
};

/*
 * Check `sys`. Every finding goes to `report`. Properties checked:
 * - structure: identifiers, VMIDs unique and not 0, vCPU placement, images
 *   inside their regions;
 * - schedule: each plan's slots tile its CPU's major frame, name valid
 *   partitions, and run a vCPU pinned to that CPU;
 * - memory: every stage-2 leaf lies inside a declared region with the
 *   declared permissions and memory type, regions are fully mapped and
 *   disjoint in the partition's address space; no partition maps the
 *   kernel's memory or a device it does not own; partitions' memory is
 *   disjoint except the regions of one shared-memory channel, which a
 *   reader maps read-only and a writer read-write;
 * - ownership: every device and interrupt has one owner, and partitions
 *   have exactly the interrupts the ownership table gives them;
 * - the kernel maps every partition region it must reach, and no more.
 */
struct sk_verify_result sk_verify(const struct sk_system *sys,
				  sk_verify_report_fn report, void *ctx);

#endif /* SK_VERIFY_H */
