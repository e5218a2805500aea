# SPDX-License-Identifier: Apache-2.0
"""Decide what the description leaves open, deterministically.

- Physical placement of regions without a fixed address: first fit in the
  board's RAM, lowest address first, partitions and regions in the order
  written, 2 MiB alignment for regions whose size and IPA allow 2 MiB
  blocks, else 4 KiB.
- The slot table of each plan and CPU: windows sorted by offset with the
  gaps between them as idle slots, in timer ticks.
- What the kernel maps for itself (its console, the GIC, partition RAM).
"""
from __future__ import annotations

from dataclasses import dataclass

from .board import Range
from .diag import Diagnostics
from .model import Origin, Region, System, Window
from .units import format_size

PAGE = 4096
BLOCK_2M = 2 << 20


def _align_up(v: int, a: int) -> int:
    return (v + a - 1) // a * a


def _subtract(free: list[Range], used: Range) -> list[Range]:
    out = []
    for f in free:
        if not f.overlaps(used):
            out.append(f)
            continue
        if f.base < used.base:
            out.append(Range(f.base, used.base - f.base))
        if used.end < f.end:
            out.append(Range(used.end, f.end - used.end))
    return out


def place_regions(s: System, diags: Diagnostics) -> None:
    """Give every region a physical address (Region.pa)."""
    b = s.board
    free = sorted((r for _, r in b.ram), key=lambda r: r.base)
    free = _subtract(free, b.kernel_memory)
    for p in s.partitions:
        for r in p.regions:
            if r.physical is not None:
                r.pa = r.physical
                free = _subtract(free, Range(r.physical, r.size))
    for p in s.partitions:
        for r in p.regions:
            if r.pa is not None:
                continue
            block = r.size % BLOCK_2M == 0 and (r.ipa is None or r.ipa % BLOCK_2M == 0)
            align = BLOCK_2M if block else PAGE
            for f in sorted(free, key=lambda x: x.base):
                base = _align_up(f.base, align)
                if base + r.size <= f.end:
                    r.pa = base
                    free = _subtract(free, Range(base, r.size))
                    break
            else:
                left = ", ".join(f"{format_size(f.size)} at {f.base:#x}"
                                 for f in sorted(free, key=lambda x: x.base)) or "none"
                diags.error(r.origin.at("size").location,
                            f"no room in RAM for memory region '{r.name}' of "
                            f"partition '{p.name}' ({format_size(r.size)})",
                            r.origin.dotted, hint=f"free RAM: {left}")


@dataclass(frozen=True)
class Slot:
    start: int  # ticks from frame start
    end: int
    window: Window | None  # None: idle gap


def ticks(ns: int, hz: int) -> int:
    return ns * hz // 1_000_000_000


def slots(s: System, plan_name: str, cpu: int) -> list[Slot]:
    """The windows of one CPU in one plan, gaps filled with idle slots."""
    hz = s.board.timer_hz
    mf = ticks(s.schedule.major_frame, hz)
    plan = s.schedule.plan(plan_name)
    out: list[Slot] = []
    at = 0
    for w in sorted(plan.windows.get(cpu, []), key=lambda w: w.offset):
        start, end = ticks(w.offset, hz), ticks(w.end, hz)
        if start > at:
            out.append(Slot(at, start, None))
        out.append(Slot(start, end, w))
        at = end
    if at < mf:
        out.append(Slot(at, mf, None))
    return out


@dataclass(frozen=True)
class KernelMap:
    what: str
    base: int
    size: int
    kind: str  # "DEVICE" or "PARTITION"
    origin: str  # where it comes from, for the comment


def kernel_maps(s: System) -> list[KernelMap]:
    """Ranges the kernel maps for itself besides its image, in address order."""
    b = s.board
    bdoc = b.doc.display
    out = [
        KernelMap(f"console {b.console}", b.devices[b.console].mmio.base,
                  b.devices[b.console].mmio.size, "DEVICE", f"{bdoc}: kernel.console"),
        KernelMap("GIC distributor", b.gicd.base, b.gicd.size, "DEVICE",
                  f"{bdoc}: gic.distributor"),
    ]
    for cpu in s.cpus:
        c = b.cpu(cpu)
        g = b.gicr(c)
        out.append(KernelMap(f"GIC redistributor cpu{cpu}", g.base, g.size,
                             "DEVICE", f"{bdoc}: gic.redistributor"))
    for p in s.partitions:
        for r in p.regions:
            out.append(KernelMap(f"{p.name}.{r.name}", r.pa, r.size, "PARTITION",
                                 str(r.origin)))
    return sorted(out, key=lambda k: k.base)
