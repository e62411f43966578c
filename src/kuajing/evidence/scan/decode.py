"""Encoding detection and chunked decoding: the scanner matches decoded text, never raw bytes.

Detection looks at the first 64 KiB: a byte-order mark (UTF-8, UTF-16, UTF-32), else NUL-byte
patterns of BOM-less UTF-16, else strict UTF-8, else strict GB18030 (a superset of GBK and
GB2312), else charset-normalizer's best guess. Undecodable bytes are replaced (U+FFFD) and the
dataset gets a note; they never reach a matcher as bytes.

Lines end in LF (or CRLF). A file whose lines end in a bare CR and none in a bare LF (classic Mac
OS; Excel's "CSV (Macintosh)", which ends rows in CR and writes LF only inside quoted cells)
ends its lines in CR: ``line_end`` says so, ranges are cut after a CR (and its LF, if one
follows), and what is decoded has every line end — CRLF, CR or LF — as one LF (``to_lines``),
after decoding, so UTF-16/32 code units are never touched.

Chunks of UTF-8 and GB18030 files are cut at newline bytes (0x0A is never part of a multi-byte
character in either encoding), so chunks can be decoded independently and in parallel and a
match never straddles two chunks. UTF-16/32 files are decoded sequentially with an incremental
decoder and cut at decoded newlines.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from .kernel.utf8 import utf8_valid

__all__ = ["detect_encoding", "splittable", "line_end", "to_lines", "plan_ranges", "read_range",
           "count_lines", "iter_decoded", "to_utf8", "looks_binary", "SAMPLE"]

SAMPLE = 64 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_SPLITTABLE = {"utf-8", "utf-8-sig", "gb18030", "ascii"}


def _strict_ok(head: bytes, encoding: str) -> bool:
    dec = codecs.getincrementaldecoder(encoding)("strict")
    try:
        dec.decode(head, final=False)
        return True
    except UnicodeDecodeError:
        return False


def looks_binary(head: bytes) -> bool:
    """NUL bytes without a UTF-16/32 shape, or many control bytes: not a text file."""
    if not head:
        return False
    if any(head.startswith(b) for b, _ in _BOMS) or _utf16_guess(head):
        return False
    if head.count(0):
        return True
    ctrl = sum(1 for b in head[:4096] if b < 9 or 13 < b < 32)
    return ctrl > len(head[:4096]) * 0.1


def _utf16_guess(head: bytes) -> str | None:
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def detect_encoding(head: bytes) -> str:
    """The Python codec name to decode a file that starts with ``head``."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    guess16 = _utf16_guess(head)
    if guess16:
        return guess16
    if _strict_ok(head, "utf-8"):
        return "utf-8"
    if _strict_ok(head, "gb18030"):
        return "gb18030"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(head).best()
    except Exception:  # noqa: BLE001 - detection is best effort; fall back below
        best = None
    if best is not None and best.encoding:
        name = codecs.lookup(best.encoding).name
        return "gb18030" if name in ("gbk", "gb2312", "hz") else name
    return "utf-8"


def line_end(sample: str, quoted: bool = False) -> bytes:
    """The line end of a file whose decoded beginning is ``sample``: ``b"\r"`` when lines end in
    a bare CR and none in a bare LF (a CRLF counts for neither; ``quoted``, for CSV: only outside
    double quotes, where Excel for Mac writes the LFs of multi-line cells), else ``b"\n"`` — so a
    log whose progress bars redraw with CR keeps the line numbers ``grep -n`` gives."""
    if quoted:
        sample = "".join(sample.split('"')[0::2])     # the text outside double quotes
    crlf = sample.count("\r\n")
    return b"\r" if sample.count("\r") > crlf and sample.count("\n") == crlf else b"\n"


def to_lines(data: bytes, newline: bytes) -> bytes:
    """Decoded UTF-8 ``data`` with every line end as one LF when the file's lines end in CR
    (``line_end``); unchanged otherwise."""
    if newline != b"\r":
        return data
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def splittable(encoding: str) -> bool:
    return codecs.lookup(encoding).name in {codecs.lookup(e).name for e in _SPLITTABLE}


def plan_ranges(path: Path, size: int, chunk: int, quoted: bool = False,
                newline: bytes = b"\n") -> list[tuple[int, int]]:
    """Byte ranges of about ``chunk`` bytes, each ending just after a newline (``newline``, the
    file's ``line_end``) or at EOF.

    A line longer than four chunks is cut at the last space, tab or comma instead (a token cut
    there is not an identifier), so memory stays bounded on single-line files.

    ``quoted`` (CSV): a range ends only at a newline outside double quotes (an even number of
    ``"`` before it in the file; a doubled ``""`` keeps the count even), so a quoted cell that
    spans lines stays within one range. This reads the file once more. Where no such newline
    comes within four chunks (quotes that do not pair up), the next newline is taken.
    """
    if size <= chunk:
        return [(0, size)]
    ranges = []
    with open(path, "rb") as fh:
        start = 0
        while start < size:
            target = start + chunk
            if target >= size:
                ranges.append((start, size))
                break
            limit = min(4 * chunk, 1 << 26)
            window, cut = _newline_outside_quotes(fh, start, target, limit, newline) if quoted else (b"", -1)
            if cut < 0:
                window, cut = _next_newline(fh, target, limit, newline)
            if cut < 0 and target + len(window) >= size:   # the last line: the range ends at EOF
                ranges.append((start, size))
                break
            if cut < 0:
                cut = max(window.rfind(b" "), window.rfind(b"\t"), window.rfind(b","))
            end = size if cut < 0 and target + len(window) >= size else (
                target + cut + 1 if cut >= 0 else target + len(window))
            if newline == b"\r" and cut >= 0 and end < size:   # a CRLF stays in one range
                fh.seek(end)
                end += fh.read(1) == b"\n"
            ranges.append((start, end))
            start = end
    return ranges


def _next_newline(fh, target: int, limit: int, newline: bytes = b"\n") -> tuple[bytes, int]:
    """The bytes from ``target`` up to the first newline (windows of 64 KiB, doubling, at most
    ``limit`` bytes) and the newline's index in them (-1: none within ``limit``)."""
    fh.seek(target)
    window = b""
    step = 1 << 16
    while len(window) < limit:
        block = fh.read(min(step, limit - len(window)))
        if not block:
            break
        cut = block.find(newline)
        if cut >= 0:
            return window + block, len(window) + cut
        window += block
        step *= 2
    return window, -1


def _newline_outside_quotes(fh, start: int, target: int, limit: int,
                            newline: bytes = b"\n") -> tuple[bytes, int]:
    """As ``_next_newline``, for the first newline after ``target`` with an even number of
    double quotes between ``start`` (a range start: outside quotes) and it."""
    fh.seek(start)
    odd = False
    done = start
    while done < target:
        block = fh.read(min(1 << 20, target - done))
        if not block:
            return b"", -1
        odd ^= bool(block.count(b'"') & 1)
        done += len(block)
    window = b""
    while len(window) < limit:
        block = fh.read(min(1 << 16, limit - len(window)))
        if not block:
            break
        at = 0
        while (nl := block.find(newline, at)) >= 0:
            odd ^= bool(block.count(b'"', at, nl) & 1)
            if not odd:
                return window + block, len(window) + nl
            at = nl + 1
        odd ^= bool(block.count(b'"', at) & 1)
        window += block
    return window, -1


def count_lines(path: Path, start: int, end: int, newline: bytes = b"\n") -> int:
    """Lines in a byte range of a UTF-8 or GB18030 file (line ends, and a last line without one),
    as the readers see them: where lines end in CR (``line_end``), CRLF, CR and LF each end one."""
    n, last = 0, b"\n"
    after_cr = False
    with open(path, "rb") as fh:
        fh.seek(start)
        left = end - start
        while left > 0:
            block = fh.read(min(1 << 20, left))
            if not block:
                break
            if newline == b"\r":
                n += block.count(b"\r") + block.count(b"\n") - block.count(b"\r\n") \
                    - (after_cr and block[:1] == b"\n")
                after_cr = block[-1:] == b"\r"
            else:
                n += block.count(b"\n")
            last = block[-1:]
            left -= len(block)
    return n + (last not in (b"\n", newline))


def read_range(path: Path, start: int, end: int) -> bytes:
    with open(path, "rb") as fh:
        fh.seek(start)
        return fh.read(end - start)


def to_utf8(raw: bytes, encoding: str) -> tuple[bytes, bool]:
    """UTF-8 bytes of the decoded text, and whether some bytes could not be decoded."""
    name = codecs.lookup(encoding).name
    if name in ("utf-8", "ascii"):
        if utf8_valid(raw):   # checked without building the text
            return raw, False
        return raw.decode("utf-8", "replace").encode("utf-8"), True
    if name == "utf-8-sig":
        body = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
        return to_utf8(body, "utf-8")
    try:
        return raw.decode(encoding).encode("utf-8"), False
    except UnicodeDecodeError:
        return raw.decode(encoding, "replace").encode("utf-8"), True


def iter_decoded(path: Path, encoding: str, chunk: int, newline: bytes = b"\n") -> Iterator[tuple[bytes, bool]]:
    """Sequentially decode a whole file in pieces cut after a newline; yields UTF-8 bytes (in a
    file whose lines end in CR, every line end as one LF, as ``to_lines``)."""
    dec = codecs.getincrementaldecoder(encoding)("replace")
    carry = held = ""
    with open(path, "rb") as fh:
        while True:
            block = fh.read(chunk)
            text = carry + dec.decode(block, final=not block)
            if newline == b"\r":
                held = ""
                if block and text.endswith("\r"):   # maybe the CR of a CRLF whose LF comes next
                    text, held = text[:-1], "\r"
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            if not block:
                if text:
                    yield text.encode("utf-8"), "\ufffd" in text
                return
            cut = text.rfind("\n")
            if cut < 0 and len(text) < 4 * chunk:
                carry = text + held
                continue
            cut = len(text) - 1 if cut < 0 else cut
            piece, carry = text[:cut + 1], text[cut + 1:] + held
            yield piece.encode("utf-8"), "\ufffd" in piece
