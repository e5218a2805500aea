# SPDX-License-Identifier: Apache-2.0
"""evidence.json has a JSON Schema of its own (generator/schema/
evidence.schema.json), and every example's file validates against it: every
object of one kind has the same keys (an image of any format, an emulated
device), and every origin is an origin object (issue 14)."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, run

SCHEMA = json.loads((REPO / "generator/schema/evidence.schema.json").read_text())
EXAMPLES = sorted((REPO / "config").glob("*.yaml"))


@pytest.fixture(scope="module")
def evidence(tmp_path_factory) -> dict:
    out = {}
    for example in EXAMPLES:
        d = tmp_path_factory.mktemp(example.stem)
        r = run("report", str(example.relative_to(REPO)), "-o", str(d))
        assert r.returncode == 0, r.stderr
        out[example.stem] = json.loads((d / "evidence.json").read_text())
    return out


def validator():
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA)


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_every_example_validates(evidence, example):
    errors = sorted(validator().iter_errors(evidence[example]), key=lambda e: e.json_path)
    assert not errors, [f"{e.json_path}: {e.message}" for e in errors[:10]]


def test_images_of_every_format_have_the_same_keys(evidence):
    keys = {fmt: set() for fmt in ("payload", "elf", "binary", "linux")}
    for ev in evidence.values():
        for p in ev["partitions"]:
            keys[p["image"]["format"]].add(frozenset(p["image"]))
    seen = {k for ks in keys.values() for k in ks}
    assert len(seen) == 1, seen
    assert keys["payload"] and keys["linux"], keys


def test_the_schema_can_refuse(evidence):
    """A missing key, an extra key and a text origin are each refused."""
    ev = evidence["linux-rt"]
    for change in ("missing", "extra", "origin"):
        bad = copy.deepcopy(ev)
        image = bad["partitions"][0]["image"]
        if change == "missing":
            del image["bootargs"]
        elif change == "extra":
            image["surprise"] = 1
        else:
            bad["partitions"][0]["emulated"][0]["origin"] = "at the board's"
        assert list(validator().iter_errors(bad)), change
