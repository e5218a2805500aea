/* SPDX-License-Identifier: Apache-2.0 */
/* Hypercall wrappers and console output of the partition runtime. */
#include <bulkhead/runtime.h>
#include <sk/lib.h>

void bh_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
	     struct bh_ret *out)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = 0;
	register uint64_t x5 __asm__("x5") = 0;
	register uint64_t x6 __asm__("x6") = 0;
	register uint64_t x7 __asm__("x7") = 0;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
			   "+r"(x5), "+r"(x6), "+r"(x7)
			 :
			 : "memory");
	out->status = (int64_t)x0;
	out->r[0] = x1;
	out->r[1] = x2;
	out->r[2] = x3;
	out->r[3] = x4;
	out->r[4] = x5;
	out->r[5] = x6;
	out->r[6] = x7;
}

int64_t bh_identity(struct bh_identity *id)
{
	struct bh_ret r;

	bh_call(BH_HVC_IDENTITY, 0, 0, 0, &r);
	if (r.status != BH_OK)
		return r.status;
	id->partition_id = (uint32_t)r.r[0];
	id->vcpu = (uint32_t)r.r[1];
	for (uint32_t i = 0; i < 32u; i++)
		id->name[i] = (char)(r.r[2u + i / 8u] >> (8u * (i % 8u)));
	id->name[32] = '\0';
	return BH_OK;
}

int64_t bh_version(uint32_t *kernel, uint32_t *abi)
{
	struct bh_ret r;

	bh_call(BH_HVC_VERSION, 0, 0, 0, &r);
	if (r.status == BH_OK) {
		*abi = (uint32_t)r.r[0];
		*kernel = (uint32_t)r.r[1];
	}
	return r.status;
}

int64_t bh_console_write(const char *buf, size_t len)
{
	struct bh_ret r;

	bh_call(BH_HVC_CONSOLE_WRITE, (uint64_t)(uintptr_t)buf, len, 0, &r);
	return r.status;
}

int64_t bh_vprintf(const char *fmt, va_list ap)
{
	char buf[BH_CONSOLE_WRITE_MAX];
	size_t n = bh_vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1u;
	if (n == 0)
		return BH_OK;
	return bh_console_write(buf, n);
}

int64_t bh_printf(const char *fmt, ...)
{
	va_list ap;
	int64_t st;

	va_start(ap, fmt);
	st = bh_vprintf(fmt, ap);
	va_end(ap);
	return st;
}

int64_t bh_yield(void)
{
	struct bh_ret r;

	bh_call(BH_HVC_YIELD, 0, 0, 0, &r);
	return r.status;
}
