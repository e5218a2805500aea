/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A small system for unit tests, written by hand in the generator's shape:
 * partition 'alpha' with 3 pages of RAM (the last one read-only), a
 * device page and the console, and partition 'beta' with one page and no
 * console; one CPU whose frame is alpha [0,100), idle [100,200), beta
 * [200,300).
 */
#ifndef TEST_FIXTURE_H
#define TEST_FIXTURE_H

#include <string.h>

#include <arch/host.h>
#include <sk/config.h>
#include <sk/cpu.h>
#include <sk/partition.h>

#define ALPHA_RAM_IPA 0x40000000u
#define ALPHA_RO_IPA 0x40002000u
#define ALPHA_DEV_IPA 0x09000000u
#define BETA_RAM_IPA 0x40000000u

static uint8_t alpha_ram[2 * 4096] __attribute__((aligned(4096)));
static uint8_t alpha_ro[4096] __attribute__((aligned(4096)));
static uint8_t alpha_dev[4096] __attribute__((aligned(4096)));
static uint8_t beta_ram[4096] __attribute__((aligned(4096)));
static const uint8_t image[] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4 };

static struct sk_partition alpha_state, beta_state;
static struct sk_vcpu alpha_vcpu, beta_vcpu;
static struct sk_cpu cpu0;

static const struct sk_region alpha_regions[] = {
	{ "ram", { ALPHA_RAM_IPA }, { (uintptr_t)alpha_ram }, sizeof(alpha_ram),
	  SK_MEM_READ | SK_MEM_WRITE | SK_MEM_EXEC, SK_NONE },
	{ "ro", { ALPHA_RO_IPA }, { (uintptr_t)alpha_ro }, sizeof(alpha_ro),
	  SK_MEM_READ, SK_NONE },
	{ "dev", { ALPHA_DEV_IPA }, { (uintptr_t)alpha_dev }, sizeof(alpha_dev),
	  SK_MEM_READ | SK_MEM_WRITE | SK_MEM_DEVICE, SK_NONE },
};
static const struct sk_region beta_regions[] = {
	{ "ram", { BETA_RAM_IPA }, { (uintptr_t)beta_ram }, sizeof(beta_ram),
	  SK_MEM_READ | SK_MEM_WRITE | SK_MEM_EXEC, SK_NONE },
};
static const uint32_t on_cpu0[] = { 0 };

static const struct sk_slot slots[] = {
	{ .start = 0, .end = 100, .partition = 0, .vcpu = 0, .window = 0 },
	{ .start = 100, .end = 200, .partition = SK_SLOT_IDLE, .vcpu = SK_NONE, .window = SK_NONE },
	{ .start = 200, .end = 300, .partition = 1, .vcpu = 0, .window = 1 },
};
static const struct sk_cpu_plan cpu_plans[] = { { 3, slots } };
static const struct sk_plan plans[] = { { "normal", cpu_plans } };

static const struct sk_partition_desc partitions[] = {
	{
		.name = "alpha", .id = 0, .vmid = 1, .flags = SK_PART_CONSOLE,
		.n_regions = 3, .regions = alpha_regions,
		.image = { image, image + sizeof(image), 0, { ALPHA_RAM_IPA },
			   { ALPHA_RAM_IPA } },
		.n_vcpus = 1, .vcpu_cpu = on_cpu0, .vcpus = &alpha_vcpu,
		.state = &alpha_state,
	},
	{
		.name = "beta", .id = 1, .vmid = 2, .flags = 0,
		.n_regions = 1, .regions = beta_regions,
		.image = { image, image + 4, 0, { BETA_RAM_IPA }, { BETA_RAM_IPA } },
		.n_vcpus = 1, .vcpu_cpu = on_cpu0, .vcpus = &beta_vcpu,
		.state = &beta_state,
	},
};
static const struct sk_cpu_desc cpus[] = { { .id = 0, .state = &cpu0 } };

/* The kernel code under test reads its tables from here. */
const struct sk_system sk_system = {
	.name = "test", .board = "host", .timer_hz = 62500000u,
	.major_frame = 300, .n_cpus = 1, .cpus = cpus,
	.n_partitions = 2, .partitions = partitions,
	.n_plans = 1, .plans = plans, .initial_plan = 0,
};

static void fixture_init(void)
{
	memset(alpha_ram, 0xaa, sizeof(alpha_ram));
	memset(alpha_ro, 0xbb, sizeof(alpha_ro));
	memset(beta_ram, 0xcc, sizeof(beta_ram));
	memset(&cpu0, 0, sizeof(cpu0));
	cpu0.desc = &cpus[0];
	sk_partition_load(&partitions[0]);
	sk_partition_load(&partitions[1]);
	host_console_reset();
	host_translations = 0;
	host_idles = 0;
	host_now = 0;
	host_deadline = 0;
}

#endif /* TEST_FIXTURE_H */
