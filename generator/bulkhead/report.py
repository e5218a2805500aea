# SPDX-License-Identifier: Apache-2.0
"""The report for certification engineers: report.md, report.html and
evidence.json, and the answers of `explain`.

Everything is computed here, in three steps:

- facts(s): every fact the report states, as plain data (integers,
  strings, lists, dicts), straight from the laid-out model and layout.py.
  evidence.json is these facts with a format header (docs/evidence.md).
- _view(facts): the same facts turned into sentences and table cells for
  the two templates (report.md.j2, report.html.j2), which only place them.
  Because both reports are made from the facts, they cannot say something
  the evidence does not.
- explain(s, query): what owns one physical or intermediate address and
  who may access it, from the same memory map.

Output is deterministic: collections are in description order or sorted,
paths are relative to the repository, nothing depends on time or machine.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from . import VERSION, debian, layout, rules
from .compiler import REPO
from .diag import Diagnostics
from .model import (CONSOLE_KERNEL_BYTES, DEFAULT_CONSOLE_BUDGET, HM_EVENTS, LINUX_BUSYBOX,
                    LINUX_DEBIAN, PRIVILEGES, HmAction, Origin, System)
from .source import display_path, format_path
from .units import format_size, format_time

FORMAT = "bulkhead-evidence"
FORMAT_VERSION = 1

ACCESS_TEXT = {"r": "read only", "rw": "read, write", "rx": "read, execute",
               "rwx": "read, write, execute", "w": "write only", "wx": "write, execute",
               "x": "execute only", "": "no access"}
MEMTYPE_TEXT = {"normal_wb": "normal memory, write-back",
                "normal_nc": "normal memory, non-cacheable",
                "device": "device memory"}
KIND_TEXT = {"sampling": "sampling", "queuing": "queuing",
             "shared_memory": "shared memory"}
HM_EVENT_TEXT = {
    "memory_violation": "access outside its stage-2 translation (stage-2 fault)",
    "trapped_instruction": "an instruction the kernel traps (SMC, system registers)",
    "illegal_exception": "an exception the kernel does not handle for partitions",
    "hypercall_error": "a hypercall with bad arguments",
    "denied_request": "a request it has no privilege for",
    "partition_error": "an error the partition reports itself",
    "power_off": "the partition asks to power off",
    "reset": "the partition asks to be reset",
    "overrun": "the kernel's work for it ran into the next window, which began late",
}
HM_SOURCE_TEXT = {"default": "built-in default", "system": "system setting",
                  "partition": "partition override"}
PRIVILEGE_TEXT = {
    "switch_plan": "may switch the system to another schedule plan",
    "restart_partitions": "may restart other partitions",
    "read_audit": "may read the kernel's audit log",
    "halt_system": "may halt the whole system",
    "pmu": "may use the performance monitors (not trapped)",
}
PHASE_TEXT = {"model": "on the description as written",
              "layout": "after the generator placed what the description leaves open"}
PLACEMENT_TEXT = {"description": "fixed in the description",
                  "generator": "placed by the generator", "board": "from the board"}
KERNEL = layout.KERNEL
# What the words a linux image may name instead of a file stand for.
LINUX_TEXT = {LINUX_DEBIAN: "'debian' (Debian's linux-image-cloud-arm64, fetched by the build)",
              LINUX_BUSYBOX: "'busybox' (Debian's busybox-static and partitions/linux/init)"}


def _linux_part(value: str | None, words: dict) -> str:
    if value is None:
        return "none"
    return words.get(value, f"file {value}")


# --- facts ---------------------------------------------------------------

def _hex(v: int | None) -> str | None:
    return None if v is None else f"{v:#x}"


def _span(base: int, size: int) -> str:
    return f"{base:#x}-{base + size - 1:#x}"


def _origin(o: Origin | None) -> dict | None:
    if o is None:
        return None
    return {"file": o.doc.display, "line": o.location.line, "path": o.dotted}


def _declared(declared: tuple | None) -> dict | None:
    """An origin object for a (document, path) pair, or None."""
    if declared is None:
        return None
    doc, path = declared
    return {"file": doc.display, "line": doc.where(path).line, "path": format_path(path)}


def _board_origin(s: System, path: tuple) -> dict:
    doc = s.board.doc
    return {"file": doc.display, "line": doc.where(path).line, "path": format_path(path)}


def _with_hex(d: dict, **addresses) -> dict:
    """Addresses as integers and, beside each, the same in hex (key_hex)."""
    for key, value in addresses.items():
        d[key] = value
        d[f"{key}_hex"] = _hex(value)
    return d


def _description(o: Origin) -> str | None:
    """The free-text 'description' of a described object, if it has one."""
    text = o.doc.get(o.path + ("description",))
    return text if isinstance(text, str) else None


def _mapping(p, m: layout.Mapping, base: int, size: int) -> dict:
    """How partition p maps the part [base, base + size) of mapping m."""
    lo = max(base, m.pa)
    hi = min(base + size, m.pa + m.size)
    return _with_hex({"partition": p.name, "mapping": m.name, "mapping_kind": m.kind,
                      "size": hi - lo, "access": m.access, "read": m.read,
                      "write": m.write, "execute": m.execute,
                      "memory_type": m.memtype},
                     ipa=m.ipa + (lo - m.pa), pa=lo)


def _mapped_by(s: System, base: int, size: int) -> list[dict]:
    """Every partition mapping that reaches physical [base, base + size)."""
    out = []
    for p in s.partitions:
        for m in layout.mappings(s, p):
            if m.pa < base + size and base < m.pa + m.size:
                out.append(_mapping(p, m, base, size))
    return out


def _kernel_maps(s: System, base: int, size: int) -> bool:
    return any(k.base < base + size and base < k.base + k.size
               for k in layout.kernel_maps(s))


def _subtract(free: list[tuple[int, int]], base: int, size: int) -> list[tuple[int, int]]:
    out = []
    for f_base, f_end in free:
        if f_end <= base or base + size <= f_base:
            out.append((f_base, f_end))
            continue
        if f_base < base:
            out.append((f_base, base))
        if base + size < f_end:
            out.append((base + size, f_end))
    return out


def memory_map(s: System) -> list[dict]:
    """Every physical range the system knows of, by address: the kernel's
    memory, partition regions, shared-memory channels, the GIC, board
    devices, raw MMIO and the RAM left free; with its owners, every
    partition that maps it and whether the kernel maps it."""
    b = s.board
    out = []

    def add(kind, name, what, base, size, owners, origin, placement):
        out.append(_with_hex({"kind": kind, "name": name, "what": what, "size": size,
                              "owners": owners, "origin": origin,
                              "placement": placement}, base=base,
                             last=base + size - 1))

    km = b.kernel_memory
    add("kernel", KERNEL, "the kernel's memory", km.base, km.size, [KERNEL],
        _board_origin(s, ("kernel", "memory")), "board")
    for p in s.partitions:
        for r in p.regions:
            add("region", f"{p.name}.{r.name}",
                f"memory region '{r.name}' of partition '{p.name}'", r.pa, r.size,
                [p.name], _origin(r.origin),
                "description" if r.physical is not None else "generator")
    for c in s.channels:
        if c.kind == "shared_memory":
            add("channel", c.name, f"shared-memory channel '{c.name}'", c.pa, c.size,
                list(c.access), _origin(c.origin),
                "description" if c.physical is not None else "generator")
    owner = {(d.name, d.base): d.owner for d in layout.device_owners(s)}
    add("gic", "gicd", "the GIC distributor", b.gicd.base, b.gicd.size, [KERNEL],
        _board_origin(s, ("gic", "distributor")), "board")
    for c in b.cpus:
        g = b.gicr(c)
        add("gic", f"gicr{c.id}", f"the GIC redistributor of CPU {c.id}", g.base,
            g.size, [KERNEL], _board_origin(s, ("gic", "redistributor")), "board")
    if b.gits is not None:
        add("gic", "gits", "the GIC interrupt translation service (ITS), which the "
            "kernel does not use", b.gits.base, b.gits.size, [],
            _board_origin(s, ("gic", "its")), "board")
    for i, d in enumerate(b.devices.values()):
        who = owner.get((d.name, d.mmio.base))
        add("device", d.name, f"device '{d.name}' ({d.compatible})", d.mmio.base,
            d.mmio.size, [who] if who else [], _board_origin(s, ("devices", i, "mmio")),
            "board")
    for p in s.partitions:
        for m in p.mmio:
            add("mmio", f"{p.name}.{m.name}",
                f"raw MMIO range '{m.name}' of partition '{p.name}'", m.physical, m.size,
                [p.name], _origin(m.origin), "description")
    if s.store is not None:
        bank = next((i for i, (_, rng) in enumerate(b.ram)
                     if rng.base <= s.store.base < rng.end), 0)
        add("store", "store", "the image store: every partition's image, copied into "
            "the partition at each cold start (the largest RAM range left free)",
            s.store.base, s.store.size, [KERNEL], _board_origin(s, ("memory", bank)),
            "generator")
    for i, (bank, rng) in enumerate(b.ram):
        free = [(rng.base, rng.end)]
        for used in out:
            free = _subtract(free, used["base"], used["size"])
        for lo, hi in free:
            add("free", f"free.{bank}", f"free RAM of bank '{bank}'", lo, hi - lo, [],
                _board_origin(s, ("memory", i)), "board")
    for r in out:
        r["mapped_by"] = _mapped_by(s, r["base"], r["size"])
        r["kernel_maps"] = r["kind"] == "kernel" or _kernel_maps(s, r["base"], r["size"])
    return sorted(out, key=lambda r: (r["base"], r["name"]))


def _flow(s: System) -> dict:
    """Who may send information to whom, and by which channels."""
    names = [p.name for p in s.partitions]
    cells: dict[tuple[str, str], list[dict]] = {
        (a, b): [] for a in names for b in names if a != b}
    for c in s.channels:
        if c.kind == "shared_memory":
            pairs = [(w, r) for w in c.writers() for r in c.endpoints() if r != w]
        else:
            pairs = [(c.writer, r) for r in c.readers]
        for pair in pairs:
            if pair in cells:
                cells[pair].append({"channel": c.name, "kind": c.kind})
    matrix = [{"from": a, "to": b, "allowed": bool(cells[(a, b)]),
               "channels": cells[(a, b)]}
              for a in names for b in names if a != b]
    return {"partitions": names, "matrix": matrix}


def _channel(s: System, c) -> dict:
    shm = c.kind == "shared_memory"
    out = {
        "index": c.index, "name": c.name, "kind": c.kind,
        "description": _description(c.origin),
        "writers": c.writers(), "readers": c.receivers(),
        "message_size": c.message_size if not shm else None,
        "depth": c.depth if c.kind == "queuing" else None,
        "refresh_ns": c.refresh if c.kind == "sampling" else None,
        "doorbell": c.doorbell,
        "size": c.size if shm else None,
        "access": dict(c.access) if shm else None,
        "ipa": {p: c.final_ipa(p) for p in sorted(c.access)} if shm else None,
        "ipa_hex": {p: _hex(c.final_ipa(p)) for p in sorted(c.access)} if shm else None,
        "placement": ("description" if c.physical is not None else "generator")
        if shm else None,
        "origin": _origin(c.origin),
    }
    return _with_hex(out, pa=c.pa if shm else None)


def _percent(part: int, whole: int) -> float:
    return round(part * 100 / whole, 2) if whole else 0.0


def _schedule(s: System) -> dict:
    hz = s.board.timer_hz
    frame = s.schedule.major_frame
    plans = []
    for plan in s.schedule.plans:
        cpus = []
        budget: dict[tuple[str, int], list[int]] = {}
        for cpu in s.cpus:
            slots = []
            for sl in layout.slots(s, plan.name, cpu):
                w = sl.window
                start, end = sl.start * 10**9 // hz, sl.end * 10**9 // hz
                p = s.partition(w.partition) if w else None
                slots.append({
                    "kind": "window" if w else "idle",
                    "partition": w.partition if w else None,
                    "vcpu": p.vcpus.index(cpu) if p and cpu in p.vcpus else None,
                    "start_ns": start, "end_ns": end, "duration_ns": end - start,
                    "start_tick": sl.start, "end_tick": sl.end,
                    "origin": _origin(w.origin) if w else None,
                })
                if w:
                    b = budget.setdefault((w.partition, cpu), [0, 0])
                    b[0] += 1
                    b[1] += end - start
            busy = sum(x["duration_ns"] for x in slots if x["kind"] == "window")
            cpus.append({"cpu": cpu, "busy_ns": busy, "idle_ns": frame - busy,
                         "utilisation_percent": _percent(busy, frame), "slots": slots})
        order = {p.name: p.index for p in s.partitions}
        partitions = [{"partition": name, "cpu": cpu, "windows": n, "time_ns": t,
                       "percent_of_frame": _percent(t, frame)}
                      for (name, cpu), (n, t) in sorted(
                          budget.items(), key=lambda kv: (order.get(kv[0][0], 0), kv[0][1]))]
        plans.append({"name": plan.name, "initial": plan.name == s.schedule.initial_plan,
                      "origin": _origin(plan.origin), "cpus": cpus,
                      "partitions": partitions})
    sch = s.schedule
    return {"major_frame_ns": frame, "major_frame_ticks": layout.ticks(frame, hz),
            "switch_time_ns": sch.switch_time,
            "switch_time_ticks": layout.ticks(sch.switch_time, hz),
            "switch_time_default": sch.switch_default,
            "switch_time_origin": _origin(sch.switch_origin),
            "work_margin_ns": sch.work_margin,
            "work_margin_ticks": layout.ticks(sch.work_margin, hz),
            "work_margin_default": sch.margin_default,
            "work_margin_origin": _origin(sch.margin_origin),
            "timer_hz": hz, "initial_plan": s.schedule.initial_plan,
            "origin": _origin(s.schedule.origin), "plans": plans}


def _interrupts(s: System) -> dict:
    b = s.board
    origins = {(b.timer_hyp_irq, KERNEL): _board_origin(s, ("timer", "hypervisor_irq"))}
    for i in b.devices[b.console].irqs:
        origins[(i, KERNEL)] = _board_origin(s, ("kernel", "console"))
    for p in s.partitions:
        for g in p.irqs:
            origins.setdefault((g.intid, p.name), _origin(g.origin))
    physical = [{"intid": o.intid, "owner": o.owner, "source": o.why,
                 "origin": origins.get((o.intid, o.owner))}
                for o in layout.irq_owners(s)]
    owned = {o["intid"] for o in physical}
    for i, d in enumerate(b.devices.values()):
        for intid in d.irqs:
            if intid not in owned:
                physical.append({"intid": intid, "owner": None,
                                 "source": f"device '{d.name}' of the board, not given "
                                           "to any partition",
                                 "origin": _board_origin(s, ("devices", i, "irqs"))})
                owned.add(intid)
    physical.sort(key=lambda o: (o["intid"], o["owner"] or ""))
    virtual = []
    for p in s.partitions:
        def add(intid: int, what: str, channel: str | None = None,
                last: int | None = None) -> None:
            virtual.append({"partition": p.name, "intid": intid,
                            "last_intid": intid if last is None else last,
                            "what": what, "channel": channel})
        add(b.timer_virt_irq, "its EL1 virtual timer")
        for e in layout.emulated_devices(s, p):
            if e.intid is not None:
                add(e.intid, f"its {e.what}")
        for g in sorted(p.irqs, key=lambda g: g.intid):
            add(g.intid, g.source)
        for db in p.doorbells:
            add(db.intid, f"doorbell of channel '{db.channel.name}'", db.channel.name)
        if p.sgis:
            first, last = b.backend.SGI_INTIDS
            add(first, "software-generated interrupts between its own vCPUs "
                "(sgis)", last=last)
    return {"physical": physical, "virtual": virtual}


def _devices(s: System, mm: list[dict]) -> list[dict]:
    return [{"name": r["name"], "kind": r["kind"], "what": r["what"],
             "owner": r["owners"][0] if r["owners"] else None,
             "base": r["base"], "base_hex": r["base_hex"], "size": r["size"],
             "last": r["last"], "last_hex": r["last_hex"],
             "mapped_by": r["mapped_by"], "origin": r["origin"]}
            for r in mm if r["kind"] in ("gic", "device", "mmio")]


def _hm_entry(event: str, a: HmAction, source: str) -> dict:
    then = None
    if a.then is not None:
        then = {"action": a.then.action, "plan": a.then.plan}
    return {"event": event, "action": a.action, "plan": a.plan,
            "max_restarts": a.max_restarts, "then": then, "source": source,
            "origin": _origin(a.origin)}


def _hm_system(s: System, event: str) -> dict:
    """The system-wide action for an event: set in the description or not."""
    a = s.hm[event]
    return _hm_entry(event, a, "system" if a.origin is not None else "default")


def _hm_partition(s: System, p, event: str) -> dict:
    """The action that applies to partition p for an event."""
    if event in p.hm:
        return _hm_entry(event, p.hm[event], "partition")
    return _hm_system(s, event)


def _health_monitor(s: System) -> dict:
    return {"events": list(HM_EVENTS),
            "system": [_hm_system(s, ev) for ev in HM_EVENTS],
            "partitions": [{"partition": p.name,
                            "events": [_hm_partition(s, p, ev) for ev in HM_EVENTS]}
                           for p in s.partitions]}


def _checks(s: System, ctx: rules.Context) -> list[dict]:
    """Every rule, each run again on its own to tell which gave warnings,
    in the context (repository, payloads) the system was compiled in. The
    description has passed them all (no errors), or there would be no
    report."""
    out = []
    for r in rules.RULES:
        diags = Diagnostics()
        r.check(s, ctx, diags)
        findings = [{"severity": d.severity, "message": d.message,
                     "file": d.location.file, "line": d.location.line,
                     "path": d.path or None}
                    for d in diags.sorted()]
        result = "passed" if not findings else (
            "failed" if any(f["severity"] == "error" for f in findings)
            else "passed with warnings")
        out.append({"name": r.name, "phase": r.phase,
                    "description": " ".join(r.doc.split()),
                    "result": result, "findings": findings})
    return out


def _debian_inputs(s: System) -> list[dict]:
    """The pinned Debian packages (partitions/linux/debian-arm64.lock) the
    build puts into the system's Linux partitions, each .deb's SHA-256."""
    used = set()
    for p in s.partitions:
        if p.image.format == "linux":
            used |= {"kernel"} if p.image.kernel == LINUX_DEBIAN else set()
            used |= {"busybox"} if p.image.initramfs == LINUX_BUSYBOX else set()
    if not used:
        return []
    lock = debian.read()
    where = display_path(debian.LOCK, REPO)
    return [{"role": f"Debian package ({role})",
             "file": f"{lock[role].name} {lock[role].version} .deb (pinned in {where})",
             "sha256": lock[role].sha256}
            for role in debian.ROLES if role in used]


def _partition(s: System, p) -> dict:
    img = p.image
    image = _with_hex({"format": img.format, "payload": img.payload,
                       "file": img.written, "size": img.size},
                      load_ipa=img.load, entry_ipa=img.entry)
    # The same keys for every image, null where its format has none.
    image.update(kernel=None, initramfs=None, bootargs=None, memory_size=None,
                 segments=None)
    if img.format == "linux":
        image["kernel"] = img.kernel_written or str(img.kernel)
        image["initramfs"] = img.initramfs_written or (
            str(img.initramfs) if img.initramfs else None)
        image["bootargs"] = " ".join(img.bootargs.split())
    if img.elf is not None:
        # What the kernel loads (elf.ElfImage, the same that wrote image.bin).
        image["memory_size"] = img.elf.memory_size
        image["segments"] = [_with_hex({"index": x.index, "file_size": x.file_size,
                                        "memory_size": x.memory_size, "access": x.access,
                                        "file_offset": x.offset}, ipa=x.ipa)
                             for x in img.elf.segments]
    maps = []
    for m in layout.mappings(s, p):
        maps.append(_with_hex({"name": m.name, "kind": m.kind, "size": m.size,
                               "access": m.access, "read": m.read, "write": m.write,
                               "execute": m.execute, "memory_type": m.memtype,
                               "origin": _origin(m.origin)}, ipa=m.ipa, pa=m.pa))
    return {
        "index": p.index, "name": p.name, "vmid": p.vmid,
        "description": _description(p.origin),
        "image": image,
        "vcpus": [{"vcpu": i, "cpu": cpu} for i, cpu in enumerate(p.vcpus)],
        "console": p.console,
        "console_budget": p.console_budget,
        "console_budget_per_second": p.console_budget * 10**9 // s.schedule.major_frame
        if s.schedule.major_frame else 0,
        "console_budget_origin": _origin(p.console_budget_origin),
        "privileges": [x for x in PRIVILEGES if x in p.privileges],
        "params": dict(sorted(p.params.items())),
        "mappings": maps,
        "emulated": [_with_hex({"kind": e.kind, "size": e.size, "intid": e.intid,
                                "what": e.what, "source": e.origin,
                                "origin": _declared(e.declared)}, ipa=e.ipa)
                     for e in layout.emulated_devices(s, p)],
        "ports": [{"id": port.id, "channel": port.channel.name,
                   "kind": port.channel.kind, "direction": port.direction}
                  for port in p.ports],
        "origin": _origin(p.origin),
    }


def facts(s: System, ctx: rules.Context) -> dict:
    """Every fact of the report, as plain data (see docs/evidence.md)."""
    b = s.board
    mm = memory_map(s)
    shared = [r["name"] for r in mm
              if len({m["partition"] for m in r["mapped_by"]}) > 1]
    return {
        "system": {
            "name": s.name, "description": _description(Origin(s.doc, ("system",))),
            "file": s.doc.display, "sha256": s.doc.sha256,
            "cpus": list(s.cpus), "audit_records": s.audit_records,
            "console_input": s.console_input,
            "console_ring_size": s.console_ring_size,
            "console_kernel_bytes": CONSOLE_KERNEL_BYTES,
            "board": {"name": b.name, "description": b.description,
                      "file": b.doc.display, "sha256": b.doc.sha256,
                      "pa_bits": b.pa_bits, "ipa_bits": b.ipa_bits},
        },
        "inputs": [{"role": "system", "file": s.doc.display, "sha256": s.doc.sha256},
                   {"role": "board", "file": b.doc.display, "sha256": b.doc.sha256},
                   *_debian_inputs(s)],
        "ram": [_with_hex({"name": name, "size": r.size,
                           "origin": _board_origin(s, ("memory", i))}, base=r.base)
                for i, (name, r) in enumerate(b.ram)],
        "partitions": [_partition(s, p) for p in s.partitions],
        "memory_map": mm,
        "shared_ranges": shared,
        "information_flow": _flow(s),
        "channels": [_channel(s, c) for c in s.channels],
        "schedule": _schedule(s),
        "interrupts": _interrupts(s),
        "devices": _devices(s, mm),
        "health_monitor": _health_monitor(s),
        "privileges": [{"partition": p.name, "console": p.console,
                        "privileges": [x for x in PRIVILEGES if x in p.privileges]}
                       for p in s.partitions],
        "checks": _checks(s, ctx),
    }


def generated_by(s: System) -> str:
    return f"Generated by the Bulkhead generator {VERSION} from {s.doc.display}: do not edit."


def evidence(s: System, f: dict) -> dict:
    return dict(f, format=FORMAT, version=FORMAT_VERSION, generated_by=generated_by(s),
                generator_version=VERSION)


# --- the view of the two reports ----------------------------------------

def _where(o: dict | None) -> str:
    """'config/demo.yaml:21 (partitions[0].memory[0])'."""
    if o is None:
        return "built-in default"
    return f"{o['file']}:{o['line']} ({o['path']})" if o["path"] else \
        f"{o['file']}:{o['line']}"


def _size(n: int) -> str:
    """format_size, with the size in MiB beside an odd size of 1 MiB or more."""
    text = format_size(n)
    if n >= 1 << 20 and n % (1 << 20):
        text += f" ({n / (1 << 20):.1f} MiB)"
    return text


def _ns(ns: int) -> str:
    return format_time(ns)


def _rate(n: int) -> str:
    """Bytes per second, with KiB/s beside from 1 KiB/s on."""
    return f"{n} B/s ({n / 1024:.1f} KiB/s)" if n >= 1024 else f"{n} B/s"


def _default_where(o: dict, default: bool) -> str:
    """Where a schedule value is set: the description, or the board's default."""
    return f"default of the board, {_where(o)}" if default else _where(o)


def _param(v) -> str:
    """A payload parameter: numbers above 9 in hex and decimal."""
    if isinstance(v, int) and not isinstance(v, bool) and v > 9:
        return f"{v:#x} ({v})"
    return str(v)


def _access_cell(m: dict) -> str:
    return f"{m['partition']} at IPA {m['ipa_hex']}: {ACCESS_TEXT[m['access']]}"


def _hm_text(e: dict) -> tuple[str, str, str]:
    """(action, restarts, escalation) in words."""
    def one(action: str, plan: str | None) -> str:
        return {"log": "log it; the partition goes on",
                "stop": "stop the partition",
                "cold_restart": "cold restart of the partition",
                "warm_restart": "warm restart of the partition",
                "switch_plan": f"switch the system to plan '{plan}'",
                "halt": "halt the whole system"}[action]
    restarts = str(e["max_restarts"]) if e["max_restarts"] is not None else "-"
    then = one(e["then"]["action"], e["then"]["plan"]) if e["then"] else "-"
    return one(e["action"], e["plan"]), restarts, then


def _nice_step(frame: int) -> int:
    """A round tick interval giving 5 to 12 ticks across the frame."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if frame // (step * m) <= 12:
                return step * m
        step *= 10


PALETTE = ("#8ecae6", "#ffb703", "#90be6d", "#f4a3a8", "#cdb4db", "#f9c74f",
           "#a3c4f3", "#ffd6a5", "#b5e48c", "#e9c46a", "#bde0fe", "#ffc8dd")
SVG_WIDTH = 960
SVG_LEFT = 56
SVG_RIGHT = 24
SVG_BAR_Y = 8
SVG_BAR_H = 40
CHAR_W = 7.2  # average width of a 12 px sans-serif character


def _gantt(plan: str, cpu: dict, frame: int, colours: dict[str, str]) -> dict:
    """Geometry of one plan's chart for one CPU, as strings the template places."""
    width = SVG_WIDTH - SVG_LEFT - SVG_RIGHT

    def x(ns: int) -> float:
        return SVG_LEFT + ns * width / frame

    bars = []
    for sl in cpu["slots"]:
        x0, x1 = x(sl["start_ns"]), x(sl["end_ns"])
        w = x1 - x0
        name = sl["partition"] or "idle"
        dur = _ns(sl["duration_ns"])
        label = name if w >= len(name) * CHAR_W + 6 else ""
        sub = dur if label and w >= len(dur) * CHAR_W + 6 else ""
        bars.append({
            "x": f"{x0:.2f}", "w": f"{w:.2f}", "cx": f"{x0 + w / 2:.2f}",
            "idle": sl["kind"] == "idle",
            "fill": colours.get(sl["partition"], "#ffffff"),
            "label": label, "sub": sub,
            "title": f"{name}: {_ns(sl['start_ns'])} to {_ns(sl['end_ns'])} ({dur})",
        })
    step = _nice_step(frame)
    # Round times, and the end of the frame (without a round time too close
    # to it for both labels to fit).
    times = [t for t in range(0, frame, step) if t == 0 or x(frame) - x(t) >= 48]
    ticks = [{"x": f"{x(t):.2f}", "label": _ns(t)} for t in times + [frame]]
    axis_y = SVG_BAR_Y + SVG_BAR_H
    return {
        "id": f"g-{plan}-cpu{cpu['cpu']}", "width": SVG_WIDTH, "height": axis_y + 30,
        "left": SVG_LEFT, "right": f"{x(frame):.2f}", "bar_y": SVG_BAR_Y,
        "bar_h": SVG_BAR_H, "label_y": SVG_BAR_Y + SVG_BAR_H // 2 - 2,
        "sub_y": SVG_BAR_Y + SVG_BAR_H // 2 + 12, "axis_y": axis_y,
        "tick_y": axis_y + 5, "tick_label_y": axis_y + 18,
        "cpu_label_y": SVG_BAR_Y + SVG_BAR_H // 2 + 4,
        "bars": bars, "ticks": ticks,
        "title": f"Plan '{plan}', CPU {cpu['cpu']}: {cpu['utilisation_percent']:g}% busy",
    }


def _cpu_sentence(c: dict, frame: int) -> str:
    if c["busy_ns"] == 0:
        return (f"CPU {c['cpu']} runs no partition in this plan: it idles the whole "
                f"{_ns(frame)} major frame (0% busy).")
    if c["idle_ns"] == 0:
        return (f"CPU {c['cpu']} runs partitions the whole {_ns(frame)} major frame "
                "(100% busy): it is never idle.")
    return (f"CPU {c['cpu']} runs partitions {_ns(c['busy_ns'])} of the {_ns(frame)} "
            f"major frame ({c['utilisation_percent']:g}% busy) and idles "
            f"{_ns(c['idle_ns'])}.")


def _map_row(r: dict) -> dict:
    owners = r["owners"]
    if r["kind"] == "channel":
        owner = "shared by " + ", ".join(owners)
    elif owners == [KERNEL]:
        owner = "the kernel"
    elif owners:
        owner = f"partition {owners[0]}"
    else:
        owner = "nobody"
    placed = PLACEMENT_TEXT[r["placement"]]
    return {"range": _span(r["base"], r["size"]), "size": _size(r["size"]),
            "what": r["what"], "owner": owner,
            "access": [f"{_access_cell(m)} ({MEMTYPE_TEXT[m['memory_type']]})"
                       for m in r["mapped_by"]] or ["no partition"],
            "kernel": "yes" if r["kernel_maps"] else "no",
            "placed": placed, "where": _where(r["origin"]), "kind": r["kind"]}


def _view(s: System, f: dict, banner: dict) -> dict:
    sysf = f["system"]
    sch = f["schedule"]
    frame = sch["major_frame_ns"]
    parts = f["partitions"]
    colours = {p["name"]: PALETTE[p["index"] % len(PALETTE)] for p in parts}

    summary = [
        ("System", sysf["name"]),
        ("Description", sysf["description"] or "-"),
        ("System description file", sysf["file"]),
        ("System description SHA-256", sysf["sha256"]),
        ("Board", f"{sysf['board']['name']} ({sysf['board']['description']})"
         if sysf["board"]["description"] else sysf["board"]["name"]),
        ("Board description file", sysf["board"]["file"]),
        ("Board description SHA-256", sysf["board"]["sha256"]),
        ("Generator", f"Bulkhead generator {VERSION}"),
        ("CPUs used", ", ".join(str(c) for c in sysf["cpus"])),
        ("RAM", "; ".join(f"bank '{r['name']}' {_span(r['base'], r['size'])} "
                          f"({_size(r['size'])})" for r in f["ram"])),
        ("Partitions", str(len(parts))),
        ("Channels", str(len(f["channels"]))),
        ("Major frame", f"{_ns(frame)} ({sch['major_frame_ticks']} ticks of the "
                        f"{sch['timer_hz']} Hz timer)"),
        ("Switch time", (f"{_ns(sch['switch_time_ns'])} ({sch['switch_time_ticks']} ticks): "
                         "every window's partition starts exactly this long into "
                         "its window") if sch["switch_time_ns"] else
         "none: a window's partition starts when the kernel has switched to it"),
        ("Work margin", (f"{_ns(sch['work_margin_ns'])} ({sch['work_margin_ticks']} ticks): "
                         "the last part of every window in which the kernel starts no "
                         "work for its partition") if sch["work_margin_ns"] else
         "none: the kernel starts work for a partition up to the end of its window"),
        ("Schedule plans", ", ".join(p["name"] for p in sch["plans"]) +
         f" (the system starts in plan '{sch['initial_plan']}')"),
        ("Audit log", f"{sysf['audit_records']} records"),
        ("Console ring", f"{_size(sysf['console_ring_size'])} "
                         f"({sysf['console_ring_size']} bytes): every partition's console "
                         f"budget and {sysf['console_kernel_bytes']} bytes for the "
                         "kernel's own messages"),
        ("Console input", f"to partition '{sysf['console_input']}' (its emulated PL011)"
         if sysf["console_input"] else "nobody: what is typed on the console is dropped"),
    ]

    partitions = []
    for p in parts:
        img = p["image"]
        if img["format"] == "payload":
            image = f"payload '{img['payload']}'"
        elif img["format"] == "linux":
            image = (f"Linux kernel {_linux_part(img['kernel'], LINUX_TEXT)}, initramfs "
                     f"{_linux_part(img['initramfs'], LINUX_TEXT)}, command line "
                     f"'{img['bootargs']}'")
        else:
            image = f"{img['format']} file {img['file']}"
            if img["size"] is not None:
                image += f", {img['size']} bytes loaded at IPA {img['load_ipa_hex']}"
            for x in img.get("segments", ()):
                image += (f"; segment {x['index']} at IPA {x['ipa_hex']}: "
                          f"{x['file_size']} bytes from the file, {x['memory_size']} in "
                          f"memory, {x['access']}")
        partitions.append({
            "name": p["name"], "vmid": p["vmid"], "description": p["description"] or "-",
            "image": image,
            "entry": img["entry_ipa_hex"] or "set when the image is built",
            "vcpus": ", ".join(f"vCPU {v['vcpu']} on CPU {v['cpu']}" for v in p["vcpus"]),
            "console": "may write" if p["console"] else "none",
            "privileges": ", ".join(p["privileges"]) or "none",
            "params": ", ".join(f"{k} = {_param(v)}" for k, v in p["params"].items())
            or "none",
            "where": _where(p["origin"]),
            "mappings": [{"name": m["name"], "kind": m["kind"],
                          "ipa": _span(m["ipa"], m["size"]),
                          "pa": _span(m["pa"], m["size"]), "size": _size(m["size"]),
                          "access": ACCESS_TEXT[m["access"]],
                          "memtype": MEMTYPE_TEXT[m["memory_type"]],
                          "where": _where(m["origin"])} for m in p["mappings"]],
            "emulated": [{"what": e["what"], "ipa": _span(e["ipa"], e["size"]),
                          "size": _size(e["size"]),
                          "intid": "none" if e["intid"] is None else str(e["intid"]),
                          "where": e["source"]} for e in p["emulated"]],
        })

    console = [{"name": p["name"], "console": "may write" if p["console"] else "none",
                "budget": f"{_size(p['console_budget'])} ({p['console_budget']} bytes)",
                "per_second": _rate(p["console_budget_per_second"]),
                "where": _where(p["console_budget_origin"]) if p["console_budget_origin"]
                else "default"} for p in parts]
    ring = (f"The kernel's console ring holds every partition's budget and "
            f"{sysf['console_kernel_bytes']} bytes for the kernel's own messages: "
            f"{sysf['console_ring_size']} bytes ({_size(sysf['console_ring_size'])}).")
    timing = [
        {"item": "Switch time",
         "value": f"{_ns(sch['switch_time_ns'])} ({sch['switch_time_ticks']} ticks)",
         "where": _default_where(sch["switch_time_origin"], sch["switch_time_default"])},
        {"item": "Work margin",
         "value": f"{_ns(sch['work_margin_ns'])} ({sch['work_margin_ticks']} ticks)",
         "where": _default_where(sch["work_margin_origin"], sch["work_margin_default"])},
    ]

    st, wm = sch["switch_time_ns"], sch["work_margin_ns"]
    usable = [
        f"In every window the partition starts exactly {_ns(st)} after the window's "
        "start, whatever ran before." if st else
        "A window's partition starts as soon as the kernel has switched to it (no "
        "switch time).",
        f"The last {_ns(wm)} of every window starts no kernel work on its partition's "
        "behalf (a hypercall, a fault, the next chunk of a cold start's scrub and image "
        "copy): one that arrives later is carried out at the start of the partition's "
        "next window, so kernel work done for a partition never runs into the next "
        "window." if wm else
        "There is no work margin: kernel work for a partition may start until the end "
        "of its window and run into the next window.",
        "For kernel work, the partition's usable time in each window is [start + "
        f"switch time, end - work margin): [start + {_ns(st)}, end - {_ns(wm)}).",
    ]

    mm = [_map_row(r) for r in f["memory_map"]]
    shared = [r for r in f["memory_map"] if r["name"] in f["shared_ranges"]]
    if not shared:
        sharing = ("No physical range is mapped by more than one partition: "
                   "partitions share no memory.")
    else:
        sharing = ("Physical ranges mapped by more than one partition: " + "; ".join(
            f"{r['what']} (" + ", ".join(f"{m['partition']} {ACCESS_TEXT[m['access']]}"
                                         for m in r["mapped_by"]) + ")"
            for r in shared) + ". Every other range is mapped by one partition at most.")
    forbidden = [r for r in f["memory_map"]
                 if r["kind"] in ("kernel", "gic") and r["mapped_by"]]
    kernel_note = ("No partition maps the kernel's memory or the GIC."
                   if not forbidden else
                   "WARNING: partitions map " + ", ".join(r["what"] for r in forbidden) + ".")

    names = f["information_flow"]["partitions"]
    cell = {(c["from"], c["to"]): c for c in f["information_flow"]["matrix"]}
    flow_rows = []
    for a in names:
        cells = []
        for b in names:
            if a == b:
                cells.append({"text": "-", "cls": "self"})
            elif cell[(a, b)]["allowed"]:
                cells.append({"text": ", ".join(
                    f"{c['channel']} ({KIND_TEXT[c['kind']]})"
                    for c in cell[(a, b)]["channels"]), "cls": "allowed"})
            else:
                cells.append({"text": "denied", "cls": "denied"})
        flow_rows.append({"name": a, "cells": cells})
    flows = [f"{c['from']} may send to {c['to']} by " + ", ".join(
        f"'{x['channel']}' ({KIND_TEXT[x['kind']]})" for x in c["channels"]) + "."
        for c in f["information_flow"]["matrix"] if c["allowed"]]
    queuing = [c["name"] for c in f["channels"] if c["kind"] == "queuing"]

    channels = []
    for c in f["channels"]:
        if c["kind"] == "shared_memory":
            placed = PLACEMENT_TEXT[c["placement"]]
            views = [f"{p} {ACCESS_TEXT['rw' if c['access'][p] == 'rw' else 'r']} at IPA "
                     f"{c['ipa_hex'][p]}" for p in c["writers"] + c["readers"]]
            detail = (f"{_size(c['size'])} at physical {_span(c['pa'], c['size'])} "
                      f"({placed}); " + "; ".join(views))
        elif c["kind"] == "sampling":
            detail = (f"messages up to {_size(c['message_size'])}; a message older "
                      f"than {_ns(c['refresh_ns'])} is read as not valid")
        else:
            detail = (f"messages up to {_size(c['message_size'])}; holds "
                      f"{c['depth']} message{'s' if c['depth'] != 1 else ''}")
        if c["doorbell"]:
            detail += "; rings a doorbell (virtual interrupt) in the reader" + \
                ("s" if len(c["readers"]) > 1 else "")
        channels.append({"name": c["name"], "kind": KIND_TEXT[c["kind"]],
                         "writers": ", ".join(c["writers"]),
                         "readers": ", ".join(c["readers"]) or "none",
                         "detail": detail, "description": c["description"] or "",
                         "where": _where(c["origin"])})

    plans = []
    for pl in sch["plans"]:
        cpus = []
        for c in pl["cpus"]:
            rows = [{"start": _ns(x["start_ns"]), "end": _ns(x["end_ns"]),
                     "duration": _ns(x["duration_ns"]),
                     "what": x["partition"] if x["kind"] == "window" else "idle",
                     "vcpu": f"vCPU {x['vcpu']}" if x["vcpu"] is not None else "-",
                     "ticks": f"{x['start_tick']}-{x['end_tick']}",
                     "where": _where(x["origin"]) if x["origin"] else "gap between windows"}
                    for x in c["slots"]]
            cpus.append({
                "cpu": c["cpu"], "rows": rows, "chart": _gantt(pl["name"], c, frame, colours),
                "utilisation": f"{c['utilisation_percent']:g}%",
                "busy": _ns(c["busy_ns"]), "idle": _ns(c["idle_ns"]),
                "sentence": _cpu_sentence(c, frame),
            })
        budget = [{"partition": b["partition"], "cpu": b["cpu"], "windows": b["windows"],
                   "time": _ns(b["time_ns"]), "percent": f"{b['percent_of_frame']:g}%"}
                  for b in pl["partitions"]]
        plans.append({"name": pl["name"], "initial": pl["initial"],
                      "where": _where(pl["origin"]), "cpus": cpus, "budget": budget})

    irqs = [{"intid": o["intid"],
             "owner": "the kernel" if o["owner"] == KERNEL else
             f"partition {o['owner']}" if o["owner"] else "nobody (not routed)",
             "source": o["source"], "where": _where(o["origin"])}
            for o in f["interrupts"]["physical"]]
    virqs = [{"partition": v["partition"],
              "intid": str(v["intid"]) if v["last_intid"] == v["intid"]
              else f"{v['intid']}-{v['last_intid']}", "what": v["what"]}
             for v in f["interrupts"]["virtual"]]
    devices = [{"name": d["name"], "what": d["what"],
                "range": _span(d["base"], d["size"]), "size": _size(d["size"]),
                "owner": "the kernel" if d["owner"] == KERNEL else
                f"partition {d['owner']}" if d["owner"] else "nobody",
                "access": [_access_cell(m) for m in d["mapped_by"]] or ["no partition"],
                "where": _where(d["origin"])} for d in f["devices"]]

    def hm_row(e: dict, partition: str | None = None) -> dict:
        action, restarts, then = _hm_text(e)
        return {"partition": partition, "event": e["event"],
                "meaning": HM_EVENT_TEXT[e["event"]],
                "action": action, "restarts": restarts, "then": then,
                "source": HM_SOURCE_TEXT[e["source"]],
                "where": _where(e["origin"]) if e["origin"] else "-"}

    # One table for what every partition gets, then only the overrides: the
    # same rows for each partition again would hide the few that differ.
    hm = {"system": [hm_row(e) for e in f["health_monitor"]["system"]],
          "overrides": [hm_row(e, hp["partition"])
                        for hp in f["health_monitor"]["partitions"]
                        for e in hp["events"] if e["source"] == "partition"],
          "plain": [hp["partition"] for hp in f["health_monitor"]["partitions"]
                    if all(e["source"] != "partition" for e in hp["events"])]}
    hm["plain_md"] = ", ".join(f"`{n}`" for n in hm["plain"])

    privileges = [{"partition": p["partition"],
                   "cells": ["yes" if x in p["privileges"] else "-" for x in PRIVILEGES],
                   "console": "yes" if p["console"] else "-"}
                  for p in f["privileges"]]

    checks = [{"name": c["name"], "phase": PHASE_TEXT[c["phase"]],
               "description": c["description"], "result": c["result"],
               "findings": [f"{x['file']}:{x['line']}: {x['severity']}: {x['message']}"
                            for x in c["findings"]]}
              for c in f["checks"]]
    warned = sum(1 for c in f["checks"] if c["result"] != "passed")

    return {
        "banner": banner, "generated_by": generated_by(s), "version": VERSION,
        "generated_sentence": f"Generated by the Bulkhead generator {VERSION} from "
                              f"{s.doc.display}",
        "hm_events": [(ev, HM_EVENT_TEXT[ev]) for ev in HM_EVENTS],
        "name": sysf["name"], "summary": summary, "inputs": f["inputs"],
        "partitions": partitions, "memory_map": mm, "sharing": sharing,
        "kernel_note": kernel_note, "flow_names": names, "flow_rows": flow_rows,
        "flows": flows, "queuing": queuing, "channels": channels, "plans": plans,
        "irqs": irqs, "virqs": virqs, "devices": devices, "hm": hm,
        "privilege_names": list(PRIVILEGES),
        "privilege_text": [(x, PRIVILEGE_TEXT[x]) for x in PRIVILEGES],
        "privileges": privileges, "checks": checks, "checks_warned": warned,
        "major_frame": _ns(frame),
        "console": console, "console_ring": ring, "timing": timing,
        "usable": " ".join(usable),
        "default_budget": _size(DEFAULT_CONSOLE_BUDGET),
    }


def _md_cell(text) -> str:
    """Text safe in a Markdown table cell."""
    text = str(text).replace("\\", "\\\\").replace("\n", " ")
    for c in "|<>*":
        text = text.replace(c, "\\" + c)
    return text


def render(s, env, v, ctx: rules.Context) -> dict[str, str]:
    """{file name: text} of the report files for system s; `env` is the
    generator's Jinja2 environment, `v` the view emit.view(s) computed,
    `ctx` the context the system was compiled in (repository, payloads)."""
    f = facts(s, ctx)
    r = _view(s, f, v["banner"])
    md_env = env.overlay()
    md_env.filters = dict(env.filters, md=_md_cell)
    html_env = env.overlay(autoescape=True)
    return {
        "report.md": md_env.get_template("report.md.j2").render(r),
        "report.html": html_env.get_template("report.html.j2").render(r),
        "evidence.json": json.dumps(evidence(s, f), indent=2, sort_keys=True) + "\n",
    }


# --- explain ---------------------------------------------------------------

class QueryError(Exception):
    """A malformed ADDRESS or an unknown partition: a one-line message."""


_NUMBER = re.compile(r"^0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*$")
_DIGITS = re.compile(r"^[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*$")
_QUERY_HELP = ("write a physical address such as 0x41000000, or PARTITION:ADDRESS "
               "for a partition's intermediate address, such as alpha:0x40000000")


@dataclass(frozen=True)
class Query:
    partition: str | None
    address: int


def parse_query(text: str) -> Query:
    """'0x41000000' or 'alpha:0x40000000'."""
    partition, sep, number = text.rpartition(":")
    if sep and not re.match(r"^[a-z][a-z0-9_]*$", partition):
        raise QueryError(f"'{text}' is not an address: '{partition}' is not a "
                         f"partition name; {_QUERY_HELP}")
    if _DIGITS.match(number):
        # Without 0x, '41000000' could be meant either way: ask.
        raise QueryError(f"'{text}' is not an address: an address is hexadecimal and "
                         f"starts with 0x ({partition + sep}0x{number}?); {_QUERY_HELP}")
    if not _NUMBER.match(number):
        raise QueryError(f"'{text}' is not an address: {_QUERY_HELP}")
    return Query(partition if sep else None, int(number, 16))


def _describe_physical(s: System, pa: int) -> list[str]:
    b = s.board
    if pa >= 1 << b.pa_bits:
        return [f"physical {pa:#x} is beyond the board's {b.pa_bits}-bit physical "
                "address space",
                "  no partition may access it"]
    hit = next((r for r in memory_map(s) if r["base"] <= pa <= r["last"]), None)
    if hit is None:
        return [f"physical {pa:#x} is outside RAM and no device of the board is there",
                "  no partition may access it"]
    out = [f"physical {pa:#x} is in {hit['what']}"]
    out.append(f"  range: {_span(hit['base'], hit['size'])} ({_size(hit['size'])}), "
               f"{PLACEMENT_TEXT[hit['placement']]}")
    out.append(f"  declared at: {_where(hit['origin'])}")
    if hit["kind"] == "channel":
        out.append("  owner: shared by partitions " +
                   ", ".join(f"'{o}'" for o in hit["owners"]))
    elif hit["owners"] == [KERNEL]:
        out.append("  owner: the kernel")
    elif hit["owners"]:
        out.append(f"  owner: partition '{hit['owners'][0]}'")
    else:
        out.append("  owner: nobody")
    for m in hit["mapped_by"]:
        ipa = m["ipa"] + (pa - m["pa"])
        out.append(f"  access: partition '{m['partition']}' at IPA {ipa:#x}: "
                   f"{ACCESS_TEXT[m['access']]} ({MEMTYPE_TEXT[m['memory_type']]})")
    out.append("  no other partition may access it" if hit["mapped_by"]
               else "  no partition may access it")
    if hit["kernel_maps"] and hit["kind"] in ("region", "channel"):
        out.append("  the kernel maps it too (to load images and read hypercall buffers)")
    return out


def explain(s: System, query: Query) -> list[str]:
    """The lines `explain` prints for one address."""
    if query.partition is None:
        return _describe_physical(s, query.address)
    p = s.partition(query.partition)
    if p is None:
        raise QueryError(f"no partition '{query.partition}' in system '{s.name}' "
                         f"(partitions: {', '.join(x.name for x in s.partitions)})")
    ipa = query.address
    emulated = next((d for d in layout.emulated_devices(s, p)
                     if d.ipa <= ipa < d.ipa + d.size), None)
    if emulated is not None:
        # What the kernel's vdev table and the report's "emulated" list say.
        out = [f"IPA {ipa:#x} of partition '{p.name}' is in a device the kernel "
               f"emulates for it: {emulated.what}, IPA {_span(emulated.ipa, emulated.size)}",
               "  not mapped: each access traps to the kernel, which answers it from "
               "the partition's own state (no other partition's)"]
        if emulated.intid is not None:
            out.append(f"  interrupt: INTID {emulated.intid} (virtual)")
        out.append(f"  address: {emulated.origin}")
        return out
    m = next((m for m in layout.mappings(s, p) if m.ipa <= ipa < m.ipa + m.size), None)
    if m is None:
        e = _hm_partition(s, p, "memory_violation")
        action, restarts, then = _hm_text(e)
        if e["then"] is not None and e["max_restarts"] is not None:
            action += f", at most {restarts} times, then: {then}"
        where = f" at {e['origin']['file']}:{e['origin']['line']}" if e["origin"] else ""
        beyond = (f" (beyond the board's {s.board.ipa_bits}-bit intermediate address "
                  "space)" if ipa >= 1 << s.board.ipa_bits else "")
        return [f"IPA {ipa:#x} of partition '{p.name}' is not mapped{beyond}: an "
                "access faults to the kernel (memory violation)",
                f"  health monitor: {action} ({HM_SOURCE_TEXT[e['source']]}{where})"]
    pa = m.pa + (ipa - m.ipa)
    first = (f"IPA {ipa:#x} of partition '{p.name}' is in its {m.what} '{m.name}' "
             f"(IPA {_span(m.ipa, m.size)}, {ACCESS_TEXT[m.access]}), "
             f"at physical {pa:#x}")
    return [first] + _describe_physical(s, pa)
