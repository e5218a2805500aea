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
 * - health monitor: known actions, existing plans, one escalation step;
 * - channels: kinds, sizes, no two channels' storage meets;
 * - ownership: every device and interrupt has one owner, and partitions
 *   have exactly the interrupts the ownership table gives them;
 * - the kernel maps every partition region it must reach, and no more.
 */
/*
 * The virtual interrupt slots partition p's vCPU 0 uses, as the interrupt
 * controller's model allocates them: its virtual timer, its physical
 * interrupts, its doorbells, the interrupts of the emulated devices that
 * have one (the emulated interrupt-controller frames take none) and one
 * for its SGIs. The boot check compares it with the list registers the
 * hardware has; the generator's rule list-registers counts the same.
 */
uint32_t sk_virq_slots(const struct sk_partition_desc *p);

struct sk_verify_result sk_verify(const struct sk_system *sys,
				  sk_verify_report_fn report, void *ctx);

#endif /* SK_VERIFY_H */
