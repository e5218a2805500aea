# SPDX-License-Identifier: Apache-2.0
"""Just enough of ELF to place an AArch64 image: where its loadable
segments go, how much they take and where it starts."""
from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

EM_AARCH64 = 183
PT_LOAD = 1


class ElfError(Exception):
    pass


@dataclass(frozen=True)
class ElfInfo:
    load: int   # lowest physical address of a loadable segment
    entry: int
    size: int   # from `load` to the end of the highest segment in memory


def read(path: Path) -> ElfInfo:
    data = path.read_bytes()
    if len(data) < 64 or data[:4] != b"\x7fELF":
        raise ElfError("not an ELF file")
    if data[4] != 2 or data[5] != 1:
        raise ElfError("not a 64-bit little-endian ELF file")
    (e_type, e_machine, _, e_entry, e_phoff, _, _, _, e_phentsize,
     e_phnum) = struct.unpack_from("<HHIQQQIHHH", data, 16)
    if e_machine != EM_AARCH64:
        raise ElfError(f"not an AArch64 ELF file (machine {e_machine})")
    if e_type != 2:
        raise ElfError("not an executable ELF file")
    segments = []
    for i in range(e_phnum):
        off = e_phoff + i * e_phentsize
        if off + 56 > len(data):
            raise ElfError("truncated program headers")
        p_type, _, _, _, p_paddr, _, p_memsz, _ = struct.unpack_from("<IIQQQQQQ", data, off)
        if p_type == PT_LOAD and p_memsz:
            segments.append((p_paddr, p_paddr + p_memsz))
    if not segments:
        raise ElfError("no loadable segment")
    low = min(s for s, _ in segments)
    high = max(e for _, e in segments)
    return ElfInfo(low, e_entry, high - low)
