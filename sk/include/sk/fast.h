/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the portable fast-path decisions (sk/call_fast.h, sk/vdev_fast.h)
 * share: their answer. Each is inline and calls nothing, for the
 * architecture's fast paths, which save only a few registers before them.
 */
#ifndef SK_FAST_H
#define SK_FAST_H

#define SK_FAST_EXIT 0u /* not answered, nothing changed: take the full exit */
#define SK_FAST_DONE 1u /* answered: the vCPU goes on after the instruction */

#endif /* SK_FAST_H */
