"""Read a profile file strictly: positions for every field, pointed errors, no tracebacks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, Location
from ..validation import validate_document
from ..yamlsource import Document, format_path, load_yaml, parse_yaml
from .profile import Profile

__all__ = ["LoadedProfile", "load_profile", "profile_from_data"]


@dataclass
class LoadedProfile:
    """A validated profile with the document it came from (for provenance) and its folder."""

    profile: Profile
    doc: Document
    base_dir: Path

    def source(self, path: tuple) -> str:
        """``file:line`` of a field (or its nearest declared parent)."""
        loc = self.doc.location(path)
        return f"{loc.file}:{loc.line}" if loc.line else loc.file

    def declared(self, path: tuple) -> bool:
        return tuple(path) in self.doc.positions


def load_profile(path: str | Path) -> LoadedProfile:
    """Load and validate a profile file (YAML or JSON)."""
    p = Path(path)
    doc = load_yaml(p)
    return _validate(doc, p.parent)


def profile_from_data(data: Any, file: str = "<case>", base_dir: Path | None = None) -> LoadedProfile:
    """Validate an in-memory profile (used by scenario cases); positions come from a YAML dump."""
    import yaml

    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    doc = parse_yaml(text, file)
    return _validate(doc, base_dir or Path("."))


def _validate(doc: Document, base_dir: Path) -> LoadedProfile:
    if not isinstance(doc.data, dict):
        raise InputError(
            "a profile must be a mapping with keys such as kuajing, actor, channels",
            location=doc.location(()),
            expected="a YAML/JSON mapping",
            found=type(doc.data).__name__ if doc.data is not None else "an empty file",
        )
    if "kuajing" not in doc.data:
        raise InputError(
            "this file has no format version",
            location=doc.location(()),
            path="kuajing",
            expected="a first line 'kuajing: 1'",
            found="no 'kuajing' key",
            hint="add 'kuajing: 1' at the top of the profile",
        )
    profile = validate_document(Profile, doc)
    return LoadedProfile(profile=profile, doc=doc, base_dir=base_dir)


def resolve_as_of(loaded: LoadedProfile, override: dt.date | None, today: dt.date) -> dt.date:
    """The as-of date: the command line wins, then the profile, then today."""
    return override or loaded.profile.as_of or today


__all__.append("resolve_as_of")
__all__.append("format_path")
__all__.append("Location")
