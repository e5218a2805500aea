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

import difflib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """A position in a file; line 0 means the file as a whole (it could not
    be read), shown without a position rather than a made-up one."""
    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
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



# How alike (difflib's ratio) a word must be to a known one to be offered
# as what was meant: 'acess' is 0.91 like 'access', 'uart1' 0.8 like
# 'uart0', 'sise' 0.75 like 'size' (one wrong letter of four); 'delta' is
# only 0.67 like 'beta', and not a misspelling of it.
SIMILAR = 0.75


def suggestion(word, choices, aliases: dict | None = None) -> str | None:
    """The one of `choices` that `word` was probably meant to be: the one
    `aliases` maps it to (a word of another tool, such as 'type' for
    'kind'), or else the closest spelling (difflib); None if none is close."""
    if not isinstance(word, str):
        return None
    choices = [str(c) for c in choices]
    alias = (aliases or {}).get(word)
    if alias in choices:
        return alias
    close = difflib.get_close_matches(word, choices, n=1, cutoff=SIMILAR)
    return close[0] if close else None


def did_you_mean(word, choices, aliases: dict | None = None) -> str:
    """"; did you mean 'kind'?" to end a message about an unknown `word`
    (see suggestion), or ""."""
    meant = suggestion(word, choices, aliases)
    return f"; did you mean '{meant}'?" if meant else ""
