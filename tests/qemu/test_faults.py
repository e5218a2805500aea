# SPDX-License-Identifier: Apache-2.0
"""Instruction forms at the edge of what the kernel emulates
(tests/qemu/systems/faults.yaml, partitions/faults): one per start of
'faults', which the health monitor restarts after each fault.

- AArch32 Thumb code at EL0 loads from and stores to its emulated PL011
  with 16- and 32-bit instructions (one in an IT block): each is emulated
  and the code goes on at the very next instruction.
- AArch32 EL0 reads the trapped physical timer through CP15: a trapped
  instruction, named, as the same register from AArch64 is.
- A load pair, an exclusive, a SIMD load, a post-indexed load and DC ZVA
  at the emulated PL011: a memory violation that says the emulated device
  does not support the access (not a translation fault).
- The implementation-defined registers HCR_EL2.TIDCP traps: QEMU before
  8.2 does not implement the trap (docs/security.md); there the registers
  are QEMU's constants and writes to them do nothing.
- Every fault's verdict is followed by the partition's register dump
  (sk/hm.c): its mode, pc, lr and sp, the syndrome's class, the addresses.
  The pc is that of the faulting instruction in the partition's ELF, which
  names its function (docs/debugging.md)."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from bootlog import HM_DUMP, REPO, Boot, boot, hm_verdicts, images_dir

PC = r"pc 0x4000[0-9a-f]{4}"


def alpha_frames(b: Boot) -> list[int]:
    return [int(m.group(1)) for t in b.by("alpha")
            if (m := re.search(r"count \d+ in frame (\d+) ", t))]


def done(b: Boot) -> bool:
    return "all probes made" in b.by("faults") and len(set(alpha_frames(b))) >= 4


@pytest.fixture(scope="module")
def run() -> Boot:
    return boot("faults", done)


def probe(b: Boot, name: str) -> list[tuple[str, str]]:
    """The lines from 'faults' announcing probe `name` to the next probe."""
    out: list[tuple[str, str]] | None = None
    for who, text in b.lines:
        if who == "faults" and re.match(r"probe \d+: ", text):
            if out is not None:
                return out
            if text.endswith(f": {name}"):
                out = []
        elif out is not None and who != "alpha":
            out.append((who, text))
    assert out is not None, f"probe {name} never ran:\n{b.tail()}"
    return out


def hm_lines(lines: list[tuple[str, str]]) -> list[str]:
    return [t for w, t in lines if w == "sk" and t.startswith("hm: partition 'faults' ")]


def verdicts(lines: list[tuple[str, str]]) -> list[str]:
    return [t[len("hm: partition 'faults' "):] for t in hm_verdicts(hm_lines(lines))]


def dump(lines: list[tuple[str, str]]) -> dict[str, str]:
    """The register dump of a probe's fault: its two lines, right after
    the verdict, merged."""
    hm = hm_lines(lines)
    assert len(hm) >= 3, hm
    regs, syn = HM_DUMP.match(hm[1]), HM_DUMP.match(hm[2])
    assert regs and regs["pc"] and syn and syn["esr"], hm
    return {k: v for m in (regs, syn) for k, v in m.groupdict().items() if v}


def test_thumb_accesses_to_the_emulated_pl011_step_by_their_length(run):
    lines = probe(run, "thumb")
    # Bytes stored with STRB (the fast path; the line end takes the full exit).
    assert ("faults", "t32") in lines
    # Every instruction after an emulated one ran: a 16-bit one stepped
    # over as 4 bytes would skip the count's ADDS after it; the IT block's
    # else slot must not run after its emulated then slot.
    assert ("faults", "thumb: FR 0x90, IBRD 13, LDR.W 0x90, IT 0x90, else 0, steps 8/8, "
            "EC 0x11") in lines, lines
    assert verdicts(lines) == [], "emulated accesses are no health-monitor event"


@pytest.mark.parametrize("name,register,ec", [
    ("a32_cntpct", "CNTPCT read", "0x13"),    # MRRC p15: EC 0x04
    ("a32_cntp_ctl", "CNTP_CTL read", "0xf"),  # MRC p15: EC 0x03
])
def test_aarch32_timer_access_is_a_trapped_instruction(run, name, register, ec):
    v = verdicts(probe(run, name))
    assert len(v) == 2, v
    assert re.fullmatch(rf"trapped instruction: access to a trapped system register "
                        rf"\({register}\), {PC}, syndrome {ec}[0-9a-f]{{6}}", v[0]), v
    assert v[1] == "cold restart" or v[1].startswith("cold restart "), v


@pytest.mark.parametrize("name,access,syndrome", [
    ("ldp", "read of", "0x92000005"),
    ("ldxr", "read of", "0x92000005"),
    ("simd", "read of", "0x92000005"),
    ("writeback", "read of", "0x92000005"),
    ("dc_zva", "write to", "0x92000045"),
])
def test_unemulated_forms_on_the_emulated_device_say_so(run, name, access, syndrome):
    v = verdicts(probe(run, name))
    assert len(v) == 2, v
    assert re.fullmatch(rf"memory violation: {access} IPA 0x9000000 \(an access the "
                        rf"emulated PL011 does not support\), {PC}, syndrome {syndrome}",
                        v[0]), v
    assert v[1].startswith("cold restart "), v


def qemu_version() -> tuple[int, int]:
    out = subprocess.run(["qemu-system-aarch64", "--version"], capture_output=True,
                         text=True, check=True).stdout
    m = re.search(r"version (\d+)\.(\d+)", out)
    assert m, out
    return int(m.group(1)), int(m.group(2))


def test_implementation_defined_registers(run):
    lines = probe(run, "impdef")
    if qemu_version() >= (8, 2):
        # QEMU implements HCR_EL2.TIDCP from 8.2 (commit 27920d3d1de2):
        # the first read traps, as on hardware.
        v = verdicts(lines)
        assert re.fullmatch(rf"trapped instruction: access to an implementation-defined "
                            rf"system register \(S3_1_C11_C0_2 read\), {PC}, "
                            rf"syndrome 0x62[0-9a-f]{{6}}", v[0]), v
        return
    # QEMU 7.2 ignores TIDCP; its Cortex-A53 registers are constants that
    # describe the emulated machine, not state another partition set:
    # L2CTLR_EL1 the number of CPUs - 1 at [25:24], CBAR_EL1 the GIC's
    # base, CPUECTLR_EL1 zero; writes are ignored.
    board = yaml.safe_load((REPO / "boards/qemu-virt-aarch64/board.yaml").read_text())
    l2ctlr = min(len(board["cpus"]) - 1, 3) << 24
    cbar = board["gic"]["distributor"]["base"]
    assert ("faults", f"impdef: L2CTLR_EL1 {l2ctlr:#x} CBAR_EL1 {cbar:#x} "
            "CPUECTLR_EL1 0x0") in lines, lines
    assert ("faults", f"impdef: after writing their complements: L2CTLR_EL1 {l2ctlr:#x} "
            "CPUECTLR_EL1 0x0") in lines, lines
    assert verdicts(lines) == [], lines


def test_alpha_goes_on_in_every_frame(run):
    frames = sorted(set(alpha_frames(run)))
    assert frames == list(range(frames[0], frames[0] + len(frames))), frames


def addr2line(elf, pc: int) -> str:
    tool = "aarch64-linux-gnu-addr2line"
    assert shutil.which(tool), f"{tool} is missing: ./bulkhead deps installs it"
    return subprocess.run([tool, "-f", "-i", "-e", str(elf), hex(pc)], capture_output=True,
                          text=True, check=True).stdout


def test_a_fault_dumps_the_partitions_registers(run):
    """The simd probe's `ldr q0, [x0]` at the emulated PL011: the dump's pc
    is that instruction's address in the partition's ELF, in the function
    that holds it, at EL1 on its own stack."""
    elf = images_dir() / "faults" / "partitions" / "faults" / "image.elf"
    text = subprocess.run(["aarch64-linux-gnu-objdump", "-d", str(elf)], capture_output=True,
                          text=True, check=True).stdout
    ldr = [int(m.group(1), 16) for m in re.finditer(r"^\s*([0-9a-f]+):\s+\S+\s+ldr\s+q0, \[",
                                                   text, re.M)]
    assert len(ldr) == 1, ldr
    d = dump(probe(run, "simd"))
    assert d["mode"] == "EL1h", d
    assert int(d["pc"], 16) == ldr[0], d
    assert "unsupported\n" in addr2line(elf, ldr[0])
    # The kernel names it too, from the image's symbols (sk/symbols.h):
    # the function whose code it is (addr2line's outermost, past inlining),
    # and the offset into it.
    names = addr2line(elf, ldr[0]).splitlines()[0::2]
    assert d["fn"] == names[-1], (d, names)
    nm = subprocess.run(["aarch64-linux-gnu-nm", str(elf)], capture_output=True, text=True,
                        check=True).stdout
    start = next(int(a, 16) for a, _, n in (line.split() for line in nm.splitlines()
                                            if len(line.split()) == 3) if n == d["fn"])
    assert int(d["off"], 16) == ldr[0] - start, d
    # Its stack is in its own RAM (1 MiB at 0x40000000), lr just before pc.
    assert 0x40000000 <= int(d["sp"], 16) < 0x40100000, d
    assert 0 < int(d["pc"], 16) - int(d["lr"], 16) < 0x100, d
    assert d["esr"] == "0x92000005" and d["cause"] == "EC 0x24 data abort from EL0 or EL1", d
    assert d["far"] == d["ipa"] == "0x9000000", d
    # From AArch32 at EL0: the mode says so.
    d = dump(probe(run, "a32_cntpct"))
    assert d["mode"] == "EL0 (AArch32)" and d["cause"].startswith("EC 0x04 "), d
    assert "far" not in d and "ipa" not in d, d
