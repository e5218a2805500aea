# SPDX-License-Identifier: Apache-2.0
"""Load a YAML file keeping the line and column of every key and value.

The result is plain data (dicts, lists, scalars) for schema validation and
model building, plus a map from document paths such as
('schedule', 'plans', 'normal', 'cpu0', 2) to positions, so any later
check can say exactly where in the file the problem is.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diag import Location, UserError, fail

PathT = tuple  # of str keys and int indexes

# Deeper than this is not a system description (and guards against
# recursive aliases).
MAX_DEPTH = 32


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
        # Every key given twice: all are reported, not just the first.
        self.duplicates: list = []

    def loc(self, node: yaml.Node) -> Location:
        line, col = _mark(node)
        return Location(self.display, line, col)

    def convert(self, node: yaml.Node, path: PathT, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise fail(self.loc(node), "the document nests too deeply",
                       format_path(path))
        self.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)
            result: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise fail(self.loc(key_node), "a key must be a plain name",
                               format_path(path))
                key = self.loader.construct_object(key_node)
                if not isinstance(key, str):
                    raise fail(self.loc(key_node),
                               f"key {key!r} must be a name, not a "
                               f"{type(key).__name__}", format_path(path),
                               hint="quote it if it is meant as a name")
                if key in result:
                    first = self.keys[path + (key,)]
                    self.duplicates.extend(fail(
                        self.loc(key_node), f"duplicate key '{key}'",
                        format_path(path),
                        hint=f"first given at line {first[0]}").diagnostics)
                    # Its value is still read, for the duplicates in it;
                    # the document is refused anyway.
                    self.convert(value_node, path + (key,), depth + 1)
                    continue
                self.keys[path + (key,)] = _mark(key_node)
                result[key] = self.convert(value_node, path + (key,), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,), depth + 1)
                    for i, item in enumerate(node.value)]
        try:
            return self.loader.construct_object(node)
        except yaml.constructor.ConstructorError as e:
            raise fail(self.loc(node), str(e.problem), format_path(path))


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
        raise fail(Location(display, 1, 1), f"not UTF-8 text ({e.reason})")
    loader = None
    try:
        loader = yaml.SafeLoader(text)
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
