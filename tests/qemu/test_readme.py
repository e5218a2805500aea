# SPDX-License-Identifier: Apache-2.0
"""Console lines README.md quotes come out, in that order, when the system
is run with the deterministic command README gives for them
(`./bulkhead run SYSTEM --icount`).

That command execs `python3 -m bulkhead qemu IMAGE --system SYSTEM
--icount`; the QEMU line it builds is checked to be the one the boot
tests use (qemu.command with icount), and the system is booted with it.

Only the Linux release in Linux's own line is not compared: Debian's
kernel is fetched at build time and not pinned yet; the lines are compared
with the release the build fetched."""
from __future__ import annotations

import re
import shlex
import subprocess

import pytest

from bootlog import REPO, Boot, boot, images_dir, model
from bulkhead import cli, qemu

README = REPO / "README.md"
COMMAND = re.compile(r"`(\./bulkhead run [^`]*--icount[^`]*)`")
RELEASE = re.compile(r"Linux \S+-cloud-arm64")
LIMIT_S = 120.0  # wall-clock; the lines come within seconds


def excerpts() -> list[tuple[str, list[str]]]:
    """(command, lines) for every block of console lines that follows a
    paragraph naming a `./bulkhead run ... --icount` command."""
    out, command, block = [], None, []
    for line in README.read_text(encoding="utf-8").splitlines() + [""]:
        if command and line.startswith("    ["):
            block.append(line[4:])
            continue
        if command and block and line == "    ...":
            continue  # lines left out
        if block:
            out.append((command, block))
            command, block = None, []
        m = COMMAND.search(line)
        if m:
            command = m.group(1)
    return out


EXCERPTS = excerpts()


def _args(command: str) -> tuple[str, list[str]]:
    """The system description and the options of `./bulkhead run ...`."""
    words = shlex.split(command)[2:]
    systems = [w for w in words if not w.startswith("-")]
    assert len(systems) == 1, command
    return systems[0], [w for w in words if w.startswith("-")]


def _masked(line: str) -> str:
    return RELEASE.sub("Linux <release>", line)


def _matched(b: Boot, lines: list[str]) -> int:
    """How many of `lines` the boot printed so far, in order ("..." in an
    excerpt stands for lines left out)."""
    want = [_masked(x) for x in lines]
    n = 0
    for raw in b.raw:
        if n < len(want) and _masked(raw) == want[n]:
            n += 1
    return n


def test_readme_gives_deterministic_commands():
    assert EXCERPTS, "README.md gives no `./bulkhead run ... --icount` for its excerpts"


@pytest.mark.parametrize("command, lines", EXCERPTS, ids=[c for c, _ in EXCERPTS])
def test_bulkhead_run_accepts_the_options(command, lines, tmp_path):
    # Before building anything, ./bulkhead run checks its options and the
    # file: a missing file is reported, an unknown option would be first.
    _, options = _args(command)
    missing = tmp_path / "none.yaml"
    r = subprocess.run([str(REPO / "bulkhead"), "run", str(missing), *options],
                       capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert r.returncode == 1, r.stderr
    assert f"no such system description: {missing}" in r.stderr, r.stderr


@pytest.mark.parametrize("command, lines", EXCERPTS, ids=[c for c, _ in EXCERPTS])
def test_readme_lines_are_what_the_command_prints(command, lines):
    system_path, options = _args(command)
    name = (REPO / system_path).stem
    image = images_dir() / name / "bulkhead.elf"
    args = cli.parser().parse_args(["qemu", str(image), "--system", system_path, *options])
    system = model(name)
    # What `./bulkhead run ... --icount` runs is the boot tests' QEMU line.
    assert qemu.command(system.board, image, args.icount, args.gdb) == \
        qemu.command(system.board, image, icount=True)
    seen: list[Boot] = []

    def all_printed(b: Boot) -> bool:
        seen[:] = [b]
        return _matched(b, lines) == len(lines)

    try:
        boot(name, all_printed, LIMIT_S)
    except AssertionError as e:
        n = _matched(seen[0], lines) if seen else 0
        raise AssertionError(f"README.md line {lines[n]!r} was not printed (the {n} "
                             f"before it were):\n{e}") from None
