#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Seconds from `./bulkhead run` to the first partition line (issue 11).

Not a test: it prints what it measured, with the goals of issue 11 beside.
One build tree of its own (BULKHEAD_BUILD in a temporary folder) and a copy
of config/demo.yaml, booted four times in a row:

  cold     nothing built yet: configure, kernel, payloads, tables, link
  warm     everything built, nothing changed           (goal <= 2 s)
  touched  the description touched (newer, same bytes) (goal <= 4 s)
  edited   the description edited (a comment added)    (goal <= 4 s)

Each time is from starting `./bulkhead run DEMO --until ...` to reading
the first console line of a partition (not the kernel's [sk] lines) from it.

    bench/run_latency.py [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PARTITION_LINE = r"^\[(?!sk\])[a-z0-9_]+\] "
GOALS = {"cold": None, "warm": 2.0, "touched": 4.0, "edited": 4.0}


def first_partition_line(build: Path, system: Path) -> float:
    env = dict(os.environ, BULKHEAD_BUILD=str(build))
    start = time.monotonic()
    proc = subprocess.Popen([str(REPO / "bulkhead"), "run", str(system),
                             "--until", PARTITION_LINE, "--timeout", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, text=True, env=env)
    rx = re.compile(PARTITION_LINE)
    seconds = None
    for line in proc.stdout:
        if seconds is None and rx.search(line):
            seconds = time.monotonic() - start
    if proc.wait() != 0 or seconds is None:
        sys.exit(f"run_latency.py: ./bulkhead run {system} printed no partition line "
                 f"(exit status {proc.returncode})")
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="build in DIR and keep it (default: "
                    "a temporary folder, removed afterwards)")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bulkhead-run-latency-"))
    try:
        work.mkdir(parents=True, exist_ok=True)
        build, system = work / "build", work / "demo.yaml"
        shutil.copyfile(REPO / "config" / "demo.yaml", system)
        figures = {"cold": first_partition_line(build, system),
                   "warm": first_partition_line(build, system)}
        system.touch()
        os.utime(system, (time.time() + 1, time.time() + 1))
        figures["touched"] = first_partition_line(build, system)
        with system.open("a") as f:
            f.write("# edited by bench/run_latency.py\n")
        figures["edited"] = first_partition_line(build, system)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"./bulkhead run to the first partition line ({os.cpu_count()} CPUs):")
    for state, seconds in figures.items():
        goal = GOALS[state]
        mark = "" if goal is None else \
            f"   goal <= {goal:g} s: {'met' if seconds <= goal else 'MISSED'}"
        print(f"  {state:8} {seconds:6.2f} s{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
