"""A minimal MaxMind DB (MMDB v2) writer for tests: IPv4 networks → small maps.

Written from the public format specification (search tree of 24-bit records, 16-byte data
separator, data section, metadata after ``\\xab\\xcd\\xefMaxMind.com``) so the GeoIP path can
be tested on a database built in the test, with no extra dependency.
"""

from __future__ import annotations

import ipaddress
import struct

__all__ = ["write_mmdb"]


def _uint(type_code: int, value: int) -> bytes:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""
    return _ctrl(type_code, len(raw)) + raw


def _ctrl(type_code: int, size: int) -> bytes:
    assert size < 29
    if type_code <= 7:
        return bytes([(type_code << 5) | size])
    return bytes([size, type_code - 7])


def _encode(value) -> bytes:
    if isinstance(value, str):
        raw = value.encode()
        return _ctrl(2, len(raw)) + raw
    if isinstance(value, dict):
        out = _ctrl(7, len(value))
        for k, v in value.items():
            out += _encode(k) + _encode(v)
        return out
    if isinstance(value, list):
        return _ctrl(11, len(value)) + b"".join(_encode(v) for v in value)
    if isinstance(value, tuple) and value[0] == "u16":
        return _uint(5, value[1])
    if isinstance(value, tuple) and value[0] == "u64":
        return _uint(9, value[1])
    if isinstance(value, int):
        return _uint(6, value)
    raise TypeError(type(value))


def write_mmdb(path, networks: dict[str, dict]) -> None:
    """Write an IPv4 database mapping each network (CIDR) to its record."""
    nodes: list[list] = [[None, None]]
    data = b""
    for cidr, record in networks.items():
        net = ipaddress.ip_network(cidr)
        offset = len(data)
        data += _encode(record)
        bits = int(net.network_address)
        node = 0
        for i in range(net.prefixlen):
            bit = (bits >> (31 - i)) & 1
            if i == net.prefixlen - 1:
                nodes[node][bit] = ("data", offset)
                break
            nxt = nodes[node][bit]
            if not isinstance(nxt, int):
                nodes.append([None, None])
                nxt = len(nodes) - 1
                nodes[node][bit] = nxt
            node = nxt
    count = len(nodes)

    def record(r) -> int:
        if r is None:
            return count
        if isinstance(r, int):
            return r
        return count + 16 + r[1]

    tree = b"".join(struct.pack(">I", record(left))[1:] + struct.pack(">I", record(right))[1:]
                    for left, right in nodes)
    meta = {
        "node_count": count, "record_size": ("u16", 24), "ip_version": ("u16", 4),
        "database_type": "kuajing-test", "languages": ["en"],
        "binary_format_major_version": ("u16", 2), "binary_format_minor_version": ("u16", 0),
        "build_epoch": ("u64", 1_700_000_000), "description": {"en": "kuajing test database"},
    }
    with open(path, "wb") as fh:
        fh.write(tree + b"\x00" * 16 + data + b"\xab\xcd\xefMaxMind.com" + _encode(meta))
