# SPDX-License-Identifier: Apache-2.0
"""A hostile partition attacks once per system; each attack is contained:
the partition is stopped with the right fault, the kernel and the other
partition carry on in their windows."""
from __future__ import annotations

import re

import pytest

from bootlog import Boot, boot, frame_start, model, windows

COUNT = re.compile(r"^count (\d+) at tick (\d+)$")
AFTER_STOP = 12

ATTACKS = {
    "attack-kernel": (
        "writing to 0x40001000",
        r"hm: partition 'hostile' memory violation: write to IPA 0x40001000 "
        r"\(stage-2 translation fault, level 2\), pc 0x6000[0-9a-f]{4}, "
        r"syndrome 0x9[0-9a-f]{7}"),
    "attack-smc": (
        "calling the secure monitor (SMC #0)",
        r"hm: partition 'hostile' trapped instruction: SMC \(secure monitor "
        r"call\), pc 0x4000[0-9a-f]{4}, syndrome 0x5e000000"),
    "attack-sysreg": (
        "reading the cycle counter PMCCNTR_EL0",
        r"hm: partition 'hostile' trapped instruction: access to a trapped "
        r"system register, pc 0x4000[0-9a-f]{4}, syndrome 0x62[0-9a-f]{6}"),
}


def contained(b: Boot) -> bool:
    stop = b.index("sk", r"partition 'hostile' stopped")
    return stop >= 0 and sum(1 for who, _ in b.lines[stop:] if who == "alpha") >= AFTER_STOP


# Legal but greedy: the partition keeps running, but only in its windows.
GREEDY = {
    "attack-spin": "masking interrupts and spinning forever",
    "attack-wfi": "masking interrupts and waiting forever",
}


def alpha_in_its_windows(b: Boot, name: str) -> list[int]:
    """alpha's counts, after checking each was printed inside its window."""
    mf, wins = windows(model(name))
    t0 = frame_start(b)
    counts = [COUNT.match(t) for t in b.by("alpha") if COUNT.match(t)]
    for m in counts:
        offset = (int(m.group(2)) - t0) % mf
        assert any(w.partition == "alpha" and w.start <= offset < w.end
                   for w in wins), offset
    return [int(m.group(1)) for m in counts]


@pytest.mark.parametrize("name", sorted(GREEDY))
def test_greedy_partition_cannot_keep_the_cpu(name):
    frames = 20
    mf, _ = windows(model(name))

    def done(b: Boot) -> bool:
        counts = [COUNT.match(t) for t in b.by("alpha") if COUNT.match(t)]
        return len(counts) >= 2 and \
            int(counts[-1].group(2)) - int(counts[0].group(2)) >= frames * mf

    b = boot(name, done)
    assert b.by("hostile")[-1] == GREEDY[name]
    # Only the refused console write, no action against the greedy one.
    assert [t for t in b.by("sk") if t.startswith("hm: ")][2:] == []
    counts = alpha_in_its_windows(b, name)
    assert counts == list(range(len(counts)))
    # alpha printed in every frame since hostile started its attack.
    t0 = frame_start(b)
    ticks = [int(COUNT.match(t).group(2)) for t in b.by("alpha") if COUNT.match(t)]
    seen = {(t - t0) // mf for t in ticks}
    assert set(range(min(seen), max(seen) + 1)) <= seen


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_contained(name):
    last_words, verdict = ATTACKS[name]
    b = boot(name, contained)
    hostile = b.by("hostile")
    assert hostile[-1] == last_words
    assert not any("isolation is broken" in t for t in hostile)

    # The first two are the refused console write (logged), then the attack.
    hm = [t for t in b.by("sk") if t.startswith("hm: ")][2:]
    assert len(hm) == 2, hm
    assert re.fullmatch(verdict, hm[0]), hm[0]
    assert hm[1] == "hm: partition 'hostile' stopped"

    # alpha keeps counting in its own window, before and after.
    counts = alpha_in_its_windows(b, name)
    assert counts == list(range(len(counts)))
    stop = b.index("sk", "partition 'hostile' stopped")
    assert all(who != "hostile" for who, _ in b.lines[stop:])
