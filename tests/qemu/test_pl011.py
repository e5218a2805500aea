# SPDX-License-Identifier: Apache-2.0
"""The emulated PL011 console (tests/qemu/systems/pl011.yaml): 'talker'
drives the PL011 the kernel emulates for it like a driver would, and its
lines come out on the kernel's console as its own; 'other', without
console: pl011, has nothing at that address: its write there is a stage-2
fault, and the health monitor stops it."""
from __future__ import annotations

import re

from bootlog import Boot, boot


def enough(b: Boot) -> bool:
    return b.index("sk", r"^hm: partition 'other' stopped$") >= 0 and \
        len([t for t in b.by("talker") if t.startswith("tick ")]) >= 5


def test_lines_written_to_the_pl011_are_the_partitions():
    b = boot("pl011", enough)
    talker = b.by("talker")
    assert talker[0] == ("through the hypercall: PL011 at IPA 0x9000000, periph id "
                         "0x00141011, cell id 0xb105f00d, FR 0x90, IBRD 13, CR 0x301")
    assert talker[1:5] == ["hello through the PL011, 8-bit writes", "and 16-bit ones",
                           "and 32-bit ones", "MIS with no interrupt enabled: 0x0"]
    ticks = [t for t in talker if t.startswith("tick ")]
    assert ticks == [f"tick {n}" for n in range(len(ticks))]
    # No health-monitor event for the talker: its accesses were emulated.
    assert not any(t.startswith("hm: partition 'talker'") for t in b.by("sk"))
    hm = [t for t in b.by("sk") if t.startswith("hm: partition 'other' memory")]
    assert len(hm) == 1 and re.search(r"write to IPA 0x9000000 \(stage-2 translation "
                                      r"fault", hm[0]), hm
