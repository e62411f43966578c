"""Full-width forms read as their ASCII letters, digits and signs.

Text typed with a Chinese input method in full-width mode writes ``手机：１３８１２３４５６７８`` or
``身份证１１０１０５１９４９１２３１００２Ｘ``: the same identifiers, in the full-width forms of Unicode's
Halfwidth and Fullwidth Forms block (U+FF01–U+FF5E, each U+0021–U+007E shifted by 0xFEE0; NFKC
folds them the same way). Before matching, a segment holding any of them gets a copy in which the
forms that can belong to an identifier — the digits, the Latin letters and ``＋ － ． ＿ ＠`` — are
their ASCII characters, and so are the full-width parentheses of a telephone number's area code
or country code (``（010）62345678``, ``（＋86）``: ``（`` before ``0`` or ``+``, ``）`` after a digit,
once the forms above are folded). Other full-width punctuation (``，：``, parentheses around words)
stays: labels and value ends already know it. ``（`` before another digit stays, so that a
network in Chinese text (``网段（192.168.40.128/25）``) does not read as the address-and-port
``(203.0.113.128/25)`` of a firewall log. One character stays one character, so lines and columns (counted in
characters) do not move; offsets into the segment (row starts) are moved by the two bytes each
folded form loses in UTF-8. The compiled byte pass counts the forms
(``kernel.shapes.is_wide_form``), so a segment without them costs nothing more.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

__all__ = ["WIDE", "fold_segment", "fold_text"]

#: Code points folded: ＋ (U+FF0B), － (U+FF0D), ． (U+FF0E), ＿ (U+FF3F), the digits (U+FF10–FF19),
#: ＠ and the capital letters (U+FF20–FF3A) and the small letters (U+FF41–FF5A).
WIDE = "\uff0b\uff0d\uff0e\uff3f" + "".join(chr(c) for c in range(0xFF10, 0xFF1A)) + \
    "".join(chr(c) for c in range(0xFF20, 0xFF3B)) + "".join(chr(c) for c in range(0xFF41, 0xFF5B))
_ASCII = {ch.encode(): chr(ord(ch) - 0xFEE0).encode() for ch in WIDE}
_PATTERN = re.compile(b"|".join(re.escape(k) for k in _ASCII))
_TABLE = str.maketrans({ch: chr(ord(ch) - 0xFEE0) for ch in WIDE})
#: The parentheses of a telephone number, matched after the forms above are folded: ``（`` (U+FF08)
#: before ``0`` or ``+``, ``）`` (U+FF09) after an ASCII digit.
_PARENS = "(?:\uff08(?=[0+])|(?<=[0-9])\uff09)"
_PAREN_TEXT = re.compile(_PARENS)
_PAREN_BYTES = re.compile(_PARENS.encode())


def _paren(m) -> str:
    return "(" if m.group() == "\uff08" else ")"


def fold_text(text: str) -> str:
    """``text`` with the full-width forms of ``WIDE`` and the parentheses of telephone numbers as
    ASCII."""
    return _PAREN_TEXT.sub(_paren, text.translate(_TABLE))


def _fold(pattern: re.Pattern, replace, data: bytes, rows):
    """``data`` with the matches of ``pattern`` replaced (each 3 bytes → 1), and ``rows``
    (offsets into ``data``) moved to match."""
    at = np.array([m.start() for m in pattern.finditer(data)], dtype=np.int64)
    if not len(at):
        return data, rows
    folded = pattern.sub(replace, data)
    if rows is not None:
        rows = rows - 2 * np.searchsorted(at, rows)
    return folded, rows


def fold_segment(seg):
    """A copy of ``seg`` with the full-width forms of ``WIDE`` and the parentheses of telephone
    numbers as ASCII, and its row starts moved to match (``seg`` itself is unchanged)."""
    data, rows = _fold(_PATTERN, lambda m: _ASCII[m.group()], seg.data, seg.row_starts)
    data, rows = _fold(_PAREN_BYTES, lambda m: b"(" if m.group() == b"\xef\xbc\x88" else b")", data, rows)
    return dataclasses.replace(seg, data=data, row_starts=rows)
