# SPDX-License-Identifier: Apache-2.0
"""The isolation example (config/isolation.yaml) boots; alpha and beta count
in their own windows in the configured order; hostile is stopped when it
reads alpha's memory and the others go on as if nothing had happened."""
from __future__ import annotations

import hashlib
import re

import pytest

from bootlog import REPO, Boot, boot, frame_start, hm_verdicts, model, windows

COUNT = re.compile(r"^count (\d+) at tick (\d+)$")
AFTER_STOP = 30  # lines alpha and beta must each print after hostile stops


def enough(b: Boot) -> bool:
    stop = b.index("sk", r"partition 'hostile' stopped")
    if stop < 0:
        return False
    later = b.lines[stop + 1:]
    return all(sum(1 for who, _ in later if who == p) >= AFTER_STOP
               for p in ("alpha", "beta"))


@pytest.fixture(scope="module")
def demo() -> Boot:
    return boot("isolation", enough)


def test_banner(demo):
    sk = demo.by("sk")
    assert sk[0] == "Bulkhead separation kernel 0.1.0"
    assert sk[1] == "system 'isolation' on board 'qemu-virt-aarch64'"
    digest = hashlib.sha256((REPO / "config/isolation.yaml").read_bytes()).hexdigest()
    assert sk[2] == f"config sha256 {digest}"


def test_every_line_is_attributed(demo):
    assert demo.raw, "no output"
    for line in demo.raw:
        assert re.match(r"^\[(sk|alpha|beta|hostile)\] ", line), line


def test_partitions_print_only_inside_their_windows(demo):
    mf, wins = windows(model("isolation"))
    t0 = frame_start(demo)
    checked = 0
    for who, text in demo.lines:
        m = COUNT.match(text)
        if who in ("alpha", "beta") and m:
            tick = int(m.group(2))
            offset = (tick - t0) % mf
            mine = [w for w in wins if w.partition == who]
            assert any(w.start <= offset < w.end for w in mine), \
                f"{who} printed at frame offset {offset} ticks, outside {mine}"
            checked += 1
    assert checked >= 2 * AFTER_STOP


def test_windows_run_in_the_configured_order(demo):
    mf, wins = windows(model("isolation"))
    t0 = frame_start(demo)
    order = [w.partition for w in wins]
    seen = []  # (frame, position in the frame) of each counted line
    for who, text in demo.lines:
        m = COUNT.match(text)
        if m:
            tick = int(m.group(2))
            frame, offset = divmod(tick - t0, mf)
            pos = next(i for i, w in enumerate(wins) if w.start <= offset < w.end)
            assert wins[pos].partition == who
            seen.append((frame, pos))
    assert seen == sorted(seen), "windows out of order"
    # Both counting partitions ran in every frame the log covers.
    frames = {f for f, _ in seen}
    for f in range(min(frames) + 1, max(frames)):
        assert {order[p] for fr, p in seen if fr == f} == {"alpha", "beta"}, f


def test_counts_continue_without_a_gap(demo):
    for p in ("alpha", "beta"):
        counts = [int(COUNT.match(t).group(1)) for t in demo.by(p) if COUNT.match(t)]
        assert counts == list(range(len(counts))), p


def test_foreign_console_buffer_is_refused(demo):
    assert "console write from a buffer at 0x41000000 (not mine): status -4" \
        in demo.by("hostile")
    hm = [t for t in demo.by("sk") if t.startswith("hm: ")]
    # A refused call is a health-monitor event; its action here is to log.
    assert hm[:2] == [
        "hm: partition 'hostile' hypercall error: function 0xc6000002: console "
        "write from memory that is not the partition's (status -4)",
        "hm: partition 'hostile' event logged"]


def test_hostile_is_stopped_at_the_foreign_read(demo):
    hm = hm_verdicts(demo.by("sk"))[2:]
    assert len(hm) == 2, hm
    assert re.fullmatch(
        r"hm: partition 'hostile' memory violation: read of IPA 0x41000000 "
        r"\(stage-2 translation fault, level 2\), pc 0x4000[0-9a-f]{4}, "
        r"syndrome 0x9[0-9a-f]{7}", hm[0]), hm[0]
    assert hm[1] == "hm: partition 'hostile' stopped"
    hostile = demo.by("hostile")
    assert hostile[-1] == "attack: read_foreign"
    assert not any("isolation is broken" in t for t in hostile)
    # Nothing from hostile after it was stopped.
    stop = demo.index("sk", "partition 'hostile' stopped")
    assert all(who != "hostile" for who, _ in demo.lines[stop:])


def test_deterministic_under_icount(demo):
    again = boot("isolation", lambda b: len(b.raw) >= len(demo.raw))
    assert again.raw[:len(demo.raw)] == demo.raw
