# SPDX-License-Identifier: Apache-2.0
"""Conformance of every example system (config/*.yaml), generated from its
description: `bulkhead conformance` derives the same system with the
'probe' payload in every partition (generator/bulkhead/conformance.py,
partitions/probe). Each partition tries every one of its ports the right
way (must work) and the wrong way (must be refused), a port id it does not
have (refused), its own memory (must work), the shared memory it may only
read (a write must fault), and the memory of every other partition (a
write must fault). The outcome of every probe is written to
<build>/conformance/<system>.json; every one must be as expected, and each
fault must have been seen by the health monitor."""
from __future__ import annotations

import json
import re

import pytest

from bootlog import REPO, Boot, boot, images_dir, model

EXAMPLES = sorted(p.stem for p in (REPO / "config").glob("*.yaml"))
PROBE = re.compile(r"^PROBE (.+) expect (ok|refused|fault) got (ok|refused|fault) \((.*)\)$")
DONE = re.compile(r"^PROBE done (\d+) of (\d+)$")


def expected_count(system) -> dict[str, int]:
    """How many probes each partition must make, from the description."""
    out = {}
    n = len(system.partitions)
    for p in system.partitions:
        count = 1  # a port id it does not have
        for port in p.ports:
            shm = port.channel.kind == "shared_memory"
            count += 0 if shm and port.direction == "destination" else 1
            count += 0 if shm else 1  # the wrong way
        for r in p.regions:
            count += 2  # a load, a store (back, or into read-only shared memory)
        for c in system.channels:
            if c.kind == "shared_memory" and p.name in c.access:
                count += 2
        count += n - 1  # every other partition's memory
        out[p.name] = count
    return out


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_probe_is_as_expected(name):
    system = model(name)
    names = [p.name for p in system.partitions]
    b = boot(f"conformance-{name}",
             lambda bt: all(any(DONE.match(t) for t in bt.by(p)) for p in names))
    summary = {"system": f"config/{name}.yaml", "partitions": {}}
    failures = []
    for p in names:
        probes = []
        for t in b.by(p):
            m = PROBE.match(t)
            if m:
                probes.append({"probe": m.group(1), "expect": m.group(2),
                               "got": m.group(3), "detail": m.group(4),
                               "pass": m.group(2) == m.group(3)})
        summary["partitions"][p] = probes
        failures += [f"{p}: {x['probe']} ({x['detail']}): expected {x['expect']}, "
                     f"got {x['got']}" for x in probes if not x["pass"]]
        assert len(probes) == expected_count(system)[p], (p, len(probes))
        done = next(DONE.match(t) for t in b.by(p) if DONE.match(t))
        assert int(done.group(2)) == len(probes)
        # Each access that faulted went to the health monitor.
        faults = [x for x in probes if x["got"] == "fault"]
        hm = [t for t in b.by("sk") if t.startswith(f"hm: partition '{p}' memory violation")]
        assert len(hm) == len(faults), (p, hm)
    summary["probes"] = sum(len(v) for v in summary["partitions"].values())
    summary["failures"] = failures
    out = images_dir().parent / "conformance" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n")
    assert not failures, "\n".join(failures)
    assert summary["probes"] >= 4 * len(names)
