# SPDX-License-Identifier: Apache-2.0
"""Boot a built system in QEMU under icount and read what it printed.

Every console line is "[writer] text"; a Boot collects them as (writer,
text) pairs while QEMU runs, until a condition on the lines so far holds or
a wall-clock limit passes (then the test fails, showing the last lines).
The schedule of the system comes from the generator's own model of the
YAML, so the tests check the kernel against the description, not against
numbers copied into the tests.
"""
from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "generator"))

from bulkhead import layout, qemu  # noqa: E402
from bulkhead.compiler import compile_system  # noqa: E402

LINE = re.compile(r"^\[([a-z0-9_]+)\] (.*)$")


def images_dir() -> Path:
    env = os.environ.get("BULKHEAD_IMAGES")
    return Path(env) if env else REPO / "build" / "target" / "systems"


@dataclass
class Boot:
    system: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)

    def by(self, writer: str) -> list[str]:
        return [text for who, text in self.lines if who == writer]

    def index(self, writer: str, pattern: str) -> int:
        """Position of the first line of `writer` matching `pattern`, or -1."""
        rx = re.compile(pattern)
        for i, (who, text) in enumerate(self.lines):
            if who == writer and rx.search(text):
                return i
        return -1

    def tail(self, n: int = 25) -> str:
        return "\n".join(self.raw[-n:])


def system_yaml(name: str) -> Path:
    for folder in (REPO / "config", REPO / "tests/qemu/systems", REPO / "bench",
                   images_dir().parent / "conformance"):
        path = folder / f"{name}.yaml"
        if path.is_file():
            return path
    raise FileNotFoundError(name)


def model(name: str):
    system, _ = compile_system(system_yaml(name))
    return system


# What partitions/victim prints (tests/qemu/test_timing.py, bench/
# switch_bound.py): the counter at the start of each window it gets, and
# every tenth frame what GET_STATUS(BH_STATUS_TIME) says of its time.
VICTIM_WINDOW = re.compile(r"^window (\d+) start (\d+) \(\+(\d+)\)$")
VICTIM_TIME = re.compile(r"^time late (\d+) overruns (\d+) deferred (\d+) dropped (\d+) "
                         r"switch (\d+)$")
VICTIM_TIME_KEYS = ("late", "overruns", "deferred", "dropped", "switch")
# Ticks from where the kernel times a switch (sk/exit.c, time_switch()) to
# the window gate: the rest of the return path, about 110 instructions.
SWITCH_RETURN_TICKS = 16


def victim_windows(b: "Boot", victim: str) -> list[tuple[int, int]]:
    """(frame, tick) of every window a victim reported, in order."""
    return [(int(m.group(1)), int(m.group(2)))
            for m in map(VICTIM_WINDOW.match, b.by(victim)) if m]


def victim_times(b: "Boot", victim: str) -> list[dict[str, int]]:
    """Every 'time ...' line of a victim, in order, as a dict."""
    return [dict(zip(VICTIM_TIME_KEYS, map(int, m.groups())))
            for m in map(VICTIM_TIME.match, b.by(victim)) if m]


# A payload prints this when an attack it was meant to fail succeeded.
BROKEN = "isolation is broken"

# The register dump the health monitor prints after every fault's verdict
# (sk/hm.c, docs/debugging.md): "hm: partition 'p' at EL1h: pc ... lr ...
# sp ..." and "hm: partition 'p' syndrome 0x...: EC ...".
HM_DUMP = re.compile(r"^hm: partition '[a-z0-9_]+' (at (?P<mode>EL0t|EL1t|EL1h|EL0 \(AArch32\)): "
                     r"pc (?P<pc>0x[0-9a-f]+)( \((?P<fn>\w+)\+(?P<off>0x[0-9a-f]+)\))? "
                     r"lr (?P<lr>0x[0-9a-f]+) sp (?P<sp>0x[0-9a-f]+)"
                     r"|syndrome (?P<esr>0x[0-9a-f]+): (?P<cause>EC 0x[0-9a-f]{2} .+?)"
                     r"(, far (?P<far>0x[0-9a-f]+))?(, ipa (?P<ipa>0x[0-9a-f]+))?)$")


def hm_verdicts(texts: list[str]) -> list[str]:
    """The health monitor's lines ("hm: ...") among the kernel's, without
    the register dumps after fault verdicts."""
    return [t for t in texts if t.startswith("hm: ") and not HM_DUMP.match(t)]


def boot(name: str, until, limit_s: float = 60.0,
         typing: list[tuple[str, str, str]] | None = None,
         built: tuple[Path, Path] | None = None) -> Boot:
    """Boot image `name` with -icount shift=0 and collect its lines until
    until(boot) is true. Fails at once on a kernel panic, on a partition
    reporting that an attack succeeded, or if QEMU exits; fails on a hang
    after limit_s of wall-clock time. typing: (who, regex, text) in order:
    when `who` prints a line matching regex, text is typed on the console
    (QEMU's standard input, the board's UART). built: (kernel image, its
    system description) for a system built outside the images' tree."""
    typing = list(typing or [])
    image = built[0] if built else images_dir() / name / "bulkhead.elf"
    assert image.is_file(), f"{image} is missing: build the images first"
    system = compile_system(built[1])[0] if built else model(name)
    cmd = qemu.command(system.board, image, icount=True)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if typing else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines: queue.Queue = queue.Queue()

    def reader() -> None:
        for raw in proc.stdout:
            lines.put(raw.decode("utf-8", "replace").rstrip("\r\n"))
        lines.put(None)

    threading.Thread(target=reader, daemon=True).start()
    b = Boot(name)
    deadline = time.monotonic() + limit_s
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(
                    f"{name}: no expected output within {limit_s:g} s of "
                    f"wall-clock time (a hang?). Last lines:\n{b.tail()}")
            try:
                line = lines.get(timeout=min(left, 1.0))
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError(f"{name}: QEMU exited (status "
                                     f"{proc.wait()}). Last lines:\n{b.tail()}")
            b.raw.append(line)
            m = LINE.match(line)
            if m:
                b.lines.append((m.group(1), m.group(2)))
                if m.group(1) == "sk" and "PANIC" in m.group(2):
                    raise AssertionError(f"{name}: kernel panic:\n{b.tail()}")
                if BROKEN in m.group(2):
                    raise AssertionError(f"{name}: an attack succeeded:\n{b.tail()}")
                if typing and m.group(1) == typing[0][0] and \
                        re.search(typing[0][1], m.group(2)):
                    proc.stdin.write(typing.pop(0)[2].encode())
                    proc.stdin.flush()
            if until(b):
                return b
    finally:
        proc.kill()
        proc.wait()


@dataclass(frozen=True)
class Window:
    partition: str
    start: int  # ticks from the frame start
    end: int


def windows(system, cpu: int = 0, plan: str | None = None) -> tuple[int, list[Window]]:
    """(major frame, windows) of a plan (the initial one by default) on a
    CPU, in timer ticks."""
    hz = system.board.timer_hz
    mf = layout.ticks(system.schedule.major_frame, hz)
    slots = layout.slots(system, plan or system.schedule.initial_plan, cpu)
    return mf, [Window(s.window.partition, s.start, s.end)
                for s in slots if s.window is not None]


SCHEDULE = re.compile(r"schedule: plan '(\w+)', major frame (\d+) ticks at "
                      r"(\d+) Hz, (\d+) CPU\(s\), frame 0 at tick (\d+)")


def frame_start(b: Boot) -> int:
    for who, text in b.lines:
        m = SCHEDULE.search(text) if who == "sk" else None
        if m:
            return int(m.group(5))
    raise AssertionError("the kernel did not announce the schedule")
