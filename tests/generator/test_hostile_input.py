# SPDX-License-Identifier: Apache-2.0
"""Descriptions written as a careless integrator (or an attacker) would:
whatever the YAML holds, the generator answers at once with file:line
diagnostics, never a traceback (issue 18). The per-rule fixtures are in
tests/generator/bad/; here, what needs more than one exact output: YAML's
merge keys accepted as YAML defines them, hostile YAML refused quickly,
every number of every example mutated into a decimal and past 64 bits,
and an error the generator did not foresee still reported as its own."""
from __future__ import annotations

import re
import time

import pytest
import yaml

from conftest import REPO, run

from bulkhead import cli, compiler
from bulkhead.diag import UserError

EXAMPLES = sorted((REPO / "config").glob("*.yaml"))
BASE = """version: 1
system: {name: merged, board: qemu-virt-aarch64, cpus: [0]}
partitions:
  - &part
    name: alpha
    image: counter
    memory:
      - {name: ram, size: 2MiB, ipa: 0x40000000, access: rwx}
  - <<: *part
    name: beta
schedule:
  initial_plan: normal
  major_frame: 10ms
  plans:
    normal:
      cpu0:
        - {partition: alpha, offset: 0ms, duration: 4ms}
        - {partition: beta, offset: 4ms, duration: 4ms}
"""


def test_a_merge_key_with_an_override_is_accepted(tmp_path):
    """YAML: a key written beside `<<: *template` overrides the template's."""
    path = tmp_path / "merged.yaml"
    path.write_text(BASE)
    r = run("validate", str(path))
    assert r.returncode == 0, r.stderr
    system, _ = compiler.compile_system(path)
    assert [p.name for p in system.partitions] == ["alpha", "beta"]
    assert system.partitions[1].regions[0].size == 2 << 20


def test_a_key_given_twice_explicitly_is_still_a_duplicate(tmp_path):
    path = tmp_path / "twice.yaml"
    path.write_text(BASE.replace("    name: beta\n", "    name: beta\n    name: gamma\n"))
    r = run("validate", str(path))
    assert r.returncode == 1
    assert f"{path}:11:5: error: duplicate key 'name' (partitions[1])" in r.stderr, r.stderr


@pytest.mark.parametrize("text, message", [
    ("version: 1\n" + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n"
                               for p, c in zip("abcdefg", "bcdefgh")).replace(
        "b: &b [*a", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a", 1),
     "values (counting what aliases repeat)"),
    ("version: 1\nx: " + "[" * 5000 + "]" * 5000 + "\n", "nests more than 32 levels"),
    ("version: 1\nx: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n", "nests more than 32 levels"),
])
def test_hostile_yaml_is_refused_quickly(tmp_path, text, message):
    path = tmp_path / "hostile.yaml"
    path.write_text(text)
    start = time.monotonic()
    r = run("validate", str(path))
    took = time.monotonic() - start
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert message in r.stderr and r.stderr.startswith(f"{path}:"), r.stderr
    # A bound on work, not a timing test: the bomb would take minutes.
    assert took < 20, took


def _integers(node, path=()):
    """Paths of every integer in a loaded YAML document."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _integers(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _integers(v, path + (i,))
    elif isinstance(node, int) and not isinstance(node, bool):
        yield path, node


def _set(doc, path, value):
    for part in path[:-1]:
        doc = doc[part]
    doc[path[-1]] = value


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_number_of_an_example_as_a_decimal_or_past_64_bits(example, tmp_path):
    """Mutations of every example: each integer written as a decimal
    (16.0) and as 2^64. Each is refused at the line of the number, with
    no other exception than the generator's diagnostics."""
    original = yaml.safe_load(example.read_text())
    found = list(_integers(original))
    assert found, example
    for n, (path, value) in enumerate(found):
        for shown, kind in ((f"{value}.0", "decimal"), (str(1 << 64), "64 bits")):
            doc = yaml.safe_load(example.read_text())
            _set(doc, path, f"@@{n}@@")
            text = yaml.safe_dump(doc, sort_keys=False).replace(f"'@@{n}@@'", shown)
            target = tmp_path / example.name
            target.write_text(text)
            line = next(i for i, t in enumerate(text.splitlines(), 1) if shown in t)
            try:
                compiler.compile_system(target)
            except UserError as e:
                messages = [d.format() for d in e.diagnostics]
            else:
                pytest.fail(f"{example.name}: {path} = {shown} was accepted")
            want = "is a decimal number" if kind == "decimal" else "does not fit in 64 bits"
            assert any(f":{line}:" in m and want in m for m in messages), (path, messages)


def test_an_error_the_generator_did_not_foresee_is_reported_as_its_own(
        tmp_path, monkeypatch, capsys):
    """Every exception that escapes the checks becomes one message naming
    the input and saying it is the tool's fault: no traceback."""
    path = tmp_path / "merged.yaml"
    path.write_text(BASE)

    def broken(*args, **kwargs):
        raise TypeError("unsupported operand type(s) for +: 'NoneType' and 'int'")
    monkeypatch.setattr(cli, "compile_system", broken, raising=False)
    monkeypatch.setattr(compiler, "compile_system", broken)
    status = cli.main(["validate", str(path)])
    err = capsys.readouterr().err
    assert status == 70, err
    assert "Traceback" not in err
    assert re.fullmatch(rf"{re.escape(str(path))}: error: internal error in the generator "
                        r"\(TypeError: .*\); this is the generator's fault, not necessarily "
                        r"the description's: please report it with the description\n", err), err
