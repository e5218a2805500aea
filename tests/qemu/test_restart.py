# SPDX-License-Identifier: Apache-2.0
"""Restarts (tests/qemu/systems/restart.yaml).

'cold' and 'warm' each check, at every start, whether their initialised
data is as the image has it and whether a word of free memory is zero, then
dirty both and fault. A cold restart must give back a fresh image in
scrubbed memory; a warm one keeps memory as it was. After the restart
limit, the escalation action happens: 'cold' is stopped, the system
switches to plan 'safe' for 'warm'."""
from __future__ import annotations

import re

import pytest

from bootlog import Boot, boot, frame_start, hm_verdicts, model, windows

COUNT = re.compile(r"^count (\d+) in frame (\d+) at (\d+)\.(\d) ms$")
SAFE_FRAMES = 5  # frames of alpha's output to see in plan 'safe'


def enough(b: Boot) -> bool:
    switch = b.index("sk", r"^schedule: plan 'safe' from frame")
    return switch >= 0 and any(t.startswith("gpio interrupt at start 2:")
                               for t in b.by("device")) and sum(1 for who, _ in b.lines[switch:] if who == "alpha") >= \
        4 * SAFE_FRAMES


@pytest.fixture(scope="module")
def run() -> Boot:
    return boot("restart", enough)


def memory_checks(b: Boot, who: str) -> list[str]:
    return [t for t in b.by(who) if t.startswith("fresh image:")]


def test_cold_restart_gives_a_fresh_image_in_scrubbed_memory(run):
    assert memory_checks(run, "cold") == ["fresh image: yes, free memory zeroed: yes"] * 3
    hm = [t for t in hm_verdicts(run.by("sk")) if t.startswith("hm: partition 'cold' ")
          and "hypercall error" not in t and "event logged" not in t]
    fault = r"hm: partition 'cold' memory violation: read of IPA 0x10000000 .*"
    assert len(hm) == 7, hm
    assert all(re.fullmatch(fault, hm[i]) for i in (0, 2, 4)), hm
    assert hm[1] == "hm: partition 'cold' cold restart 1 of 2"
    assert hm[3] == "hm: partition 'cold' cold restart 2 of 2"
    assert hm[5:] == ["hm: partition 'cold' reached its limit of 2 restarts",
                      "hm: partition 'cold' stopped"]
    starts = [t for t in run.by("cold") if t.startswith("hostile partition")]
    assert [re.search(r"start (\d+) \(condition (\d+)\)", t).groups() for t in starts] == \
        [("1", "0"), ("2", "2"), ("3", "2")]
    stop = run.index("sk", r"^hm: partition 'cold' stopped$")
    assert all(who != "cold" for who, _ in run.lines[stop:])


def test_warm_restart_keeps_memory(run):
    assert memory_checks(run, "warm") == [
        "fresh image: yes, free memory zeroed: yes",
        "fresh image: no, free memory zeroed: no",
        "fresh image: no, free memory zeroed: no"]
    hm = [t for t in hm_verdicts(run.by("sk")) if t.startswith("hm: partition 'warm' ")
          and "hypercall error" not in t and "event logged" not in t]
    assert [t for t in hm if "restart" in t] == [
        "hm: partition 'warm' warm restart 1 of 2",
        "hm: partition 'warm' warm restart 2 of 2",
        "hm: partition 'warm' reached its limit of 2 restarts",
        "hm: partition 'warm' cold restart"]


def test_escalation_switches_plan_at_the_next_frame(run):
    sk = run.by("sk")
    asked = sk.index("hm: plan 'safe' from the next major frame")
    switch = [t for t in sk if t.startswith("schedule: plan 'safe' from frame")]
    assert len(switch) == 1 and sk.index(switch[0]) > asked
    frame = int(re.search(r"from frame (\d+)", switch[0]).group(1))
    system = model("restart")
    mf, safe = windows(system, 0, "safe")
    assert int(re.search(r"tick (\d+)", switch[0]).group(1)) == frame_start(run) + frame * mf
    # In plan 'safe' warm has no window: nothing from it from that frame on;
    # alpha counts in its longer window.
    at = run.index("sk", r"^schedule: plan 'safe' from frame")
    assert all(who != "warm" for who, _ in run.lines[at:])
    hz = system.board.timer_hz
    later = [COUNT.match(t) for who, t in run.lines[at:] if who == "alpha" and COUNT.match(t)]
    assert len(later) >= 4 * SAFE_FRAMES
    alpha = next(w for w in safe if w.partition == "alpha")
    for m in later:
        assert int(m.group(2)) >= frame
        offset = (int(m.group(3)) * 10 + int(m.group(4))) * hz // 10000
        assert alpha.start <= offset < alpha.end, m.group(0)
    offsets = {(int(m.group(3))) for m in later}
    assert offsets == {0, 1, 2, 3}  # the whole 4 ms window, every millisecond


def test_alpha_counts_on_through_every_restart(run):
    counts = [int(COUNT.match(t).group(1)) for t in run.by("alpha") if COUNT.match(t)]
    assert counts == list(range(len(counts)))
    frames = sorted({int(COUNT.match(t).group(2)) for t in run.by("alpha") if COUNT.match(t)})
    assert frames == list(range(frames[0], frames[-1] + 1))


def test_a_device_interrupt_left_active_comes_again_after_a_restart(run):
    """'device' takes its GPIO interrupt and faults without completing it;
    the kernel must make it inactive at the reset, or it never fires
    again."""
    device = run.by("device")
    assert "gpio interrupt at start 1: 39" in device
    assert "leaving it uncompleted" in device
    assert "gpio interrupt at start 2: 39" in device, device[-8:]
