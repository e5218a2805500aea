# SPDX-License-Identifier: Apache-2.0
"""Identified binaries (issue 14): two clean builds of a system in
different directories give byte-identical kernel images, and no image
holds a path of the checkout or of its build tree (cmake/BulkheadKernel.cmake
maps them out of __FILE__ and the debug information), so an image can be
rebuilt anywhere and compared with the one that was reviewed."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SYSTEM = REPO / "config" / "demo.yaml"


def build(tree: Path) -> Path:
    subprocess.run(["cmake", "-S", str(REPO), "-B", str(tree), "-G", "Ninja",
                    "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                    f"-DCMAKE_TOOLCHAIN_FILE={REPO}/cmake/toolchain-aarch64-linux-gnu.cmake",
                    f"-DBULKHEAD_PYTHON={sys.executable}", f"-DBULKHEAD_SYSTEMS={SYSTEM}"],
                   check=True, capture_output=True, text=True)
    r = subprocess.run(["cmake", "--build", str(tree)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return tree / "systems" / "demo" / "bulkhead.elf"


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    base = tmp_path_factory.mktemp("reproducible")
    return build(base / "a"), build(base / "a-build-tree-at-another-path")


def test_two_builds_in_different_directories_are_identical(images):
    first, second = images
    assert first.read_bytes() == second.read_bytes(), \
        f"{first} and {second} differ: the image depends on where it was built"


def test_no_image_names_the_checkout_or_its_build_tree(images):
    for image in images:
        data = image.read_bytes()
        for path in (REPO, image.parents[2]):
            assert str(path).encode() not in data, f"{image} holds the path {path}"
