# SPDX-License-Identifier: Apache-2.0
"""Boot a built kernel image in QEMU, as the board description says.

The machine, CPU, memory size and CPU count all come from
boards/<name>/board.yaml; the same command line serves `./bulkhead run`,
the boot tests and the benchmarks.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from . import board as boards
from . import source, watch
from .compiler import REPO
from .diag import Location, fail

# QEMU's own default gdbstub port (its -s option).
GDB_PORT = 1234


def command(board: boards.Board, image: Path, icount: bool = False,
            gdb: int | None = None) -> list[str]:
    """QEMU's command line for `image` on `board`. gdb: a TCP port: QEMU
    starts halted (-S) with its gdbstub listening on that port of
    localhost (docs/debugging.md); None: no gdbstub."""
    if not board.qemu:
        raise fail(Location(board.doc.display, 1, 1),
                   f"board '{board.name}' has no 'qemu' section: it cannot be emulated")
    ram_mib = board.ram_size >> 20
    cmd = [board.backend.QEMU, "-machine", board.qemu["machine"], "-cpu", board.qemu["cpu"],
           "-m", f"{ram_mib}M", "-smp", str(len(board.cpus)),
           "-nographic", "-nic", "none", "-kernel", str(image)]
    if icount:
        # Deterministic: one instruction per nanosecond of virtual time,
        # virtual time runs as fast as the host can go.
        cmd += ["-icount", "shift=0,sleep=off"]
    if gdb is not None:
        if isinstance(gdb, bool) or not 0 < gdb < 65536:
            raise ValueError(f"gdb port {gdb!r}: a TCP port, 1 to 65535")
        cmd += ["-S", "-gdb", f"tcp:localhost:{gdb}"]
    return cmd


def board_of(system_yaml: Path) -> boards.Board:
    doc = source.load(system_yaml, REPO)
    name = doc.get(("system", "board"))
    if not isinstance(name, str):
        raise fail(doc.where(("system",)), "the system names no board", "system.board")
    return boards.load(name, REPO, doc.where(("system", "board")))


def gdb_port(text: str) -> int:
    try:
        port = int(text, 10)
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not a TCP port (1 to 65535)")
    return port


def add_arguments(p) -> None:
    p.add_argument("image", help="kernel ELF image")
    p.add_argument("--system", required=True,
                   help="the system description the image was built from")
    p.add_argument("--timeout", type=watch.seconds, default=None, metavar="S",
                   help="stop QEMU after S seconds (exit status 0, or 1 with --until)")
    p.add_argument("--until", type=watch.pattern, default=None, metavar="REGEX",
                   help="exit 0 when a console line matches REGEX, 1 (after the "
                        "last lines) if QEMU stops or the timeout passes first")
    p.add_argument("--icount", action="store_true",
                   help="deterministic instruction counting (-icount shift=0)")
    p.add_argument("--gdb", nargs="?", type=gdb_port, const=GDB_PORT, default=None,
                   metavar="PORT",
                   help=f"start halted, QEMU's gdbstub on localhost:PORT (default "
                        f"{GDB_PORT}); docs/debugging.md")


def main(args) -> int:
    image = Path(args.image)
    if not image.is_file():
        print(f"{image}: no such image (was it built?)", file=sys.stderr)
        return 1
    board = board_of(Path(args.system))
    arch = board.backend
    if shutil.which(arch.QEMU) is None:
        print(f"{arch.QEMU} not found: install Debian's {arch.QEMU_PACKAGE}",
              file=sys.stderr)
        return 1
    cmd = command(board, image, args.icount, args.gdb)
    print("[bulkhead] " + " ".join(cmd), file=sys.stderr, flush=True)
    if args.gdb is not None:
        print(f"[bulkhead] halted: connect gdb-multiarch to localhost:{args.gdb} "
              "(docs/debugging.md)", file=sys.stderr, flush=True)
    if args.until is not None:
        return watch.run(cmd, args.until, args.timeout)
    if sys.stdin.isatty():
        print("[bulkhead] quit with Ctrl-A X", file=sys.stderr, flush=True)
    proc = subprocess.Popen(cmd, start_new_session=not sys.stdin.isatty())
    try:
        rc = proc.wait(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        watch.stop(proc)
        print(f"\n[bulkhead] stopped QEMU after {args.timeout:g} s",
              file=sys.stderr)
        return 0
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGTERM)
        proc.wait()
        return 130
    return rc
