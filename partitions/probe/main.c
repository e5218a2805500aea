/* SPDX-License-Identifier: Apache-2.0 */
/*
 * probe: what a partition may and may not do, tried one thing at a time.
 * `bulkhead conformance` derives, from a system description, the same
 * system with this payload in every partition, the health-monitor action
 * "log" for faults (so a fault comes back here and the probing goes on),
 * and parameters target_0, target_1, ...: the physical address of the
 * memory of every partition this one shares no channel with.
 *
 * Positive probes (must work): each of its ports, in its direction; a load
 * from each of its memory regions and shared regions, and a store back of
 * the same value where it may write. Negative probes (must be refused or
 * fault): the wrong direction on each port, a port id it does not have, a
 * store into each shared region it may only read, a store to each target.
 *
 * One line per probe, which the test reads:
 *   PROBE <what> expect <ok|refused|fault> got <ok|refused|fault> (<detail>)
 * and last: PROBE done <passed> of <total>
 */
#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>
#include <sk/lib.h>


struct mapping {
	uint64_t ipa, size;
	uint32_t flags;
};

static const struct mapping maps[BH_MAPPING_COUNT] = BH_MAPPINGS;
static const uint32_t n_ports = BH_PORTS; /* may be 0 */
static uint32_t passed, total;
static uint8_t buf[4096] __attribute__((aligned(16)));

static const char *outcome(int64_t status)
{
	return status == BH_E_INVALID || status == BH_E_DENIED || status == BH_E_BAD_ADDRESS ?
		       "refused" : "ok";
}

static void report(const char *what, const char *expect, const char *got, const char *fmt,
		   uint64_t a, uint64_t b)
{
	char detail[80];

	total++;
	passed += bh_streq(expect, got);
	bh_snprintf(detail, sizeof(detail), fmt, a, b);
	bh_printf("PROBE %s expect %s got %s (%s)\n", what, expect, got, detail);
}

static bool own(uint64_t addr)
{
	for (uint32_t i = 0; i < BH_MAPPING_COUNT; i++)
		if (addr - maps[i].ipa < maps[i].size)
			return true;
	return false;
}

/* Call `op` on port p: the right call for the port's kind and direction,
 * or (wrong = true) the other direction's. */
static int64_t use_port(uint32_t p, const struct bh_port_status *st, bool wrong)
{
	bool source = (st->direction == BH_PORT_SOURCE) != wrong;

	switch (st->kind) {
	case BH_PORT_KIND_SAMPLING:
		return source ? bh_write_sampling_message(p, buf, 1) :
				bh_read_sampling_message(p, buf, st->message_size, NULL, NULL, NULL);
	case BH_PORT_KIND_QUEUING:
		return source ? bh_send_queuing_message(p, buf, 1) :
				bh_receive_queuing_message(p, buf, st->message_size, NULL, NULL);
	default:
		/* Shared memory: only a writer may ring. */
		return source ? bh_ring_doorbell(p) : BH_E_DENIED;
	}
}

static void probe_ports(void)
{
	static const char *const kinds[] = { "?", "sampling", "queuing", "shared-memory" };

	for (uint32_t p = 0; p < n_ports; p++) {
		struct bh_port_status st;
		char what[64];

		if (bh_get_port_status(p, &st) != BH_OK)
			continue;
		bh_snprintf(what, sizeof(what), "port %u %s %s", p, kinds[st.kind & 3u],
			    st.direction == BH_PORT_SOURCE ? "source" : "destination");
		/* A shared-memory source may ring only a channel with a
		 * doorbell; a reader has no call to make. */
		if (!(st.kind == BH_PORT_KIND_SHARED_MEMORY && st.direction == BH_PORT_DESTINATION)) {
			int64_t r = use_port(p, &st, false);
			bool may = st.kind != BH_PORT_KIND_SHARED_MEMORY || st.doorbell;

			report(what, may ? "ok" : "refused", outcome(r), "status %ld", (uint64_t)r, 0);
		}
		if (st.kind != BH_PORT_KIND_SHARED_MEMORY) {
			int64_t r = use_port(p, &st, true);

			bh_snprintf(what, sizeof(what), "port %u %s the wrong way", p, kinds[st.kind & 3u]);
			report(what, "refused", outcome(r), "status %ld", (uint64_t)r, 0);
		}
	}
	int64_t r = bh_send_queuing_message(BH_PORTS, buf, 1);

	report("port not mine", "refused", outcome(r), "id %lu, status %ld", BH_PORTS, (uint64_t)r);
}

static void probe_memory(void)
{
	for (uint32_t i = 0; i < BH_MAPPING_COUNT; i++) {
		const struct mapping *m = &maps[i];
		uint64_t v = 0;
		int f;

		if (m->flags & BH_MAP_DEVICE)
			continue; /* a device's registers may act on a read */
		f = bh_probe_load(m->ipa, &v);
		report("load own memory", "ok", f ? "fault" : "ok", "IPA 0x%lx", m->ipa, 0);
		if (m->flags & BH_MAP_WRITE) {
			f = bh_probe_store(m->ipa, v);
			report("store own memory", "ok", f ? "fault" : "ok", "IPA 0x%lx", m->ipa, 0);
		} else if (m->flags & BH_MAP_SHARED) {
			f = bh_probe_store(m->ipa, v);
			report("store read-only shared memory", "fault", f ? "fault" : "ok",
			       "IPA 0x%lx", m->ipa, 0);
		}
	}
}

/* Parameters target_0, target_1, ...: see generator/bulkhead/conformance.py. */
static const uint64_t targets[] = {
#if defined(BH_PARAM_TARGET_0)
	BH_PARAM_TARGET_0,
#endif
#if defined(BH_PARAM_TARGET_1)
	BH_PARAM_TARGET_1,
#endif
#if defined(BH_PARAM_TARGET_2)
	BH_PARAM_TARGET_2,
#endif
#if defined(BH_PARAM_TARGET_3)
	BH_PARAM_TARGET_3,
#endif
#if defined(BH_PARAM_TARGET_4)
	BH_PARAM_TARGET_4,
#endif
#if defined(BH_PARAM_TARGET_5)
	BH_PARAM_TARGET_5,
#endif
#if defined(BH_PARAM_TARGET_6)
	BH_PARAM_TARGET_6,
#endif
#if defined(BH_PARAM_TARGET_7)
	BH_PARAM_TARGET_7,
#endif
#if defined(BH_PARAM_TARGET_8)
	BH_PARAM_TARGET_8,
#endif
#if defined(BH_PARAM_TARGET_9)
	BH_PARAM_TARGET_9,
#endif
#if defined(BH_PARAM_TARGET_10)
	BH_PARAM_TARGET_10,
#endif
#if defined(BH_PARAM_TARGET_11)
	BH_PARAM_TARGET_11,
#endif
#if defined(BH_PARAM_TARGET_12)
	BH_PARAM_TARGET_12,
#endif
#if defined(BH_PARAM_TARGET_13)
	BH_PARAM_TARGET_13,
#endif
#if defined(BH_PARAM_TARGET_14)
	BH_PARAM_TARGET_14,
#endif
#if defined(BH_PARAM_TARGET_15)
	BH_PARAM_TARGET_15,
#endif
#if defined(BH_PARAM_TARGET_16)
	BH_PARAM_TARGET_16,
#endif
#if defined(BH_PARAM_TARGET_17)
	BH_PARAM_TARGET_17,
#endif
#if defined(BH_PARAM_TARGET_18)
	BH_PARAM_TARGET_18,
#endif
#if defined(BH_PARAM_TARGET_19)
	BH_PARAM_TARGET_19,
#endif
#if defined(BH_PARAM_TARGET_20)
	BH_PARAM_TARGET_20,
#endif
#if defined(BH_PARAM_TARGET_21)
	BH_PARAM_TARGET_21,
#endif
#if defined(BH_PARAM_TARGET_22)
	BH_PARAM_TARGET_22,
#endif
#if defined(BH_PARAM_TARGET_23)
	BH_PARAM_TARGET_23,
#endif
#if defined(BH_PARAM_TARGET_24)
	BH_PARAM_TARGET_24,
#endif
#if defined(BH_PARAM_TARGET_25)
	BH_PARAM_TARGET_25,
#endif
#if defined(BH_PARAM_TARGET_26)
	BH_PARAM_TARGET_26,
#endif
#if defined(BH_PARAM_TARGET_27)
	BH_PARAM_TARGET_27,
#endif
#if defined(BH_PARAM_TARGET_28)
	BH_PARAM_TARGET_28,
#endif
#if defined(BH_PARAM_TARGET_29)
	BH_PARAM_TARGET_29,
#endif
#if defined(BH_PARAM_TARGET_30)
	BH_PARAM_TARGET_30,
#endif
#if defined(BH_PARAM_TARGET_31)
	BH_PARAM_TARGET_31,
#endif
	0 /* end */
};

static void probe_targets(void)
{
	for (uint32_t i = 0; i + 1u < sizeof(targets) / sizeof(targets[0]); i++) {
		uint64_t addr = targets[i];

		if (own(addr)) {
			bh_printf("PROBE skipped: 0x%lx is also one of my own addresses\n",
				  (unsigned long)addr);
			continue;
		}
		int f = bh_probe_store(addr, 0xbadc0ffeeull);

		report("store to another partition's memory", "fault", f ? "fault" : "ok",
		       "PA 0x%lx", addr, 0);
	}
}

int main(void)
{
	bh_set_mode(BH_MODE_NORMAL);
	bh_printf("PROBE start %s of %s: %u ports, %u mappings\n", BH_PARTITION_NAME,
		  BH_SYSTEM_NAME, BH_PORTS, BH_MAPPING_COUNT);
	probe_ports();
	probe_memory();
	probe_targets();
	bh_printf("PROBE done %u of %u\n", passed, total);
	for (;;)
		bh_sleep_until(~0ull);
	return 0;
}
