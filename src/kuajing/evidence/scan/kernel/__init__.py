"""The compiled part of the scanner (numba, ``cache=True``: compiled once per installation; the
cache files under ``__pycache__`` hold machine code only, never data or keys).

Modules: ``shapes`` (digit runs and the token shapes of ``tokens.SHAPES``), ``checks`` (the
recognizers' ``validate`` and ``normalize`` in compiled form, by name), ``candidates`` (the token
pass), ``distinct`` (salted keys of distinct values), ``identify`` (candidates → hash ids),
``hmac`` (``subject_hash`` of many values at once, SHA-256 from OpenSSL), ``context`` (context
words just before a candidate), ``labels`` (values after a label: names, addresses), ``utf8``
(strict UTF-8 check), ``unionfind`` (subject links), ``radix`` (sorted distinct ids), ``masks``
(masked values for the findings file).

Each compiled function mirrors a readable reference kept beside it (``tokens.Tokens``, each
recognizer's ``validate``/``normalize``, ``kuajing.secrets.subject_hash``); ``tests/scan/
test_kernel.py`` compares them. Read-only helpers are compiled without reference counting
(``_nrt=False``): in this loop a refcounted array argument costs more than the check itself.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

_CACHED = ("*.nbi", "*.nbc", "*.hsdb")


def _drop_stale_machine_code(kernel: Path = Path(__file__).resolve().parent) -> None:
    """numba checks a cached function against its own source file only: a change in a function
    it calls from another file, or in a table it took from another module (``checksums``), would
    go unnoticed and the old machine code would run. So the scanner's cached machine code (and
    the keyword databases, ``keywords._database``) is dropped whenever any source file of the
    scanner changes (a digest kept beside the caches); the next scan compiles afresh. Nothing
    happens where ``__pycache__`` cannot be written."""
    scan = kernel.parent
    digest = hashlib.sha256()
    for path in sorted([*scan.glob("*.py"), *kernel.glob("*.py")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    stamp = kernel / "__pycache__" / "kuajing-sources.sha256"
    try:
        if stamp.read_text(encoding="ascii") == digest.hexdigest():
            return
    except OSError:
        pass
    try:
        for folder in (kernel / "__pycache__", scan / "__pycache__"):
            for pattern in _CACHED:
                for cached in folder.glob(pattern):
                    cached.unlink(missing_ok=True)
        stamp.parent.mkdir(exist_ok=True)
        stamp.write_text(digest.hexdigest(), encoding="ascii")
    except OSError:
        pass


_drop_stale_machine_code()
