# SPDX-License-Identifier: Apache-2.0
"""The schemas give an editor what it reads (yaml-language-server): a
description for every key, the defaults the generator applies, the
generator's own wording for refused values (patternErrorMessage,
errorMessage), and references that resolve from the files alone, with no
network."""
from __future__ import annotations

import copy
import json
import urllib.request

import jsonschema
import pytest
import yaml

from conftest import GENERATOR, REPO

from bulkhead import board, model, schema, source
from bulkhead.diag import Diagnostics

SCHEMA_DIR = GENERATOR / "schema"
RAW = {kind: json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text())
       for kind in ("system", "board")}


def nodes(node, pointer=""):
    """Every schema object with its JSON pointer."""
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            yield from nodes(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from nodes(value, f"{pointer}/{i}")


def properties():
    """(kind, pointer, schema) of every key the schemas define (not the
    conditions of an if, which test keys defined elsewhere)."""
    for kind, root in RAW.items():
        for pointer, node in nodes(root):
            props = node.get("properties")
            if isinstance(props, dict) and not pointer.endswith("/properties") \
                    and "/if" not in pointer:
                for key, sub in props.items():
                    yield kind, f"{pointer}/properties/{key}", sub


def resolved(kind: str, node: dict) -> dict:
    """`node` as an editor shows it: its own keys over those of its $ref."""
    ref = node.get("$ref")
    if not ref:
        return node
    file, _, pointer = ref.partition("#")
    target = RAW["system"] if file == "system.schema.json" else RAW[kind]
    for part in pointer.strip("/").split("/"):
        target = target[part]
    return {**resolved(kind, target), **{k: v for k, v in node.items() if k != "$ref"}}


PROPERTIES = list(properties())


def test_the_walk_finds_the_keys():
    assert len(PROPERTIES) > 100, "has the schemas' layout changed?"


@pytest.mark.parametrize("kind,pointer,node", PROPERTIES, ids=lambda v: v if isinstance(v, str) else "")
def test_every_key_has_a_description(kind, pointer, node):
    text = resolved(kind, node).get("description", "")
    assert len(text.split()) >= 3, f"{kind}.schema.json {pointer} has no description"


def test_every_default_is_in_the_description():
    for kind, pointer, node in PROPERTIES:
        if "default" not in node:
            continue
        text = resolved(kind, node)["description"].lower()
        value = node["default"]
        assert "default" in text, (pointer, text)
        if value not in ([], ""):
            shown = json.dumps(value).strip('"') if not isinstance(value, str) else value
            assert shown.lower() in text, (pointer, value, text)


# Each default the schema declares, with where it goes in a description
# and what the generator makes of the key. A default the schema declares
# must be here; so must one the generator applies to a key that has a
# fixed default.
DEFAULTS = {
    "/properties/system/properties/audit_records":
        (("system", "audit_records"), lambda s: s.audit_records),
    "/$defs/partition/properties/console":
        (("partitions", 0, "console"), lambda s: (s.partitions[0].console, s.partitions[0].vuart)),
    "/$defs/partition/properties/console_budget":
        (("partitions", 0, "console_budget"), lambda s: s.partitions[0].console_budget),
    "/$defs/partition/properties/privileges":
        (("partitions", 0, "privileges"), lambda s: s.partitions[0].privileges),
    "/$defs/region/properties/cache":
        (("partitions", 0, "memory", 0, "cache"), lambda s: s.partitions[0].regions[0].cache),
    "/$defs/partition/properties/image/properties/bootargs":
        (("partitions", 1, "image", "bootargs"), lambda s: s.partitions[1].image.bootargs),
    "/$defs/queuing_channel/properties/doorbell":
        (("channels", 0, "doorbell"), lambda s: s.channels[0].doorbell),
    "/$defs/shared_memory_channel/properties/doorbell":
        (("channels", 1, "doorbell"), lambda s: s.channels[1].doorbell),
    "/$defs/hm_action/properties/max_restarts":
        (("health_monitor", "reset", "max_restarts"), lambda s: s.hm["reset"].max_restarts),
}

BASE = """
version: 1
system: {name: defaults, board: qemu-virt-aarch64, cpus: [0]}
partitions:
  - name: alpha
    image: counter
    memory: [{name: ram, size: 2MiB, access: rwx}]
  - name: beta
    image: {format: linux, kernel: debian}
    memory: [{name: ram, size: 32MiB, ipa: 0x40000000, access: rwx}]
channels:
  - {name: q, kind: queuing, writer: alpha, reader: beta, message_size: 16B, depth: 4}
  - {name: m, kind: shared_memory, size: 4KiB, access: {alpha: rw, beta: ro}}
schedule:
  major_frame: 10ms
  initial_plan: normal
  plans:
    normal:
      cpu0:
        - {partition: alpha, offset: 0ms, duration: 5ms}
        - {partition: beta, offset: 5ms, duration: 5ms}
health_monitor:
  reset: {action: cold_restart}
"""


def build(data, tmp_path, name):
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data))
    doc = source.load(path, REPO)
    diags = Diagnostics()
    assert schema.validate(doc, "system", diags), [d.format() for d in diags.items]
    return model.build(doc, board.load("qemu-virt-aarch64", REPO, doc.where(())))


def test_declared_defaults_are_the_ones_listed():
    declared = {p for kind, p, node in PROPERTIES if "default" in node}
    assert declared == set(DEFAULTS)


@pytest.mark.parametrize("pointer", sorted(DEFAULTS))
def test_a_default_is_what_the_generator_applies(pointer, tmp_path):
    """Leaving the key out and writing its declared default build the
    same system."""
    path, get = DEFAULTS[pointer]
    node = RAW["system"]
    for part in pointer.strip("/").split("/"):
        node = node[part]
    base = yaml.safe_load(BASE)
    written = copy.deepcopy(base)
    target = written
    for part in path[:-1]:
        target = target[part]
    assert path[-1] not in target
    target[path[-1]] = node["default"]
    assert get(build(base, tmp_path, "left-out")) == get(build(written, tmp_path, "written"))


def test_messages_are_the_ones_editors_read():
    """yaml-language-server shows patternErrorMessage when a pattern fails
    and errorMessage otherwise; the generator reads the same keys, so the
    wording is written once."""
    for kind, root in RAW.items():
        for pointer, node in nodes(root):
            assert "x-message" not in node, f"{kind} {pointer}: x-message is read by no editor"
            if "pattern" in node:
                assert "patternErrorMessage" in node, f"{kind} {pointer}"
            if "enum" in node and "/if/" not in pointer:
                assert "errorMessage" in node, f"{kind} {pointer}"
            for key in ("patternErrorMessage", "errorMessage"):
                if key in node:
                    # The generator says "'<value>' is not ...".
                    assert node[key].startswith("Not "), f"{kind} {pointer}: {node[key]}"
                    assert "{" not in node[key], f"{kind} {pointer}: a placeholder"


def test_generator_uses_the_editor_wording():
    node = RAW["system"]["$defs"]["size"]
    assert schema.refusal(node, "2M") == "'2M' is n" + node["patternErrorMessage"][1:]


def test_board_schema_resolves_offline(monkeypatch):
    """A tool given only the file (an editor, a validator without the
    generator's store) resolves board.schema.json's references to the
    system schema beside it, and asks no server."""
    real = urllib.request.urlopen

    def local_only(url, *args, **kwargs):
        if not str(url).startswith("file:"):
            raise OSError(f"network access to {url}")
        return real(url, *args, **kwargs)

    monkeypatch.setattr(jsonschema.validators, "urlopen", local_only, raising=False)
    monkeypatch.setattr(jsonschema.validators, "requests", None, raising=False)
    path = SCHEMA_DIR / "board.schema.json"
    resolver = jsonschema.RefResolver(base_uri=RAW["board"].get("$id", path.as_uri()),
                                      referrer=RAW["board"])
    refs = [node["$ref"] for _, node in nodes(RAW["board"]) if "$ref" in node]
    assert any(r.startswith("system.schema.json#") for r in refs)
    for ref in refs:
        resolver.resolve(ref)  # RefResolutionError if it cannot
    cls = jsonschema.validators.validator_for(RAW["board"])
    validator = cls(RAW["board"], resolver=resolver)
    for board_file in sorted((REPO / "boards").glob("*/board.yaml")):
        errors = list(validator.iter_errors(yaml.safe_load(board_file.read_text())))
        assert not errors, (board_file, errors[0].message)
