# SPDX-License-Identifier: Apache-2.0
"""docs/configuration.md stays in step with the language: every key of
both schemas, every rule, every health-monitor event and action and every
privilege is documented, the defaults it states are the generator's, and
every complete example in it passes the generator."""
from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import GENERATOR, REPO, run

from bulkhead import board, layout, model, rules
from bulkhead.diag import Location, UserError
from bulkhead.units import format_size

DOC_PATH = REPO / "docs" / "configuration.md"
DOC = DOC_PATH.read_text(encoding="utf-8")
SCHEMAS = {name: json.loads((GENERATOR / "schema" / f"{name}.schema.json").read_text())
           for name in ("system", "board")}


def flat(text: str) -> str:
    """Whitespace folded, so a sentence may be wrapped in the Markdown."""
    return " ".join(text.split())


def documented(word: str) -> bool:
    return f"`{word}`" in DOC


def schema_keys(node) -> set[str]:
    """Every key the schemas define: the names under each `properties`
    (in $defs too) and the fixed key names a `propertyNames` enumerates."""
    keys: set[str] = set()
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "properties" and isinstance(v, dict):
                keys |= set(v)
            if k == "propertyNames" and isinstance(v, dict):
                keys |= set(v.get("enum", []))
            keys |= schema_keys(v)
    elif isinstance(node, list):
        for item in node:
            keys |= schema_keys(item)
    return keys - {"$schema", "$id"}


def schema_enum(*path: str) -> list[str]:
    node = SCHEMAS["system"]
    for part in path:
        node = node[part]
    return node["enum"]


def yaml_blocks() -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", DOC, re.M | re.S)


def top_keys(block: str) -> set[str]:
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        return set()
    return set(data) if isinstance(data, dict) else set()


def complete(block: str) -> bool:
    """A whole description: its first line that is not a comment is
    `version: 1`."""
    lines = [l for l in block.splitlines() if l.strip() and not l.startswith("#")]
    return bool(lines) and lines[0] == "version: 1"


SYSTEMS = [b for b in yaml_blocks() if complete(b) and "system" in top_keys(b)]
BOARDS = [b for b in yaml_blocks() if complete(b) and "arch" in top_keys(b)]


@pytest.mark.parametrize("schema", sorted(SCHEMAS))
def test_every_schema_key_is_documented(schema):
    keys = schema_keys(SCHEMAS[schema])
    assert keys, "the walk found no key: has the schema's layout changed?"
    missing = sorted(k for k in keys if not documented(k))
    assert not missing, f"keys of {schema}.schema.json not in {DOC_PATH.name}: {missing}"


def test_every_rule_is_documented_with_its_docstring():
    text = flat(DOC)
    missing = [r.name for r in rules.RULES if not documented(r.name)]
    assert not missing, f"rules not in {DOC_PATH.name}: {missing}"
    stale = [r.name for r in rules.RULES
             if f"`{r.name}` ({r.phase}): {flat(r.doc)}" not in text]
    assert not stale, ("rules whose name, phase and docstring are not quoted as "
                       f"'`name` (phase): docstring' in {DOC_PATH.name}: {stale}")


def test_every_hm_event_and_its_default_is_documented():
    for event in model.HM_EVENTS:
        rows = [l for l in DOC.splitlines() if l.startswith(f"| `{event}` |")]
        assert rows, f"health-monitor event {event} has no row in the events table"
        action, escalation = model.HM_DEFAULTS[event]
        default = rows[0].rsplit("|", 2)[-2]
        assert f"`{action}`" in default, (event, default)
        if escalation:
            then, times = escalation
            assert f"{times} times" in default and f"`{then}`" in default, (event, default)


def test_every_hm_action_is_documented():
    actions = schema_enum("$defs", "hm_action", "properties", "action")
    actions += schema_enum("$defs", "hm_escalation", "properties", "action")
    actions += [a for a, _ in model.HM_DEFAULTS.values()]
    missing = sorted({a for a in actions if not DOC.count(f"| `{a}` |")})
    assert not missing, f"actions without a row in the actions table: {missing}"


def test_every_privilege_is_documented():
    assert set(model.PRIVILEGES) == set(
        schema_enum("$defs", "partition", "properties", "privileges", "items"))
    missing = [p for p in model.PRIVILEGES if not DOC.count(f"| `{p}` |")]
    assert not missing, f"privileges without a row in the privileges table: {missing}"


def test_stated_numbers_are_the_generators():
    row = next(l for l in DOC.splitlines() if l.startswith("| `audit_records` |"))
    assert row.split("|")[4].strip() == str(model.DEFAULT_AUDIT_RECORDS), row
    assert f"from INTID {layout.DOORBELL_BASE} up" in DOC
    assert f"{rules.MAX_MESSAGE // 1024} KiB" in DOC and f"1 to {rules.MAX_DEPTH}" in DOC
    row = next(l for l in DOC.splitlines() if l.startswith("| `console_budget` |"))
    cells = [c.strip() for c in row.split("|")]
    assert cells[4] == format_size(model.DEFAULT_CONSOLE_BUDGET), row
    assert cells[2] == (f"size, {format_size(model.CONSOLE_BUDGET_MIN)} to "
                        f"{format_size(model.CONSOLE_BUDGET_MAX)}"), row
    assert f"{model.CONSOLE_KERNEL_BYTES} bytes for the kernel's own messages" in flat(DOC)


def test_there_are_examples_to_check():
    assert SYSTEMS, "the reference has no complete system description"
    assert BOARDS, "the reference has no complete board description"


@pytest.mark.parametrize("index", range(len(SYSTEMS)))
def test_example_system_is_valid(index, tmp_path):
    path = tmp_path / f"example{index}.yaml"
    path.write_text(SYSTEMS[index])
    r = run("validate", str(path), "--werror")
    assert r.returncode == 0, f"example {index}:\n{SYSTEMS[index]}\n{r.stderr}"
    assert r.stderr == ""


@pytest.mark.parametrize("index", range(len(BOARDS)))
def test_example_board_is_valid(index, tmp_path):
    """Loaded as the generator loads a board, from a repository of its own."""
    name = yaml.safe_load(BOARDS[index])["name"]
    folder = tmp_path / "boards" / name
    folder.mkdir(parents=True)
    (folder / "board.yaml").write_text(BOARDS[index])
    try:
        b = board.load(name, tmp_path, Location("docs", 1, 1))
    except UserError as e:
        pytest.fail(f"example board {name}:\n" +
                    "\n".join(d.format() for d in e.diagnostics))
    assert b.name == name
