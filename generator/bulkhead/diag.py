# SPDX-License-Identifier: Apache-2.0
"""Diagnostics: errors and warnings that point at a line of an input file.

Every problem in a user's file is a Diagnostic; they are collected and
reported together as

    file:line:col: error: <what is wrong> (<path in the document>)
      hint: <how to fix it>

and the tool exits with status 1. A Python traceback means a bug in the
tool, never a mistake in the input.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" or "warning"
    location: Location
    message: str
    path: str = ""
    hint: str | None = None

    def format(self) -> str:
        text = f"{self.location}: {self.severity}: {self.message}"
        if self.path:
            text += f" ({self.path})"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


@dataclass
class Diagnostics:
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str, path: str = "",
              hint: str | None = None) -> None:
        self.items.append(Diagnostic("error", location, message, path, hint))

    def warning(self, location: Location, message: str, path: str = "",
                hint: str | None = None) -> None:
        self.items.append(Diagnostic("warning", location, message, path, hint))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        """In file order, so a reader can work down the file; a finding
        reached by two routes is reported once."""
        unique = list(dict.fromkeys(self.items))
        return sorted(unique, key=lambda d: (d.location.file, d.location.line,
                                             d.location.col))


class UserError(Exception):
    """Stops the tool: the input is wrong. Carries what to report."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


def fail(location: Location, message: str, path: str = "",
         hint: str | None = None) -> UserError:
    return UserError([Diagnostic("error", location, message, path, hint)])
