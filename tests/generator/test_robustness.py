# SPDX-License-Identifier: Apache-2.0
"""Whatever the input, the generator answers with diagnostics, never a
traceback."""
from __future__ import annotations

import pytest

from conftest import REPO, run

DEMO = (REPO / "config/isolation.yaml").read_text()

CASES = {
    "empty": "",
    "comment only": "# nothing\n",
    "scalar": "42\n",
    "list": "- a\n- b\n",
    "binary": "\x00\x01\x02",
    "tab indentation": "version: 1\nsystem:\n\tname: x\n",
    "recursive alias": "a: &x [*x]\n",
    "two documents": "version: 1\n---\nversion: 1\n",
    "unknown tag": "version: !weird 1\n",
    "non-string key": "1: one\n",
    "nested key": "? [a, b]\n: c\n",
    "null partitions": DEMO.replace("partitions:\n  - name: alpha", "partitions:\n\nx:\n  - name: alpha"),
    "boolean size": DEMO.replace("size: 2MiB", "size: yes", 1),
    "huge address": DEMO.replace("physical: 0x41000000", "physical: 0x1" + "0" * 40, 1),
    "negative address": DEMO.replace("ipa: 0x40000000", "ipa: -4096", 1),
    "float offset": DEMO.replace("offset: 3ms", "offset: 3.5", 1),
    "date value": DEMO.replace("name: isolation", "name: 2024-01-01", 1),
    "deep nesting": "a: " + "[" * 100 + "]" * 100 + "\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_traceback(name, tmp_path):
    path = tmp_path / "system.yaml"
    path.write_bytes(CASES[name].encode("utf-8", "surrogateescape"))
    r = run("validate", str(path))
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr, r.stderr
    first = r.stderr.splitlines()[0]
    assert first.startswith(f"{path}:") and ": error: " in first, r.stderr


def test_missing_file():
    r = run("validate", "no/such/file.yaml")
    assert r.returncode == 1
    assert r.stderr.startswith("no/such/file.yaml: error: cannot read: No such file")


def test_many_errors_reported_together(tmp_path):
    text = DEMO.replace("duration: 3ms}", "duration: 30ms}").replace(
        "partition: hostile", "partition: nobody")
    path = tmp_path / "s.yaml"
    path.write_text(text)
    r = run("validate", str(path))
    errors = [l for l in r.stderr.splitlines() if ": error: " in l]
    assert len(errors) >= 4, r.stderr
    lines = [int(l.split(":")[1]) for l in errors]
    assert lines == sorted(lines), "diagnostics are in file order"


def test_vmid_capacity(tmp_path):
    parts = "".join(
        f"  - name: p{i}\n    image: counter\n    memory:\n"
        f"      - {{name: ram, size: 4KiB, access: rwx}}\n" for i in range(256))
    windows = "".join(
        f"        - {{partition: p{i}, offset: {i * 16}us, duration: 16us}}\n"
        for i in range(256))
    text = ("version: 1\nsystem: {name: big, board: qemu-virt-aarch64, cpus: [0]}\n"
            f"partitions:\n{parts}schedule:\n  major_frame: 4096us\n"
            f"  initial_plan: main\n  plans:\n    main:\n      cpu0:\n{windows}")
    path = tmp_path / "big.yaml"
    path.write_text(text)
    r = run("validate", str(path))
    assert r.returncode == 1
    assert r.stderr.splitlines()[0] == (
        f"{path}:4:3: error: 256 partitions need 256 VMIDs; board "
        "'qemu-virt-aarch64' has 255 (partitions)")


def test_warnings_and_werror(tmp_path):
    text = DEMO.replace("duration: 3ms}", "duration: 1ms}")
    path = tmp_path / "idle.yaml"
    path.write_text(text)
    r = run("validate", str(path))
    assert r.returncode == 0, r.stderr
    line = text.splitlines().index("      cpu0:") + 1
    assert r.stderr.splitlines() == [
        f"{path}:{line}:7: warning: cpu0 is idle 60% of the major frame in "
        "plan 'normal' (schedule.plans.normal)"]
    r = run("validate", str(path), "--werror")
    assert r.returncode == 1
    assert "1 warning(s) treated as errors (--werror)" in r.stderr
