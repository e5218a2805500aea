# SPDX-License-Identifier: Apache-2.0
"""The demo system (config/demo.yaml): partitions on two CPUs talk through
a sampling port, a queue with a doorbell and shared memory with a doorbell,
while a hostile partition misuses its channels. Every misuse is refused and
audited; the legitimate flows are exactly those of the same system with a
quiet hostile partition (tests/qemu/systems/demo-quiet.yaml). The story is
paced for a person (a second between samples, a few lines a second) and
ends by itself: the control partition halts the system once the last
sample has gone stale, and the kernel's last line sums the run up before
the machine powers off."""
from __future__ import annotations

import hashlib
import re

import pytest
import yaml

from bootlog import REPO, Boot, boot, hm_verdicts

SAMPLES = 8
SUMMARY = re.compile(r"^summary: (\d+) partitions \((\d+) running, (\d+) stopped\); "
                     r"faults contained (\d+), health-monitor events (\d+), restarts (\d+), "
                     r"audit records (\d+)$")
AUDIT_TIME = re.compile(r"^audit #\d+ t=(\d+) ")
FRAME0 = re.compile(r"frame 0 at tick (\d+)$")
PUBLISHED = re.compile(r"^sample (\d+) = (\d+) published$")
READ = re.compile(r"^sample (\d+) = (\d+) \((new|stale)\)$")
SENT = re.compile(r"^command (\d+) sent$")
RECEIVED = re.compile(r"^command (\d+) received$")
WRITTEN = re.compile(r"^block (\d+) written, checksum (\d+)$")
CHECKED = re.compile(r"^block (\d+) read, checksum (\d+) (ok|WRONG)$")
FLOWS = ("sensor", "control", "actuator", "producer", "consumer")


def settled(b: Boot) -> bool:
    """The kernel's summary, its last line before the machine powers off:
    the whole story is in the log."""
    return b.index("sk", SUMMARY.pattern) >= 0


@pytest.fixture(scope="module")
def demo() -> Boot:
    return boot("demo", settled)


def legit(b: Boot, p: str) -> list[str]:
    """What partition p said, less the hostile partition's chatter."""
    return [t for t in b.by(p) if not t.startswith("chatter:")]


@pytest.fixture(scope="module")
def quiet(demo) -> Boot:
    n = {p: len(legit(demo, p)) for p in FLOWS}
    return boot("demo-quiet", lambda b: all(len(legit(b, p)) >= n[p] for p in FLOWS))


def matches(lines, rx):
    return [m for t in lines if (m := rx.match(t))]


def test_banner_and_attribution(demo):
    sk = demo.by("sk")
    assert sk[1] == "system 'demo' on board 'qemu-virt-aarch64'"
    digest = hashlib.sha256((REPO / "config/demo.yaml").read_bytes()).hexdigest()
    assert sk[2] == f"config sha256 {digest}"
    for line in demo.raw:
        assert re.match(r"^\[(sk|sensor|control|actuator|producer|consumer|hostile)\] ",
                        line), line


def test_samples_are_read_as_published_then_go_stale(demo):
    published = [(int(m.group(1)), int(m.group(2))) for m in matches(demo.by("sensor"), PUBLISHED)]
    assert published == [(n, 200 + n * 7 % 50) for n in range(SAMPLES)]
    assert demo.by("sensor")[-1] == "no more samples"
    read = matches(demo.by("control"), READ)
    new = [(int(m.group(1)), int(m.group(2))) for m in read if m.group(3) == "new"]
    # Each sample the control partition sees is one the sensor published,
    # in order; it reads every millisecond, as often as they come.
    assert set(new) <= set(published) and new == sorted(new)
    assert len(new) == SAMPLES
    stale = [m for m in read if m.group(3) == "stale"]
    assert [(int(m.group(1)), int(m.group(2))) for m in stale] == [published[-1]]
    assert demo.by("control").index(stale[0].group(0)) > \
        demo.by("control").index(f"sample {SAMPLES - 1} = {published[-1][1]} (new)")


def test_commands_arrive_in_order_none_lost(demo):
    sent = [int(m.group(1)) for m in matches(demo.by("control"), SENT)]
    received = [int(m.group(1)) for m in matches(demo.by("actuator"), RECEIVED)]
    assert len(sent) == SAMPLES // 2
    assert received == sent
    assert not any("not sent" in t for t in demo.by("control"))


def test_blocks_arrive_whole(demo):
    written = {int(m.group(1)): int(m.group(2)) for m in matches(demo.by("producer"), WRITTEN)}
    checked = matches(demo.by("consumer"), CHECKED)
    assert len(checked) >= 4
    for m in checked:
        assert m.group(3) == "ok", m.group(0)
        assert written[int(m.group(1))] == int(m.group(2)), m.group(0)
    seqs = [int(m.group(1)) for m in checked]
    assert seqs == sorted(seqs)


def test_every_misuse_is_refused_and_audited(demo):
    hostile = demo.by("hostile")
    assert "write to 'samples', which I only read: status -3" in hostile
    assert "send on port 3, which is not mine: status -2" in hostile
    assert hostile.count("flooding 'chatter': 4 sent, 6 refused as full") == 3
    assert hostile[-1] == "writing into 'bulk', which I only read"
    assert not any("isolation is broken" in t for t in hostile)
    hm = [t[len("hm: partition 'hostile' "):] for t in hm_verdicts(demo.by("sk"))
          if t.startswith("hm: partition 'hostile' ")]
    assert "denied request: function 0xc600000b: the partition only reads this " \
           "channel (status -3)" in hm
    assert "hypercall error: function 0xc600000d: no such port (status -2)" in hm
    assert re.fullmatch(r"memory violation: write to IPA 0x50000000 \(stage-2 "
                        r"permission fault, level 3\), pc 0x4000[0-9a-f]{4}, "
                        r"syndrome 0x9[0-9a-f]{7}", hm[-2]), hm
    assert hm[-1] == "stopped"
    # The audit log has the denied request (event 5, function 0x0b) and
    # a health-monitor event for each refusal.
    audit = [t for t in demo.by("sk") if t.startswith("audit #") and " hostile: " in t]
    assert any(t.endswith("request denied (11, 0x0)") for t in audit)
    assert sum("health-monitor event" in t for t in audit) == 4  # console, 2 ports, bulk
    # The flood is the actuator's to drain, at its pace, and the queue
    # refused what did not fit: nothing overwritten.
    assert demo.by("actuator").count("chatter: 4 messages") == 3


def test_legitimate_flows_are_unchanged_by_the_hostile_partition(demo, quiet):
    def flow(b: Boot, p: str, name: str) -> list[str]:
        return [t.replace(f"'{name}'", "'<system>'") for t in legit(b, p)]
    for p in FLOWS:
        mine, calm = flow(demo, p, "demo"), flow(quiet, p, "demo_quiet")
        assert mine == calm[:len(mine)], p


def test_the_two_systems_differ_only_in_the_hostile_partition():
    def load(path):
        doc = yaml.safe_load((REPO / path).read_text())
        del doc["system"]["name"]
        for p in doc["partitions"]:
            p.get("params", {}).pop("attack", None)
        return doc
    assert load("config/demo.yaml") == load("tests/qemu/systems/demo-quiet.yaml")


def test_deterministic_under_icount(demo):
    again = boot("demo", lambda b: len(b.raw) >= len(demo.raw))
    assert again.raw[:len(demo.raw)] == demo.raw


def test_the_story_ends_by_itself_with_a_summary(demo):
    """The control partition ends the run when the last sample is stale;
    the kernel's summary is the last line, and the machine powers off."""
    sk = demo.by("sk")
    assert demo.by("control")[-1] == "no more samples: ending the run"
    assert sk[-2] == "system halted: requested by partition 'control'"
    m = SUMMARY.match(sk[-1])
    assert m, sk[-1]
    audit = [t for t in sk if t.startswith("audit #")]
    # Six partitions, hostile stopped; its one memory violation contained;
    # its four refusals raised events; every audit record counted.
    assert tuple(map(int, m.groups()[:6])) == (6, 5, 1, 1, 4, 0), sk[-1]
    assert int(m.group(7)) == len(audit)
    assert demo.raw[-1] == "[sk] " + sk[-1]


def test_the_story_is_paced_for_a_person(demo):
    """About ten seconds of virtual time (a second between samples) for
    the story, at no more than a few lines a second."""
    start = next(int(m.group(1)) for t in demo.by("sk") if (m := FRAME0.search(t)))
    end = max(int(m.group(1)) for t in demo.by("sk") if (m := AUDIT_TIME.match(t)))
    hz = 62_500_000
    seconds = (end - start) / hz
    story = len(demo.raw) - next(i for i, r in enumerate(demo.raw) if FRAME0.search(r))
    assert 8 <= seconds <= 12, seconds
    assert story / seconds <= 12, (story, seconds)
