# SPDX-License-Identifier: Apache-2.0
"""Time isolation (issue 10): schedule.switch_time and schedule.work_margin,
with their defaults from the board, and each partition's console budget
with the console ring they make. Checked in the generated tables, the
report and the evidence, against the inputs (the board description read
here with PyYAML), not against numbers copied from the output."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run

from bulkhead import model
from bulkhead.units import parse_size, parse_time

ISOLATION = (REPO / "config/isolation.yaml").read_text()
BOARD_FILE = "boards/qemu-virt-aarch64/board.yaml"
BOARD = yaml.safe_load((REPO / BOARD_FILE).read_text())
HZ = BOARD["timer"]["frequency_hz"]


def ticks(text: str) -> int:
    return parse_time(text) * HZ // 10**9


def generate(tmp_path: Path, text: str) -> tuple[str, dict]:
    """sk_config.c and evidence.json of a description."""
    src = tmp_path / "system.yaml"
    src.write_text(text)
    out = tmp_path / "out"
    r = run("generate", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr
    return ((out / "sk_config.c").read_text(),
            json.loads((out / "evidence.json").read_text()))


def with_schedule(extra: str) -> str:
    """config/isolation.yaml with lines added under schedule:."""
    return ISOLATION.replace("  initial_plan: normal\n", "  initial_plan: normal\n" + extra)


def line_of(text: str, needle: str) -> int:
    return next(i + 1 for i, l in enumerate(text.splitlines()) if needle in l)


def test_the_board_states_both_figures():
    assert parse_time(BOARD["kernel"]["switch_time"]) == 20_000
    assert parse_time(BOARD["kernel"]["work_margin"]) == 50_000


def test_defaults_come_from_the_board(tmp_path):
    c, ev = generate(tmp_path, ISOLATION)
    st, wm = BOARD["kernel"]["switch_time"], BOARD["kernel"]["work_margin"]
    assert (f"\t.switch_ticks = {ticks(st)}u, /* 20 us: default from {BOARD_FILE}: "
            "kernel.switch_time */") in c.splitlines()
    assert (f"\t.margin_ticks = {ticks(wm)}u, /* 50 us: default from {BOARD_FILE}: "
            "kernel.work_margin */") in c.splitlines()
    sch = ev["schedule"]
    board_text = (REPO / BOARD_FILE).read_text()
    assert sch["switch_time_ns"] == parse_time(st) and sch["switch_time_default"]
    assert sch["work_margin_ns"] == parse_time(wm) and sch["work_margin_default"]
    assert sch["switch_time_ticks"] == ticks(st) and sch["work_margin_ticks"] == ticks(wm)
    assert sch["switch_time_origin"] == {"file": BOARD_FILE, "path": "kernel.switch_time",
                                         "line": line_of(board_text, "switch_time:")}
    assert sch["work_margin_origin"] == {"file": BOARD_FILE, "path": "kernel.work_margin",
                                         "line": line_of(board_text, "work_margin:")}


def test_written_values_override_the_board(tmp_path):
    text = with_schedule("  switch_time: 4us\n  work_margin: 100us\n")
    c, ev = generate(tmp_path, text)
    st_line, wm_line = line_of(text, "switch_time:"), line_of(text, "work_margin:")
    assert re.search(rf"\.switch_ticks = {ticks('4us')}u, /\* 4 us: schedule\.switch_time "
                     rf"\(.*system\.yaml:{st_line}\) \*/", c)
    assert re.search(rf"\.margin_ticks = {ticks('100us')}u, /\* 100 us: "
                     rf"schedule\.work_margin \(.*system\.yaml:{wm_line}\) \*/", c)
    sch = ev["schedule"]
    assert not sch["switch_time_default"] and not sch["work_margin_default"]
    assert sch["work_margin_origin"]["line"] == wm_line
    assert sch["work_margin_origin"]["path"] == "schedule.work_margin"


@pytest.mark.parametrize("zero", ["0", "0us", "0ms"])
def test_switch_time_zero_means_no_gate(zero, tmp_path):
    c, ev = generate(tmp_path, with_schedule(f"  switch_time: {zero}\n"))
    assert re.search(r"\t\.switch_ticks = 0u, /\* 0 ms: schedule\.switch_time \(", c)
    assert ev["schedule"]["switch_time_ns"] == 0
    assert not ev["schedule"]["switch_time_default"]
    # The work margin stays the board's.
    assert f".margin_ticks = {ticks(BOARD['kernel']['work_margin'])}u" in c


def test_work_margin_zero_is_accepted(tmp_path):
    c, ev = generate(tmp_path, with_schedule("  work_margin: 0\n"))
    assert re.search(r"\t\.margin_ticks = 0u, /\* 0 ms: schedule\.work_margin \(", c)
    assert "There is no work margin" in (tmp_path / "out/report.md").read_text()


@pytest.mark.parametrize("value", ["false", "5", "-1us", "1.5us"])
def test_switch_time_other_bare_values_are_refused(value, tmp_path):
    src = tmp_path / "s.yaml"
    src.write_text(with_schedule(f"  switch_time: {value}\n"))
    r = run("validate", str(src))
    assert r.returncode == 1
    assert "is not a time: write 0, or a whole number and a unit" in r.stderr


def test_work_margin_must_be_whole_ticks(tmp_path):
    src = tmp_path / "s.yaml"
    text = with_schedule("  work_margin: 50001ns\n")
    src.write_text(text)
    r = run("validate", str(src))
    assert r.returncode == 1
    assert r.stderr.splitlines()[0] == (
        f"{src}:{line_of(text, 'work_margin:')}:16: error: work margin 50001 ns is not "
        f"a whole number of timer ticks ({HZ} Hz) (schedule.work_margin)")


def test_console_budgets_and_ring(tmp_path):
    text = ISOLATION.replace("    image: hostile\n",
                             "    image: hostile\n    console: none\n    console_budget: 8KiB\n")
    c, ev = generate(tmp_path, text)
    lines = c.splitlines()
    budgets = [l for l in lines if ".console_budget = " in l]
    assert budgets[:2] == ["\t\t.console_budget = 2048u, /* 2 KiB: default */"] * 2
    assert re.fullmatch(r"\t\t\.console_budget = 8192u, /\* 8 KiB: "
                        r"partitions\[2\]\.console_budget \(.*system\.yaml:"
                        rf"{line_of(text, 'console_budget:')}\) \*/", budgets[2])
    ring = 2048 + 2048 + 8192 + 4096
    assert f"static char console_ring[{ring}];" in lines
    assert f" * alpha 2048 + beta 2048 + hostile 8192 + kernel 4096 = {ring} bytes. */" in lines
    assert f"\t.console_ring_size = {ring}u, /* 16 KiB: every partition's console budget " \
        "and 4096 bytes for the kernel */" in lines
    assert "\t.console_ring = console_ring," in lines
    # In the order of struct sk_system: right after .switch_ticks.
    at = next(i for i, l in enumerate(lines) if l.startswith("\t.switch_ticks = "))
    assert [l.split(" =")[0] for l in lines[at:at + 4]] == \
        ["\t.switch_ticks", "\t.margin_ticks", "\t.console_ring_size", "\t.console_ring"]
    # And in struct sk_partition_desc, right after .flags.
    flags = [i for i, l in enumerate(lines)
             if l.startswith("\t\t.flags = ") and lines[i - 1].startswith("\t\t.privileges = ")]
    assert len(flags) == 3 and all(lines[i + 1].startswith("\t\t.console_budget = ") for i in flags)
    assert ev["system"]["console_ring_size"] == ring
    assert ev["system"]["console_kernel_bytes"] == model.CONSOLE_KERNEL_BYTES == 4096
    by_name = {p["name"]: p for p in ev["partitions"]}
    assert by_name["alpha"]["console_budget"] == model.DEFAULT_CONSOLE_BUDGET == 2048
    assert by_name["alpha"]["console_budget_origin"] is None
    assert by_name["hostile"]["console_budget"] == 8192
    assert by_name["hostile"]["console"] is False
    assert by_name["hostile"]["console_budget_origin"]["path"] == "partitions[2].console_budget"
    frame = parse_time("10ms")
    assert by_name["hostile"]["console_budget_per_second"] == 8192 * 10**9 // frame


def test_every_example_ring_is_the_sum_and_4096(tmp_path):
    for system in sorted((REPO / "config").glob("*.yaml")):
        doc = yaml.safe_load(system.read_text())
        budgets = [parse_size(p["console_budget"]) if "console_budget" in p
                   else model.DEFAULT_CONSOLE_BUDGET for p in doc["partitions"]]
        out = tmp_path / system.stem
        r = run("generate", str(system.relative_to(REPO)), "-o", str(out))
        assert r.returncode == 0, r.stderr
        c = (out / "sk_config.c").read_text()
        assert f"static char console_ring[{sum(budgets) + 4096}];" in c, system.name
        assert f".console_ring_size = {sum(budgets) + 4096}u," in c, system.name


@pytest.mark.parametrize("budget, ok", [("255B", False), ("256B", True), ("1MiB", True),
                                        ("1025KiB", False)])
def test_console_budget_range(budget, ok, tmp_path):
    text = ISOLATION.replace("    image: counter\n",
                             f"    image: counter\n    console_budget: {budget}\n", 1)
    src = tmp_path / "s.yaml"
    src.write_text(text)
    r = run("validate", str(src))
    if ok:
        assert r.returncode == 0, r.stderr
        return
    assert r.returncode == 1
    shown = {"255B": "255 B", "1025KiB": "1025 KiB"}[budget]
    assert r.stderr.splitlines()[0] == (
        f"{src}:{line_of(text, 'console_budget:')}:21: error: console budget {shown} of "
        "partition 'alpha' is out of range: 256 B to 1 MiB per major frame "
        "(partitions[0].console_budget)")


def test_report_shows_budgets_ring_and_margin(tmp_path):
    generate(tmp_path, with_schedule("  work_margin: 100us\n"))
    md = (tmp_path / "out/report.md").read_text()
    assert "| `alpha` | may write | 2 KiB (2048 bytes) | 204800 B/s (200.0 KiB/s) | default |" \
        in md
    assert "| Console ring | 10 KiB (10240 bytes): every partition's console budget" in md
    assert (f"| Switch time | 20 us ({ticks('20us')} ticks) | default of the board, "
            f"{BOARD_FILE}:") in md
    assert f"| Work margin | 100 us ({ticks('100us')} ticks) | " in md
    assert ("For kernel work, the partition's usable time in each window is [start + "
            "switch time, end - work margin): [start + 20 us, end - 100 us).") in md
    html = (tmp_path / "out/report.html").read_text()
    assert "<th>Budget per major frame</th>" in html
    assert "[start + 20 us, end - 100 us)" in html
