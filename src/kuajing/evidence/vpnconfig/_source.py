"""Reading a configuration file as text, and pointing at spots in it.

The only place that opens the user's files for the config audit. Unreadable files, bytes that
are not UTF-8 and NUL characters become an InputError with the line and column of the problem.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError, Location
from .facts import Pos

__all__ = ["read_text", "decode", "check_text", "error", "MAX_BYTES"]

#: A VPN configuration is small; anything larger is not one (and would only slow the audit).
MAX_BYTES = 8 * 1024 * 1024


def error(pos: Pos, message: str, *, expected: str | None = None, found: str | None = None,
          hint: str | None = None) -> InputError:
    """An InputError pointing at ``pos``."""
    return InputError(message, location=Location(pos.file, pos.line, pos.column),
                      expected=expected, found=found, hint=hint)


def _line_col(data: bytes | str, offset: int) -> tuple[int, int]:
    head = data[:offset]
    nl = b"\n" if isinstance(data, bytes) else "\n"
    line = head.count(nl) + 1
    col = offset - (head.rfind(nl) + 1) + 1
    return line, col


def check_text(text: str, file: str) -> str:
    """Refuse text that cannot be a configuration (NUL characters); normalise line ends."""
    nul = text.find("\x00")
    if nul >= 0:
        line, col = _line_col(text, nul)
        raise error(Pos(file, line, col), "binary data (a NUL character) in a configuration file",
                    expected="a text configuration file", found="NUL (0x00)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes, file: str) -> str:
    """UTF-8 (with or without a byte-order mark) → text, or an InputError at the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line, col = _line_col(data, min(start, len(data)))
        raise error(Pos(file, line, col), "the file is not UTF-8 text",
                    expected="UTF-8 text", found=f"byte 0x{data[start]:02x}" if start < len(data) else None,
                    hint="convert it with iconv -t UTF-8") from None
    return check_text(text, file)


def read_text(path: Path) -> str:
    """Read ``path`` as configuration text."""
    file = str(path)
    try:
        if path.is_dir():
            raise InputError("is a directory, not a configuration file", location=Location(file),
                             hint="name the configuration files themselves")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError("file too large for a VPN configuration", location=Location(file),
                             expected=f"at most {MAX_BYTES} bytes", found=f"{size} bytes")
        data = path.read_bytes()
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError("file not found", location=Location(file),
                         hint="check the path (relative paths are relative to the current directory)") from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", location=Location(file)) from None
    return decode(data, file)
