# SPDX-License-Identifier: Apache-2.0
"""Command line of the generator and tools: python3 -m bulkhead ...

  validate SYSTEM.yaml            check a system description
  generate SYSTEM.yaml -o DIR     check it and write the kernel's tables
  qemu IMAGE --board NAME         boot a built image in QEMU

Mistakes in the input are reported as file:line:col diagnostics with exit
status 1; a traceback would be a bug of this tool.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import VERSION, emit, qemu
from .compiler import REPO, compile_system
from .diag import UserError


def _report(diags, stream=sys.stderr) -> None:
    for d in diags:
        print(d.format(), file=stream)


def _check(args) -> tuple:
    system, diags = compile_system(Path(args.system))
    _report(diags.sorted())
    if diags.warnings and args.werror:
        print(f"{len(diags.warnings)} warning(s) treated as errors (--werror)",
              file=sys.stderr)
        return system, False
    return system, True


def cmd_validate(args) -> int:
    system, ok = _check(args)
    if not ok:
        return 1
    print(f"{system.doc.display}: system '{system.name}' is valid "
          f"({len(system.partitions)} partitions, board {system.board.name})")
    return 0


def cmd_generate(args) -> int:
    system, ok = _check(args)
    if not ok:
        return 1
    out = emit.render(system)
    written = emit.write(out, Path(args.output))
    if args.verbose:
        for rel in written:
            print(f"wrote {Path(args.output) / rel}")
    return 0


def cmd_qemu(args) -> int:
    return qemu.main(args)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bulkhead-gen",
                                description="Bulkhead system compiler and tools")
    p.add_argument("--version", action="version", version=f"%(prog)s {VERSION}")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check a system description")
    v.add_argument("system", help="system description (YAML)")
    v.add_argument("--werror", action="store_true", help="treat warnings as errors")
    v.set_defaults(func=cmd_validate)

    g = sub.add_parser("generate", help="check a system and write its tables")
    g.add_argument("system", help="system description (YAML)")
    g.add_argument("-o", "--output", required=True, help="output directory")
    g.add_argument("--werror", action="store_true", help="treat warnings as errors")
    g.add_argument("-v", "--verbose", action="store_true", help="name the files written")
    g.set_defaults(func=cmd_generate)

    q = sub.add_parser("qemu", help="boot a kernel image in QEMU")
    qemu.add_arguments(q)
    q.set_defaults(func=cmd_qemu)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except UserError as e:
        _report(e.diagnostics)
        return 1
    except KeyboardInterrupt:
        return 130
