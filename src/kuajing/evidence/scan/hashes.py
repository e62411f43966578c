"""The keyed hashes of the distinct identifiers met by one process, numbered 0, 1, 2…

Each hash is ``kuajing.secrets.subject_hash(key, entity, normalized)`` (32 hex characters),
kept as one row of a uint8 array, with whether its holder is a minor. Values found by the
compiled pass arrive in batches (``extend``); the few others (names, plates, IPv6) one at a time
(``add``). No raw value is kept.
"""

from __future__ import annotations

import numpy as np

from .kernel.hmac import Hasher

__all__ = ["HashStore"]


class HashStore:
    def __init__(self, key: bytes) -> None:
        self.hasher = Hasher(key)
        self._hex = np.empty((4096, 32), dtype=np.uint8)
        self._minor = np.zeros(4096, dtype=bool)
        self.count = 0
        #: (entity, hash) -> id of every value given by entity and hash (``add``, and the named values
        #: the engine hashes in batches), so that one hash keeps one id
        self.index: dict[tuple[str, str], int] = {}

    def subject_hash(self, kind: str, normalized: str) -> str:
        return self.hasher.hex_one(kind.encode("utf-8") + b"\x00" + normalized.encode("utf-8"))

    def _room(self, more: int) -> None:
        need = self.count + more
        if need > len(self._hex):
            cap = max(need, 2 * len(self._hex))
            hexes = np.empty((cap, 32), dtype=np.uint8)
            hexes[:self.count] = self._hex[:self.count]
            minor = np.zeros(cap, dtype=bool)
            minor[:self.count] = self._minor[:self.count]
            self._hex, self._minor = hexes, minor

    def extend(self, rows: np.ndarray, minors: np.ndarray) -> None:
        """Append hashes (n × 32 hex bytes) of values known to be new; their ids follow ``count``."""
        n = len(rows)
        self._room(n)
        self._hex[self.count:self.count + n] = rows
        self._minor[self.count:self.count + n] = minors
        self.count += n

    def add(self, entity: str, normalized: str, minor: bool = False) -> int:
        """The id of one value's hash, appending it if this process has not met it."""
        h = self.subject_hash(entity, normalized)
        i = self.index.get((entity, h))
        if i is None:
            i = self.index[(entity, h)] = self.count
            self.extend(np.frombuffer(h.encode("ascii"), dtype=np.uint8).reshape(1, 32),
                        np.array([minor], dtype=bool))
        return i

    @property
    def minors(self) -> np.ndarray:
        return self._minor[:self.count]

    def hex(self, i: int) -> str:
        return self._hex[i].tobytes().decode("ascii")

    def joined(self, ids: np.ndarray) -> str:
        """The hashes of ``ids``, concatenated (32 characters each)."""
        return self._hex[ids].tobytes().decode("ascii")
