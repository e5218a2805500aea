/* SPDX-License-Identifier: Apache-2.0 */
/* EL2 physical timer, private to arch/aarch64. */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

/* Disable the kernel timer so its interrupt line drops. */
void aarch64_timer_quiesce(void);

#endif /* ARCH_TIMER_H */
