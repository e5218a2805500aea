# SPDX-License-Identifier: Apache-2.0
"""Emission: the validated, laid-out model -> files, through Jinja2.

This module computes every value the templates print (the view); the
templates in templates/ only place them. Output is deterministic: inputs
are named by their path relative to the repository and their SHA-256,
collections are in a fixed order, nothing depends on time or machine.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import VERSION, aarch64, layout
from .model import Partition, Region, System
from .units import format_size, format_time

TEMPLATES = Path(__file__).resolve().parent / "templates"
CONFIG_ABI = 1  # must match SK_CONFIG_ABI in sk/include/sk/config.h


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["hex"] = lambda v: f"{v:#x}"
    env.filters["size"] = format_size
    env.filters["time"] = format_time
    return env


def _flags(r: Region) -> str:
    names = [f"SK_MEM_{flag}" for ch, flag in (("r", "READ"), ("w", "WRITE"),
                                              ("x", "EXEC")) if ch in r.access]
    return " | ".join(names)


def _param_defines(p: Partition) -> list[tuple[str, str]]:
    out = []
    for key in sorted(p.params):
        value = p.params[key]
        name = f"BH_PARAM_{key.upper()}"
        if isinstance(value, int):
            out.append((name, f"{value:#x}ull" if value > 9 else f"{value}u"))
        else:
            out.append((name, f'"{value}"'))
            out.append((f"{name}_{value.upper()}", "1"))
    return out


@dataclass
class Output:
    files: dict[str, str]  # relative path -> text


def banner(s: System) -> dict:
    return {
        "version": VERSION,
        "system": s.doc.display,
        "inputs": [(s.doc.display, s.doc.sha256),
                   (s.board.doc.display, s.board.doc.sha256)],
    }


def view(s: System) -> dict:
    b = s.board
    hz = b.timer_hz
    cpus = []
    for i, cpu in enumerate(s.cpus):
        c = b.cpu(cpu)
        cpus.append({"index": i, "id": cpu, "mpidr": c.mpidr,
                     "gicr": b.gicr(c).base,
                     "origin": f"{b.doc.display}: cpus[{c.index}]"})

    parts = []
    for p in s.partitions:
        sym = f"p_{p.name}"
        s2 = aarch64.Stage2(p, f"{sym}_s2")
        tables = []
        for t in s2.tables():
            entries = []
            for index, e in t.sorted_entries():
                value = (f"S2_NEXT({e.child.symbol})" if e.child is not None
                         else f"{e.value:#018x}ull")
                entries.append({"index": index, "value": value,
                                "comment": e.comment})
            tables.append({"symbol": t.symbol, "level": t.level, "base": t.base,
                           "entries": entries})
        load = p.load_region
        parts.append({
            "index": p.index, "name": p.name, "sym": sym, "vmid": p.vmid,
            "image": p.image,
            "privileges": " | ".join(f"SK_PRIV_{x.upper()}" for x in p.privileges) or "0",
            "origin": str(p.origin),
            "regions": [{
                "name": r.name, "ipa": r.final_ipa, "pa": r.pa, "size": r.size,
                "flags": _flags(r), "access": r.access, "origin": str(r.origin),
                "placed": "fixed in the description" if r.physical is not None
                          else "placed by the generator",
            } for r in p.regions],
            "load_region": p.regions.index(load),
            "load_ipa": load.final_ipa, "load_size": load.size,
            "load_name": load.name,
            "tables": tables, "root": s2.root.symbol,
            "params": _param_defines(p),
        })

    plans = []
    for plan in s.schedule.plans:
        per_cpu = []
        for cpu in s.cpus:
            rows = []
            for sl in layout.slots(s, plan.name, cpu):
                w = sl.window
                if w is None:
                    comment = (f"idle {format_time(sl.start * 10**9 // hz)} to "
                               f"{format_time(sl.end * 10**9 // hz)} (no window)")
                    rows.append({"start": sl.start, "end": sl.end,
                                 "partition": "SK_SLOT_IDLE",
                                 "window": "SK_SLOT_IDLE", "comment": comment})
                else:
                    comment = (f"{w.partition} {format_time(w.offset)} to "
                               f"{format_time(w.end)}: {w.origin}")
                    rows.append({"start": sl.start, "end": sl.end,
                                 "partition": f"{s.partition(w.partition).index}u",
                                 "window": f"{w.index}u", "comment": comment})
            per_cpu.append({"cpu": cpu, "slots": rows})
        plans.append({"name": plan.name, "sym": f"plan_{plan.name}",
                      "cpus": per_cpu, "origin": str(plan.origin)})

    maps = layout.kernel_maps(s)
    km = b.kernel_memory
    return {
        "banner": banner(s),
        "abi": CONFIG_ABI,
        "system": {"name": s.name, "board": b.name, "sha256": s.doc.sha256,
                   "timer_hz": hz,
                   "major_frame": layout.ticks(s.schedule.major_frame, hz),
                   "major_frame_text": format_time(s.schedule.major_frame),
                   "origin": str(s.schedule.origin.at("major_frame"))},
        "kernel": {"base": km.base, "size": km.size,
                   "origin": f"{b.doc.display}: kernel.memory"},
        "cpus": cpus,
        "boot_mpidr": b.cpu(s.cpus[0]).mpidr,
        "partitions": parts,
        "plans": plans,
        "initial_plan": [p.name for p in s.schedule.plans].index(s.schedule.initial_plan),
        "initial_plan_name": s.schedule.initial_plan,
        "kmaps": [{"what": m.what, "base": m.base, "size": m.size, "kind": m.kind,
                   "origin": m.origin} for m in maps],
        "arch": {
            "gicd": b.gicd.base,
            "uart": b.devices[b.console].mmio.base,
            "timer_intid": b.timer_hyp_irq,
            "pa_bits": b.pa_bits, "ipa_bits": b.ipa_bits,
            "s2_start_level": aarch64.START_LEVEL,
            "s1_pool_tables": aarch64.s1_pool_tables((km.base, km.size), maps),
            "origin": b.doc.display,
        },
    }


def render(s: System) -> Output:
    env = _env()
    v = view(s)
    files = {
        "sk_config.c": env.get_template("sk_config.c.j2").render(v),
        "kernel_memory.ld": env.get_template("kernel_memory.ld.j2").render(v),
        "images.S": env.get_template("images.S.j2").render(v),
        "system.cmake": env.get_template("system.cmake.j2").render(v),
    }
    for p in v["partitions"]:
        pv = dict(v, p=p)
        base = f"partitions/{p['name']}"
        files[f"{base}/bulkhead_partition.h"] = \
            env.get_template("bulkhead_partition.h.j2").render(pv)
        files[f"{base}/partition_memory.ld"] = \
            env.get_template("partition_memory.ld.j2").render(pv)
    return Output(files)


def write(out: Output, directory: Path) -> list[str]:
    """Write every file whose content changed; returns those written."""
    written = []
    for rel, text in sorted(out.files.items()):
        path = directory / rel
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        written.append(rel)
    return written
