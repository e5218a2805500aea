/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VMSAv8-64 translation table descriptors, 4 KiB granule: the fields the
 * kernel writes for its own stage 1 and reads when it walks the generated
 * stage-2 tables. generator/bulkhead/aarch64.py writes the same stage-2
 * fields; tests/unit checks the two agree on every example system.
 */
#ifndef ARCH_PTE_H
#define ARCH_PTE_H

#include <stdint.h>

#define PTE_VALID (1ull << 0)
#define PTE_TABLE (1ull << 1) /* levels 0-2: next-level table; level 3: page */
#define PTE_TYPE_MASK 3ull
#define PTE_TYPE_BLOCK 1ull
#define PTE_TYPE_TABLE 3ull /* also "page" at level 3 */
#define PTE_ADDR_MASK 0x0000fffffffff000ull
#define PTE_AF (1ull << 10)
#define PTE_SH_INNER (3ull << 8)
#define PTE_XN (1ull << 54)

/* Stage 1 (kernel, EL2 regime) */
#define PTE_S1_ATTRIDX(i) ((uint64_t)(i) << 2)
#define PTE_S1_AP_RW (1ull << 6) /* AP[2:1] = 01: AP[1] is RES1 at EL2 */
#define PTE_S1_AP_RO (3ull << 6) /* AP[2:1] = 11 */

/* Stage 2 (partitions) */
#define PTE_S2_MEMATTR_SHIFT 2
#define PTE_S2_MEMATTR_MASK (0xfull << 2)
#define PTE_S2_MEMATTR_NORMAL_WB (0xfull << 2) /* outer WB, inner WB */
#define PTE_S2_MEMATTR_NORMAL_NC (0x5ull << 2) /* outer NC, inner NC */
#define PTE_S2_MEMATTR_DEVICE_NGNRE (0x1ull << 2)
#define PTE_S2_AP_R (1ull << 6)
#define PTE_S2_AP_W (1ull << 7)

#define PT_ENTRIES 512u
#define PT_LEVEL_SHIFT(level) (12u + 9u * (3u - (level)))

#endif /* ARCH_PTE_H */
