# SPDX-License-Identifier: Apache-2.0
"""Golden outputs: what the generator emits for each example system,
reviewed and kept in tests/generator/golden/<system>/. Any change to the
generator's output shows up here as a diff to review. To accept a change
after reviewing it:

    BULKHEAD_UPDATE_GOLDEN=1 /usr/bin/python3 -m pytest tests/generator/test_golden.py

report.html and evidence.json are left out: they restate report.md, and
tests/generator/test_report.py checks them."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import REPO, run

GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = sorted((REPO / "config").glob("*.yaml"))
SKIP = {"report.html", "evidence.json"}


def outputs(d: Path) -> dict[str, str]:
    return {p.relative_to(d).as_posix(): p.read_text()
            for p in sorted(d.rglob("*")) if p.is_file() and p.name not in SKIP}


@pytest.mark.parametrize("system", EXAMPLES, ids=lambda p: p.stem)
def test_output_matches_golden(system, tmp_path):
    r = run("generate", str(system.relative_to(REPO)), "-o", str(tmp_path))
    assert r.returncode == 0, r.stderr
    got = outputs(tmp_path)
    ref = GOLDEN / system.stem
    if os.environ.get("BULKHEAD_UPDATE_GOLDEN"):
        shutil.rmtree(ref, ignore_errors=True)
        for rel, text in got.items():
            (ref / rel).parent.mkdir(parents=True, exist_ok=True)
            (ref / rel).write_text(text)
    want = outputs(ref)
    assert sorted(got) == sorted(want), "generated files differ from the golden set"
    for rel in sorted(got):
        assert got[rel] == want[rel], f"{system.stem}/{rel} differs from the golden copy"
