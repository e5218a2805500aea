# SPDX-License-Identifier: Apache-2.0
"""The semantic rules of a system description, one function per rule.

Every rule is registered in RULES, in the order they run, with the phase it
needs: "model" rules see the description as written; "layout" rules run
after the generator has placed what the description left open. All rules
run and all their findings are reported together. docs/configuration.md
lists them; tests/generator/bad/ has a description breaking each one.
"""
from __future__ import annotations

from dataclasses import dataclass
from math import gcd
from pathlib import Path
from typing import Callable

from . import elf, layout
from .board import Range
from .diag import Diagnostics, did_you_mean
from .model import (CONSOLE_BUDGET_MAX, CONSOLE_BUDGET_MIN, Channel, Origin,
                    Partition, Region, System, Window)
from .source import display_path
from .units import format_size, format_time

PAGE = 4096
MAX_MESSAGE = 4096
MAX_DEPTH = 1024
# Kernel memory the messages of all sampling and queuing channels may take.
CHANNEL_STORAGE_MAX = 4 << 20


@dataclass(frozen=True)
class Context:
    repo: Path
    # Payloads the build provides besides partitions/: an integrator's own,
    # from bulkhead_add_payload() (cmake/BulkheadConfig.cmake).
    payloads: tuple[str, ...] = ()


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


def _names(items) -> str:
    return ", ".join(dict.fromkeys(items)) or "none"


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


@rule("mapping-names-unique")
def mapping_names_unique(s: System, ctx: Context, d: Diagnostics) -> None:
    """A partition's memory regions, devices, MMIO ranges and shared
    channels have different names, so each can be told apart in its
    tables, device tree and report."""
    for p in s.partitions:
        seen: dict[str, tuple[str, object]] = {}
        named = [(r.name, r.origin.at("name"), "memory region", r.origin) for r in p.regions]
        named += [(g.name, g.origin, "device", g.origin) for g in p.devices]
        named += [(m.name, m.origin.at("name"), "MMIO range", m.origin) for m in p.mmio]
        named += [(c.name, c.origin.at("name"), "shared-memory channel", c.origin)
                  for c in s.channels if c.kind == "shared_memory" and p.name in c.access]
        for name, where, what, origin in named:
            if name in seen and seen[name][0] == what:
                d.error(where.location, f"{what} name '{name}' is used twice in "
                        f"partition '{p.name}'", where.dotted,
                        hint=f"the first is at line {seen[name][1].location.line}")
            elif name in seen:
                first_what, first_origin = seen[name]
                d.error(where.location,
                        f"{what} '{name}' has the same name as {first_what} "
                        f"'{name}' of partition '{p.name}'", where.dotted,
                        hint=f"that {first_what.split()[-1]} is at line "
                             f"{first_origin.location.line}; everything a partition "
                             "maps needs a name of its own")
            else:
                seen[name] = (what, origin)


@rule("channel-names-unique")
def channel_names_unique(s: System, ctx: Context, d: Diagnostics) -> None:
    """Every channel has its own name."""
    seen: dict[str, Channel] = {}
    for c in s.channels:
        if c.name in seen:
            d.error(c.origin.at("name").location,
                    f"channel name '{c.name}' is used twice", c.origin.at("name").dotted,
                    hint=f"first used at line {seen[c.name].origin.location.line}")
        else:
            seen[c.name] = c


# --- CPUs ---------------------------------------------------------------

@rule("cpus-on-board")
def cpus_on_board(s: System, ctx: Context, d: Diagnostics) -> None:
    """The system uses only CPUs the board has, and lists the board's boot
    CPU first (the kernel starts on it)."""
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
    elif s.cpus[0] != s.board.boot_cpu:
        d.error(s.doc.where(("system", "cpus", 0)),
                f"the system's first CPU is {s.cpus[0]}, not the board's boot "
                f"CPU {s.board.boot_cpu}", "system.cpus[0]",
                hint=f"the kernel starts on the first CPU listed; list CPU "
                     f"{s.board.boot_cpu} first")


@rule("vcpus-on-system-cpus")
def vcpus_on_system_cpus(s: System, ctx: Context, d: Diagnostics) -> None:
    """Every vCPU is pinned to a CPU the system uses."""
    for p in s.partitions:
        for i, cpu in enumerate(p.vcpus):
            if cpu not in s.cpus:
                what = "which the system does not use" if s.board.cpu(cpu) \
                    else f"which board '{s.board.name}' does not have"
                d.error(p.origin.at("vcpus", i).location,
                        f"vCPU {i} of partition '{p.name}' is pinned to CPU {cpu}, "
                        f"{what}", p.origin.at("vcpus", i).dotted,
                        hint="system.cpus: " + ", ".join(map(str, s.cpus)))


# --- partitions ---------------------------------------------------------

def _an(word: str) -> str:
    """'an elf', 'a payload'."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


# The keys each image format takes (besides format).
IMAGE_KEYS = {"elf": ("file",), "binary": ("file",),
              "linux": ("kernel", "initramfs", "bootargs")}
IMAGE_REQUIRED = {"elf": ("file",), "binary": ("file",), "linux": ("kernel",)}


@rule("image-fields")
def image_fields(s: System, ctx: Context, d: Diagnostics) -> None:
    """An image file (elf, binary) names its file; a linux image names its
    kernel, and may name an initramfs and a command line; neither takes the
    other's keys."""
    for p in s.partitions:
        img = p.image
        spec = s.doc.get(img.origin.path)
        if img.format == "payload" or not isinstance(spec, dict):
            continue
        for key in spec:
            if key != "format" and key not in IMAGE_KEYS[img.format]:
                d.error(img.origin.key_location(key),
                        f"'{key}' is not a key of {_an(img.format)} image",
                        img.origin.at(key).dotted,
                        hint=f"{_an(img.format)} image takes: format, "
                             + ", ".join(IMAGE_KEYS[img.format]))
        for key in IMAGE_REQUIRED[img.format]:
            if key not in spec:
                d.error(img.origin.location,
                        f"{_an(img.format)} image needs '{key}'", img.origin.dotted,
                        hint={"file": "the path of the image file, relative to the "
                                      "system description",
                              "kernel": "kernel: debian (Debian's arm64 kernel, fetched "
                                        "by the build) or the path of an arm64 Image"}[key])


@rule("console-input")
def console_input(s: System, ctx: Context, d: Diagnostics) -> None:
    """Console input goes to a partition of the system that has an
    emulated PL011 (console: pl011), and the board's console can
    interrupt when it receives."""
    name = s.console_input
    if name is None:
        return
    where = s.doc.where(("system", "console_input"))
    p = s.partition(name)
    if p is None:
        d.error(where, f"console input goes to '{name}', which is not a partition"
                f"{did_you_mean(name, (q.name for q in s.partitions))}",
                "system.console_input",
                hint="partitions: " + ", ".join(q.name for q in s.partitions))
    elif not p.vuart:
        d.error(where, f"console input goes to '{name}', which has no emulated PL011",
                "system.console_input",
                hint=f"give partition '{name}' console: pl011")
    elif not s.board.devices[s.board.console].irqs:
        d.error(where, f"the board's console '{s.board.console}' has no interrupt",
                "system.console_input",
                hint="the kernel takes console input on the console's interrupt: "
                     "give the device its irqs in the board description")


@rule("console-budget")
def console_budget(s: System, ctx: Context, d: Diagnostics) -> None:
    """A partition's console budget is 256 B to 1 MiB per major frame."""
    for p in s.partitions:
        o = p.console_budget_origin
        if o is not None and not CONSOLE_BUDGET_MIN <= p.console_budget <= CONSOLE_BUDGET_MAX:
            d.error(o.location,
                    f"console budget {format_size(p.console_budget)} of partition "
                    f"'{p.name}' is out of range: {format_size(CONSOLE_BUDGET_MIN)} to "
                    f"{format_size(CONSOLE_BUDGET_MAX)} per major frame", o.dotted,
                    hint="the budget is what its own console lines and the "
                         "kernel's lines about it may take in one major frame")


def _image_files(img) -> list[tuple[Path, str]]:
    """The files an image names, with the key naming each."""
    if img.format in ("elf", "binary"):
        return [(img.file, "file")] if img.file is not None else []
    if img.format == "linux":
        return [(f, key) for f, key in ((img.kernel, "kernel"), (img.initramfs, "initramfs"))
                if isinstance(f, Path)]
    return []


@rule("image-exists")
def image_exists(s: System, ctx: Context, d: Diagnostics) -> None:
    """A partition's image is a payload of partitions/ or readable files."""
    known = sorted({*payloads(ctx.repo), *ctx.payloads})
    for p in s.partitions:
        img = p.image
        if img.format == "payload" and img.payload not in known:
            d.error(img.origin.location,
                    f"unknown payload '{img.payload}' (no partitions/{img.payload}/"
                    f"payload.cmake){did_you_mean(img.payload, known)}", img.origin.dotted,
                    hint="payloads: " + _names(known))
        for path, key in _image_files(img):
            if not path.is_file():
                d.error(img.origin.at(key).location,
                        f"{'image' if key == 'file' else key} file "
                        f"{display_path(path, ctx.repo)} "
                        f"{'is a directory' if path.is_dir() else 'does not exist'}",
                        img.origin.at(key).dotted,
                        hint="the path is relative to the system description")


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


@rule("devices-known")
def devices_known(s: System, ctx: Context, d: Diagnostics) -> None:
    """A partition names only devices of the board."""
    for p in s.partitions:
        for g in p.devices:
            if g.device is None:
                grantable = [n for n in s.board.devices if n != s.board.console]
                d.error(g.origin.location,
                        f"unknown device '{g.name}' (board '{s.board.name}')"
                        f"{did_you_mean(g.name, grantable)}",
                        g.origin.dotted, hint="devices: " + _names(grantable))


@rule("device-owner")
def device_owner(s: System, ctx: Context, d: Diagnostics) -> None:
    """A device belongs to one partition at most, and never to one if the
    kernel keeps it."""
    owner: dict[str, Partition] = {}
    for p in s.partitions:
        for g in p.devices:
            if g.name == s.board.console:
                d.error(g.origin.location,
                        f"device '{g.name}' belongs to the kernel (its console)",
                        g.origin.dotted)
            elif g.name in owner and owner[g.name] is not p:
                d.error(g.origin.location,
                        f"device '{g.name}' is given to partition '{p.name}' and "
                        f"to partition '{owner[g.name].name}'", g.origin.dotted)
            owner.setdefault(g.name, p)


def _refused_devices(s: System) -> set[tuple[str, str]]:
    """(partition, device) grants that device-owner refuses: their
    interrupts are not reported again."""
    refused = set()
    owner: dict[str, str] = {}
    for p in s.partitions:
        for g in p.devices:
            if g.name == s.board.console or owner.get(g.name, p.name) != p.name:
                refused.add((p.name, g.name))
            owner.setdefault(g.name, p.name)
    return refused


@rule("irq-owner")
def irq_owner(s: System, ctx: Context, d: Diagnostics) -> None:
    """An interrupt belongs to one owner, the kernel or one partition, and
    is given to it once; it is not one of the partition's doorbell
    numbers."""
    kernel = {o.intid: o.why for o in layout.irq_owners(s) if o.owner == layout.KERNEL}
    refused = _refused_devices(s)
    seen: dict[int, tuple[str, str]] = {}
    for p in s.partitions:
        doorbells = {db.intid: db.channel.name for db in p.doorbells}
        for g in p.irqs:
            if g.source.startswith("device '") and \
                    (p.name, g.source[8:-1]) in refused:
                continue  # device-owner says it already
            if g.intid in kernel:
                d.error(g.origin.location,
                        f"interrupt {g.intid} ({g.source}) belongs to the kernel "
                        f"({kernel[g.intid]})", g.origin.dotted)
            elif g.intid in seen and seen[g.intid][0] != p.name:
                other, source = seen[g.intid]
                d.error(g.origin.location,
                        f"interrupt {g.intid} ({g.source}) is given to partition "
                        f"'{p.name}' and to partition '{other}' ({source})",
                        g.origin.dotted)
            elif g.intid in seen:
                d.error(g.origin.location,
                        f"interrupt {g.intid} ({g.source}) is given to partition "
                        f"'{p.name}' twice, also by {seen[g.intid][1]}",
                        g.origin.dotted)
            if g.intid in doorbells:
                d.error(g.origin.location,
                        f"interrupt {g.intid} ({g.source}) of partition '{p.name}' "
                        "is also the virtual interrupt of its doorbell for channel "
                        f"'{doorbells[g.intid]}'", g.origin.dotted,
                        hint=f"doorbells are virtual interrupts {layout.DOORBELL_BASE} "
                             f"and up; route only interrupts below "
                             f"{layout.DOORBELL_BASE}")
            seen.setdefault(g.intid, (p.name, g.source))


@rule("mmio-range")
def mmio_range(s: System, ctx: Context, d: Diagnostics) -> None:
    """Raw MMIO is 4 KiB aligned, within the board's physical address space,
    and is neither RAM, the kernel's, the GIC, a board device, nor another
    partition's MMIO."""
    taken: list[tuple[str, Range, str]] = [
        (f"RAM '{n}'", r, "RAM is given as memory regions, or shared by a "
                          "shared_memory channel") for n, r in s.board.ram]
    for what, r in s.board.mmio():
        hint = "the GIC belongs to the kernel" if "GIC" in what else \
            "give a board device by name under 'devices'"
        taken.append((what, r, hint))
    limit = 1 << s.board.pa_bits
    for p in s.partitions:
        for m in p.mmio:
            rng = Range(m.physical, m.size)
            name = f"MMIO range '{m.name}' of partition '{p.name}'"
            where = m.origin.at("physical")
            aligned = True
            for key, value in (("physical", m.physical), ("ipa", m.ipa)):
                if value is not None and value % PAGE:
                    aligned = False
                    d.error(m.origin.at(key).location, f"{key} {value:#x} of {name} "
                            "is not 4 KiB aligned", m.origin.at(key).dotted)
            if m.size % PAGE:
                aligned = False
                d.error(m.origin.at("size").location, f"size of {name} ({m.size} B) "
                        "is not a multiple of 4 KiB", m.origin.at("size").dotted)
            if rng.end > limit:
                d.error(where.location, f"{name} ({_span(m.physical, m.size)}) is "
                        f"beyond the board's {s.board.pa_bits}-bit physical address "
                        "space", where.dotted)
            for what, other, hint in taken:
                if rng.overlaps(other):
                    d.error(where.location,
                            f"{name} ({_span(m.physical, m.size)}) overlaps {what} "
                            f"({_span(other.base, other.size)})", where.dotted,
                            hint=hint)
            if aligned:
                taken.append((name, rng, f"that is at line {m.origin.location.line}; "
                                         "an MMIO range belongs to one partition"))


# --- memory -------------------------------------------------------------

def _placed(s: System):
    """(what, origin, size, physical-or-None, ipas) of everything in RAM."""
    for p in s.partitions:
        for r in p.regions:
            yield _region_name(r), r.origin, r.size, r.physical, \
                [r.ipa] if r.ipa is not None else []
    for c in s.channels:
        if c.kind == "shared_memory":
            yield f"shared-memory channel '{c.name}'", c.origin, c.size, \
                c.physical, list(c.ipa.values())


@rule("memory-alignment")
def memory_alignment(s: System, ctx: Context, d: Diagnostics) -> None:
    """Sizes and addresses of memory regions and shared-memory channels, and
    the addresses devices are mapped at, are multiples of 4 KiB."""
    for what, origin, size, physical, _ in _placed(s):
        if size % PAGE:
            d.error(origin.at("size").location, f"size of {what} ({size} B) is "
                    "not a multiple of 4 KiB", origin.at("size").dotted)
        if physical is not None and physical % PAGE:
            d.error(origin.at("physical").location, f"physical {physical:#x} of "
                    f"{what} is not 4 KiB aligned", origin.at("physical").dotted)
    for p in s.partitions:
        for r in p.regions:
            if r.ipa is not None and r.ipa % PAGE:
                d.error(r.origin.at("ipa").location, f"ipa {r.ipa:#x} of "
                        f"{_region_name(r)} is not 4 KiB aligned", r.origin.at("ipa").dotted)
        for g in p.devices:
            if g.ipa is not None and g.ipa % PAGE:
                d.error(g.origin.at("ipa").location, f"ipa {g.ipa:#x} of device "
                        f"'{g.name}' is not 4 KiB aligned", g.origin.at("ipa").dotted)
    for c in s.channels:
        for name, ipa in c.ipa.items():
            if ipa % PAGE:
                d.error(c.origin.at("ipa", name).location, f"ipa {ipa:#x} of "
                        f"shared-memory channel '{c.name}' for partition '{name}' is "
                        "not 4 KiB aligned", c.origin.at("ipa", name).dotted)


def _fixed(s: System):
    for what, origin, size, physical, _ in _placed(s):
        if physical is not None and physical % PAGE == 0:
            yield what, origin, Range(physical, size)


def _overlap(d: Diagnostics, what: str, origin, rng: Range, other_what: str,
             other: Range, hint: str | None = None) -> None:
    if rng.overlaps(other):
        d.error(origin.at("physical").location,
                f"{what} ({_span(rng.base, rng.size)}) overlaps {other_what} "
                f"({_span(other.base, other.size)})", origin.at("physical").dotted,
                hint=hint)


@rule("memory-in-ram")
def memory_in_ram(s: System, ctx: Context, d: Diagnostics) -> None:
    """A fixed physical address lies in one RAM bank of the board."""
    banks = ", ".join(f"{n} {_span(b.base, b.size)}" for n, b in s.board.ram)
    for what, origin, rng in _fixed(s):
        if not any(bank.contains(rng) for _, bank in s.board.ram):
            d.error(origin.at("physical").location,
                    f"{what} ({_span(rng.base, rng.size)}) is outside the "
                    "board's RAM", origin.at("physical").dotted, hint=f"RAM: {banks}")


@rule("memory-not-kernel")
def memory_not_kernel(s: System, ctx: Context, d: Diagnostics) -> None:
    """No partition memory overlaps the kernel's own memory."""
    for what, origin, rng in _fixed(s):
        _overlap(d, what, origin, rng, "the kernel's memory", s.board.kernel_memory)


@rule("memory-not-device")
def memory_not_device(s: System, ctx: Context, d: Diagnostics) -> None:
    """No partition memory overlaps a device or the GIC."""
    for what, origin, rng in _fixed(s):
        for dev, m in s.board.mmio():
            _overlap(d, what, origin, rng, dev, m)


@rule("memory-disjoint")
def memory_disjoint(s: System, ctx: Context, d: Diagnostics) -> None:
    """Fixed regions and shared-memory channels do not overlap each other:
    memory is shared only by declaring a shared-memory channel."""
    fixed = list(_fixed(s))
    for i, (what, origin, rng) in enumerate(fixed):
        for other_what, other_origin, other in fixed[:i]:
            if "channel" in what or "channel" in other_what:
                advice = "leave out 'physical' and the generator places it in free RAM"
            else:
                advice = "to share memory, declare a shared_memory channel"
            _overlap(d, what, origin, rng, other_what, other,
                     hint=f"that is at line {other_origin.location.line}; {advice}")


@rule("ipa-in-range", phase="layout")
def ipa_in_range(s: System, ctx: Context, d: Diagnostics) -> None:
    """Everything a partition maps fits the board's intermediate address
    space."""
    limit = 1 << s.board.ipa_bits
    for p in s.partitions:
        for m in layout.mappings(s, p):
            if m.ipa + m.size > limit:
                d.error(m.where.location,
                        f"{m.what} '{m.name}' of partition '{p.name}' ends at IPA "
                        f"{m.ipa + m.size - 1:#x}, beyond the board's "
                        f"{s.board.ipa_bits}-bit intermediate address space",
                        m.where.dotted)


@rule("ipa-disjoint", phase="layout")
def ipa_disjoint(s: System, ctx: Context, d: Diagnostics) -> None:
    """Nothing overlaps in a partition's own address space."""
    for p in s.partitions:
        maps = layout.mappings(s, p)
        for i, m in enumerate(maps):
            for other in maps[:i]:
                if Range(m.ipa, m.size).overlaps(Range(other.ipa, other.size)):
                    d.error(m.where.location,
                            f"{m.what} '{m.name}' of partition '{p.name}' "
                            f"(IPA {_span(m.ipa, m.size)}) overlaps {other.what} "
                            f"'{other.name}' (IPA {_span(other.ipa, other.size)}) in "
                            "the partition's address space", m.where.dotted)


@rule("ipa-not-gic", phase="layout")
def ipa_not_gic(s: System, ctx: Context, d: Diagnostics) -> None:
    """Nothing a partition maps is where its virtual GIC appears: the
    distributor and its vCPUs' redistributors, at the board's addresses;
    nor, with console pl011, where its emulated PL011 is: at the board
    console's address."""
    names = {"gicd": "GIC distributor", "gicr": "GIC redistributors",
             "pl011": "PL011 console"}
    for p in s.partitions:
        gic = [(names[e.kind], Range(e.ipa, e.size)) for e in layout.emulated_devices(s, p)]
        for m in layout.mappings(s, p):
            for what, r in gic:
                if Range(m.ipa, m.size).overlaps(r):
                    d.error(m.where.location,
                            f"{m.what} '{m.name}' of partition '{p.name}' "
                            f"(IPA {_span(m.ipa, m.size)}) overlaps the virtual "
                            f"{what} it sees at IPA {_span(r.base, r.size)}",
                            m.where.dotted,
                            hint="a partition sees its GIC (and its PL011 console) "
                                 "at the board's addresses; map it elsewhere")


# Where a linux image's parts go in its load region (arm64 boot protocol,
# Documentation/arch/arm64/booting.rst): the device tree at the start, the
# kernel Image at the next 2 MiB boundary, the initramfs after the kernel's
# image_size (placed by the build, which knows it).
LINUX_MIN_REGION = 16 << 20


@rule("linux-region", phase="layout")
def linux_region(s: System, ctx: Context, d: Diagnostics) -> None:
    """A linux image loads into a read-write-execute region of at least
    16 MiB whose IPA is 2 MiB-aligned: the kernel must start 2 MiB-aligned
    and writes all of its memory."""
    for p in s.partitions:
        r = p.load_region
        if p.image.format != "linux" or r is None:
            continue
        where = r.origin.at("ipa" if r.ipa is not None else "size")
        if r.access != "rwx":
            d.error(r.origin.at("access").location,
                    f"region '{r.name}' of partition '{p.name}' is {r.access}; "
                    "Linux needs its memory rwx", r.origin.at("access").dotted)
        if r.final_ipa % (2 << 20):
            d.error(where.location,
                    f"region '{r.name}' of partition '{p.name}' is at IPA "
                    f"{r.final_ipa:#x}; a Linux kernel needs a 2 MiB-aligned one",
                    where.dotted, hint="give the region a 2 MiB-aligned ipa")
        if r.size < LINUX_MIN_REGION:
            d.error(r.origin.at("size").location,
                    f"region '{r.name}' of partition '{p.name}' has "
                    f"{format_size(r.size)}; a Linux partition needs at least "
                    f"{format_size(LINUX_MIN_REGION)}", r.origin.at("size").dotted)


@rule("image-fits", phase="layout")
def image_fits(s: System, ctx: Context, d: Diagnostics) -> None:
    """An image file fits an executable region of its partition: a binary
    file from the region's start, every loadable segment of an ELF file in
    the executable region its lowest segment is in (the kernel copies an
    image into one region)."""
    for p in s.partitions:
        img = p.image
        if img.format == "payload" or img.load is None or img.size is None:
            continue  # payloads are checked when they are linked
        where = img.origin.at("file")
        executable = ", ".join(f"'{r.name}' {format_size(r.size)} at IPA {r.final_ipa:#x}"
                               for r in p.regions if r.executable) or "none"
        if img.elf is None:
            if _elf_home(p, img.load, img.size) is None:
                d.error(where.location,
                        f"image {img.file.name} ({format_size(img.size)} at IPA "
                        f"{img.load:#x}) does not fit an executable region of "
                        f"partition '{p.name}'", where.dotted,
                        hint=f"executable regions: {executable}")
            continue
        home = _elf_home(p, img.load, 1)
        for seg in img.elf.segments:
            text = seg.describe(img.file.name)
            if home is None:
                d.error(where.location, f"{text} is in no executable region of partition "
                        f"'{p.name}'", where.dotted, hint=f"executable regions: {executable}")
                break
            if not Range(home.final_ipa, home.size).contains(Range(seg.ipa, seg.memory_size)):
                d.error(where.location,
                        f"{text} is outside region '{home.name}' "
                        f"(IPA {_span(home.final_ipa, home.size)}), which holds the image",
                        where.dotted,
                        hint="the kernel loads every segment of an ELF file into the "
                             "executable region its lowest segment is in")


def _elf_home(p: Partition, ipa: int, size: int) -> Region | None:
    """The executable region of p that holds `size` bytes at `ipa`."""
    return next((r for r in p.regions if r.executable and
                 Range(r.final_ipa, r.size).contains(Range(ipa, size))), None)


@rule("elf-segments", phase="layout")
def elf_segments(s: System, ctx: Context, d: Diagnostics) -> None:
    """The loadable segments of an ELF image do not overlap, need no access
    their region does not give (a writable and executable segment needs an
    rwx region), and the entry point is in an executable segment."""
    for p in s.partitions:
        img = p.image
        if img.elf is None:
            continue
        where = img.origin.at("file")
        name = img.file.name
        for a, b in elf.overlaps(img.elf):
            d.error(where.location,
                    f"segments {a.index} and {b.index} of {name} overlap: "
                    f"IPA {_span(a.ipa, a.memory_size)} and {_span(b.ipa, b.memory_size)}",
                    where.dotted)
        home = _elf_home(p, img.load, 1)
        for seg in img.elf.segments if home is not None else ():
            missing = "".join(c for c in seg.access if c not in home.access)
            if not missing:
                continue
            if "w" in seg.access and "x" in seg.access:
                why = "is writable and executable"
            else:
                why = "needs " + " and ".join({"r": "read", "w": "write",
                                               "x": "execute"}[c] for c in missing)
            d.error(where.location,
                    f"{seg.describe(name)} {why}, which region '{home.name}' "
                    f"({home.access}) forbids", where.dotted,
                    hint=f"give region '{home.name}' access {_access_union(home.access, seg.access)}, "
                         "or link the image without such a segment")
        entry = next((x for x in img.elf.segments
                      if x.flags & elf.PF_X and x.ipa <= img.entry < x.end), None)
        if entry is None:
            d.error(where.location,
                    f"image {name} starts executing at IPA {img.entry:#x}, which is in "
                    "no executable segment (" + ", ".join(
                        f"segment {x.index} {_span(x.ipa, x.memory_size)} {x.access}"
                        for x in img.elf.segments) + ")", where.dotted)


def _access_union(a: str, b: str) -> str:
    return "".join(c for c in "rwx" if c in a or c in b)


@rule("list-registers", phase="layout")
def list_registers(s: System, ctx: Context, d: Diagnostics) -> None:
    """A partition receives no more kinds of virtual interrupt (its devices'
    and raw interrupts, doorbells, its emulated PL011's, its virtual timer,
    and its SGIs, which share one) than the board's GIC has list registers:
    each stays pending in hardware, never queued."""
    for p in s.partitions:
        need = len(p.irqs) + len(p.doorbells) + int(p.vuart) + int(p.sgis) + 1
        if need > s.board.list_registers:
            uart = ", 1 PL011" if p.vuart else ""
            sgis = ", 1 for SGIs" if p.sgis else ""
            d.error(p.origin.location,
                    f"partition '{p.name}' needs {need} virtual interrupts "
                    f"({len(p.irqs)} device, {len(p.doorbells)} doorbell{uart}{sgis}, 1 timer); "
                    f"the board's GIC has {s.board.list_registers} list registers",
                    p.origin.dotted,
                    hint="give a device or a doorbell to another partition")


# --- channels -----------------------------------------------------------

def _endpoint_refs(c: Channel):
    """(partition name, origin of the reference) of every endpoint."""
    if c.kind == "shared_memory":
        for name in c.access:
            yield name, c.origin.at("access", name)
        for name in c.ipa:
            yield name, c.origin.at("ipa", name)
        return
    yield c.writer, c.origin.at("writer")
    if c.kind == "sampling":
        for i, name in enumerate(c.readers):
            yield name, c.origin.at("readers", i)
    else:
        yield c.readers[0], c.origin.at("reader")


@rule("channel-endpoints")
def channel_endpoints(s: System, ctx: Context, d: Diagnostics) -> None:
    """A channel's endpoints are partitions of the system, and a shared
    region's addresses are given only for partitions that map it."""
    names = [p.name for p in s.partitions]
    for c in s.channels:
        for name, origin in _endpoint_refs(c):
            if name not in names:
                d.error(origin.location, f"channel '{c.name}' names unknown "
                        f"partition '{name}'{did_you_mean(name, names)}", origin.dotted,
                        hint="partitions: " + _names(names))
            elif c.kind == "shared_memory" and origin.path[-2] == "ipa" and \
                    name not in c.access:
                d.error(origin.location, f"channel '{c.name}' gives an address for "
                        f"partition '{name}', which has no access to it", origin.dotted,
                        hint="partitions with access: " + _names(c.access))


@rule("channel-direction")
def channel_direction(s: System, ctx: Context, d: Diagnostics) -> None:
    """A channel's writer does not read it, and someone writes it."""
    for c in s.channels:
        if c.kind == "sampling" and c.writer in c.readers:
            i = c.readers.index(c.writer)
            d.error(c.origin.at("readers", i).location,
                    f"partition '{c.writer}' writes channel '{c.name}' and reads it",
                    c.origin.at("readers", i).dotted)
        elif c.kind == "queuing" and c.writer == c.readers[0]:
            d.error(c.origin.at("reader").location,
                    f"partition '{c.writer}' writes channel '{c.name}' and reads it",
                    c.origin.at("reader").dotted)
        elif c.kind == "shared_memory" and not c.writers():
            d.error(c.origin.at("access").location,
                    f"no partition may write shared-memory channel '{c.name}'",
                    c.origin.at("access").dotted, hint="give one partition rw")


@rule("channel-sizes")
def channel_sizes(s: System, ctx: Context, d: Diagnostics) -> None:
    """Messages are 1 B to 4 KiB; a queue holds 1 to 1024 of them; a
    sampling message stays valid for longer than 0."""
    for c in s.channels:
        if c.kind in ("sampling", "queuing") and not 1 <= c.message_size <= MAX_MESSAGE:
            d.error(c.origin.at("message_size").location,
                    f"message size {format_size(c.message_size)} of channel "
                    f"'{c.name}' is out of range: 1 B to 4 KiB",
                    c.origin.at("message_size").dotted)
        if c.kind == "sampling" and c.refresh == 0:
            d.error(c.origin.at("refresh").location,
                    f"refresh 0 ms of channel '{c.name}' is out of range: a message "
                    "would never be valid", c.origin.at("refresh").dotted,
                    hint="give the longest time a message stays valid, longer than 0")
        if c.kind == "queuing" and not 1 <= c.depth <= MAX_DEPTH:
            d.error(c.origin.at("depth").location,
                    f"depth {c.depth} of channel '{c.name}' is out of range: "
                    f"1 to {MAX_DEPTH} messages", c.origin.at("depth").dotted)


@rule("channel-storage")
def channel_storage(s: System, ctx: Context, d: Diagnostics) -> None:
    """The kernel keeps every message of sampling and queuing channels in
    its own memory: 4 MiB at most in all."""
    def stored(c) -> int:
        if not 1 <= c.message_size <= MAX_MESSAGE:
            return 0  # channel-sizes says what is wrong
        if c.kind == "sampling":
            return c.message_size
        if c.kind == "queuing" and 1 <= c.depth <= MAX_DEPTH:
            return c.message_size * c.depth
        return 0
    sized = [(stored(c), c) for c in s.channels]
    total = sum(n for n, _ in sized)
    if total > CHANNEL_STORAGE_MAX:
        n, c = max(sized, key=lambda t: t[0])
        d.error(c.origin.location,
                f"channels need {format_size(total)} of kernel memory for their "
                f"messages, more than {format_size(CHANNEL_STORAGE_MAX)}; the "
                f"largest is '{c.name}' ({format_size(n)})", c.origin.dotted,
                hint="fewer or smaller messages, or a shared-memory channel "
                     "for bulk data")


@rule("channel-doorbell")
def channel_doorbell(s: System, ctx: Context, d: Diagnostics) -> None:
    """Only queuing and shared-memory channels can ring a doorbell, and a
    shared-memory doorbell needs a read-only partition to ring."""
    for c in s.channels:
        if not c.doorbell:
            continue
        where = c.origin.at("doorbell")
        if c.kind == "sampling":
            d.error(where.location, f"sampling channel '{c.name}' cannot have a "
                    "doorbell", where.dotted,
                    hint="a sampling port is read when the reader chooses; use a "
                         "queuing channel to be told of each message")
        elif c.kind == "shared_memory" and not c.receivers():
            d.error(where.location, f"the doorbell of channel '{c.name}' has no "
                    "partition to ring", where.dotted,
                    hint="writers (rw) ring readers (ro)")


# --- schedule -----------------------------------------------------------

def _windows(s: System) -> list[Window]:
    return [w for plan in s.schedule.plans for ws in plan.windows.values() for w in ws]


@rule("initial-plan-exists")
def initial_plan_exists(s: System, ctx: Context, d: Diagnostics) -> None:
    """The initial plan is one of the plans."""
    sch = s.schedule
    if sch.plan(sch.initial_plan) is None:
        d.error(sch.origin.at("initial_plan").location,
                f"initial plan '{sch.initial_plan}' is not a plan of this schedule"
                f"{did_you_mean(sch.initial_plan, (p.name for p in sch.plans))}",
                sch.origin.at("initial_plan").dotted,
                hint="plans: " + _names(p.name for p in sch.plans))


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
    names = [p.name for p in s.partitions]
    for w in _windows(s):
        if w.partition not in names:
            d.error(w.origin.at("partition").location,
                    f"window for unknown partition '{w.partition}'"
                    f"{did_you_mean(w.partition, names)}",
                    w.origin.dotted, hint="partitions: " + _names(names))


@rule("window-vcpu")
def window_vcpu(s: System, ctx: Context, d: Diagnostics) -> None:
    """A partition's window on a CPU runs its vCPU pinned to that CPU, so it
    must have one there."""
    for w in _windows(s):
        p = s.partition(w.partition)
        if p is not None and w.cpu in s.cpus and w.cpu not in p.vcpus:
            d.error(w.origin.location,
                    f"partition '{p.name}' has a window on cpu{w.cpu} but no vCPU "
                    "pinned to it", w.origin.dotted,
                    hint=f"its vCPUs run on CPUs: {', '.join(map(str, p.vcpus))}")


@rule("window-length")
def window_length(s: System, ctx: Context, d: Diagnostics) -> None:
    """A window lasts longer than zero."""
    for w in _windows(s):
        if w.duration == 0:
            d.error(w.origin.at("duration").location,
                    f"window of '{w.partition}' has zero length",
                    w.origin.at("duration").dotted)


def _time_error(s: System, d: Diagnostics, values: list, w: Window, message: str,
                hint: str) -> None:
    """Report at the last of the values, (ns, origin), the description
    writes; if it writes none (they are the board's defaults), at the
    offending window's duration. The hint names any board default."""
    written = [o for _, o in values if o.doc is s.doc]
    defaults = [(ns, o) for ns, o in values if o.doc is not s.doc]
    at = written[-1] if written else w.origin.at("duration")
    if defaults:
        hint = (" and ".join(format_time(ns) for ns, _ in defaults) +
                (" are the defaults" if len(defaults) > 1 else " is the default") +
                f" of board '{s.board.name}' (" +
                ", ".join(f"{o.dotted} at {o.doc.display}:{o.location.line}"
                          for _, o in defaults) + "); " + hint)
    d.error(at.location, message, at.dotted, hint=hint)


@rule("switch-time")
def switch_time(s: System, ctx: Context, d: Diagnostics) -> None:
    """The switch time is shorter than every window: a partition always
    runs in its windows."""
    sch = s.schedule
    st = sch.switch_time
    short = [w for w in _windows(s) if w.duration and w.duration <= st]
    if st and short:
        w = min(short, key=lambda w: w.duration)
        _time_error(s, d, [(st, sch.switch_origin)], w,
                    f"switch time {format_time(st)} is not shorter than the "
                    f"{format_time(w.duration)} window of '{w.partition}' at "
                    f"{w.origin.dotted} (line {w.origin.location.line})",
                    "a window must leave its partition some time after the switch" +
                    ("" if not sch.switch_default else
                     "; lengthen the window, or give schedule.switch_time (0: none)"))


@rule("work-margin")
def work_margin(s: System, ctx: Context, d: Diagnostics) -> None:
    """The switch time and the work margin together are shorter than every
    window: a partition has time in each window to start kernel work (a
    hypercall, a fault, a chunk of its cold start)."""
    sch = s.schedule
    st, wm = sch.switch_time, sch.work_margin
    if st and any(w.duration and w.duration <= st for w in _windows(s)):
        return  # switch-time says it
    short = [w for w in _windows(s) if w.duration and w.duration <= st + wm]
    if wm and short:
        w = min(short, key=lambda w: w.duration)
        _time_error(s, d, [(st, sch.switch_origin), (wm, sch.margin_origin)], w,
                    f"switch time {format_time(st)} and work margin {format_time(wm)} "
                    f"are not shorter than the {format_time(w.duration)} window of "
                    f"'{w.partition}' at {w.origin.dotted} (line "
                    f"{w.origin.location.line})",
                    "in each window the kernel starts work for its partition only "
                    "from the switch time on and before the work margin; lengthen "
                    "the window or shorten schedule.work_margin (at the cost of "
                    "kernel work running into the next window)")


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


def _tick_quantum(hz: int) -> int:
    """Smallest whole-nanosecond time that is a whole number of ticks."""
    return 1_000_000_000 // gcd(1_000_000_000, hz)


@rule("time-resolution")
def time_resolution(s: System, ctx: Context, d: Diagnostics) -> None:
    """Times are whole numbers of ticks of the board's timer."""
    hz = s.board.timer_hz

    def check(ns: int, key: str, origin) -> None:
        if ns * hz // 1_000_000_000 >= 1 << 64:
            d.error(origin.at(key).location,
                    f"{key.replace('_', ' ')} {format_time(ns)} is longer than the "
                    f"kernel can count: more than 2^64 ticks of the {hz} Hz timer",
                    origin.at(key).dotted)
        elif (ns * hz) % 1_000_000_000:
            d.error(origin.at(key).location,
                    f"{key.replace('_', ' ')} {format_time(ns)} is not a whole "
                    f"number of timer ticks ({hz} Hz)", origin.at(key).dotted,
                    hint=f"use a multiple of {format_time(_tick_quantum(hz))}")

    check(s.schedule.major_frame, "major_frame", s.schedule.origin)
    for ns, origin in ((s.schedule.switch_time, s.schedule.switch_origin),
                       (s.schedule.work_margin, s.schedule.margin_origin)):
        # As written, or the board's default (then in the board's file).
        check(ns, origin.path[-1], Origin(origin.doc, origin.path[:-1]))
    for w in _windows(s):
        check(w.offset, "offset", w.origin)
        check(w.duration, "duration", w.origin)
    for c in s.channels:
        if c.kind == "sampling":
            check(c.refresh, "refresh", c.origin)


@rule("partition-scheduled")
def partition_scheduled(s: System, ctx: Context, d: Diagnostics) -> None:
    """A partition has a window in some plan (an error if in none; a
    warning for each plan without one)."""
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
                          f"'{plan.name}': it keeps its memory but does not run "
                          "while that plan is in effect", p.origin.dotted)


@rule("vcpu-scheduled")
def vcpu_scheduled(s: System, ctx: Context, d: Diagnostics) -> None:
    """Warn when a vCPU is pinned to a CPU where its partition has no
    window in any plan: it would never run."""
    for p in s.partitions:
        if not any(w.partition == p.name for w in _windows(s)):
            continue  # partition-scheduled says it for the whole partition
        for i, cpu in enumerate(p.vcpus):
            if cpu in s.cpus and not any(w.partition == p.name for plan in s.schedule.plans
                                         for w in plan.windows.get(cpu, [])):
                d.warning(p.origin.at("vcpus", i).location,
                          f"vCPU {i} of partition '{p.name}' runs on cpu{cpu}, where "
                          "the partition has no window in any plan: it never runs",
                          p.origin.at("vcpus", i).dotted)


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
                          f"cpu{cpu} is idle {(mf - busy) * 100 // mf}% of the "
                          f"major frame in plan '{plan.name}'",
                          plan.origin.dotted)


@rule("console-drain")
def console_drain(s: System, ctx: Context, d: Diagnostics) -> None:
    """Warn when, in a plan, the console could never be drained: no
    switch time, and no CPU idle at any point of the frame."""
    mf = s.schedule.major_frame
    if mf == 0 or s.schedule.switch_time:
        return
    for plan in s.schedule.plans:
        cpus = [c for c in s.cpus if s.board.cpu(c) is not None]
        if cpus and all(sum(w.duration for w in plan.windows.get(c, [])) >= mf
                        for c in cpus):
            d.warning(plan.origin.location,
                      f"in plan '{plan.name}' the console can never be drained: "
                      "schedule.switch_time is 0 and no CPU is ever idle",
                      plan.origin.dotted,
                      hint="the kernel sends the console's queued lines only in "
                           "the switch time and in idle time: give a switch time, "
                           "or leave a CPU some idle time; otherwise every "
                           "partition's console lines are queued until they are "
                           "dropped")


# --- health monitor -----------------------------------------------------

def _hm_entries(s: System):
    for ev, a in s.hm.items():
        if a.origin is not None:
            yield a
    for p in s.partitions:
        yield from p.hm.values()


@rule("hm-actions")
def hm_actions(s: System, ctx: Context, d: Diagnostics) -> None:
    """A switch_plan action names an existing plan (and only it names one);
    max_restarts and then go with restart actions only."""
    plans = [p.name for p in s.schedule.plans]
    for a in _hm_entries(s):
        for act in (a, a.then):
            if act is None or act.origin is None:
                continue
            if act.action == "switch_plan" and act.plan is None:
                d.error(act.origin.location, "switch_plan needs the plan to switch "
                        "to", act.origin.dotted, hint="plans: " + _names(plans))
            elif act.action == "switch_plan" and act.plan not in plans:
                d.error(act.origin.at("plan").location, f"unknown plan "
                        f"'{act.plan}'{did_you_mean(act.plan, plans)}",
                        act.origin.at("plan").dotted,
                        hint="plans: " + _names(plans))
            elif act.action != "switch_plan" and act.plan is not None:
                d.error(act.origin.at("plan").location, f"only switch_plan takes "
                        f"a plan, not {act.action}", act.origin.at("plan").dotted)
        if a.origin is not None and a.action not in ("cold_restart", "warm_restart"):
            spec = a.origin.doc.get(a.origin.path, {})
            for key in ("max_restarts", "then"):
                if key in spec:
                    d.error(a.origin.at(key).location, f"'{key}' goes with a restart "
                            f"action, not {a.action}", a.origin.at(key).dotted)


@rule("plan-reachable")
def plan_reachable(s: System, ctx: Context, d: Diagnostics) -> None:
    """Warn about a plan nothing can switch to: it is not the initial plan,
    no health-monitor switch_plan action names it and no partition has
    the switch_plan privilege."""
    if s.schedule.plan(s.schedule.initial_plan) is None:
        return  # initial-plan-exists says it
    if any("switch_plan" in p.privileges for p in s.partitions):
        return
    named = {act.plan for a in _hm_entries(s) for act in (a, a.then)
             if act is not None and act.action == "switch_plan"}
    for plan in s.schedule.plans:
        if plan.name != s.schedule.initial_plan and plan.name not in named:
            d.warning(s.schedule.origin.at("plans").key_location(plan.name),
                      f"plan '{plan.name}' can never be in effect: it is not the "
                      "initial plan, no health-monitor switch_plan action names it "
                      "and no partition has the switch_plan privilege",
                      plan.origin.dotted,
                      hint="name it in a switch_plan action, give a partition the "
                           "switch_plan privilege, or remove the plan")
