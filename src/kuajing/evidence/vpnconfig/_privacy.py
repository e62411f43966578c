"""What of a configuration may be shown: user identities are masked before they reach a record.

Configurations name people: EAP and XAuth accounts (``carol@example.org : EAP "…"``), the IKE
identities of road warriors (``remote { id = carol@example.org }``), the identity a client presents
(``local { id = … }`` on carol's laptop), and — in a saved WireGuard server configuration — the
addresses peers last connected from. Records keep these masked (``ca***``), as the session-log
audit does for accounts; the file, line and column of each record let an auditor look the value
up in the file itself. Wildcards (``%any``) carry no one's identity and are shown as written. The
raw values the audit needs to reason with (the identities a stored key is for) stay inside the
parsers and are never output.
"""

from __future__ import annotations

from ..sessionlogs.attribution import mask

__all__ = ["shown_identity", "shown_address"]


def shown_identity(value: str | None) -> str | None:
    """An identity as a record may hold it: masked unless it is a wildcard."""
    from .psk import is_wildcard_id

    if value is None:
        return None
    v = value.strip()
    if not v or is_wildcard_id(v):
        return v
    return mask(v)


def shown_address(value: str) -> str:
    """A peer's address as a report may show it (the host stays in memory to be located)."""
    return mask(value, kind="address")
