# SPDX-License-Identifier: Apache-2.0
"""JSON Schema validation with errors that point into the YAML file.

The schemas in generator/schema/ are the definition of the language's
shape; editors can use them too. Each schema error is turned into a
message a person can act on: unknown keys are named with the keys that are
allowed, patterns carry their own wording (the "x-message" keyword).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import jsonschema

from .diag import Diagnostics
from .source import Document, format_path

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


@lru_cache(maxsize=None)
def _schemas() -> dict:
    out = {}
    for name in ("system", "board"):
        with open(SCHEMA_DIR / f"{name}.schema.json", encoding="utf-8") as f:
            out[name] = json.load(f)
    return out


def _validator(kind: str):
    schemas = _schemas()
    schema = schemas[kind]
    cls = jsonschema.validators.validator_for(schema)
    try:  # jsonschema >= 4.18
        from referencing import Registry, Resource
        registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s)) for s in schemas.values())
        return cls(schema, registry=registry)
    except ImportError:  # Debian 12: jsonschema 4.10
        store = {s["$id"]: s for s in schemas.values()}
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)
        return cls(schema, resolver=resolver)


_TYPE_NAMES = {
    "object": "a mapping", "array": "a list", "string": "a string",
    "integer": "an integer", "number": "a number", "boolean": "true or false",
    "null": "nothing",
}


def _kind_of(value) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the string '{value}'"
    if isinstance(value, int):
        return f"the integer {value}"
    if value is None:
        return "nothing"
    return f"a {type(value).__name__}"


def _what(schema: dict, default: str) -> str:
    return schema.get("title", default)


def _report(doc: Document, err, diags: Diagnostics, root_schema: dict) -> None:
    path = tuple(err.absolute_path)
    where = format_path(path)
    v = err.validator
    schema = err.schema
    message = schema.get("x-message") if isinstance(schema, dict) else None

    if v == "additionalProperties" and schema.get("additionalProperties") is False:
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in err.instance if k not in schema.get("properties", {})]
        for key in extras:
            diags.error(doc.where(path + (key,), key=True),
                        f"unknown key '{key}' in {_what(schema, 'this mapping')}",
                        format_path(path + (key,)),
                        hint="allowed keys: " + ", ".join(allowed))
        return
    if v == "propertyNames" or "propertyNames" in err.schema_path:
        # err.instance is the offending key; point at it.
        key = err.instance
        names_schema = schema if "pattern" in schema else schema.get("propertyNames", {})
        text = names_schema.get("x-message", "'{value}' is not allowed as a key")
        diags.error(doc.where(path + (key,), key=True),
                    text.format(value=key), format_path(path + (key,)))
        return
    if v == "required":
        # One error per missing key; its message names the key.
        m = re.match(r"^'(.+)' is a required property$", err.message)
        key = m.group(1) if m else err.validator_value
        diags.error(doc.where(path),
                    f"missing key '{key}' in {_what(schema, 'this mapping')}",
                    where)
        return
    if v == "type" and message and isinstance(schema.get("type"), str):
        diags.error(doc.where(path), message.format(value=err.instance), where)
        return
    if v == "type":
        wanted = schema["type"]
        wanted = [wanted] if isinstance(wanted, str) else wanted
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in wanted)
        diags.error(doc.where(path),
                    f"expected {names}, found {_kind_of(err.instance)}", where)
        return
    if message:
        diags.error(doc.where(path), message.format(value=err.instance), where)
        return
    if v == "const":
        diags.error(doc.where(path),
                    f"must be {schema['const']!r}, found {_kind_of(err.instance)}",
                    where)
        return
    if v == "enum":
        options = ", ".join(str(o) for o in schema["enum"])
        diags.error(doc.where(path),
                    f"{_kind_of(err.instance)} is not one of: {options}", where)
        return
    if v in ("minItems", "minProperties"):
        diags.error(doc.where(path), "must not be empty", where)
        return
    if v == "uniqueItems":
        diags.error(doc.where(path), "has the same item more than once", where)
        return
    if v in ("minimum", "maximum"):
        bound = schema[v]
        word = "at least" if v == "minimum" else "at most"
        shown = f"{bound:#x}" if bound > 4096 else str(bound)
        diags.error(doc.where(path),
                    f"{_kind_of(err.instance)} is out of range: must be "
                    f"{word} {shown}", where)
        return
    diags.error(doc.where(path), err.message, where)


def validate(doc: Document, kind: str, diags: Diagnostics) -> bool:
    """Check `doc` against the `kind` schema ("system" or "board"); report
    every violation. Returns True if there was none."""
    validator = _validator(kind)
    before = len(diags.errors)
    errors = sorted(validator.iter_errors(doc.data),
                    key=lambda e: [str(p) for p in e.absolute_path])
    for err in errors:
        _report(doc, err, diags, _schemas()[kind])
    return len(diags.errors) == before
