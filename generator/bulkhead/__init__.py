# SPDX-License-Identifier: Apache-2.0
"""Bulkhead's system-description compiler and tools.

load (source.py) -> schema check (schema.py) -> model (model.py) ->
semantic rules (rules.py) -> layout (layout.py, returning new objects) ->
emit (emit.py). What is an architecture's is in its back end (aarch64.py),
which the board's arch selects (backends.py).
"""

VERSION = "0.1.0"
