# SPDX-License-Identifier: Apache-2.0
"""The validated shape of a system description, as Python objects.

Built only from a document that passed the schema. Every object keeps its
Origin (file, line, document path) so rules can point at it and emitted
tables can say where each entry came from. Addresses the description leaves
open (a region's physical address) are filled in by layout.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .board import Board
from .diag import Location
from .source import Document, PathT, format_path
from .units import parse_size, parse_time


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


ACCESS_FLAGS = {"r": "READ", "w": "WRITE", "x": "EXEC"}


@dataclass
class Region:
    name: str
    size: int
    access: str            # "r", "rw", "rx" or "rwx"
    ipa: int | None        # as written; None: same as physical
    physical: int | None   # as written; None: the generator places it
    origin: Origin
    partition: "Partition" = field(repr=False, default=None)
    pa: int | None = None  # final physical address (layout.py)

    @property
    def final_ipa(self) -> int:
        return self.ipa if self.ipa is not None else self.pa

    @property
    def executable(self) -> bool:
        return "x" in self.access


@dataclass
class Partition:
    index: int
    name: str
    image: str
    params: dict[str, int | str]
    privileges: list[str]
    regions: list[Region]
    origin: Origin

    @property
    def vmid(self) -> int:
        return self.index + 1  # VMID 0 is left unused

    @property
    def load_region(self) -> Region | None:
        """The image goes at the start of the first executable region."""
        return next((r for r in self.regions if r.executable), None)


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

    def plan(self, name: str) -> Plan | None:
        return next((p for p in self.plans if p.name == name), None)


@dataclass
class System:
    doc: Document
    board: Board
    name: str
    cpus: list[int]
    partitions: list[Partition]
    schedule: Schedule

    def partition(self, name: str) -> Partition | None:
        return next((p for p in self.partitions if p.name == name), None)


def build(doc: Document, board: Board) -> System:
    d = doc.data
    root = Origin(doc, ())
    parts = []
    for i, p in enumerate(d["partitions"]):
        po = root.at("partitions", i)
        regions = [
            Region(name=r["name"], size=parse_size(r["size"]),
                   access=r["access"], ipa=r.get("ipa"),
                   physical=r.get("physical"), origin=po.at("memory", j))
            for j, r in enumerate(p["memory"])
        ]
        part = Partition(index=i, name=p["name"], image=p["image"],
                         params=dict(p.get("params", {})),
                         privileges=list(p.get("privileges", [])),
                         regions=regions, origin=po)
        for r in regions:
            r.partition = part
        parts.append(part)

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
                for k, w in enumerate(items)
            ]
        plans.append(Plan(name=name, windows=windows, origin=plo))
    schedule = Schedule(major_frame=parse_time(s["major_frame"]),
                        initial_plan=s["initial_plan"], plans=plans, origin=so)
    return System(doc=doc, board=board, name=d["system"]["name"],
                  cpus=list(d["system"]["cpus"]), partitions=parts,
                  schedule=schedule)
