# SPDX-License-Identifier: Apache-2.0
"""The AArch64 back end (board.arch: aarch64), chosen by backends.py.

Every AArch64 and GICv3 fact the generator uses is here, and nowhere else
in the generator; the templates receive the values computed from them:

- stage-2 translation tables: the descriptor fields of
  arch/aarch64/include/arch/pte.h (VMSAv8-64, 4 KiB granule), which the
  kernel's software walker reads too (the unit tests walk the emitted
  tables with that C walker), and the table-pointer expression;
- the kernel's stage-1 pool size (arch/aarch64/mmu.c);
- the GICv3 redistributor frames, the emulated GIC the kernel presents;
- the `.arch` parts of sk_config.c (struct arch_system_desc and
  struct arch_cpu_desc of arch/aarch64/include/arch/config.h);
- the device-tree nodes of a partition's CPUs, interrupt controller,
  timer and PSCI, and interrupt specifiers;
- the QEMU binary that emulates the architecture.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .board import Board, BoardCpu
    from .layout import EmulatedDevice, KernelMap, Mapping

NAME = "aarch64"

PAGE = 4096
ENTRIES = 512
START_LEVEL = 1  # first lookup level of stage 2 (VTCR_EL2.SL0 = 1)

VALID = 1 << 0
TYPE_BLOCK = 0b01
TYPE_TABLE = 0b11  # also "page" at level 3
AF = 1 << 10
SH_INNER = 3 << 8
XN = 1 << 54
S2AP_R = 1 << 6
S2AP_W = 1 << 7
MEMATTR_NORMAL_WB = 0xF << 2
MEMATTR_NORMAL_NC = 0x5 << 2
MEMATTR_DEVICE_NGNRE = 0x1 << 2
MEMATTR = {"normal_wb": MEMATTR_NORMAL_WB, "normal_nc": MEMATTR_NORMAL_NC,
           "device": MEMATTR_DEVICE_NGNRE}
MEMATTR_MASK = 0xF << 2


def table_pointer() -> tuple[str, str]:
    """The C expression of S2_NEXT(table), a table descriptor pointing at a
    next-level table (a symbol, resolved by the linker), and its comment."""
    return (f"((uint64_t)(uintptr_t)(table) + {TYPE_TABLE:#x}u)",
            f"Table descriptor: address of the next-level table, type {TYPE_TABLE:#04b}.")


def level_shift(level: int) -> int:
    return 12 + 9 * (3 - level)


def level_size(level: int) -> int:
    return 1 << level_shift(level)


def leaf_attrs(m: Mapping) -> int:
    a = AF | MEMATTR[m.memtype]
    if m.memtype != "device":
        a |= SH_INNER
    if m.read:
        a |= S2AP_R
    if m.write:
        a |= S2AP_W
    if not m.execute:
        a |= XN
    return a


def describe_leaf(desc: int) -> str:
    """Human reading of a leaf descriptor's permissions and type."""
    perm = ("r" if desc & S2AP_R else "-") + ("w" if desc & S2AP_W else "-") + \
           ("-" if desc & XN else "x")
    kind = {MEMATTR_NORMAL_WB: "normal WB", MEMATTR_NORMAL_NC: "normal NC",
            MEMATTR_DEVICE_NGNRE: "device"}.get(desc & MEMATTR_MASK, "?")
    return f"{perm} {kind}"


@dataclass
class Entry:
    value: int | None     # leaf descriptor, or None for a table pointer
    child: "Table | None"
    comment: str


@dataclass
class Table:
    level: int
    base: int             # first IPA this table translates
    symbol: str
    entries: dict[int, Entry] = field(default_factory=dict)

    def sorted_entries(self) -> list[tuple[int, Entry]]:
        return sorted(self.entries.items())


class Stage2:
    """Stage-2 tables of one partition, built from its mappings."""

    def __init__(self, partition: str, maps: list[Mapping], prefix: str):
        self.partition = partition
        self.prefix = prefix
        self.root = Table(START_LEVEL, 0, f"{prefix}_l{START_LEVEL}")
        for m in maps:
            self._map(m)

    def _child(self, table: Table, index: int, ipa: int) -> Table:
        e = table.entries.get(index)
        if e is None:
            base = table.base + index * level_size(table.level)
            child = Table(table.level + 1, base,
                          f"{self.prefix}_l{table.level + 1}_{base:09x}")
            table.entries[index] = Entry(None, child,
                                         f"IPA {base:#011x}: level {table.level + 1} table")
            return child
        assert e.child is not None, "overlapping regions reach the generator"
        return e.child

    def _map(self, m: Mapping) -> None:
        ipa, pa, end = m.ipa, m.pa, m.ipa + m.size
        attrs = leaf_attrs(m)
        origin = f"{m.origin}"
        while ipa < end:
            table = self.root
            while True:
                size = level_size(table.level)
                index = (ipa >> level_shift(table.level)) % ENTRIES
                leaf_ok = table.level == 3 or (
                    table.level >= 1 and ipa % size == 0 and pa % size == 0
                    and end - ipa >= size)
                if leaf_ok:
                    kind = TYPE_TABLE if table.level == 3 else TYPE_BLOCK
                    value = pa | attrs | kind
                    table.entries[index] = Entry(
                        value, None,
                        f"IPA {ipa:#011x} -> PA {pa:#011x}, {size >> 10} KiB "
                        f"{describe_leaf(value)}: {self.partition}.{m.name}, "
                        f"{origin}")
                    ipa += size
                    pa += size
                    break
                table = self._child(table, index, ipa)

    def tables(self) -> list[Table]:
        """All tables, children before their parents (C needs them declared
        first), deterministic order."""
        out: list[Table] = []

        def visit(t: Table) -> None:
            for _, e in t.sorted_entries():
                if e.child is not None:
                    visit(e.child)
            out.append(t)
        visit(self.root)
        return out


def s1_pool_tables(kernel_memory: tuple[int, int], maps: list[KernelMap]) -> int:
    """Tables the kernel's stage-1 builder (arch/aarch64/mmu.c) will use at
    most: the level-1 root, one level-2 table per 1 GiB touched, one level-3
    table per 2 MiB not mapped whole by a block. The kernel image is mapped
    in pages, device ranges in pages, partition RAM in 2 MiB blocks where it
    covers a whole aligned block."""
    l2: set[int] = set()
    l3: set[int] = set()

    def pages(base: int, size: int) -> None:
        for a in range(base & ~((1 << 21) - 1), base + size, 1 << 21):
            l2.add(a >> 30)
            l3.add(a >> 21)

    kb, ks = kernel_memory
    pages(kb, ks)
    for m in maps:
        if m.kind == "DEVICE":
            pages(m.base, m.size)
            continue
        a = m.base & ~((1 << 21) - 1)
        while a < m.base + m.size:
            l2.add(a >> 30)
            whole = a >= m.base and a + (1 << 21) <= m.base + m.size
            if not whole:
                l3.add(a >> 21)
            a += 1 << 21
    return 1 + len(l2) + len(l3)


# ---- the GICv3 --------------------------------------------------------

# One CPU's redistributor: its RD_base and SGI_base frames, 64 KiB each
# (GICv3 architecture; a GICv4's two VLPI frames are not used). The board
# gives where they are (base, stride); the GIC version gives their size.
GICR_FRAMES = {3: 2 * 0x10000}
# The GIC's software-generated interrupts: what a partition with sgis sends
# between its own vCPUs, through its emulated GIC.
SGI_INTIDS = (0, 15)


def redistributor_size(gic_version: int) -> int:
    """Bytes of one CPU's redistributor frames for a GIC of that version
    (the board schema admits only the versions listed here)."""
    return GICR_FRAMES[gic_version]


def emulated_irqchip(b: "Board", vcpus: int) -> list["EmulatedDevice"]:
    """The interrupt controller the kernel emulates for a partition with
    `vcpus` vCPUs (arch/aarch64/vgicd.c): the distributor at the board's
    address, and one redistributor per vCPU, contiguous from the board's
    first redistributor whatever the board's stride."""
    from .layout import EmulatedDevice
    return [EmulatedDevice("gicd", b.gicd.base, b.gicd.size, None,
                           "GICv3 distributor (emulated)",
                           f"at the board's: {b.doc.display}: gic.distributor",
                           (b.doc, ("gic", "distributor"))),
            EmulatedDevice("gicr", b.gicr_base, b.gicr_size * vcpus, None,
                           f"GICv3 redistributors, {vcpus} (emulated)",
                           f"one per vCPU, at the board's: {b.doc.display}: "
                           "gic.redistributor", (b.doc, ("gic", "redistributor")))]


# What each kind of emulated interrupt-controller device is, for
# sk_config.c's vdev table (the C names of sk/include/sk/config.h).
VDEV_KINDS = {"gicd": ("SK_VDEV_IRQCHIP", "GICv3 distributor"),
              "gicr": ("SK_VDEV_IRQCHIP_CPU", "GICv3 redistributors, one per vCPU")}


# ---- the tables' .arch parts (arch/aarch64/include/arch/config.h) ------

TABLE_ENTRIES = ENTRIES   # uint64_t entries of one translation table
TABLE_ALIGN = PAGE        # alignment of a translation table, bytes


def cpu_fields(b: "Board", c: "BoardCpu") -> str:
    """The initializer of one CPU's struct arch_cpu_desc."""
    return f"{{ .mpidr = {c.mpidr:#x}u, .gicr = {{ {b.gicr(c).base:#x}u }} }}"


def boot_id(b: "Board", cpu_id: int) -> int:
    """The value boot.S compares with its MPIDR_EL1 affinity to let only
    the boot CPU through (sk_boot_mpidr)."""
    return b.cpu(cpu_id).mpidr


def system_fields(b: "Board", kernel_memory: tuple[int, int],
                  maps: list["KernelMap"]) -> list[tuple[str, str]]:
    """struct arch_system_desc, field by field, as C initializers."""
    return [
        ("gicd", f"{{ {b.gicd.base:#x}u }}"),
        ("uart", f"{{ {b.devices[b.console].mmio.base:#x}u }}"),
        ("timer_intid", f"{b.timer_hyp_irq}u"),
        ("vtimer_intid", f"{b.timer_virt_irq}u"),
        ("maint_intid", f"{b.maintenance_irq}u"),
        ("pa_bits", f"{b.pa_bits}u"),
        ("ipa_bits", f"{b.ipa_bits}u"),
        ("s2_start_level", f"{START_LEVEL}u"),
        ("s1_pool", "s1_pool"),
        ("s1_pool_tables", f"{s1_pool_tables(kernel_memory, maps)}u"),
    ]


# ---- device trees -------------------------------------------------------

# GIC interrupt specifier, first cell: the interrupt type.
GIC_SPI = 0
GIC_PPI = 1
# Third cell: trigger (include/dt-bindings/interrupt-controller/irq.h).
IRQ_EDGE_RISING = 1
IRQ_LEVEL_HIGH = 4
TRIGGERS = {"edge": IRQ_EDGE_RISING, "level": IRQ_LEVEL_HIGH}

SPI_BASE = 32   # INTID of SPI 0
PPI_BASE = 16   # INTID of PPI 0

# The architected timer's PPIs that the board description does not give
# because they are fixed by the architecture (Arm ARM, "Generic Timer").
TIMER_SECURE_PHYS_PPI = 13
TIMER_NONSECURE_PHYS_PPI = 14

MPIDR_RES1 = 0x80000000  # bit 31 of MPIDR_EL1 reads as one


def vcpu_mpidr(index: int) -> int:
    """The MPIDR the kernel presents to vCPU `index` (VMPIDR_EL2)."""
    return MPIDR_RES1 | index


def dt_cpus_comment() -> str:
    return (f"vCPUs: reg is Aff0 of the MPIDR the kernel presents ({MPIDR_RES1:#x} |\n"
            "\t * index). With more than one, vCPU 0 starts the others with PSCI CPU_ON.")


DT_CPU_COMPATIBLE = '"arm,armv8"'
DT_PSCI = {"compatible": '"arm,psci-1.0", "arm,psci-0.2"', "method": '"hvc"',
           "comment": "CPU power calls (PSCI) go to the kernel through HVC."}


def dt_spi(intid: int, trigger: str) -> str:
    """Interrupt specifier of a shared interrupt (trigger: edge, level)."""
    return f"<{GIC_SPI} {intid - SPI_BASE} {TRIGGERS[trigger]}>"


def dt_spi_name(intid: int) -> str:
    return f"SPI {intid - SPI_BASE} = INTID {intid}"


# A node property: name, value (None: a property without one) and a
# comment printed on the line before it (None: none).
Prop = tuple[str, "str | None", "str | None"]


def dt_irqchip(vdevs: list[dict], reg) -> tuple[list[Prop], str]:
    """Properties of the node of the emulated GICv3 (vdevs: the
    partition's emulated devices, as emit's view has them; reg: formats
    address ranges), and what its frames are, for the node's comment."""
    gicd = next(d for d in vdevs if d["name"] == "gicd")
    gicr = next(d for d in vdevs if d["name"] == "gicr")
    frames = ((gicd["ipa"], gicd["size"]), (gicr["ipa"], gicr["size"]))
    props = [("compatible", '"arm,gic-v3"', None), ("interrupt-controller", None, None),
             ("#interrupt-cells", "<3>", None), ("#address-cells", "<0>", None),
             ("#redistributor-regions", "<1>", None), ("reg", reg(*frames), None)]
    return props, frames


def dt_timer(b: "Board") -> list[Prop]:
    """Properties of the architected timer's node."""
    ppis = [
        (TIMER_SECURE_PHYS_PPI, "secure physical (architectural)"),
        (TIMER_NONSECURE_PHYS_PPI, "non-secure physical (architectural)"),
        (b.timer_virt_irq - PPI_BASE, f"virtual, INTID {b.timer_virt_irq}"),
        (b.timer_hyp_irq - PPI_BASE, f"hypervisor, INTID {b.timer_hyp_irq}"),
    ]
    interrupts = ", ".join(f"<{GIC_PPI} {n} {IRQ_LEVEL_HIGH}>" for n, _ in ppis)
    which = "; ".join(f"PPI {n} {what}" for n, what in ppis)
    return [("compatible", '"arm,armv8-timer"', None), ("interrupts", interrupts, which),
            ("always-on", None, None)]


def dt_timer_comment(b: "Board") -> str:
    return (f"architected timer at {b.timer_hz} Hz (CNTFRQ_EL0, checked "
            f"by the kernel at boot)")


# ---- QEMU -------------------------------------------------------------

QEMU = "qemu-system-aarch64"
QEMU_PACKAGE = "qemu-system-arm"   # the Debian package that has it
