# SPDX-License-Identifier: Apache-2.0
"""An AArch64 ELF image as the kernel loads it, read with pyelftools
(Debian's python3-pyelftools).

The kernel copies one flat image to one address, so an ELF file becomes:
its PT_LOAD segments (each at its physical address, which is an
intermediate physical address of the partition, with its file bytes and
its memory size), and the flat image that holds them: from the lowest
segment's address to the end of the highest segment's file bytes, each
segment's bytes at its offset from there, zeros between them and after
each segment's file bytes up to its memory size (.bss). What lies beyond
the flat image is zero because the kernel scrubs a partition's memory
before it copies the image. The same ElfImage gives the tables, the report
and the bytes the generator writes to image.bin, so they cannot disagree."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from elftools.common.exceptions import ELFError as _PyElfError
from elftools.elf.elffile import ELFFile

PF_X, PF_W, PF_R = 1, 2, 4


class ElfError(Exception):
    """Why a file is not an image the kernel can load: one sentence."""


@dataclass(frozen=True)
class Segment:
    index: int          # in the program header table
    ipa: int            # p_paddr: where it is loaded
    offset: int         # p_offset: where its bytes are in the file
    file_size: int      # p_filesz: bytes copied from the file
    memory_size: int    # p_memsz: bytes it takes in memory (the rest zero)
    flags: int          # p_flags: PF_R | PF_W | PF_X

    @property
    def end(self) -> int:
        return self.ipa + self.memory_size

    @property
    def access(self) -> str:
        """Its permissions as a region's access is written: 'rx', 'rw', ..."""
        return "".join(c for bit, c in ((PF_R, "r"), (PF_W, "w"), (PF_X, "x"))
                       if self.flags & bit)

    def describe(self, file: str) -> str:
        """'segment 1 of app.elf (IPA 0x40010000-0x40010fff, rw, 16 bytes
        from the file, 4 KiB in memory)', for messages."""
        span = f"IPA {self.ipa:#x}-{self.end - 1:#x}"
        return (f"segment {self.index} of {file} ({span}, {self.access or 'no access'}, "
                f"{self.file_size} bytes from the file, {self.memory_size} in memory)")


@dataclass(frozen=True)
class ElfImage:
    entry: int
    segments: tuple[Segment, ...]   # the PT_LOAD segments with memory, by IPA
    contents: bytes = field(repr=False)  # the whole file

    @property
    def load(self) -> int:
        return self.segments[0].ipa

    @property
    def size(self) -> int:
        """Bytes the kernel copies (image.bin): to the end of the highest
        segment's file bytes."""
        return max(s.ipa + s.file_size for s in self.segments) - self.load

    @property
    def memory_size(self) -> int:
        """Bytes from `load` to the end of the highest segment in memory."""
        return max(s.end for s in self.segments) - self.load

    def flat(self) -> bytes:
        """The flat image the kernel copies to `load`: each segment's file
        bytes at its offset from there, zeros between. Only for an image
        the rules accepted: its size is then bounded by a region's."""
        out = bytearray(self.size)
        for s in self.segments:
            at = s.ipa - self.load
            out[at:at + s.file_size] = self.contents[s.offset:s.offset + s.file_size]
        return bytes(out)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ElfError(message)


def read(path: Path) -> ElfImage:
    """The image in ELF file `path`; ElfError says why it cannot be one."""
    data = path.read_bytes()
    _check(data[:4] == b"\x7fELF", "not an ELF file (no ELF magic number)")
    try:
        elf = ELFFile(io.BytesIO(data))
    except _PyElfError:
        raise ElfError(f"truncated: {len(data)} bytes, less than an ELF header") from None
    try:
        h = elf.header
        _check(elf.elfclass == 64, "a 32-bit ELF file; an AArch64 image is 64-bit (ELFCLASS64)")
        _check(elf.little_endian, "a big-endian ELF file; the kernel loads little-endian "
               "AArch64 images")
        _check(h["e_machine"] == "EM_AARCH64",
               f"built for {h['e_machine']}, not AArch64 (EM_AARCH64)")
        _check(h["e_type"] == "ET_EXEC",
               f"not an executable ELF file (e_type {h['e_type']}); link it with "
               "-static -no-pie")
        end = h["e_phoff"] + h["e_phnum"] * h["e_phentsize"]
        _check(end <= len(data), f"truncated: the program headers end at byte {end}, "
               f"the file has {len(data)}")
        segments = []
        for i in range(elf.num_segments()):
            ph = elf.get_segment(i).header
            if ph["p_type"] != "PT_LOAD" or ph["p_memsz"] == 0:
                continue
            s = Segment(i, ph["p_paddr"], ph["p_offset"], ph["p_filesz"],
                        ph["p_memsz"], ph["p_flags"])
            _check(s.offset + s.file_size <= len(data),
                   f"truncated: segment {i}'s bytes end at byte "
                   f"{s.offset + s.file_size}, the file has {len(data)}")
            _check(s.file_size <= s.memory_size,
                   f"segment {i} has more bytes in the file ({s.file_size}) than in "
                   f"memory ({s.memory_size})")
            segments.append(s)
    except _PyElfError as e:
        raise ElfError(f"not a readable ELF file ({e})") from None
    _check(bool(segments), "no loadable segment (PT_LOAD with a memory size)")
    segments.sort(key=lambda s: (s.ipa, s.index))
    return ElfImage(h["e_entry"], tuple(segments), data)


def overlaps(image: ElfImage) -> list[tuple[Segment, Segment]]:
    """Pairs of segments whose memory overlaps, in IPA order."""
    segs = image.segments
    return [(a, b) for i, a in enumerate(segs) for b in segs[i + 1:]
            if a.ipa < b.end and b.ipa < a.end]
