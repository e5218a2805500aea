/* SPDX-License-Identifier: Apache-2.0 */
/* Hypercall wrappers and console output of the partition runtime. */
#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>
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

int64_t bh_get_status(struct bh_status *st)
{
	struct bh_ret r;

	bh_call(BH_HVC_GET_STATUS, BH_STATUS_PARTITION, 0, 0, &r);
	if (r.status == BH_OK) {
		st->mode = (uint32_t)r.r[0];
		st->start_condition = (uint32_t)r.r[1];
		st->restarts = (uint32_t)r.r[2];
		st->starts = (uint32_t)(r.r[2] >> 32);
		st->plan = (uint32_t)r.r[3];
		st->pending_plan = (uint32_t)r.r[4];
		st->frame = r.r[5];
		st->frame0 = r.r[6];
	}
	return r.status;
}

int64_t bh_get_time_status(struct bh_time_status *st)
{
	struct bh_ret r;

	bh_call(BH_HVC_GET_STATUS, BH_STATUS_TIME, 0, 0, &r);
	if (r.status == BH_OK) {
		st->late_starts = r.r[0];
		st->overruns = r.r[1];
		st->deferred = r.r[2];
		st->console_dropped = r.r[3];
		st->switch_worst = r.r[4];
		st->switch_time = r.r[5];
		st->work_margin = r.r[6];
	}
	return r.status;
}

static int64_t call1(uint32_t fn, uint64_t a1, uint64_t a2)
{
	struct bh_ret r;

	bh_call(fn, a1, a2, 0, &r);
	return r.status;
}

int64_t bh_set_mode(uint32_t mode)
{
	return call1(BH_HVC_SET_MODE, mode, 0);
}

int64_t bh_raise_error(uint64_t code)
{
	return call1(BH_HVC_RAISE_ERROR, code, 0);
}

int64_t bh_switch_plan(uint32_t plan)
{
	return call1(BH_HVC_SWITCH_PLAN, plan, 0);
}

int64_t bh_partition_control(uint32_t partition, uint32_t action)
{
	return call1(BH_HVC_PARTITION_CONTROL, partition, action);
}

int64_t bh_halt_system(void)
{
	return call1(BH_HVC_HALT_SYSTEM, 0, 0);
}

int64_t bh_audit_read(uint64_t *seq, struct bh_audit_record *out, uint32_t room,
		      uint64_t *lost)
{
	struct bh_ret r;

	bh_call(BH_HVC_AUDIT_READ, *seq, (uint64_t)(uintptr_t)out, room, &r);
	if (r.status != BH_OK)
		return r.status;
	*seq = r.r[1];
	*lost = r.r[2];
	return (int64_t)r.r[0];
}

/* ---- ports ---- */

static uint64_t ipa_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

int64_t bh_write_sampling_message(uint32_t port, const void *msg, uint32_t len)
{
	struct bh_ret r;

	bh_call(BH_HVC_SAMPLING_WRITE, port, ipa_of(msg), len, &r);
	return r.status;
}

int64_t bh_read_sampling_message(uint32_t port, void *buf, uint32_t room, uint32_t *len,
				 bool *valid, uint64_t *time)
{
	struct bh_ret r;

	bh_call(BH_HVC_SAMPLING_READ, port, ipa_of(buf), room, &r);
	if (r.status == BH_OK) {
		if (len != NULL)
			*len = (uint32_t)r.r[0];
		if (time != NULL)
			*time = r.r[1];
		if (valid != NULL)
			*valid = r.r[2] != 0u;
	}
	return r.status;
}

int64_t bh_send_queuing_message(uint32_t port, const void *msg, uint32_t len)
{
	struct bh_ret r;

	bh_call(BH_HVC_QUEUING_SEND, port, ipa_of(msg), len, &r);
	return r.status;
}

int64_t bh_receive_queuing_message(uint32_t port, void *buf, uint32_t room, uint32_t *len,
				   uint32_t *left)
{
	struct bh_ret r;

	bh_call(BH_HVC_QUEUING_RECEIVE, port, ipa_of(buf), room, &r);
	if (r.status == BH_OK) {
		if (len != NULL)
			*len = (uint32_t)r.r[0];
		if (left != NULL)
			*left = (uint32_t)r.r[1];
	}
	return r.status;
}

int64_t bh_get_port_status(uint32_t port, struct bh_port_status *st)
{
	struct bh_ret r;

	bh_call(BH_HVC_PORT_STATUS, port, 0, 0, &r);
	if (r.status == BH_OK) {
		st->kind = (uint32_t)r.r[0] & 0xffu;
		st->direction = (uint32_t)(r.r[0] >> 8) & 0xffu;
		st->doorbell = (r.r[0] >> 16 & 1u) != 0u;
		st->message_size = (uint32_t)r.r[1];
		st->depth = (uint32_t)r.r[2];
		st->held = (uint32_t)r.r[3];
		st->writes = r.r[4];
		st->refused = r.r[5];
		st->last_write = r.r[6];
	}
	return r.status;
}

int64_t bh_ring_doorbell(uint32_t port)
{
	struct bh_ret r;

	bh_call(BH_HVC_DOORBELL_RING, port, 0, 0, &r);
	return r.status;
}

int64_t bh_psci(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct bh_ret r;

	bh_call(fn, a1, a2, a3, &r);
	return r.status;
}

/* ---- the virtual GIC CPU interface and timer ---- */

#define CNT_CTL_ENABLE 1u
#define ICC_SRE_SRE 1u

void bh_runtime_init(void);

void bh_runtime_init(void)
{
	uint64_t sre;

	/* System-register access to the (virtual) CPU interface. */
	__asm__ volatile("mrs %0, icc_sre_el1" : "=r"(sre));
	__asm__ volatile("msr icc_sre_el1, %0\n\tisb" : : "r"(sre | ICC_SRE_SRE));
	__asm__ volatile("msr icc_pmr_el1, %0" : : "r"(0xffull));
	__asm__ volatile("msr icc_igrpen1_el1, %0\n\tisb" : : "r"(1ull));
}

uint32_t bh_wait(uint64_t deadline)
{
	uint32_t intid = BH_IRQ_NONE;

	/* Interrupts stay masked: WFI still wakes when one is pending, and it
	 * is taken here by reading the interface, no vector needed. */
	__asm__ volatile("msr cntv_cval_el0, %0" : : "r"(deadline));
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" : : "r"((uint64_t)CNT_CTL_ENABLE));
	while (bh_time() < deadline) {
		uint64_t iar;

		__asm__ volatile("dsb sy\n\twfi" ::: "memory");
		__asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(iar));
		iar &= 0xffffffu;
		if (iar >= 1020u)
			continue; /* spurious: look at the time again */
		__asm__ volatile("msr icc_eoir1_el1, %0\n\tisb" : : "r"(iar));
		if (iar != BH_VTIMER_INTID) {
			intid = (uint32_t)iar;
			break;
		}
	}
	__asm__ volatile("msr cntv_ctl_el0, xzr\n\tisb");
	return intid;
}

void bh_sleep_until(uint64_t deadline)
{
	/* Each wake-up is an interrupt or the deadline: the loop ends. */
	while (bh_time() < deadline)
		(void)bh_wait(deadline);
}

/* Called by vectors.S for an exception the partition did not expect:
 * report it to the health monitor and give up. */
void bh_unexpected(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far);

void bh_unexpected(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far)
{
	static const char *const kinds[] = { "synchronous", "IRQ", "FIQ", "SError" };

	bh_printf("unexpected %s exception: esr 0x%lx elr 0x%lx far 0x%lx\n",
		  kinds[kind & 3u], (unsigned long)esr, (unsigned long)elr,
		  (unsigned long)far);
	bh_raise_error(0xe0000000u | (uint32_t)(esr >> 26));
	for (;;)
		bh_yield();
}

/* crt0.S: where later vCPUs begin, with x0 = their index. */
extern char bh_secondary_entry[];

int64_t bh_start_vcpu(uint32_t vcpu)
{
	return bh_psci(BH_PSCI_CPU_ON, vcpu, (uint64_t)(uintptr_t)bh_secondary_entry,
		       vcpu);
}

__attribute__((weak)) void bh_secondary_main(uint32_t vcpu)
{
	(void)vcpu;
	bh_psci(BH_PSCI_CPU_OFF, 0, 0, 0);
}

bool bh_streq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}
