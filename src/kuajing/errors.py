"""The one exception hierarchy of kuajing.

Library code raises these; the command line turns them into a short message and exit code 2.
No user mistake ever reaches the user as a traceback.

    KuajingError                 base of everything kuajing raises on purpose
    ├── InputError               a file the user gave us is wrong (profile, config, log, data)
    │   └── (carries Location: file, line, column, field path, expected, found)
    ├── CorpusError              the bundled law corpus or a rule's metadata is inconsistent
    │                            (a bug in kuajing's data, reported with file, line and path)
    └── CitationError            a provision such as ``csl:21`` is not in the corpus or not in force
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KuajingError", "InputError", "CorpusError", "CitationError", "Location"]


@dataclass(frozen=True)
class Location:
    """Where in a file something is. Line and column are 1-based; either may be unknown."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class KuajingError(Exception):
    """Base class of all errors kuajing raises deliberately."""


class _PointedError(KuajingError):
    """An error that points at a spot in a file and says what was expected and found."""

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        path: str | None = None,
        expected: str | None = None,
        found: str | None = None,
        hint: str | None = None,
        problems: list["_PointedError"] | None = None,
    ) -> None:
        self.problems = problems or []
        self.message = message
        self.location = location
        self.path = path
        self.expected = expected
        self.found = found
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        head = f"{self.location}: " if self.location else ""
        parts = [head + self.message]
        if self.path:
            parts.append(f"  field: {self.path}")
        if self.expected:
            parts.append(f"  expected: {self.expected}")
        if self.found is not None:
            parts.append(f"  found: {self.found}")
        if self.hint:
            parts.append(f"  hint: {self.hint}")
        for extra in self.problems:
            parts.append(extra.render())
        return "\n".join(parts)

    def as_dict(self) -> dict:
        loc = self.location
        return {
            "error": type(self).__name__,
            "message": self.message,
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "path": self.path,
            "expected": self.expected,
            "found": self.found,
            "hint": self.hint,
        }


class InputError(_PointedError):
    """Raised when a user's file (profile, VPN config, log, dataset) cannot be read as expected.

    Several problems found in one file are reported together: ``problems`` holds the others.
    """


class CorpusError(_PointedError):
    """Raised when kuajing's own law corpus, parameters or rule metadata are inconsistent."""


class CitationError(_PointedError):
    """Raised when a provision such as ``csl:21`` is unknown, or not in force on the date asked."""
