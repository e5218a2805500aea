# SPDX-License-Identifier: Apache-2.0
"""The validated shape of a system description, as Python objects.

Built only from a document that passed the schema. Every object keeps its
Origin (file, line, document path) so rules can point at it and emitted
tables can say where each entry came from. What the description leaves
open (physical addresses, port and interrupt numbers) is filled in by
layout.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import schema
from .board import Board, Device, Range
from .diag import Location
from .source import Document, PathT, format_path
from .units import parse_size, parse_time

if TYPE_CHECKING:
    from .elf import ElfImage


def _default(pointer: str):
    """A default of the language, as system.schema.json declares it (the
    one place it is written; editors show it too)."""
    return schema.default("system", pointer)


DEFAULT_AUDIT_RECORDS = _default("/properties/system/properties/audit_records")
DEFAULT_CONSOLE = _default("/$defs/partition/properties/console")
DEFAULT_PRIVILEGES = _default("/$defs/partition/properties/privileges")
DEFAULT_CACHE = _default("/$defs/region/properties/cache")
DEFAULT_BOOTARGS = _default("/$defs/partition/properties/image/properties/bootargs")
DEFAULT_MAX_RESTARTS = _default("/$defs/hm_action/properties/max_restarts")
DEFAULT_DOORBELL = {kind: _default(f"/$defs/{kind}_channel/properties/doorbell")
                    for kind in ("queuing", "shared_memory")}  # sampling: none

# Health-monitor events, in the order of the kernel's table (SK_HM_*).
HM_EVENTS = ("memory_violation", "trapped_instruction", "illegal_exception",
             "hypercall_error", "denied_request", "partition_error",
             "power_off", "reset", "overrun")

# What happens when the description says nothing about an event.
HM_DEFAULTS = {
    "memory_violation": ("stop", None),
    "trapped_instruction": ("stop", None),
    "illegal_exception": ("stop", None),
    "hypercall_error": ("log", None),
    "denied_request": ("log", None),
    "partition_error": ("log", None),
    "power_off": ("stop", None),
    "reset": ("cold_restart", ("stop", DEFAULT_MAX_RESTARTS)),
    "overrun": ("log", None),
}

# Images of format linux the build makes itself (partitions/linux/).
LINUX_DEBIAN = "debian"    # the kernel of Debian's linux-image-cloud-arm64
LINUX_BUSYBOX = "busybox"  # an initramfs of Debian's busybox-static

PRIVILEGES = ("switch_plan", "restart_partitions", "read_audit", "halt_system", "pmu")

# Console bytes a partition may use per major frame (its own lines and the
# kernel's about it), unless its console_budget says otherwise; the range
# console_budget may take (rule console-budget).
DEFAULT_CONSOLE_BUDGET = parse_size(_default("/$defs/partition/properties/console_budget"))
CONSOLE_BUDGET_MIN = 256
CONSOLE_BUDGET_MAX = 1 << 20
# Bytes of the console ring kept for the kernel's own messages (those about
# no partition), besides every partition's budget.
CONSOLE_KERNEL_BYTES = 4096


@dataclass(frozen=True)
class Origin:
    doc: Document
    path: PathT

    @property
    def location(self) -> Location:
        return self.doc.where(self.path)

    def key_location(self, key: str) -> Location:
        return self.doc.where(self.path + (key,), key=True)

    def at(self, *more) -> "Origin":
        return Origin(self.doc, self.path + tuple(more))

    @property
    def dotted(self) -> str:
        return format_path(self.path)

    def __str__(self) -> str:
        """'partitions[0].memory[0] (config/demo.yaml:22)' for comments."""
        return f"{self.dotted} ({self.doc.display}:{self.location.line})"


@dataclass
class Region:
    """A range of a partition's address space backed by RAM."""
    name: str
    size: int
    access: str             # "r", "rw", "rx", "rwx"
    cache: str              # "write_back" or "non_cacheable"
    ipa: int | None         # as written; None: same as physical
    physical: int | None    # as written; None: the generator places it
    origin: Origin
    partition: "Partition" = field(repr=False, default=None)
    pa: int | None = None   # final physical address (layout.py)

    @property
    def final_ipa(self) -> int:
        return self.ipa if self.ipa is not None else self.pa

    @property
    def executable(self) -> bool:
        return "x" in self.access


@dataclass
class DeviceGrant:
    """A board device given to a partition."""
    name: str
    ipa: int | None
    origin: Origin
    device: Device | None = None  # None if the board has no such device

    @property
    def final_ipa(self) -> int:
        return self.ipa if self.ipa is not None else self.device.mmio.base


@dataclass
class MmioGrant:
    """A raw MMIO range given to a partition."""
    name: str
    physical: int
    size: int
    ipa: int | None
    origin: Origin

    @property
    def final_ipa(self) -> int:
        return self.ipa if self.ipa is not None else self.physical


@dataclass(frozen=True)
class IrqGrant:
    intid: int
    source: str  # "device 'rtc'" or "irqs"
    origin: Origin


@dataclass
class Image:
    payload: str | None     # a folder of partitions/, or
    file: Path | None       # an image file (resolved)
    format: str             # "payload", "elf", "binary" or "linux"
    origin: Origin
    written: str | None = None  # the file as the description names it
    load: int | None = None    # IPA the image is loaded at (layout.py)
    entry: int | None = None   # IPA execution starts at (layout.py)
    size: int | None = None    # bytes the kernel copies, when known before the build
    elf: "ElfImage | None" = None  # format elf: its segments and flat image (layout.py)
    arg: int = 0               # x0 of vCPU 0 at its first instruction (layout.py)
    # format linux: LINUX_DEBIAN or a kernel Image file; LINUX_BUSYBOX, a
    # cpio file or None; the command line.
    kernel: str | Path | None = None
    initramfs: str | Path | None = None
    bootargs: str = ""
    kernel_written: str | None = None
    initramfs_written: str | None = None


@dataclass
class HmAction:
    action: str                     # log, stop, cold_restart, warm_restart, switch_plan, halt
    plan: str | None
    max_restarts: int | None        # restarts before `then`
    then: "HmAction | None"
    origin: Origin | None           # None: the built-in default


@dataclass
class Partition:
    index: int
    name: str
    image: Image
    params: dict[str, int | str]
    vcpus: list[int]                # physical CPU of each vCPU
    regions: list[Region]
    devices: list[DeviceGrant]
    mmio: list[MmioGrant]
    raw_irqs: list[IrqGrant]
    console: bool                   # may write to the kernel's console
    privileges: list[str]
    hm: dict[str, HmAction]         # own overrides only
    origin: Origin
    vuart: bool = False             # console: pl011, an emulated PL011
    console_budget: int = DEFAULT_CONSOLE_BUDGET  # console bytes per major frame
    console_budget_origin: Origin | None = None   # None: the default
    sgis: bool = False              # may send SGIs to its own vCPUs
    debug_ignore: bool = False      # debug_registers: ignore (RAZ/WI)
    ports: list["Port"] = field(default_factory=list)          # layout.py
    doorbells: list["Doorbell"] = field(default_factory=list)  # layout.py

    @property
    def vmid(self) -> int:
        return self.index + 1  # VMID 0 is left unused

    @property
    def load_region(self) -> Region | None:
        """A payload or binary goes at the start of the first executable region."""
        return next((r for r in self.regions if r.executable), None)

    @property
    def irqs(self) -> list[IrqGrant]:
        """Every physical interrupt routed to this partition."""
        out = [IrqGrant(i, f"device '{g.name}'", g.origin)
               for g in self.devices if g.device for i in g.device.irqs]
        return out + self.raw_irqs


@dataclass
class Channel:
    index: int
    name: str
    kind: str                       # sampling, queuing, shared_memory
    origin: Origin
    writer: str | None = None       # sampling, queuing
    readers: list[str] = field(default_factory=list)  # sampling, queuing
    message_size: int = 0
    refresh: int = 0                # ns, sampling
    depth: int = 0                  # queuing
    doorbell: bool = False          # queuing, shared_memory
    size: int = 0                   # shared_memory
    physical: int | None = None     # shared_memory, as written
    access: dict[str, str] = field(default_factory=dict)  # shared_memory: partition -> rw/ro
    ipa: dict[str, int] = field(default_factory=dict)     # shared_memory, as written
    pa: int | None = None           # shared_memory, placed (layout.py)

    def endpoints(self) -> list[str]:
        if self.kind == "shared_memory":
            return list(self.access)
        return [self.writer] + self.readers

    def writers(self) -> list[str]:
        if self.kind == "shared_memory":
            return [p for p, a in self.access.items() if a == "rw"]
        return [self.writer]

    def receivers(self) -> list[str]:
        if self.kind == "shared_memory":
            return [p for p, a in self.access.items() if a == "ro"]
        return self.readers

    def final_ipa(self, partition: str) -> int:
        return self.ipa.get(partition, self.pa)


@dataclass(frozen=True)
class Port:
    """A partition's end of a channel; its id is its index in the
    partition's port list."""
    id: int
    channel: Channel
    direction: str  # "source" (writes) or "destination" (reads)


@dataclass(frozen=True)
class Doorbell:
    """A virtual interrupt a partition receives when a channel rings."""
    intid: int
    channel: Channel


@dataclass
class Window:
    partition: str
    offset: int      # ns
    duration: int    # ns
    plan: str
    cpu: int
    index: int       # position in its list
    origin: Origin

    @property
    def end(self) -> int:
        return self.offset + self.duration


@dataclass
class Plan:
    name: str
    windows: dict[int, list[Window]]  # CPU number -> windows, as written
    origin: Origin


@dataclass
class Schedule:
    major_frame: int  # ns
    initial_plan: str
    plans: list[Plan]
    origin: Origin
    # ns from a window's start to its partition's, and the end of a window
    # in which no kernel work starts for its partition. Each origin is the
    # description's key, or the board's kernel.switch_time or
    # kernel.work_margin when the description leaves it to the board.
    switch_time: int
    switch_origin: Origin
    work_margin: int
    margin_origin: Origin

    def plan(self, name: str) -> Plan | None:
        return next((p for p in self.plans if p.name == name), None)

    @property
    def switch_default(self) -> bool:
        """switch_time is the board's default."""
        return self.switch_origin.doc is not self.origin.doc

    @property
    def margin_default(self) -> bool:
        """work_margin is the board's default."""
        return self.margin_origin.doc is not self.origin.doc


@dataclass
class System:
    doc: Document
    board: Board
    name: str
    cpus: list[int]
    audit_records: int
    partitions: list[Partition]
    channels: list[Channel]
    schedule: Schedule
    hm: dict[str, HmAction]  # system-wide, defaults filled in
    store: Range | None = None  # the image store (layout.py)
    console_input: str | None = None  # partition receiving console input

    def partition(self, name: str) -> Partition | None:
        return next((p for p in self.partitions if p.name == name), None)

    def channel(self, name: str) -> Channel | None:
        return next((c for c in self.channels if c.name == name), None)

    def hm_action(self, p: Partition, event: str) -> HmAction:
        return p.hm.get(event, self.hm[event])

    @property
    def console_ring_size(self) -> int:
        """Bytes of the kernel's console ring: every partition's budget and
        the kernel's own share."""
        return sum(p.console_budget for p in self.partitions) + CONSOLE_KERNEL_BYTES


def _hm_action(d: dict, origin: Origin) -> HmAction:
    then = None
    if "then" in d:
        t = d["then"]
        then = HmAction(t["action"], t.get("plan"), None, None, origin.at("then"))
    restart = d["action"] in ("cold_restart", "warm_restart")
    if restart and then is None:
        then = HmAction("stop", None, None, None, None)
    return HmAction(d["action"], d.get("plan"),
                    d.get("max_restarts", DEFAULT_MAX_RESTARTS) if restart
                    else d.get("max_restarts"),
                    then, origin)


def _hm_table(d: dict, origin: Origin) -> dict[str, HmAction]:
    return {ev: _hm_action(spec, origin.at(ev)) for ev, spec in d.items()}


def _default_hm() -> dict[str, HmAction]:
    out = {}
    for ev, (action, esc) in HM_DEFAULTS.items():
        then = HmAction(esc[0], None, None, None, None) if esc else None
        out[ev] = HmAction(action, None, esc[1] if esc else None, then, None)
    return out


def _path(doc: Document, written: str) -> Path:
    path = Path(written)
    return path if path.is_absolute() else (doc.path.parent / path).resolve()


def _image(spec, origin: Origin, doc: Document) -> Image:
    if isinstance(spec, str):
        return Image(spec, None, "payload", origin)
    if spec["format"] == "linux":
        kernel, initramfs = spec.get("kernel"), spec.get("initramfs")
        return Image(None, None, "linux", origin,
                     kernel=kernel if kernel in (None, LINUX_DEBIAN) else _path(doc, kernel),
                     initramfs=initramfs if initramfs in (None, LINUX_BUSYBOX)
                     else _path(doc, initramfs),
                     bootargs=spec.get("bootargs", DEFAULT_BOOTARGS),
                     kernel_written=kernel, initramfs_written=initramfs)
    file = spec.get("file")
    return Image(None, _path(doc, file) if file else None, spec["format"], origin,
                 written=file)


def _time_or_zero(value) -> int:
    """A time, or the bare 0 switch_time and work_margin also take."""
    return 0 if value == 0 and not isinstance(value, str) else parse_time(value)


def _board_default(doc: Document, so: Origin, board: Board, key: str) -> tuple[int, Origin]:
    """schedule.<key> as written, or else the board's kernel.<key>."""
    if key in doc.data["schedule"]:
        return _time_or_zero(doc.data["schedule"][key]), so.at(key)
    return getattr(board, key), Origin(board.doc, ("kernel", key))


def build(doc: Document, board: Board) -> System:
    d = doc.data
    root = Origin(doc, ())
    cpus = list(d["system"]["cpus"])
    parts = []
    for i, p in enumerate(d["partitions"]):
        po = root.at("partitions", i)
        linux = isinstance(p["image"], dict) and p["image"]["format"] == "linux"
        regions = [
            Region(name=r["name"], size=parse_size(r["size"]), access=r["access"],
                   cache=r.get("cache", DEFAULT_CACHE), ipa=r.get("ipa"),
                   physical=r.get("physical"), origin=po.at("memory", j))
            for j, r in enumerate(p["memory"])]
        devices = []
        for j, g in enumerate(p.get("devices", [])):
            name, ipa = (g, None) if isinstance(g, str) else (g["name"], g.get("ipa"))
            devices.append(DeviceGrant(name, ipa, po.at("devices", j),
                                       board.devices.get(name)))
        part = Partition(
            index=i, name=p["name"],
            image=_image(p["image"], po.at("image"), doc),
            params=dict(p.get("params", {})),
            vcpus=list(p.get("vcpus", cpus[:1])),
            regions=regions, devices=devices,
            mmio=[MmioGrant(m["name"], m["physical"], parse_size(m["size"]),
                            m.get("ipa"), po.at("mmio", j))
                  for j, m in enumerate(p.get("mmio", []))],
            raw_irqs=[IrqGrant(n, "irqs", po.at("irqs", j))
                      for j, n in enumerate(p.get("irqs", []))],
            console=p.get("console", DEFAULT_CONSOLE) in ("virtual", "pl011"),
            vuart=p.get("console") == "pl011",
            sgis=p.get("sgis", linux),
            debug_ignore=p.get("debug_registers", "ignore" if linux else "trap") == "ignore",
            privileges=list(p.get("privileges", DEFAULT_PRIVILEGES)),
            console_budget=parse_size(p["console_budget"]) if "console_budget" in p
            else DEFAULT_CONSOLE_BUDGET,
            console_budget_origin=po.at("console_budget") if "console_budget" in p else None,
            hm=_hm_table(p.get("health_monitor", {}), po.at("health_monitor")),
            origin=po)
        for r in regions:
            r.partition = part
        parts.append(part)

    channels = []
    for i, c in enumerate(d.get("channels", [])):
        co = root.at("channels", i)
        ch = Channel(index=i, name=c["name"], kind=c["kind"], origin=co,
                     doorbell=bool(c.get("doorbell", DEFAULT_DOORBELL.get(c["kind"], False))))
        if ch.kind in ("sampling", "queuing"):
            ch.writer = c["writer"]
            ch.readers = list(c["readers"]) if ch.kind == "sampling" else [c["reader"]]
            ch.message_size = parse_size(c["message_size"])
        if ch.kind == "sampling":
            ch.refresh = parse_time(c["refresh"])
        if ch.kind == "queuing":
            ch.depth = c["depth"]
        if ch.kind == "shared_memory":
            ch.size = parse_size(c["size"])
            ch.physical = c.get("physical")
            ch.access = dict(c["access"])
            ch.ipa = dict(c.get("ipa", {}))
        channels.append(ch)

    s = d["schedule"]
    so = root.at("schedule")
    plans = []
    for name, per_cpu in s["plans"].items():
        plo = so.at("plans", name)
        windows = {}
        for key, items in per_cpu.items():
            cpu = int(key[3:])
            windows[cpu] = [
                Window(partition=w["partition"], offset=parse_time(w["offset"]),
                       duration=parse_time(w["duration"]), plan=name, cpu=cpu,
                       index=k, origin=plo.at(key, k))
                for k, w in enumerate(items)]
        plans.append(Plan(name=name, windows=windows, origin=plo))
    switch, switch_origin = _board_default(doc, so, board, "switch_time")
    margin, margin_origin = _board_default(doc, so, board, "work_margin")
    schedule = Schedule(major_frame=parse_time(s["major_frame"]),
                        initial_plan=s["initial_plan"], plans=plans, origin=so,
                        switch_time=switch, switch_origin=switch_origin,
                        work_margin=margin, margin_origin=margin_origin)
    hm = _default_hm()
    hm.update(_hm_table(d.get("health_monitor", {}), root.at("health_monitor")))
    return System(doc=doc, board=board, name=d["system"]["name"], cpus=cpus,
                  audit_records=d["system"].get("audit_records", DEFAULT_AUDIT_RECORDS),
                  console_input=d["system"].get("console_input"),
                  partitions=parts, channels=channels, schedule=schedule, hm=hm)
