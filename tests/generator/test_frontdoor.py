# SPDX-License-Identifier: Apache-2.0
"""./bulkhead run checks its options and its system before building
anything (issue 11): a wrong option is refused at once, with the accepted
form, and no build tree is made. The builds themselves are boot tests
(tests/qemu/test_run.py)."""
from __future__ import annotations

import os
import subprocess
import time

import pytest

from conftest import REPO


def bulkhead(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, BULKHEAD_BUILD=str(tmp_path / "build"))
    return subprocess.run([str(REPO / "bulkhead"), *args], env=env, cwd=REPO, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=60)


@pytest.mark.parametrize("args, message", [
    (["--timeout", "2s"], "argument --timeout: '2s' is not a number of seconds greater "
                          "than 0 (--timeout 5, --timeout 0.5)"),
    (["--timeout=0"], "argument --timeout: '0' is not a number of seconds greater than 0"),
    (["--timeout"], "--timeout needs a value: --timeout SECONDS, --until REGEX"),
    (["--until", "(x"], "argument --until: '(x' is not a regular expression (missing ), "
                        "unterminated subpattern at position 0); Python's syntax"),
    (["--gdb=70000"], "argument --gdb: '70000' is not a TCP port (1 to 65535)"),
    (["--frob"], "unknown option --frob (run takes --timeout S, --until REGEX, --icount, "
                 "--gdb [PORT])"),
    (["config/demo.yaml", "config/channels.yaml"],
     "one system at a time: 'config/demo.yaml' and 'config/channels.yaml'"),
])
def test_run_refuses_bad_options_before_building(tmp_path, args, message):
    start = time.monotonic()
    r = bulkhead(tmp_path, "run", "demo", *args) if args[0].startswith("-") else \
        bulkhead(tmp_path, "run", *args)
    assert r.returncode == 2, r.stderr
    assert message in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "build").exists()  # nothing configured, nothing built
    assert time.monotonic() - start < 10


def test_run_names_the_systems_of_config_for_an_unknown_name(tmp_path):
    r = bulkhead(tmp_path, "run", "demoo")
    assert r.returncode == 1, r.stderr
    names = ", ".join(sorted(p.stem for p in (REPO / "config").glob("*.yaml")))
    assert f"no such system description: {REPO / 'demoo'}" in r.stderr
    assert f"give a .yaml file or a name of config/: {names}" in r.stderr, r.stderr
    assert not (tmp_path / "build").exists()


def test_run_checks_the_description_before_building(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nsystem: {name: x}\n")
    r = bulkhead(tmp_path, "run", str(bad))
    assert r.returncode == 1
    assert f"{bad}:" in r.stderr and "error:" in r.stderr, r.stderr
    assert not (tmp_path / "build").exists()
