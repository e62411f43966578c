"""The strongSwan settings syntax shared by ``swanctl.conf`` and ``strongswan.conf``.

Follows strongSwan's own lexer and grammar (``settings_lexer.l``, ``settings_parser.y``)::

    name { ... }            a section (the brace may be on the next line)
    key = value words       a setting; the value runs to the end of the line, '#' or '}'
    key = "quoted\\n value"  quoted values may use escapes and span lines
    include path/*.conf     other files, relative to the including file, glob patterns allowed

Errors name the file, line and column. An ``include`` that matches no file is not an error (as
in strongSwan); it is returned as a note so the audit can say what it could not read.
"""

from __future__ import annotations

import glob as _glob
from dataclasses import dataclass, field
from pathlib import Path

from ._source import error, read_text
from .facts import Pos

__all__ = ["Setting", "Section", "parse_settings", "parse_settings_text"]

MAX_INCLUDE_DEPTH = 10
MAX_NESTING = 50
_NAME_STOP = set('#{}="\n\t\r ')
_VALUE_STOP = set('#}"\n\t\r ')


@dataclass
class Setting:
    key: str
    value: str
    pos: Pos
    parts: list[tuple[str, Pos, bool]] = field(default_factory=list)  # (text, start, quoted)

    def offset_pos(self, offset: int) -> Pos:
        """The position of character ``offset`` of the joined value."""
        at = 0
        for text, start, quoted in self.parts:
            if offset <= at + len(text):
                shift = (1 if quoted else 0) + max(offset - at, 0)
                return Pos(start.file, start.line, start.column + shift)
            at += len(text) + 1
        return self.parts[0][1] if self.parts else self.pos


@dataclass
class Section:
    name: str
    pos: Pos
    settings: list[Setting] = field(default_factory=list)
    sections: list["Section"] = field(default_factory=list)
    refs: list[tuple[str, Pos]] = field(default_factory=list)  # "name : other.section {" templates

    def get(self, key: str) -> Setting | None:
        """The last value of ``key`` (later settings override earlier ones, as in strongSwan)."""
        found = None
        for s in self.settings:
            if s.key == key:
                found = s
        return found

    def children(self, name: str | None = None) -> list["Section"]:
        return [s for s in self.sections if name is None or s.name == name]


@dataclass
class _Result:
    root: Section
    notes: list[tuple[str, Pos]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


class _Scanner:
    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.i = 0
        self.line = 1
        self.col = 1

    def pos(self) -> Pos:
        return Pos(self.file, self.line, self.col)

    def peek(self) -> str:
        return self.text[self.i] if self.i < len(self.text) else ""

    def advance(self) -> str:
        ch = self.text[self.i]
        self.i += 1
        if ch == "\n":
            self.line += 1
            self.col = 1
        else:
            self.col += 1
        return ch

    def skip_blanks(self) -> None:
        while self.peek() in ("\t", " ", "\r") and self.peek():
            self.advance()

    def skip_comment(self) -> None:
        while self.peek() and self.peek() != "\n":
            self.advance()

    def token(self) -> tuple[str, str, Pos]:
        """Next token in the normal state: ('{'|'}'|'='|'nl'|'name'|'include'|'eof', text, pos)."""
        while True:
            self.skip_blanks()
            ch = self.peek()
            if ch == "#":
                self.skip_comment()
                continue
            pos = self.pos()
            if not ch:
                return "eof", "", pos
            if ch == "\n":
                self.advance()
                return "nl", "\n", pos
            if ch in "{}=":
                self.advance()
                return ch, ch, pos
            if ch == '"':
                raise error(pos, "unexpected quoted string", expected="a name, '{', '}' or '='",
                            found='"', hint="quotes are allowed in values only (after '=')")
            start = self.i
            while self.peek() and self.peek() not in _NAME_STOP:
                self.advance()
            word = self.text[start:self.i]
            if word == "include" and self.peek() in ("\t", " "):
                j = self.i
                while j < len(self.text) and self.text[j] in "\t ":
                    j += 1
                if j < len(self.text) and self.text[j] not in "=\n#":
                    self.skip_blanks()
                    return "include", self.include_pattern(pos), pos
            return "name", word, pos

    def include_pattern(self, pos: Pos) -> str:
        out = []
        while True:
            ch = self.peek()
            if not ch or ch in "#}\n\t ":
                break
            if ch == '"':
                self.advance()
                out.append(self.string(pos))
                break
            if ch == "\\" and self.i + 1 < len(self.text) and self.text[self.i + 1] in '"#} ':
                self.advance()
            out.append(self.advance())
        if not out:
            raise error(pos, "include without a file pattern", expected="include <path or glob>")
        return "".join(out)

    def string(self, start: Pos) -> str:
        out = []
        escapes = {"n": "\n", "r": "\r", "t": "\t"}
        while True:
            ch = self.peek()
            if not ch:
                raise error(start, "unterminated quoted string", expected='a closing "',
                            found="end of file")
            self.advance()
            if ch == '"':
                return "".join(out)
            if ch == "\r":
                continue
            if ch == "\\":
                nxt = self.peek()
                if not nxt:
                    raise error(start, "unterminated quoted string", expected='a closing "',
                                found="end of file")
                self.advance()
                if nxt == "\n":
                    continue
                out.append(escapes.get(nxt, nxt))
                continue
            out.append(ch)

    def value(self) -> list[tuple[str, Pos, bool]]:
        parts: list[tuple[str, Pos, bool]] = []
        while True:
            self.skip_blanks()
            ch = self.peek()
            if not ch or ch in "#}\n":
                return parts
            pos = self.pos()
            if ch == '"':
                self.advance()
                parts.append((self.string(pos), pos, True))
                continue
            start = self.i
            while self.peek() and self.peek() not in _VALUE_STOP:
                self.advance()
            parts.append((self.text[start:self.i], pos, False))


class _Parser:
    def __init__(self, result: _Result, follow_includes: bool = True) -> None:
        self.result = result
        self.follow = follow_includes
        self.seen: list[str] = []

    def parse_file(self, path: Path, into: Section, depth: int, text: str | None = None) -> None:
        file = str(path)
        if text is None:
            text = read_text(path)
        self.result.files.append(file)
        self.seen.append(file)
        scanner = _Scanner(text, file)
        self.statements(scanner, into, path, depth, top=True)
        self.seen.pop()

    def statements(self, sc: _Scanner, section: Section, path: Path, depth: int, top: bool,
                   nest: int = 0) -> None:
        while True:
            kind, text, pos = sc.token()
            if kind == "nl":
                continue
            if kind == "eof":
                if not top:
                    raise error(section.pos, f"section '{section.name}' is not closed",
                                expected="a '}' closing it", found=f"end of file at {pos}")
                return
            if kind == "}":
                if top:
                    raise error(pos, "unexpected '}'", expected="a setting or a section",
                                found="'}' with no open section")
                return
            if kind == "include":
                self.include(text, pos, section, path, depth)
                continue
            if kind in ("{", "="):
                raise error(pos, f"unexpected '{kind}'", expected="a name before it", found=kind)
            name, name_pos = text, pos
            kind, text, pos = sc.token()
            refs: list[tuple[str, Pos]] = []
            if kind == "name" and text.startswith(":"):
                while kind == "name":
                    for ref in text.lstrip(":").split(","):
                        if ref:
                            refs.append((ref, Pos(pos.file, pos.line, pos.column)))
                    kind, text, pos = sc.token()
                if kind != "{" or not refs:
                    raise error(pos, f"expected '{{' after the references of section '{name}'",
                                expected="name : other.section {", found=text or kind)
            while kind == "nl":
                kind, text, pos = sc.token()
                if kind not in ("nl", "{"):
                    raise error(name_pos, f"'{name}' is neither a setting nor a section",
                                expected="'name = value' or 'name {'", found=name)
            if kind == "=":
                parts = sc.value()
                value = " ".join(p[0] for p in parts)
                section.settings.append(Setting(name, value, name_pos, parts))
            elif kind == "{":
                if nest >= MAX_NESTING:
                    raise error(name_pos, "sections nested too deeply",
                                expected=f"at most {MAX_NESTING} levels", found=name)
                child = Section(name, name_pos, refs=refs)
                self.statements(sc, child, path, depth, top=False, nest=nest + 1)
                section.sections.append(child)
            else:
                raise error(pos, f"expected '=' or '{{' after '{name}'",
                            expected="'name = value' or 'name {'", found=text or kind)

    def include(self, pattern: str, pos: Pos, section: Section, path: Path, depth: int) -> None:
        if depth >= MAX_INCLUDE_DEPTH:
            raise error(pos, "includes nested too deeply (a loop?)",
                        expected=f"at most {MAX_INCLUDE_DEPTH} levels", found=pattern)
        if not self.follow:
            self.result.notes.append((f"include '{pattern}' not followed", pos))
            return
        base = Path(pattern) if Path(pattern).is_absolute() else path.parent / pattern
        try:
            matches = sorted(_glob.glob(str(base)))
        except (OSError, ValueError):
            matches = []
        matches = [m for m in matches if Path(m).is_file()]
        if not matches:
            self.result.notes.append((f"include '{pattern}' matched no file; its settings were not read",
                                      pos))
            return
        for m in matches:
            if m in self.seen:
                raise error(pos, "include loop", expected="each file included once along a path",
                            found=m)
            self.parse_file(Path(m), section, depth + 1)


def parse_settings(path: Path) -> _Result:
    """Parse a settings file and everything it includes."""
    result = _Result(Section("", Pos(str(path), 1, 1)))
    _Parser(result).parse_file(path, result.root, 0)
    _resolve_refs(result.root, result.root, 0)
    return result


def _find(root: Section, dotted: str) -> Section | None:
    """A section by its dotted path from the root (section names may hold dots themselves)."""
    if not dotted:
        return root
    for child in root.sections:
        if dotted == child.name:
            return child
        if dotted.startswith(child.name + "."):
            found = _find(child, dotted[len(child.name) + 1:])
            if found is not None:
                return found
    return None


def _resolve_refs(root: Section, section: Section, depth: int) -> None:
    """Give each ``name : ref {`` section the settings and subsections of its references first."""
    for child in section.sections:
        _resolve_refs(root, child, depth)
    if not section.refs:
        return
    if depth > 20:
        raise error(section.pos, "section references nested too deeply (a loop?)")
    inherited_settings: list[Setting] = []
    inherited_sections: list[Section] = []
    for ref, pos in section.refs:
        target = _find(root, ref)
        if target is None or target is section:
            raise error(pos, f"section '{section.name}' refers to an unknown section '{ref}'",
                        expected="the dotted path of a section, e.g. connections.base", found=ref)
        _resolve_refs(root, target, depth + 1)
        inherited_settings += target.settings
        inherited_sections += target.sections
    section.settings[:0] = inherited_settings
    section.sections[:0] = inherited_sections
    section.refs = []


def parse_settings_text(text: str, file: str = "<string>", *, follow_includes: bool = False) -> _Result:
    """Parse settings from text; includes are resolved relative to ``file`` only when asked."""
    from ._source import check_text

    result = _Result(Section("", Pos(file, 1, 1)))
    _Parser(result, follow_includes).parse_file(Path(file), result.root, 0, text=check_text(text, file))
    _resolve_refs(result.root, result.root, 0)
    return result
