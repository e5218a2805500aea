# SPDX-License-Identifier: Apache-2.0
"""Fetch Debian's arm64 Linux kernel and busybox-static into a cache.

    fetch.py [--lock LOCK] CACHE_DIR
    fetch.py [--lock LOCK] --update-lock CACHE_DIR

leaves in CACHE_DIR:
    Image          the kernel of the locked linux-image-*-cloud-arm64 (an arm64 Image)
    busybox        /bin/busybox of the locked busybox-static (statically linked)
    versions.txt   the lock's package lines the two files come from

The versions are pinned in partitions/linux/debian-arm64.lock (or LOCK),
with the SHA-256 of each .deb: exactly those versions are downloaded, and a
.deb of another SHA-256 is refused and deleted. A .deb already in
CACHE_DIR/debs is used when its SHA-256 is the lock's. With --update-lock,
the newest linux-image-cloud-arm64 (the versioned image it depends on) and
busybox-static of the machine's apt sources are written to the lock first.

apt-get fetches the arm64 package lists and packages into CACHE_DIR only
(its own lists, cache and an empty dpkg status): the machine's apt state,
and its list of architectures, are left alone. Errors name what failed and
exit 1 (no traceback).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "generator"))
from bulkhead import debian  # noqa: E402

KERNEL_PACKAGE = "linux-image-cloud-arm64"  # depends on the versioned image
BUSYBOX_PACKAGE = "busybox-static"
ARM64_IMAGE_MAGIC = b"ARM\x64"  # at offset 56 of an arm64 Image
UPDATE = "partitions/linux/fetch.py --update-lock CACHE_DIR (docs/design.md section 13)"


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


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def locked_deb(cache: Path, pkg: debian.Package, lock: Path, lists: list) -> Path:
    """The .deb of `pkg`, downloaded if missing, with the lock's SHA-256."""
    path = cache / "debs" / pkg.deb
    if not path.is_file():
        if not lists:
            apt(cache, "apt-get", "update")
            lists.append(True)
        try:
            apt(cache, "apt-get", "download", f"{pkg.name}={pkg.version}")
        except FetchError as e:
            raise FetchError(f"{e}\n{pkg.name} {pkg.version}, pinned in {lock}, may have "
                             f"left Debian's repository; to move the lock to the newest "
                             f"packages: {UPDATE}") from None
        if not path.is_file():
            raise FetchError(f"apt-get download {pkg.name}={pkg.version} left no {pkg.deb}")
    got = sha256(path)
    if got != pkg.sha256:
        path.unlink()
        raise FetchError(f"{pkg.deb}: SHA-256 {got}, but {lock} pins {pkg.name} "
                         f"{pkg.version} at {pkg.sha256}: refused (the file is deleted). "
                         f"To take the repository's file as the new pin: {UPDATE}")
    return path


def fetch(cache: Path, lock: Path) -> None:
    packages = debian.read(lock)
    versions = "".join(p.line() + "\n" for p in packages.values())
    done = cache / "versions.txt"
    if (cache / "Image").is_file() and (cache / "busybox").is_file() and \
            done.is_file() and done.read_text() == versions:
        return
    for d in ("lists/partial", "apt-cache/archives/partial", "debs"):
        (cache / d).mkdir(parents=True, exist_ok=True)
    print(f"fetching Debian's arm64 {packages['kernel'].name} and "
          f"{packages['busybox'].name} as {lock.name} pins them, into {cache}", flush=True)
    lists: list = []
    image_deb = locked_deb(cache, packages["kernel"], lock, lists)
    busybox_deb = locked_deb(cache, packages["busybox"], lock, lists)
    _, vmlinuz = deb_member(image_deb, r"boot/vmlinuz-.*")
    _, busybox = deb_member(busybox_deb, r"bin/busybox")
    write(cache / "Image", kernel_image(vmlinuz))
    write(cache / "busybox", busybox, 0o755)
    write(done, versions.encode())
    for p in packages.values():
        print(f"  {p.name} {p.version} sha256 {p.sha256}", flush=True)


def update_lock(cache: Path, lock: Path) -> None:
    """Pin the newest kernel and busybox of the machine's apt sources."""
    for d in ("lists/partial", "apt-cache/archives/partial", "debs"):
        (cache / d).mkdir(parents=True, exist_ok=True)
    apt(cache, "apt-get", "update")
    meta = download(cache, KERNEL_PACKAGE)
    # The metapackage depends on the versioned image package.
    dep = re.match(r"(linux-image-[0-9][^ ,(|]*)", deb_field(meta, "Depends"))
    if dep is None:
        raise FetchError(f"{meta.name} does not depend on a linux-image package")
    debs = {"kernel": download(cache, dep.group(1)),
            "busybox": download(cache, BUSYBOX_PACKAGE)}
    packages = {role: debian.Package(role, deb_field(d, "Package"), deb_field(d, "Version"),
                                     sha256(d)) for role, d in debs.items()}
    old = debian.read(lock) if lock.is_file() else {}
    write(lock, debian.text(packages).encode())
    for role, p in packages.items():
        was = old.get(role)
        change = "unchanged" if was == p else \
            f"was {was.version} {was.sha256[:12]}" if was else "new"
        print(f"{lock.name}: {p.name} {p.version} sha256 {p.sha256} ({change})", flush=True)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="fetch.py", description=__doc__.splitlines()[0])
    ap.add_argument("cache", metavar="CACHE_DIR", help="where the packages and files go")
    ap.add_argument("--lock", type=Path, default=debian.LOCK,
                    help="the lock of package versions (default: %(default)s)")
    ap.add_argument("--update-lock", action="store_true",
                    help="pin the newest packages in the lock, then fetch them")
    args = ap.parse_args(argv[1:])
    cache, lock = Path(args.cache).resolve(), args.lock.resolve()
    try:
        if args.update_lock:
            update_lock(cache, lock)
        fetch(cache, lock)
    except (FetchError, debian.LockError, OSError) as e:
        print(f"fetch.py: error: {e}", file=sys.stderr)
        if os.geteuid() != 0 and not isinstance(e, debian.LockError):
            print("fetch.py: (apt-get update may need root: run the build as root "
                  "or with sudo once)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
