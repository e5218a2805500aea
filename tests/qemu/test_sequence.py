# SPDX-License-Identifier: Apache-2.0
"""One attack per start (tests/qemu/systems/attack-sequence.yaml).

'hostile' tries every attack of partitions/hostile in turn; after each the
health monitor restarts it cold (or it restarts itself, after the legal but
greedy ones), until PSCI SYSTEM_OFF stops it. Every attack must be
contained with the configured action and audited; alpha (on CPU 0, beside
hostile) and beta (on CPU 1) must print exactly what they print in
attack-none.yaml, the same system where hostile does nothing."""
from __future__ import annotations

import re

import pytest
import yaml

from bootlog import HM_DUMP, REPO, Boot, boot

AFTER_STOP = 40  # lines alpha must print after hostile is stopped

# attack -> the health monitor's verdict (after "hm: partition 'hostile' "),
# or None for the attacks the kernel lets run (within the partition's
# windows) and that end with the partition restarting itself.
MEM = r"memory violation: {} IPA {} \(stage-2 translation fault, level \d\), " \
      r"pc 0x6000[0-9a-f]{{4}}, syndrome 0x9[0-9a-f]{{7}}"
TRAP = r"trapped instruction: {}, pc 0x6000[0-9a-f]{{4}}, syndrome 0x{}[0-9a-f]{{6}}"
ATTACKS = [
    ("read_foreign", MEM.format("read of", "0x41000000")),
    ("write_kernel", MEM.format("write to", "0x40001000")),
    ("mmio", MEM.format("write to", "0x9010000")),
    # The distributor is emulated (its writes change only what is its
    # own); the redistributor of a vCPU it does not have is nothing.
    ("gic", MEM.format("write to", "0x80c0000")),
    ("smc", TRAP.format(r"SMC \(secure monitor call\)", "5e")),
    ("phys_timer", TRAP.format(r"access to a trapped system register \(CNTPCT_EL0 read\)",
                               "62")),
    ("set_way", TRAP.format(r"system instruction \(DC CISW\)", "62")),
    ("debug", TRAP.format(r"access to a trapped system register \(MDSCR_EL1 read\)", "62")),
    ("sysreg", TRAP.format(r"access to a trapped system register \(PMCCNTR_EL0 read\)",
                           "62")),
    ("spin_masked", None),
    ("wfi_masked", None),
    ("hypercalls", None),
    ("system_off", r"power off: PSCI SYSTEM_OFF"),
]
HM_EVENT = {"memory violation": 0, "trapped instruction": 1, "hypercall error": 3,
            "denied request": 4, "power off": 6}
HM_ACTION = {"log": 0, "stop": 1, "cold_restart": 2}


def stopped(b: Boot) -> bool:
    stop = b.index("sk", r"^hm: partition 'hostile' stopped$")
    return stop >= 0 and sum(1 for who, _ in b.lines[stop:] if who == "alpha") >= AFTER_STOP


@pytest.fixture(scope="module")
def attacked() -> Boot:
    return boot("attack-sequence", stopped)


@pytest.fixture(scope="module")
def quiet(attacked) -> Boot:
    n = {p: len(attacked.by(p)) for p in ("alpha", "beta")}
    return boot("attack-none", lambda b: all(len(b.by(p)) >= n[p] for p in n))


def starts(b: Boot) -> list[tuple[int, list[tuple[str, str]]]]:
    """The log cut at each start of hostile: (start number, lines until the
    next start)."""
    out = []
    for who, text in b.lines:
        m = re.match(r"hostile partition 'hostile' start (\d+) \(condition (\d+)\)", text) \
            if who == "hostile" else None
        if m:
            out.append((int(m.group(1)), []))
        elif out:
            out[-1][1].append((who, text))
    return out


def test_one_attack_per_start_each_contained(attacked):
    runs = starts(attacked)
    assert [n for n, _ in runs] == list(range(1, len(ATTACKS) + 1))
    for (n, lines), (attack, verdict) in zip(runs, ATTACKS):
        hostile = [t for who, t in lines if who == "hostile"]
        hm = [t[len("hm: partition 'hostile' "):] for who, t in lines
              if who == "sk" and t.startswith("hm: partition 'hostile' ")
              and not HM_DUMP.match(t)]
        assert hostile[0] == f"attack: {attack}", (n, hostile)
        assert not any("isolation is broken" in t for t in hostile), (attack, hostile)
        if verdict is None:
            assert hostile[-1].endswith("restarting"), (attack, hostile)
            assert ("sk", "partition 'hostile' restarts itself (cold)") in lines
            assert not any(h.startswith(("memory", "trapped")) for h in hm), (attack, hm)
            continue
        assert re.fullmatch(verdict, hm[0]), (attack, hm)
        if attack == "system_off":
            assert hm[1:] == ["stopped"]
        else:
            assert hm[1:] == [f"cold restart {n} of 20"], (attack, hm)


def test_the_emulated_gic_shows_and_changes_only_its_own(attacked):
    _, lines = starts(attacked)[[a for a, _ in ATTACKS].index("gic")]
    assert ("hostile", "gic: after enabling and raising every shared interrupt, 0 enabled "
            "and 0 pending (mine: 0)") in lines


def test_start_conditions(attacked):
    conds = [re.search(r"\(condition (\d+)\)", t).group(1) for t in attacked.by("hostile")
             if t.startswith("hostile partition")]
    # system start, then restarted by the health monitor after each fault,
    # by itself after the greedy attacks and the wild hypercalls.
    assert conds == ["0"] + ["2"] * 9 + ["1"] * 3


def test_wild_hypercalls_are_refused_and_audited(attacked):
    _, lines = starts(attacked)[ATTACKS.index(("hypercalls", None))]
    hostile = [t for who, t in lines if who == "hostile"]
    for expected in ("unknown function: -1", "unknown PSCI function: -1",
                     "console write of 0 bytes: -2",
                     "console write from 0xffffffffffff0000: -4", "mode 99: -2",
                     "plan switch: -3", "restart partition 0: -3", "audit read: -3",
                     "halt: -3", "CPU_ON of vcpu 7: -2"):
        assert expected in hostile
    assert "still working: version call 0; restarting" in hostile
    sk = [t for who, t in lines if who == "sk"]
    denied = [t for t in sk if "denied request" in t]
    assert [re.search(r"function (0x[0-9a-f]+)", t).group(1) for t in denied] == \
        ["0xc6000007", "0xc6000008", "0xc600000a", "0xc6000009"]
    # Each denied request is audited as such, before the health monitor's event.
    assert [t.split(": ", 1)[1] for t in sk if re.match(r"audit #\d+ .* hostile: request denied", t)] \
        == ["request denied (7, 0x0)", "request denied (8, 0x0)",
            "request denied (10, 0x0)", "request denied (9, 0x0)"]


AUDIT = re.compile(r"^audit #(\d+) t=(\d+) cpu(\d+) (\w+): ([a-z -]+) \((\d+), (0x[0-9a-f]+)\)$")


def test_every_health_monitor_verdict_is_audited(attacked):
    records = [AUDIT.match(t) for t in attacked.by("sk") if AUDIT.match(t)]
    assert [int(r.group(1)) for r in records] == list(range(len(records)))
    verdicts = [t for t in attacked.by("sk") if t.startswith("hm: partition 'hostile' ")
                and re.match(r"hm: partition 'hostile' (memory|trapped|hypercall|denied|power)", t)]
    events = [r for r in records if r.group(4) == "hostile" and r.group(5) == "health-monitor event"]
    actions = [r for r in records if r.group(4) == "hostile" and r.group(5) == "health-monitor action"]
    assert len(events) == len(verdicts) == len(actions)
    for v, e in zip(verdicts, events):
        kind = re.match(r"hm: partition 'hostile' ([a-z ]+):", v).group(1)
        assert int(e.group(6)) == HM_EVENT[kind], (v, e.group(0))
    # Cold restarts count up in the action's detail; the last is a stop.
    restarts = [int(a.group(7), 16) for a in actions if int(a.group(6)) == HM_ACTION["cold_restart"]]
    assert restarts == list(range(1, 10))
    assert int(actions[-1].group(6)) == HM_ACTION["stop"]


def test_kernel_and_others_carry_on(attacked):
    stop = attacked.index("sk", r"^hm: partition 'hostile' stopped$")
    assert all(who != "hostile" for who, _ in attacked.lines[stop + 1:])
    assert not any(t.startswith(("PANIC", "panic")) for t in attacked.by("sk"))


def test_others_print_exactly_what_they_print_without_attacks(attacked, quiet):
    for p in ("alpha", "beta"):
        mine = [t.replace("'attack_sequence'", "'<system>'") for t in attacked.by(p)]
        calm = [t.replace("'attack_none'", "'<system>'") for t in quiet.by(p)]
        assert len(mine) >= AFTER_STOP
        assert mine == calm[:len(mine)], p


def test_the_two_systems_differ_only_in_the_attack():
    def load(name):
        doc = yaml.safe_load((REPO / "tests/qemu/systems" / f"{name}.yaml").read_text())
        del doc["system"]["name"]
        for p in doc["partitions"]:
            p.get("params", {}).pop("attack", None)
        return doc
    assert load("attack-sequence") == load("attack-none")
