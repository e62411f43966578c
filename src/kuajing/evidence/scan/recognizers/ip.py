"""IP addresses."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re

import numpy as np

from ..model import Category, Validation
from .base import PatternRecognizer, TokenRecognizer

__all__ = ["IPv4Address", "IPv6Address"]


class IPv4Address(TokenRecognizer):
    """IPv4 address (IP 地址), dotted quad.

    Legal basis: PIPL Art. 4; network logs kept under CSL Art. 21 hold them; GB/T 35273-2020
    Annex A lists IP addresses as personal information when linked to a person. Format: four
    decimal octets 0–255 without leading zeros. Unspecified (0.x), loopback (127.x), multicast and
    reserved addresses (224.0.0.0 and above, which holds netmasks such as 255.255.255.0 and the
    broadcast address) and network addresses (last octet 0, such as the ``10.8.0.0`` of
    ``10.8.0.0/16`` or ``route 192.168.10.0``) name no device and are not personal, nor does a
    network in CIDR notation (``192.168.40.128/29``: a prefix length of at most 30 and no host
    bits set; ``10.8.0.2/24`` is an interface's address), unless it follows ``:``, ``(`` or ``/``
    or comes before a path or file name (firewall logs write ``outside:203.0.113.128/25`` and
    ``(203.0.113.128/25)`` for address and port, URLs ``//10.1.2.64/26/``: those are
    addresses). A version word (``version``, ``ver``,
    ``v``, ``版本``, ``build``) just before the candidate rejects it (``v1.2.3.4`` is a version
    string); a version after a product name and a space (``Firefox 115.10.0.1``) is not told
    apart from an address. No checksum.
    Synthetic example: ``203.0.113.45``.
    """

    entity = "ip_address"
    category = Category.PERSONAL_INFORMATION
    legal_basis = "PIPL Art. 4; GB/T 35273-2020 Annex A"
    rank = 10
    priority = 20
    mask_keep = (0, 0)
    shapes = ("ipv4",)
    kernel_check = "ipv4"
    kernel_normal_form = "as_is"
    #: ``mask`` below in compiled form (``kernel.masks``)
    kernel_mask = "ipv4"
    negative_context = ("version",)
    context_window = 16
    field_names = ("ip", "ip_address", "client_ip", "remote_addr", "ip地址")

    def validate(self, value: str, on: dt.date) -> Validation:
        parts = value.split(".")
        if len(parts) != 4 or any(not p.isdigit() or (len(p) > 1 and p[0] == "0") or int(p) > 255
                                  for p in parts):
            return Validation.INVALID
        first, last = int(parts[0]), int(parts[3])
        if first in (0, 127) or first >= 224 or last == 0:
            return Validation.INVALID
        return Validation.VALID

    def validate_batch(self, a, starts, ends, on):
        """Octets parsed column by column over all candidates at once (at most 15 bytes)."""
        n = len(starts)
        if not n:
            return np.zeros(0, dtype=bool)
        width = ends - starts
        m = a[np.minimum(starts[:, None] + np.arange(15), len(a) - 1)].astype(np.int64)
        octets = np.zeros((n, 4), dtype=np.int64)
        digits = np.zeros((n, 4), dtype=np.int64)
        first = np.full((n, 4), -1, dtype=np.int64)
        seg = np.zeros(n, dtype=np.int64)
        rows = np.arange(n)
        ok = np.ones(n, dtype=bool)
        for j in range(15):
            inside = j < width
            c = m[:, j]
            dot = inside & (c == 46)
            dig = inside & (c >= 48) & (c <= 57)
            ok &= ~inside | dot | dig
            k = np.minimum(seg, 3)
            d = np.where(dig, c - 48, 0)
            octets[rows, k] = np.where(dig, octets[rows, k] * 10 + d, octets[rows, k])
            first[rows, k] = np.where(dig & (digits[rows, k] == 0), d, first[rows, k])
            digits[rows, k] += dig
            seg += dot
        ok &= (seg == 3) & (digits >= 1).all(axis=1) & (octets <= 255).all(axis=1)
        ok &= ~((digits > 1) & (first == 0)).any(axis=1)
        ok &= (octets[:, 0] != 0) & (octets[:, 0] != 127) & (octets[:, 0] < 224) & (octets[:, 3] != 0)
        return ok

    def mask(self, normalized: str) -> str:
        a, b, _, _ = normalized.split(".")
        return f"{a}.{b}.*.*"


_HEX_COLON = re.compile(rb"[0-9A-Fa-f:.]+")
_PREFIX = re.compile(rb"[0-9]{1,3}")


def _is_network(address: bytes, after_slash: bytes) -> bool:
    """``address/len`` names a network (no host bits set: ``fec3::/120``, ``2001:db8::/32``), not
    a device; ``/127`` and ``/128`` name one or two hosts (``2001:db8::5/128`` in a WireGuard
    ``Address``), as ``/31`` and ``/32`` do in IPv4."""
    m = _PREFIX.match(after_slash)
    if not m or int(m.group()) > 126:
        return False
    try:
        ipaddress.IPv6Network(f"{address.decode('ascii')}/{int(m.group())}", strict=True)
    except ValueError:
        return False
    return True


class IPv6Address(PatternRecognizer):
    """IPv6 address, full or compressed (RFC 4291 §2.2, RFC 5952).

    Legal basis: as ``IPv4Address``. Found by anchoring on ``::`` or on seven colon-separated
    groups, then parsed with the standard library; loopback, unspecified and multicast are not
    personal; a candidate glued to letters, ``_`` or ``:`` (``std::vector``) is rejected, and so
    are eight groups of exactly two hex digits (``31:b2:4b:d3:69:7b:91:b4``: a byte dump of a
    signature, serial number or fingerprint, not how an address is written) and a network prefix
    (``fec3::/120``: no host bits set, prefix at most 126). No checksum.
    Synthetic example: ``2001:db8:85a3::8a2e:370:7334``.
    """

    entity = "ip_address"
    category = Category.PERSONAL_INFORMATION
    legal_basis = "PIPL Art. 4; GB/T 35273-2020 Annex A"
    rank = 10
    priority = 20
    patterns = (rb"::", rb"(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]")

    def extract(self, data: bytes, start: int, end: int) -> tuple[int, int] | None:
        left = end - 1
        lo = max(0, left - 45)
        while left > lo and data[left - 1] in b"0123456789abcdefABCDEF:.":
            left -= 1
        m = _HEX_COLON.match(data, left)
        if not m or m.end() - left > 45:
            return None
        s, e = m.start(), m.end()
        while e > s and data[e - 1] == 0x2E:
            e -= 1
        before = data[s - 1:s] if s else b" "
        after = data[e:e + 1] or b" "
        if before.isalnum() or after.isalnum() or before in b"_" or after in b"_":
            return None
        if after == b"/" and _is_network(data[s:e], data[e + 1:e + 4]):
            return None
        return s, e

    def normalize(self, raw: str) -> str:
        try:
            return ipaddress.IPv6Address(raw).compressed
        except ValueError:
            return raw.lower()

    def validate(self, value: str, on: dt.date) -> Validation:
        if value.count(":") < 2 or len(value.replace(":", "")) < 2:
            return Validation.INVALID
        try:
            addr = ipaddress.IPv6Address(value)
        except ValueError:
            return Validation.INVALID
        if addr.is_loopback or addr.is_unspecified or addr.is_multicast:
            return Validation.INVALID
        groups = value.split(":")
        if len(groups) == 8 and all(len(g) == 2 for g in groups):
            return Validation.INVALID   # bytes written as hex pairs (a key, serial or fingerprint dump)
        return Validation.VALID

    def mask(self, normalized: str) -> str:
        groups = normalized.split(":")
        return ":".join(groups[:2]) + ":*:*"
