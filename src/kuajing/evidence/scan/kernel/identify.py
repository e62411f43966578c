"""From candidates to hash ids: normalise, look up the distinct table, hash new values (numba).

For every candidate of a recognizer with a compiled normal form, the normalised value is
written next to its entity name (``entity NUL value``, the HMAC message), keyed and looked up;
a value not met before in this process gets the next hash id, and its message is kept for the
batch HMAC. Python touches no candidate; it hashes only the new distinct values, in one call.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .checks import NORMAL_FORMS, birth_ymd, normal_bytes
from .distinct import DistinctTable, lookup_insert, value_key

__all__ = ["Identifier"]


@njit(cache=True, _nrt=False)
def identify(a, S, E, R, slot_form, slot_ent, slot_hashed, slot_birth, prefix_buf, prefix_off, born_after,
             slots, salt, next_id, msg, new_off, new_minor, H, keys, moff):
    """Fill ``H`` (hash id per candidate, untouched where the recognizer has no compiled normal
    form); returns the number of new values, whose messages are ``msg[new_off[i]:new_off[i+1]]``.

    Two passes: the first writes every candidate's message (at ``moff``) and key (``keys``);
    the second looks the keys up. Its loads do not depend on one another, so the processor
    overlaps the cache misses of the table (larger than the caches) instead of waiting for each
    behind the normalising; the messages of new values are then moved to the front, in order.
    """
    m = S.shape[0]
    pos = 0
    for c in range(m):
        r = R[c]
        form = slot_form[r]
        moff[c] = pos
        if form < 0:
            keys[c, 0] = 0
            continue
        p0, p1 = prefix_off[r], prefix_off[r + 1]
        for j in range(p1 - p0):
            msg[pos + j] = prefix_buf[p0 + j]
        vpos = pos + p1 - p0
        n = normal_bytes(a, S[c], E[c], form, msg, vpos)
        exact, w1, w2 = value_key(msg, vpos, n, slot_hashed[r], salt)
        keys[c, 0] = np.uint64(slot_ent[r] * 65536 + n * 2 + (0 if exact else 1) + 1)   # tag + 1
        keys[c, 1] = w1
        keys[c, 2] = w2
        pos = vpos + n
    moff[m] = pos
    fresh = 0
    out = 0
    new_off[0] = 0
    for c in range(m):
        if keys[c, 0] == 0:
            continue
        h, inserted = lookup_insert(slots, np.int64(keys[c, 0]) - 1, keys[c, 1], keys[c, 2],
                                    next_id + fresh)
        H[c] = h
        if inserted:
            s0, s1 = moff[c], moff[c + 1]
            for j in range(s1 - s0):     # out <= s0: moving left keeps what is still to read
                msg[out + j] = msg[s0 + j]
            r = R[c]
            vpos = out + prefix_off[r + 1] - prefix_off[r]
            new_minor[fresh] = slot_birth[r] >= 0 and born_after >= 0 and \
                birth_ymd(msg, vpos + slot_birth[r]) > born_after
            out += s1 - s0
            fresh += 1
            new_off[fresh] = out
    return fresh


class Identifier:
    """Per-process distinct table and the recognizers' compiled normal forms."""

    def __init__(self, recs, entities: list[str], born_after) -> None:
        n = len(recs)
        self.slot_form = np.full(n, -1, dtype=np.int64)
        self.slot_ent = np.zeros(n, dtype=np.int64)
        self.slot_hashed = np.zeros(n, dtype=np.bool_)
        self.slot_birth = np.full(n, -1, dtype=np.int64)      # where the birth date starts
        prefixes = []
        for i, rec in enumerate(recs):
            form = getattr(rec, "kernel_normal_form", None)
            prefixes.append(rec.entity.encode("utf-8") + b"\x00")
            if form is None or rec.rank <= 0:
                continue
            self.slot_form[i] = NORMAL_FORMS[form]
            self.slot_ent[i] = entities.index(rec.entity)
            self.slot_hashed[i] = form == "lower"
            digits = getattr(rec, "birth_digits", None)
            if digits is not None:
                self.slot_birth[i] = digits[0]
        self.prefix_off = np.cumsum([0] + [len(p) for p in prefixes]).astype(np.int64)
        self.prefix_buf = np.frombuffer(b"".join(prefixes), dtype=np.uint8).copy()
        self.max_prefix = max(len(p) for p in prefixes)
        self.born_after = -1 if born_after is None else \
            born_after.year * 10000 + born_after.month * 100 + born_after.day
        self.table = DistinctTable()

    @property
    def compiled_mask(self) -> np.ndarray:
        """Per recognizer: identifiers keyed and hashed by the compiled pass."""
        return self.slot_form >= 0

    def run(self, a, S, E, R, H, next_id: int):
        """Fill ``H`` for compiled candidates; returns (messages, offsets, minors) of new values."""
        m = len(S)
        t = self.table
        t.reserve(m)
        msg = np.empty(int((E - S).sum()) + m * (self.max_prefix + 4) + 1, dtype=np.uint8)
        new_off = np.empty(m + 1, dtype=np.int64)
        new_minor = np.empty(m, dtype=np.bool_)
        fresh = identify(a, S, E, R, self.slot_form, self.slot_ent, self.slot_hashed, self.slot_birth,
                         self.prefix_buf, self.prefix_off, self.born_after, t.slots, t.salt,
                         next_id, msg, new_off, new_minor, H, np.empty((m, 3), dtype=np.uint64),
                         np.empty(m + 1, dtype=np.int64))
        t.count += fresh
        return msg, new_off[:fresh + 1], new_minor[:fresh]
