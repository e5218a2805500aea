# SPDX-License-Identifier: Apache-2.0
"""The portable kernel (sk/) names no architecture (issue 12).

Every C file and header under sk/ is scanned for words that belong to one
processor: AArch64 and its exception levels, its registers (x0..x30,
w0..w30, ESR, SPSR, HCR...), its firmware conventions (PSCI, SMCCC, HVC,
SMC, MPIDR) and its interrupt controller (GIC, INTID, SGI...). A hit
fails with file:line. Such code belongs in arch/<name>/ behind an
interface of sk/include/sk/arch/.

Allowed, with the reason:
  sk/include/bulkhead/hvc.h  the partition ABI, shared with partitions/lib:
      it is the AArch64 calling convention by definition (HVC #0, SMCCC
      function identifiers, results in x0..x7, PSCI for the partition's
      vCPUs). The kernel's portable code uses its call numbers and status
      codes by name only; which of them are firmware calls, and what
      their registers hold, is decided in arch/ (arch_firmware_call()).

A path into an architecture's folder (arch/aarch64/hvc_fast.c, say) in
a comment is a cross-reference, not a name the code depends on: paths
are left out before the scan.

Not checked (yet): the lower-case identifier `intid`, the field name the
generator emits for an interrupt number (sk/include/sk/config.h); renaming
it is a change of the generator's templates.
"""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SK = REPO / "sk"

ALLOWED = {"sk/include/bulkhead/hvc.h"}

WORDS = [
    "aarch64", "AArch64", "AARCH64", "arm64", "ARM64", "armv8", "ARMv8",
    "EL0", "EL1", "EL2", "EL3", "EL0t", "EL1h", "EL2h",
    "ESR", "SPSR", "HCR", "ELR", "FAR", "HPFAR", "VTTBR", "TPIDR", "MPIDR",
    "VMPIDR", "DAIF", "ERET", "WFI", "WFE", "SEV", "HVC", "SMC",
    "PSCI", "SMCCC", "GIC", "GICv3", "GICD", "GICR", "INTID", "SGI", "PPI",
    "SPI", "LPI", "xzr", "wzr",
]
REGISTERS = r"[xw](?:[12]?[0-9]|30)"
PATTERN = re.compile(r"\b(?:" + "|".join(map(re.escape, WORDS)) + "|" + REGISTERS +
                     r")\b|[A-Z0-9]+_EL[0-3]\b")
ARCH_PATH = re.compile(r"\barch/\w+/[\w./]*")


def hits() -> list[str]:
    found = []
    for path in sorted(SK.rglob("*")):
        if path.suffix not in (".c", ".h") or not path.is_file():
            continue
        rel = path.relative_to(REPO).as_posix()
        if rel in ALLOWED:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in PATTERN.finditer(ARCH_PATH.sub("", line)):
                found.append(f"{rel}:{n}: '{m.group(0)}': {line.strip()}")
    return found


def test_sk_names_no_architecture():
    found = hits()
    assert not found, ("architecture names in the portable kernel (move the code "
                       "to arch/, or say it without them):\n" + "\n".join(found))


def test_the_check_sees_a_register():
    """The pattern itself: a register name, an exception level and a
    firmware call are found; words that merely contain them are not."""
    assert PATTERN.search("results into x1..")
    assert PATTERN.search("write_sysreg(vttbr_el2)") is None  # lower case: not C names we use
    assert PATTERN.search("VTTBR_EL2")
    assert PATTERN.search("PSCI CPU_ON")
    assert PATTERN.search("an exit, its index x100") is None
    assert PATTERN.search("exit0 wx1") is None
    assert PATTERN.search(ARCH_PATH.sub("", "(arch/aarch64/hvc_fast.c: a guest's")) is None
    assert PATTERN.search(ARCH_PATH.sub("", "arch/aarch64/x.c, on AArch64")) is not None


def test_sk_build_names_no_processor_flag():
    """Machine flags (-m...) of kernel code come from the architecture
    (arch/<arch>/flags.cmake: BULKHEAD_ARCH_KERNEL_FLAGS), not sk/."""
    text = (SK / "CMakeLists.txt").read_text(encoding="utf-8")
    found = [f"sk/CMakeLists.txt:{n}: {line.strip()}"
             for n, line in enumerate(text.splitlines(), 1)
             if re.search(r"(?<![\w-])-m[a-z]", line)]
    assert not found, "processor flags in sk/CMakeLists.txt:\n" + "\n".join(found)
