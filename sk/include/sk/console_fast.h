/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The part of a partition's console write that needs no decision and no
 * output: one byte into its line buffer. Inline and calling nothing, for
 * the synchronous fast path (arch/aarch64/hvc_fast.c: a guest's PL011
 * data register), and the same rules as sk_console_partition_write() in
 * sk/console.c, which uses it too.
 */
#ifndef SK_CONSOLE_FAST_H
#define SK_CONSOLE_FAST_H

#include <sk/partition.h>
#include <sk/spinlock.h>

/*
 * The partition whose unfinished line is on the console, left open for
 * the echo of what is typed to it (sk_console_partition_open()), or NULL.
 * Opened under that partition's console_lock and the console's lock;
 * closed (by anyone's line) under the console's lock. A line is never
 * opened while its partition's console_lock is held elsewhere, so
 * sk_console_append_fast() never writes into the buffer of an open line.
 */
extern const struct sk_partition_desc *sk_console_open_line;

/* A byte as the console shows it: printable ASCII and tabs as they are,
 * anything else as '.', so a partition cannot move the cursor or forge
 * another writer's prefix. */
static inline char sk_console_shown(char c)
{
	return ((c < 0x20 || c > 0x7e) && c != '\t') ? '.' : c;
}

/*
 * Append byte c to p's console line if that is all writing it does: not a
 * line end, room left without filling the line, p's line not open on the
 * console, and p's console_lock free now (never waited for). Returns
 * false, having changed nothing, when the full path must write it.
 */
static inline bool sk_console_append_fast(const struct sk_partition_desc *p, char c)
{
	struct sk_partition *st = p->state;
	bool done = false;

	if (c == '\n' || c == '\r' || !sk_spin_trylock(&st->console_lock))
		return false;
	if (__atomic_load_n(&sk_console_open_line, __ATOMIC_ACQUIRE) != p &&
	    st->console_len + 1u < SK_CONSOLE_LINE_MAX) {
		st->console_line[st->console_len++] = sk_console_shown(c);
		done = true;
	}
	sk_spin_unlock(&st->console_lock);
	return done;
}

#endif /* SK_CONSOLE_FAST_H */
