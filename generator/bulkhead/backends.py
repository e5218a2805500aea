# SPDX-License-Identifier: Apache-2.0
"""The architecture back ends, selected by a board's `arch`.

This table is the one place that says which module serves which
architecture; nothing else in the generator imports a back end. A back end
is a module holding every fact of its architecture the generator uses
(aarch64.py is the model): descriptor formats and the translation tables
(Stage2, table_pointer, TABLE_ENTRIES, TABLE_ALIGN, s1_pool_tables), the
interrupt controller (redistributor_size, emulated_irqchip, VDEV_KINDS),
the `.arch` parts of the kernel's tables (cpu_fields, system_fields,
boot_id), the device-tree nodes of CPUs, interrupt controller, timer and
firmware (vcpu_mpidr, dt_*), and the QEMU binary (QEMU, QEMU_PACKAGE).

The board schema's `arch` enumeration is what a description may name (an
editor offers it); tests/generator/test_backends.py checks that it and this
table list the same architectures.
"""
from __future__ import annotations

from types import ModuleType

from . import aarch64
from .diag import Location, fail

BACKENDS: dict[str, ModuleType] = {aarch64.NAME: aarch64}


def backend(arch: str, where: Location) -> ModuleType:
    """The back end of `arch`; a diagnostic at `where` (the board's `arch`)
    for an architecture no back end serves."""
    if arch not in BACKENDS:
        known = ", ".join(sorted(BACKENDS))
        raise fail(where, f"no generator back end for architecture '{arch}'",
                   "arch", hint=f"supported: {known}")
    return BACKENDS[arch]
