# SPDX-License-Identifier: Apache-2.0
"""Linux boot time with and without Bulkhead, and the traps it takes.

    linux_boot.py [--build DIR]        (or through ./bulkhead bench)

Debian's arm64 kernel and the busybox initramfs the build made are booted
three ways under QEMU -icount shift=0 (one instruction per nanosecond of
virtual time), each from reset:

  native       by QEMU directly (its own device tree, no EL2), one CPU,
               the partition's memory size and the command line of
               bench/linux-boot.yaml;
  bulkhead     bench/linux-boot.yaml: Linux alone under Bulkhead, with the
               whole major frame;
  beside rt    config/linux-rt.yaml as shipped: Linux has 8 ms of every
               10 ms frame, the real-time partition the other 2.

Milestones are breakpoints (QEMU's gdbstub) on Linux's own functions, at
the addresses a first native boot reads from /proc/kallsyms
(partitions/linux/init, bulkhead.symbols=): pl011_early_write, the first
character of the first console line; el0t_64_sync_handler, init's first
system call (user space reached). Under Bulkhead also the kernel's entry
(the partition image's entry point). The instruction count at each is
QEMU's own (QMP query-replay, in record mode). Debian's kernel has no
KASLR seed under Bulkhead (the generated device tree gives none) and
nokaslr natively, so the addresses are the same in all three boots.

Traps: every exception QEMU's -d int log shows taken to EL2 between
reset and user space, by cause (exception class; system registers by
name). Before Linux's entry there are none from a lower level: the
kernel boots alone at EL2.

Prints the figures; returns them as a dict (bench/run.py records them).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "generator"))

from bulkhead import qemu  # noqa: E402
from bulkhead.compiler import compile_system  # noqa: E402

SYMBOLS = ("pl011_early_write", "el0t_64_sync_handler")
MILESTONES = {"pl011_early_write": "first console line",
              "el0t_64_sync_handler": "user space"}
LIMIT_S = 600.0  # wall-clock limit of one boot


class BenchError(Exception):
    pass


# -- QEMU's gdbstub (GDB remote serial protocol) and QMP --------------------

class Gdb:
    """The few packets needed: breakpoints, continue, read the PC."""

    def __init__(self, path: Path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(LIMIT_S)
        self.s.connect(str(path))
        self.buf = b""

    def _byte(self) -> bytes:
        if not self.buf:
            self.buf = self.s.recv(65536)
            if not self.buf:
                raise BenchError("QEMU closed the gdb connection")
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def send(self, data: str) -> None:
        pkt = f"${data}#{sum(data.encode()) & 0xff:02x}".encode()
        self.s.sendall(pkt)
        if self._byte() != b"+":
            raise BenchError(f"gdbstub did not acknowledge {data!r}")

    def reply(self) -> str:
        while self._byte() != b"$":
            pass
        out = b""
        while (b := self._byte()) != b"#":
            out += b
        self._byte(), self._byte()  # checksum
        self.s.sendall(b"+")
        return out.decode()

    def ask(self, data: str) -> str:
        self.send(data)
        return self.reply()


class Qmp:
    def __init__(self, path: Path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(60)
        self.s.connect(str(path))
        self.f = self.s.makefile("rwb")
        self.f.readline()  # greeting
        self.cmd("qmp_capabilities")

    def cmd(self, name: str) -> dict:
        self.f.write(json.dumps({"execute": name}).encode() + b"\n")
        self.f.flush()
        while True:
            msg = json.loads(self.f.readline())
            if "return" in msg:
                return msg["return"]
            if "error" in msg:
                raise BenchError(f"QMP {name}: {msg['error']}")


def wait_for(path: Path, proc: subprocess.Popen) -> None:
    for _ in range(500):
        if path.exists():
            return
        if proc.poll() is not None:
            raise BenchError(f"QEMU exited with status {proc.returncode} before {path.name}")
        time.sleep(0.01)
    raise BenchError(f"QEMU made no {path}")


def boot(cmd: list[str], breakpoints: dict[str, int], work: Path,
         trace: bool) -> tuple[dict[str, int], Path, Path]:
    """Boot `cmd` stopped at reset, run to every breakpoint (in any order),
    return the instruction count at the first hit of each, the console
    file and the -d int log."""
    gsock, qsock = work / "gdb.sock", work / "qmp.sock"
    console, log = work / "console.txt", work / "int.log"
    for p in (gsock, qsock, log):
        p.unlink(missing_ok=True)
    full = cmd + ["-S", "-gdb", f"unix:{gsock},server=on,wait=off",
                  "-qmp", f"unix:{qsock},server=on,wait=off"]
    full[full.index("-icount") + 1] += f",rr=record,rrfile={work / 'replay.bin'}"
    if trace:
        full += ["-d", "int", "-D", str(log)]
    with open(console, "wb") as out:
        proc = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        wait_for(gsock, proc)
        wait_for(qsock, proc)
        gdb, qmp = Gdb(gsock), Qmp(qsock)
        gdb.ask("?")
        by_addr = {a: n for n, a in breakpoints.items()}
        for a in by_addr:
            if gdb.ask(f"Z0,{a:x},4") != "OK":
                raise BenchError(f"gdbstub refused a breakpoint at {a:#x}")
        hits: dict[str, int] = {}
        while len(hits) < len(breakpoints):
            stop = gdb.ask("c")
            if not stop.startswith("T"):
                raise BenchError(f"QEMU stopped with {stop!r} before "
                                 f"{sorted(set(breakpoints) - set(hits))}")
            # 'g': x0-x30, sp, pc, each 8 bytes little-endian ('p' needs
            # QEMU's target description read first).
            pc = int.from_bytes(bytes.fromhex(gdb.ask("g")[512:528]), "little")
            if pc not in by_addr:
                raise BenchError(f"stopped at {pc:#x}, not at a breakpoint")
            hits[by_addr[pc]] = int(qmp.cmd("query-replay")["icount"])
            gdb.ask(f"z0,{pc:x},4")
        try:
            qmp.cmd("quit")
        except (OSError, ValueError):
            pass
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return hits, console, log


# -- what is booted ---------------------------------------------------------

def native_cmd(image: Path, initrd: Path, mem: int, bootargs: str) -> list[str]:
    """The same Linux booted by QEMU directly, with the QEMU of the
    board's architecture (its generator back end names it)."""
    binary = compile_system(REPO / "bench" / "linux-boot.yaml")[0].board.backend.QEMU
    return [binary, "-machine", "virt,gic-version=3", "-cpu", "cortex-a53",
            "-smp", "1", "-m", f"{mem >> 20}M", "-nographic", "-nic", "none",
            "-icount", "shift=0,sleep=off", "-kernel", str(image),
            "-initrd", str(initrd), "-append", bootargs]


def kernel_symbols(image: Path, initrd: Path, mem: int, bootargs: str,
                   work: Path) -> dict[str, int]:
    """The addresses of SYMBOLS in the running kernel: a native boot whose
    init reads them from /proc/kallsyms and powers off."""
    args = f"{bootargs} bulkhead.symbols={','.join(SYMBOLS)} bulkhead.end=poweroff"
    r = subprocess.run(native_cmd(image, initrd, mem, args), stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=LIMIT_S, check=False)
    found = dict(re.findall(r"linux-init: symbol (\w+) 0x([0-9a-f]+)",
                            r.stdout.decode(errors="replace")))
    missing = [s for s in SYMBOLS if not found.get(s)]
    if missing:
        raise BenchError(f"the native boot gave no address for {missing} "
                         f"(exit status {r.returncode})")
    (work / "symbols.txt").write_text("".join(f"{s} {found[s]}\n" for s in SYMBOLS))
    return {s: int(found[s], 16) for s in SYMBOLS}


# -- traps --------------------------------------------------------------------

SYSREGS = {  # (op0, op1, CRn, CRm, op2): name
    (3, 0, 12, 11, 5): "ICC_SGI1R_EL1", (3, 0, 12, 11, 6): "ICC_ASGI1R_EL1",
    (3, 0, 12, 11, 7): "ICC_SGI0R_EL1",
    (2, 0, 1, 0, 4): "OSLAR_EL1", (2, 0, 1, 3, 4): "OSDLR_EL1",
    (2, 0, 1, 1, 4): "OSLSR_EL1", (2, 0, 0, 2, 2): "MDSCR_EL1",
    (2, 0, 0, 0, 2): "OSDTRRX_EL1", (2, 0, 0, 3, 2): "OSDTRTX_EL1",
    (2, 0, 0, 6, 2): "OSECCR_EL1", (2, 0, 7, 8, 6): "DBGCLAIMSET_EL1",
    (2, 0, 7, 9, 6): "DBGCLAIMCLR_EL1",
    (3, 3, 9, 12, 0): "PMCR_EL0", (3, 3, 9, 14, 0): "PMUSERENR_EL0",
    (3, 0, 9, 14, 1): "PMINTENSET_EL1", (3, 0, 9, 14, 2): "PMINTENCLR_EL1",
    (3, 3, 9, 12, 2): "PMCNTENCLR_EL0", (3, 3, 9, 12, 3): "PMOVSCLR_EL0",
    (3, 3, 14, 15, 7): "PMCCFILTR_EL0", (3, 3, 9, 12, 6): "PMCEID0_EL0",
    (3, 3, 9, 12, 7): "PMCEID1_EL0",
}
DEBUG_PAIRS = {4: "DBGBVR", 5: "DBGBCR", 6: "DBGWVR", 7: "DBGWCR"}


def sysreg_name(iss: int) -> str:
    op0, op2, op1 = (iss >> 20) & 3, (iss >> 17) & 7, (iss >> 14) & 7
    crn, crm = (iss >> 10) & 15, (iss >> 1) & 15
    name = SYSREGS.get((op0, op1, crn, crm, op2))
    if name is None and op0 == 2 and op1 == 0 and crn == 0 and op2 in DEBUG_PAIRS:
        name = f"{DEBUG_PAIRS[op2]}<n>_EL1"
    if name is None and op0 == 3 and op1 == 3 and crn == 14 and crm >= 8:
        name = "PMEVCNTR/PMEVTYPER<n>_EL0"
    if name is None:
        name = f"S{op0}_{op1}_C{crn}_C{crm}_{op2}"
    return f"{'read' if iss & 1 else 'write'} {name}"


def cause(exc: str, ec: int | None, iss: int, far: int) -> str:
    if exc == "IRQ":
        return "physical interrupt (window timer, virtual timer, UART)"
    if ec == 0x16:
        return "HVC (PSCI, SMCCC discovery)"
    if ec == 0x24:
        # By page offset: 0x018 is the PL011's flag register (reserved in
        # every GIC frame); 0x000 its data register (also GICD_CTLR and
        # GICR_CTLR, written a few times at boot).
        if not iss >> 6 & 1 and far & 0xfff == 0x018:
            return "data abort: emulated PL011 flag register read (fast path)"
        if iss >> 6 & 1 and far & 0xfff == 0x000:
            return ("data abort: write at page offset 0 (PL011 data register: fast path "
                    "but for line ends)")
        return f"data abort: emulated device {'write' if iss >> 6 & 1 else 'read'} (GIC, PL011)"
    if ec == 0x18:
        return "system register: " + sysreg_name(iss)
    if ec == 0x01:
        return "WFI/WFE"
    return f"{exc} (EC {ec:#x})" if ec is not None else exc


def traps(log: Path) -> dict[str, Counter]:
    """Exceptions taken to EL2, by the level they came from and cause."""
    out: dict[str, Counter] = {}
    text = log.read_text(errors="replace").splitlines() if log.exists() else []
    i = 0
    while i < len(text):
        m = re.match(r"Taking exception \d+ \[([^\]]+)\] on CPU (\d+)", text[i])
        i += 1
        if not m:
            continue
        src = dst = None
        ec, iss, far = None, 0, 0
        while i < len(text) and text[i].startswith("..."):
            f = re.match(r"\.\.\.from EL(\d) to EL(\d)", text[i])
            if f:
                src, dst = int(f.group(1)), int(f.group(2))
            e = re.match(r"\.\.\.with ESR 0x([0-9a-f]+)/0x([0-9a-f]+)", text[i])
            if e:
                ec, iss = int(e.group(1), 16), int(e.group(2), 16) & 0x1ffffff
            a = re.match(r"\.\.\.with FAR 0x([0-9a-f]+)", text[i])
            if a:
                far = int(a.group(1), 16)
            i += 1
        if dst != 2:
            continue
        where = {0: "from Linux user space (EL0)", 1: "from the Linux kernel (EL1)",
                 2: "while the kernel waited (EL2)"}[src]
        out.setdefault(where, Counter())[cause(m.group(1), ec, iss, far)] += 1
    return out


def console_bytes(console: Path, prefix: str | None) -> int:
    """Bytes Linux wrote to its console (its lines, without Bulkhead's
    prefix and with their newlines)."""
    n = 0
    for line in console.read_bytes().decode(errors="replace").splitlines():
        if prefix is None:
            n += len(line) + 1
        elif line.startswith(prefix):
            n += len(line) - len(prefix) + 1
    return n


# -- the measurement ----------------------------------------------------------

def measure(build: Path) -> dict:
    target = build / "target"
    image = target / "debian-arm64" / "Image"
    initrd = target / "linux" / "initramfs-busybox.cpio.gz"
    systems = {"bulkhead": ("linux-boot", REPO / "bench" / "linux-boot.yaml"),
               "beside rt": ("linux-rt", REPO / "config" / "linux-rt.yaml")}
    for p in [image, initrd] + [target / "systems" / d / "bulkhead.elf"
                                for d, _ in systems.values()]:
        if not p.exists():
            raise BenchError(f"{p} is missing: run ./bulkhead bench (it builds first)")
    alone, _ = compile_system(systems["bulkhead"][1])
    linux = alone.partition("linux")
    mem, bootargs = linux.regions[0].size, " ".join(linux.image.bootargs.split())
    results: dict = {"bootargs": bootargs, "memory_bytes": mem}
    versions = target / "debian-arm64" / "versions.txt"
    if versions.exists():
        results["packages"] = versions.read_text().split("\n")[0]
    with tempfile.TemporaryDirectory(prefix="bulkhead-linux-boot-") as tmp:
        work = Path(tmp)
        syms = kernel_symbols(image, initrd, mem, bootargs, work)
        results["symbols"] = {s: f"{a:#x}" for s, a in syms.items()}
        hits, console, _ = boot(native_cmd(image, initrd, mem, bootargs), syms, work,
                                trace=False)
        results["native"] = {"milestones": hits,
                             "console_bytes": console_bytes(console, None)}
        for key, (name, yaml) in systems.items():
            s, _ = compile_system(yaml)
            part = s.partition("linux")
            bps = dict(syms)
            bps["entry"] = part.image.entry
            cmd = qemu.command(s.board, target / "systems" / name / "bulkhead.elf",
                               icount=True)
            # QEMU's record mode (for query-replay) takes one CPU only: these
            # systems use CPU 0 alone, the other CPUs stay off anyway.
            if s.cpus != [0]:
                raise BenchError(f"{yaml.name} uses CPUs {s.cpus}: record mode needs CPU 0 alone")
            cmd[cmd.index("-smp") + 1] = "1"
            hits, console, log = boot(cmd, bps, work, trace=(key == "bulkhead"))
            r = {"milestones": hits,
                 "console_bytes": console_bytes(console, f"[{part.name}] ")}
            if key == "bulkhead":
                r["traps"] = {k: dict(v.most_common()) for k, v in traps(log).items()}
            results[key] = r
    return results


def report(r: dict) -> None:
    print(f"Linux boot under QEMU -icount shift=0 (1 instruction = 1 ns), from reset; "
          f"{r.get('packages', 'Debian kernel')}, {r['memory_bytes'] >> 20} MiB, 1 CPU,")
    print(f"  command line: {r['bootargs']}")
    cols = ("native", "bulkhead", "beside rt")
    print(f"  {'instructions to':28}" + "".join(f"{c:>16}" for c in cols))
    rows = [("entry", "Linux's first instruction")] + list(MILESTONES.items())
    for key, title in rows:
        cells = []
        for c in cols:
            v = r[c]["milestones"].get(key)
            cells.append(f"{v:>16,}" if v is not None else f"{'(QEMU: ~0)':>16}")
        print(f"  {title:28}" + "".join(cells))
    n = r["native"]["milestones"]
    for c in cols[1:]:
        m = r[c]["milestones"]
        print(f"  {c}: user space {m['el0t_64_sync_handler'] / n['el0t_64_sync_handler']:.3f}x "
              f"native; Linux ran {m['el0t_64_sync_handler'] - m['entry']:,} instructions of "
              f"virtual time from its entry")
    print("  Traps to EL2 from reset to user space (bench/linux-boot.yaml), by cause:")
    total = 0
    for where, counts in r["bulkhead"]["traps"].items():
        sub = sum(counts.values())
        total += sub
        print(f"    {where}: {sub:,}")
        for what, k in counts.items():
            print(f"      {k:8,}  {what}")
    print(f"    total {total:,}; Linux wrote {r['bulkhead']['console_bytes']:,} console "
          f"bytes before user space (native {r['native']['console_bytes']:,})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=str(REPO / "build"), help="build directory")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    try:
        r = measure(Path(args.build))
    except (BenchError, OSError, subprocess.SubprocessError) as e:
        print(f"linux_boot.py: error: {e}", file=sys.stderr)
        return 1
    report(r)
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
