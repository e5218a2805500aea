# SPDX-License-Identifier: Apache-2.0
"""Watch a system's console for a line: `./bulkhead run SYSTEM --until REGEX`.

An integrator's CI check of their own system: QEMU runs, every console line
is passed through as it comes, and the exit status says whether a line
matched REGEX (0) or QEMU stopped, or the timeout passed, first (1, after
the last lines). The option types here are the ones `python3 -m bulkhead
qemu` parses with, and `./bulkhead run` checks its options with them before
it builds anything.
"""
from __future__ import annotations

import argparse
import collections
import queue
import re
import signal
import subprocess
import sys
import threading
import time

LAST_LINES = 20  # shown when nothing matched


def seconds(text: str) -> float:
    """--timeout S: a number of seconds greater than 0."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a number of seconds greater than 0 "
            "(--timeout 5, --timeout 0.5)")
    return value


def pattern(text: str) -> re.Pattern:
    """--until REGEX: a regular expression in Python's syntax."""
    try:
        return re.compile(text)
    except re.error as e:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a regular expression ({e}); Python's syntax, "
            "searched in each console line: --until 'consumer.*ok'") from None


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run(cmd: list[str], until: re.Pattern, timeout: float | None) -> int:
    """Run QEMU's `cmd` until a console line matches `until`: 0 if one
    does, 1 if QEMU stops or `timeout` seconds pass first."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            start_new_session=True)
    lines: queue.Queue[bytes | None] = queue.Queue()

    def read() -> None:
        for raw in proc.stdout:
            lines.put(raw)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    last: collections.deque[str] = collections.deque(maxlen=LAST_LINES)
    deadline = None if timeout is None else time.monotonic() + timeout
    why = None
    try:
        while why is None:
            left = None if deadline is None else deadline - time.monotonic()
            try:
                raw = lines.get(timeout=left) if left is None or left > 0 else None
            except queue.Empty:
                raw = None
            if raw is None:
                if deadline is not None and time.monotonic() >= deadline:
                    why = f"no console line matched in {timeout:g} s"
                else:
                    proc.wait()
                    why = f"QEMU stopped (exit status {proc.returncode}) first"
                break
            line = raw.decode(errors="replace").rstrip("\r\n")
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
            last.append(line)
            if until.search(line):
                print(f"[bulkhead] matched --until '{until.pattern}': {line}",
                      file=sys.stderr, flush=True)
                return 0
    except KeyboardInterrupt:
        return 130
    finally:
        if proc.poll() is None:
            stop(proc)
    print(f"[bulkhead] --until '{until.pattern}': {why}; the last {len(last)} "
          "lines:", file=sys.stderr)
    for line in last:
        print(f"  {line}", file=sys.stderr)
    return 1
