"""The local secret key and keyed hashes of data subjects.

No raw identifier is ever stored or printed: the scanner, the export ledger and the log audit
keep only ``subject_hash`` values (HMAC-SHA256 with a per-installation secret key) and masked
values. The key file is created with owner-only permissions (0600); a directory created for it is 0700
(an existing directory, such as the one a user names with ``--key-file``, is left unchanged).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets as _secrets
from pathlib import Path

from .errors import InputError, Location

__all__ = ["default_home", "key_path", "load_or_create_key", "subject_hash"]

KEY_BYTES = 32


def default_home() -> Path:
    """Where kuajing keeps its key and stores: $KUAJING_HOME, else ~/.kuajing."""
    env = os.environ.get("KUAJING_HOME")
    return Path(env) if env else Path.home() / ".kuajing"


def key_path(home: Path | None = None) -> Path:
    return (home or default_home()) / "secret.key"


def load_or_create_key(path: Path | None = None) -> bytes:
    """Read the secret key, creating it (0600; a parent folder created for it 0700) if it does not exist."""
    path = Path(path) if path else key_path()
    if path.exists():
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise InputError(
                "the secret key file is readable by other users",
                location=Location(str(path)),
                expected="permissions 0600 (owner only)",
                found=oct(mode),
                hint=f"run: chmod 600 {path}",
            )
        data = path.read_bytes()
        try:
            if len(data) != KEY_BYTES * 2:
                raise ValueError
            return bytes.fromhex(data.decode("ascii"))
        except (ValueError, UnicodeDecodeError):
            raise InputError("the secret key file is damaged", location=Location(str(path)),
                             expected=f"{KEY_BYTES * 2} hex characters",
                             found=f"{len(data)} bytes that are not that") from None
    if not path.parent.exists():   # a folder we create is owner-only; an existing one is left as it is
        path.parent.mkdir(parents=True, mode=0o700)
        os.chmod(path.parent, 0o700)
    key = _secrets.token_bytes(KEY_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key.hex().encode("ascii"))
    return key


def subject_hash(key: bytes, kind: str, normalized: str) -> str:
    """Keyed hash of one identifier of one data subject: HMAC-SHA256(key, kind + NUL + value).

    ``kind`` namespaces identifier types (``cn_resident_id``, ``cn_mobile``, ``email``...), so the
    same digits as a phone number and as a card number never collide. Returns 32 hex characters.
    """
    mac = hmac.new(key, kind.encode("utf-8") + b"\x00" + normalized.encode("utf-8"), hashlib.sha256)
    return mac.hexdigest()[:32]
