/* SPDX-License-Identifier: Apache-2.0 */
/* The freestanding formatter shared by the kernel and partitions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <sk/lib.h>

#define CHECK(expect, ...)                                              \
	do {                                                            \
		char buf_[128];                                         \
		size_t n_ = bh_snprintf(buf_, sizeof(buf_), __VA_ARGS__); \
		assert_string_equal(buf_, expect);                      \
		assert_int_equal(n_, strlen(expect));                   \
	} while (0)

/* Format without the compiler's format checking, for malformed formats. */
static size_t unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = bh_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void conversions(void **state)
{
	const char *volatile null = NULL;

	(void)state;
	CHECK("plain", "plain");
	CHECK("100%", "100%%");
	CHECK("c=x", "c=%c", 'x');
	CHECK("s=abc", "s=%s", "abc");
	CHECK("(null)", "%s", null);
	CHECK("-42 42", "%d %i", -42, 42);
	CHECK("4294967295", "%u", 0xffffffffu);
	CHECK("ff FF", "%x %X", 255u, 255u);
	CHECK("0x1234", "%p", (void *)0x1234);
}

static void lengths(void **state)
{
	(void)state;
	CHECK("18446744073709551615", "%lu", (unsigned long)UINT64_MAX);
	CHECK("-9223372036854775808", "%ld", (long)INT64_MIN);
	CHECK("ffffffffffffffff", "%llx", 0xffffffffffffffffull);
	CHECK("123", "%zu", (size_t)123);
}

static void widths_and_flags(void **state)
{
	(void)state;
	CHECK("   42", "%5d", 42);
	CHECK("00042", "%05d", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("42   |", "%-5d|", 42);
	CHECK("0x000400", "0x%06x", 0x400u);
	CHECK("ab   |", "%-5s|", "ab");
	CHECK("   ab", "%5s", "ab");
	CHECK("abc", "%.3s", "abcdef");
	CHECK("ab", "%.*s", 2, "abcdef");
	CHECK("  x", "%*s", 3, "x");
}

static void odd_formats(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(unchecked(buf, sizeof(buf), "%q"), 2);
	assert_string_equal(buf, "%q");
	assert_int_equal(unchecked(buf, sizeof(buf), "end%"), 4);
	assert_string_equal(buf, "end%");
}

static void truncation(void **state)
{
	char buf[8];
	size_t n;

	(void)state;
	n = bh_snprintf(buf, sizeof(buf), "%s", "0123456789");
	assert_int_equal(n, 10);
	assert_string_equal(buf, "0123456");
	memset(buf, 'z', sizeof(buf));
	n = bh_snprintf(buf, 1, "abc");
	assert_int_equal(n, 3);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'z');
	n = bh_snprintf(NULL, 0, "%d", 12345);
	assert_int_equal(n, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conversions),
		cmocka_unit_test(lengths),
		cmocka_unit_test(widths_and_flags),
		cmocka_unit_test(odd_formats),
		cmocka_unit_test(truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
