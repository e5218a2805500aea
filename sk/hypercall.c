/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hypercall dispatch. Everything in `call` comes from a partition and is
 * untrusted: identifiers, lengths and addresses are checked before use, and
 * a bad value is answered with an error status.
 */
#include <bulkhead/hvc.h>
#include <sk/console.h>
#include <sk/cpu.h>
#include <sk/hypercall.h>
#include <sk/partition.h>
#include <sk/version.h>

static int64_t console_write(const struct sk_partition_desc *p,
			     struct sk_call *call)
{
	char buf[BH_CONSOLE_WRITE_MAX];
	uint64_t ipa = call->arg[0];
	uint64_t len = call->arg[1];

	if ((p->flags & SK_PART_CONSOLE) == 0u)
		return BH_E_DENIED;
	if (len == 0u || len > BH_CONSOLE_WRITE_MAX)
		return BH_E_INVALID;
	if (!sk_copy_from_partition(p, buf, sk_ipa(ipa), len))
		return BH_E_BAD_ADDRESS;
	sk_console_partition_write(p, buf, (size_t)len);
	call->ret[1] = len;
	return BH_OK;
}

/* Pack up to 8 bytes of `s` from `off` into a little-endian word. */
static uint64_t name_word(const char *s, size_t off)
{
	uint64_t w = 0;
	size_t len = 0;

	while (len < 32u && s[len] != '\0')
		len++;
	for (size_t i = 0; i < 8u && off + i < len; i++)
		w |= (uint64_t)(unsigned char)s[off + i] << (8u * i);
	return w;
}

void sk_hypercall(struct sk_cpu *cpu, struct sk_vcpu *v, struct sk_call *call)
{
	const struct sk_partition_desc *p = v->partition;
	int64_t status = BH_OK;

	call->nret = 4;
	for (uint32_t i = 0; i < SK_CALL_RETS; i++)
		call->ret[i] = 0;

	if (call->imm != 0u) {
		/* Only HVC #0 is a Bulkhead call. */
		call->ret[0] = (uint64_t)BH_E_NOT_SUPPORTED;
		return;
	}

	switch (call->fn) {
	case BH_HVC_VERSION:
		call->ret[1] = (BH_ABI_MAJOR << 16) | BH_ABI_MINOR;
		call->ret[2] = (SK_VERSION_MAJOR << 16) | (SK_VERSION_MINOR << 8) |
			       SK_VERSION_PATCH;
		break;
	case BH_HVC_IDENTITY:
		call->nret = 7;
		call->ret[1] = p->id;
		call->ret[2] = v->index;
		for (uint32_t i = 0; i < 4u; i++)
			call->ret[3u + i] = name_word(p->name, 8u * i);
		break;
	case BH_HVC_CONSOLE_WRITE:
		status = console_write(p, call);
		break;
	case BH_HVC_YIELD:
		cpu->yielded = true;
		break;
	case BH_HVC_CALL_COUNT:
		/* SMCCC: the count itself is the result in w0. */
		status = BH_HVC_COUNT;
		break;
	case BH_HVC_CALL_UID:
		status = BH_UID_W0;
		call->ret[1] = BH_UID_W1;
		call->ret[2] = BH_UID_W2;
		call->ret[3] = BH_UID_W3;
		break;
	case BH_HVC_REVISION:
		status = BH_ABI_MAJOR;
		call->ret[1] = BH_ABI_MINOR;
		break;
	default:
		status = BH_E_NOT_SUPPORTED;
		break;
	}
	call->ret[0] = (uint64_t)status;
}
