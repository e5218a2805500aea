# SPDX-License-Identifier: Apache-2.0
"""Bulkhead's system-description compiler and tools.

load (source.py) -> schema check (schema.py) -> model (model.py) ->
semantic rules (rules.py) -> layout (layout.py, aarch64.py) -> emit (emit.py).
"""

VERSION = "0.1.0"
