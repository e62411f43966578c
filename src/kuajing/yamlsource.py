"""Strict YAML (and JSON) reading that remembers where every value came from.

PyYAML composes the node tree; we build plain Python values from it ourselves so that we can
refuse duplicate keys and record the line and column of every key and item. Booleans follow
YAML 1.2 (only ``true``/``false``): ``no`` stays the string "no", so a country code such as
``NO`` is never read as False.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Location

__all__ = ["Document", "load_yaml", "parse_yaml", "format_path"]


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml's parser when PyYAML has it


class _Loader(_BASE):
    """SafeLoader (libyaml's when available) with YAML 1.2 booleans."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


#: Characters outside YAML's printable set (YAML 1.2 §5.1), found before parsing so that the
#: error can give line and column whichever parser (libyaml or pure Python) reads the text.
_NOT_YAML_TEXT = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

PathKey = tuple[str | int, ...]


@dataclass
class Document:
    """A loaded YAML/JSON document: its data and the position of every key and list item."""

    file: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def location(self, path: PathKey) -> Location:
        """The nearest known position for ``path`` (falls back to its parents)."""
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                line, col = self.positions[probe]
                return Location(self.file, line, col)
            probe = probe[:-1]
        line, col = self.positions.get((), (1, 1))
        return Location(self.file, line, col)


def format_path(path: PathKey) -> str:
    """``("channels", 0, "kind")`` → ``channels[0].kind``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def load_yaml(path: str | Path) -> Document:
    """Read a YAML or JSON file strictly. Raises InputError with file, line and column."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", location=Location(str(p)), hint="check the path") from None
    except IsADirectoryError:
        raise InputError("expected a file, found a directory", location=Location(str(p))) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", location=Location(str(p))) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            "file is not valid UTF-8",
            location=Location(str(p), line, None),
            expected="UTF-8 text",
            found=f"byte 0x{raw[exc.start]:02x} at offset {exc.start}",
        ) from None
    return parse_yaml(text, str(p))


def parse_yaml(text: str, file: str = "<string>") -> Document:
    """Parse YAML/JSON text strictly into a Document."""
    bad = _NOT_YAML_TEXT.search(text)
    if bad:
        pos = bad.start()
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        raise InputError("the file contains a character YAML does not allow",
                         location=Location(file, line, col), expected="printable text",
                         found=f"character U+{ord(bad.group()):04X}")
    loader = _Loader(text)
    try:
        node = _compose(loader, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        problem = exc.problem or exc.context
        if problem and "nesting depth" in problem:   # libyaml's limit
            raise InputError("the document is nested too deeply", location=loc,
                             expected="a profile a few levels deep") from None
        raise InputError(f"not valid YAML/JSON: {problem}", location=loc) from None
    except yaml.reader.ReaderError as exc:
        raise InputError("the file contains a character YAML does not allow", location=Location(file),
                         expected="printable text", found=f"character U+{exc.character:04X}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML/JSON: {exc}", location=Location(file)) from None
    finally:
        loader.dispose()
    doc = Document(file=file, data=None)
    if node is None:
        doc.data = None
        return doc
    doc.positions[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
    try:
        doc.data = _build(node, (), doc, loader)
    except RecursionError:
        raise InputError("the document is nested too deeply", location=Location(file, 1, 1),
                         expected="a profile a few levels deep") from None
    return doc


def _compose(loader: _Loader, file: str):
    try:
        return loader.get_single_node()
    except RecursionError:
        raise InputError("the document is nested too deeply", location=Location(file, 1, 1),
                         expected="a profile a few levels deep") from None


def _build(node: yaml.Node, path: PathKey, doc: Document, loader: _Loader) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise InputError(
                    "YAML merge keys (<<) are not supported",
                    location=Location(file=doc.file, line=key_node.start_mark.line + 1,
                                      column=key_node.start_mark.column + 1),
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(
                    "a key must be a plain name",
                    location=_mark(doc, key_node),
                    path=format_path(path),
                    found="a list or mapping used as a key",
                )
            key = str(key_node.value)
            kpath = path + (key,)
            if key in result:
                first = doc.positions.get(kpath)
                raise InputError(
                    f"duplicate key '{key}'",
                    location=_mark(doc, key_node),
                    path=format_path(kpath),
                    expected="each key once per mapping",
                    found=f"'{key}' again (first at line {first[0]})" if first else f"'{key}' again",
                )
            doc.positions[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(value_node, kpath, doc, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            ipath = path + (i,)
            doc.positions[ipath] = (item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(_build(item, ipath, doc, loader))
        return items
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, ValueError) as exc:
        raise InputError(
            f"cannot read this value: {getattr(exc, 'problem', exc)}",
            location=_mark(doc, node),
            path=format_path(path),
        ) from None


def _mark(doc: Document, node: yaml.Node) -> Location:
    return Location(doc.file, node.start_mark.line + 1, node.start_mark.column + 1)
