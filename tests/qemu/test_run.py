# SPDX-License-Identifier: Apache-2.0
"""./bulkhead run builds what it runs and checks a console line (issue 11).

`./bulkhead run SYSTEM` configures a build tree of its own with the kernel,
that one system and its payloads (BULKHEAD_SYSTEMS), never every test and
bench system and never Debian's Linux for a system without a Linux
partition; after an edit of the description only its generation, its
payloads and its link run again. `--until REGEX --timeout S` exits 0 on a
matching console line and 1, with the last lines, otherwise.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SYSTEM = REPO / "tests/qemu/systems/rt-alone.yaml"
FIRST_LINE = r"^\[rt\] "


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("run") / "build"


def run(build: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, BULKHEAD_BUILD=str(build))
    return subprocess.run([str(REPO / "bulkhead"), "run", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=timeout)


def test_run_builds_that_system_only(build, tmp_path):
    system = tmp_path / "rt-alone.yaml"
    shutil.copyfile(SYSTEM, system)
    r = run(build, str(system), "--until", FIRST_LINE, "--timeout", "60")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert re.search(FIRST_LINE, r.stdout, re.M), r.stdout
    trees = list((build / "run").iterdir())
    assert [t.name[:-9] for t in trees] == ["rt-alone"]
    tree = trees[0]
    assert [p.name for p in (tree / "systems").iterdir()] == ["rt-alone"]
    assert not (tree / "conformance").exists()
    assert not (build / "target" / "debian-arm64").exists()  # no Linux partition
    cache = (tree / "CMakeCache.txt").read_text()
    assert f"BULKHEAD_SYSTEMS:UNINITIALIZED={system}" in cache
    # Warnings, if any, are about this system, never another.
    out = re.sub(r"\s*\n\s*", " ", r.stdout + r.stderr)
    assert {w for w in re.findall(r"(\S+\.yaml):\d+:\d+: warning", out)} <= {str(system)}, out

    # An edit of the description: its generation, payload and link again,
    # not the kernel's objects.
    text = system.read_text().replace("duration: 2ms", "duration: 3ms")
    assert text != system.read_text()
    system.write_text(text)
    r = run(build, str(system), "--until", FIRST_LINE, "--timeout", "60")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    rebuilt = re.findall(r"Building \S+ object (\S+)", r.stdout)
    assert rebuilt, r.stdout
    kernel = [o for o in rebuilt if re.match(r"(sk|arch|partitions)/CMakeFiles/", o)]
    assert kernel == [], kernel
    assert "Linking C executable systems/rt-alone/bulkhead.elf" in r.stdout


def test_run_until_exit_status(build):
    # A name of config/ works, and --until tells a match from a miss.
    r = run(build, "demo", "--until", r"^\[sk\] schedule: ", "--timeout", "60")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "[bulkhead] matched --until '^\\[sk\\] schedule: ': [sk] schedule:" in r.stderr
    assert [t.name[:-9] for t in sorted((build / "run").iterdir())] == ["demo", "rt-alone"]

    r = run(build, "demo", "--until", "never printed", "--timeout", "3")
    assert r.returncode == 1, r.stderr
    assert "[bulkhead] --until 'never printed': no console line matched in 3 s; the " \
           "last 20 lines:" in r.stderr, r.stderr
    tail = r.stderr.split("the last 20 lines:\n", 1)[1].splitlines()
    assert len(tail) == 20 and all(line.startswith("  [") for line in tail), tail
