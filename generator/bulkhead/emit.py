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

from . import VERSION, dts, layout, report
from .rules import Context
from .model import (CONSOLE_KERNEL_BYTES, HM_EVENTS, PRIVILEGES, HmAction, Origin,
                    Partition, System)
from .units import format_size, format_time

TEMPLATES = Path(__file__).resolve().parent / "templates"
CONFIG_ABI = 6  # must match SK_CONFIG_ABI in sk/include/sk/config.h

HM_ACTION_C = {"log": "SK_HM_LOG", "stop": "SK_HM_STOP",
               "cold_restart": "SK_HM_COLD_RESTART",
               "warm_restart": "SK_HM_WARM_RESTART",
               "switch_plan": "SK_HM_SWITCH_PLAN", "halt": "SK_HM_HALT"}
CHANNEL_C = {"sampling": "SK_CHANNEL_SAMPLING", "queuing": "SK_CHANNEL_QUEUING",
             "shared_memory": "SK_CHANNEL_SHARED_MEMORY"}


def environment() -> jinja2.Environment:
    """The Jinja2 environment of every template (StrictUndefined, the
    filters they use); report.render takes it too."""
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
    env.filters["cname"] = lambda v: v.upper()
    return env


def _flags(m: layout.Mapping) -> str:
    names = [f"SK_MEM_{flag}" for ok, flag in ((m.read, "READ"), (m.write, "WRITE"),
                                               (m.execute, "EXEC")) if ok]
    names += {"device": ["SK_MEM_DEVICE"], "normal_nc": ["SK_MEM_NONCACHEABLE"],
              "normal_wb": []}[m.memtype]
    if m.kind == "channel":
        names.append("SK_MEM_SHARED")
    return " | ".join(names)


# BH_MAP_* of bulkhead_partition.h, by what a mapping is or allows.
BH_MAP = {"read": 1, "write": 2, "exec": 4, "device": 8, "shared": 16}


def _bh_map(m: layout.Mapping) -> int:
    """The BH_MAP_* flags of a mapping, for the partition's BH_MAPPINGS."""
    return sum(bit for ok, bit in ((m.read, BH_MAP["read"]), (m.write, BH_MAP["write"]),
                                   (m.execute, BH_MAP["exec"]),
                                   (m.kind in ("device", "mmio"), BH_MAP["device"]),
                                   (m.kind == "channel", BH_MAP["shared"])) if ok)


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


def _hm_row(s: System, a: HmAction, event: str) -> dict:
    plans = [pl.name for pl in s.schedule.plans]
    then = a.then
    origin = str(a.origin) if a.origin is not None else "built-in default"
    text = a.action + (f" '{a.plan}'" if a.plan else "")
    if a.max_restarts is not None and then is not None:
        text += f", {a.max_restarts} times, then {then.action}" + \
            (f" '{then.plan}'" if then.plan else "")
    return {
        "event": event, "cevent": f"SK_HM_{event.upper()}",
        "action": HM_ACTION_C[a.action],
        "max_restarts": a.max_restarts or 0,
        "then": HM_ACTION_C[then.action] if then else "SK_HM_LOG",
        "plan": f"{plans.index(a.plan)}u" if a.plan else "SK_NONE",
        "then_plan": f"{plans.index(then.plan)}u" if then and then.plan else "SK_NONE",
        "text": text, "origin": origin,
    }


@dataclass
class Output:
    files: dict[str, str | bytes]  # relative path -> text, or bytes (image.bin)


def _console_input(s: System) -> dict:
    """Which partition receives console input, on which interrupt."""
    p = s.partition(s.console_input) if s.console_input else None
    if p is None:
        return {"console_input": "SK_NONE", "console_irq": "SK_NONE",
                "console_input_text": "nobody: what is typed is dropped"}
    dev = s.board.devices[s.board.console]
    return {"console_input": f"{p.index}u", "console_irq": f"{dev.irqs[0]}u",
            "console_input_text": f"'{p.name}' ({s.doc.display}:"
                                  f"{s.doc.where(('system', 'console_input')).line}), "
                                  f"on the interrupt of '{dev.name}'"}


def _value_origin(s: System, o: Origin) -> str:
    """Where a value comes from: the description's key and line, or the
    board's default."""
    if o.doc is s.doc:
        return str(o)
    return f"default from {o.doc.display}: {o.dotted}"


def _ring_sum(s: System) -> str:
    """'alpha 2048 + beta 2048 + kernel 4096 = 8192 bytes'."""
    terms = [f"{p.name} {p.console_budget}" for p in s.partitions]
    terms.append(f"kernel {CONSOLE_KERNEL_BYTES}")
    return " + ".join(terms) + f" = {s.console_ring_size} bytes"


def banner(s: System) -> dict:
    return {
        "version": VERSION,
        "system": s.doc.display,
        "inputs": [(s.doc.display, s.doc.sha256),
                   (s.board.doc.display, s.board.doc.sha256)],
    }


def _partition_view(s: System, p: Partition) -> dict:
    sym = f"p_{p.name}"
    arch = s.board.backend
    maps = layout.mappings(s, p)
    s2 = arch.Stage2(p.name, maps, f"{sym}_s2")
    tables = []
    for t in s2.tables():
        entries = []
        for index, e in t.sorted_entries():
            value = (f"S2_NEXT({e.child.symbol})" if e.child is not None
                     else f"{e.value:#018x}ull")
            entries.append({"index": index, "value": value, "comment": e.comment})
        tables.append({"symbol": t.symbol, "level": t.level, "base": t.base,
                       "entries": entries})
    img = p.image
    home = next(i for i, m in enumerate(maps) if m.kind == "region" and m.execute
                and m.ipa <= img.load < m.ipa + m.size)
    placed = {id(r): r.physical is None for r in p.regions}
    regions = []
    for m, r in zip(maps, p.regions + [None] * (len(maps) - len(p.regions))):
        if m.kind == "region":
            note = "placed by the generator" if placed[id(r)] else "fixed in the description"
        elif m.kind == "channel":
            note = "shared channel, " + ("placed by the generator"
                                         if m.channel.physical is None
                                         else "fixed in the description")
        else:
            note = f"{m.kind} of the board" if m.kind == "device" else "raw MMIO"
        regions.append({
            "name": m.name, "ipa": m.ipa, "pa": m.pa, "size": m.size,
            "flags": _flags(m), "bh_map": _bh_map(m), "access": m.access,
            "memtype": m.memtype,
            "kind": m.kind, "origin": str(m.origin), "placed": note,
            "channel": f"{m.channel.index}u" if m.channel else "SK_NONE",
        })
    cpu_index = {cpu: i for i, cpu in enumerate(s.cpus)}
    devices = []
    for g in p.devices:
        if g.device is not None:
            devices.append({"name": g.name, "ipa": g.final_ipa, "size": g.device.mmio.size,
                            "irqs": list(g.device.irqs), "compatible": g.device.compatible})
    ports = [{"id": port.id, "channel": port.channel.name, "index": port.channel.index,
              "kind": port.channel.kind, "direction": port.direction,
              "cdir": "SK_PORT_SOURCE" if port.direction == "source" else "SK_PORT_DESTINATION",
              "message_size": port.channel.message_size, "depth": port.channel.depth,
              "refresh": port.channel.refresh,
              "ipa": port.channel.final_ipa(p.name) if port.channel.kind == "shared_memory" else None,
              "size": port.channel.size,
              "writable": p.name in port.channel.writers(),
              "origin": str(port.channel.origin)} for port in p.ports]
    return {
        "index": p.index, "name": p.name, "sym": sym, "vmid": p.vmid,
        "image": img.payload or img.written, "format": img.format,
        "privileges": " | ".join(f"SK_PRIV_{x.upper()}" for x in p.privileges) or "0",
        "privilege_bits": [(x, 1 if x in p.privileges else 0) for x in PRIVILEGES],
        "flags": " | ".join(f for ok, f in ((p.console, "SK_PART_CONSOLE"),
                                            (p.sgis, "SK_PART_SGIS"),
                                            (p.debug_ignore, "SK_PART_DEBUG_IGNORE"))
                            if ok) or "0",
        "sgis": p.sgis, "debug_ignore": p.debug_ignore,
        "console": p.console,
        "console_budget": p.console_budget,
        "console_budget_text": format_size(p.console_budget) + ": " + (
            str(p.console_budget_origin) if p.console_budget_origin is not None
            else "default"),
        "origin": str(p.origin),
        "regions": regions,
        "load_region": home, "load_ipa": img.load, "entry_ipa": img.entry,
        "arg": img.arg,
        "load_name": maps[home].name, "load_size": maps[home].size - (img.load - maps[home].ipa),
        "tables": tables, "root": s2.root.symbol,
        "n_irqs": len(p.irqs) + len(p.doorbells) + sum(
            1 for d in layout.emulated_devices(s, p) if d.intid is not None),
        "params": _param_defines(p),
        "vcpus": [{"index": i, "cpu": cpu, "cpu_index": cpu_index.get(cpu, 0)}
                  for i, cpu in enumerate(p.vcpus)],
        "irqs": [{"intid": g.intid, "source": g.source, "origin": str(g.origin)}
                 for g in sorted(p.irqs, key=lambda g: g.intid)],
        "ports": ports,
        "doorbells": [{"intid": db.intid, "channel": db.channel.name,
                       "index": db.channel.index} for db in p.doorbells],
        "devices": devices,
        "vdevs": _vdevs(s, p),
        "hm": [_hm_row(s, s.hm_action(p, ev), ev) for ev in HM_EVENTS],
    }


VDEV_KINDS = {"pl011": ("SK_VDEV_PL011", "PL011 console")}


def _vdevs(s: System, p: Partition) -> list[dict]:
    """Devices the kernel emulates for p (layout.emulated_devices); the
    interrupt controller's kinds are the back end's."""
    kinds = {**s.board.backend.VDEV_KINDS, **VDEV_KINDS}
    return [{"kind": kinds[d.kind][0], "name": d.kind, "ipa": d.ipa, "size": d.size,
             "intid": d.intid, "cintid": "SK_NONE" if d.intid is None else f"{d.intid}u",
             "comment": f"{kinds[d.kind][1]}, {d.origin}"}
            for d in layout.emulated_devices(s, p)]


# Virtual interrupt slot of a partition's first device interrupt
# (SK_VIRQ_FIRST_IRQ in sk/exit.h; slot 0 is the virtual timer).
VIRQ_FIRST_IRQ = 1


def _irq_owner_rows(s: System, index: dict[str, int]) -> list[dict]:
    """The interrupt ownership table, with each partition interrupt's
    virtual interrupt slot: partitions list theirs by INTID, as this table
    does, so the k-th one a partition owns here is its k-th."""
    rows, seen = [], {}
    for o in layout.irq_owners(s):
        if o.owner == layout.KERNEL:
            owner, slot = "SK_OWNER_KERNEL", "SK_NONE"
        else:
            owner = f"{index[o.owner]}u"
            slot = f"{VIRQ_FIRST_IRQ + seen.get(o.owner, 0)}u"
            seen[o.owner] = seen.get(o.owner, 0) + 1
        rows.append({"intid": o.intid, "owner": owner, "slot": slot,
                     "who": o.owner, "why": o.why, "origin": o.origin})
    return rows


def _irq_routes(s: System) -> list[int]:
    """INTIDs 0 to the highest a partition owns (empty if none)."""
    owned = [o.intid for o in layout.irq_owners(s) if o.owner != layout.KERNEL]
    return list(range(max(owned) + 1)) if owned else []


def view(s: System) -> dict:
    b = s.board
    arch = b.backend
    hz = b.timer_hz
    cpus = []
    for i, cpu in enumerate(s.cpus):
        c = b.cpu(cpu)
        cpus.append({"index": i, "id": cpu, "arch": arch.cpu_fields(b, c),
                     "origin": f"{b.doc.display}: cpus[{c.index}]"})
    parts = [_partition_view(s, p) for p in s.partitions]
    index = {p.name: p.index for p in s.partitions}

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
                                 "partition": "SK_SLOT_IDLE", "vcpu": "SK_NONE",
                                 "window": "SK_NONE", "comment": comment})
                else:
                    p = s.partition(w.partition)
                    comment = (f"{w.partition} {format_time(w.offset)} to "
                               f"{format_time(w.end)}: {w.origin}")
                    rows.append({"start": sl.start, "end": sl.end,
                                 "partition": f"{p.index}u",
                                 "vcpu": f"{p.vcpus.index(cpu)}u",
                                 "window": f"{w.index}u", "comment": comment})
            per_cpu.append({"cpu": cpu, "slots": rows})
        plans.append({"name": plan.name, "sym": f"plan_{plan.name}",
                      "cpus": per_cpu, "origin": str(plan.origin)})

    channels = []
    for c in s.channels:
        channels.append({
            "index": c.index, "name": c.name, "kind": CHANNEL_C[c.kind],
            "slots": {"sampling": 1, "queuing": c.depth}.get(c.kind, 0),
            "data_size": {"sampling": 1, "queuing": c.depth}.get(c.kind, 0) * c.message_size,
            "message_size": c.message_size, "depth": c.depth,
            "doorbell": 1 if c.doorbell else 0,
            "refresh": layout.ticks(c.refresh, hz), "refresh_text": format_time(c.refresh),
            "pa": c.pa or 0, "size": c.size,
            "writers": [index[n] for n in c.writers()],
            "readers": [index[n] for n in c.receivers()],
            "origin": str(c.origin),
        })

    # Each partition's and channel's slice of the pools (sk_config.c.j2,
    # SK_POOL), in table order; sk/verify.c checks that they tile.
    pools = {"vcpus": 0, "states": 0, "data": 0, "lengths": 0}
    for v in parts:
        v["vcpu_offset"] = pools["vcpus"]
        pools["vcpus"] += len(v["vcpus"])
    for c in channels:
        c["state_offset"], c["data_offset"], c["length_offset"] = \
            pools["states"], pools["data"], pools["lengths"]
        if c["slots"]:
            pools["states"] += 1
            pools["data"] += c["data_size"]
            pools["lengths"] += c["slots"]

    maps = layout.kernel_maps(s)
    km = b.kernel_memory
    return {
        "pools": pools,
        "banner": banner(s),
        "abi": CONFIG_ABI,
        "system": {"name": s.name, "board": b.name, "sha256": s.doc.sha256,
                   "timer_hz": hz,
                   "major_frame": layout.ticks(s.schedule.major_frame, hz),
                   "major_frame_text": format_time(s.schedule.major_frame),
                   "origin": str(s.schedule.origin.at("major_frame")),
                   "switch_ticks": layout.ticks(s.schedule.switch_time, hz),
                   "switch_text": format_time(s.schedule.switch_time),
                   "switch_origin": _value_origin(s, s.schedule.switch_origin),
                   "margin_ticks": layout.ticks(s.schedule.work_margin, hz),
                   "margin_text": format_time(s.schedule.work_margin),
                   "margin_origin": _value_origin(s, s.schedule.margin_origin),
                   "console_ring_size": s.console_ring_size,
                   "console_ring_sum": _ring_sum(s),
                   "console_kernel": CONSOLE_KERNEL_BYTES,
                   "audit_records": s.audit_records,
                   **_console_input(s)},
        "kernel": {"base": km.base, "size": km.size,
                   "origin": f"{b.doc.display}: kernel.memory"},
        "store": {"base": s.store.base, "size": s.store.size, "end": s.store.end},
        "cpus": cpus,
        "boot_mpidr": arch.boot_id(b, s.cpus[0]),
        "bh_map": list(BH_MAP.items()),
        "gicr_per_vcpu": b.gicr_size,
        "partitions": parts,
        "channels": channels,
        "plans": plans,
        "initial_plan": [p.name for p in s.schedule.plans].index(s.schedule.initial_plan),
        "initial_plan_name": s.schedule.initial_plan,
        "kmaps": [{"what": m.what, "base": m.base, "size": m.size, "kind": m.kind,
                   "origin": m.origin} for m in maps],
        "irq_owners": _irq_owner_rows(s, index),
        "irq_routes": _irq_routes(s),
        "devices": [{"name": d.name, "base": d.base, "size": d.size,
                     "owner": "SK_NONE" if d.owner is None else
                     "SK_OWNER_KERNEL" if d.owner == layout.KERNEL else f"{index[d.owner]}u",
                     "who": d.owner or "nobody", "what": d.what}
                    for d in layout.device_owners(s)],
        "arch": {
            "fields": arch.system_fields(b, (km.base, km.size), maps),
            "s1_pool_tables": arch.s1_pool_tables((km.base, km.size), maps),
            "s2_next": arch.table_pointer()[0],
            "s2_next_comment": arch.table_pointer()[1],
            "table_entries": arch.TABLE_ENTRIES,
            "table_align": arch.TABLE_ALIGN,
            "vtimer_intid": b.timer_virt_irq,
            "origin": b.doc.display,
        },
    }


def cmake_images(s: System) -> list[dict]:
    """How the build makes each partition's image."""
    out = []
    for p in s.partitions:
        img = p.image
        row = {"name": p.name, "format": img.format,
               "payload": img.payload or "", "file": img.written or ""}
        if img.format == "linux":
            r = p.load_region
            row.update(kernel=img.kernel_written, initramfs=img.initramfs_written or "",
                       load=img.load, size=r.final_ipa + r.size - img.load,
                       kernel_offset=img.entry - img.load)
        out.append(row)
    return out


def image_bytes(img) -> bytes | None:
    """What the kernel copies for an image file: an ELF file's flat image
    (elf.ElfImage.flat, from the segments the layout and the report use),
    a binary file as it is. None for images the build makes (payload,
    linux)."""
    if img.format == "elf":
        return img.elf.flat()
    if img.format == "binary":
        return img.file.read_bytes()
    return None


def render_report(s: System, ctx: Context) -> dict[str, str]:
    """The report's files alone (report.md, report.html, evidence.json), as
    render() writes them; ctx: the context s was compiled in."""
    return report.render(s, environment(), view(s), ctx)


def render(s: System, ctx: Context) -> Output:
    """Every file of system s: the kernel's tables, the partitions'
    headers, link scripts, device trees and images, and the report; ctx:
    the context s was compiled in (its rules are run again by the report)."""
    env = environment()
    v = view(s)
    v["images"] = cmake_images(s)
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
        files[f"{base}/partition.dts"] = dts.render(s, env, v, p)
        image = image_bytes(s.partition(p["name"]).image)
        if image is not None:
            files[f"{base}/image.bin"] = image
    files.update(report.render(s, env, v, ctx))
    return Output(files)


def write(out: Output, directory: Path) -> list[str]:
    """Write every file whose content changed; returns those written."""
    written = []
    for rel, text in sorted(out.files.items()):
        path = directory / rel
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        written.append(rel)
    return written
