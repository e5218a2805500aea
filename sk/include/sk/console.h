/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The console: one physical device shared by the kernel and every partition.
 * Every line says who wrote it ("[sk] ..." or "[<partition>] ...") and is
 * queued whole under one lock, so lines from different writers never
 * interleave. Lines wait in a ring in kernel memory (sk_system.console_ring)
 * and go to the device only when the kernel drains it in time that is no
 * partition's: never by waiting for the device in a partition's window.
 *
 * Budgets: partition p's lines, and the kernel's lines about p
 * (sk_log_for()), may take p->console_budget bytes per major frame; what
 * exceeds it, or finds the ring full, is dropped and counted, and one
 * kernel line in p's next frame with console output says how much.
 */
#ifndef SK_CONSOLE_H
#define SK_CONSOLE_H

#include <stdarg.h>
#include <sk/types.h>

struct sk_partition_desc;

/* Longest kernel log line, prefix included, before truncation. */
#define SK_LOG_LINE_MAX 160u

/* Print one kernel line: "[sk] " + formatted text + "\n". */
void sk_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sk_vlog(const char *fmt, va_list ap);

/* The same, about partition p (a health-monitor verdict, its audit
 * record): charged to p's console budget. */
void sk_log_for(const struct sk_partition_desc *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Append bytes written by partition `p` to its console line, printing the
 * line as "[<name>] <text>" at each newline or when it is full. Bytes that
 * are not printable ASCII are shown as '.', so a partition cannot move the
 * cursor or forge another writer's prefix.
 */
void sk_console_partition_write(const struct sk_partition_desc *p,
				const char *buf, size_t n);

/* Print a partition's unfinished line, if any (e.g. when it stops). */
void sk_console_partition_flush(const struct sk_partition_desc *p);

/*
 * Show p's unfinished line now, without ending it (a shell's prompt, when
 * someone starts typing to it): "[<name>] <text>" stays open on the
 * console and what p writes next goes straight after it, until p ends
 * the line or anyone else prints (the open line is ended first).
 */
void sk_console_partition_open(const struct sk_partition_desc *p);

/* p stopped or restarts: its unfinished line printed, its drops reported. */
void sk_console_partition_stopped(const struct sk_partition_desc *p);

/*
 * Send queued bytes to the device while it takes them without waiting and
 * the counter is below `until`. Never waits, for the device or the lock.
 * Called in the kernel's own time: the rest of a window's switch time
 * (sk/exit.c), idle time.
 */
void sk_console_drain(uint64_t until);

/* From now on lines are only queued (partitions are about to run); until
 * then each is sent as it is written. */
void sk_console_queue_only(void);

/* Send everything queued, waiting for the device (a bounded time per
 * byte): only when no partition runs (boot, panic, halt). */
void sk_console_sync(void);

#endif /* SK_CONSOLE_H */
