"""Full-width forms read as their ASCII letters, digits and signs.

Text typed with a Chinese input method in full-width mode writes ``手机：１３８１２３４５６７８`` or
``身份证１１０１０５１９４９１２３１００２Ｘ``: the same identifiers, in the full-width forms of Unicode's
Halfwidth and Fullwidth Forms block (U+FF01–U+FF5E, each U+0021–U+007E shifted by 0xFEE0; NFKC
folds them the same way). Before matching, a segment holding any of them gets a copy in which the
forms that can belong to an identifier — the digits, the Latin letters and ``＋ － ． ＿ ＠`` — are
their ASCII characters. Other full-width punctuation (``，：（）``) stays: labels and value ends
already know it. One character stays one character, so lines and columns (counted in
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


def fold_text(text: str) -> str:
    """``text`` with the full-width forms of ``WIDE`` as ASCII."""
    return text.translate(_TABLE)


def fold_segment(seg):
    """A copy of ``seg`` with the full-width forms of ``WIDE`` as ASCII and its row starts moved
    to match (``seg`` itself is unchanged)."""
    data = seg.data
    at = np.array([m.start() for m in _PATTERN.finditer(data)], dtype=np.int64)
    folded = _PATTERN.sub(lambda m: _ASCII[m.group()], data)
    rows = seg.row_starts
    if rows is not None:
        rows = rows - 2 * np.searchsorted(at, rows)
    return dataclasses.replace(seg, data=folded, row_starts=rows)
