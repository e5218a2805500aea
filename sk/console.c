/* SPDX-License-Identifier: Apache-2.0 */
/* The shared console: whole, attributed lines under one lock. */
#include <sk/arch/console.h>
#include <sk/arch/cpu.h>
#include <sk/config.h>
#include <sk/console.h>
#include <sk/lib.h>
#include <sk/partition.h>
#include <sk/spinlock.h>

static struct sk_spinlock console_lock = SK_SPINLOCK_INIT;

static size_t length(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

/* Print "[who] text\n" as one unit. */
static void emit_line(const char *who, const char *text, size_t n)
{
	sk_spin_lock(&console_lock);
	arch_console_write("[", 1);
	arch_console_write(who, length(who));
	arch_console_write("] ", 2);
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

void sk_console_partition_flush(const struct sk_partition_desc *p)
{
	struct sk_partition *st = p->state;

	if (st->console_len > 0u) {
		emit_line(p->name, st->console_line, st->console_len);
		st->console_len = 0;
	}
}

void sk_console_partition_write(const struct sk_partition_desc *p,
				const char *buf, size_t n)
{
	struct sk_partition *st = p->state;

	for (size_t i = 0; i < n; i++) {
		char c = buf[i];

		if (c == '\n') {
			/* An empty line is still a line the partition wrote. */
			emit_line(p->name, st->console_line, st->console_len);
			st->console_len = 0;
			continue;
		}
		if (c == '\r')
			continue;
		if ((c < 0x20 || c > 0x7e) && c != '\t')
			c = '.';
		st->console_line[st->console_len++] = c;
		if (st->console_len == SK_CONSOLE_LINE_MAX)
			sk_console_partition_flush(p);
	}
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
