"""The local secret key and keyed hashes of data subjects.

No raw identifier is ever stored or printed: the scanner, the export ledger and the log audit
keep only ``subject_hash`` values (HMAC-SHA256 with a per-installation secret key) and masked
values. The installation key (``$KUAJING_HOME/secret.key``) is created on first use with owner-only
permissions (0600); a directory created for it is 0700 (an existing directory is left unchanged).
A key file named explicitly (``--key-file``, ``--key``) is only read, never created: a mistyped
path must not give hashes under a new key that match nothing in the export ledger.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets as _secrets
import stat
from pathlib import Path

from .errors import InputError, Location

__all__ = ["default_home", "key_path", "load_key", "load_or_create_key", "subject_hash"]

KEY_BYTES = 32


def default_home() -> Path:
    """Where kuajing keeps its key and stores: $KUAJING_HOME, else ~/.kuajing."""
    env = os.environ.get("KUAJING_HOME")
    return Path(env) if env else Path.home() / ".kuajing"


def key_path(home: Path | None = None) -> Path:
    return (home or default_home()) / "secret.key"


def load_key(path: Path, option: str | None = None) -> bytes:
    """Read an existing secret key. Every problem is an :class:`InputError` naming the file.

    Refused: a path where no file is (nothing is created), a folder, a file readable by other
    users, a file that cannot be read, and a file that is not 64 hexadecimal characters.
    ``option`` is the command-line option that named the file, for the message.
    """
    path = Path(path)
    info = _stat(path)
    if info is None:
        raise InputError("the secret key file does not exist (kuajing creates only the installation key)",
                         location=Location(str(path)), path=option,
                         expected="an existing key file (64 hexadecimal characters, permissions 0600)",
                         hint=f"leave out {option or 'the key file'} to use the installation key "
                         f"({key_path()}), which is shared with the export ledger")
    if stat.S_ISDIR(info.st_mode):
        raise InputError("the secret key path is a folder, not a file", location=Location(str(path)),
                         expected="the path of a key file, such as secret.key")
    mode = info.st_mode & 0o777
    if mode & 0o077:
        raise InputError(
            "the secret key file is readable by other users",
            location=Location(str(path)),
            expected="permissions 0600 (owner only)",
            found=oct(mode),
            hint=f"run: chmod 600 {path}",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the secret key file: {exc.strerror}",
                         location=Location(str(path))) from None
    try:
        if len(data) != KEY_BYTES * 2:
            raise ValueError
        return bytes.fromhex(data.decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        raise InputError("the secret key file is damaged", location=Location(str(path)),
                         expected=f"{KEY_BYTES * 2} hex characters",
                         found=f"{len(data)} bytes that are not that") from None


def load_or_create_key(path: Path | None = None) -> bytes:
    """Read the secret key, creating it (0600; a parent folder created for it 0700) if it does not exist.

    The command line calls this only for the installation key (``path`` omitted); a key file the
    user names is read with :func:`load_key`, so a mistyped path never makes a new key silently.
    """
    path = Path(path) if path else key_path()
    if _stat(path) is not None:
        return load_key(path)
    try:
        if not path.parent.exists():   # a folder we create is owner-only; an existing one is left as it is
            path.parent.mkdir(parents=True, mode=0o700)
            os.chmod(path.parent, 0o700)
        key = _secrets.token_bytes(KEY_BYTES)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise InputError(f"cannot create the secret key file: {exc.strerror}",
                         location=Location(str(path)), expected="a folder you can write",
                         hint="set KUAJING_HOME to a folder you own (the installation key is "
                         "$KUAJING_HOME/secret.key)") from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(key.hex().encode("ascii"))
    return key


def _stat(path: Path) -> os.stat_result | None:
    """The status of ``path``, None when nothing is there; any other failure is an InputError."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise InputError("the secret key path goes through a file where a folder should be",
                         location=Location(str(path)),
                         expected="a path whose every parent is a folder",
                         hint="fix the path, or set KUAJING_HOME to a folder (the installation key "
                         "is $KUAJING_HOME/secret.key)") from None
    except OSError as exc:
        raise InputError(f"cannot look at the secret key file: {exc.strerror}",
                         location=Location(str(path)),
                         hint="check that you can read every folder of the path") from None


def subject_hash(key: bytes, kind: str, normalized: str) -> str:
    """Keyed hash of one identifier of one data subject: HMAC-SHA256(key, kind + NUL + value).

    ``kind`` namespaces identifier types (``cn_resident_id``, ``cn_mobile``, ``email``...), so the
    same digits as a phone number and as a card number never collide. Returns 32 hex characters.
    """
    mac = hmac.new(key, kind.encode("utf-8") + b"\x00" + normalized.encode("utf-8"), hashlib.sha256)
    return mac.hexdigest()[:32]
