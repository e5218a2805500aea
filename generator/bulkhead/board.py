# SPDX-License-Identifier: Apache-2.0
"""Board descriptions: boards/<name>/board.yaml, data only.

A board says what the hardware is (RAM, CPUs, MMU sizes, GIC, timer,
devices) and what the kernel keeps for itself. The generator reads it; no
board fact is written into kernel C.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from . import backends, schema, source
from .diag import Diagnostics, Location, UserError, did_you_mean, fail
from .units import parse_size, parse_time


@dataclass(frozen=True)
class Range:
    base: int
    size: int

    @property
    def end(self) -> int:
        return self.base + self.size

    def overlaps(self, other: "Range") -> bool:
        return self.base < other.end and other.base < self.end

    def contains(self, other: "Range") -> bool:
        return self.base <= other.base and other.end <= self.end


@dataclass(frozen=True)
class Device:
    name: str
    compatible: str
    mmio: Range
    irqs: tuple[int, ...]


@dataclass(frozen=True)
class BoardCpu:
    id: int
    mpidr: int
    index: int  # position in the board's list


@dataclass
class Board:
    name: str
    arch: str
    description: str
    doc: source.Document
    ram: list[tuple[str, Range]]
    cpus: list[BoardCpu]
    boot_cpu: int
    pa_bits: int
    ipa_bits: int
    vmid_bits: int
    gicd: Range
    gicr_base: int
    gicr_stride: int
    gicr_size: int          # one CPU's redistributor frames (the back end's, for the GIC version)
    list_registers: int
    maintenance_irq: int    # the GIC's virtual-interface maintenance interrupt (a PPI)
    timer_hz: int
    timer_hyp_irq: int
    timer_virt_irq: int
    devices: dict[str, Device]
    kernel_memory: Range
    console: str
    qemu: dict | None
    # Defaults of the systems on this board (ns): schedule.switch_time and
    # schedule.work_margin, the board's own figures for its kernel.
    switch_time: int
    work_margin: int
    # The GIC's interrupt translation service, if the board has one: the
    # kernel does not use it, and no partition may map it.
    gits: Range | None = None
    # The architecture's generator back end (backends.py), chosen by `arch`.
    backend: ModuleType = field(repr=False, compare=False, default=None)

    def cpu(self, cpu_id: int) -> BoardCpu | None:
        return next((c for c in self.cpus if c.id == cpu_id), None)

    def gicr(self, cpu: BoardCpu) -> Range:
        """The redistributor frames of one CPU (RD_base and SGI_base)."""
        return Range(self.gicr_base + cpu.index * self.gicr_stride, self.gicr_size)

    @property
    def ram_size(self) -> int:
        return sum(r.size for _, r in self.ram)

    def mmio(self) -> list[tuple[str, Range]]:
        """Every MMIO range of the board, named: GIC frames and devices."""
        out = [("the GIC distributor", self.gicd)]
        out += [(f"the GIC redistributor of CPU {c.id}", self.gicr(c)) for c in self.cpus]
        if self.gits is not None:
            out += [("the GIC interrupt translation service (ITS)", self.gits)]
        out += [(f"device '{d.name}'", d.mmio) for d in self.devices.values()]
        return out


def boards_dir(repo: Path) -> Path:
    return repo / "boards"


def available(repo: Path) -> list[str]:
    d = boards_dir(repo)
    return sorted(p.parent.name for p in d.glob("*/board.yaml"))


def _range(data: dict) -> Range:
    return Range(int(data["base"]), parse_size(data["size"]))


def _check(b: Board, diags: Diagnostics) -> None:
    """Consistency of the board itself."""
    doc = b.doc
    ids = [c.id for c in b.cpus]
    for i, c in enumerate(b.cpus):
        if ids.count(c.id) > 1 and ids.index(c.id) != i:
            diags.error(doc.where(("cpus", i, "id")),
                        f"CPU {c.id} is listed twice", f"cpus[{i}].id")
    if b.cpu(b.boot_cpu) is None:
        diags.error(doc.where(("boot_cpu",)),
                    f"boot CPU {b.boot_cpu} is not in the board's CPU list",
                    "boot_cpu")
    if b.ipa_bits > b.pa_bits:
        diags.error(doc.where(("mmu", "ipa_bits")),
                    f"IPA size {b.ipa_bits} bits exceeds the {b.pa_bits}-bit "
                    "physical address size", "mmu.ipa_bits")
    if b.timer_hyp_irq == b.timer_virt_irq:
        diags.error(doc.where(("timer", "virtual_irq")),
                    "the virtual timer and the kernel timer share an interrupt",
                    "timer.virtual_irq")
    for i, (name, r) in enumerate(b.ram):
        if r.base % 4096 or r.size % 4096:
            diags.error(doc.where(("memory", i)),
                        f"RAM bank '{name}' is not 4 KiB aligned", f"memory[{i}]")
    if not any(r.contains(b.kernel_memory) for _, r in b.ram):
        diags.error(doc.where(("kernel", "memory")),
                    "the kernel's memory is not inside the board's RAM",
                    "kernel.memory")
    if b.kernel_memory.base % (2 << 20) or b.kernel_memory.size % (2 << 20):
        diags.error(doc.where(("kernel", "memory")),
                    "the kernel's memory must be 2 MiB aligned",
                    "kernel.memory")
    if b.console not in b.devices:
        diags.error(doc.where(("kernel", "console")),
                    f"console '{b.console}' is not a device of the board",
                    "kernel.console",
                    hint="devices: " + ", ".join(sorted(b.devices)))
    names = [d["name"] for d in doc.data["devices"]]
    for i, name in enumerate(names):
        if names.index(name) != i:
            diags.error(doc.where(("devices", i, "name")),
                        f"device name '{name}' is used twice",
                        f"devices[{i}].name")
    # MMIO ranges: aligned, disjoint, and never over RAM.
    paths = [("gic", "distributor")] + [("gic", "redistributor")] * len(b.cpus) + \
        [("gic", "its")] * (b.gits is not None) + \
        [("devices", i, "mmio") for i in range(len(b.devices))]
    mmio = b.mmio()
    for i, ((what, r), path) in enumerate(zip(mmio, paths)):
        if r.base % 4096 or r.size % 4096:
            diags.error(doc.where(path), f"{what} is not 4 KiB aligned",
                        source.format_path(path))
        for what2, r2 in mmio[:i]:
            if r.overlaps(r2):
                diags.error(doc.where(path), f"{what} overlaps {what2}",
                            source.format_path(path))
        for bank, ram in b.ram:
            if r.overlaps(ram):
                diags.error(doc.where(path), f"{what} overlaps RAM '{bank}'",
                            source.format_path(path))


def load(name: str, repo: Path, referrer: Location) -> Board:
    """Load boards/<name>/board.yaml; `referrer` is where the system named it."""
    path = boards_dir(repo) / name / "board.yaml"
    try:
        found = path.is_file()
    except OSError:  # a name no file system takes (too long, say)
        found = False
    if not found:
        known = available(repo)
        raise fail(referrer, f"unknown board '{name}'{did_you_mean(name, known)}",
                   "system.board",
                   hint="known boards: " + (", ".join(known) if known else "none"))
    doc = source.load(path, repo)
    diags = Diagnostics()
    if not schema.validate(doc, "board", diags):
        raise UserError(diags.sorted())
    d = doc.data
    if d["name"] != name:
        diags.error(doc.where(("name",)),
                    f"board in folder '{name}' is named '{d['name']}'", "name")
    backend = backends.backend(d["arch"], doc.where(("arch",)))
    b = Board(
        name=d["name"], arch=d["arch"], backend=backend, description=d.get("description", ""),
        doc=doc,
        ram=[(m["name"], _range(m)) for m in d["memory"]],
        cpus=[BoardCpu(c["id"], c["mpidr"], i) for i, c in enumerate(d["cpus"])],
        boot_cpu=d["boot_cpu"],
        pa_bits=d["mmu"]["pa_bits"], ipa_bits=d["mmu"]["ipa_bits"],
        vmid_bits=d["mmu"]["vmid_bits"],
        gicd=_range(d["gic"]["distributor"]),
        gits=_range(d["gic"]["its"]) if "its" in d["gic"] else None,
        gicr_base=d["gic"]["redistributor"]["base"],
        gicr_stride=parse_size(d["gic"]["redistributor"]["stride"]),
        gicr_size=backend.redistributor_size(d["gic"]["version"]),
        list_registers=d["gic"]["list_registers"],
        maintenance_irq=d["gic"]["maintenance_irq"],
        timer_hz=d["timer"]["frequency_hz"],
        timer_hyp_irq=d["timer"]["hypervisor_irq"],
        timer_virt_irq=d["timer"]["virtual_irq"],
        devices={dv["name"]: Device(dv["name"], dv["compatible"], _range(dv["mmio"]),
                                    tuple(dv.get("irqs", [])))
                 for dv in d["devices"]},
        kernel_memory=_range(d["kernel"]["memory"]),
        console=d["kernel"]["console"],
        qemu=d.get("qemu"),
        switch_time=parse_time(d["kernel"]["switch_time"]),
        work_margin=parse_time(d["kernel"]["work_margin"]),
    )
    _check(b, diags)
    if diags.errors:
        raise UserError(diags.sorted())
    return b
