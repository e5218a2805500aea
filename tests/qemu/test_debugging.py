# SPDX-License-Identifier: Apache-2.0
"""docs/debugging.md works as written: its gdb-multiarch recipe, run in
batch mode against `python3 -m bulkhead qemu ... --gdb PORT` (the command
`./bulkhead run --gdb` runs), stops in the partition's `main` at EL1, in
that partition (its VMID), not in the kernel at EL2 whose code is at the
same address."""
from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys

from elftools.elf.elffile import ELFFile

from bootlog import REPO, images_dir, model

GDB = "gdb-multiarch"
DOC = REPO / "docs" / "debugging.md"


def recipe() -> list[str]:
    """The command of the block marked 'recipe' in docs/debugging.md."""
    text = DOC.read_text()
    m = re.search(r"<!-- recipe:[^>]*-->\s*```sh\n(.*?)```", text, re.S)
    assert m, f"{DOC}: no recipe block"
    return shlex.split(m.group(1).replace("\\\n", " "))


def symbol(elf_path, name: str) -> int:
    with open(elf_path, "rb") as f:
        sym = ELFFile(f).get_section_by_name(".symtab").get_symbol_by_name(name)
    assert sym, f"{elf_path}: no symbol {name}"
    return sym[0]["st_value"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def test_the_recipe_stops_in_the_partitions_main_at_el1():
    assert shutil.which(GDB), f"{GDB} is missing: ./bulkhead deps installs it"
    cmd = recipe()
    assert cmd[0] == GDB
    # The documented paths are those of ./bulkhead's build tree; the test
    # reads this build tree's images, and a port no one else uses.
    images = images_dir()
    port = free_port()
    args = [a.replace("build/target/systems", str(images))
             .replace("localhost:1234", f"localhost:{port}") for a in cmd]
    part = re.search(r"partitions/([a-z0-9_]+)/image\.elf", " ".join(cmd)).group(1)
    vmid = int(re.search(r"\$VTTBR_EL2 >> 48\) == (\d+)", " ".join(cmd)).group(1))
    system = model("demo")
    assert vmid == next(p for p in system.partitions if p.name == part).vmid, \
        f"docs/debugging.md: {part} is not VMID {vmid}"
    main = symbol(images / "demo" / "partitions" / part / "image.elf", "main")
    kernel = images / "demo" / "bulkhead.elf"
    # The point of the condition: the kernel has code at the same address.
    with open(kernel, "rb") as f:
        text = ELFFile(f).get_section_by_name(".text")
        assert text["sh_addr"] <= main < text["sh_addr"] + text["sh_size"]

    env = dict(os.environ, PYTHONPATH=str(REPO / "generator"))
    qemu = subprocess.Popen(
        [sys.executable, "-m", "bulkhead", "qemu", str(kernel), "--system",
         str(REPO / "config" / "demo.yaml"), "--icount", "--gdb", str(port),
         "--timeout", "60"],
        cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    try:
        gdb = subprocess.run(
            [args[0], "-batch", "-nx", *args[1:],
             "-ex", "printf \"STOP pc=%#lx cpsr=%#x vmid=%d\\n\", $pc, $cpsr, "
                    "$VTTBR_EL2 >> 48",
             "-ex", "frame", "-ex", "kill"],
            cwd=REPO, capture_output=True, text=True, timeout=60)
    finally:
        qemu.kill()
        _, err = qemu.communicate()
    out = gdb.stdout + gdb.stderr
    assert f"localhost:{port}" in err, err  # QEMU was given the port
    m = re.search(r"STOP pc=(0x[0-9a-f]+) cpsr=(0x[0-9a-f]+) vmid=(\d+)", out)
    assert m, out
    pc, cpsr, stopped_vmid = int(m.group(1), 16), int(m.group(2), 16), int(m.group(3))
    assert (cpsr >> 2) & 3 == 1, f"stopped at EL{(cpsr >> 2) & 3}, not EL1:\n{out}"
    assert pc == main, f"stopped at {pc:#x}, not {part}'s main at {main:#x}:\n{out}"
    assert stopped_vmid == vmid, out
    assert re.search(rf"main \(\) at \S*partitions/{part}/main\.c:\d+", out), out
