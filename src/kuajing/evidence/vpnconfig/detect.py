"""Which format a file is: by its name first, then by its content.

Names: ``swanctl.conf`` and files under ``swanctl/conf.d``; ``strongswan.conf*`` and files under
``strongswan.d``; ``ipsec.conf``; ``ipsec.secrets`` and ``*.secrets``; ``*.ovpn``. Other files
are sniffed: ``[Interface]``/``[Peer]`` (WireGuard), ``connections {`` (swanctl), ``charon {``
(strongswan.conf), ``conn NAME`` / ``config setup`` (ipsec.conf), ``: PSK`` (ipsec.secrets), or
a first directive that is an OpenVPN option. Anything else is an InputError asking for ``--kind``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import InputError, Location
from ._openvpn_options import INLINE_TAGS, KNOWN_OPTIONS
from .facts import Kind

__all__ = ["detect_kind", "KIND_NAMES"]

KIND_NAMES = [k.value for k in Kind]
_SWANCTL_TOP = {"connections", "secrets", "pools", "authorities"}
_STRONGSWAN_TOP = {"charon", "charon-systemd", "charon-nm", "charon-svc", "charon-cmd", "libstrongswan",
                   "swanctl", "starter", "libimcv", "libtnccs", "libtls", "attest", "pki", "pt-tls-client",
                   "sec-updater", "imv_policy_manager", "aikgen", "manager", "medsrv", "tnc", "scepclient",
                   "ipsec", "charon-tkm"}


def detect_kind(path: Path, text: str) -> Kind:
    name = path.name.lower()
    parts = [p.lower() for p in path.parts]
    if name == "swanctl.conf" or name.endswith(".swanctl") or ("swanctl" in parts and "conf.d" in parts):
        return Kind.swanctl
    if name.startswith("strongswan.conf") or "strongswan.d" in parts:
        return Kind.strongswan_conf
    if name == "ipsec.conf":
        return Kind.ipsec_conf
    if name == "ipsec.secrets" or name.endswith(".secrets"):
        return Kind.ipsec_secrets
    if name.endswith(".ovpn"):
        return Kind.openvpn
    kind = _sniff(text)
    if kind is None:
        raise InputError("cannot tell which VPN configuration format this file is",
                         location=Location(str(path), 1, 1),
                         expected="a strongSwan (swanctl.conf, ipsec.conf, ipsec.secrets, strongswan.conf), "
                         "OpenVPN or WireGuard configuration",
                         hint="name the format with --kind " + "|".join(KIND_NAMES))
    return kind


def _sniff(text: str) -> Kind | None:
    for raw in text.split("\n"):
        line = raw.split("#", 1)[0].rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith(";"):
            continue
        low = stripped.lower()
        if low.startswith("include ") or low == "version 2" or low.startswith("version 2."):
            continue
        if low in ("[interface]", "[peer]"):
            return Kind.wireguard
        first = re.split(r"[\s{=]", low, maxsplit=1)[0]
        if re.match(r"^\S+\s*\{?\s*$", low) or "{" in low:
            if first in _SWANCTL_TOP:
                return Kind.swanctl
            if first in _STRONGSWAN_TOP:
                return Kind.strongswan_conf
        if line[0] not in " \t" and (low == "config setup" or re.match(r"^conn\s+\S+$", low)):
            return Kind.ipsec_conf
        if re.match(r'^[^:]*:\s*(psk|rsa|ecdsa|eap|xauth)\b', low):
            return Kind.ipsec_secrets
        word = first.lstrip("-")
        if word in KNOWN_OPTIONS or (word.startswith("<") and word.strip("<>/") in INLINE_TAGS):
            return Kind.openvpn
        return None
    return None
