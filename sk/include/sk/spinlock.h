/* SPDX-License-Identifier: Apache-2.0 */
/* A ticket lock: fair, bounded by the number of CPUs waiting. */
#ifndef SK_SPINLOCK_H
#define SK_SPINLOCK_H

#include <sk/types.h>

struct sk_spinlock {
	uint32_t next;
	uint32_t owner;
};

#define SK_SPINLOCK_INIT { 0u, 0u }

static inline void sk_spin_lock(struct sk_spinlock *l)
{
	uint32_t ticket = __atomic_fetch_add(&l->next, 1u, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket) {
	}
}

/* Take the lock if nobody holds it or waits for it; true if taken. */
static inline bool sk_spin_trylock(struct sk_spinlock *l)
{
	uint32_t owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);
	uint32_t expected = owner;

	return __atomic_compare_exchange_n(&l->next, &expected, owner + 1u, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void sk_spin_unlock(struct sk_spinlock *l)
{
	__atomic_store_n(&l->owner, l->owner + 1u, __ATOMIC_RELEASE);
}

#endif /* SK_SPINLOCK_H */
