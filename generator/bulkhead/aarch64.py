# SPDX-License-Identifier: Apache-2.0
"""The AArch64 back end: stage-2 translation tables and table counts.

The generator emits every partition's stage-2 tables as const data. The
descriptor fields here are those of arch/aarch64/include/arch/pte.h (VMSAv8-64,
4 KiB granule); the kernel's software walker reads the same bits, and the
unit tests walk the emitted tables with that C walker.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .layout import KernelMap, Mapping

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
            MEMATTR_DEVICE_NGNRE: "device"}.get(desc & (0xF << 2), "?")
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
