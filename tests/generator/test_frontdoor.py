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


def test_test_passes_ctest_arguments_on(tmp_path):
    """`./bulkhead test -R PATTERN ...` configures, builds and hands every
    argument to ctest unchanged. cmake and ctest are stand-ins here that
    record how they were called (the real build is what CI runs): what is
    tested is the front door's forwarding, quoting included."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls"
    for tool in ("cmake", "ctest"):
        stub = bin_dir / tool
        stub.write_text(f"#!/bin/sh\nprintf '%s' {tool} >> {log}\n"
                        f"for a in \"$@\"; do printf ' [%s]' \"$a\" >> {log}; done\n"
                        f"echo >> {log}\n")
        stub.chmod(0o755)
    env = dict(os.environ, BULKHEAD_BUILD=str(tmp_path / "build"),
               PATH=f"{bin_dir}:/usr/bin:/bin")
    r = subprocess.run([str(REPO / "bulkhead"), "test", "-R", "^unit-(fmt|hm)$",
                        "--output-on-failure", "-j", "2"], env=env, cwd=REPO,
                       capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert r.returncode == 0, r.stderr
    calls = log.read_text().splitlines()
    build = tmp_path / "build"
    assert calls == [
        f"cmake [--preset] [default] [-B] [{build}]",
        f"cmake [--build] [{build}]",
        f"ctest [--preset] [default] [--test-dir] [{build}] [-R] [^unit-(fmt|hm)$] "
        "[--output-on-failure] [-j] [2]",
    ], calls
