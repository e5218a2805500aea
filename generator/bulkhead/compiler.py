# SPDX-License-Identifier: Apache-2.0
"""The whole pipeline: file -> checked, laid-out System, or diagnostics."""
from __future__ import annotations

from pathlib import Path

from . import board as boards
from . import layout, model, rules, schema, source
from .diag import Diagnostics, UserError

REPO = Path(__file__).resolve().parents[2]


def compile_system(path: Path, repo: Path = REPO,
                   payloads: tuple[str, ...] = ()) -> tuple[model.System, Diagnostics]:
    """Load, validate and lay out a system description. Raises UserError
    with every error found; returns the system and any warnings. payloads:
    names of payloads the build provides besides partitions/."""
    doc = source.load(path, repo)
    diags = Diagnostics()
    if not schema.validate(doc, "system", diags):
        raise UserError(diags.sorted())
    board = boards.load(doc.data["system"]["board"], repo,
                        doc.where(("system", "board")))
    system = model.build(doc, board)
    system = layout.assign_ports(system)  # rules check doorbell numbers too
    ctx = rules.Context(repo=repo, payloads=tuple(payloads))
    rules.run("model", system, ctx, diags)
    if diags.errors:
        raise UserError(diags.sorted())
    system = layout.place_memory(system, diags)
    system = layout.place_images(system, diags)
    system = layout.place_store(system, diags)
    if diags.errors:
        raise UserError(diags.sorted())
    rules.run("layout", system, ctx, diags)
    if diags.errors:
        raise UserError(diags.sorted())
    return system, diags
