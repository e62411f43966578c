"""strongSwan: ``swanctl.conf`` (with its includes) and the logging sections of ``strongswan.conf``.

The legacy ``ipsec.conf`` and ``ipsec.secrets`` live in ``strongswan_legacy``.

swanctl.conf facts: per connection, the IKE ``proposals`` and each child's ``esp_proposals`` /
``ah_proposals`` (every keyword normalised, an unknown keyword is an InputError as strongSwan
refuses it too), ``local_addrs``/``remote_addrs`` as endpoints, and the authentication rounds
(``local*``/``remote*`` sections, ``auth`` defaulting to ``pubkey``). ``secrets`` are read for
whom they are (never their value).

strongswan.conf facts: the loggers of each charon daemon section (``filelog``, ``syslog``,
``journal`` for charon-systemd) with their levels. A level of -1 is silent. Where no logger is
configured, strongSwan's default loggers apply (noted as such).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

from . import _settings
from ._privacy import shown_identity
from ._settings import Section, Setting
from ._source import error
from .algorithms import UnknownKeyword, strongswan_proposal
from .facts import AlgorithmUse, AuthUse, ConfigFacts, Endpoint, Kind, LogSink, PskSecret

__all__ = ["parse_swanctl", "parse_strongswan_conf", "swanctl_facts", "strongswan_conf_facts",
           "classify_auth", "proposal_uses", "WILDCARD_IDS", "is_wildcard_addr"]

DAEMONS = ("charon", "charon-systemd", "charon-nm", "charon-svc", "charon-cmd", "charon-tkm")
WILDCARD_IDS = ("%any", "%any4", "%any6", "*", "")


def parse_swanctl(path: Path) -> ConfigFacts:
    """Parse a swanctl.conf file (and its includes)."""
    result = _settings.parse_settings(path)
    return swanctl_facts(result.root, str(path), result.notes, result.files)


def parse_strongswan_conf(path: Path) -> ConfigFacts:
    """Parse a strongswan.conf file (and its includes) for its logging configuration."""
    result = _settings.parse_settings(path)
    return strongswan_conf_facts(result.root, str(path), result.notes, result.files)


# -- shared helpers ----------------------------------------------------------------------------

def proposal_uses(setting: Setting, context: str) -> list[AlgorithmUse]:
    """Every keyword of a proposal setting, normalised; InputError on an unknown keyword."""
    uses = []
    try:
        tokens = strongswan_proposal(setting.value)
    except UnknownKeyword as exc:
        offset = setting.value.lower().find(str(exc).lower())
        raise error(setting.offset_pos(max(offset, 0)), f"unknown algorithm keyword '{exc}' in {context}",
                    expected="a strongSwan proposal keyword (aes256gcm16, sha256, prfsha384, ecp384, "
                    "sm4, sm3, ...)", found=str(exc)) from None
    for offset, token, alg in tokens:
        if alg is not None:
            uses.append(AlgorithmUse(alg, token, context, setting.offset_pos(offset)))
    return uses


def classify_auth(value: str) -> str:
    """strongSwan ``auth`` value → method: pubkey, psk, eap-<type>, xauth."""
    v = value.strip().lower()
    if v.startswith("eap"):
        return v.split(":")[0] if v != "eap" else "eap"
    if v.startswith("xauth"):
        return "xauth"
    if v in ("psk", "secret"):
        return "psk"
    if v == "null":
        return "null"
    return "pubkey"


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.replace(" ", ",").split(",") if v.strip()]


def is_wildcard_addr(addr: str) -> bool:
    """True for addresses that match many peers: %any, subnets and ranges."""
    a = addr.strip().lower()
    if a in ("%any", "%any4", "%any6", "0.0.0.0", "::", "*") or "/" in a:
        return True
    if "-" in a:
        first, _, last = a.partition("-")
        try:
            ipaddress.ip_address(first.strip())
            ipaddress.ip_address(last.strip())
            return True
        except ValueError:
            return False
    return False


# -- swanctl.conf ------------------------------------------------------------------------------

def swanctl_facts(root: Section, file: str, notes: list, files: list[str]) -> ConfigFacts:
    facts = ConfigFacts(file=file, kind=Kind.swanctl, includes=[f for f in files if f != file])
    for text, pos in notes:
        facts.note(text, pos)
    for conns in root.children("connections"):
        for conn in conns.sections:
            _connection(conn, facts)
    for secrets in root.children("secrets"):
        _secrets(secrets, facts)
    return facts


def _connection(conn: Section, facts: ConfigFacts) -> None:
    name = conn.name
    prop = conn.get("proposals")
    if prop is None or prop.value.strip().lower() == "default":
        facts.defaults_apply.append((f"IKE proposals of connection {name}", (prop or conn).pos))
    else:
        facts.algorithms += proposal_uses(prop, f"IKE proposals of connection {name}")
    for children in conn.children("children"):
        for child in children.sections:
            esp, ah = child.get("esp_proposals"), child.get("ah_proposals")
            for setting, what in ((esp, "ESP"), (ah, "AH")):
                if setting is not None and setting.value.strip().lower() != "default":
                    facts.algorithms += proposal_uses(setting, f"{what} proposals of {name}/{child.name}")
            if esp is None and ah is None:
                facts.defaults_apply.append((f"ESP proposals of {name}/{child.name}", child.pos))
    remote_addrs = conn.get("remote_addrs")
    addrs = _split(remote_addrs.value) if remote_addrs else []
    roaming = not addrs or any(is_wildcard_addr(a) for a in addrs)
    for a in addrs:
        if not is_wildcard_addr(a):
            facts.endpoints.append(Endpoint(a, "remote", f"connection {name}", remote_addrs.pos))
    local_addrs = conn.get("local_addrs")
    for a in _split(local_addrs.value) if local_addrs else []:
        if not is_wildcard_addr(a):
            facts.endpoints.append(Endpoint(a, "local", f"connection {name}", local_addrs.pos))
    facts.roles.add("server" if roaming else "site")
    _rounds(conn, "remote", roaming, facts)
    _rounds(conn, "local", roaming, facts)


def _rounds(conn: Section, side: str, roaming: bool, facts: ConfigFacts) -> None:
    rounds = sorted((s for s in conn.sections if s.name.startswith(side)), key=lambda s: s.name)
    methods = []
    for r in rounds:
        auth = r.get("auth")
        method = classify_auth(auth.value) if auth else "pubkey"
        ident = r.get("id") or r.get("eap_id") or r.get("xauth_id")
        methods.append((r, auth, method, ident.value.strip() if ident else None))
    for i, (r, auth, method, raw_ident) in enumerate(methods):
        pos = auth.pos if auth else r.pos
        ctx = f"{side} authentication of connection {conn.name} ({r.name})"
        ident = shown_identity(raw_ident)
        if method == "null":
            facts.auth.append(AuthUse(method, ctx, pos, ident, shared=side == "remote",
                                      note="anonymous (NULL) authentication: nobody is identified"))
            continue
        if method != "psk":
            own = side == "local" and roaming  # a gateway's own credential identifies no user
            facts.auth.append(AuthUse(method, ctx, pos, ident, per_user=not own,
                                      note="the gateway's own credential" if own else None))
            continue
        later = any(m in ("xauth", "pubkey") or m.startswith("eap") for _, _, m, _ in methods[i + 1:])
        wildcard_id = raw_ident is None or raw_ident.lower() in WILDCARD_IDS or "*" in raw_ident
        if side == "remote" and roaming and wildcard_id and not later:
            # the key is looked up by the identity the peer claims: the secrets decide (psk.py)
            facts.auth.append(AuthUse("psk", ctx, pos, ident, psk_lookup=True,
                                      local_ids=_local_ids(conn),
                                      note="a pre-shared key accepted from any peer"))
        elif side == "remote" and roaming and not wildcard_id:
            facts.auth.append(AuthUse("psk", ctx, pos, ident, per_user=True,
                                      note="a pre-shared key bound to this identity"))
        else:
            note = "followed by a per-user round" if later else \
                "pre-shared key between two fixed peers" if not roaming else None
            facts.auth.append(AuthUse("psk", ctx, pos, ident, note=note))


def _local_ids(conn: Section) -> tuple[str, ...]:
    """The gateway's own identities and addresses in a connection (a key bound only to them
    serves every peer)."""
    ids = [r.get("id").value.strip() for r in conn.sections if r.name.startswith("local") and r.get("id")]
    local_addrs = conn.get("local_addrs")
    ids += _split(local_addrs.value) if local_addrs else []
    return tuple(i for i in ids if i)


def _secrets(section: Section, facts: ConfigFacts) -> None:
    """``secrets.ike<suffix>`` sections: whom each pre-shared key is for (never its value)."""
    from .psk import fingerprint

    for s in section.sections:
        if not s.name.lower().startswith("ike"):
            continue  # eap*, xauth*, ntlm*, ppk*, private*, rsa*, ...: not IKE pre-shared keys
        ids = tuple(x.value.strip() for x in s.settings if x.key.startswith("id"))
        value = s.get("secret")
        facts.psk_secrets.append(PskSecret(ids, s.pos, "the ike secret",
                                           fingerprint(value.value) if value is not None else ""))
        if not ids or any(i.lower() in WILDCARD_IDS for i in ids):
            facts.note("this ike secret is a pre-shared key not bound to any identity", s.pos)


# -- strongswan.conf ---------------------------------------------------------------------------

def strongswan_conf_facts(root: Section, file: str, notes: list, files: list[str]) -> ConfigFacts:
    facts = ConfigFacts(file=file, kind=Kind.strongswan_conf, includes=[f for f in files if f != file])
    for text, pos in notes:
        facts.note(text, pos)
    sinks: list[LogSink] = []
    daemons = [s for s in root.sections if s.name in DAEMONS]
    for name in dict.fromkeys(d.name for d in daemons):  # same-named sections merge, as in strongSwan
        same = [d for d in daemons if d.name == name]
        found = []
        for d in same:
            for fl in d.children("filelog"):
                for logger in fl.sections:
                    path = logger.get("path")
                    dest = path.value if path else logger.name
                    found.append(_sink(f"{name} file {dest}", logger, facts,
                                       off=dest.strip() in ("/dev/null", "")))
            for sl in d.children("syslog"):
                for facility in sl.sections:
                    found.append(_sink(f"{name} syslog {facility.name}", facility, facts))
            for jl in d.children("journal"):
                found.append(_sink(f"{name} journal", jl, facts))
        if not found:
            default = "journal" if name == "charon-systemd" else "syslog daemon and auth"
            found.append(LogSink(f"{name} {default} (default loggers)", "1", True, same[0].pos, default=True))
            facts.note(f"{name}: no logger configured; strongSwan's default loggers apply", same[0].pos)
        sinks += found
    if not daemons:
        sinks.append(LogSink("charon syslog daemon and auth (default loggers)", "1", True, root.pos,
                             default=True))
        facts.note("no charon section: strongSwan's default loggers apply", root.pos)
    facts.logging = sinks
    return facts


def _sink(dest: str, section: Section, facts: ConfigFacts, off: bool = False) -> LogSink:
    levels = {}
    for s in section.settings:
        if s.key in ("path", "time_format", "time_add_ms", "ike_name", "log_level", "append",
                     "flush_line", "identifier", "map_level", "json", "log_thread"):
            continue
        try:
            levels[s.key] = int(s.value.strip())
        except ValueError:
            facts.note(f"log level '{s.key} = {s.value}' is not a number; strongSwan ignores it", s.pos)
    default = levels.get("default", 1)
    enabled = not off and (default >= 0 or any(v >= 0 for k, v in levels.items() if k != "default"))
    where = section.get("default")
    level = f"default {default}" + "".join(f", {k} {v}" for k, v in levels.items() if k != "default")
    return LogSink(dest, level, enabled, where.pos if where else section.pos)
