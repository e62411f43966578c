"""OpenVPN: server and client configs and ``.ovpn`` profiles.

Syntax as OpenVPN reads it (``options.c``): one directive per line, words separated by blanks,
``"double"`` and ``'single'`` quotes, backslash escapes outside single quotes, ``#`` or ``;``
starting a comment where a word would start, an optional leading ``--``, and inline files::

    <ca>
    -----BEGIN CERTIFICATE-----
    ...
    </ca>

``<connection>`` blocks hold directives of their own. An unclosed quote or inline block is an
InputError at its line and column; an option kuajing does not know is a note.

Facts: ``remote``/``local`` endpoints; ``cipher``, ``data-ciphers`` (``ncp-ciphers``),
``data-ciphers-fallback``, ``auth``, ``tls-cipher``, ``tls-ciphersuites``, ``tls-groups``,
``ecdh-curve``, ``tls-version-min``, the size of the ``dh`` parameters (inline, or the file
beside the config); authentication (``secret`` static key, client certificates,
``auth-user-pass``, ``verify-client-cert``, ``duplicate-cn``, ``tls-auth``/``tls-crypt``);
logging (``verb``, ``log``, ``log-append``, ``syslog``, ``status``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ._openvpn_options import INLINE_TAGS, KNOWN_OPTIONS
from ._source import check_text, error, read_text
from .algorithms import (Algorithm, Role, openssl_cipher, openssl_digest, tls_group, tls_suite,
                         weak_reason_for_dh_bits)
from .facts import AlgorithmUse, AuthUse, ConfigFacts, Endpoint, Kind, LogSink, Pos

__all__ = ["Directive", "parse_openvpn", "parse_openvpn_text", "tokenize", "directives"]

_NAME_RX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_CIPHER_KEYWORDS = {"HIGH", "MEDIUM", "DEFAULT", "ALL", "COMPLEMENTOFDEFAULT", "COMPLEMENTOFALL",
                    "ECDH", "EECDH", "EDH", "DHE", "ECDHE", "RSA", "AES", "AESGCM", "SHA256", "SHA384",
                    "CHACHA20", "KRSA", "KEDH", "KEECDH", "ARSA", "AECDSA", "TLSV1.2", "SSLV3",
                    "TLSV1", "PSK", "STRENGTH", "FIPS", "SUITEB128", "SUITEB192", "SUITEB128ONLY"}
_WEAK_KEYWORDS = {"LOW": "the LOW OpenSSL cipher class (64- and 56-bit ciphers)",
                  "EXPORT": "export-grade suites", "EXP": "export-grade suites",
                  "ENULL": "unencrypted suites", "NULL": "unencrypted suites",
                  "ANULL": "unauthenticated suites", "MD5": "MD5-based suites", "RC4": "RC4 suites",
                  "DES": "DES suites", "3DES": "3DES suites"}


@dataclass(frozen=True)
class Directive:
    name: str
    args: tuple[str, ...]
    pos: Pos
    arg_pos: tuple[Pos, ...] = ()
    inline: str | None = None  # body of an inline <tag> block

    def arg(self, i: int, default: str | None = None) -> str | None:
        return self.args[i] if i < len(self.args) else default


def tokenize(line: str, pos: Pos) -> list[tuple[str, int]]:
    """Split one line as OpenVPN does → (word, 1-based column)."""
    out: list[tuple[str, int]] = []
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch in " \t\r\f\v":
            i += 1
            continue
        if ch in "#;":
            break
        start = i
        if ch in "\"'":
            quote = ch
            i += 1
            buf = []
            while i < n and line[i] != quote:
                if quote == '"' and line[i] == "\\" and i + 1 < n:
                    i += 1
                buf.append(line[i])
                i += 1
            if i >= n:
                what = "quotation (\")" if quote == '"' else "single quotation (')"
                raise error(Pos(pos.file, pos.line, start + 1), f"no closing {what}",
                            expected=f"a closing {quote} on the same line", found="end of line")
            i += 1
            out.append(("".join(buf), start + 1))
            continue
        buf = []
        while i < n and line[i] not in " \t\r\f\v":
            if line[i] == "\\" and i + 1 < n:
                i += 1
            buf.append(line[i])
            i += 1
        out.append(("".join(buf), start + 1))
    return out


def directives(text: str, file: str, _first_line: int = 1, _depth: int = 0) -> list[Directive]:
    """All directives of a config (inline blocks attached to their tag directive)."""
    lines = text.split("\n")
    out: list[Directive] = []
    i = 0
    while i < len(lines):
        n = i + _first_line
        pos = Pos(file, n, 1)
        words = tokenize(lines[i], pos)
        i += 1
        if not words:
            continue
        name, col = words[0]
        if name.startswith("--"):
            name = name[2:]
        wpos = Pos(file, n, col)
        if name.startswith("<") and name.endswith(">") and len(words) == 1 and len(name) > 2:
            tag = name[1:-1]
            if tag.startswith("/"):
                raise error(wpos, f"closing tag {name} without an opening <{tag[1:]}>",
                            expected=f"<{tag[1:]}> before it", found=name)
            if tag == "connection" and _depth > 0:
                raise error(wpos, "<connection> inside <connection>", expected="one level only")
            close = f"</{tag}>"
            body_start = i
            while i < len(lines) and lines[i].strip() != close:
                i += 1
            if i >= len(lines):
                raise error(wpos, f"inline block <{tag}> is not closed", expected=close,
                            found="end of file")
            body = "\n".join(lines[body_start:i])
            i += 1
            if tag == "connection":
                for d in directives(body, file, body_start + _first_line, _depth + 1):
                    out.append(Directive(d.name, d.args, d.pos, d.arg_pos, d.inline))
                out.append(Directive("connection", (), wpos, (), body))
            else:
                out.append(Directive(tag, ("[inline]",), wpos, (wpos,), body))
            continue
        if not _NAME_RX.match(name):
            raise error(wpos, f"'{name[:40]}' is not an OpenVPN option name",
                        expected="an option such as 'remote', 'cipher' or 'dev' at the start of the line",
                        found=name[:60])
        out.append(Directive(name.lower(), tuple(w for w, _ in words[1:]), wpos,
                             tuple(Pos(file, n, c) for _, c in words[1:])))
    return out


def parse_openvpn(path: Path) -> ConfigFacts:
    return parse_openvpn_text(read_text(path), str(path), follow_files=True)


def parse_openvpn_text(text: str, file: str = "<string>", *, follow_files: bool = False) -> ConfigFacts:
    """Facts of an OpenVPN config. With ``follow_files`` the DH parameter file named by ``dh`` is
    read (relative to the config's folder) to judge its size; an inline ``<dh>`` block always is."""
    facts = ConfigFacts(file=file, kind=Kind.openvpn)
    ds = directives(check_text(text, file), file)
    last: dict[str, Directive] = {}
    for d in ds:
        if d.name not in KNOWN_OPTIONS and d.name not in INLINE_TAGS and d.name != "connection":
            facts.note(f"option '{d.name}' is not a known OpenVPN option (a patched build?)", d.pos)
        last[d.name] = d
    _role(last, facts)
    _endpoints(ds, facts)
    _algorithms(last, facts)
    _dh(last.get("dh"), facts, follow_files)
    _auth(last, facts)
    _logging(last, facts, ds[0].pos if ds else Pos(file, 1, 1))
    return facts


def _role(last: dict[str, Directive], facts: ConfigFacts) -> None:
    if "secret" in last and "tls-client" not in last and "tls-server" not in last and "client" not in last:
        facts.roles.add("peer")
    elif "client" in last or "tls-client" in last or "remote" in last and "server" not in last:
        facts.roles.add("client")
    if "server" in last or "tls-server" in last or ("mode" in last and last["mode"].arg(0) == "server"):
        facts.roles.add("server")


def _endpoints(ds: list[Directive], facts: ConfigFacts) -> None:
    for d in ds:
        if d.name not in ("remote", "local") or not d.args:
            continue
        port = d.arg(1)
        facts.endpoints.append(Endpoint(d.args[0], d.name, f"{d.name} directive", d.arg_pos[0],
                                        port=int(port) if port and port.isdigit() and int(port) < 65536
                                        else None))


def _use(alg: Algorithm, token: str, context: str, pos: Pos, facts: ConfigFacts) -> None:
    facts.algorithms.append(AlgorithmUse(alg, token, context, pos))
    if not alg.known:
        facts.note(f"algorithm '{token}' is not in kuajing's table; not judged", pos)


def _list(d: Directive) -> list[tuple[str, Pos]]:
    """Colon-separated values of the first argument, each with its position."""
    if not d.args:
        return []
    out, col = [], d.arg_pos[0].column
    at = 0
    for part in d.args[0].split(":"):
        if part:
            out.append((part, Pos(d.pos.file, d.pos.line, col + at)))
        at += len(part) + 1
    return out


def _algorithms(last: dict[str, Directive], facts: ConfigFacts) -> None:
    data = None
    for name in ("data-ciphers", "ncp-ciphers"):
        if name in last:
            data = last[name]
            for tok, pos in _list(data):
                _use(openssl_cipher(tok), tok, f"{name} (data channel)", pos, facts)
            break
    for name in ("cipher", "data-ciphers-fallback"):
        d = last.get(name)
        if d and d.args:
            _use(openssl_cipher(d.args[0]), d.args[0], f"{name} (data channel)", d.arg_pos[0], facts)
    if data is None and "cipher" not in last:
        facts.defaults_apply.append(("data-channel cipher (version-dependent default: BF-CBC before "
                                     "OpenVPN 2.4, AES-GCM negotiation from 2.4)", _first(last, facts)))
    d = last.get("auth")
    if d and d.args:
        _use(openssl_digest(d.args[0]), d.args[0], "auth (HMAC digest)", d.arg_pos[0], facts)
    d = last.get("tls-cipher")
    if d:
        for tok, pos in _list(d):
            _tls_cipher_token(tok, pos, facts)
    d = last.get("tls-ciphersuites")
    if d:
        for tok, pos in _list(d):
            _use(tls_suite(tok), tok, "tls-ciphersuites (TLS 1.3)", pos, facts)
    for name in ("tls-groups", "ecdh-curve"):
        d = last.get(name)
        if d:
            for tok, pos in _list(d):
                _use(tls_group(tok), tok, name, pos, facts)
    d = last.get("tls-version-min")
    if d and d.args:
        v = d.args[0]
        weak = "TLS 1.0 and 1.1 are deprecated (RFC 8996)" if v in ("1.0", "1.1") else None
        _use(Algorithm(f"TLS-{v}", Role.protocol, "TLS", weak=weak, known=v in ("1.0", "1.1", "1.2", "1.3")),
             v, "tls-version-min", d.arg_pos[0], facts)


# -- DH parameters ----------------------------------------------------------------------------

_DH_PEM = re.compile(r"-----BEGIN (?:X9\.42 )?DH PARAMETERS-----(.*?)-----END (?:X9\.42 )?DH PARAMETERS-----",
                     re.S)
_DH_FILE_MAX = 64 * 1024


def _der_length(data: bytes, i: int) -> tuple[int, int]:
    """(length, index after it) of the DER length at ``data[i]``; ValueError if malformed."""
    if i >= len(data):
        raise ValueError("truncated")
    first = data[i]
    if first < 0x80:
        return first, i + 1
    n = first & 0x7F
    if n == 0 or n > 4 or i + 1 + n > len(data):
        raise ValueError("bad length")
    return int.from_bytes(data[i + 1:i + 1 + n], "big"), i + 1 + n


def dh_prime_bits(pem: str) -> int:
    """The size in bits of the prime of PEM ``DH PARAMETERS`` (PKCS #3 or X9.42: a SEQUENCE whose
    first INTEGER is the prime p); ValueError if the text holds no readable parameters."""
    import base64
    import binascii

    m = _DH_PEM.search(pem)
    if m is None:
        raise ValueError("no -----BEGIN DH PARAMETERS----- block")
    try:
        der = base64.b64decode("".join(m.group(1).split()), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the block is not base64") from None
    if len(der) < 2 or der[0] != 0x30:
        raise ValueError("not a DER SEQUENCE")
    _, i = _der_length(der, 1)
    if i >= len(der) or der[i] != 0x02:
        raise ValueError("the first element is not an INTEGER")
    length, i = _der_length(der, i + 1)
    prime = der[i:i + length]
    if len(prime) != length or not length:
        raise ValueError("truncated prime")
    return int.from_bytes(prime, "big").bit_length()


def _dh(d: Directive | None, facts: ConfigFacts, follow_files: bool) -> None:
    """The finite-field DH group of a TLS server (``dh FILE``, ``<dh>`` inline, ``dh none``)."""
    if d is None or not d.args:
        return
    name = d.args[0]
    if name == "none":
        facts.note("dh none: no finite-field Diffie-Hellman; key exchange is by ECDHE", d.pos)
        return
    if d.inline is not None:
        try:
            bits = dh_prime_bits(d.inline)
        except ValueError as exc:
            raise error(d.pos, f"the inline <dh> block cannot be read: {exc}",
                        expected="PEM DH PARAMETERS (as written by openssl dhparam)",
                        found="an unreadable block") from None
        where = "inline <dh> block"
    else:
        path = Path(name) if Path(name).is_absolute() else Path(facts.file).parent / name
        if not follow_files:
            facts.note(f"DH parameters in '{name}' not opened: their size is not judged", d.pos)
            return
        try:
            if not path.is_file() or path.stat().st_size > _DH_FILE_MAX:
                raise OSError("not found beside the configuration")
            bits = dh_prime_bits(path.read_text(encoding="ascii", errors="replace"))
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            facts.note(f"DH parameters in '{name}' could not be read ({reason}): their size is not judged; "
                       "give the file beside the configuration or check it with 'openssl dhparam -text'",
                       d.pos)
            return
        where = f"DH parameter file {name}"
    pos = d.arg_pos[0] if d.arg_pos else d.pos
    _use(Algorithm(f"MODP-{bits}", Role.key_exchange, "MODP", bits,
                   weak=weak_reason_for_dh_bits("MODP", bits)), name, f"dh ({where}, TLS DHE)", pos, facts)


def _first(last: dict[str, Directive], facts: ConfigFacts) -> Pos:
    return min((d.pos for d in last.values()), key=lambda p: p.line, default=Pos(facts.file, 1, 1))


def _tls_cipher_token(tok: str, pos: Pos, facts: ConfigFacts) -> None:
    if tok[0] in "!-":
        return
    bare = tok.lstrip("+").upper()
    if bare.startswith("@SECLEVEL="):
        if bare.endswith("=0"):
            _use(Algorithm("SECLEVEL-0", Role.tls_suite, "TLS", weak="@SECLEVEL=0 allows every legacy "
                           "algorithm"), tok, "tls-cipher", pos, facts)
        return
    if bare in _WEAK_KEYWORDS:
        _use(Algorithm(bare, Role.tls_suite, "TLS", weak=_WEAK_KEYWORDS[bare]), tok, "tls-cipher", pos, facts)
        return
    if bare in _CIPHER_KEYWORDS or bare.startswith("@"):
        facts.note(f"tls-cipher class '{tok}': the suites it selects depend on the OpenSSL build", pos)
        return
    _use(tls_suite(tok), tok, "tls-cipher (TLS 1.2 and older)", pos, facts)


def _auth(last: dict[str, Directive], facts: ConfigFacts) -> None:
    secret = last.get("secret")
    if secret and "tls-server" not in last and "tls-client" not in last and "client" not in last \
            and "server" not in last:
        facts.auth.append(AuthUse("static-key", "secret (pre-shared static key)", secret.pos, shared=True,
                                  note="one static key is the only authentication; no per-user identity"))
    server = "server" in facts.roles
    if server:
        no_cert = last.get("verify-client-cert")
        certless = (no_cert is not None and no_cert.arg(0) == "none") or "client-cert-not-required" in last
        verify = last.get("auth-user-pass-verify") or last.get("plugin")
        if verify is not None:
            facts.auth.append(AuthUse("user-pass", "auth-user-pass-verify / plugin", verify.pos, per_user=True,
                                      note="each client logs in with a username and password"))
        if not certless:
            dup = last.get("duplicate-cn")
            anchor = last.get("ca") or last.get("tls-server") or last.get("server") or last.get("mode")
            pos = anchor.pos if anchor else _first(last, facts)
            if dup is not None and verify is None:
                facts.auth.append(AuthUse("pubkey", "client certificates with duplicate-cn", dup.pos,
                                          shared=True, note="duplicate-cn lets every client use the same "
                                          "certificate and no password check follows"))
            else:
                facts.auth.append(AuthUse("pubkey", "client certificates", pos, per_user=dup is None,
                                          note="duplicate-cn: one certificate may serve several clients"
                                          if dup is not None else None))
        elif verify is None:
            facts.note("verify-client-cert none without a password check: clients are not identified",
                       no_cert.pos if no_cert else last["client-cert-not-required"].pos)
    elif "client" in facts.roles:
        aup = last.get("auth-user-pass")
        if aup is not None:
            facts.auth.append(AuthUse("user-pass", "auth-user-pass", aup.pos, per_user=True,
                                      note="the user logs in with a personal username and password"))
        cert = last.get("cert") or last.get("pkcs12")
        if cert is not None:
            inline = cert.inline is not None
            facts.auth.append(AuthUse("pubkey", "client certificate", cert.pos, per_user=aup is None,
                                      note="a certificate embedded in a distributed profile may be shared by "
                                      "everyone who has the profile" if inline else None))
    for name in ("tls-auth", "tls-crypt", "tls-crypt-v2"):
        d = last.get(name)
        if d is not None:
            facts.auth.append(AuthUse(name, f"{name} key", d.pos,
                                      note="a key common to all clients that protects the control channel; "
                                      "it does not identify users" if name != "tls-crypt-v2" else
                                      "a per-client wrapped key for the control channel"))


def _logging(last: dict[str, Directive], facts: ConfigFacts, start: Pos) -> None:
    verb = last.get("verb")
    level = verb.arg(0, "1") if verb else "1"
    try:
        lvl = int(level)
    except (TypeError, ValueError):
        raise error(verb.arg_pos[0] if verb and verb.arg_pos else start, "verb needs a number",
                    expected="0 to 11", found=level) from None
    where = verb.pos if verb else start
    sinks: list[LogSink] = []
    for name in ("log", "log-append"):
        d = last.get(name)
        if d is not None and d.args:
            dest = d.args[0]
            off = dest in ("/dev/null", "NUL", "nul")
            sinks.append(LogSink(f"file {dest}", f"verb {lvl}", lvl > 0 and not off, d.pos))
    d = last.get("syslog")
    if d is not None:
        sinks.append(LogSink(f"syslog {d.arg(0, 'openvpn')}", f"verb {lvl}", lvl > 0, d.pos))
    if not sinks:
        sinks.append(LogSink("standard output (journal under systemd)", f"verb {lvl}", lvl > 0, where,
                             default=True))
    if verb is not None and lvl == 0:
        facts.note("verb 0: only fatal errors are logged, no connection events", verb.pos)
    st = last.get("status")
    if st is not None and st.args:
        sinks.append(LogSink(f"status file {st.args[0]}", "connected clients (snapshot)", True, st.pos,
                             kind="status"))
    facts.logging = sinks
