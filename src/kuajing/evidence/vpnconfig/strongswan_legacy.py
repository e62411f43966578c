"""strongSwan's legacy starter files: ``ipsec.conf`` and ``ipsec.secrets``.

ipsec.conf::

    config setup                 sections start in column 1: config setup, conn NAME, ca NAME
        charondebug="ike 2"      settings are indented: key=value (quotes allowed)
    conn %default                defaults for every conn
    conn rw
        also=base                inherit another conn's settings at this point
        ike=aes256-sha256-modp2048!
    include /etc/ipsec.d/*.conf

ipsec.secrets: ``[selectors] : TYPE secret`` lines (continued by indented lines), ``include``.
Secret values are never kept; only whom they are for.
"""

from __future__ import annotations

import glob as _glob
import re
from dataclasses import dataclass, field
from pathlib import Path

from ._privacy import shown_identity
from ._settings import Setting
from ._source import check_text, error, read_text
from .facts import AuthUse, ConfigFacts, Endpoint, Kind, Pos, PskSecret
from .strongswan import WILDCARD_IDS, classify_auth, is_wildcard_addr, proposal_uses

__all__ = ["parse_ipsec_conf", "parse_ipsec_conf_text", "parse_ipsec_secrets", "parse_ipsec_secrets_text"]

MAX_INCLUDE_DEPTH = 10
_KEY_RX = re.compile(r"[A-Za-z0-9_.\-]+")
_SECRET_TYPES = {"RSA", "ECDSA", "ED25519", "ED448", "BLISS", "PKCS8", "PKCS12", "P12", "PRIV",
                 "PIN", "PSK", "EAP", "XAUTH", "NTLM"}


@dataclass
class _Block:
    kind: str  # config | conn | ca
    name: str
    pos: Pos
    settings: list[Setting] = field(default_factory=list)


# -- ipsec.conf --------------------------------------------------------------------------------

def parse_ipsec_conf(path: Path) -> ConfigFacts:
    return parse_ipsec_conf_text(read_text(path), str(path), follow_includes=True)


def parse_ipsec_conf_text(text: str, file: str = "<string>", *, follow_includes: bool = False) -> ConfigFacts:
    facts = ConfigFacts(file=file, kind=Kind.ipsec_conf)
    blocks: list[_Block] = []
    _read_conf(check_text(text, file), file, blocks, facts, follow_includes, [file])
    conns = {b.name: b for b in blocks if b.kind == "conn"}
    default = conns.get("%default")
    for b in blocks:
        if b.kind != "conn" or b.name == "%default":
            continue
        eff = _effective(b, conns, default)
        auto = eff.get("auto")
        if auto is not None and auto.value.strip().lower() == "ignore":
            continue
        _conn_facts(b, eff, facts)
    return facts


def _read_conf(text: str, file: str, blocks: list[_Block], facts: ConfigFacts, follow: bool,
               stack: list[str]) -> None:
    current: _Block | None = None
    for n, raw in enumerate(text.split("\n"), start=1):
        line = _strip_comment(raw, Pos(file, n, 1))
        if not line.strip():
            continue
        if line[0] in " \t":
            if current is None:
                col = len(line) - len(line.lstrip()) + 1
                raise error(Pos(file, n, col), "indented setting outside any section",
                            expected="'config setup', 'conn NAME' or 'ca NAME' first", found=line.strip())
            current.settings.append(_setting(line, Pos(file, n, 1)))
            continue
        words = line.split()
        head = words[0]
        pos = Pos(file, n, 1)
        if head in ("conn", "ca") and len(words) == 2:
            current = _Block(head, words[1], pos)
            blocks.append(current)
        elif head == "config" and words[1:] == ["setup"]:
            current = _Block("config", "setup", pos)
            blocks.append(current)
        elif head == "include" and len(words) == 2:
            current = None
            _include(words[1], pos, blocks, facts, follow, stack)
        elif head == "version" and len(words) == 2:
            current = None
        else:
            raise error(pos, f"unexpected line '{line.strip()}'",
                        expected="'config setup', 'conn NAME', 'ca NAME' or 'include FILE' in column 1, "
                        "or an indented key=value", found=line.strip(),
                        hint="settings must be indented under their section")


def _strip_comment(line: str, pos: Pos) -> str:
    in_quote = False
    for i, ch in enumerate(line):
        if ch == '"':
            in_quote = not in_quote
        elif ch == "#" and not in_quote:
            return line[:i].rstrip()
    if in_quote:
        raise error(Pos(pos.file, pos.line, line.index('"') + 1), "unterminated quoted value",
                    expected='a closing "', found="end of line")
    return line.rstrip()


def _setting(line: str, pos: Pos) -> Setting:
    stripped = line.lstrip()
    col = len(line) - len(stripped) + 1
    key, eq, value = stripped.partition("=")
    key = key.strip()
    if not eq or not _KEY_RX.fullmatch(key):
        raise error(Pos(pos.file, pos.line, col), "expected key=value",
                    expected="an indented 'key=value' line", found=stripped)
    after = line[line.index("=") + 1:]
    vcol = line.index("=") + 2 + len(after) - len(after.lstrip())
    value = value.strip()
    quoted = len(value) >= 2 and value[0] == value[-1] == '"'
    if quoted:
        value = value[1:-1]
    vpos = Pos(pos.file, pos.line, vcol)
    return Setting(key, value, Pos(pos.file, pos.line, col), [(value, vpos, quoted)])


def _include(pattern: str, pos: Pos, blocks: list[_Block], facts: ConfigFacts, follow: bool,
             stack: list[str]) -> None:
    if not follow:
        facts.note(f"include '{pattern}' not followed", pos)
        return
    if len(stack) > MAX_INCLUDE_DEPTH:
        raise error(pos, "includes nested too deeply (a loop?)", found=pattern)
    base = Path(pattern) if Path(pattern).is_absolute() else Path(pos.file).parent / pattern
    matches = [m for m in sorted(_glob.glob(str(base))) if Path(m).is_file()]
    if not matches:
        facts.note(f"include '{pattern}' matched no file; its settings were not read", pos)
    for m in matches:
        if m in stack:
            raise error(pos, "include loop", found=m)
        facts.includes.append(m)
        _read_conf(read_text(Path(m)), m, blocks, facts, follow, stack + [m])


def _effective(block: _Block, conns: dict[str, _Block], default: _Block | None) -> dict[str, Setting]:
    eff: dict[str, Setting] = {}
    if default is not None:
        _apply(default, conns, eff, [default.name])
    _apply(block, conns, eff, [block.name])
    return eff


def _apply(block: _Block, conns: dict[str, _Block], eff: dict[str, Setting], chain: list[str]) -> None:
    for s in block.settings:
        if s.key == "also":
            target = conns.get(s.value.strip())
            if target is None:
                raise error(s.parts[0][1], f"also={s.value} names no conn",
                            expected="the name of a conn in this file or its includes", found=s.value)
            if target.name in chain or len(chain) > 20:
                raise error(s.parts[0][1], "also= loop", found=" -> ".join(chain + [target.name]))
            _apply(target, conns, eff, chain + [target.name])
        else:
            eff[s.key] = s


def _conn_facts(block: _Block, eff: dict[str, Setting], facts: ConfigFacts) -> None:
    name = block.name
    for key, what in (("ike", "IKE"), ("esp", "ESP"), ("ah", "AH")):
        s = eff.get(key)
        if s is not None and s.value.strip():
            facts.algorithms += proposal_uses(s, f"{what} proposals of conn {name}")
        elif key != "ah":
            facts.defaults_apply.append((f"{what} proposals of conn {name}", block.pos))
    right = eff.get("right")
    rvalue = right.value.strip() if right else ""
    roaming = not rvalue or rvalue.startswith("%") or is_wildcard_addr(rvalue)
    if right is not None and not roaming:
        for host in rvalue.split(","):
            facts.endpoints.append(Endpoint(host.strip(), "remote", f"conn {name}", right.parts[0][1]))
    left = eff.get("left")
    if left is not None and not left.value.strip().startswith("%") and left.value.strip():
        for host in left.value.split(","):
            facts.endpoints.append(Endpoint(host.strip(), "local", f"conn {name}", left.parts[0][1]))
    facts.roles.add("server" if roaming else "site")
    authby = eff.get("authby")
    by = authby.value.strip().lower() if authby else ""
    for side in ("right", "left"):
        rounds = []
        first = eff.get(f"{side}auth")
        if first is not None:
            rounds.append((classify_auth(first.value), first))
        elif by:
            base = {"secret": "psk", "psk": "psk", "xauthpsk": "psk", "never": None, "null": "null"}.get(
                by, "pubkey")
            if base:
                rounds.append((base, authby))
            if by.startswith("xauth"):
                rounds.append(("xauth", authby))
        else:
            rounds.append(("pubkey", block))
        second = eff.get(f"{side}auth2")
        if second is not None:
            rounds.append((classify_auth(second.value), second))
        ident = eff.get(f"{side}id")  # masked where it is recorded, in _side_auth
        own = tuple(eff[k].value.strip() for k in ("leftid", "left") if k in eff and eff[k].value.strip())
        _side_auth(name, side, rounds, ident.value.strip() if ident else None, roaming, facts, own)


def _side_auth(name: str, side: str, rounds: list, ident: str | None, roaming: bool,
               facts: ConfigFacts, local_ids: tuple[str, ...] = ()) -> None:
    personal = {"pubkey", "xauth"}
    raw_ident, ident = ident, shown_identity(ident)
    for i, (method, where) in enumerate(rounds):
        pos = where.pos
        ctx = f"{side} authentication of conn {name}"
        if method == "null":
            facts.auth.append(AuthUse(method, ctx, pos, ident, shared=side == "right",
                                      note="anonymous (NULL) authentication: nobody is identified"))
            continue
        if method != "psk":
            own = side == "left" and roaming  # a gateway's own credential identifies no user
            facts.auth.append(AuthUse(method, ctx, pos, ident, per_user=not own,
                                      note="the gateway's own credential" if own else None))
            continue
        later = any(m in personal or m.startswith("eap") for m, _ in rounds[i + 1:])
        wildcard = raw_ident is None or raw_ident.lower() in WILDCARD_IDS or "*" in raw_ident
        if side == "right" and roaming and wildcard and not later:
            # the key is looked up by the identity the peer claims: ipsec.secrets decides (psk.py)
            facts.auth.append(AuthUse("psk", ctx, pos, ident, psk_lookup=True, local_ids=local_ids,
                                      note="a pre-shared key accepted from any peer"))
        elif side == "right" and roaming and not wildcard:
            facts.auth.append(AuthUse("psk", ctx, pos, ident, per_user=True,
                                      note="a pre-shared key bound to this identity"))
        else:
            note = "followed by a per-user round" if later else \
                "pre-shared key between two fixed peers" if not roaming else None
            facts.auth.append(AuthUse("psk", ctx, pos, ident, note=note))


# -- ipsec.secrets -----------------------------------------------------------------------------

def parse_ipsec_secrets(path: Path) -> ConfigFacts:
    return parse_ipsec_secrets_text(read_text(path), str(path), follow_includes=True)


def parse_ipsec_secrets_text(text: str, file: str = "<string>", *,
                             follow_includes: bool = False, _stack: list[str] | None = None) -> ConfigFacts:
    facts = ConfigFacts(file=file, kind=Kind.ipsec_secrets)
    stack = (_stack or []) + [file]
    entries: list[tuple[str, Pos]] = []
    for n, raw in enumerate(check_text(text, file).split("\n"), start=1):
        line = _strip_comment(raw, Pos(file, n, 1))
        if not line.strip():
            continue
        if line[0] in " \t" and entries:
            entries[-1] = (entries[-1][0] + " " + line.strip(), entries[-1][1])
            continue
        words = line.split()
        if words[0] == "include" and len(words) == 2:
            _secrets_include(words[1], Pos(file, n, 1), facts, follow_includes, stack)
            continue
        col = len(line) - len(line.lstrip()) + 1
        entries.append((line.strip(), Pos(file, n, col)))
    for entry, pos in entries:
        _secret_entry(entry, pos, facts)
    return facts


def _secrets_include(pattern: str, pos: Pos, facts: ConfigFacts, follow: bool, stack: list[str]) -> None:
    if not follow:
        facts.note(f"include '{pattern}' not followed", pos)
        return
    if len(stack) > MAX_INCLUDE_DEPTH:
        raise error(pos, "includes nested too deeply (a loop?)", found=pattern)
    base = Path(pattern) if Path(pattern).is_absolute() else Path(pos.file).parent / pattern
    matches = [m for m in sorted(_glob.glob(str(base))) if Path(m).is_file()]
    if not matches:
        facts.note(f"include '{pattern}' matched no file; its secrets were not read", pos)
    for m in matches:
        if m in stack:
            raise error(pos, "include loop", found=m)
        sub = parse_ipsec_secrets_text(read_text(Path(m)), m, follow_includes=True, _stack=stack)
        facts.auth += sub.auth
        facts.psk_secrets += sub.psk_secrets
        facts.notes += sub.notes
        facts.includes.append(m)


def _secret_entry(entry: str, pos: Pos, facts: ConfigFacts) -> None:
    m = re.match(r'^(?P<sel>(?:"[^"]*"|[^:"])*?)\s*:\s*(?P<type>\S+)', entry)
    if not m:
        raise error(pos, "a secrets line needs ': TYPE secret'",
                    expected="[selectors] : TYPE secret, e.g. '@gw : PSK \"...\"'", found=entry[:60])
    stype = m["type"].upper()
    tpos = Pos(pos.file, pos.line, pos.column + m.start("type"))
    if stype not in _SECRET_TYPES:
        raise error(tpos, f"unknown secret type '{m['type']}'",
                    expected="one of " + ", ".join(sorted(_SECRET_TYPES)), found=m["type"])
    selectors = [s.strip('"') for s in re.findall(r'"[^"]*"|\S+', m["sel"])]
    if stype in ("EAP", "XAUTH", "NTLM"):
        for sel in selectors or ["%any"]:
            facts.auth.append(AuthUse(stype.lower(), f"{stype} secret in {Path(pos.file).name}", pos,
                                      shown_identity(sel), per_user=sel.lower() not in WILDCARD_IDS))
    elif stype == "PSK":
        from .psk import fingerprint

        if not selectors or any(s.lower() in WILDCARD_IDS for s in selectors):
            facts.note("a pre-shared key not bound to any identity: any peer may use it", pos)
        facts.psk_secrets.append(PskSecret(tuple(selectors), pos, "PSK line",
                                           fingerprint(entry[m.end():])))
        facts.auth.append(AuthUse("psk", f"PSK secret in {Path(pos.file).name}", pos,
                                  " ".join(shown_identity(s) for s in selectors) or None,
                                  note="secret for the listed identities"
                                  if selectors else "secret for any identity", stored_secret=True))
