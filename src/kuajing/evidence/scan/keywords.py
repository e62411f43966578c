"""The pattern matcher for words, labels and rare anchors (not for digit tokens, see ``tokens``),
and the context words the token recognizers consult.

One database holds every ``PatternRecognizer`` pattern. It runs on UTF-8 bytes of decoded text.
With hyperscan installed (the default on x86-64) the whole set is one linear-time pass;
otherwise the same patterns run with Python ``re`` (slower, same results). All patterns are in
the common subset of both engines (no look-around or back-references) and end in a fixed
character, so each occurrence is reported once.

``CONTEXT`` groups are context words that token recognizers consult: a required word before a
candidate (``taiwan_permit``) or a word that rejects one (``order_id``, ``version``,
``device_or_licence`` before it, ``amount`` after it). They are looked for only just before (or
after) each candidate, by the compiled token pass (``kernel.context``), not in the whole text.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
from dataclasses import dataclass
from pathlib import Path


__all__ = ["CONTEXT", "Hit", "KeywordMatcher", "hyperscan_available"]

CONTEXT: dict[str, tuple[str, ...]] = {
    "taiwan_permit": ("台胞证", "台湾居民来往大陆通行证", "通行证号", "MTP"),
    "order_id": ("订单", "单号", "流水号", "交易号", "运单", "快递", "order", "txn", "transaction",
                 "tracking", "trade_no", "serial", "invoice", "发票", "trace"),
    "version": ("version", "ver", "版本", "build", "release", "firmware", "固件"),
    # 15-digit numbers that are no person's: device identities (IMEI: TAC + serial + Luhn digit)
    # and old business-licence registration numbers (a region code, then digits a date may hide in)
    "device_or_licence": ("imei", "meid", "esn", "串号", "设备", "device", "营业执照", "注册号",
                          "licence", "license"),
    # read right *after* a number (``negative_after``, no byte between): a currency unit makes it
    # an amount (``营业收入13812345678元``), not an identifier. Not 万 nor 圆 alone, nor "yuan":
    # they are also names (``13812345678万先生``, ``圆圆``, ``Yuan Li``)
    "amount": ("元", "块", "万元", "亿元", "人民币", "美元", "港币", "港元", "欧元", "日元", "rmb", "cny",
               "usd"),
}

try:  # pragma: no cover - depends on the platform
    import hyperscan as _hs
except Exception:  # noqa: BLE001 - any import problem means: use the re engine
    _hs = None


def hyperscan_available() -> bool:
    return _hs is not None


@dataclass(frozen=True)
class _Entry:
    owner: object          # a PatternRecognizer
    pattern: bytes
    caseless: bool
    literal_len: int       # byte length when the pattern is a plain literal, else -1


@dataclass(frozen=True)
class Hit:
    owner: object
    start: int             # -1 when the pattern is not a literal (recognizer finds the start)
    end: int


def _literal_len(pattern: bytes) -> int:
    """Byte length of the text a pattern matches when it is a literal (``\\b`` allowed), else -1."""
    core = pattern
    if core.startswith(rb"\b"):
        core = core[2:]
    if core.endswith(rb"\b"):
        core = core[:-2]
    core = re.sub(rb"\\([^A-Za-z0-9])", rb"\1", core)
    return -1 if re.search(rb"[\\\[\](){}|?*+.^$]", core) else len(core)


#: compiled databases of this process, by the digest of what they were compiled from
_DATABASES: dict[str, object] = {}
_CACHE_DIR = Path(__file__).resolve().parent / "__pycache__"


def _host() -> bytes:
    """What a compiled database depends on besides its patterns: hyperscan and the CPU."""
    flags = b""
    try:
        with open("/proc/cpuinfo", "rb") as fh:
            flags = next((line for line in fh if line.startswith(b"flags")), b"")
    except OSError:
        pass
    return f"{_hs.__version__}|{platform.machine()}|{platform.processor()}|".encode() + flags


def _database(patterns: list[bytes], flags: list[int]):
    """The hyperscan database of these patterns: compiled once per process, and kept in
    ``__pycache__`` beside the module like compiled Python (it holds the patterns only), so a
    new process loads it in microseconds instead of compiling it (about 70 ms). A file that does
    not load (damaged, another hyperscan) is compiled again and replaced."""
    digest = hashlib.sha256(_host())
    for p, f in zip(patterns, flags):
        digest.update(len(p).to_bytes(4, "big") + p + f.to_bytes(4, "big"))
    key = digest.hexdigest()
    db = _DATABASES.get(key)
    if db is not None:
        return db
    path = _CACHE_DIR / f"keywords-{key[:24]}.hsdb"
    try:
        db = _hs.loadb(path.read_bytes(), _hs.HS_MODE_BLOCK)
    except Exception:  # noqa: BLE001 - missing, damaged or foreign: compile
        db = _hs.Database()
        db.compile(expressions=patterns, ids=list(range(len(patterns))), elements=len(patterns),
                   flags=flags)
        try:
            _CACHE_DIR.mkdir(exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(_hs.dumpb(db))
            os.replace(tmp, path)
        except OSError:
            pass
    _DATABASES[key] = db
    return db


class KeywordMatcher:
    """Compile once per process; ``scan(data)`` returns the recognizer hits."""

    def __init__(self, recognizers, engine: str | None = None) -> None:
        entries: list[_Entry] = []
        for rec in recognizers:
            for p in rec.pattern_list():
                entries.append(_Entry(rec, p, rec.caseless, _literal_len(p)))
        self.entries = entries
        self.engine = engine or ("hyperscan" if _hs is not None else "re")
        if self.engine == "hyperscan":
            if _hs is None:
                raise RuntimeError("hyperscan is not installed")
            self._db = _database([e.pattern for e in entries],
                                 [(_hs.HS_FLAG_CASELESS if e.caseless else 0) for e in entries])
            self._scratch = _hs.Scratch(self._db)
        else:
            self._res = [re.compile(e.pattern, re.IGNORECASE if e.caseless else 0) for e in entries]

    def __getstate__(self):  # a compiled database is rebuilt in each worker process
        raise TypeError("KeywordMatcher is built per process")

    def scan(self, data: bytes) -> list[Hit]:
        raw: list[tuple[int, int]] = []
        if self.engine == "hyperscan":
            append = raw.append

            def on_match(eid, _start, end, _flags, _ctx):
                append((eid, end))

            self._db.scan(data, match_event_handler=on_match, scratch=self._scratch)
        else:
            for eid, rx in enumerate(self._res):
                raw.extend((eid, m.end()) for m in rx.finditer(data))
        entries = self.entries
        hits = []
        for eid, end in raw:
            e = entries[eid]
            hits.append(Hit(e.owner, end - e.literal_len if e.literal_len >= 0 else -1, end))
        return hits
