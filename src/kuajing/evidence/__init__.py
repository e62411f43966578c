"""Evidence: facts proved from real files (VPN configurations, session logs, datasets).

Every parser here is the only code that touches the user's files; it returns typed facts that
carry their source position, so ``kuajing assess`` can say where each fact came from.

The contract with the assessment is ``EvidenceFact``: ``fact`` is a channel fact path as in the
profile (for example ``cryptography.algorithms``, ``authentication.shared_secret``,
``logging.enabled``, ``logging.retention_months``, ``logging.real_name``), ``value`` its value
and ``source`` the ``file:line:column`` it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["EvidenceFact"]


@dataclass(frozen=True)
class EvidenceFact:
    """One fact proved from evidence, with where it was proved."""

    fact: str
    value: Any
    source: str
    note: str | None = None
