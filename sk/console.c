/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The shared console: whole, attributed lines, queued in a ring in kernel
 * memory and sent to the device only in time that is no partition's (the
 * kernel's switch time at a window's start, idle time), never by waiting
 * for the device inside a partition's window. Each partition's lines, and
 * the kernel's lines about it, count against its budget of bytes per
 * major frame; what exceeds it is dropped, counted and reported. One line
 * at a time may be left open for the partition someone types to.
 */
#include <sk/arch/console.h>
#include <sk/arch/cpu.h>
#include <sk/arch/timer.h>
#include <sk/config.h>
#include <sk/console.h>
#include <sk/console_fast.h>
#include <sk/lib.h>
#include <sk/partition.h>
#include <sk/sched.h>
#include <sk/spinlock.h>

/* The ring and everything below are changed under this lock. */
static struct sk_spinlock console_lock = SK_SPINLOCK_INIT;
/* The partition whose line is on the console, not ended yet
 * (sk/console_fast.h). */
const struct sk_partition_desc *sk_console_open_line;

static uint32_t ring_head;  /* index of the oldest byte not yet sent */
static uint32_t ring_count; /* bytes queued */
static bool cr_sent;        /* the '\r' before the '\n' at ring_head is out */
static bool queued_only;    /* partitions run: lines wait for a drain */
static uint32_t kernel_dropped; /* bytes of the kernel's own lines dropped */

/* Polls of a busy device per byte before a synchronous drain gives up on
 * it (sk_console_sync(): boot, panic, halt). */
#define SYNC_POLLS 100000u

static size_t length(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

static uint32_t ring_room(void)
{
	return sk_system.console_ring_size - ring_count;
}

/* Queue n bytes; the caller made sure they fit. Under the lock. */
static void ring_put(const char *s, size_t n)
{
	uint32_t size = sk_system.console_ring_size;
	uint32_t at = ring_head + ring_count;

	if (at >= size)
		at -= size;
	for (size_t i = 0; i < n; i++) {
		sk_system.console_ring[at] = s[i];
		at = at + 1u == size ? 0u : at + 1u;
	}
	ring_count += (uint32_t)n;
}

/*
 * Send queued bytes while the device takes them at once and the counter
 * is below `until`; `polls` > 1 waits for a busy device that long per
 * byte. Under the lock. A line end goes out as "\r\n".
 */
static void ring_send(uint64_t until, uint32_t polls)
{
	char *ring = sk_system.console_ring;

	while (ring_count > 0u && arch_timer_now() < until) {
		char c = ring[ring_head];
		uint32_t i = 0;

		if (c == '\n' && !cr_sent) {
			while (i < polls && !arch_console_putc('\r'))
				i++;
			if (i == polls)
				return;
			cr_sent = true;
			i = 0;
		}
		while (i < polls && !arch_console_putc(c))
			i++;
		if (i == polls)
			return;
		cr_sent = false;
		ring_head = ring_head + 1u == sk_system.console_ring_size ? 0u : ring_head + 1u;
		ring_count--;
	}
}

/* Before partitions run, every line goes out as it is written. */
static void sync_if_booting(void)
{
	if (!queued_only)
		ring_send(SK_TIME_NEVER, SYNC_POLLS);
}

static void put_kernel_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Report p's drops not yet reported, once. Under the lock. */
static void report_drops(const struct sk_partition_desc *p)
{
	struct sk_partition *st = p->state;

	if (st->console_dropped > 0u)
		put_kernel_line("console: partition '%s' over its budget of %u bytes "
				"per frame: %u bytes dropped in frame %lu",
				p->name, p->console_budget, st->console_dropped,
				st->console_frame);
	st->console_dropped = 0;
}

/* A new frame for p's budget: its drops in the last one are reported
 * (once, when its console is next used). Under the lock. */
static void roll_budget_frame(const struct sk_partition_desc *p, uint64_t frame)
{
	struct sk_partition *st = p->state;

	if (st->console_frame == frame)
		return;
	report_drops(p);
	st->console_frame = frame;
	st->console_used = 0;
}

/*
 * May `n` more bytes be queued for p (NULL: the kernel's own)? Charges
 * them to p's budget for this frame if so; counts them as dropped if not
 * (over budget, or the ring full). Under the lock.
 */
static bool charge(const struct sk_partition_desc *p, size_t n)
{
	struct sk_partition *st;

	if (p == NULL) {
		if (n <= ring_room())
			return true;
		kernel_dropped += (uint32_t)n;
		return false;
	}
	st = p->state;
	roll_budget_frame(p, sk_frame_at(arch_timer_now()));
	if (st->console_used <= p->console_budget &&
	    n <= p->console_budget - st->console_used && n <= ring_room()) {
		st->console_used += (uint32_t)n;
		return true;
	}
	st->console_dropped += (uint32_t)n;
	st->console_dropped_total += n;
	return false;
}

/* End the open line, if any. Under the lock; p pays for the line end. */
static void close_open_line(void)
{
	const struct sk_partition_desc *p = sk_console_open_line;

	if (p != NULL) {
		/* A line end is never refused: the open line must end. */
		if (ring_room() > 0u) {
			ring_put("\n", 1);
			p->state->console_used++;
		}
		__atomic_store_n(&sk_console_open_line, NULL, __ATOMIC_RELEASE);
	}
}

/* "[who] ", what every line starts with. Under the lock; the caller has
 * charged it. */
static void put_prefix(const char *who, size_t w)
{
	ring_put("[", 1);
	ring_put(who, w);
	ring_put("] ", 2);
}

/* Queue "[who] text\n" as one unit if `payer` (NULL: the kernel's own
 * line) may have it. Under the lock. */
static void queue_line(const struct sk_partition_desc *payer, const char *who,
		       const char *text, size_t n)
{
	size_t w = length(who);

	if (charge(payer, w + 3u + n + 1u)) {
		put_prefix(who, w);
		ring_put(text, n);
		ring_put("\n", 1);
	}
}

/* A formatted kernel line of at most SK_LOG_LINE_MAX - 1 bytes into
 * `line`; returns its length. */
static size_t format(char line[SK_LOG_LINE_MAX], const char *fmt, va_list ap)
{
	size_t n = bh_vsnprintf(line, SK_LOG_LINE_MAX, fmt, ap);

	return n < SK_LOG_LINE_MAX ? n : SK_LOG_LINE_MAX - 1u;
}

/* "[sk] " and a formatted line, the kernel's own. Under the lock. */
static void put_kernel_line(const char *fmt, ...)
{
	char line[SK_LOG_LINE_MAX];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = format(line, fmt, ap);
	va_end(ap);
	queue_line(NULL, "sk", line, n);
}

/* A whole line, after the open one is ended, charged to `payer`. */
static void emit_line(const struct sk_partition_desc *payer, const char *who,
		      const char *text, size_t n)
{
	sk_spin_lock(&console_lock);
	close_open_line();
	queue_line(payer, who, text, n);
	sync_if_booting();
	sk_spin_unlock(&console_lock);
}

static void vlog_for(const struct sk_partition_desc *p, const char *fmt, va_list ap)
{
	char line[SK_LOG_LINE_MAX];
	size_t n = format(line, fmt, ap);

	emit_line(p, "sk", line, n);
}

void sk_vlog(const char *fmt, va_list ap)
{
	vlog_for(NULL, fmt, ap);
}

void sk_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog_for(NULL, fmt, ap);
	va_end(ap);
}

void sk_log_for(const struct sk_partition_desc *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog_for(p, fmt, ap);
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
		emit_line(p, p->name, st->console_line, st->console_len);
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
	size_t w = length(p->name);

	sk_spin_lock(&st->console_lock);
	sk_spin_lock(&console_lock);
	if (sk_console_open_line != p) {
		close_open_line();
		if (charge(p, w + 3u + st->console_len)) {
			put_prefix(p->name, w);
			ring_put(st->console_line, st->console_len);
			__atomic_store_n(&sk_console_open_line, p, __ATOMIC_RELEASE);
		}
	} else if (charge(p, st->console_len)) {
		ring_put(st->console_line, st->console_len);
	}
	st->console_len = 0;
	sk_spin_unlock(&console_lock);
	sk_spin_unlock(&st->console_lock);
}

/* Queue p's bytes straight after its open line, up to and including the
 * newline that ends it; returns how many were taken (0 if p's line is not
 * the open one). A byte over p's budget is dropped. */
static size_t write_open(const struct sk_partition_desc *p, const char *buf, size_t n)
{
	size_t i = 0;

	sk_spin_lock(&console_lock);
	for (; i < n && sk_console_open_line == p; i++) {
		char c = buf[i];

		if (c == '\n') {
			close_open_line();
		} else if (c != '\r' && charge(p, 1)) {
			c = sk_console_shown(c);
			ring_put(&c, 1);
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
			emit_line(p, p->name, st->console_line, st->console_len);
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

void sk_console_partition_stopped(const struct sk_partition_desc *p)
{
	sk_console_partition_flush(p);
	sk_spin_lock(&console_lock);
	/* Its drops so far are reported now, not at its next line. */
	report_drops(p);
	sk_spin_unlock(&console_lock);
}

void sk_console_drain(uint64_t until)
{
	/* Never wait for the lock: whoever holds it is queueing, or another
	 * CPU is draining already. */
	if (!sk_spin_trylock(&console_lock))
		return;
	if (kernel_dropped > 0u && ring_room() >= SK_LOG_LINE_MAX) {
		uint32_t n = kernel_dropped;

		kernel_dropped = 0;
		put_kernel_line("console: %u bytes of kernel messages dropped (ring full)", n);
	}
	ring_send(until, 1);
	sk_spin_unlock(&console_lock);
}

void sk_console_queue_only(void)
{
	sk_spin_lock(&console_lock);
	queued_only = true;
	sk_spin_unlock(&console_lock);
}

void sk_console_sync(void)
{
	sk_spin_lock(&console_lock);
	ring_send(SK_TIME_NEVER, SYNC_POLLS);
	sk_spin_unlock(&console_lock);
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
	sk_console_sync();
	arch_halt();
}
