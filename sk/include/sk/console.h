/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The console: one physical device shared by the kernel and every partition.
 * Every line says who wrote it ("[sk] ..." or "[<partition>] ...") and is
 * written whole under one lock, so lines from different writers never
 * interleave.
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

#endif /* SK_CONSOLE_H */
