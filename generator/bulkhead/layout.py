# SPDX-License-Identifier: Apache-2.0
"""Decide what the description leaves open, deterministically, and derive
the views every artefact shares.

- Physical placement of regions and shared-memory channels without a fixed
  address: first fit in the board's RAM, lowest address first, in the
  order written (partitions' regions, then channels), 2 MiB-aligned when
  the size and IPA allow 2 MiB blocks, else 4 KiB.
- Each partition's mappings: its regions, devices, raw MMIO and shared
  channels, as they appear in its stage-2 tables.
- Ports (a partition's ends of channels, numbered from 0 in channel order)
  and doorbell interrupts (virtual INTIDs from DOORBELL_BASE up, per
  receiving partition).
- Where images load and start, and the image store that holds them.
- The slot table of each plan and CPU, gaps included, in timer ticks.
- Interrupt and device ownership, and what the kernel maps for itself.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from . import elf
from .board import Range
from .diag import Diagnostics
from .model import Channel, Doorbell, Origin, Partition, Port, Region, System, Window
from .units import format_size

PAGE = 4096
BLOCK_2M = 2 << 20
DOORBELL_BASE = 960  # virtual INTIDs of doorbells, in each receiver's view
KERNEL = "kernel"
# A linux image: the device tree at the load address, the kernel Image this
# far after it (2 MiB: the arm64 boot protocol's alignment, and the most a
# device tree may take).
LINUX_KERNEL_OFFSET = 2 << 20


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


def rebuilt(s: System, *, region_pa: dict | None = None, channel_pa: dict | None = None,
            image: dict | None = None, ports: dict | None = None,
            store: Range | None = None) -> System:
    """A new System: s with the values layout decided, s itself unchanged.
    region_pa: (partition index, region index) -> physical address;
    channel_pa: channel index -> physical address; image: partition index
    -> fields of its new Image; ports: partition index -> (ports,
    doorbells); store: the image store. Objects that refer to each other
    (a region to its partition, a port to its channel) refer to the new
    ones."""
    region_pa, channel_pa = region_pa or {}, channel_pa or {}
    image, ports = image or {}, ports or {}
    channels = [replace(c, pa=channel_pa.get(c.index, c.pa)) for c in s.channels]
    parts = []
    for p in s.partitions:
        regions = [replace(r, pa=region_pa.get((p.index, j), r.pa))
                   for j, r in enumerate(p.regions)]
        own_ports, doorbells = ports.get(p.index, (p.ports, p.doorbells))
        part = replace(
            p, regions=regions,
            image=replace(p.image, **image.get(p.index, {})),
            ports=[replace(port, channel=channels[port.channel.index]) for port in own_ports],
            doorbells=[replace(db, channel=channels[db.channel.index]) for db in doorbells])
        for r in regions:
            r.partition = part  # the back reference of the region just made
        parts.append(part)
    return replace(s, partitions=parts, channels=channels,
                   store=store if store is not None else s.store)


@dataclass
class _Need:
    """Something to place: a region or a shared-memory channel."""
    name: str
    size: int
    ipas: list[int]  # IPAs it must be congruent with for 2 MiB blocks
    origin: Origin
    key: tuple       # ("region", (partition, region)) or ("channel", index)


def place_memory(s: System, diags: Diagnostics) -> System:
    """s with a physical address for every region and shared-memory
    channel (errors to diags for what does not fit)."""
    b = s.board
    free = sorted((r for _, r in b.ram), key=lambda r: r.base)
    free = _subtract(free, b.kernel_memory)
    placed = {"region": {}, "channel": {}}
    needs = []
    for p in s.partitions:
        for j, r in enumerate(p.regions):
            if r.physical is not None:
                placed["region"][(p.index, j)] = r.physical
                free = _subtract(free, Range(r.physical, r.size))
            else:
                needs.append(_Need(f"memory region '{r.name}' of partition '{p.name}'",
                                   r.size, [r.ipa] if r.ipa is not None else [],
                                   r.origin, ("region", (p.index, j))))
    for c in s.channels:
        if c.kind != "shared_memory":
            continue
        if c.physical is not None:
            placed["channel"][c.index] = c.physical
            free = _subtract(free, Range(c.physical, c.size))
        else:
            needs.append(_Need(f"shared-memory channel '{c.name}'", c.size,
                               list(c.ipa.values()), c.origin, ("channel", c.index)))
    for n in needs:
        block = n.size % BLOCK_2M == 0 and all(i % BLOCK_2M == 0 for i in n.ipas)
        align = BLOCK_2M if block else PAGE
        for f in sorted(free, key=lambda x: x.base):
            base = _align_up(f.base, align)
            if base + n.size <= f.end:
                placed[n.key[0]][n.key[1]] = base
                free = _subtract(free, Range(base, n.size))
                break
        else:
            left = ", ".join(f"{format_size(f.size)} at {f.base:#x}"
                             for f in sorted(free, key=lambda x: x.base)) or "none"
            diags.error(n.origin.at("size").location,
                        f"no room in RAM for {n.name} ({format_size(n.size)})",
                        n.origin.at("size").dotted, hint=f"free RAM: {left}")
    return rebuilt(s, region_pa=placed["region"], channel_pa=placed["channel"])


def place_store(s: System, diags: Diagnostics) -> System:
    """s with its image store: the largest range of RAM that neither the
    kernel nor any partition region or channel uses (the lowest of
    equals). The pristine copies of the partition images are linked
    there; the kernel maps it read-only and copies from it when a
    partition starts."""
    free = sorted((r for _, r in s.board.ram), key=lambda r: r.base)
    free = _subtract(free, s.board.kernel_memory)
    for p in s.partitions:
        for r in p.regions:
            if r.pa is not None:
                free = _subtract(free, Range(r.pa, r.size))
    for c in s.channels:
        if c.kind == "shared_memory" and c.pa is not None:
            free = _subtract(free, Range(c.pa, c.size))
    free = [Range(_align_up(f.base, PAGE), f.end - _align_up(f.base, PAGE))
            for f in free if f.end - _align_up(f.base, PAGE) >= PAGE]
    if not free:
        diags.error(s.doc.where(("partitions",)),
                    "no RAM is left for the image store (where the kernel keeps the "
                    "partition images)", "partitions",
                    hint="leave some of the board's RAM to no partition")
        return s
    best = max(free, key=lambda f: (f.size // PAGE * PAGE, -f.base))
    return rebuilt(s, store=Range(best.base, best.size // PAGE * PAGE))


def assign_ports(s: System) -> System:
    """s with the ports and doorbells of every partition, in channel order."""
    ports: dict[int, tuple[list[Port], list[Doorbell]]] = {
        p.index: ([], []) for p in s.partitions}
    for c in s.channels:
        for name in c.endpoints():
            p = s.partition(name)
            if p is None or any(port.channel is c for port in ports[p.index][0]):
                continue
            direction = "source" if name in c.writers() else "destination"
            own = ports[p.index][0]
            own.append(Port(len(own), c, direction))
        if c.doorbell:
            for name in c.receivers():
                p = s.partition(name)
                if p is not None:
                    bells = ports[p.index][1]
                    bells.append(Doorbell(DOORBELL_BASE + len(bells), c))
    return rebuilt(s, ports=ports)


def place_images(s: System, diags: Diagnostics) -> System:
    """s with the load address, entry point and (for files) size of every
    image."""
    images: dict[int, dict] = {}
    for p in s.partitions:
        img = p.image
        new = images.setdefault(p.index, {})
        if img.format in ("payload", "binary"):
            r = p.load_region
            if r is not None:
                new["load"] = new["entry"] = r.final_ipa
            if img.format == "binary" and img.file is not None and img.file.is_file():
                new["size"] = img.file.stat().st_size
        elif img.format == "linux":
            # The device tree first, the kernel at the next 2 MiB boundary
            # (rule linux-region); x0 is the device tree's address.
            r = p.load_region
            if r is not None:
                new["load"] = new["arg"] = r.final_ipa
                new["entry"] = r.final_ipa + LINUX_KERNEL_OFFSET
        elif img.format == "elf" and img.file.is_file():
            try:
                found = elf.read(img.file)
            except elf.ElfError as e:
                diags.error(img.origin.at("file").location,
                            f"{img.file.name}: {e}", img.origin.at("file").dotted)
                continue
            new.update(elf=found, load=found.load, entry=found.entry, size=found.size)
    return rebuilt(s, image=images)


@dataclass(frozen=True)
class Mapping:
    """One range of a partition's stage-2 translation."""
    name: str
    ipa: int
    pa: int
    size: int
    read: bool
    write: bool
    execute: bool
    memtype: str            # "normal_wb", "normal_nc" or "device"
    kind: str               # "region", "device", "mmio" or "channel"
    origin: Origin
    channel: Channel | None = None
    where: Origin | None = None  # what to point at about its address

    @property
    def what(self) -> str:
        return {"region": "memory region", "device": "device", "mmio": "MMIO range",
                "channel": "shared-memory channel"}[self.kind]

    @property
    def access(self) -> str:
        return ("r" if self.read else "") + ("w" if self.write else "") + \
            ("x" if self.execute else "")


def mappings(s: System, p: Partition) -> list[Mapping]:
    """Everything partition p's stage 2 maps, in a fixed order."""
    out = []
    for r in p.regions:
        out.append(Mapping(r.name, r.final_ipa, r.pa, r.size, "r" in r.access,
                           "w" in r.access, "x" in r.access,
                           "normal_wb" if r.cache == "write_back" else "normal_nc",
                           "region", r.origin,
                           where=r.origin.at("ipa" if r.ipa is not None else "size")))
    for g in p.devices:
        if g.device is not None:
            out.append(Mapping(g.name, g.final_ipa, g.device.mmio.base, g.device.mmio.size,
                               True, True, False, "device", "device", g.origin,
                               where=g.origin.at("ipa") if g.ipa is not None else g.origin))
    for m in p.mmio:
        out.append(Mapping(m.name, m.final_ipa, m.physical, m.size, True, True,
                           False, "device", "mmio", m.origin,
                           where=m.origin.at("ipa" if m.ipa is not None else "physical")))
    for c in s.channels:
        if c.kind == "shared_memory" and p.name in c.access and c.pa is not None:
            rw = c.access[p.name] == "rw"
            where = c.origin.at("ipa", p.name) if p.name in c.ipa else \
                c.origin.at("access", p.name)
            out.append(Mapping(c.name, c.final_ipa(p.name), c.pa, c.size, True, rw,
                               False, "normal_wb", "channel",
                               c.origin.at("access", p.name), c, where=where))
    return out


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
class IrqOwner:
    intid: int
    owner: str        # partition name, or KERNEL
    why: str          # "device 'rtc'", "irqs", "kernel timer", ...
    origin: str


def irq_owners(s: System) -> list[IrqOwner]:
    """Who each physical interrupt belongs to (only owned ones), by INTID."""
    b = s.board
    bdoc = b.doc.display
    out = [IrqOwner(b.timer_hyp_irq, KERNEL, "kernel scheduling timer (EL2 physical timer)",
                    f"{bdoc}: timer.hypervisor_irq")]
    out += [IrqOwner(i, KERNEL, f"kernel console '{b.console}'",
                     f"{bdoc}: kernel.console") for i in b.devices[b.console].irqs]
    for p in s.partitions:
        out += [IrqOwner(g.intid, p.name, g.source, str(g.origin)) for g in p.irqs]
    return sorted(out, key=lambda o: (o.intid, o.owner))


@dataclass(frozen=True)
class DeviceOwner:
    name: str
    base: int
    size: int
    owner: str | None   # partition name, KERNEL, or None (unused)
    what: str


def device_owners(s: System) -> list[DeviceOwner]:
    """Every MMIO range of the board and raw MMIO, with its owner."""
    b = s.board
    owned: dict[str, str] = {b.console: KERNEL}
    for p in s.partitions:
        for g in p.devices:
            owned.setdefault(g.name, p.name)
    out = [DeviceOwner("gicd", b.gicd.base, b.gicd.size, KERNEL, "GIC distributor")]
    out += [DeviceOwner(f"gicr{c.id}", b.gicr(c).base, b.gicr(c).size, KERNEL,
                        f"GIC redistributor of CPU {c.id}") for c in b.cpus]
    out += [DeviceOwner(d.name, d.mmio.base, d.mmio.size, owned.get(d.name), d.compatible)
            for d in b.devices.values()]
    for p in s.partitions:
        out += [DeviceOwner(m.name, m.physical, m.size, p.name, "raw MMIO")
                for m in p.mmio]
    return sorted(out, key=lambda o: (o.base, o.name))


@dataclass(frozen=True)
class EmulatedDevice:
    """A device the kernel emulates for a partition: not mapped, every
    access trapped and answered by the kernel (sk/vdev.c)."""
    kind: str            # "gicd", "gicr" or "pl011"
    ipa: int
    size: int
    intid: int | None    # its interrupt, if it has one
    what: str            # for people
    origin: str          # where it comes from
    # The description or board entry it comes from: (document, path).
    declared: tuple | None = None


def emulated_devices(s: System, p: Partition) -> list[EmulatedDevice]:
    """Devices the kernel emulates for p, by address: the interrupt
    controller the architecture's back end says (every partition); with
    console pl011, a PL011 at the board console's address, with the
    console's interrupt."""
    b = s.board
    out = b.backend.emulated_irqchip(b, len(p.vcpus))
    if p.vuart:
        uart = b.devices[b.console]
        out.append(EmulatedDevice("pl011", uart.mmio.base, uart.mmio.size,
                                  uart.irqs[0] if uart.irqs else None,
                                  "PL011 UART console (emulated)",
                                  f"at the board console's address: {p.origin.at('console')}",
                                  (p.origin.doc, tuple(p.origin.path) + ("console",))))
    return sorted(out, key=lambda d: d.ipa)


@dataclass(frozen=True)
class KernelMap:
    what: str
    base: int
    size: int
    kind: str  # "DEVICE", "PARTITION" or "IMAGES"
    origin: str  # where it comes from, for the comment


def kernel_maps(s: System) -> list[KernelMap]:
    """Ranges the kernel maps for itself besides its image, in address
    order: its console, the GIC, the RAM of partitions and shared
    channels (to load images and read hypercall buffers) and, read-only,
    the image store."""
    b = s.board
    bdoc = b.doc.display
    out = [
        KernelMap(f"console {b.console}", b.devices[b.console].mmio.base,
                  b.devices[b.console].mmio.size, "DEVICE", f"{bdoc}: kernel.console"),
        KernelMap("GIC distributor", b.gicd.base, b.gicd.size, "DEVICE",
                  f"{bdoc}: gic.distributor"),
    ]
    for cpu in s.cpus:
        g = b.gicr(b.cpu(cpu))
        out.append(KernelMap(f"GIC redistributor cpu{cpu}", g.base, g.size,
                             "DEVICE", f"{bdoc}: gic.redistributor"))
    for p in s.partitions:
        for r in p.regions:
            out.append(KernelMap(f"{p.name}.{r.name}", r.pa, r.size, "PARTITION",
                                 str(r.origin)))
    for c in s.channels:
        if c.kind == "shared_memory":
            out.append(KernelMap(f"channel {c.name}", c.pa, c.size, "PARTITION",
                                 str(c.origin)))
    if s.store is not None:
        out.append(KernelMap("image store", s.store.base, s.store.size, "IMAGES",
                             "the RAM no partition uses (layout.place_store)"))
    return sorted(out, key=lambda k: k.base)
