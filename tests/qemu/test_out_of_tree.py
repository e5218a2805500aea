# SPDX-License-Identifier: Apache-2.0
"""An integrator's project outside this repository (issue 11): the worked
example of docs/out-of-tree.md, copied out of the tree, uses Bulkhead as a
CMake package (find_package), builds its own payload against the partition
runtime with bulkhead_add_payload() and boots its own system."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs/examples/out-of-tree"


def test_out_of_tree_project_builds_and_boots(tmp_path):
    src = tmp_path / "blinky"
    shutil.copytree(EXAMPLE, src)
    (src / "blinky.yaml").write_text(  # its own schema path is the repository's
        (src / "blinky.yaml").read_text().replace("../../../generator/schema",
                                                  f"{REPO}/generator/schema"))
    build = tmp_path / "build"
    r = subprocess.run(["cmake", "-S", str(src), "-B", str(build), "-G", "Ninja",
                        f"-DBulkhead_DIR={REPO}/cmake"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run(["cmake", "--build", str(build)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    # The payload came from the project, once for each partition running it.
    for part in ("left", "right"):
        assert f"Partition image blinky/{part} (payload blink)" in r.stdout
    assert not (build / "systems" / "demo").exists()
    image = build / "systems" / "blinky" / "bulkhead.elf"
    r = subprocess.run([sys.executable, "-m", "bulkhead", "qemu", str(image), "--system",
                        str(src / "blinky.yaml"), "--until", r"^\[right\] blink done",
                        "--timeout", "60"], cwd=REPO / "generator", capture_output=True,
                       text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    lines = [x for x in r.stdout.splitlines() if x.startswith(("[left]", "[right]"))]
    assert [x for x in lines if x.startswith("[left]")] == [
        "[left] blink 1 of 3", "[left] blink 2 of 3", "[left] blink 3 of 3", "[left] blink done"]
    assert [x for x in lines if x.startswith("[right]")] == [
        f"[right] blink {n} of 5" for n in range(1, 6)] + ["[right] blink done"]


def test_find_package_after_project_is_refused(tmp_path):
    src = tmp_path / "late"
    src.mkdir()
    (src / "CMakeLists.txt").write_text(
        "cmake_minimum_required(VERSION 3.25)\nproject(late LANGUAGES C)\n"
        "find_package(Bulkhead REQUIRED)\n")
    r = subprocess.run(["cmake", "-S", str(src), "-B", str(tmp_path / "b"), "-G", "Ninja",
                        f"-DBulkhead_DIR={REPO}/cmake"], capture_output=True, text=True)
    assert r.returncode != 0
    assert "find_package(Bulkhead) must come before project()" in r.stderr, r.stderr
