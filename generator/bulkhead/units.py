# SPDX-License-Identifier: Apache-2.0
"""Sizes and times with units, as written in system descriptions."""
from __future__ import annotations

import re

SIZE_UNITS = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}
TIME_UNITS = {"ns": 1, "us": 1_000, "ms": 1_000_000, "s": 1_000_000_000}

_SIZE = re.compile(r"^([0-9]+)(B|KiB|MiB|GiB)$")
_TIME = re.compile(r"^([0-9]+)(ns|us|ms|s)$")


def parse_size(text: str) -> int:
    """'64KiB' -> 65536. The schema has checked the form already."""
    m = _SIZE.match(text)
    if not m:
        raise ValueError(f"not a size: {text!r}")
    return int(m.group(1)) * SIZE_UNITS[m.group(2)]


def parse_time(text: str) -> int:
    """'2ms' -> 2000000 (nanoseconds)."""
    m = _TIME.match(text)
    if not m:
        raise ValueError(f"not a time: {text!r}")
    return int(m.group(1)) * TIME_UNITS[m.group(2)]


def format_size(n: int) -> str:
    """2097152 -> '2 MiB'; sizes that are not whole units stay in bytes."""
    for unit in ("GiB", "MiB", "KiB"):
        if n and n % SIZE_UNITS[unit] == 0:
            return f"{n // SIZE_UNITS[unit]} {unit}"
    return f"{n} B"


def format_time(ns: int) -> str:
    """3000000 -> '3 ms'; 0 -> '0 ms'."""
    if ns == 0:
        return "0 ms"
    for unit in ("s", "ms", "us"):
        if ns and ns % TIME_UNITS[unit] == 0:
            return f"{ns // TIME_UNITS[unit]} {unit}"
    return f"{ns} ns"
