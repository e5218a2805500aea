# SPDX-License-Identifier: Apache-2.0
"""One bad system description per rule, each with the exact diagnostics it
must produce: tests/generator/bad/<rule>.yaml starts with

    # rule: <name of the rule in generator/bulkhead/rules.py, or 'schema'...>
    # expect: <first line of the expected output>
    # expect: <next line>...
    # args: <extra command-line arguments, optional>

The generator must print exactly those lines on stderr, exit with status 1,
and write nothing."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, run

from bulkhead import rules

BAD = Path(__file__).resolve().parent / "bad"
FIXTURES = sorted(BAD.glob("*.yaml"))


def header(path: Path, key: str) -> list[str]:
    prefix = f"# {key}: "
    return [line[len(prefix):] for line in
            path.read_bytes().decode("utf-8", "replace").splitlines()
            if line.startswith(prefix)]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_bad_description_is_refused_exactly(fixture, tmp_path):
    expected = header(fixture, "expect")
    assert expected, f"{fixture.name} has no '# expect:' line"
    out = tmp_path / "out"
    args = " ".join(header(fixture, "args")).split()
    r = run("generate", str(fixture.relative_to(REPO)), "-o", str(out), *args)
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.splitlines() == expected
    assert r.stdout == ""
    assert not out.exists(), "a refused description must change nothing"


# Rules whose bad input is better built by a test than written out.
ELSEWHERE = {"vmid-capacity": "test_robustness.py::test_vmid_capacity",
             "elf-segments": "test_elf.py (ELF files made by the test)"}


def test_every_rule_has_a_fixture():
    covered = {rule for f in FIXTURES for rule in header(f, "rule")} | set(ELSEWHERE)
    missing = [r.name for r in rules.RULES if r.name not in covered]
    assert not missing, f"rules without a bad fixture: {missing}"


def test_rules_are_documented():
    for r in rules.RULES:
        assert r.doc, f"rule {r.name} has no docstring"
