# SPDX-License-Identifier: Apache-2.0
"""A hostile partition attacks once per system; each attack is contained:
the partition is stopped with the right fault, the kernel and the other
partition carry on in their windows."""
from __future__ import annotations

import re

import pytest

from bootlog import Boot, boot, frame_start, hm_verdicts, model, windows

COUNT = re.compile(r"^count (\d+) at tick (\d+)$")
AFTER_STOP = 12

ATTACKS = {
    "attack-kernel": (
        "attack: write_foreign",
        r"hm: partition 'hostile' memory violation: write to IPA 0x40001000 "
        r"\(stage-2 translation fault, level 2\), pc 0x6000[0-9a-f]{4}, "
        r"syndrome 0x9[0-9a-f]{7}"),
    "attack-smc": (
        "attack: smc",
        r"hm: partition 'hostile' trapped instruction: SMC \(secure monitor "
        r"call\), pc 0x4000[0-9a-f]{4}, syndrome 0x5e000000"),
    "attack-sysreg": (
        "attack: sysreg",
        r"hm: partition 'hostile' trapped instruction: access to a trapped "
        r"system register \(PMCCNTR_EL0 read\), pc 0x4000[0-9a-f]{4}, "
        r"syndrome 0x62[0-9a-f]{6}"),
}


def contained(b: Boot) -> bool:
    stop = b.index("sk", r"partition 'hostile' stopped")
    return stop >= 0 and sum(1 for who, _ in b.lines[stop:] if who == "alpha") >= AFTER_STOP


# Legal but greedy: the partition keeps running, but only in its windows;
# after three frames of it, it restarts itself and does it again.
GREEDY = {
    "attack-spin": "attack: spin_masked",
    "attack-wfi": "attack: wfi_masked",
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
    hostile = b.by("hostile")
    attacks = [i for i, t in enumerate(hostile) if t == GREEDY[name]]
    assert len(attacks) >= 2, hostile
    for i in attacks[:-1]:
        assert hostile[i + 1] == "still here after three frames: restarting"
    restarts = [t for t in b.by("sk") if "restarts itself" in t]
    assert restarts[:len(attacks) - 1] == \
        ["partition 'hostile' restarts itself (cold)"] * (len(attacks) - 1)
    # Only the refused console write at each start, no action against the
    # greedy one.
    hm = [t for t in b.by("sk") if t.startswith("hm: ")]
    assert hm and all(t.startswith("hm: partition 'hostile' hypercall error:") or
                      t == "hm: partition 'hostile' event logged" for t in hm), hm
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
    hm = hm_verdicts(b.by("sk"))[2:]
    assert len(hm) == 2, hm
    assert re.fullmatch(verdict, hm[0]), hm[0]
    assert hm[1] == "hm: partition 'hostile' stopped"

    # alpha keeps counting in its own window, before and after.
    counts = alpha_in_its_windows(b, name)
    assert counts == list(range(len(counts)))
    stop = b.index("sk", "partition 'hostile' stopped")
    assert all(who != "hostile" for who, _ in b.lines[stop:])
