# SPDX-License-Identifier: Apache-2.0
"""Make the busybox initramfs of a Linux partition.

    initramfs.py BUSYBOX INIT OUT.cpio.gz

A gzip-compressed cpio archive ("newc", the format the kernel unpacks) of
/bin/busybox, /init (the script INIT) and the directories and device nodes
the script needs before it mounts devtmpfs. The archive is deterministic:
every file is owned by root with time 0, entries are in a fixed order and
the gzip header carries no time, so the same inputs give the same bytes.
"""
from __future__ import annotations

import gzip
import stat
import sys
from pathlib import Path

DIRS = ("bin", "dev", "proc", "sbin", "sys", "tmp", "usr", "usr/bin", "usr/sbin")
# The console before devtmpfs is mounted: /dev/console, char 5:1.
NODES = (("dev/console", stat.S_IFCHR | 0o600, 5, 1),)


def _entry(name: str, mode: int, data: bytes = b"", rdev: tuple[int, int] = (0, 0),
           ino: int = 0) -> bytes:
    namez = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, 1 if not stat.S_ISDIR(mode) else 2, 0, len(data),
              0, 0, rdev[0], rdev[1], len(namez), 0]
    head = b"070701" + b"".join(f"{v:08x}".encode() for v in fields)
    out = head + namez
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def archive(busybox: bytes, init: bytes) -> bytes:
    entries = []
    ino = 1
    for d in DIRS:
        entries.append(_entry(d, stat.S_IFDIR | 0o755, ino=ino))
        ino += 1
    for name, mode, major, minor in NODES:
        entries.append(_entry(name, mode, rdev=(major, minor), ino=ino))
        ino += 1
    entries.append(_entry("bin/busybox", stat.S_IFREG | 0o755, busybox, ino=ino))
    entries.append(_entry("init", stat.S_IFREG | 0o755, init, ino=ino + 1))
    entries.append(_entry("TRAILER!!!", 0))
    raw = b"".join(entries)
    raw += b"\0" * (-len(raw) % 512)
    return gzip.compress(raw, compresslevel=9, mtime=0)


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print("usage: initramfs.py BUSYBOX INIT OUT.cpio.gz", file=sys.stderr)
        return 2
    try:
        data = archive(Path(argv[1]).read_bytes(), Path(argv[2]).read_bytes())
        out = Path(argv[3])
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as e:
        print(f"initramfs.py: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
