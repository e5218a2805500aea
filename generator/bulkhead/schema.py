# SPDX-License-Identifier: Apache-2.0
"""JSON Schema validation with errors that point into the YAML file.

The schemas in generator/schema/ are the definition of the language's
shape; editors can use them too. Each schema error is turned into a
message a person can act on: unknown keys are named with the keys that are
allowed, a near miss gets a did-you-mean, and values refused by a pattern
or an enumeration carry the schema's own wording (its patternErrorMessage
or errorMessage, which editors show too).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import jsonschema

from .diag import Diagnostics, did_you_mean, suggestion
from .source import Document, format_path

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


@lru_cache(maxsize=None)
def _schemas() -> dict:
    """The schemas by kind, each identified by its file's URI: the files
    carry no $id, so a $ref from one to the other ("system.schema.json#...")
    resolves next to the file, as in an editor, with no network."""
    out = {}
    for name in ("system", "board"):
        path = SCHEMA_DIR / f"{name}.schema.json"
        with open(path, encoding="utf-8") as f:
            out[name] = {"$id": path.as_uri(), **json.load(f)}
    return out


def default(kind: str, pointer: str):
    """The default the `kind` schema declares at `pointer`
    ("/$defs/region/properties/cache"). A default of the language is
    written there only: editors show it, the generator applies it."""
    node = _schemas()[kind]
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return node["default"]


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


def refusal(schema: dict, value) -> str | None:
    """The schema's own wording for a value it refuses, or None. It is
    written once, as the patternErrorMessage or errorMessage that editors
    (yaml-language-server) show, in the form "Not a size: ..."; the
    generator names the value: "'2M' is not a size: ...". """
    if not isinstance(schema, dict):
        return None
    text = schema.get("patternErrorMessage") or schema.get("errorMessage")
    if not text:
        return None
    # The value as written: a word or number quoted, anything else named
    # ("a list"), never as Python prints it.
    shown = f"'{value}'" if isinstance(value, (str, int)) and not isinstance(value, bool) \
        else _kind_of(value)
    text = f"{shown} is {text[0].lower()}{text[1:]}"
    if "enum" in schema:
        text += did_you_mean(value, schema["enum"])
    return text


def _aliases(schema: dict) -> dict:
    """Words of other tools for the keys of a mapping ('type' for 'kind'),
    from the keys' x-aliases."""
    return {alias: key for key, sub in schema.get("properties", {}).items()
            if isinstance(sub, dict) for alias in sub.get("x-aliases", [])}


def _unknown_key(doc: Document, path: tuple, key: str, schema: dict,
                 diags: Diagnostics) -> None:
    known = schema.get("properties", {})
    closed = schema.get("additionalProperties") is False
    what = _what(schema, "this mapping")
    diags.error(doc.where(path + (key,), key=True),
                f"unknown key '{key}' in {what}"
                f"{did_you_mean(key, sorted(known), _aliases(schema))}",
                format_path(path + (key,)),
                hint="allowed keys: " + ", ".join(sorted(known)) if closed else None)


def _stand_in(instance: dict, key: str, schema: dict) -> str | None:
    """A key of `instance` the schema does not know that stands for the
    missing `key` (an alias or a near spelling of it)."""
    known = schema.get("properties", {})
    for other in instance:
        if other not in known and \
                suggestion(other, sorted(known), _aliases(schema)) == key:
            return other
    return None


def _report(doc: Document, err, diags: Diagnostics, root_schema: dict) -> None:
    path = tuple(err.absolute_path)
    where = format_path(path)
    v = err.validator
    schema = err.schema
    message = refusal(schema, err.instance)

    if v == "additionalProperties" and schema.get("additionalProperties") is False:
        extras = [k for k in err.instance if k not in schema.get("properties", {})]
        for key in extras:
            _unknown_key(doc, path, key, schema, diags)
        return
    if v == "propertyNames" or "propertyNames" in err.schema_path:
        # err.instance is the offending key; point at it.
        key = err.instance
        names_schema = schema if "pattern" in schema or "enum" in schema \
            else schema.get("propertyNames", {})
        text = refusal(names_schema, key) or f"'{key}' is not allowed as a key"
        diags.error(doc.where(path + (key,), key=True), text,
                    format_path(path + (key,)))
        return
    if v == "required":
        # One error per missing key; its message names the key. A key the
        # schema does not know that stands for it is reported instead: as
        # an unknown key where the mapping's keys are closed, here where
        # they are not (a channel's, until its kind is known).
        m = re.match(r"^'(.+)' is a required property$", err.message)
        key = m.group(1) if m else err.validator_value
        other = _stand_in(err.instance, key, schema)
        if other is not None:
            if schema.get("additionalProperties") is not False:
                _unknown_key(doc, path, other, schema, diags)
            return
        diags.error(doc.where(path),
                    f"missing key '{key}' in {_what(schema, 'this mapping')}",
                    where)
        return
    if v == "type" and message and isinstance(schema.get("type"), str):
        diags.error(doc.where(path), message, where)
        return
    if v == "type":
        wanted = schema["type"]
        wanted = [wanted] if isinstance(wanted, str) else wanted
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in wanted)
        diags.error(doc.where(path),
                    f"expected {names}, found {_kind_of(err.instance)}", where)
        return
    if message:
        diags.error(doc.where(path), message, where)
        return
    if v == "const":
        diags.error(doc.where(path),
                    f"must be {schema['const']!r}, found {_kind_of(err.instance)}",
                    where)
        return
    if v == "enum":
        options = ", ".join(str(o) for o in schema["enum"])
        diags.error(doc.where(path),
                    f"{_kind_of(err.instance)} is not one of: {options}"
                    f"{did_you_mean(err.instance, schema['enum'])}", where)
        return
    if v in ("minItems", "minProperties", "minLength"):
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
