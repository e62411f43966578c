"""Options shared by commands: dates, output files, the secret key."""

from __future__ import annotations

import datetime as dt
import os
from enum import Enum
from pathlib import Path
from typing import TextIO

from ..errors import InputError, Location

__all__ = ["Lang", "parse_date", "check_output", "open_output", "secret_key"]


class Lang(str, Enum):
    """Language of the text and Markdown reports."""

    en = "en"
    zh = "zh"


def parse_date(value: str | None, option: str = "--as-of") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} is not a date", path=option, expected="YYYY-MM-DD, e.g. 2026-03-01",
                         found=repr(value)) from None


def check_output(path: Path | None, option: str = "--output") -> None:
    """Refuse, before any work is done, a file a command could not write at the end.

    Its folder must exist and be writable, and the path must not be a folder. A user must not wait
    for a long scan or audit to learn that the report cannot be saved. Nothing is created here.
    """
    if path is None:
        return
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise InputError(f"{option} is a folder: name a file in it", location=Location(str(path)))
    if folder.exists() and not folder.is_dir():
        problem = f"{folder} is a file, not a folder"
    elif not folder.is_dir():
        problem = f"its folder {folder} does not exist"
    elif not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        problem = f"you may not write to it or in its folder {folder}"
    else:
        return
    raise InputError(f"{option} cannot be written: {problem} (the folder must exist and be writable)",
                     location=Location(str(path)))


def open_output(path: Path, option: str = "--output") -> TextIO:
    """Open an output file for writing (UTF-8); failing is an input error naming the file."""
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{option} cannot be written: {exc.strerror or exc} (its folder must exist "
                         "and be writable)", location=Location(str(path))) from None


def secret_key(path: Path | None, option: str = "--key-file") -> bytes:
    """The key of the subject hashes: the file the user named with ``option``, which must exist,
    else the installation key (``$KUAJING_HOME/secret.key``), created 0600 on first use."""
    from ..secrets import load_key, load_or_create_key

    return load_key(path, option) if path is not None else load_or_create_key()
