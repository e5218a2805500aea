# SPDX-License-Identifier: Apache-2.0
"""Every partition's generated device tree compiles with dtc without a
warning and describes exactly the partition of the model: its memory,
vCPUs, virtual GIC, timer, devices, shared memory, ports and doorbells.

The compiled trees are read back with fdtget, so what is checked is what
an OS would find, not the generator's text."""
from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import REPO, run

from bulkhead.compiler import compile_system
from bulkhead.model import Partition, System

SYSTEMS = sorted((REPO / "config").glob("*.yaml")) + \
    sorted((REPO / "tests/qemu/systems").glob("*.yaml")) + \
    sorted((REPO / "bench").glob("*.yaml"))

# Not in the repository's systems: several vCPUs, a device at another IPA,
# raw MMIO, a raw interrupt, read-only and non-cacheable regions, every
# kind of channel, names with '_', a partition without a console.
EDGE = """\
    version: 1
    system: {name: edge_case, board: qemu-virt-aarch64, cpus: [0, 1, 2]}
    partitions:
      - name: big_one
        image: counter
        vcpus: [1, 0, 2]
        console: none
        memory:
          - {name: ram, size: 2MiB, ipa: 0x40000000, access: rwx}
          - {name: nc_buf, size: 64KiB, ipa: 0x40200000, access: rw, cache: non_cacheable}
          - {name: rom_data, size: 8KiB, ipa: 0x48000000, access: r}
          - {name: high_ram, size: 4KiB, ipa: 0x80000000, access: rw}
        devices:
          - {name: rtc, ipa: 0x20000000}
        mmio:
          - {name: fpga_regs, physical: 0x0a000000, size: 8KiB, ipa: 0x30000000}
        irqs: [40]
      - name: other
        image: counter
        vcpus: [2]
        memory:
          - {name: ram, size: 2MiB, ipa: 0x40000000, access: rwx}
    channels:
      - {name: s_one, kind: sampling, writer: big_one, readers: [other],
         message_size: 64B, refresh: 5s}
      - {name: q_one, kind: queuing, writer: other, reader: big_one,
         message_size: 32B, depth: 4, doorbell: true}
      - {name: shm_x, kind: shared_memory, size: 64KiB,
         access: {big_one: rw, other: ro}}
    schedule:
      major_frame: 10ms
      initial_plan: main
      plans:
        main:
          cpu0:
            - {partition: big_one, offset: 0ms, duration: 5ms}
          cpu1:
            - {partition: big_one, offset: 0ms, duration: 5ms}
          cpu2:
            - {partition: big_one, offset: 0ms, duration: 5ms}
            - {partition: other, offset: 5ms, duration: 5ms}
    """

# Root nodes every partition's tree has, whatever it was given.
FIXED_ROOT_NODES = {"chosen", "cpus", "psci", "timer", "bulkhead"}


def _tool(name: str) -> str:
    path = shutil.which(name) or shutil.which(name, path="/usr/bin:/bin")
    if path is None:
        pytest.fail(f"{name} not found: install Debian's device-tree-compiler")
    return path


class Tree:
    """A compiled device tree, read with fdtget."""

    def __init__(self, dtb: Path):
        self.dtb = dtb

    def _fdtget(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([_tool("fdtget"), *args], capture_output=True, text=True)

    def nodes(self, path: str = "/") -> list[str]:
        r = self._fdtget("-l", str(self.dtb), path)
        assert r.returncode == 0, r.stderr
        return r.stdout.split()

    def props(self, path: str) -> list[str]:
        r = self._fdtget("-p", str(self.dtb), path)
        assert r.returncode == 0, r.stderr
        return r.stdout.split()

    def cells(self, path: str, prop: str) -> list[int]:
        r = self._fdtget("-t", "u", str(self.dtb), path, prop)
        assert r.returncode == 0, f"{path} {prop}: {r.stderr}"
        return [int(x) for x in r.stdout.split()]

    def string(self, path: str, prop: str) -> str:
        r = self._fdtget("-t", "s", str(self.dtb), path, prop)
        assert r.returncode == 0, f"{path} {prop}: {r.stderr}"
        return r.stdout.strip()

    def reg64(self, path: str) -> list[tuple[int, int]]:
        """reg as (address, size) pairs, two cells each."""
        c = self.cells(path, "reg")
        assert len(c) % 4 == 0, f"{path}: reg is not 2+2 cells"
        return [((c[i] << 32) | c[i + 1], (c[i + 2] << 32) | c[i + 3])
                for i in range(0, len(c), 4)]


class Generated:
    """A system generated, its partition trees compiled, and its model."""

    def __init__(self, yaml: Path, out: Path):
        r = run("generate", str(yaml), "-o", str(out))
        assert r.returncode == 0, r.stderr
        self.out = out
        self.system: System = compile_system(yaml)[0]
        self.dts: dict[str, str] = {}
        self.trees: dict[str, Tree] = {}
        self.dtc_stderr: dict[str, str] = {}
        for p in self.system.partitions:
            src = out / "partitions" / p.name / "partition.dts"
            dtb = src.with_suffix(".dtb")
            self.dts[p.name] = src.read_text()
            c = subprocess.run([_tool("dtc"), "-I", "dts", "-O", "dtb", "-o", str(dtb),
                                str(src)], capture_output=True, text=True)
            assert c.returncode == 0, f"{src}:\n{c.stderr}"
            self.dtc_stderr[p.name] = c.stderr
            self.trees[p.name] = Tree(dtb)


_cache: dict[str, Generated] = {}


@pytest.fixture(scope="module")
def generate(tmp_path_factory):
    """generate(path) -> Generated, once per system for this module."""
    def get(yaml: Path) -> Generated:
        key = str(yaml)
        if key not in _cache:
            _cache[key] = Generated(yaml, tmp_path_factory.mktemp(yaml.stem))
        return _cache[key]
    yield get
    _cache.clear()


@pytest.fixture(scope="module")
def edge_yaml(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("edge") / "edge_case.yaml"
    path.write_text(textwrap.dedent(EDGE))
    return path


def _partitions(g: Generated):
    return [(p, g.trees[p.name]) for p in g.system.partitions]


def _channel_maps(s: System, p: Partition):
    """(channel, ipa, writable) of every shared-memory channel p maps."""
    return [(c, c.final_ipa(p.name), c.access[p.name] == "rw") for c in s.channels
            if c.kind == "shared_memory" and p.name in c.access]


def check_tree(g: Generated) -> None:
    """Everything the model says about each partition is in its tree, and
    nothing else."""
    s, b = g.system, g.system.board
    for p, t in _partitions(g):
        where = f"{s.name}/{p.name}"
        assert g.dtc_stderr[p.name] == "", f"{where}: dtc says:\n{g.dtc_stderr[p.name]}"
        assert t.string("/", "model") == f"bulkhead,{s.name}-{p.name}"
        assert t.string("/", "compatible") == "bulkhead,partition"
        assert t.cells("/", "#address-cells") == [2]
        assert t.cells("/", "#size-cells") == [2]
        root = t.nodes("/")

        # Memory: one node per region, at its IPA, and nothing else.
        memory = sorted(r for n in root if n.startswith("memory@")
                        for r in t.reg64(f"/{n}"))
        assert memory == sorted((r.final_ipa, r.size) for r in p.regions), where
        for n in root:
            if n.startswith("memory@"):
                assert t.string(f"/{n}", "device_type") == "memory"
                assert int(n.split("@")[1], 16) == t.reg64(f"/{n}")[0][0]

        # vCPUs: reg is the vCPU index (Aff0 of its virtual MPIDR).
        cpus = t.nodes("/cpus")
        assert cpus == [f"cpu@{i:x}" for i in range(len(p.vcpus))], where
        for i, n in enumerate(cpus):
            assert t.cells(f"/cpus/{n}", "reg") == [i]
            assert t.string(f"/cpus/{n}", "compatible") == "arm,armv8"
            assert ("enable-method" in t.props(f"/cpus/{n}")) == (len(p.vcpus) > 1)
        assert t.string("/psci", "method") == "hvc"

        # The virtual GIC: distributor and the redistributors of its vCPUs.
        gic = f"/interrupt-controller@{b.gicd.base:x}"
        assert t.string(gic, "compatible") == "arm,gic-v3"
        assert t.cells(gic, "#interrupt-cells") == [3]
        assert t.reg64(gic) == [(b.gicd.base, 0x10000),
                                (b.gicr_base, len(p.vcpus) * b.gicr_stride)]
        assert t.cells("/", "interrupt-parent") == t.cells(gic, "phandle")

        # Timer: secure and non-secure physical, virtual, hypervisor PPIs.
        assert t.cells("/timer", "interrupts") == [
            1, 13, 4, 1, 14, 4,
            1, b.timer_virt_irq - 16, 4, 1, b.timer_hyp_irq - 16, 4]

        # Devices and raw MMIO, and nothing else, with their interrupts.
        expected = {}
        for d in p.devices:
            irqs = [c for i in d.device.irqs for c in (0, i - 32, 4)]
            expected[f"{d.name.replace('_', '-')}@{d.final_ipa:x}"] = \
                (d.device.compatible, (d.final_ipa, d.device.mmio.size), irqs)
        for m in p.mmio:
            expected[f"{m.name.replace('_', '-')}@{m.final_ipa:x}"] = \
                ("bulkhead,mmio", (m.final_ipa, m.size), None)
        uart = b.devices[b.console]
        if p.vuart:
            # The emulated PL011, at the board console's address, its clock,
            # and the console it is.
            node = f"pl011@{uart.mmio.base:x}"
            expected[node] = ("arm,pl011 arm,primecell", (uart.mmio.base, uart.mmio.size),
                              [c for i in uart.irqs[:1] for c in (0, i - 32, 4)])
            expected["uart-clock"] = ("fixed-clock", None, None)
            assert t.string("/chosen", "stdout-path") == f"/{node}"
            assert t.cells(f"/{node}", "clocks") == t.cells("/uart-clock", "phandle") * 2
        else:
            assert "stdout-path" not in t.props("/chosen")
        found = [n for n in root if n not in FIXED_ROOT_NODES and n != "reserved-memory"
                 and not n.startswith("memory@") and n != gic[1:]]
        assert sorted(found) == sorted(expected), where
        for n, (compatible, reg, irqs) in expected.items():
            assert t.string(f"/{n}", "compatible") == compatible
            if reg is None:
                continue
            assert t.reg64(f"/{n}") == [reg]
            if irqs:
                assert t.cells(f"/{n}", "interrupts") == irqs
            else:
                assert "interrupts" not in t.props(f"/{n}")

        # Shared memory (and regions the OS must not allocate from).
        reserved = {}
        for c, ipa, rw in _channel_maps(s, p):
            reserved[f"{c.name.replace('_', '-')}@{ipa:x}"] = \
                ((ipa, c.size), "read-write" if rw else "read-only")
        for r in p.regions:
            if "w" not in r.access:
                reserved[f"{r.name.replace('_', '-')}@{r.final_ipa:x}"] = \
                    ((r.final_ipa, r.size), "read-only")
        if reserved:
            assert t.cells("/reserved-memory", "#address-cells") == [2]
            assert t.cells("/reserved-memory", "#size-cells") == [2]
            assert "ranges" in t.props("/reserved-memory")
            assert sorted(t.nodes("/reserved-memory")) == sorted(reserved), where
            for n, (reg, access) in reserved.items():
                path = f"/reserved-memory/{n}"
                assert t.reg64(path) == [reg]
                assert "no-map" in t.props(path)
                assert t.string(path, "bulkhead,access") == access
        else:
            assert "reserved-memory" not in root, where

        # The hypervisor node: console, ports, doorbells.
        assert t.string("/bulkhead", "compatible") == "bulkhead,hypervisor"
        assert t.string("/bulkhead", "bulkhead,console") == \
            ("virtual" if p.console else "none")
        children = t.nodes("/bulkhead")
        ports = [n for n in children if n.startswith("port@")]
        assert ports == [f"port@{port.id:x}" for port in p.ports], where
        for port in p.ports:
            path = f"/bulkhead/port@{port.id:x}"
            assert t.cells(path, "reg") == [port.id]
            assert t.string(path, "bulkhead,channel") == port.channel.name
            assert t.string(path, "bulkhead,kind") == port.channel.kind
            assert t.string(path, "bulkhead,direction") == port.direction
            if port.channel.kind == "shared_memory":
                shm = f"/reserved-memory/{port.channel.name.replace('_', '-')}@" \
                      f"{port.channel.final_ipa(p.name):x}"
                assert t.cells(path, "memory-region") == t.cells(shm, "phandle")
            else:
                assert t.cells(path, "bulkhead,message-size") == [port.channel.message_size]
            if port.channel.kind == "queuing":
                assert t.cells(path, "bulkhead,depth") == [port.channel.depth]
        doorbells = [n for n in children if n.startswith("doorbell-")]
        assert doorbells == [f"doorbell-{db.channel.name.replace('_', '-')}"
                             for db in p.doorbells], where
        for db in p.doorbells:
            path = f"/bulkhead/doorbell-{db.channel.name.replace('_', '-')}"
            assert t.cells(path, "interrupts") == [0, db.intid - 32, 1]
            assert t.string(path, "bulkhead,channel") == db.channel.name
        raw = [g.intid for g in p.raw_irqs]
        if raw:
            assert t.cells("/bulkhead/irqs", "interrupts") == \
                [c for i in raw for c in (0, i - 32, 4)]
        else:
            assert "irqs" not in children


@pytest.mark.parametrize("system", SYSTEMS, ids=lambda p: p.stem)
def test_tree_matches_the_model(system, generate):
    check_tree(generate(system))


def test_edge_cases_match_the_model(edge_yaml, generate):
    g = generate(edge_yaml)
    check_tree(g)
    t = g.trees["big_one"]
    assert len(t.nodes("/cpus")) == 3
    assert "memory@80000000" in t.nodes("/")
    assert t.string("/bulkhead", "bulkhead,console") == "none"


def test_logger_has_the_rtc(generate):
    t = generate(REPO / "config/channels.yaml").trees["logger"]
    assert t.string("/rtc@9010000", "compatible") == "arm,pl031"
    assert t.reg64("/rtc@9010000") == [(0x9010000, 0x1000)]
    assert t.cells("/rtc@9010000", "interrupts") == [0, 34 - 32, 4]


def test_consumer_reads_bulk_and_gets_its_doorbell(generate):
    t = generate(REPO / "config/channels.yaml").trees["consumer"]
    node = "/reserved-memory/bulk@50000000"
    assert t.reg64(node) == [(0x50000000, 0x10000)]
    assert "no-map" in t.props(node)
    assert t.string(node, "bulkhead,channel") == "bulk"
    assert t.string(node, "bulkhead,access") == "read-only"
    assert t.cells("/bulkhead/doorbell-bulk", "interrupts") == [0, 960 - 32, 1]


def test_producer_writes_bulk(generate):
    t = generate(REPO / "config/channels.yaml").trees["producer"]
    assert t.string("/reserved-memory/bulk@50000000", "bulkhead,access") == "read-write"
    assert not [n for n in t.nodes("/bulkhead") if n.startswith("doorbell-")]


def test_partitions_without_devices_have_none(generate):
    for system in SYSTEMS:
        g = generate(system)
        for p, t in _partitions(g):
            if p.devices or p.mmio or p.vuart:
                continue
            assert not [n for n in t.nodes("/") if "@" in n and
                        not n.startswith(("memory@", "interrupt-controller@"))], \
                f"{g.system.name}/{p.name}"


ORIGIN = re.compile(r"\([\w./-]+\.yaml:\d+\)")
NODE = re.compile(r"^\t+(?:\w+: )?([\w,.+-]+(?:@[0-9a-f]+)?) \{$")


@pytest.mark.parametrize("system", SYSTEMS, ids=lambda p: p.stem)
def test_nodes_name_their_origin(system, generate):
    """The first line says the file is generated; every node that comes
    from the description or the board names the YAML file and line."""
    g = generate(system)
    for name, text in g.dts.items():
        lines = text.splitlines()
        assert "Generated by the Bulkhead generator" in lines[0], name
        assert "do not edit" in lines[0], name
        assert str(REPO) not in text, f"{name} names the checkout's path"
        for i, line in enumerate(lines):
            m = NODE.match(line)
            if not m or m.group(1) in ("chosen", "cpus", "psci", "reserved-memory",
                                       "bulkhead"):
                continue
            j = i - 1
            comment = []
            while j >= 0 and lines[j].strip() and not lines[j].strip().startswith("/*"):
                comment.insert(0, lines[j])
                j -= 1
            comment.insert(0, lines[j])
            assert ORIGIN.search(" ".join(comment)), f"{name}: node {m.group(1)}"


@pytest.mark.parametrize("system", SYSTEMS, ids=lambda p: p.stem)
def test_trees_are_deterministic(system, generate, tmp_path):
    first = generate(system)
    again = tmp_path / "again"
    r = run("generate", str(system), "-o", str(again), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    for name, text in first.dts.items():
        assert (again / "partitions" / name / "partition.dts").read_text() == text, name
