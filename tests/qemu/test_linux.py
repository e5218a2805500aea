# SPDX-License-Identifier: Apache-2.0
"""An unmodified Linux beside a real-time partition (config/linux-rt.yaml).

Debian's own arm64 kernel boots in partition 'linux' from the device tree
the generator wrote for it, reaches user space (partitions/linux/init) and
talks to the bare-metal partition 'rt' through two shared-memory channels.
In tests/qemu/systems/linux-attack.yaml a hostile root then writes through
/dev/mem where Linux has nothing, and pokes the emulated GIC: every attempt
is contained as the health-monitor table says, and rt prints exactly what
it prints in linux-rt. tests/qemu/systems/rt-alone.yaml is rt without
Linux: its timing is compared with rt's beside Linux. In
tests/qemu/systems/linux-smp.yaml Linux has two vCPUs on two CPUs, they
interrupt each other (SGIs through the emulated GIC), and a reboot
(PSCI SYSTEM_RESET) restarts the partition cold, as its table says."""
from __future__ import annotations

import re

import pytest

from bootlog import Boot, boot, model
from bulkhead import layout

# rt's timing report, every 100 cycles (partitions/rt/main.c).
REPORT = re.compile(r"^cycles (\d+)-(\d+): window start \+(\d+)\.\.(\d+) ticks into "
                    r"the frame, work (\d+)\.\.(\d+) ticks, (\d+) commands$")
REPORTS = 5          # rt reports to collect: 5 s of virtual time
LIMIT_S = 300.0      # wall-clock limit of one boot


def reports(b: Boot) -> list[tuple[int, ...]]:
    return [tuple(int(g) for g in m.groups()) for m in map(REPORT.match, b.by("rt")) if m]


# Typed on the console once Linux's init has started its shell.
SHELL_READY = r"^linux-init: a shell on the console"
TYPED = "echo typed-$((6*7)); uname -m\n"


def linux_done(b: Boot) -> bool:
    return len(reports(b)) >= REPORTS and "aarch64" in b.by("linux")


def attack_done(b: Boot) -> bool:
    return len(reports(b)) >= REPORTS and \
        b.index("sk", r"^hm: partition 'linux' stopped$") >= 0


@pytest.fixture(scope="module")
def linux_rt() -> Boot:
    return boot("linux-rt", linux_done, LIMIT_S, typing=[("linux", SHELL_READY, TYPED)])


@pytest.fixture(scope="module")
def attacked() -> Boot:
    return boot("linux-attack", attack_done, LIMIT_S)


@pytest.fixture(scope="module")
def smp() -> Boot:
    return boot("linux-smp", lambda b: b.index("sk", r"^hm: partition 'linux' stopped$") >= 0,
                LIMIT_S)


@pytest.fixture(scope="module")
def alone() -> Boot:
    return boot("rt-alone", lambda b: len(reports(b)) >= REPORTS, LIMIT_S)


def test_linux_boots_from_its_device_tree_to_user_space(linux_rt):
    s = model("linux-rt")
    linux = s.partition("linux")
    lines = linux_rt.by("linux")
    text = "\n".join(lines)
    assert re.search(r"Booting Linux on physical CPU 0x0+ ", text)
    assert "Machine model: bulkhead,linux_rt-linux" in text
    # The memory node: the partition's one region, where it was placed.
    ram = linux.regions[0]
    assert f"node   0: [mem {ram.final_ipa:#018x}-{ram.final_ipa + ram.size - 1:#018x}]" in text
    # PSCI through HVC, the emulated GICv3 and its redistributor, the
    # virtual timer, the emulated PL011 as the console.
    assert "psci: PSCIv1.0 detected in firmware." in text
    assert "GICv3: CPU0: found redistributor 0 region 0:0x00000000080a0000" in text
    assert "arch_timer: cp15 timer(s) running at 62.50MHz (virt)." in text
    assert re.search(r"9000000\.pl011: ttyAMA0 at MMIO 0x9000000 \(irq = \d+, base_baud = 0\) "
                     r"is a PL011 rev1", text)
    assert "Run /init as init process" in text
    assert re.search(r"^linux-init: user space reached: Linux 6\.\S+-cloud-arm64, 1 CPU\(s\)",
                     text, re.M)
    # The command line is the description's, from /chosen.
    cmdline = " ".join(linux.image.bootargs.split())
    assert "Kernel command line: " + cmdline[:60] in text
    # Booting took no health-monitor event: every trap was served.
    assert not [t for t in linux_rt.by("sk") if t.startswith("hm: partition")]


def test_linux_and_rt_exchange_data_through_shared_memory(linux_rt):
    s = model("linux-rt")
    ipa = {c.name: c.final_ipa("linux") for c in s.channels}
    lines = linux_rt.by("linux")
    assert (f"linux-init: channel commands at {ipa['commands']:#018x}, channel telemetry "
            f"at {ipa['telemetry']:#018x}") in lines
    # rt sees the command in its read-only view, and echoes it in its own
    # channel, which Linux reads.
    got = [t for t in linux_rt.by("rt") if t.startswith("cycle ")]
    assert len(got) == 1 and re.fullmatch(r"cycle \d+: command 0xc0ffee \(sequence 1\)",
                                          got[0]), got
    echo = [t for t in lines if "real-time partition echoes" in t]
    assert len(echo) == 1 and "echoes 0x00C0FFEE" in echo[0], echo
    # Linux watches rt's cycle counter go on, about 100 a second.
    cycles = [int(t.rsplit(" ", 1)[1], 16) for t in lines
              if t.startswith("linux-init: telemetry: cycle ")]
    assert len(cycles) >= 3
    steps = [b - a for a, b in zip(cycles, cycles[1:])]
    assert all(95 <= d <= 105 for d in steps), cycles


def test_what_is_typed_on_the_console_reaches_the_linux_shell(linux_rt):
    assert model("linux-rt").console_input == "linux"
    lines = linux_rt.by("linux")
    shell = next(i for i, t in enumerate(lines) if re.match(SHELL_READY, t))
    after = lines[shell:]
    # The shell ran what was typed: only it makes 42 of $((6*7)).
    assert "typed-42" in after and "aarch64" in after
    # The line typed, echoed by Linux's terminal after its prompt (the
    # kernel shows the escape of the shell's cursor query as '.').
    assert any(t.endswith("echo typed-$((6*7)); uname -m") for t in after), after
    # Nobody else received or printed it.
    assert not [t for t in linux_rt.by("rt") + linux_rt.by("sk") if "typed" in t]


def test_hostile_root_is_contained(attacked):
    s = model("linux-attack")
    b = s.board
    # The addresses the description attacks are where the kernel, rt's
    # memory and the image store really are, and a device nobody has.
    rt_pa = s.partition("rt").regions[0].pa
    rtc = b.devices["rtc"].mmio.base
    targets = [b.kernel_memory.base, rt_pa, s.store.base, rtc, b.gicr_base + 0x20000]
    assert "bulkhead.attack=" + ",".join(f"{a:#010x}" for a in targets) in \
        s.partition("linux").image.bootargs
    lines = attacked.by("linux")
    verdicts = [t for t in attacked.by("sk") if t.startswith("hm: partition 'linux'")]
    for a in targets:
        assert f"linux-init: attack: write to {a:#010x} refused (exit status 135)" in lines
    # Each was a stage-2 fault, logged (the description's action for
    # memory_violation), then a bus error for Linux: SIGBUS for devmem.
    faults = [re.match(r"hm: partition 'linux' memory violation: write to IPA (0x[0-9a-f]+) "
                       r"\(stage-2 translation fault, level \d\)", t) for t in verdicts
              if "memory violation" in t]
    assert [int(m.group(1), 16) for m in faults] == targets
    assert verdicts.count("hm: partition 'linux' event logged") == len(targets)
    # Through its emulated distributor it could enable only its own SPI:
    # the PL011's, INTID 33, bit 1 of GICD_ISENABLER1.
    assert "linux-init: attack: GICD_ISENABLER1 after writing all ones: 0x00000002" in lines
    # Then it powered off, as the table says for power_off: stopped.
    assert verdicts[-2:] == ["hm: partition 'linux' power off: PSCI SYSTEM_OFF",
                             "hm: partition 'linux' stopped"]
    assert not any(t.startswith(("PANIC", "panic")) for t in attacked.by("sk"))


def test_rt_prints_the_same_whatever_linux_does(linux_rt, attacked):
    calm = reports(linux_rt)
    hostile = reports(attacked)
    n = min(len(calm), len(hostile))
    assert n >= REPORTS
    assert hostile[:n] == calm[:n]
    # The same command, once; in which cycle is Linux's doing (the two
    # Linux command lines differ, so their boots do), not rt's.
    def commands(b: Boot) -> list[str]:
        return [re.sub(r"^cycle \d+:", "cycle N:", t) for t in b.by("rt")
                if t.startswith("cycle ")]
    assert commands(attacked) == commands(linux_rt) == \
        ["cycle N: command 0xc0ffee (sequence 1)"]


def test_rt_timing_is_unchanged_by_linux(linux_rt, alone):
    beside, without = reports(linux_rt), reports(alone)
    n = min(len(beside), len(without))
    assert n >= REPORTS
    # The first report holds the first cycle, which starts from boot.
    starts = set()
    for (b0, b1, bmin, bmax, bwmin, bwmax, _), (a0, a1, amin, amax, awmin, awmax, _) in \
            zip(beside[1:n], without[1:n]):
        assert (b0, b1) == (a0, a1)
        # The same work takes exactly as long, with Linux booting and
        # working in the other 8 ms of every frame or not there at all.
        assert (bwmin, bwmax) == (awmin, awmax)
        # Every window starts at the same point of the frame: no jitter.
        assert bmin == bmax and amin == amax
        starts.add((bmin, amin))
    # One offset, throughout, and the same one: the window's partition
    # starts schedule.switch_time into the window whether the kernel had
    # Linux's state to save first or an idle processor to wake.
    assert len(starts) == 1
    (with_linux, idle), = starts
    assert with_linux == idle, starts
    # That is switch_time, plus the few instructions from the kernel's
    # return to rt's counter read (16 ticks are 256 instructions here).
    s = model("linux-rt")
    assert model("rt-alone").schedule.switch_time == s.schedule.switch_time > 0
    switch = layout.ticks(s.schedule.switch_time, s.board.timer_hz)
    assert switch <= with_linux < switch + 16, (starts, switch)


IPI = re.compile(r"^linux-init: interrupts: IPI(\d+): +(\d+) +(\d+) +(.+)$")


def test_smp_linux_sends_ipis_and_boots_again_after_a_reset(smp):
    s = model("linux-smp")
    assert s.partition("linux").vcpus == [0, 1]
    lines = smp.by("linux")
    # Two boots: the first ends with a reboot the health monitor turns
    # into a cold restart, the second with one that stops the partition.
    ends = [i for i, t in enumerate(lines) if t == "linux-init: rebooting"]
    assert len(ends) == 2, ends
    for boot_lines in (lines[:ends[0]], lines[ends[0] + 1:ends[1]]):
        text = "\n".join(boot_lines)
        # The second vCPU: PSCI CPU_ON, then its own emulated redistributor.
        assert "GICv3: CPU1: found redistributor 1 region 0:0x00000000080c0000" in text
        assert "smp: Brought up 1 node, 2 CPUs" in text
        assert re.search(r"^linux-init: user space reached: Linux \S+, 2 CPU\(s\)", text,
                         re.M)
        assert "linux-init: 200 processes on CPUs 0-1; online: 0-1" in text
        # Both CPUs received rescheduling and function-call IPIs (SGIs 0
        # and 1): a function call waits for the other CPU's answer, so a
        # lost SGI would have hung Linux or made it complain.
        ipis = {m.group(4): (int(m.group(2)), int(m.group(3)))
                for m in map(IPI.match, boot_lines) if m}
        for kind in ("Rescheduling interrupts", "Function call interrupts"):
            cpu0, cpu1 = ipis[kind]
            assert cpu0 > 0 and cpu1 > 0, ipis
        for bad in ("csd: ", "rcu_sched self-detected stall", "WARNING:", "BUG:", "Oops"):
            assert bad not in text, bad
    # Every trap was served; the only health-monitor events are the resets.
    assert [t for t in smp.by("sk") if t.startswith("hm: partition")] == [
        "hm: partition 'linux' reset: PSCI SYSTEM_RESET",
        "hm: partition 'linux' cold restart 1 of 1",
        "hm: partition 'linux' reset: PSCI SYSTEM_RESET",
        "hm: partition 'linux' reached its limit of 1 restarts",
        "hm: partition 'linux' stopped"]
