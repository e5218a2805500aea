# SPDX-License-Identifier: Apache-2.0
"""Two CPUs and two schedule plans (tests/qemu/systems/smp-plans.yaml).

Every partition prints, at each count, the frame number and the offset
into the frame; each line must fall inside one of that partition's windows
on the CPU its vCPU is pinned to, in the plan in effect in that frame. The
supervisor asks for plan 'degraded' in frame 3 and for 'normal' again in
frame 7: each switch must take effect exactly at the next frame boundary,
on both CPUs at once. 'dual' has a vCPU on each CPU, the second started
with PSCI CPU_ON. The supervisor relays the audit log, which must match
what the kernel printed."""
from __future__ import annotations

import re

import pytest

from bootlog import Boot, boot, frame_start, model, windows

COUNT = re.compile(r"^(?:vcpu (\d+) )?count (\d+) in frame (\d+) at (\d+)\.(\d) ms$")
SWITCH = re.compile(r"^schedule: plan '(\w+)' from frame (\d+) \(tick (\d+)\)$")
FRAMES = 11


def enough(b: Boot) -> bool:
    return f"frame {FRAMES}: plan 'normal'" in b.by("supervisor")


@pytest.fixture(scope="module")
def smp() -> Boot:
    return boot("smp-plans", enough)


@pytest.fixture(scope="module")
def system():
    return model("smp-plans")


def plan_of_frame(b: Boot, system) -> dict[int, str]:
    """Plan in effect in each frame up to FRAMES, from the kernel's lines."""
    switches = [(int(m.group(2)), m.group(1)) for t in b.by("sk")
                if (m := SWITCH.match(t))]
    plan = system.schedule.initial_plan
    out = {}
    for f in range(FRAMES + 1):
        for at, name in switches:
            if at == f:
                plan = name
        out[f] = plan
    return out


def counts(b: Boot):
    """(partition, vcpu, count, frame, offset in ticks) of each count line."""
    hz = model("smp-plans").board.timer_hz
    for who, text in b.lines:
        m = COUNT.match(text)
        if m:
            tenths = int(m.group(4)) * 10 + int(m.group(5))
            yield (who, int(m.group(1) or 0), int(m.group(2)), int(m.group(3)),
                   tenths * hz // 10000)


def test_switches_take_effect_at_the_next_frame_boundary(smp, system):
    t0 = frame_start(smp)
    mf, _ = windows(system)
    switches = [m for t in smp.by("sk") if (m := SWITCH.match(t))]
    assert [(m.group(1), int(m.group(2))) for m in switches[:2]] == \
        [("degraded", 4), ("normal", 8)]
    for m in switches[:2]:
        # Announced by the CPU that crossed the boundary, with the tick of
        # the boundary itself: frames are counted from one start time.
        assert int(m.group(3)) == t0 + int(m.group(2)) * mf
    sup = smp.by("supervisor")
    assert "requested plan 'degraded' in frame 3: status 0" in sup
    assert "requested plan 'normal' in frame 7: status 0" in sup
    # The supervisor sees the plan it asked for from the next frame on.
    for f, plan in plan_of_frame(smp, system).items():
        assert any(t.startswith(f"frame {f}: plan '{plan}'") for t in sup), (f, plan)


def test_every_count_is_inside_a_window_of_its_cpu_in_the_plan_of_its_frame(smp, system):
    plans = plan_of_frame(smp, system)
    vcpu_cpu = {p.name: p.vcpus for p in system.partitions}
    checked = {}
    for who, vcpu, _, frame, offset in counts(smp):
        if frame > FRAMES:
            continue
        cpu = vcpu_cpu[who][vcpu]
        _, wins = windows(system, cpu, plans[frame])
        mine = [w for w in wins if w.partition == who]
        assert any(w.start <= offset < w.end for w in mine), \
            f"{who} vCPU {vcpu} in frame {frame} ({plans[frame]}) at {offset} ticks, " \
            f"outside its windows on CPU {cpu}: {mine}"
        checked[(who, vcpu, plans[frame])] = checked.get((who, vcpu, plans[frame]), 0) + 1
    # Every vCPU was seen running under both plans.
    for who, cpus in vcpu_cpu.items():
        if who == "supervisor":
            continue
        for v in range(len(cpus)):
            for plan in ("normal", "degraded"):
                assert checked.get((who, v, plan), 0) >= 4, (who, v, plan, checked)


def test_each_window_is_used_in_every_frame(smp, system):
    """Both CPUs ran every window of every frame: grid counts at each whole
    millisecond inside the windows (the partitions sleep in between)."""
    plans = plan_of_frame(smp, system)
    hz = system.board.timer_hz
    ms = hz // 1000
    seen = {(who, vcpu, frame, offset) for who, vcpu, _, frame, offset in counts(smp)}
    vcpu_cpu = {p.name: p.vcpus for p in system.partitions}
    for frame in range(1, FRAMES):
        for cpu in system.cpus:
            _, wins = windows(system, cpu, plans[frame])
            for w in wins:
                if w.partition == "supervisor":
                    continue
                vcpu = vcpu_cpu[w.partition].index(cpu)
                for offset in range(w.start, w.end, ms):
                    assert (w.partition, vcpu, frame, offset) in seen, \
                        (w.partition, vcpu, frame, offset / ms)


def test_counts_continue_without_a_gap(smp):
    per = {}
    for who, vcpu, n, _, _ in counts(smp):
        per.setdefault((who, vcpu), []).append(n)
    assert set(per) == {("alpha", 0), ("beta", 0), ("dual", 0), ("dual", 1)}
    for key, ns in per.items():
        assert ns == list(range(len(ns))), key


def test_second_vcpu_started_with_psci_cpu_on(smp):
    dual = smp.by("dual")
    assert "starting vcpu 1: status 0" in dual
    assert dual.index("starting vcpu 1: status 0") < dual.index("vcpu 1 started")


AUDIT_SK = re.compile(r"^audit #(\d+) t=(\d+) cpu(\d+) (\w+): .* \((\d+), (0x[0-9a-f]+)\)$")
AUDIT_P = re.compile(r"^audit #(\d+) t=(\d+) cpu(\d+) (?:kernel|partition (\d+)): "
                     r"event (\d+) \((\d+), (0x[0-9a-f]+)\)$")


def test_audit_log_read_by_the_supervisor_matches_the_console(smp, system):
    names = {p.index: p.name for p in system.partitions}
    kernel = {}
    for t in smp.by("sk"):
        m = AUDIT_SK.match(t)
        if m:
            kernel[int(m.group(1))] = (int(m.group(2)), int(m.group(3)), m.group(4),
                                       int(m.group(5)), m.group(6))
    relayed = 0
    for t in smp.by("supervisor"):
        m = AUDIT_P.match(t)
        if m:
            who = "kernel" if m.group(4) is None else names[int(m.group(4))]
            assert kernel[int(m.group(1))] == (int(m.group(2)), int(m.group(3)), who,
                                               int(m.group(6)), m.group(7)), t
            relayed += 1
    seqs = [int(AUDIT_P.match(t).group(1)) for t in smp.by("supervisor") if AUDIT_P.match(t)]
    assert seqs == list(range(len(seqs)))
    assert relayed >= 12  # boot, self-test, modes of all four, two plan switches
    # The plan switches are in the log: event 6, detail the plan now in effect.
    switches = [t for t in smp.by("supervisor") if AUDIT_P.match(t) and
                AUDIT_P.match(t).group(5) == "6"]
    assert [s.split("(")[1] for s in switches[:2]] == ["4, 0x1)", "8, 0x0)"]


def test_deterministic_under_icount(smp):
    again = boot("smp-plans", lambda b: len(b.raw) >= len(smp.raw))
    assert again.raw[:len(smp.raw)] == smp.raw
