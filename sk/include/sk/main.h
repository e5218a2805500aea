/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SK_MAIN_H
#define SK_MAIN_H

#include <sk/types.h>

/*
 * Portable entry point, called by the architecture's boot code on the boot
 * CPU with a stack, zeroed bss and nothing else set up.
 */
SK_NORETURN void sk_main(void);

/*
 * Portable entry point of secondary CPU `index` (in sk_system.cpus), called
 * by the architecture's secondary entry with a stack and nothing else.
 */
SK_NORETURN void sk_secondary_main(uint32_t index);

#endif /* SK_MAIN_H */
