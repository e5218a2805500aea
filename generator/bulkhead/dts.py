# SPDX-License-Identifier: Apache-2.0
"""Per-partition device trees: the virtual platform each partition sees.

For every partition the generator writes partitions/<name>/partition.dts, a
device-tree source that describes exactly what the kernel presents to that
partition, at the partition's intermediate physical addresses (IPAs), so
that an OS which boots from a device tree (Linux arm64) needs to be told
nothing else:

- its memory regions (/memory nodes; regions it may not write are also
  reserved, no-map, so the OS does not allocate from them);
- its vCPUs (/cpus), whose reg is the Aff0 of the MPIDR the kernel presents
  (VMPIDR_EL2 = 0x80000000 | vCPU index), started through PSCI over HVC;
- the virtual GICv3 the kernel emulates for it, at the board's GIC
  addresses, with one redistributor frame pair per vCPU;
- the architected timer's four PPIs;
- the board devices and raw MMIO ranges it was given, at their IPAs, with
  their interrupts;
- its shared-memory channels (/reserved-memory, no-map, with its access);
- a /bulkhead node for what only Bulkhead provides: the hypercall console,
  the ports of its channels and the doorbell interrupts it receives;
- for a Linux kernel (image format linux), its command line in /chosen.

Every value is computed here, in DTS syntax; templates/partition.dts.j2
only places them. Each node carries a comment naming the YAML it comes
from. The tree is deterministic: it follows the fixed order of the model.
"""
from __future__ import annotations

import jinja2

from .model import Origin, Partition, System
from .units import format_size, format_time

ACCESS_TEXT = {True: "read-write", False: "read-only"}
MEMTYPE_TEXT = {"normal_wb": "write-back", "normal_nc": "non-cacheable",
                "device": "device"}


def _str(text: str) -> str:
    """A DTS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _node_name(name: str) -> str:
    """Node names use '-' where description names use '_' (the device-tree
    convention; dtc's strict node-name check rejects '_')."""
    return name.replace("_", "-")


def _unit(address: int) -> str:
    """Unit address: hex without 0x or leading zeros, as dtc requires."""
    return f"{address:x}"


def _reg(*ranges: tuple[int, int]) -> str:
    """reg value for #address-cells = <2>, #size-cells = <2>."""
    return ", ".join(f"<{base >> 32:#x} {base & 0xffffffff:#x} "
                     f"{size >> 32:#x} {size & 0xffffffff:#x}>"
                     for base, size in ranges)


def _board_origin(s: System, *path) -> str:
    return str(Origin(s.board.doc, tuple(path)))


def _span(ipa: int, size: int) -> str:
    return f"{format_size(size)} at IPA {ipa:#x}"


def _vcpu_origin(part: Partition, i: int) -> str:
    if part.origin.doc.get(part.origin.path + ("vcpus",)) is not None:
        return str(part.origin.at("vcpus", i))
    return f"default: one vCPU on the system's first CPU, {part.origin}"


def _console_origin(part: Partition) -> str:
    if part.origin.doc.get(part.origin.path + ("console",)) is not None:
        return str(part.origin.at("console"))
    return f"default: virtual, {part.origin}"


def _memory(p: dict) -> list[dict]:
    """One /memory node per region of the partition, in IPA order."""
    out = []
    for r in sorted((r for r in p["regions"] if r["kind"] == "region"),
                    key=lambda r: r["ipa"]):
        out.append({
            "unit": _unit(r["ipa"]), "reg": _reg((r["ipa"], r["size"])),
            "comment": f"region '{r['name']}': {_span(r['ipa'], r['size'])}, "
                       f"{r['access']}, {MEMTYPE_TEXT[r['memtype']]}: {r['origin']}",
        })
    return out


def _reserved(p: dict) -> list[dict]:
    """/reserved-memory children: shared-memory channels, and regions the
    partition may not write (so that the OS never allocates from them)."""
    out = []
    for r in p["regions"]:
        writable = "w" in r["access"]
        if r["kind"] == "channel":
            out.append({
                "node": _node_name(r["name"]), "label": f"shm_{r['name']}",
                "unit": _unit(r["ipa"]), "reg": _reg((r["ipa"], r["size"])),
                "compatible": _str("bulkhead,shared-memory"),
                "channel": _str(r["name"]), "access": _str(ACCESS_TEXT[writable]),
                "comment": f"shared-memory channel '{r['name']}': "
                           f"{_span(r['ipa'], r['size'])}, "
                           f"{ACCESS_TEXT[writable]} here: {r['origin']}",
            })
        elif r["kind"] == "region" and not writable:
            out.append({
                "node": _node_name(r["name"]), "label": f"ro_{r['name']}",
                "unit": _unit(r["ipa"]), "reg": _reg((r["ipa"], r["size"])),
                "compatible": _str("bulkhead,read-only-memory"),
                "channel": None, "access": _str(ACCESS_TEXT[writable]),
                "comment": f"region '{r['name']}' is {r['access']}: the OS must "
                           f"not allocate from it: {r['origin']}",
            })
    return sorted(out, key=lambda n: int(n["unit"], 16))


def _cpus(s: System, part: Partition, p: dict) -> list[dict]:
    """One cpu node per vCPU. With more than one vCPU every node, the boot
    vCPU's too, says the others are started by PSCI CPU_ON; a lone vCPU
    needs no enable method."""
    out = []
    smp = len(p["vcpus"]) > 1
    for vc in p["vcpus"]:
        i = vc["index"]
        out.append({
            "unit": _unit(i), "reg": f"<{i:#x}>",
            "enable_method": _str("psci") if smp else None,
            "compatible": s.board.backend.DT_CPU_COMPATIBLE,
            "comment": f"vCPU {i} on CPU {vc['cpu']}, MPIDR "
                       f"{s.board.backend.vcpu_mpidr(i):#x}: {_vcpu_origin(part, i)}",
        })
    return out


def _gic(s: System, p: dict) -> dict:
    """The interrupt controller the kernel emulates, at the addresses and
    sizes of the partition's emulated devices (layout.emulated_devices)."""
    n = len(p["vcpus"])
    props, ((dbase, dsize), (rbase, rsize)) = s.board.backend.dt_irqchip(p["vdevs"], _reg)
    return {
        "unit": _unit(dbase), "props": props,
        "comment": f"the virtual GICv3 the kernel emulates for this partition: "
                   f"distributor {_span(dbase, dsize)}, redistributors "
                   f"{_span(rbase, rsize)} ({n} vCPU{'s' if n > 1 else ''}): "
                   f"{_board_origin(s, 'gic')}",
    }


def _timer(s: System) -> dict:
    b = s.board
    return {
        "props": b.backend.dt_timer(b),
        "comment": f"{b.backend.dt_timer_comment(b)}: {_board_origin(s, 'timer')}",
    }


def _irq_list(s: System, intids, trigger: str) -> tuple[str, str]:
    """interrupts value and a comment naming the INTIDs (trigger: edge or
    level)."""
    arch = s.board.backend
    value = ", ".join(arch.dt_spi(i, trigger) for i in intids)
    what = ", ".join(arch.dt_spi_name(i) for i in intids)
    return value, what


def _devices(s: System, p: dict) -> list[dict]:
    """Board devices and raw MMIO, in IPA order."""
    grants = {d["name"]: d for d in p["devices"]}
    out = []
    for r in p["regions"]:
        if r["kind"] == "device":
            d = grants[r["name"]]
            irqs, what = _irq_list(s, d["irqs"], "level")
            board_dev = s.board.devices[d["name"]]
            out.append({
                "node": _node_name(d["name"]), "label": f"dev_{d['name']}",
                "unit": _unit(d["ipa"]), "reg": _reg((d["ipa"], d["size"])),
                "compatible": _str(d["compatible"]),
                "interrupts": irqs, "irq_comment": f"{what}, level high" if what else "",
                "comment": f"board device '{d['name']}' "
                           f"(physical {board_dev.mmio.base:#x}), "
                           f"{_span(d['ipa'], d['size'])}: {r['origin']}",
            })
        elif r["kind"] == "mmio":
            out.append({
                "node": _node_name(r["name"]), "label": f"mmio_{r['name']}",
                "unit": _unit(r["ipa"]), "reg": _reg((r["ipa"], r["size"])),
                "compatible": _str("bulkhead,mmio"),
                "interrupts": "", "irq_comment": "",
                "comment": f"raw MMIO range '{r['name']}' (physical {r['pa']:#x}), "
                           f"{_span(r['ipa'], r['size'])}: {r['origin']}",
            })
    return sorted(out, key=lambda n: int(n["unit"], 16))


# The clock an operating system's PL011 driver asks for (any fixed rate:
# the emulated UART has no baud rate).
UART_CLOCK_HZ = 24_000_000


def _vuart(s: System, p: dict) -> dict | None:
    """The PL011 the kernel emulates for p (console pl011), if any."""
    for d in p["vdevs"]:
        if d["kind"] == "SK_VDEV_PL011":
            irqs, what = _irq_list(s, [d["intid"]] if d["intid"] is not None else [],
                                   "level")
            return {
                "node": "pl011", "unit": _unit(d["ipa"]), "reg": _reg((d["ipa"], d["size"])),
                "interrupts": irqs, "irq_comment": f"{what}, level high" if what else "",
                "clock_hz": f"<{UART_CLOCK_HZ}>",
                "path": _str(f"/pl011@{_unit(d['ipa'])}"),
                "origin": d["comment"].split(": ", 1)[1],
                "comment": f"the PL011 the kernel emulates; what it sends goes to the "
                           f"kernel's console prefixed with the partition's name: "
                           f"{d['comment'].split(': ', 1)[1]}",
            }
    return None


def _ports(p: dict) -> list[dict]:
    out = []
    for port in p["ports"]:
        props = [("bulkhead,channel", _str(port["channel"])),
                 ("bulkhead,kind", _str(port["kind"])),
                 ("bulkhead,direction", _str(port["direction"]))]
        if port["kind"] != "shared_memory":
            props.append(("bulkhead,message-size", f"<{port['message_size']}>"))
        if port["kind"] == "sampling":
            props.append(("bulkhead,refresh-ns", f"/bits/ 64 <{port['refresh']}>"))
        if port["kind"] == "queuing":
            props.append(("bulkhead,depth", f"<{port['depth']}>"))
        if port["kind"] == "shared_memory":
            props.append(("memory-region", f"<&shm_{port['channel']}>"))
        detail = {
            "sampling": f"{port['message_size']} B messages, stale after "
                        f"{format_time(port['refresh'])}",
            "queuing": f"{port['depth']} messages of up to {port['message_size']} B",
            "shared_memory": f"{format_size(port['size'])}, "
                             f"{ACCESS_TEXT[port['writable']]} here",
        }[port["kind"]]
        out.append({
            "unit": _unit(port["id"]), "reg": f"<{port['id']:#x}>", "props": props,
            "comment": f"port {port['id']}: {port['kind']} channel "
                       f"'{port['channel']}', {port['direction']}, {detail}: "
                       f"{port['origin']}",
        })
    return out


def _doorbells(s: System, p: dict) -> list[dict]:
    port_of = {port["channel"]: port["id"] for port in p["ports"]}
    out = []
    for db in p["doorbells"]:
        irqs, what = _irq_list(s, [db["intid"]], "edge")
        out.append({
            "node": f"doorbell-{_node_name(db['channel'])}",
            "interrupts": irqs, "irq_comment": f"virtual {what}, edge rising",
            "channel": _str(db["channel"]), "port": f"<{port_of[db['channel']]:#x}>",
            "comment": f"doorbell of channel '{db['channel']}': "
                       f"{s.channels[db['index']].origin}",
        })
    return out


def _raw_irqs(s: System, p: dict) -> dict | None:
    raw = [g for g in p["irqs"] if g["source"] == "irqs"]
    if not raw:
        return None
    irqs, what = _irq_list(s, [g["intid"] for g in raw], "level")
    return {"interrupts": irqs, "irq_comment": what,
            "origins": [g["origin"] for g in raw]}


def _linux(part: Partition) -> dict | None:
    """/chosen for a Linux kernel: its command line, and a word on the
    initramfs, whose address only the build knows."""
    img = part.image
    if img.format != "linux":
        return None
    return {
        "bootargs": _str(img.bootargs),
        "origin": str(img.origin.at("bootargs")) if img.bootargs else
        f"no bootargs in {img.origin}",
        "initrd": img.initramfs is not None,
    }


def tree(s: System, v: dict, p: dict) -> dict:
    """Every value partition.dts.j2 prints for partition view p."""
    part = s.partition(p["name"])
    system = v["system"]["name"]
    return {
        "banner": v["banner"],
        "system": system, "name": p["name"], "origin": p["origin"],
        "model": _str(f"bulkhead,{system}-{p['name']}"),
        "compatible": _str("bulkhead,partition"),
        "memory": _memory(p),
        "cpus_comment": s.board.backend.dt_cpus_comment(),
        "cpus": _cpus(s, part, p),
        "psci": s.board.backend.DT_PSCI,
        "gic": _gic(s, p),
        "timer": _timer(s),
        "devices": _devices(s, p),
        "vuart": _vuart(s, p),
        "linux": _linux(part),
        "reserved": _reserved(p),
        "hypervisor": {
            "partition": _str(p["name"]), "id": f"<{p['index']:#x}>",
            "console": _str("virtual" if p["console"] else "none"),
            "console_comment": (
                "lines written with the console hypercall go to the kernel's "
                "console, prefixed with the partition's name" if p["console"] else
                "this partition may not write to the kernel's console"),
            "console_origin": _console_origin(part),
            "ports": _ports(p), "doorbells": _doorbells(s, p), "irqs": _raw_irqs(s, p),
        },
    }


def render(s: System, env: jinja2.Environment, v: dict, p: dict) -> str:
    """The .dts text for partition view p (an item of v["partitions"])."""
    return env.get_template("partition.dts.j2").render(tree(s, v, p))
