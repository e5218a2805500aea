/* SPDX-License-Identifier: Apache-2.0 */
/*
 * BH_HVC_VERSION's answer, the one copy for both the fast path
 * (sk/call_fast.h) and the full path (sk/hypercall.c).
 */
#ifndef SK_CALL_VERSION_H
#define SK_CALL_VERSION_H

#include <bulkhead/hvc.h>
#include <sk/types.h>
#include <sk/version.h>

/* The ABI and kernel versions into ret[0] and ret[1] (results 1 and 2 of
 * the call, per bulkhead/hvc.h); returns the status. */
static inline int64_t sk_call_version(uint64_t ret[2])
{
	ret[0] = (BH_ABI_MAJOR << 16) | BH_ABI_MINOR;
	ret[1] = (SK_VERSION_MAJOR << 16) | (SK_VERSION_MINOR << 8) | SK_VERSION_PATCH;
	return BH_OK;
}

#endif /* SK_CALL_VERSION_H */
