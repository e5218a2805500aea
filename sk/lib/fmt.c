/* SPDX-License-Identifier: Apache-2.0 */
/* Formatted output into a bounded buffer; no floating point, no heap. */
#include <stdint.h>
#include <sk/lib.h>

struct out {
	char *buf;
	size_t size;
	size_t len; /* length the output would have, may exceed size */
};

static void put(struct out *o, char c)
{
	if (o->len + 1u < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put(o, c);
}

struct spec {
	int left;      /* '-' flag */
	int zero;      /* '0' flag */
	size_t width;
	int has_prec;
	size_t prec;
};

static void put_str(struct out *o, const struct spec *sp, const char *s)
{
	size_t n = 0;

	if (s == NULL)
		s = "(null)";
	while (s[n] != '\0' && (!sp->has_prec || n < sp->prec))
		n++;
	if (!sp->left && sp->width > n)
		pad(o, ' ', sp->width - n);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left && sp->width > n)
		pad(o, ' ', sp->width - n);
}

static void put_num(struct out *o, const struct spec *sp, uint64_t v,
		    int negative, unsigned base, int upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24]; /* 2^64 has 20 decimal digits, 16 hex */
	size_t n = 0;
	size_t plen = 0;
	size_t body;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v != 0 && n < sizeof(tmp));
	while (prefix[plen] != '\0')
		plen++;
	body = n + plen + (negative ? 1u : 0u);
	if (!sp->left && !sp->zero && sp->width > body)
		pad(o, ' ', sp->width - body);
	if (negative)
		put(o, '-');
	for (size_t i = 0; i < plen; i++)
		put(o, prefix[i]);
	if (!sp->left && sp->zero && sp->width > body)
		pad(o, '0', sp->width - body);
	while (n > 0)
		put(o, tmp[--n]);
	if (sp->left && sp->width > body)
		pad(o, ' ', sp->width - body);
}

static size_t parse_num(const char **fmt)
{
	size_t v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (v < 100000u)
			v = v * 10u + (size_t)(**fmt - '0');
		(*fmt)++;
	}
	return v;
}

size_t bh_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	while (*fmt != '\0') {
		struct spec sp = { 0, 0, 0, 0, 0 };
		int lng = 0; /* 0 int, 1 long, 2 long long, 3 size_t */

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = 1;
			else if (*fmt == '0')
				sp.zero = 1;
			else
				break;
		}
		if (*fmt == '*') {
			int w = va_arg(ap, int);

			if (w < 0) {
				sp.left = 1;
				w = -w;
			}
			sp.width = (size_t)w;
			fmt++;
		} else {
			sp.width = parse_num(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			sp.has_prec = 1;
			if (*fmt == '*') {
				int p = va_arg(ap, int);

				sp.prec = p < 0 ? 0u : (size_t)p;
				fmt++;
			} else {
				sp.prec = parse_num(&fmt);
			}
		}
		if (*fmt == 'l') {
			lng = 1;
			fmt++;
			if (*fmt == 'l') {
				lng = 2;
				fmt++;
			}
		} else if (*fmt == 'z') {
			lng = 3;
			fmt++;
		}

		switch (*fmt) {
		case '%':
			put(&o, '%');
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's':
			put_str(&o, &sp, va_arg(ap, const char *));
			break;
		case 'd':
		case 'i': {
			int64_t v;

			if (lng == 1)
				v = va_arg(ap, long);
			else if (lng == 2)
				v = va_arg(ap, long long);
			else if (lng == 3)
				v = (int64_t)va_arg(ap, size_t);
			else
				v = va_arg(ap, int);
			put_num(&o, &sp, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v,
				v < 0, 10, 0, "");
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v;

			if (lng == 1)
				v = va_arg(ap, unsigned long);
			else if (lng == 2)
				v = va_arg(ap, unsigned long long);
			else if (lng == 3)
				v = va_arg(ap, size_t);
			else
				v = va_arg(ap, unsigned int);
			put_num(&o, &sp, v, 0, *fmt == 'u' ? 10u : 16u,
				*fmt == 'X', "");
			break;
		}
		case 'p':
			put_num(&o, &sp, (uint64_t)(uintptr_t)va_arg(ap, void *),
				0, 16, 0, "0x");
			break;
		case '\0':
			/* A lone '%' at the end: print it and stop. */
			put(&o, '%');
			fmt--;
			break;
		default:
			/* Unknown conversion: show it literally. */
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
		fmt++;
	}
	if (size > 0)
		buf[o.len < size ? o.len : size - 1u] = '\0';
	return o.len;
}

size_t bh_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = bh_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
