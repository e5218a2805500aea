# SPDX-License-Identifier: Apache-2.0
"""Command line of the generator and tools: python3 -m bulkhead ...

  validate SYSTEM.yaml            check a system description
  generate SYSTEM.yaml -o DIR     check it and write the kernel's tables
  report SYSTEM.yaml [-o DIR]     check it and write its report and evidence
  explain SYSTEM.yaml ADDRESS     say what owns an address and who may access it
  qemu IMAGE --board NAME         boot a built image in QEMU

Mistakes in the input are reported as file:line:col diagnostics with exit
status 1; a traceback would be a bug of this tool.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import VERSION, conformance, emit, qemu, report, rules, symbols
from .compiler import REPO, compile_system
from .diag import UserError


def _report(diags, stream=sys.stderr) -> None:
    for d in diags:
        print(d.format(), file=stream)


def _context(args) -> rules.Context:
    """What a system is compiled in: this repository, and the payloads
    the build names besides partitions/."""
    return rules.Context(repo=REPO, payloads=tuple(args.payload))


def _check(args) -> tuple:
    ctx = _context(args)
    system, diags = compile_system(Path(args.system), ctx.repo, ctx.payloads)
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
    out = emit.render(system, _context(args))
    written = emit.write(out, Path(args.output))
    if args.verbose:
        for rel in written:
            print(f"wrote {Path(args.output) / rel}")
    return 0


def _shown(path: Path) -> str:
    """A path as the user can use it: relative to the working directory
    when it is below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def cmd_report(args) -> int:
    system, ok = _check(args)
    if not ok:
        return 1
    directory = Path(args.output) if args.output else \
        REPO / "build" / "reports" / Path(args.system).stem
    files = emit.render_report(system, _context(args))
    for rel, text in sorted(files.items()):
        # Always written (unlike generate's outputs, nothing is built from
        # them), so that every run names the files it leaves.
        path = directory / rel
        tmp = path.with_name(path.name + ".tmp")
        try:
            directory.mkdir(parents=True, exist_ok=True)
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        except OSError as e:
            print(f"bulkhead-gen report: error: cannot write {_shown(path)}: "
                  f"{e.strerror}", file=sys.stderr)
            return 1
        print(f"wrote {_shown(path)}")
    return 0


def cmd_explain(args) -> int:
    try:
        query = report.parse_query(args.address)
    except report.QueryError as e:
        print(f"bulkhead-gen explain: error: {e}", file=sys.stderr)
        return 2
    system, ok = _check(args)
    if not ok:
        return 1
    try:
        lines = report.explain(system, query)
    except report.QueryError as e:
        print(f"bulkhead-gen explain: error: {e}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


def cmd_conformance(args) -> int:
    system, ok = _check(args)
    if not ok:
        return 1
    text = conformance.derive(system)
    out = Path(args.output)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            tmp = out.with_name(out.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(out)
    except OSError as e:
        print(f"bulkhead-gen conformance: error: cannot write {_shown(out)}: "
              f"{e.strerror}", file=sys.stderr)
        return 1
    return 0


def cmd_qemu(args) -> int:
    return qemu.main(args)


def cmd_symbols(args) -> int:
    return symbols.main(args)


def _system_options(p) -> None:
    p.add_argument("--werror", action="store_true", help="treat warnings as errors")
    p.add_argument("--payload", action="append", default=[], metavar="NAME",
                   help="a payload the build provides besides partitions/ (an "
                        "integrator's bulkhead_add_payload(NAME ...)); repeatable")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bulkhead-gen",
                                description="Bulkhead system compiler and tools")
    p.add_argument("--version", action="version", version=f"%(prog)s {VERSION}")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check a system description")
    v.add_argument("system", help="system description (YAML)")
    _system_options(v)
    v.set_defaults(func=cmd_validate)

    g = sub.add_parser("generate", help="check a system and write its tables")
    g.add_argument("system", help="system description (YAML)")
    g.add_argument("-o", "--output", required=True, help="output directory")
    _system_options(g)
    g.add_argument("-v", "--verbose", action="store_true", help="name the files written")
    g.set_defaults(func=cmd_generate)

    r = sub.add_parser("report", help="check a system and write its report "
                       "(report.md, report.html, evidence.json)")
    r.add_argument("system", help="system description (YAML)")
    r.add_argument("-o", "--output", help="output directory (default: "
                   "build/reports/<name of the description> in the repository)")
    _system_options(r)
    r.set_defaults(func=cmd_report)

    e = sub.add_parser("explain", help="say what owns an address and who may access it")
    e.add_argument("system", help="system description (YAML)")
    e.add_argument("address", help="a physical address (0x41000000), or PARTITION:ADDRESS "
                   "for an intermediate physical address of that partition "
                   "(alpha:0x40000000)")
    _system_options(e)
    e.set_defaults(func=cmd_explain)

    c = sub.add_parser("conformance", help="write the conformance system of a system "
                       "(every partition probing what it may and may not do)")
    c.add_argument("system", help="system description (YAML)")
    c.add_argument("-o", "--output", required=True, help="the YAML file to write")
    _system_options(c)
    c.set_defaults(func=cmd_conformance)

    q = sub.add_parser("qemu", help="boot a kernel image in QEMU")
    qemu.add_arguments(q)
    q.set_defaults(func=cmd_qemu)

    y = sub.add_parser("symbols", help="write the function symbols of a system's "
                       "partition images, for the kernel's fault dump (symbols.c)")
    y.add_argument("-o", "--output", required=True, help="the C file to write")
    y.add_argument("images", nargs="*", metavar="NAME=ELF",
                   help="each partition in the description's order: its name and "
                        "linked ELF image, or NAME=- for one without symbols")
    y.set_defaults(func=cmd_symbols)
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
    except Exception as e:  # noqa: BLE001: every escape becomes a message
        # A check the generator lacks: say so, name the input, and change
        # nothing, rather than print a traceback as if the user could act
        # on it.
        where = getattr(args, "system", None) or "bulkhead"
        print(f"{where}: error: internal error in the generator ({type(e).__name__}: "
              f"{e}); this is the generator's fault, not necessarily the "
              f"description's: please report it with the description",
              file=sys.stderr)
        return 70
