/* SPDX-License-Identifier: Apache-2.0 */
/* The shared console: whole, attributed lines under one lock; one line at
 * a time may be left open for the partition someone types to. */
#include <sk/arch/console.h>
#include <sk/arch/cpu.h>
#include <sk/config.h>
#include <sk/console.h>
#include <sk/console_fast.h>
#include <sk/lib.h>
#include <sk/partition.h>
#include <sk/spinlock.h>

static struct sk_spinlock console_lock = SK_SPINLOCK_INIT;
/* The partition whose line is on the console, not ended yet
 * (sk/console_fast.h). */
const struct sk_partition_desc *sk_console_open_line;

static size_t length(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

/* End the open line, if any. Under the lock. */
static void close_open_line(void)
{
	if (sk_console_open_line != NULL) {
		arch_console_write("\n", 1);
		__atomic_store_n(&sk_console_open_line, NULL, __ATOMIC_RELEASE);
	}
}

/* "[who] ", what every line starts with. Under the lock. */
static void prefix(const char *who)
{
	arch_console_write("[", 1);
	arch_console_write(who, length(who));
	arch_console_write("] ", 2);
}

/* Print "[who] text\n" as one unit. */
static void emit_line(const char *who, const char *text, size_t n)
{
	sk_spin_lock(&console_lock);
	close_open_line();
	prefix(who);
	arch_console_write(text, n);
	arch_console_write("\n", 1);
	sk_spin_unlock(&console_lock);
}

void sk_vlog(const char *fmt, va_list ap)
{
	char line[SK_LOG_LINE_MAX];
	size_t n = bh_vsnprintf(line, sizeof(line), fmt, ap);

	if (n >= sizeof(line))
		n = sizeof(line) - 1u;
	emit_line("sk", line, n);
}

void sk_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sk_vlog(fmt, ap);
	va_end(ap);
}

/*
 * A partition's line buffer (console_line, console_len) is changed only
 * under its console_lock, which is taken before the console's own lock,
 * never after: a partition's vCPUs write from any CPU, the health monitor
 * and console input flush from theirs.
 */
static void flush_locked(const struct sk_partition_desc *p)
{
	struct sk_partition *st = p->state;

	if (st->console_len > 0u) {
		emit_line(p->name, st->console_line, st->console_len);
		st->console_len = 0;
	}
}

void sk_console_partition_flush(const struct sk_partition_desc *p)
{
	sk_spin_lock(&p->state->console_lock);
	flush_locked(p);
	sk_spin_unlock(&p->state->console_lock);
}

void sk_console_partition_open(const struct sk_partition_desc *p)
{
	struct sk_partition *st = p->state;

	sk_spin_lock(&st->console_lock);
	sk_spin_lock(&console_lock);
	if (sk_console_open_line != p) {
		close_open_line();
		prefix(p->name);
		__atomic_store_n(&sk_console_open_line, p, __ATOMIC_RELEASE);
	}
	arch_console_write(st->console_line, st->console_len);
	st->console_len = 0;
	sk_spin_unlock(&console_lock);
	sk_spin_unlock(&st->console_lock);
}

/* Write p's bytes straight after its open line, up to and including the
 * newline that ends it; returns how many were taken (0 if p's line is not
 * the open one). */
static size_t write_open(const struct sk_partition_desc *p, const char *buf, size_t n)
{
	size_t i = 0;

	sk_spin_lock(&console_lock);
	for (; i < n && sk_console_open_line == p; i++) {
		char c = buf[i];

		if (c == '\n') {
			close_open_line();
		} else if (c != '\r') {
			c = sk_console_shown(c);
			arch_console_write(&c, 1);
		}
	}
	sk_spin_unlock(&console_lock);
	return i;
}

void sk_console_partition_write(const struct sk_partition_desc *p,
				const char *buf, size_t n)
{
	struct sk_partition *st = p->state;
	size_t i = 0;

	sk_spin_lock(&st->console_lock);
	/* After its open line first; the rest is line-buffered as usual. */
	if (__atomic_load_n(&sk_console_open_line, __ATOMIC_RELAXED) == p)
		i = write_open(p, buf, n);
	for (; i < n; i++) {
		char c = buf[i];

		if (c == '\n') {
			/* An empty line is still a line the partition wrote. */
			emit_line(p->name, st->console_line, st->console_len);
			st->console_len = 0;
			continue;
		}
		if (c == '\r')
			continue;
		st->console_line[st->console_len++] = sk_console_shown(c);
		if (st->console_len == SK_CONSOLE_LINE_MAX)
			flush_locked(p);
	}
	sk_spin_unlock(&st->console_lock);
}

void sk_panic_at(const char *file, int line, const char *fmt, ...)
{
	char msg[SK_LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	bh_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sk_log("PANIC at %s:%d: %s", file, line, msg);
	sk_log("system halted");
	arch_halt();
}
