# SPDX-License-Identifier: Apache-2.0
"""A system at the list-register limit boots (tests/qemu/systems/doorbells.yaml,
issue 18): 'right' receives two doorbells; with its virtual timer that is 3
of the board's 4 list registers, by the generator's count and by the
kernel's (sk_virq_slots(): the emulated GIC frames take no slot). The
kernel once counted those frames too, 5, and panicked at boot."""
from __future__ import annotations

from bootlog import Boot, boot


def enough(b: Boot) -> bool:
    return all(len([t for t in b.by(p) if t.startswith("count ")]) >= 3
               for p in ("left", "right"))


def test_two_doorbells_to_one_partition_boot():
    b = boot("doorbells", enough)
    sk = b.by("sk")
    assert any(t.startswith("self-test: ") and t.endswith("checks of the generated "
                                                           "tables passed") for t in sk), sk
    assert not any("virtual interrupt" in t for t in sk)
