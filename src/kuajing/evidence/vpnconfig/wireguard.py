"""WireGuard: wg-quick / wg configuration files (INI style).

    [Interface]
    PrivateKey = <44-character base64 key>
    Address = 10.0.0.1/24
    ListenPort = 51820
    [Peer]
    PublicKey = <key>
    AllowedIPs = 10.0.0.2/32
    Endpoint = vpn.example.com:51820

As ``wg`` and ``wg-quick`` do: section and key names are case-insensitive, ``#`` starts a comment
anywhere, an unknown section or key is an error (``wg setconf`` refuses it), keys must be 32
bytes in base64, numbers must be numbers, every peer needs a ``PublicKey`` and the file needs an
``[Interface]``. Errors point at the line and column. ``IncludedApplications`` and
``ExcludedApplications`` of the Android app are accepted.

WireGuard negotiates nothing: its suite is fixed (Curve25519, ChaCha20-Poly1305, BLAKE2s) and it
has no logging settings, so a wg-quick file proves nothing about logging.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from pathlib import Path

from ._privacy import shown_address
from ._source import check_text, error, read_text
from .algorithms import wireguard_suite
from .facts import AlgorithmUse, AuthUse, ConfigFacts, Endpoint, Kind, Pos

__all__ = ["parse_wireguard", "parse_wireguard_text", "INTERFACE_KEYS", "PEER_KEYS"]

INTERFACE_KEYS = {"privatekey", "listenport", "fwmark", "address", "dns", "mtu", "table", "preup",
                  "postup", "predown", "postdown", "saveconfig", "includedapplications",
                  "excludedapplications"}
PEER_KEYS = {"publickey", "presharedkey", "allowedips", "endpoint", "persistentkeepalive"}
_LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def parse_wireguard(path: Path) -> ConfigFacts:
    return parse_wireguard_text(read_text(path), str(path))


def _key(value: str, pos: Pos, what: str) -> str:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(value) != 44 or len(raw) != 32:
        raise error(pos, f"{what} is not a WireGuard key",
                    expected="32 bytes in base64 (44 characters ending in '=')",
                    found=f"{len(value)} characters")
    return value


def _int(value: str, pos: Pos, what: str, lo: int, hi: int, words: tuple[str, ...] = ()) -> None:
    if value.lower() in words:
        return
    try:
        n = int(value, 0) if value.lower().startswith("0x") else int(value, 10)
    except ValueError:
        n = None
    if n is None or not lo <= n <= hi:
        raise error(pos, f"{what} is not a valid number", expected=f"an integer from {lo} to {hi}"
                    + (f" or {'/'.join(words)}" if words else ""), found=value)


def _hostname(value: str) -> bool:
    labels = value.rstrip(".").split(".")
    return bool(value) and len(value) <= 253 and all(_LABEL.match(x) for x in labels)


def _items(value: str, pos: Pos) -> list[tuple[str, Pos]]:
    out, at = [], 0
    for part in value.split(","):
        lead = len(part) - len(part.lstrip())
        if part.strip():
            out.append((part.strip(), Pos(pos.file, pos.line, pos.column + at + lead)))
        at += len(part) + 1
    return out


def _check(key: str, value: str, pos: Pos, name: str) -> None:
    if key in ("privatekey", "publickey", "presharedkey"):
        _key(value, pos, name)
    elif key == "listenport":
        _int(value, pos, name, 0, 65535)
    elif key == "persistentkeepalive":
        _int(value, pos, name, 0, 65535, ("off",))
    elif key == "fwmark":
        _int(value, pos, name, 0, 2**32 - 1, ("off",))
    elif key == "mtu":
        _int(value, pos, name, 576, 65535)
    elif key == "saveconfig" and value.lower() not in ("true", "false"):
        raise error(pos, "SaveConfig must be true or false", expected="true or false", found=value)
    elif key in ("address", "allowedips"):
        for item, ipos in _items(value, pos):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise error(ipos, f"{name} entry is not an IP address or network",
                            expected="an address such as 10.0.0.1/24 or fd00::1/64", found=item) from None
    elif key == "dns":
        for item, ipos in _items(value, pos):
            try:
                ipaddress.ip_address(item)
            except ValueError:
                if not _hostname(item):
                    raise error(ipos, "DNS entry is neither an IP address nor a search domain",
                                expected="an address such as 10.0.0.1 or a domain such as corp.example",
                                found=item) from None
    elif key == "endpoint":
        _endpoint(value, pos)


def _endpoint(value: str, pos: Pos) -> tuple[str, int]:
    m = re.fullmatch(r"\[(?P<v6>[0-9A-Fa-f:.%\w]+)\]:(?P<port>\d+)|(?P<host>[^:\[\]\s]+):(?P<port2>\d+)", value)
    if not m:
        raise error(pos, "Endpoint is not host:port", expected="host:port, e.g. vpn.example.com:51820 or "
                    "[2001:db8::1]:51820", found=value or "(empty)")
    host = m["v6"] or m["host"]
    port = int(m["port"] or m["port2"])
    if port > 65535:
        raise error(pos, "Endpoint port out of range", expected="1 to 65535", found=str(port))
    if m["host"]:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            if not _hostname(host):
                raise error(pos, "Endpoint host is not a host name or IP address", found=host) from None
    return host, port


def parse_wireguard_text(text: str, file: str = "<string>") -> ConfigFacts:
    facts = ConfigFacts(file=file, kind=Kind.wireguard)
    section: str | None = None
    interface_pos: Pos | None = None
    peers: list[dict] = []
    for n, raw in enumerate(check_text(text, file).split("\n"), start=1):
        line = raw.split("#", 1)[0]
        if not line.strip():
            continue
        col = len(line) - len(line.lstrip()) + 1
        stripped = line.strip()
        pos = Pos(file, n, col)
        if stripped.startswith("["):
            name = stripped[1:-1].strip().lower() if stripped.endswith("]") else None
            if name == "interface":
                if interface_pos is not None:
                    raise error(pos, "a second [Interface] section", expected="one [Interface]",
                                found=f"another at line {n}; the first is at line {interface_pos.line}")
                interface_pos, section = pos, "interface"
            elif name == "peer":
                section = "peer"
                peers.append({"pos": pos})
            else:
                raise error(pos, f"unknown section {stripped}", expected="[Interface] or [Peer]",
                            found=stripped)
            continue
        key, eq, value = line.partition("=")
        if not eq:
            raise error(pos, "expected Key = Value", expected="a 'Key = Value' line or a [Section]",
                        found=stripped)
        if section is None:
            raise error(pos, "setting before any section", expected="[Interface] or [Peer] first",
                        found=stripped)
        k = key.strip().lower()
        allowed = INTERFACE_KEYS if section == "interface" else PEER_KEYS
        if k not in allowed:
            raise error(pos, f"unknown key '{key.strip()}' in [{section.capitalize()}]",
                        expected=", ".join(sorted(allowed)), found=key.strip())
        after = line[len(key) + 1:]
        vpos = Pos(file, n, len(key) + 2 + len(after) - len(after.lstrip()))
        value = value.strip()
        if not value and k not in ("allowedips", "dns", "address") and not k.startswith(("pre", "post")):
            raise error(vpos, f"{key.strip()} has no value", expected="a value after '='", found="(empty)")
        _check(k, value, vpos, key.strip())
        if section == "peer":
            peers[-1][k] = (value, vpos)
    if interface_pos is None:
        raise error(Pos(file, 1, 1), "no [Interface] section", expected="an [Interface] section with the "
                    "PrivateKey", found="only [Peer] sections" if peers else "no section")
    for p in peers:
        if "publickey" not in p:
            raise error(p["pos"], "[Peer] without a PublicKey", expected="PublicKey = <key>",
                        found="no PublicKey in this section")
    _facts(facts, interface_pos, peers)
    return facts


def _facts(facts: ConfigFacts, interface_pos: Pos, peers: list[dict]) -> None:
    psks = [p["presharedkey"][0] for p in peers if "presharedkey" in p]
    for alg in wireguard_suite(bool(psks)):
        facts.algorithms.append(AlgorithmUse(alg, alg.name, "WireGuard fixed suite (Noise_IKpsk2)",
                                             interface_pos))
    server = len(peers) > 1 or not any("endpoint" in p for p in peers)
    for p in peers:
        key, kpos = p["publickey"]
        facts.auth.append(AuthUse("peer-key", "WireGuard peer public key", kpos, identity=key[:8] + "…",
                                  per_user=True, note="one key pair per device; tie each key to a person "
                                  "in your records"))
        if "endpoint" in p:
            value, epos = p["endpoint"]
            host, port = _endpoint(value, epos)
            # on a server the peers are users' devices: where they last connected from is theirs
            facts.endpoints.append(Endpoint(host, "remote", "[Peer] Endpoint", epos, port=port,
                                            shown=shown_address(host) if server else None))
    if len(psks) != len(set(psks)):
        facts.note("the same PresharedKey is configured on several peers", interface_pos)
    facts.roles.add("server" if server else "client")
    facts.note("WireGuard has no logging settings: this file proves nothing about logging", interface_pos)
