"""strongSwan ``charon`` logs: through syslog, and charon's own file logger (``filelog``).

Framings: BSD syslog (``Mar 15 10:21:33 vpn charon: 09[IKE] …``, year inferred), RFC 3339
syslog, and a filelog whose ``time_format`` is ``%b %e %T`` or ISO (``2024-03-15 10:21:33 09[IKE]
…``). A filelog line without a time (charon's default when ``time_format`` is not set) cannot be
placed in time: it is counted as skipped with that reason. In a shared syslog, lines of programs
other than charon are ignored.

What a line says:

* ``IKE_SA rw[3] established between 198.51.100.1[gw]...203.0.113.7[carol@example.com]`` → a
  session starts; the account is the EAP or XAuth identity authenticated just before on the same
  IKE_SA (``<rw|3>`` prefix) or thread, else the remote IKE identity; the address is the peer's;
* ``deleting IKE_SA rw[3] between …`` → the session ends;
* ``… authentication … failed``, ``AUTHENTICATION_FAILED``, ``EAP method … failed`` → failed login;
* any other line → activity.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ._context import ParseContext
from ._text import BSD_PREFIX, bsd_time, infer_years, iter_lines, open_text, parse_iso
from .model import EventKind, Record, SourceStats, normalize_address
from .openvpn import split_syslog

__all__ = ["parse_charon"]

_CHARON_PROG = re.compile(r"charon|strongswan|ipsec", re.I)
_THREAD = re.compile(r"(\d+)\[([A-Z]{3})\] (?:<([^>]*)> )?")
_ISO_FILELOG = re.compile(r"(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?) ")
_EST = re.compile(r"IKE_SA (\S+?)\[(\d+)\] established between (\S+?)\[([^\]]*)\]\.\.\.(\S+?)\[([^\]]*)\]")
_DEL = re.compile(r"deleting IKE_SA (\S+?)\[(\d+)\] between (\S+?)\[([^\]]*)\]\.\.\.(\S+?)\[([^\]]*)\]")
_IDENT = re.compile(
    r"received EAP identity '([^']*)'|XAuth authentication of '([^']*)' successful|"
    r"authentication of '([^']*)' with EAP\S* successful")
_FAIL = re.compile(r"AUTHENTICATION_FAILED|[Aa]uthentication of '[^']*' (?:\(\S+\) )?.*failed|"
                   r"EAP method \S+ failed|XAuth authentication of '[^']*' .*failed")
_STATE_MAX = 10_000
_CACHE_MAX = 8_192


def parse_charon(path: str | Path, stats: SourceStats, ctx: ParseContext) -> Iterator[Record]:
    file = str(path)
    years = infer_years(path, ctx.as_of)
    fallback = ctx.as_of.year
    cache: dict = {}
    identity: dict[str, str] = {}  # "<conn|id>" or thread -> authenticated identity
    sa_account: dict[str, str] = {}  # "conn[id]" -> account, from establishment to deletion
    framing = None
    used_bsd = False
    with open_text(path) as fh:
        for lineno, line in iter_lines(fh):
            stats.lines += 1
            if not line.strip() or line.startswith("#"):
                if line.startswith("#"):
                    stats.comment()
                continue
            # filelog first: a time, then "NN[GRP] "
            t = None
            m = BSD_PREFIX.match(line)
            if m is not None and _THREAD.match(line, m.end()):
                key = m.group(0)
                t = cache.get(key)
                if t is None:
                    t = bsd_time(m, years, fallback)
                    if t is None:
                        stats.skip(lineno, 1, "a time that is not a real date")
                        continue
                    if len(cache) > _CACHE_MAX:
                        cache.clear()
                    cache[key] = t
                msg, col = line[m.end():], m.end() + 1
                framing = framing or "filelog"
                used_bsd = True
            else:
                m = _ISO_FILELOG.match(line)
                if m is not None and _THREAD.match(line, m.end()):
                    t = parse_iso(m.group(1).replace(" ", "T"))
                    if t is None:
                        stats.skip(lineno, 1, "a time that is not a real date")
                        continue
                    msg, col = line[m.end():], m.end() + 1
                    framing = framing or "filelog"
            if t is None:
                if _THREAD.match(line):
                    stats.skip(lineno, 1, "a charon filelog line without a time "
                               "(set time_format in the filelog section of strongswan.conf)")
                    continue
                parsed = split_syslog(line, years, fallback, cache)
                if parsed == "bad-date":
                    stats.skip(lineno, 1, "a time that is not a real date")
                    continue
                if parsed is None:
                    stats.skip(lineno, 1, "not a charon log line (no time stamp at the start)")
                    continue
                t, prog, msg, col = parsed
                if not _CHARON_PROG.match(prog):
                    stats.ignored += 1
                    continue
                framing = framing or "syslog"
                used_bsd = used_bsd or BSD_PREFIX.match(line) is not None
            stats.records += 1
            yield _message(msg, t, file, lineno, col, identity, sa_account)
    if years is not None and used_bsd:
        stats.year_inferred = years.describe()
    if framing:
        stats.note(f"framing: {framing}")
    stats.fail_if_nothing_read("a charon log line")


def _message(msg: str, t, file: str, lineno: int, col: int, identity: dict,
             sa_account: dict) -> Record:
    tm = _THREAD.match(msg)
    if tm is not None:
        thread, ike = tm.group(1), tm.group(3)
        body = msg[tm.end():]
    else:
        thread, ike, body = "", None, msg
    key = ike or thread
    if "established between" in body:
        em = _EST.search(body)
        if em is not None:
            sa = f"{em.group(1)}[{em.group(2)}]"
            account = identity.pop(key, None) or _ident(em.group(6))
            if len(sa_account) > _STATE_MAX:
                sa_account.clear()
            if account:
                sa_account[sa] = account
            return Record(t, EventKind.connect, account, normalize_address(em.group(5)), file,
                          lineno, col + tm.end() if tm else col)
    if "deleting IKE_SA" in body:
        dm = _DEL.search(body)
        if dm is not None:
            sa = f"{dm.group(1)}[{dm.group(2)}]"
            account = sa_account.pop(sa, None) or _ident(dm.group(6))
            return Record(t, EventKind.disconnect, account, normalize_address(dm.group(5)), file,
                          lineno, col)
    if "identity" in body or "successful" in body:
        im = _IDENT.search(body)
        if im is not None and "(myself)" not in body:
            who = im.group(1) or im.group(2) or im.group(3)
            if len(identity) > _STATE_MAX:
                identity.clear()
            if who:
                identity[key] = who
            return Record(t, EventKind.activity, _ident(who), None, file, lineno, col)
    if "fail" in body or "FAIL" in body:
        if _FAIL.search(body) is not None:
            return Record(t, EventKind.auth_fail, None, None, file, lineno, col)
    return Record(t, EventKind.activity, None, None, file, lineno, col)


def _ident(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return None if text in ("", "%any", "0.0.0.0", "::") else text
