# SPDX-License-Identifier: Apache-2.0
"""Fetch Debian's arm64 Linux kernel and busybox-static into a cache.

    fetch.py CACHE_DIR

leaves in CACHE_DIR:
    Image          the kernel of linux-image-cloud-arm64 (an arm64 Image)
    busybox        /bin/busybox of busybox-static (statically linked)
    versions.txt   the package versions, one 'name version' per line

apt-get fetches the arm64 package lists and packages into CACHE_DIR only
(its own lists, cache and an empty dpkg status): the machine's apt state,
and its list of architectures, are left alone. The packages come from the
repositories of the machine's own apt sources. Once the files are there
nothing is fetched again; delete CACHE_DIR to fetch the newest packages.
Errors name what failed and exit 1 (no traceback).
"""
from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

KERNEL_PACKAGE = "linux-image-cloud-arm64"  # depends on the versioned image
BUSYBOX_PACKAGE = "busybox-static"
ARM64_IMAGE_MAGIC = b"ARM\x64"  # at offset 56 of an arm64 Image


class FetchError(Exception):
    pass


def apt(cache: Path, *args: str) -> str:
    """apt-get (or apt-cache) with its state redirected into cache."""
    tool, rest = args[0], args[1:]
    cmd = [tool, "-q",
           "-o", "APT::Architecture=arm64", "-o", "APT::Architectures=arm64",
           "-o", f"Dir::State::Lists={cache / 'lists'}",
           "-o", f"Dir::Cache={cache / 'apt-cache'}",
           "-o", "Dir::State::Status=/dev/null",
           "-o", "Debug::NoLocking=1",
           *rest]
    try:
        r = subprocess.run(cmd, cwd=cache / "debs", capture_output=True, text=True,
                           check=False)
    except FileNotFoundError:
        raise FetchError(f"{tool} not found: this needs Debian's apt") from None
    if r.returncode != 0:
        raise FetchError(f"{' '.join(cmd)} failed:\n{r.stderr.strip()}")
    return r.stdout


def download(cache: Path, package: str) -> Path:
    """The .deb of `package` (its candidate version), downloaded once."""
    before = set((cache / "debs").glob("*.deb"))
    apt(cache, "apt-get", "download", package)
    debs = sorted(set((cache / "debs").glob(f"{package}_*.deb")) - before) or \
        sorted((cache / "debs").glob(f"{package}_*.deb"))
    if not debs:
        raise FetchError(f"apt-get download {package} left no {package}_*.deb")
    return debs[-1]


def deb_field(deb: Path, field: str) -> str:
    r = subprocess.run(["dpkg-deb", "-f", str(deb), field], capture_output=True,
                       text=True, check=False)
    if r.returncode != 0:
        raise FetchError(f"dpkg-deb -f {deb.name} {field} failed: {r.stderr.strip()}")
    return r.stdout.strip()


def deb_member(deb: Path, pattern: str) -> tuple[str, bytes]:
    """(name, content) of the first file of the .deb matching `pattern`."""
    r = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True,
                       check=False)
    if r.returncode != 0:
        raise FetchError(f"dpkg-deb --fsys-tarfile {deb.name} failed")
    with tarfile.open(fileobj=io.BytesIO(r.stdout)) as tar:
        for m in tar.getmembers():
            if m.isfile() and re.fullmatch(pattern, m.name.lstrip("./")):
                return m.name, tar.extractfile(m).read()
    raise FetchError(f"{deb.name} has no file matching {pattern}")


def kernel_image(data: bytes) -> bytes:
    """The arm64 Image inside vmlinuz (gzip-compressed or not)."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data[56:60] != ARM64_IMAGE_MAGIC:
        raise FetchError("the package's vmlinuz is not an arm64 Image")
    return data


def write(path: Path, data: bytes, mode: int = 0o644) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.chmod(mode)
    tmp.replace(path)


def fetch(cache: Path) -> None:
    outputs = [cache / "Image", cache / "busybox", cache / "versions.txt"]
    if all(p.is_file() for p in outputs):
        return
    for d in ("lists/partial", "apt-cache/archives/partial", "debs"):
        (cache / d).mkdir(parents=True, exist_ok=True)
    print(f"fetching Debian's arm64 {KERNEL_PACKAGE} and {BUSYBOX_PACKAGE} "
          f"into {cache}", flush=True)
    apt(cache, "apt-get", "update")
    meta = download(cache, KERNEL_PACKAGE)
    # The metapackage depends on the versioned image package.
    dep = re.match(r"(linux-image-[0-9][^ ,(|]*)", deb_field(meta, "Depends"))
    if dep is None:
        raise FetchError(f"{meta.name} does not depend on a linux-image package")
    image_deb = download(cache, dep.group(1))
    _, vmlinuz = deb_member(image_deb, r"boot/vmlinuz-.*")
    busybox_deb = download(cache, BUSYBOX_PACKAGE)
    _, busybox = deb_member(busybox_deb, r"bin/busybox")
    write(cache / "Image", kernel_image(vmlinuz))
    write(cache / "busybox", busybox, 0o755)
    versions = [f"{deb_field(d, 'Package')} {deb_field(d, 'Version')}"
                for d in (image_deb, busybox_deb)]
    write(cache / "versions.txt", ("\n".join(versions) + "\n").encode())
    for v in versions:
        print(f"  {v}", flush=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        fetch(Path(argv[1]).resolve())
    except (FetchError, OSError) as e:
        print(f"fetch.py: error: {e}", file=sys.stderr)
        if os.geteuid() != 0:
            print("fetch.py: (apt-get update may need root: run the build as root "
                  "or with sudo once)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
