# SPDX-License-Identifier: Apache-2.0
"""ELF image files (format: elf): the generator reads their PT_LOAD
segments (with pyelftools), checks them against the partition's memory
(rules image-fits and elf-segments), and writes the flat image the kernel
copies, image.bin, from the same segments the tables and the report use.

The ELF files are made here, byte by byte, so each test says exactly what
the file holds; one is linked by the cross toolchain as the integrator of
issue 11 did."""
from __future__ import annotations

import json
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import run

EM_AARCH64, EM_X86_64 = 183, 62
PF_X, PF_W, PF_R = 1, 2, 4


@dataclass
class Seg:
    ipa: int
    data: bytes
    memory_size: int | None = None  # None: len(data)
    flags: int = PF_R | PF_X
    offset: int | None = None       # None: after the previous one
    kind: int = 1                   # PT_LOAD


def make_elf(segments: list[Seg], entry: int, machine: int = EM_AARCH64,
             elfclass: int = 2, e_type: int = 2) -> bytes:
    """An ELF file with these program headers and nothing else (no sections)."""
    phoff, phentsize = 64, 56
    at = phoff + phentsize * len(segments)
    placed = []
    for s in segments:
        off = s.offset if s.offset is not None else at
        placed.append(off)
        at = max(at, off + len(s.data))
    out = bytearray(at)
    out[:16] = b"\x7fELF" + bytes([elfclass, 1, 1]) + bytes(9)
    struct.pack_into("<HHIQQQIHHHHHH", out, 16, e_type, machine, 1, entry, phoff, 0, 0,
                     64, phentsize, len(segments), 64, 0, 0)
    for i, (s, off) in enumerate(zip(segments, placed)):
        mem = s.memory_size if s.memory_size is not None else len(s.data)
        struct.pack_into("<IIQQQQQQ", out, phoff + i * phentsize, s.kind, s.flags, off,
                         s.ipa, s.ipa, len(s.data), mem, 0x1000)
        out[off:off + len(s.data)] = s.data
    return bytes(out)


SYSTEM = """\
version: 1
system:
  name: elfimage
  board: qemu-virt-aarch64
  cpus: [0]
partitions:
  - name: app
    image: {{file: app.elf, format: elf}}
    memory:
      - {{name: ram, size: {size}, ipa: 0x40000000, access: {access}}}
schedule:
  major_frame: 2ms
  initial_plan: main
  plans:
    main:
      cpu0:
        - {{partition: app, offset: 0ms, duration: 2ms}}
"""
FILE_LINE = "system.yaml:8:19"  # where the description names app.elf
WHERE = "(partitions[0].image.file)"


def generate(tmp_path: Path, elf: bytes, size: str = "64KiB", access: str = "rwx"):
    (tmp_path / "app.elf").write_bytes(elf)
    (tmp_path / "system.yaml").write_text(SYSTEM.format(size=size, access=access))
    out = tmp_path / "out"
    r = run("generate", "system.yaml", "-o", str(out), cwd=tmp_path)
    assert "Traceback" not in r.stderr
    return r, out


def accepted(tmp_path: Path, elf: bytes, **kw) -> tuple[bytes, dict]:
    r, out = generate(tmp_path, elf, **kw)
    assert r.returncode == 0, r.stderr
    evidence = json.loads((out / "evidence.json").read_text())
    return (out / "partitions/app/image.bin").read_bytes(), evidence["partitions"][0]["image"]


def refused(tmp_path: Path, elf: bytes, **kw) -> list[str]:
    r, out = generate(tmp_path, elf, **kw)
    assert r.returncode == 1, r.stderr
    assert not out.exists(), "a refused description must change nothing"
    return r.stderr.splitlines()


CODE = bytes(range(1, 65)) * 4      # 256 bytes, none of them zero
DATA = b"DATA" * 4


def test_first_segment_at_a_nonzero_offset_loads_from_its_offset(tmp_path):
    # The headers are not loaded: the image is the segment's bytes only.
    elf = make_elf([Seg(0x40000000, CODE, offset=0x1000)], entry=0x40000000)
    image, ev = accepted(tmp_path, elf)
    assert image == CODE
    assert (ev["load_ipa"], ev["entry_ipa"], ev["size"]) == (0x40000000, 0x40000000, len(CODE))
    assert ev["segments"] == [{"index": 0, "ipa": 0x40000000, "ipa_hex": "0x40000000",
                               "file_offset": 0x1000, "file_size": len(CODE),
                               "memory_size": len(CODE), "access": "rx"}]


def test_segments_with_a_gap_load_at_their_addresses(tmp_path):
    elf = make_elf([Seg(0x40000100, CODE, offset=0x1000),
                    Seg(0x40004000, DATA, flags=PF_R | PF_W, offset=0x3000)],
                   entry=0x40000100)
    image, ev = accepted(tmp_path, elf)
    assert image == CODE + bytes(0x40004000 - 0x40000100 - len(CODE)) + DATA
    assert ev["load_ipa"] == 0x40000100 and ev["size"] == len(image)
    assert [(x["ipa"], x["access"]) for x in ev["segments"]] == \
        [(0x40000100, "rx"), (0x40004000, "rw")]


def test_bss_is_zero_and_counts_in_memory_not_in_the_image(tmp_path):
    # The first data segment has .bss, then another segment follows it:
    # its .bss is zeros in the image; the last one's .bss is beyond the
    # image, in memory the kernel scrubbed before copying.
    elf = make_elf([Seg(0x40000000, CODE),
                    Seg(0x40001000, DATA, memory_size=0x800, flags=PF_R | PF_W),
                    Seg(0x40002000, DATA, memory_size=0x2000, flags=PF_R | PF_W)],
                   entry=0x40000000)
    image, ev = accepted(tmp_path, elf)
    assert image[0x1000:0x1000 + len(DATA)] == DATA
    assert image[0x1000 + len(DATA):0x2000] == bytes(0x1000 - len(DATA))
    assert image[0x2000:] == DATA
    assert ev["size"] == 0x2000 + len(DATA)
    assert ev["memory_size"] == 0x4000


def test_image_linked_as_in_issue_11_runs_its_entry_instruction(tmp_path):
    """`aarch64-linux-gnu-gcc -nostdlib -static -Wl,-Ttext-segment=0x40000000`:
    the first segment starts at file offset 0 (it holds the ELF headers),
    so flattening by sections (objcopy -O binary) put the code 0x78 bytes
    too low. The image must hold, at entry - load, the bytes the ELF file
    has at the entry point's file offset."""
    gcc = shutil.which("aarch64-linux-gnu-gcc")
    assert gcc, "the cross compiler (gcc-aarch64-linux-gnu) is missing"
    src = tmp_path / "app.c"
    src.write_text("void _start(void) { for (;;) __asm__ volatile(\"wfi\"); }\n"
                   "int counter = 7;\n")
    elf_path = tmp_path / "linked.elf"
    subprocess.run([gcc, "-O2", "-nostdlib", "-static", "-Wl,-Ttext-segment=0x40000000",
                    "-o", str(elf_path), str(src)], check=True)
    elf = elf_path.read_bytes()
    image, ev = accepted(tmp_path, elf, size="1MiB")
    first = ev["segments"][0]
    assert first["file_offset"] == 0 and ev["load_ipa"] == 0x40000000
    at = ev["entry_ipa"] - ev["load_ipa"]
    assert at > 0
    assert image[at:at + 4] == elf[first["file_offset"] + at:first["file_offset"] + at + 4]
    assert image[:4] == b"\x7fELF"  # the headers are part of that segment


def test_segment_past_the_region_is_refused(tmp_path):
    elf = make_elf([Seg(0x40000000, CODE),
                    Seg(0x4000f000, DATA, memory_size=0x2000, flags=PF_R | PF_W)],
                   entry=0x40000000)
    assert refused(tmp_path, elf) == [
        f"{FILE_LINE}: error: segment 1 of app.elf (IPA 0x4000f000-0x40010fff, rw, "
        f"16 bytes from the file, 8192 in memory) is outside region 'ram' "
        f"(IPA 0x40000000-0x4000ffff), which holds the image {WHERE}",
        "  hint: the kernel loads every segment of an ELF file into the executable "
        "region its lowest segment is in"]


def test_segment_in_no_executable_region_is_refused(tmp_path):
    elf = make_elf([Seg(0x3ffff000, CODE)], entry=0x3ffff000)
    assert refused(tmp_path, elf) == [
        f"{FILE_LINE}: error: segment 0 of app.elf (IPA 0x3ffff000-0x3ffff0ff, rx, "
        f"256 bytes from the file, 256 in memory) is in no executable region of "
        f"partition 'app' {WHERE}",
        "  hint: executable regions: 'ram' 64 KiB at IPA 0x40000000"]


def test_overlapping_segments_are_refused(tmp_path):
    elf = make_elf([Seg(0x40000000, CODE),
                    Seg(0x40000080, DATA, flags=PF_R | PF_W)], entry=0x40000000)
    assert refused(tmp_path, elf) == [
        f"{FILE_LINE}: error: segments 0 and 1 of app.elf overlap: "
        f"IPA 0x40000000-0x400000ff and 0x40000080-0x4000008f {WHERE}"]


def test_writable_executable_segment_needs_an_rwx_region(tmp_path):
    elf = make_elf([Seg(0x40000000, CODE, flags=PF_R | PF_W | PF_X)], entry=0x40000000)
    assert refused(tmp_path, elf, access="rx") == [
        f"{FILE_LINE}: error: segment 0 of app.elf (IPA 0x40000000-0x400000ff, rwx, "
        f"256 bytes from the file, 256 in memory) is writable and executable, which "
        f"region 'ram' (rx) forbids {WHERE}",
        "  hint: give region 'ram' access rwx, or link the image without such a segment"]
    image, _ = accepted(tmp_path, elf, access="rwx")
    assert image == CODE


def test_entry_outside_every_executable_segment_is_refused(tmp_path):
    elf = make_elf([Seg(0x40000000, CODE),
                    Seg(0x40001000, DATA, flags=PF_R | PF_W)], entry=0x40001000)
    assert refused(tmp_path, elf) == [
        f"{FILE_LINE}: error: image app.elf starts executing at IPA 0x40001000, which is "
        f"in no executable segment (segment 0 0x40000000-0x400000ff rx, segment 1 "
        f"0x40001000-0x4000100f rw) {WHERE}"]


@pytest.mark.parametrize("kind, make, message", [
    ("x86-64", lambda: make_elf([Seg(0x40000000, CODE)], 0x40000000, machine=EM_X86_64),
     "app.elf: built for EM_X86_64, not AArch64 (EM_AARCH64)"),
    ("32-bit", lambda: make_elf([Seg(0x40000000, CODE)], 0x40000000, elfclass=1)[:52],
     "app.elf: a 32-bit ELF file; an AArch64 image is 64-bit (ELFCLASS64)"),
    ("shared object", lambda: make_elf([Seg(0x40000000, CODE)], 0x40000000, e_type=3),
     "app.elf: not an executable ELF file (e_type ET_DYN); link it with -static -no-pie"),
    ("not ELF", lambda: b"MZ" + bytes(200), "app.elf: not an ELF file (no ELF magic number)"),
    ("truncated header", lambda: make_elf([Seg(0x40000000, CODE)], 0x40000000)[:40],
     "app.elf: truncated: 40 bytes, less than an ELF header"),
    ("truncated program headers",
     lambda: make_elf([Seg(0x40000000, CODE), Seg(0x40001000, DATA)], 0x40000000)[:100],
     "app.elf: truncated: the program headers end at byte 176, the file has 100"),
    ("truncated segment",
     lambda: make_elf([Seg(0x40000000, CODE, offset=0x1000)], 0x40000000)[:0x1080],
     "app.elf: truncated: segment 0's bytes end at byte 4352, the file has 4224"),
    ("no segment", lambda: make_elf([Seg(0x40000000, CODE, kind=4)], 0x40000000),
     "app.elf: no loadable segment (PT_LOAD with a memory size)"),
    ("file bigger than memory",
     lambda: make_elf([Seg(0x40000000, CODE, memory_size=16)], 0x40000000),
     "app.elf: segment 0 has more bytes in the file (256) than in memory (16)"),
], ids=lambda x: x if isinstance(x, str) and not x.startswith("app.elf:") else "")
def test_file_that_is_no_aarch64_image_is_refused(tmp_path, kind, make, message):
    assert refused(tmp_path, make()) == [f"{FILE_LINE}: error: {message} {WHERE}"]
