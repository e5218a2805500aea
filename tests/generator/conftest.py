# SPDX-License-Identifier: Apache-2.0
"""Helpers for the generator's tests: run the generator as a user does, as
a separate process with the interpreter that runs the tests."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "generator"
sys.path.insert(0, str(GENERATOR))


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """python3 -m bulkhead <args>, from the repository root."""
    env = {"PYTHONPATH": str(GENERATOR), "PATH": "/usr/bin:/bin",
           "LC_ALL": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "bulkhead", *args], cwd=cwd,
                          env=env, capture_output=True, text=True)
