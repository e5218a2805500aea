# SPDX-License-Identifier: Apache-2.0
"""Load a YAML file keeping the line and column of every key and value.

The result is plain data (dicts, lists, scalars) for schema validation and
model building, plus a map from document paths such as
('schedule', 'plans', 'normal', 'cpu0', 2) to positions, so any later
check can say exactly where in the file the problem is.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diag import Location, UserError, fail

PathT = tuple  # of str keys and int indexes

# Deeper than this is not a system description (and guards against
# recursive aliases).
MAX_DEPTH = 32
# More values than this, counted with what aliases repeat, is not a system
# description either (a few thousand partitions stay far below it): an
# alias-expansion bomb is refused at once instead of being walked.
MAX_VALUES = 200_000
# Every number in a description is a whole number the kernel stores in 64
# bits (signed where negative).
INT_MIN, INT_MAX = -(1 << 63), (1 << 64) - 1
MERGE = "tag:yaml.org,2002:merge"
_KINDS = {int: "a number", float: "a number", bool: "true or false",
          type(None): "nothing"}


class _Loader(yaml.SafeLoader):
    """YAML as YAML 1.2 reads it: only true and false are booleans, so
    that `debug_registers: off` is the word off, not false."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                              re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def format_path(path: PathT) -> str:
    """('partitions', 0, 'memory') -> 'partitions[0].memory'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


@dataclass
class Document:
    path: Path          # on disk
    display: str        # as shown in messages and banners
    sha256: str
    data: Any
    _value_marks: dict = field(default_factory=dict)
    _key_marks: dict = field(default_factory=dict)

    def where(self, path: PathT, key: bool = False) -> Location:
        """Position of the value at `path` (or of its key), or of the
        nearest enclosing node that has one."""
        path = tuple(path)
        while True:
            marks = self._key_marks if key else self._value_marks
            if path in marks:
                line, col = marks[path]
                return Location(self.display, line, col)
            if key and path in self._value_marks:
                line, col = self._value_marks[path]
                return Location(self.display, line, col)
            if not path:
                return Location(self.display, 1, 1)
            path = path[:-1]
            key = False

    def get(self, path: PathT, default: Any = None) -> Any:
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Converter:
    def __init__(self, loader: yaml.SafeLoader, display: str):
        self.loader = loader
        self.display = display
        self.values: dict = {}
        self.keys: dict = {}
        # Every key given twice, every number that is not a whole number
        # in 64 bits: all are reported, not just the first.
        self.duplicates: list = []
        self.count = 0
        self.seen: set = set()

    def problem(self, node: yaml.Node, message: str, path: PathT,
                hint: str | None = None) -> None:
        self.duplicates.extend(fail(self.loc(node), message, format_path(path),
                                    hint=hint).diagnostics)

    def number(self, node: yaml.ScalarNode, value: Any, path: PathT) -> None:
        """Refuse what the kernel's tables cannot hold: a decimal number
        where every number is whole (YAML reads 16.0 and 1.6e+8 as such),
        a whole number past 64 bits."""
        if isinstance(value, float):
            whole = value == value and value not in (float("inf"), float("-inf")) \
                and value == int(value)
            self.problem(node, f"'{node.value}' is a decimal number: numbers in a "
                         "system description are whole numbers", path,
                         hint=f"write {int(value)}" if whole and
                         INT_MIN <= int(value) <= INT_MAX else None)
        elif isinstance(value, int) and not isinstance(value, bool) and \
                not INT_MIN <= value <= INT_MAX:
            self.problem(node, f"'{node.value}' does not fit in 64 bits", path,
                         hint=f"the largest number is {INT_MAX:#x}")

    def loc(self, node: yaml.Node) -> Location:
        line, col = _mark(node)
        return Location(self.display, line, col)

    def convert(self, node: yaml.Node, path: PathT, depth: int,
                used: tuple[int, int] | None = None) -> Any:
        """`used`: where a node reached again through an alias or a merge
        key is used (the alias's key), to report its values there rather
        than at the anchor."""
        if depth > MAX_DEPTH:
            raise fail(self.loc(node), "the document nests too deeply",
                       format_path(path))
        if used is None and id(node) in self.seen:
            # An alias: where it is used is its key (or the enclosing list).
            used = self.keys.get(path) or self.values.get(path[:-1], _mark(node))
        self.seen.add(id(node))
        self.values[path] = used or _mark(node)
        self.count += 1
        if self.count > MAX_VALUES:
            line, col = self.values[path]
            raise fail(Location(self.display, line, col),
                       f"the document holds more than {MAX_VALUES:,} values (counting "
                       "what aliases repeat): not a system description",
                       format_path(path))
        if isinstance(node, yaml.MappingNode):
            explicit = {id(k) for k, _ in node.value if k.tag != MERGE}
            merge_at = next((_mark(k) for k, _ in node.value if k.tag == MERGE), None)
            self.loader.flatten_mapping(node)
            result: dict = {}
            merged: set = set()
            for key_node, value_node in node.value:
                from_merge = id(key_node) not in explicit
                if not isinstance(key_node, yaml.ScalarNode):
                    raise fail(self.loc(key_node), "a key must be a plain name",
                               format_path(path))
                key = self.loader.construct_object(key_node)
                if not isinstance(key, str):
                    raise fail(self.loc(key_node),
                               f"key '{key_node.value}' must be a name, not "
                               f"{_KINDS.get(type(key), 'a ' + type(key).__name__)}",
                               format_path(path),
                               hint="quote it if it is meant as a name")
                if key in result and key in merged:
                    # YAML: a key given explicitly overrides what a merge
                    # brought in, and of merged ones the later wins.
                    result.pop(key)
                    merged.discard(key)
                elif key in result:
                    first = self.keys[path + (key,)]
                    self.duplicates.extend(fail(
                        self.loc(key_node), f"duplicate key '{key}'",
                        format_path(path),
                        hint=f"first given at line {first[0]}").diagnostics)
                    # Its value is still read, for the duplicates in it;
                    # the document is refused anyway.
                    self.convert(value_node, path + (key,), depth + 1)
                    continue
                here = (used or merge_at) if from_merge or used else None
                self.keys[path + (key,)] = here or _mark(key_node)
                if from_merge:
                    merged.add(key)
                result[key] = self.convert(value_node, path + (key,), depth + 1, here)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,), depth + 1, used)
                    for i, item in enumerate(node.value)]
        try:
            value = self.loader.construct_object(node)
        except yaml.constructor.ConstructorError as e:
            raise fail(self.loc(node), str(e.problem), format_path(path))
        self.number(node, value, path)
        return value


def _nesting(text: str, display: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH from the parser's events, before
    the composer (which recurses, node by node) sees it."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                m = event.start_mark
                raise fail(Location(display, m.line + 1, m.column + 1),
                           f"the document nests more than {MAX_DEPTH} levels deep: "
                           "not a system description")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def display_path(path: Path, root: Path | None) -> str:
    """Show paths relative to `root` (the repository) when inside it, so
    messages and generated banners do not depend on where it is checked out."""
    resolved = path.resolve()
    if root is not None:
        try:
            return resolved.relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def load(path: Path, root: Path | None = None) -> Document:
    display = display_path(path, root)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise fail(Location(display), f"cannot read: {e.strerror}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise fail(Location(display, line, col),
                   f"not UTF-8 text: byte {raw[e.start]:#04x} ({e.reason})")
    loader = None
    try:
        bom = text.find("\ufeff", 1)
        if bom > 0:
            line = text.count("\n", 0, bom) + 1
            raise fail(Location(display, line, bom - (text.rfind("\n", 0, bom) + 1) + 1),
                       "an invisible byte-order mark (U+FEFF) in the middle of the file",
                       hint="delete it: it belongs, if anywhere, at the very start")
        _nesting(text, display)
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            raise fail(Location(display, 1, 1), "the file is empty")
        conv = _Converter(loader, display)
        data = conv.convert(node, (), 0)
        if conv.duplicates:
            raise UserError(conv.duplicates)
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        col = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        raise fail(Location(display, line, col),
                   f"YAML: character {e.character!r} is not allowed")
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = e.problem or e.context or "YAML syntax error"
        raise fail(Location(display, line, col), f"YAML: {problem}")
    except yaml.YAMLError as e:
        raise fail(Location(display, 1, 1), f"YAML: {e}")
    finally:
        if loader is not None:
            loader.dispose()
    return Document(path=path, display=display,
                    sha256=hashlib.sha256(raw).hexdigest(), data=data,
                    _value_marks=conv.values, _key_marks=conv.keys)
