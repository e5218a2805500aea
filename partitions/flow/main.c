/* SPDX-License-Identifier: Apache-2.0 */
/*
 * flow: the partitions of an integrated system that talk through channels
 * (config/demo.yaml). Parameter `role` says which part this one plays:
 *
 *   sensor    every period in its windows, publishes a sample on the
 *             sampling channel 'samples' (sequence number and a value);
 *             with parameter `samples: N` it stops after N of them.
 *   control   every period, half a period off the sensor's, reads the
 *             latest sample and says whether it is new, still valid or
 *             stale; for every second new sample it queues a command on
 *             'commands'. With parameter `halt_when_stale: 1` (and the
 *             halt_system privilege) it ends the run once the last sample
 *             has gone stale: the kernel powers the system off.
 *   actuator  sleeps until the doorbell of 'commands' rings, then takes
 *             every queued command; each window it also drains 'chatter'
 *             (a queue the hostile partition floods) and says how many it
 *             found.
 *   producer  every two periods, fills a block of the shared-memory
 *             channel 'bulk' and rings its doorbell.
 *   consumer  sleeps until the doorbell of 'bulk' rings, then checks the
 *             block in its read-only view of 'bulk'.
 *
 * The period is parameter `period_ms` (default 1 ms); config/demo.yaml
 * sets a second, for a person to read along.
 *
 * Lines the boot tests read: "sample N = V published", "sample N = V
 * (new|valid|stale)", "command K sent", "command K received", "block N
 * written, checksum C", "block N read, checksum C ok".
 */
#include <bulkhead/runtime.h>
#include <bulkhead_partition.h>

#ifndef BH_PARAM_SAMPLES
#define BH_PARAM_SAMPLES 0xffffffffu
#endif

#ifndef BH_PARAM_PERIOD_MS
#define BH_PARAM_PERIOD_MS 1u
#endif

#define MS (BH_TIMER_HZ / 1000u)
#define PERIOD ((uint64_t)BH_PARAM_PERIOD_MS * MS)

static uint64_t frame0;

/* The next point of a grid of `period` ticks from frame 0, after now. */
static __attribute__((unused)) uint64_t next_tick(uint64_t period)
{
	uint64_t now = bh_time();

	return frame0 + ((now - frame0) / period + 1u) * period;
}

struct sample {
	uint32_t seq;
	uint32_t value;
};

/* A deterministic reading: a slow sawtooth. */
static __attribute__((unused)) uint32_t reading(uint32_t seq)
{
	return 200u + (seq * 7u) % 50u;
}

#if defined(BH_PORT_SAMPLES) && defined(BH_PARAM_ROLE_SENSOR)
static void sensor(void)
{
	for (uint32_t seq = 0; seq < BH_PARAM_SAMPLES; seq++) {
		struct sample s = { seq, reading(seq) };
		int64_t r = bh_write_sampling_message(BH_PORT_SAMPLES, &s, sizeof(s));

		if (r == BH_OK)
			bh_printf("sample %u = %u published\n", s.seq, s.value);
		else
			bh_printf("sample %u: status %ld\n", s.seq, (long)r);
		bh_sleep_until(next_tick(PERIOD));
	}
	bh_printf("no more samples\n");
	for (;;)
		bh_sleep_until(~0ull);
}
#endif

#if defined(BH_PORT_SAMPLES) && defined(BH_PORT_COMMANDS) && defined(BH_PARAM_ROLE_CONTROL)
static void control(void)
{
	uint32_t last = 0xffffffffu;
	bool stale_said = false;

	for (;;) {
		struct sample s;
		uint32_t len = 0;
		bool valid = false;
		int64_t r = bh_read_sampling_message(BH_PORT_SAMPLES, &s, sizeof(s), &len,
						     &valid, NULL);

		if (r == BH_E_EMPTY) {
			bh_printf("no sample yet\n");
		} else if (r != BH_OK || len != sizeof(s)) {
			bh_printf("sample read: status %ld, %u bytes\n", (long)r, len);
		} else if (s.seq != last) {
			last = s.seq;
			stale_said = false;
			bh_printf("sample %u = %u (new)\n", s.seq, s.value);
			if (s.seq % 2u == 0u) {
				uint32_t command = s.value / 10u;

				r = bh_send_queuing_message(BH_PORT_COMMANDS, &command,
							    sizeof(command));
				if (r == BH_OK)
					bh_printf("command %u sent\n", command);
				else
					bh_printf("command %u not sent: status %ld\n", command,
						  (long)r);
			}
		} else if (!valid && !stale_said) {
			stale_said = true;
			bh_printf("sample %u = %u (stale)\n", s.seq, s.value);
#if defined(BH_PARAM_HALT_WHEN_STALE)
			if (BH_PARAM_HALT_WHEN_STALE) {
				bh_printf("no more samples: ending the run\n");
				bh_halt_system();
			}
#endif
		}
		/*
		 * Half a period off the sensor's grid: the two run at once on
		 * two CPUs and, with a switch time, start their windows on the
		 * same tick, so reads on its grid, or at the start of a window
		 * that a wake-up outside the windows was waiting for, would race
		 * its writes. A wake-up more than a quarter of a period late
		 * (the window was elsewhere) waits for the next point instead.
		 */
		for (;;) {
			uint64_t at = next_tick(PERIOD) - PERIOD / 2u;

			if (at <= bh_time())
				at += PERIOD;
			bh_sleep_until(at);
			if (bh_time() - at < PERIOD / 4u)
				break;
		}
	}
}
#endif

#if defined(BH_PORT_COMMANDS) && defined(BH_DOORBELL_COMMANDS_INTID) && \
	defined(BH_PARAM_ROLE_ACTUATOR)
static void drain_chatter(void)
{
#if defined(BH_PORT_CHATTER)
	uint32_t n = 0;
	uint8_t msg[BH_PORT_CHATTER_MESSAGE_SIZE];

	while (n < 64u &&
	       bh_receive_queuing_message(BH_PORT_CHATTER, msg, sizeof(msg), NULL, NULL) == BH_OK)
		n++;
	if (n != 0u)
		bh_printf("chatter: %u messages\n", n);
#endif
}

static void actuator(void)
{
	for (;;) {
		uint32_t intid = bh_wait(next_tick(BH_MAJOR_FRAME_TICKS));

		if (intid == BH_DOORBELL_COMMANDS_INTID) {
			uint32_t command;
			uint32_t left = 1;

			while (left != 0u &&
			       bh_receive_queuing_message(BH_PORT_COMMANDS, &command,
							  sizeof(command), NULL, &left) == BH_OK)
				bh_printf("command %u received\n", command);
		}
		drain_chatter();
	}
}
#endif

#if defined(BH_SHM_BULK_IPA)
/* A block in 'bulk': a header and `words` words of data. */
struct block {
	uint32_t seq;
	uint32_t words;
	uint32_t checksum;
	uint32_t data[];
};

#define BLOCK_WORDS 256u

static __attribute__((unused)) uint32_t checksum(const volatile uint32_t *w, uint32_t n)
{
	uint32_t sum = 0;

	for (uint32_t i = 0; i < n; i++)
		sum = sum * 31u + w[i];
	return sum;
}
#endif

#if defined(BH_SHM_BULK_IPA) && defined(BH_PORT_BULK) && defined(BH_PARAM_ROLE_PRODUCER)
static void producer(void)
{
	volatile struct block *b = (volatile struct block *)(uintptr_t)BH_SHM_BULK_IPA;

	for (uint32_t seq = 0;; seq++) {
		for (uint32_t i = 0; i < BLOCK_WORDS; i++)
			b->data[i] = seq * 1000u + i;
		b->words = BLOCK_WORDS;
		b->checksum = checksum(b->data, BLOCK_WORDS);
		__asm__ volatile("dmb ish" ::: "memory");
		b->seq = seq;
		__asm__ volatile("dmb ish" ::: "memory");
		bh_printf("block %u written, checksum %u\n", seq, b->checksum);
		bh_ring_doorbell(BH_PORT_BULK);
		bh_sleep_until(next_tick(2u * PERIOD));
	}
}
#endif

#if defined(BH_SHM_BULK_IPA) && defined(BH_DOORBELL_BULK_INTID) && \
	defined(BH_PARAM_ROLE_CONSUMER)
static void consumer(void)
{
	const volatile struct block *b = (const volatile struct block *)(uintptr_t)BH_SHM_BULK_IPA;

	for (;;) {
		uint32_t intid = bh_wait(~0ull);
		uint32_t seq, words, sum;

		if (intid != BH_DOORBELL_BULK_INTID)
			continue;
		seq = b->seq;
		__asm__ volatile("dmb ish" ::: "memory");
		words = b->words;
		sum = words <= BLOCK_WORDS ? checksum(b->data, words) : 0u;
		bh_printf("block %u read, checksum %u %s\n", seq, sum,
			  words == BLOCK_WORDS && sum == b->checksum ? "ok" : "WRONG");
	}
}
#endif

int main(void)
{
	struct bh_status st;

	bh_get_status(&st);
	frame0 = st.frame0;
	bh_printf("%s of system '%s' (%s)\n", BH_PARTITION_NAME, BH_SYSTEM_NAME,
		  BH_PARAM_ROLE);
	bh_set_mode(BH_MODE_NORMAL);
#if defined(BH_PORT_SAMPLES) && defined(BH_PARAM_ROLE_SENSOR)
	sensor();
#elif defined(BH_PORT_SAMPLES) && defined(BH_PORT_COMMANDS) && defined(BH_PARAM_ROLE_CONTROL)
	control();
#elif defined(BH_PORT_COMMANDS) && defined(BH_DOORBELL_COMMANDS_INTID) && \
	defined(BH_PARAM_ROLE_ACTUATOR)
	actuator();
#elif defined(BH_SHM_BULK_IPA) && defined(BH_PORT_BULK) && defined(BH_PARAM_ROLE_PRODUCER)
	producer();
#elif defined(BH_SHM_BULK_IPA) && defined(BH_DOORBELL_BULK_INTID) && \
	defined(BH_PARAM_ROLE_CONSUMER)
	consumer();
#else
#error "flow: the role needs channels this partition does not have (see the top of main.c)"
#endif
	return 0;
}
