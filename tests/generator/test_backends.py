# SPDX-License-Identifier: Apache-2.0
"""The generator's architecture back ends (backends.py, docs/design.md
"Generator backends (issue 12)"): a board's `arch` selects one, an unknown
one is refused with a diagnostic, nothing else names a back end, the
templates hold no encodings and do no arithmetic, layout returns new
objects, and the report runs its rules in the context it was given."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import pytest

from conftest import REPO, run

from bulkhead import backends, board, compiler, layout, model, schema, source
from bulkhead.diag import Diagnostics, Location, UserError

BULKHEAD = REPO / "generator" / "bulkhead"
TEMPLATES = BULKHEAD / "templates"
BOARD = REPO / "boards" / "qemu-virt-aarch64" / "board.yaml"


def _repo_with_arch(tmp_path: Path, arch: str) -> Path:
    """A repository of its own: the QEMU board under another name and
    `arch`, and a system on it."""
    text = BOARD.read_text()
    text = re.sub(r"(?m)^name: .*$", "name: other", text)
    text = re.sub(r"(?m)^arch: .*$", f"arch: {arch}", text)
    (tmp_path / "boards" / "other").mkdir(parents=True)
    (tmp_path / "boards" / "other" / "board.yaml").write_text(text)
    system = (REPO / "config" / "demo.yaml").read_text().replace(
        "board: qemu-virt-aarch64", "board: other")
    (tmp_path / "system.yaml").write_text(system)
    return tmp_path


def test_unknown_arch_is_refused_at_the_board_line(tmp_path):
    repo = _repo_with_arch(tmp_path, "riscv64")
    with pytest.raises(UserError) as e:
        compiler.compile_system(repo / "system.yaml", repo)
    lines = [d.format() for d in e.value.diagnostics]
    line = next(i for i, t in enumerate(BOARD.read_text().splitlines(), 1)
                if t.startswith("arch:"))
    assert any(t.startswith(f"boards/other/board.yaml:{line}:7: error: 'riscv64' ")
               and "aarch64" in t for t in lines), lines


def test_registry_refuses_an_arch_it_has_no_back_end_for():
    """What stands behind the schema: a name the schema admitted but no
    back end serves is a diagnostic, not a KeyError."""
    with pytest.raises(UserError) as e:
        backends.backend("riscv64", Location("boards/x/board.yaml", 3, 7))
    [d] = e.value.diagnostics
    assert d.format().startswith(
        "boards/x/board.yaml:3:7: error: no generator back end for architecture 'riscv64'")
    assert "supported: aarch64" in d.format()


def test_schema_admits_exactly_the_registered_architectures():
    arch = schema._schemas()["board"]["properties"]["arch"]
    assert sorted(arch["enum"]) == sorted(backends.BACKENDS)


def test_the_board_gets_the_back_end_of_its_arch():
    b = board.load("qemu-virt-aarch64", REPO, Location("test", 1, 1))
    assert b.backend is backends.BACKENDS[b.arch]


def test_only_the_registry_imports_a_back_end():
    """A module that imports aarch64 itself bypasses board.arch."""
    names = "|".join(backends.BACKENDS)
    pattern = re.compile(rf"^\s*(from \. import .*\b({names})\b|import .*\b({names})\b"
                         rf"|from \.({names}) import)", re.M)
    offenders = [p.name for p in sorted(BULKHEAD.glob("*.py"))
                 if p.name not in ("backends.py", *(f"{n}.py" for n in backends.BACKENDS))
                 and pattern.search(p.read_text())]
    assert offenders == []
    assert pattern.search("from . import VERSION, aarch64, dts")  # the check can fail


# ---- templates only place values ----------------------------------------

HEX = re.compile(r"\b0[xX][0-9a-fA-F]+|\b0[bB][01]+\b")
ARITHMETIC = (jinja2.nodes.Add, jinja2.nodes.Sub, jinja2.nodes.Mul, jinja2.nodes.Div,
              jinja2.nodes.FloorDiv, jinja2.nodes.Mod, jinja2.nodes.Pow, jinja2.nodes.Neg)


def encodings(text: str) -> list[str]:
    """What in a template's source is an encoding or a computation: hex or
    binary literals anywhere (text, comments, expressions), and arithmetic
    in expressions. Repeating a string ("---|" * n, a Markdown table's
    rule) is layout, not arithmetic."""
    found = [f"literal {m.group()}" for m in HEX.finditer(text)]
    tree = jinja2.Environment().parse(text)
    for node in tree.find_all(ARITHMETIC):
        if isinstance(node, jinja2.nodes.Mul) and any(
                isinstance(x, jinja2.nodes.Const) and isinstance(x.value, str)
                for x in (node.left, node.right)):
            continue
        found.append(f"{type(node).__name__} at line {node.lineno}")
    return found


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.j2")), ids=lambda p: p.name)
def test_template_holds_no_encoding_and_does_no_arithmetic(template):
    assert encodings(template.read_text()) == []


@pytest.mark.parametrize("planted", [
    "#define S2_NEXT(t) ((uint64_t)(t) + 0x3u)\n",
    "/* type 0b11 */\n",
    "{{ 2 * (r.w | int) }}\n",
    "{{ a.length + b.length }}\n",
    "[{{ c.slots * c.message_size }}]\n",
])
def test_the_template_check_finds_what_it_looks_for(planted):
    assert encodings(planted)


def test_the_template_check_allows_string_repetition():
    assert encodings('|---|{{ "---|" * names | length }}\n') == []


# ---- layout returns new objects ---------------------------------------------

def _laid_out_fields(s: model.System) -> list:
    return [s.store,
            [(r.pa, r.partition is p) for p in s.partitions for r in p.regions],
            [c.pa for c in s.channels],
            [(p.image.load, p.image.entry, p.image.size, p.image.arg, p.image.elf)
             for p in s.partitions],
            [([(x.id, x.channel.name) for x in p.ports],
              [(x.intid, x.channel.name) for x in p.doorbells]) for p in s.partitions]]


STEPS = ["assign_ports", "place_memory", "place_images", "place_store"]


@pytest.mark.parametrize("step", STEPS)
def test_layout_steps_leave_their_input_alone(step):
    """Each step, given what the step before made, returns a new system
    with its decisions and leaves the one it was given as it was."""
    doc = source.load(REPO / "config" / "channels.yaml", REPO)
    b = board.load(doc.data["system"]["board"], REPO, doc.where(("system", "board")))
    s = model.build(doc, b)
    for name in STEPS:
        fn = getattr(layout, name)
        before = _laid_out_fields(s)
        out = fn(s) if name == "assign_ports" else fn(s, Diagnostics())
        if name == step:
            break
        s = out
    assert _laid_out_fields(s) == before, f"{step} changed its input"
    assert out is not s and _laid_out_fields(out) != before, f"{step} decided nothing"
    new_channels = {id(c) for c in out.channels}
    assert all(id(x.channel) in new_channels for p in out.partitions
               for x in p.ports + p.doorbells), "a port refers to an old channel"


# ---- the report runs its rules in the context it is given ---------------

def test_report_checks_a_payload_the_build_names(tmp_path):
    """A payload of the integrator's (generate --payload NAME): the report's
    image-exists check passes as the compile did."""
    text = (REPO / "config" / "channels.yaml").read_text().replace(
        "image: counter", "image: my_payload", 1)
    system = tmp_path / "system.yaml"
    system.write_text(text)
    r = run("report", str(system), "--payload", "my_payload", "-o", str(tmp_path / "r"))
    assert r.returncode == 0, r.stderr
    checks = json.loads((tmp_path / "r" / "evidence.json").read_text())["checks"]
    [image] = [c for c in checks if c["name"] == "image-exists"]
    assert image["result"] == "passed", image
