"""The recognizer base classes.

A recognizer is a small declarative class: the entity it finds, its PIPL category, the legal
basis, how candidates are found (digit-token shapes, a hyperscan-compatible pattern, or field
names of structured data), how a candidate is validated and normalised, how strongly it identifies
a person (``rank``, used to link identifiers of one record to one data subject) and how it is
masked. Class-level tuples are never mutated.

Candidates are found in UTF-8 bytes of the *decoded* text (never in raw bytes of a multi-byte
source encoding); ``validate`` receives the candidate as ``str``.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import ClassVar

import numpy as np

from ..count import uniq
from ..model import Category, Validation

__all__ = ["Recognizer", "TokenRecognizer", "PatternRecognizer", "FieldRecognizer"]


class Recognizer(ABC):
    """Common class data of every recognizer (subclasses set them; never mutate them)."""

    #: Entity type name used in reports (snake case, stable).
    entity: ClassVar[str]
    #: PIPL category of the entity itself.
    category: ClassVar[Category]
    #: Legal basis and issuing authority, one line (also in the docstring).
    legal_basis: ClassVar[str]
    #: How strongly the entity identifies one person: 0 = not an identifier (never a subject key);
    #: higher ranks win when one record holds several identifiers.
    rank: ClassVar[int] = 0
    #: Characters kept visible by the mask, at the start and at the end of the normalised value.
    mask_keep: ClassVar[tuple[int, int]] = (0, 0)
    #: Set on a class that overrides ``mask``: the name of its compiled form (``kernel.masks``);
    #: the base ``mask`` needs none. Without it, an overriding ``mask`` runs in Python.
    kernel_mask: ClassVar[str | None] = None
    #: When two valid candidates overlap, the higher priority wins.
    priority: ClassVar[int] = 0
    #: How the entity is found in text: ``pattern`` (format and checks), ``label`` (after a label
    #: such as ``姓名：``) or ``context_word`` (a word naming the information).
    evidence: ClassVar[str] = "pattern"
    #: Field (column / key) names, lower-case, that mark a structured value as this entity.
    field_names: ClassVar[tuple[str, ...]] = ()

    def normalize(self, raw: str) -> str:
        """The canonical form used for hashing (e.g. digits only, upper-case check character)."""
        return raw

    def mask(self, normalized: str) -> str:
        from ..mask import mask_keep

        first, last = self.mask_keep
        return mask_keep(normalized, first, last)


class TokenRecognizer(Recognizer):
    """Finds candidates among digit-token shapes (see ``tokens.SHAPES``) and validates them."""

    #: Names of the token shapes that produce candidates for this recognizer.
    shapes: ClassVar[tuple[str, ...]]
    #: Context-word groups (``keywords.CONTEXT``) one of which must end within ``context_window``
    #: bytes before the candidate; empty = no context needed.
    #: Name of the compiled form of ``validate`` (``kernel.checks.CHECKS``); None: ``validate``
    #: runs in Python, once per distinct value of a segment.
    kernel_check: ClassVar[str | None] = None
    #: Name of the compiled form of ``normalize`` (``kernel.checks.NORMAL_FORMS``), used to key
    #: and hash identifiers without Python; None: ``normalize`` runs in Python.
    kernel_normal_form: ClassVar[str | None] = None
    requires_context: ClassVar[tuple[str, ...]] = ()
    #: Context-word groups that, ending within ``context_window`` bytes before it, reject a candidate.
    negative_context: ClassVar[tuple[str, ...]] = ()
    context_window: ClassVar[int] = 24
    #: Context-word groups that, starting within ``after_window`` bytes after it (0: right after
    #: it), reject a candidate (``amount``: a currency unit glued to a number makes it a sum).
    negative_after: ClassVar[tuple[str, ...]] = ()
    after_window: ClassVar[int] = 0

    @abstractmethod
    def validate(self, value: str, on: dt.date) -> Validation:
        """Validate one candidate (already cut at its token boundaries)."""

    def kernel_table(self) -> np.ndarray | None:
        """A lookup table the compiled check reads (e.g. allocated number segments), or None."""
        return None

    def validate_batch(self, a: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                       on: dt.date) -> np.ndarray:
        """Validate many candidates of the uint8 buffer ``a``; default: the scalar check per item.

        Recognizers that see many candidates override this with a vectorised form that must agree
        with ``validate`` (the tests check it).
        """
        out = np.zeros(len(starts), dtype=bool)
        widths = ends - starts
        for w in uniq(widths).tolist():   # each distinct value is validated once
            sel = np.flatnonzero(widths == w)
            raw = a[starts[sel][:, None] + np.arange(w)].view(np.dtype(f"S{w}")).reshape(len(sel))
            distinct, inv = np.unique(raw, return_inverse=True)
            ok = np.array([self.validate(v.decode("utf-8", "replace"), on) is Validation.VALID
                           for v in distinct.tolist()], dtype=bool)
            out[sel] = ok[inv.reshape(-1)]
        return out


class PatternRecognizer(Recognizer):
    """Finds candidates with patterns run by the keyword matcher (hyperscan, or ``re``).

    ``patterns`` are byte regexes in the common subset of hyperscan and Python ``re`` (no
    look-around, no back-references), so matching is linear-time: that is the regex timeout.
    ``extract`` turns a hit (its end offset) into the value span, or None to drop it.
    """

    patterns: ClassVar[tuple[bytes, ...]] = ()
    caseless: ClassVar[bool] = False

    def pattern_list(self) -> tuple[bytes, ...]:
        """The patterns to compile (subclasses may build them from their word lists)."""
        return self.patterns

    @abstractmethod
    def extract(self, data: bytes, start: int, end: int) -> tuple[int, int] | None:
        """Given the bytes and one pattern hit, return the (start, end) of the value or None."""

    @abstractmethod
    def validate(self, value: str, on: dt.date) -> Validation:
        """Validate the extracted value."""


class FieldRecognizer(Recognizer):
    """Recognises values by the name of their field (column, JSON key) in structured data."""

    def validate(self, value: str, on: dt.date) -> Validation:
        return Validation.NOT_CHECKED if value.strip() else Validation.INVALID

    def cell_ok(self, value: str) -> bool:
        """Whether a cell of a column named for this recognizer (stripped, not empty) is one of
        its values; names refine this (``PersonName.cell_ok``)."""
        return bool(value)
