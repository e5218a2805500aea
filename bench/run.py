#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Bulkhead's figures: kernel size, lines of code, EL2 instruction counts, Linux boot.

Not a test: it prints what it measured, with the goal beside each figure
where the project has set one, and writes the same numbers to
<build>/bench/results.json. Instruction counts come from the bench system
(bench/bench.yaml) booted under QEMU -icount shift=0, where the PMU's
instructions-retired event filtered to EL2 is exact and repeatable.
Linux's boot time with and without Bulkhead and the traps it takes come
from bench/linux_boot.py.

    ./bulkhead bench          (builds first)
    bench/run.py --build build
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "qemu"))

from bootlog import boot  # noqa: E402

import linux_boot  # noqa: E402
import switch_bound  # noqa: E402

CROSS = "aarch64-linux-gnu-"
BENCH = re.compile(r"^BENCH (\w+) min (\d+) max (\d+) mean (\d+) median (\d+) "
                   r"samples (\d+)$")
# Goals the issues set, printed beside the figures (None: no goal yet).
GOALS = {"null_hypercall": None, "window_switch_cpu0": 500, "window_switch_cpu1": 500,
         "virq_delivery": 120, "pend_only": 60, "queuing_send_32": 120,
         "shm_read_64k_el2": 0}
# The bench system's windows (bench/bench.yaml), for the overhead figure.
WINDOW_US = 500


def section_sizes(objects: list[Path]) -> dict[str, int]:
    """Sum of .text/.rodata/.data/.bss over the kernel's object code."""
    out = subprocess.run([CROSS + "size", "-A", "-d", *map(str, objects)],
                         check=True, capture_output=True, text=True).stdout
    sums = {"text": 0, "rodata": 0, "data": 0, "bss": 0}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2 or not parts[1].isdigit():
            continue
        name, size = parts[0], int(parts[1])
        for kind in sums:
            if name == f".{kind}" or name.startswith(f".{kind}."):
                sums[kind] += size
    return sums


def image_breakdown(elf: Path) -> dict[str, int]:
    """What a linked image holds besides the kernel's code: generated
    tables, partition images, stacks, translation-table pool."""
    out = subprocess.run([CROSS + "nm", "-S", str(elf)], check=True,
                         capture_output=True, text=True).stdout
    parts = {"stage2_tables": 0, "stacks": 0, "s1_pool": 0}
    starts, ends = {}, {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4:
            size, name = int(f[1], 16), f[3]
            if re.match(r"p_\w+_s2_l\d", name):
                parts["stage2_tables"] += size
            elif name == "sk_stacks":
                parts["stacks"] += size
            elif name == "s1_pool":
                parts["s1_pool"] += size
        elif len(f) == 3:
            m = re.match(r"sk_image_(\w+)_(start|end)$", f[2])
            if m:
                (starts if m.group(2) == "start" else ends)[m.group(1)] = int(f[0], 16)
    parts["partition_images"] = sum(ends[p] - starts[p] for p in starts)
    return parts


def elf_sections(elf: Path) -> dict[str, int]:
    out = subprocess.run([CROSS + "size", "-A", "-d", str(elf)], check=True,
                         capture_output=True, text=True).stdout
    sizes = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in (".text", ".rodata", ".data", ".bss"):
            sizes[parts[0][1:]] = int(parts[1])
    return sizes


def cloc(paths: list[str], langs: str) -> dict[str, int]:
    if shutil.which("cloc") is None:
        return {}
    out = subprocess.run(["cloc", "--quiet", "--csv", f"--include-lang={langs}",
                          *paths], cwd=REPO,
                         check=True, capture_output=True, text=True).stdout
    lines = {}
    for row in csv.reader(io.StringIO(out)):
        if len(row) >= 5 and row[0].isdigit() and row[1] != "SUM":
            lines[row[1]] = int(row[4])
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=str(REPO / "build"), help="build directory")
    args = ap.parse_args()
    build = Path(args.build)
    target = build / "target"
    systems = target / "systems"
    # Boot the images of this build, not the default build's (bootlog
    # looks there through BULKHEAD_IMAGES, as the boot tests do).
    os.environ["BULKHEAD_IMAGES"] = str(systems)

    kernel_objs = [target / "libbulkhead_kernel.a", target / "sk" / "libbulkhead_lib_kernel.a"]
    for p in kernel_objs + [systems / "demo" / "bulkhead.elf", systems / "bench" / "bulkhead.elf"]:
        if not p.exists():
            print(f"{p} is missing: run ./bulkhead bench (it builds first)", file=sys.stderr)
            return 1

    results: dict = {}
    results["kernel_code_bytes"] = section_sizes(kernel_objs)
    results["demo_image_bytes"] = elf_sections(systems / "demo" / "bulkhead.elf")
    results["demo_image_parts"] = image_breakdown(systems / "demo" / "bulkhead.elf")
    results["kernel_lines"] = cloc(["sk", "arch/aarch64"], "C,C/C++ Header,Assembly")
    results["generator_lines"] = cloc(["generator"], "Python,JSON")
    results["runtime_lines"] = cloc(["partitions/lib"], "C,C/C++ Header,Assembly")

    b = boot("bench", lambda bt: "BENCH done" in bt.by("meter"), limit_s=300)
    results["el2_instructions"] = {}
    for text in b.by("meter") + b.by("listener"):
        m = BENCH.match(text)
        if m:
            results["el2_instructions"][m.group(1)] = {
                "min": int(m.group(2)), "max": int(m.group(3)),
                "mean": int(m.group(4)), "median": int(m.group(5)),
                "samples": int(m.group(6))}

    k = results["kernel_code_bytes"]
    print("Kernel code (sk/ + arch/aarch64/ + sk/lib, all systems share it), bytes:")
    print(f"  .text {k['text']}  .rodata {k['rodata']}  .data {k['data']}  .bss {k['bss']}")
    d, parts = results["demo_image_bytes"], results["demo_image_parts"]
    print("Demo image (config/demo.yaml) as linked, page-aligned sections, bytes:")
    print("  " + "  ".join(f".{s} {d.get(s, 0)}" for s in ("text", "rodata", "data", "bss")))
    print(f"  of which generated stage-2 tables {parts['stage2_tables']}, partition "
          f"images {parts['partition_images']}, CPU stacks {parts['stacks']}, "
          f"kernel translation-table pool {parts['s1_pool']}")
    for title, key in (("Kernel", "kernel_lines"), ("Generator", "generator_lines"),
                       ("Partition runtime", "runtime_lines")):
        lines = results[key]
        if lines:
            print(f"{title} lines of code (cloc): " +
                  ", ".join(f"{lang} {n}" for lang, n in sorted(lines.items())))
    print("EL2 instructions under QEMU -icount (PMU event 0x08 filtered to EL2; "
          "measurement overhead subtracted):")
    for name, s in results["el2_instructions"].items():
        goal = GOALS.get(name)
        verdict = ""
        if goal is not None:
            verdict = f"  goal <= {goal}: {'met' if s['max'] <= goal else 'NOT met'}"
        print(f"  {name:22} {s['median']:6} (min {s['min']}, max {s['max']}, mean "
              f"{s['mean']}, {s['samples']} samples){verdict}")
    lat = results["el2_instructions"].get("doorbell_latency_ticks")
    if lat:
        ns = lat["median"] * 10**9 // 62_500_000
        results["doorbell_latency_ns"] = ns
        print(f"Doorbell, ring to the reader's handler on the other CPU: {ns} ns of "
              f"virtual time (median of {lat['samples']}; under -icount, instructions "
              f"of both CPUs)")
    wr = results["el2_instructions"].get("shm_write_64k_ticks")
    if wr:
        ns = wr["median"] * 10**9 // 62_500_000
        results["shm_write_bytes_per_us"] = 65536 * 1000 // ns
        print(f"Shared memory: 64 KiB written in {ns} ns of virtual time "
              f"({65536 * 1000 // ns} bytes per us), read with no EL2 instruction")
    # Schedule overhead per window: each window costs one switch (the
    # meter's samples are whole frames of two windows, nothing else runs at
    # EL2 in between). Under -icount shift=0 one instruction is 1 ns.
    switches = [s["median"] for n, s in results["el2_instructions"].items()
                if n.startswith("window_switch")]
    if switches:
        worst = max(switches)
        share = worst / (WINDOW_US * 1000) * 100
        results["schedule_overhead_per_window"] = {
            "instructions": worst, "window_us": WINDOW_US, "percent_at_1ns": share}
        print(f"Schedule overhead per window: {worst} EL2 instructions, "
              f"{share:.3f}% of a {WINDOW_US} us window at 1 instruction per ns")

    # The window switch under attack, cold-start cost, console (issue 10).
    results["time_isolation"] = switch_bound.measure()
    switch_bound.report(results["time_isolation"])

    # Linux boot time with and without the hypervisor, and its traps.
    try:
        results["linux_boot"] = linux_boot.measure(build)
    except (linux_boot.BenchError, OSError, subprocess.SubprocessError) as e:
        print(f"run.py: error: Linux boot: {e}", file=sys.stderr)
        return 1
    linux_boot.report(results["linux_boot"])

    out = build / "bench" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"(written to {out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
