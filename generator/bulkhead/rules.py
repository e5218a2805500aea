# SPDX-License-Identifier: Apache-2.0
"""The semantic rules of a system description, one function per rule.

Every rule is registered in RULES, in the order they run, with the phase it
needs: "model" rules see the description as written; "layout" rules run
after the generator has placed what the description left open. All rules
run and all their findings are reported together.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .board import Range
from .diag import Diagnostics
from .model import Partition, Region, System, Window
from .units import format_size, format_time

PAGE = 4096


@dataclass(frozen=True)
class Context:
    repo: Path


@dataclass(frozen=True)
class Rule:
    name: str
    phase: str  # "model" or "layout"
    check: Callable[[System, Context, Diagnostics], None]

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip()


RULES: list[Rule] = []


def rule(name: str, phase: str = "model"):
    def register(fn):
        RULES.append(Rule(name, phase, fn))
        return fn
    return register


def run(phase: str, system: System, ctx: Context, diags: Diagnostics) -> None:
    for r in RULES:
        if r.phase == phase:
            r.check(system, ctx, diags)


def _span(base: int, size: int) -> str:
    return f"{base:#x}-{base + size - 1:#x}"


def _region_name(r: Region) -> str:
    return f"memory region '{r.name}' of partition '{r.partition.name}'"


def payloads(repo: Path) -> list[str]:
    return sorted(p.parent.name for p in (repo / "partitions").glob("*/payload.cmake"))


# --- names --------------------------------------------------------------

@rule("partition-names-unique")
def partition_names_unique(s: System, ctx: Context, d: Diagnostics) -> None:
    """Every partition has its own name."""
    seen: dict[str, Partition] = {}
    for p in s.partitions:
        if p.name in seen:
            d.error(p.origin.at("name").location,
                    f"partition name '{p.name}' is used twice",
                    p.origin.at("name").dotted,
                    hint=f"first used at line {seen[p.name].origin.location.line}")
        else:
            seen[p.name] = p


@rule("region-names-unique")
def region_names_unique(s: System, ctx: Context, d: Diagnostics) -> None:
    """Memory regions of one partition have different names."""
    for p in s.partitions:
        seen: set[str] = set()
        for r in p.regions:
            if r.name in seen:
                d.error(r.origin.at("name").location,
                        f"memory region name '{r.name}' is used twice in "
                        f"partition '{p.name}'", r.origin.at("name").dotted)
            seen.add(r.name)


# --- CPUs ---------------------------------------------------------------

@rule("cpus-on-board")
def cpus_on_board(s: System, ctx: Context, d: Diagnostics) -> None:
    """The system uses only CPUs the board has, including its boot CPU."""
    known = ", ".join(str(c.id) for c in s.board.cpus)
    for i, cpu in enumerate(s.cpus):
        if s.board.cpu(cpu) is None:
            d.error(s.doc.where(("system", "cpus", i)),
                    f"CPU {cpu} is not a CPU of board '{s.board.name}'",
                    f"system.cpus[{i}]", hint=f"board CPUs: {known}")
    if s.board.boot_cpu not in s.cpus:
        d.error(s.doc.where(("system", "cpus")),
                f"the system does not use the board's boot CPU "
                f"{s.board.boot_cpu}", "system.cpus",
                hint="the kernel starts on the boot CPU and needs it")


@rule("boot-cpu-only")
def boot_cpu_only(s: System, ctx: Context, d: Diagnostics) -> None:
    """This kernel version schedules the boot CPU only."""
    for i, cpu in enumerate(s.cpus):
        if cpu != s.board.boot_cpu and s.board.cpu(cpu) is not None:
            d.error(s.doc.where(("system", "cpus", i)),
                    f"CPU {cpu}: this kernel version schedules only the "
                    f"boot CPU (cpu{s.board.boot_cpu})", f"system.cpus[{i}]")


# --- partitions ---------------------------------------------------------

@rule("payload-exists")
def payload_exists(s: System, ctx: Context, d: Diagnostics) -> None:
    """A partition's image names a payload of partitions/."""
    known = payloads(ctx.repo)
    for p in s.partitions:
        if p.image not in known:
            d.error(p.origin.at("image").location,
                    f"unknown payload '{p.image}' (no partitions/{p.image}/"
                    "payload.cmake)", p.origin.at("image").dotted,
                    hint="payloads: " + (", ".join(known) or "none"))


@rule("vmid-capacity")
def vmid_capacity(s: System, ctx: Context, d: Diagnostics) -> None:
    """Each partition needs a VMID; VMID 0 is never used."""
    limit = (1 << s.board.vmid_bits) - 1
    if len(s.partitions) > limit:
        d.error(s.doc.where(("partitions",)),
                f"{len(s.partitions)} partitions need {len(s.partitions)} "
                f"VMIDs; board '{s.board.name}' has {limit}", "partitions")


@rule("executable-region")
def executable_region(s: System, ctx: Context, d: Diagnostics) -> None:
    """A partition has an executable region to load its image into."""
    for p in s.partitions:
        if p.load_region is None:
            d.error(p.origin.at("memory").location,
                    f"partition '{p.name}' has no executable memory region "
                    "to load its image into", p.origin.at("memory").dotted,
                    hint="give one region access rx or rwx")


# --- memory -------------------------------------------------------------

@rule("region-alignment")
def region_alignment(s: System, ctx: Context, d: Diagnostics) -> None:
    """Sizes and addresses of memory regions are multiples of 4 KiB."""
    for p in s.partitions:
        for r in p.regions:
            if r.size % PAGE:
                d.error(r.origin.at("size").location,
                        f"size of {_region_name(r)} ({r.size} B) is not a "
                        "multiple of 4 KiB", r.origin.at("size").dotted)
            for key, value in (("ipa", r.ipa), ("physical", r.physical)):
                if value is not None and value % PAGE:
                    d.error(r.origin.at(key).location,
                            f"{key} {value:#x} of {_region_name(r)} is not "
                            "4 KiB aligned", r.origin.at(key).dotted)


def _fixed(s: System) -> list[Region]:
    return [r for p in s.partitions for r in p.regions
            if r.physical is not None and r.physical % PAGE == 0]


@rule("region-in-ram")
def region_in_ram(s: System, ctx: Context, d: Diagnostics) -> None:
    """A fixed physical address lies in one RAM bank of the board."""
    banks = ", ".join(f"{n} {_span(b.base, b.size)}" for n, b in s.board.ram)
    for r in _fixed(s):
        rng = Range(r.physical, r.size)
        if not any(bank.contains(rng) for _, bank in s.board.ram):
            d.error(r.origin.at("physical").location,
                    f"{_region_name(r)} ({_span(r.physical, r.size)}) is "
                    "outside the board's RAM", r.origin.at("physical").dotted,
                    hint=f"RAM: {banks}")


def _overlap(d: Diagnostics, r: Region, what: str, other: Range,
             hint: str | None = None) -> None:
    """Report fixed region `r` if it overlaps `other`, named `what`."""
    if Range(r.physical, r.size).overlaps(other):
        d.error(r.origin.at("physical").location,
                f"{_region_name(r)} ({_span(r.physical, r.size)}) overlaps "
                f"{what} ({_span(other.base, other.size)})",
                r.origin.at("physical").dotted, hint=hint)


@rule("region-not-kernel")
def region_not_kernel(s: System, ctx: Context, d: Diagnostics) -> None:
    """No partition memory overlaps the kernel's own memory."""
    for r in _fixed(s):
        _overlap(d, r, "the kernel's memory", s.board.kernel_memory)


@rule("region-not-device")
def region_not_device(s: System, ctx: Context, d: Diagnostics) -> None:
    """No partition memory overlaps a device or the GIC."""
    for r in _fixed(s):
        for what, m in s.board.mmio():
            _overlap(d, r, what, m)


@rule("regions-disjoint")
def regions_disjoint(s: System, ctx: Context, d: Diagnostics) -> None:
    """Partitions' fixed physical regions do not overlap each other."""
    fixed = _fixed(s)
    for i, r in enumerate(fixed):
        for other in fixed[:i]:
            _overlap(d, r, _region_name(other), Range(other.physical, other.size),
                     hint=f"that region is at line {other.origin.location.line}")


@rule("ipa-in-range", phase="layout")
def ipa_in_range(s: System, ctx: Context, d: Diagnostics) -> None:
    """Every region fits the board's intermediate address space."""
    limit = 1 << s.board.ipa_bits
    for p in s.partitions:
        for r in p.regions:
            if r.final_ipa + r.size > limit:
                key = "ipa" if r.ipa is not None else "physical"
                d.error(r.origin.at(key).location,
                        f"{_region_name(r)} ends at IPA "
                        f"{r.final_ipa + r.size - 1:#x}, beyond the board's "
                        f"{s.board.ipa_bits}-bit intermediate address space",
                        r.origin.at(key).dotted)


@rule("ipa-disjoint", phase="layout")
def ipa_disjoint(s: System, ctx: Context, d: Diagnostics) -> None:
    """Regions of one partition do not overlap in its address space."""
    for p in s.partitions:
        for i, r in enumerate(p.regions):
            for other in p.regions[:i]:
                if Range(r.final_ipa, r.size).overlaps(Range(other.final_ipa, other.size)):
                    key = "ipa" if r.ipa is not None else "physical"
                    d.error(r.origin.at(key).location,
                            f"{_region_name(r)} (IPA {_span(r.final_ipa, r.size)}) "
                            f"overlaps region '{other.name}' "
                            f"(IPA {_span(other.final_ipa, other.size)}) in the "
                            "partition's address space", r.origin.at(key).dotted)


# --- schedule -----------------------------------------------------------

def _windows(s: System) -> list[Window]:
    return [w for plan in s.schedule.plans for ws in plan.windows.values() for w in ws]


@rule("initial-plan-exists")
def initial_plan_exists(s: System, ctx: Context, d: Diagnostics) -> None:
    """The initial plan is one of the plans."""
    sch = s.schedule
    if sch.plan(sch.initial_plan) is None:
        d.error(sch.origin.at("initial_plan").location,
                f"initial plan '{sch.initial_plan}' is not a plan of this "
                "schedule", sch.origin.at("initial_plan").dotted,
                hint="plans: " + ", ".join(p.name for p in sch.plans))


@rule("major-frame-positive")
def major_frame_positive(s: System, ctx: Context, d: Diagnostics) -> None:
    """The major frame lasts longer than zero."""
    if s.schedule.major_frame == 0:
        d.error(s.schedule.origin.at("major_frame").location,
                "the major frame must be longer than 0",
                s.schedule.origin.at("major_frame").dotted)


@rule("plan-cpus-used")
def plan_cpus_used(s: System, ctx: Context, d: Diagnostics) -> None:
    """Windows are given only for CPUs the system uses."""
    for plan in s.schedule.plans:
        for cpu in plan.windows:
            if cpu not in s.cpus:
                d.error(plan.origin.key_location(f"cpu{cpu}"),
                        f"cpu{cpu} is not a CPU of this system",
                        plan.origin.at(f"cpu{cpu}").dotted,
                        hint="system.cpus: " + ", ".join(map(str, s.cpus)))


@rule("window-partition-known")
def window_partition_known(s: System, ctx: Context, d: Diagnostics) -> None:
    """A window names a partition of the system."""
    names = list(dict.fromkeys(p.name for p in s.partitions))
    for w in _windows(s):
        if w.partition not in names:
            d.error(w.origin.at("partition").location,
                    f"window for unknown partition '{w.partition}'",
                    w.origin.dotted, hint="partitions: " + ", ".join(names))


@rule("window-length")
def window_length(s: System, ctx: Context, d: Diagnostics) -> None:
    """A window lasts longer than zero."""
    for w in _windows(s):
        if w.duration == 0:
            d.error(w.origin.at("duration").location,
                    f"window of '{w.partition}' has zero length",
                    w.origin.dotted)


@rule("window-in-frame")
def window_in_frame(s: System, ctx: Context, d: Diagnostics) -> None:
    """A window ends within the major frame."""
    mf = s.schedule.major_frame
    for w in _windows(s):
        if w.end > mf:
            d.error(w.origin.location,
                    f"window of '{w.partition}' ends at {format_time(w.end)}, "
                    f"after the {format_time(mf)} major frame", w.origin.dotted)


@rule("windows-disjoint")
def windows_disjoint(s: System, ctx: Context, d: Diagnostics) -> None:
    """Windows of one CPU in one plan do not overlap."""
    for plan in s.schedule.plans:
        for ws in plan.windows.values():
            for i, w in enumerate(ws):
                for other in ws[:i]:
                    if w.offset < other.end and other.offset < w.end and \
                            w.duration and other.duration:
                        d.error(w.origin.location,
                                f"window of '{w.partition}' "
                                f"({format_time(w.offset)} to {format_time(w.end)}) "
                                f"overlaps the window of '{other.partition}' "
                                f"({format_time(other.offset)} to "
                                f"{format_time(other.end)})", w.origin.dotted,
                                hint=f"that window is at line "
                                     f"{other.origin.location.line}")


@rule("time-resolution")
def time_resolution(s: System, ctx: Context, d: Diagnostics) -> None:
    """Times are whole numbers of ticks of the board's timer."""
    hz = s.board.timer_hz
    tick = f"{hz} Hz"

    def check(ns: int, key: str, origin) -> None:
        if (ns * hz) % 1_000_000_000:
            d.error(origin.at(key).location,
                    f"{key.replace('_', ' ')} {format_time(ns)} is not a whole "
                    f"number of timer ticks ({tick})", origin.at(key).dotted,
                    hint="use a multiple of "
                         f"{format_time(_tick_quantum(hz))}")

    check(s.schedule.major_frame, "major_frame", s.schedule.origin)
    for w in _windows(s):
        check(w.offset, "offset", w.origin)
        check(w.duration, "duration", w.origin)


def _tick_quantum(hz: int) -> int:
    """Smallest whole-nanosecond time that is a whole number of ticks."""
    from math import gcd
    return 1_000_000_000 // gcd(1_000_000_000, hz)


@rule("partition-scheduled")
def partition_scheduled(s: System, ctx: Context, d: Diagnostics) -> None:
    """A partition has a window in every plan (error if in none)."""
    for p in s.partitions:
        missing = [plan for plan in s.schedule.plans
                   if not any(w.partition == p.name
                              for ws in plan.windows.values() for w in ws)]
        if len(missing) == len(s.schedule.plans):
            d.error(p.origin.location,
                    f"partition '{p.name}' has no window in any plan: it "
                    "would never run", p.origin.dotted)
        else:
            for plan in missing:
                d.warning(p.origin.location,
                          f"partition '{p.name}' has no window in plan "
                          f"'{plan.name}'", p.origin.dotted)


@rule("cpu-busy")
def cpu_busy(s: System, ctx: Context, d: Diagnostics) -> None:
    """Warn when a CPU idles most of the major frame in a plan."""
    mf = s.schedule.major_frame
    if mf == 0:
        return
    for plan in s.schedule.plans:
        for cpu in [c for c in s.cpus if s.board.cpu(c) is not None]:
            busy = sum(w.duration for w in plan.windows.get(cpu, []))
            if busy * 2 < mf:
                where = plan.origin.key_location(f"cpu{cpu}") \
                    if cpu in plan.windows else plan.origin.location
                d.warning(where,
                          f"cpu{cpu} is idle {100 - busy * 100 // mf}% of the "
                          f"major frame in plan '{plan.name}'",
                          plan.origin.dotted)
