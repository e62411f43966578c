"""The compiled pass (``kernel``) against the readable references it replaces.

* shapes: ``kernel.candidates.shape_spans`` equals ``tokens.Tokens.spans`` on generated text;
* checks: a compiled check accepts exactly what the recognizer's ``validate_batch`` accepts (the
  numpy form that produced the results before; it agrees with ``validate`` on every recognizer
  table row, see test_recognizers), and exactly what ``validate`` accepts wherever the two agree;
* normal forms and hashes: the HMAC messages equal ``entity NUL normalize(value)`` and the hashes
  equal ``kuajing.secrets.subject_hash``.

All values are synthetic: random digit strings, and identifiers made valid with the check
functions of ``checksums`` (MOD 11-2, Luhn), generated with a fixed seed.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from kuajing.evidence.scan.checksums import luhn_ok, mod11_2_check_char
from kuajing.evidence.scan.engine import Segment
from kuajing.evidence.scan.kernel.candidates import TokenKernel, shape_spans
from kuajing.evidence.scan.kernel.context import WordTable, word_after, word_near
from kuajing.evidence.scan.kernel.hmac import Hasher
from kuajing.evidence.scan.kernel.identify import Identifier
from kuajing.evidence.scan.kernel.masks import KEEP, PYTHON_MASK, mask_kind, quoted_masks
from kuajing.evidence.scan.kernel.radix import sorted_distinct
from kuajing.evidence.scan.kernel.shapes import ByteScan
from kuajing.evidence.scan.kernel.utf8 import utf8_valid
from kuajing.evidence.scan.keywords import CONTEXT
from kuajing.evidence.scan.mask import mask_keep
from kuajing.evidence.scan.model import Validation
from kuajing.evidence.scan.recognizers import TokenRecognizer, all_recognizers
from kuajing.evidence.scan.recognizers.travel_documents import _LetterDigits
from kuajing.evidence.scan.tokens import SHAPES, Tokens
from kuajing.evidence.scan.width import WIDE, fold_segment, fold_text
from kuajing.secrets import subject_hash

from .conftest import KEY, ON

PIECES = ["+86", "0086", "(010)", "021-", "0755 ", "a.b", "x@y.cn", "@", "..", "-", " ", ".", "X", "x", "E", "DE",
          "C", "H", "L", "@ex.com", "zz", "，", "1.2345,", "号", "\n", "\x1f", "v", ":", ",", "_", "ZHANG.san",
          "/", "Ab/"]


def _luhn_complete(body: str) -> str:
    for d in "0123456789":
        if luhn_ok(body + d):
            return body + d
    raise AssertionError


def _value(r: random.Random) -> str:
    """A plausible identifier (often valid, sometimes off by one) or a random digit string."""
    kind = r.randrange(9)
    if kind == 0:
        f17 = r.choice(["110105", "440524", "310104", "990101", "810000", "500231"]) + \
            f"{r.randint(1890, 2030)}{r.randint(0, 13):02d}{r.randint(0, 32):02d}{r.randint(0, 999):03d}"
        v = f17 + (mod11_2_check_char(f17) if r.random() < 0.7 else r.choice("0123456789Xx"))
        if r.random() < 0.3:       # 6-8-4 grouping, now and then with mixed separators
            s1, s2 = r.choice([" ", "-"]), r.choice([" ", "-", " ", "-", ""]) or r.choice(" -")
            v = f"{v[:6]}{s1}{v[6:14]}{s2}{v[14:]}"
        return v
    if kind == 1:
        return f"{r.choice(['110105', '440524', '710000'])}{r.randint(0, 99):02d}{r.randint(0, 13):02d}" \
               f"{r.randint(0, 32):02d}{r.randint(0, 999):03d}"
    if kind == 2:
        body = r.choice(["62", "60", "4", "51", "2221", "3528", "34", "9"]) + \
            "".join(r.choice("0123456789") for _ in range(r.randint(12, 17)))
        card = _luhn_complete(body) if r.random() < 0.7 else body + "1"
        if r.random() < 0.3:
            card = " ".join(card[i:i + 4] for i in range(0, len(card), 4))
        return card
    if kind == 3:
        m = r.choice(["138", "145", "162", "199", "120", "140", "170"]) + f"{r.randint(0, 10**8 - 1):08d}"
        return r.choice([m, "+86 " + m, "0086" + m, "86" + m, f"{m[:3]}-{m[3:7]}-{m[7:]}", f"+86 {m[:3]} {m[3:7]} {m[7:]}",
                         f"0086 {m[:3]} {m[3:7]} {m[7:]}", f"0086-{m[:3]}-{m[3:7]}-{m[7:]}"])
    if kind == 4:
        v = ".".join(str(r.choice([0, 1, 10, 64, 127, 128, 192, 255, 256, 999, r.randint(0, 300)])) for _ in range(4))
        if r.random() < 0.3:       # CIDR notation (networks and addresses with their prefix)
            v += f"/{r.choice([0, 8, 16, 24, 25, 26, 29, 30, 31, 32, 33, 100])}"
        elif r.random() < 0.3:     # a netmask after a space or "/"
            v += r.choice([" ", "/", "  ", "-"]) + r.choice(
                ["255.255.255.248", "255.255.255.0", "255.255.0.0", "255.255.255.252", "255.255.255.254",
                 "255.255.255.255", "255.0.255.0", "254.0.0.0", "255.255.255.1000", "255.255.255", "255.255.255.0.1",
                 "255.255.255.128x"])
        if r.random() < 0.1:       # a product version
            v = r.choice(["Chrome/", "v/", "a /", "//", "outside:", ":"]) + v
        if r.random() < 0.2:       # a path or a file name after the prefix
            v += r.choice(["/", "/x", ".html", ".", ".5", "a"])
        return v
    if kind == 5 and r.random() < 0.3:    # international form: +86, the area code without its 0
        local = f"{r.randint(0, 10**8 - 1):0{r.choice([7, 8])}d}"
        if r.random() < 0.5:
            local = f"{local[:-4]}{r.choice([' ', '-'])}{local[-4:]}"
        sep = r.choice([" ", "-", " ", "--", ""])
        prefix = r.choice(["+86", "+86", "(+86)", "0086", "x0086", "+860", "1.0086", "12 0086", "12-0086"])
        area = r.choice(["10", "21", "755", "01", "12", "5", "7551", "010", "0755", "(0)10", "(0) 21", "(10)",
                         "(755)", "(0)010", "(01)", "(010)", "(0755)", "(07551)"])
        return f"{prefix}{sep}{area}{r.choice([' ', '-', ''])}{local}" + \
            r.choice(["", "", " 1234", "-12", "x", "-12345", "转8001", "分机1234567", " 10:30", " 2024-01-01",
                      "-10:30", "-2024-01-01", " 2024年", " 12月", " 12345"])
    if kind == 5:
        return r.choice(["", "", "("]) + r.choice(["010", "021", "0755", "0123", "099"]) + \
            r.choice(["-", " ", ")", ") "]) + \
            f"{r.randint(0, 10**8 - 1):0{r.choice([7, 8])}d}" + \
            r.choice(["", "-12", "-12345", "转8001", "分机12", "转123456", "转1234567", "分机", "转12x"])
    if kind == 6:
        letters = "".join(r.choice("ABCDEGHKLMPSZ") for _ in range(r.choice([1, 2])))
        digits = r.choice([f"{r.randint(0, 10**8 - 1):08d}", f"{r.randint(19000101, 20991231)}",
                           f"{r.randint(0, 10**7 - 1):07d}", f"{r.randint(0, 10**10 - 1):010d}"])
        return letters + digits
    if kind == 7:
        return f"台胞证{r.randint(0, 10**8 - 1):0{r.choice([8, 10])}d}"
    return "".join(r.choice("0123456789") for _ in range(r.randint(1, 20)))


def _text(seed: int, pieces: int = 1500) -> bytes:
    r = random.Random(seed)
    out = []
    for _ in range(pieces):
        x = r.random()
        out.append(_value(r) if x < 0.35 else r.choice(PIECES) if x < 0.6 else
                   "".join(r.choice("0123456789") for _ in range(r.choice([1, 2, 3, 4, 7, 8, 11]))))
    return ("\n" + "".join(out) + "\n").encode("utf-8")


def _values(seed: int, n: int = 800) -> bytes:
    """Generated values one after the other, each standing alone (between Chinese characters)."""
    r = random.Random(seed)
    return ("\n" + " 号".join(_value(r) for _ in range(n)) + "\n").encode("utf-8")


@pytest.mark.parametrize("seed", range(6))
def test_compiled_shapes_equal_the_numpy_reference(seed):
    a = np.frombuffer(_text(seed), dtype=np.uint8)
    tokens = Tokens(a)
    for shape in SHAPES:
        s, e = tokens.spans(shape)
        ref = sorted(zip(s.tolist(), e.tolist()))
        ks, ke = shape_spans(a, shape)
        assert list(zip(ks.tolist(), ke.tolist())) == ref, shape


def test_compiled_shapes_equal_the_reference_at_the_0086_group_boundaries():
    """``0086`` then 3-4-4 groups: a candidate only when nothing is glued on either side (a
    letter, a decimal point, another group with the same separator) and no run is longer."""
    found = ["0086 138 1234 5678", "0086-138-1234-5678", "0086 138-1234-5678", "手机0086-138-1234-5678号",
             "+0086 138 1234 5678"]
    not_found = ["x0086 138 1234 5678", "0086 138 1234 5678x", "1.0086 138 1234 5678",
                 "0086 138 1234 5678.5", "12 0086 138 1234 5678", "0086 138 1234 5678 1",
                 "0086  138 1234 5678", "00860 138 1234 5678", "0086 1380 1234 5678",
                 "0086 138 1234 56789", "0087 138 1234 5678"]
    lines = {line: line[line.index("0086"):].rstrip("号") for line in found}
    lines.update(dict.fromkeys(not_found))
    _compare_at_boundaries(lines, "grp:0086-3-4-4")


def _compare_at_boundaries(lines: dict[str, str | None], shape: str) -> None:
    """Every shape, compiled and reference, on ``lines`` (one a line); ``shape`` finds on each
    line exactly the text given for it (None: nothing)."""
    data = ("\n" + "\n".join(lines) + "\n").encode()
    a = np.frombuffer(data, dtype=np.uint8)
    tokens = Tokens(a)
    for name in SHAPES:
        s, e = tokens.spans(name)
        ks, ke = shape_spans(a, name)
        assert list(zip(ks.tolist(), ke.tolist())) == sorted(zip(s.tolist(), e.tolist())), name
    s, e = tokens.spans(shape)
    got = sorted(data[x:y].decode() for x, y in zip(s.tolist(), e.tolist()))
    assert got == sorted(want for want in lines.values() if want is not None)


def test_compiled_shapes_equal_the_reference_at_the_6_8_4_group_boundaries():
    """Identity numbers in 6-8-4 groups: one space or one dash, the same both times; the last
    group four digits or three and X/x; nothing glued on either side (a letter, a digit after the
    X, a decimal point, another group with the same separator) and no run longer."""
    found = ["110105 19491231 002X", "110105-19491231-002x", "110105-19491231-0021"]
    lines: dict[str, str | None] = {v: v for v in found}
    lines |= {"身份证110105 19491231 0021号": "110105 19491231 0021",
              "110105 19491231 0021-5": "110105 19491231 0021",
              "(110105-19491231-002X)": "110105-19491231-002X"}
    lines |= dict.fromkeys([
        "110105 19491231-002X", "110105-19491231 0021", "110105  19491231 002X", "a110105 19491231 002X",
        "110105 19491231 002Xb", "110105 19491231 0021b", "110105 19491231 002X1", "1.110105 19491231 002X",
        "110105 19491231 0021.5", "12 110105 19491231 002X", "110105 19491231 0021 5", "1101050 19491231 002X",
        "110105 194912310 002X", "110105 19491231 00211", "110105 19491231 02X", "110105 19491231 002",
        "110105 19491231 002Y"])
    _compare_at_boundaries(lines, "grp:6-8-4")


def test_compiled_shapes_equal_the_reference_at_the_landline_extension_words():
    """``转``/``分机`` then 1–6 digits extend a landline; other digits after the word (seven or
    more, glued to a letter, a decimal, a space between) leave the number before it; ``-ext`` as
    before."""
    found = ["010-62345678转8001", "010-62345678分机1", "(0755)2345678转123456"]
    lines: dict[str, str | None] = {v: v for v in found}
    lines |= dict.fromkeys(["010-62345678转1234567", "010-62345678转12a", "010-62345678转1.5",
                            "010-62345678 转8001", "010-62345678转 8001", "010-62345678分8001",
                            "010-62345678转", "010-62345678分机"], "010-62345678")
    lines |= {"021-52345678-12转3": "021-52345678-12"}
    _compare_at_boundaries(lines, "landline")


def _token_recs():
    return [(i, r) for i, r in enumerate(all_recognizers()) if isinstance(r, TokenRecognizer)]


def _context(data: bytes) -> dict[str, np.ndarray]:
    """The ends of the Taiwan-permit context words (the only required context in the texts)."""
    word = "台胞证".encode()
    ends, i = [], data.find(word)
    while i >= 0:
        ends.append(i + len(word))
        i = data.find(word, i + 1)
    return {"taiwan_permit": np.array(ends, dtype=np.int64)}


@pytest.mark.parametrize("seed", range(6))
def test_compiled_checks_accept_what_validate_accepts(seed):
    data = _text(100 + seed) if seed % 2 else _values(100 + seed)
    a = np.frombuffer(data, dtype=np.uint8)
    tokens = Tokens(a)
    context = _context(data)
    for ri, rec in _token_recs():
        if rec.kernel_check is None or rec.negative_context:
            continue
        rows, _ = TokenKernel([(ri, rec)], ri + 1, ON).run(a)
        got = sorted(set(zip(rows[:, 0].tolist(), rows[:, 1].tolist())))
        want = set()
        for shape in rec.shapes:
            s, e = tokens.spans(shape)
            if rec.requires_context:
                ends = context["taiwan_permit"]
                i = np.searchsorted(ends, s, side="right") - 1
                near = (i >= 0) & (s - ends[np.maximum(i, 0)] <= rec.context_window)
                s, e = s[near], e[near]
            ok = rec.validate_batch(a, s, e, ON)
            want |= set(zip(s[ok].tolist(), e[ok].tolist()))
            scalar = np.array([rec.validate(data[x:y].decode(), ON) is Validation.VALID
                               for x, y in zip(s.tolist(), e.tolist())], dtype=bool)
            agree = scalar == ok
            # the e-mail shape admits local parts of 64 characters where the regex stops at 63
            assert agree.all() or type(rec).__name__ == "EmailAddress", type(rec).__name__
        assert got == sorted(want), type(rec).__name__


def test_compiled_letter_forms_equal_the_patterns():
    """Every first letter, every second character, digit tails that are and are not dates."""
    tails = ["12345678", "20240115", "19991301", "1234567", "1234567890", "2024011512"]
    for ri, rec in _token_recs():
        if not isinstance(rec, _LetterDigits):
            continue
        values = [f + s + t for f in "ABCDEGHKLMPSZ" for s in ["", *"AEIOZ"] for t in tails
                  if 8 <= len(f + s + t) <= 11]
        data = ("\n" + " ".join(values) + "\n").encode()
        a = np.frombuffer(data, dtype=np.uint8)
        rows, _ = TokenKernel([(ri, rec)], ri + 1, ON).run(a)
        got = {data[s:e].decode() for s, e in zip(rows[:, 0].tolist(), rows[:, 1].tolist())}
        want = {v for v in values if rec.validate(v, ON) is Validation.VALID}
        assert got == want, type(rec).__name__


@pytest.mark.parametrize("seed", range(3))
def test_normal_forms_and_hashes_equal_normalize_and_subject_hash(seed):
    data = _values(200 + seed)
    a = np.frombuffer(data, dtype=np.uint8)
    recs = list(all_recognizers())
    entities = sorted({r.entity for r in recs})
    ident = Identifier(recs, entities, born_after=None)
    tokens = Tokens(a)
    S, E, R = [], [], []
    for ri, rec in _token_recs():
        if not ident.compiled_mask[ri]:
            continue
        for shape in rec.shapes:
            for s, e in zip(*(x.tolist() for x in tokens.spans(shape))):
                if rec.validate(data[s:e].decode(), ON) is Validation.VALID:
                    S.append(s)
                    E.append(e)
                    R.append(ri)
    assert len(set(R)) >= 9      # every compiled normal form is exercised
    S, E, R = (np.array(x, dtype=np.int64) for x in (S, E, R))
    H = np.full(len(S), -1, dtype=np.int64)
    msg, offs, _ = ident.run(a, S, E, R, H, 0)
    messages = [bytes(msg[offs[i]:offs[i + 1]]) for i in range(len(offs) - 1)]
    hexes = [bytes(h).decode() for h in Hasher(KEY).hex_many(msg, offs)]
    for j in range(len(S)):
        rec = recs[R[j]]
        norm = rec.normalize(data[S[j]:E[j]].decode())
        assert messages[H[j]] == rec.entity.encode() + b"\x00" + norm.encode(), type(rec).__name__
        assert hexes[H[j]] == subject_hash(KEY, rec.entity, norm)
    # one id per distinct (entity, normalised value), across recognizers (15- and 18-digit ids)
    keys = {(recs[R[j]].entity, recs[R[j]].normalize(data[S[j]:E[j]].decode())) for j in range(len(S))}
    assert len(messages) == len(keys)


def _quoted(a, S, E, form, kind, first, last, strip=None):
    n = len(S)
    out = np.empty(int((E - S).sum()) + 16 * n + 16, dtype=np.uint8)
    offs = np.empty(n + 1, dtype=np.int64)
    ok = np.empty(n, dtype=np.bool_)
    scratch = np.empty(int((E - S).max(initial=0)) + 32, dtype=np.uint8)
    strip = np.zeros(n, dtype=np.bool_) if strip is None else strip
    quoted_masks(a, S, E, strip, form, kind, first, last, scratch, out, offs, ok)
    return [bytes(out[offs[i]:offs[i + 1]]) if ok[i] else None for i in range(n)]


@pytest.mark.parametrize("seed", range(3))
def test_compiled_masks_equal_mask_of_normalize(seed):
    """For every recognizer with a compiled normal form whose ``mask`` has a compiled form
    (mobiles, identity numbers, cards, landlines, permits, e-mail, IPv4): the quoted mask is
    ``json.dumps(rec.mask(rec.normalize(value)), ensure_ascii=False)``."""
    import json

    from kuajing.evidence.scan.kernel.checks import NORMAL_FORMS

    r = random.Random(seed)
    emails = [f"{r.choice(['Wang.Li', 'a', 'x_y%z+', 'ZHANG-san'])}{r.randint(0, 99999)}@"
              f"{r.choice(['Corp.Example.net', 'b.cn', 'mail.example.org'])}" for _ in range(50)]
    data = _values(300 + seed) + " 号".join(emails).encode() + b"\n"
    a = np.frombuffer(data, dtype=np.uint8)
    recs = list(all_recognizers())
    tokens = Tokens(a)
    cases = []
    for ri, rec in _token_recs():
        if rec.kernel_normal_form is None or mask_kind(rec) == PYTHON_MASK:
            continue
        for shape in rec.shapes:
            for s, e in zip(*(x.tolist() for x in tokens.spans(shape))):
                if rec.validate(data[s:e].decode(), ON) is Validation.VALID:
                    cases.append((s, e, ri))
    kinds = {mask_kind(recs[ri]) for _, _, ri in cases}
    assert len({ri for _, _, ri in cases}) >= 8 and len(kinds) == 3
    S, E, R = (np.array(x, dtype=np.int64) for x in zip(*cases))
    got = _quoted(a, S, E, np.array([NORMAL_FORMS[recs[r].kernel_normal_form] for r in R.tolist()]),
                  np.array([mask_kind(recs[r]) for r in R.tolist()]),
                  np.array([recs[r].mask_keep[0] for r in R.tolist()]),
                  np.array([recs[r].mask_keep[1] for r in R.tolist()]))
    for (s, e, ri), g in zip(cases, got):
        rec = recs[ri]
        want = json.dumps(rec.mask(rec.normalize(data[s:e].decode())), ensure_ascii=False)
        assert g == want.encode(), (type(rec).__name__, g, want)


def test_compiled_keep_mask_equals_mask_keep_and_leaves_escapes_to_python():
    """``mask_keep`` in characters (ASCII, Chinese, 2- and 4-byte UTF-8) for every length 0–24
    and kept counts 0–7; no result where JSON would escape a character, or for DEL."""
    import json

    r = random.Random(5)
    values, firsts, lasts = [], [], []
    for n in range(25):
        for f in range(8):
            for l in range(8):
                values.append("".join(r.choice("0123456789X-.张王欧阳é😀") for _ in range(n)))
                firsts.append(f)
                lasts.append(l)
    values += ['12"34567', "1234\\5678", "123\x01456", "张\t三", "abc\x7f"]
    firsts += [2] * 5
    lasts += [2] * 5
    buf = ("\n" + "\n".join(values) + "\n").encode()
    S, pos = [], 1
    for v in values:
        S.append(pos)
        pos += len(v.encode()) + 1
    S = np.array(S, dtype=np.int64)
    E = S + np.array([len(v.encode()) for v in values], dtype=np.int64)
    n = len(values)
    got = _quoted(np.frombuffer(buf, dtype=np.uint8), S, E, np.zeros(n, dtype=np.int64),
                  np.full(n, KEEP, dtype=np.int64), np.array(firsts), np.array(lasts))
    for v, f, l, g in zip(values, firsts, lasts, got):
        if any(c in v for c in '"\\\x7f') or not v.isprintable():
            assert g is None, v
        else:
            assert g == json.dumps(mask_keep(v, f, l), ensure_ascii=False).encode(), (v, f, l)
    assert sum(g is not None and "张".encode() in g for g in got) > 100   # kept Chinese characters
    # cells are stripped as ``str.strip`` does; white space beyond ASCII is left to Python
    cells = [" 张三 ", "\t李四\n", "  ", "", "\u3000王五", "赵六\u00a0", "\x1f欧阳\x1c", "张\u2003三"]
    buf = ("\n" + "\n".join(cells) + "\n").encode()
    S = np.array([1 + sum(len(c.encode()) + 1 for c in cells[:i]) for i in range(len(cells))])
    E = S + np.array([len(c.encode()) for c in cells])
    k = len(cells)
    got = _quoted(np.frombuffer(buf, dtype=np.uint8), S, E, np.zeros(k, dtype=np.int64),
                  np.full(k, KEEP, dtype=np.int64), np.ones(k, dtype=np.int64),
                  np.zeros(k, dtype=np.int64), strip=np.ones(k, dtype=np.bool_))
    want = [json.dumps(mask_keep(c.strip(), 1, 0), ensure_ascii=False).encode() for c in cells]
    assert got[:4] == want[:4] and got[4:6] == [None, None] and got[6:] == want[6:]
    bad = [b"\xe0\x80\x80", b"\xed\xa0\x80", b"ab\xc3", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80"]
    buf = b"\n" + b"\n".join(bad) + b"\n"
    S = 1 + np.cumsum([0] + [len(b) + 1 for b in bad[:-1]]).astype(np.int64)
    E = S + np.array([len(b) for b in bad], dtype=np.int64)
    k = len(bad)
    assert _quoted(np.frombuffer(buf, dtype=np.uint8), S, E, np.zeros(k, dtype=np.int64),
                   np.full(k, KEEP, dtype=np.int64), np.ones(k, dtype=np.int64),
                   np.zeros(k, dtype=np.int64)) == [None] * k   # not strict UTF-8: Python


@pytest.mark.parametrize("seed", range(3))
def test_values_are_numbered_as_a_dict_numbers_them(seed):
    """``distinct.number_values``: pairs (tag, bytes) numbered in order of first appearance,
    as a Python dict of (tag, bytes) does; short exact keys and long hashed ones alike."""
    from kuajing.evidence.scan.kernel.distinct import DistinctTable, number_values

    r = random.Random(seed)
    data = _text(400 + seed, pieces=600)
    a = np.frombuffer(data, dtype=np.uint8)
    n = 5000
    S = np.array([r.randrange(len(data) - 40) for _ in range(n // 2)] * 2, dtype=np.int64)
    E = S + np.array([r.choice([0, 1, 2, 5, 11, 20, 21, 30, 40]) for _ in range(n // 2)] * 2)
    tags = np.array([r.randrange(3) for _ in range(n)], dtype=np.int64)
    table = DistinctTable(16)
    table.reserve(n)
    ids, first = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    fresh = number_values(a, S, E, tags, table.slots, table.salt, ids, first)
    known: dict = {}
    want = [known.setdefault((t, data[s:e]), len(known))
            for t, s, e in zip(tags.tolist(), S.tolist(), E.tolist())]
    assert ids.tolist() == want and fresh == len(known)
    assert first[:fresh].tolist() == [want.index(k) for k in range(fresh)]


def test_legacy_and_new_identity_numbers_share_a_hash_id():
    recs = list(all_recognizers())
    ident = Identifier(recs, sorted({r.entity for r in recs}), born_after=None)
    by_name = {type(r).__name__: i for i, r in enumerate(recs)}
    old, new = "110105491231002", "11010519491231002X"
    data = f"\n{old} {new}\n".encode()
    a = np.frombuffer(data, dtype=np.uint8)
    S = np.array([1, 1 + len(old) + 1], dtype=np.int64)
    E = S + np.array([len(old), len(new)])
    R = np.array([by_name["ResidentId15"], by_name["ResidentId18"]], dtype=np.int64)
    H = np.full(2, -1, dtype=np.int64)
    _, offs, _ = ident.run(a, S, E, R, H, 0)
    assert H.tolist() == [0, 0] and len(offs) == 2


def test_compiled_and_python_hashing_agree():
    fast = Hasher(KEY)
    slow = Hasher(KEY)
    slow.compiled = False
    msgs = [b"", b"cn_mobile\x0013812345678", b"email\x00" + b"a" * 200, "person_name\x00张三".encode()]
    buf = np.frombuffer(b"".join(msgs), dtype=np.uint8)
    offs = np.cumsum([0] + [len(m) for m in msgs]).astype(np.int64)
    assert fast.hex_many(buf, offs).tolist() == slow.hex_many(buf, offs).tolist()
    assert bytes(fast.hex_many(buf, offs)[1]).decode() == subject_hash(KEY, "cn_mobile", "13812345678")


def _context_reference(data: bytes, words: tuple[str, ...]) -> list[int]:
    """Ends of the words found by Python ``re`` as the pattern matcher used to find them:
    ASCII case folded, a leading word boundary for purely alphabetic ASCII words."""
    ends = set()
    for w in words:
        b = w.encode()
        p = re.escape(b)
        if w.isascii() and w.isalpha():
            p = rb"\b" + p
        for m in re.compile(rb"(?=(" + p + rb"))", re.IGNORECASE).finditer(data):
            ends.add(m.start() + len(b))
    return sorted(ends)


@pytest.mark.parametrize("seed", range(4))
def test_compiled_context_words_equal_re(seed):
    """For every offset and window: a word of the group ends within the window before it exactly
    when ``re`` finds one ending there (case, word boundaries, overlapping and Chinese words)."""
    rng = random.Random(seed)
    pieces = ["order", "ORDER", "Order_id", "reorder", "订单", "订单号", "order订单", "_order", "9order",
              "txn", "trace", "版本", "ver", "version", "MTP", "mtp", "xmtp", "台胞证", " ", "-", "12",
              "单", "a", "é", "\n", "r", "订"]
    data, a, table = _word_text(rng, pieces)
    for group, words in CONTEXT.items():
        off, ids = table.slots([(group,)])
        ends = np.array(_context_reference(data, words), dtype=np.int64)
        for window in (0, 5, 12, 24):
            for start in range(1, len(data), 3):
                i = np.searchsorted(ends, start, side="right") - 1
                want = bool(i >= 0 and start - ends[i] <= window)
                got = word_near(a, start, window, ids, off[0], off[1], table.buf, table.off,
                                table.bound, table.last)
                assert got == want, (group, window, start, data[max(0, start - 30):start])


def _word_text(rng: random.Random, pieces: list[str]):
    """3,000 random pieces as one buffer, and the context words' table."""
    data = ("\n" + "".join(rng.choice(pieces) for _ in range(3000)) + "\n").encode()
    return data, np.frombuffer(data, dtype=np.uint8), WordTable(CONTEXT)


def _start_reference(data: bytes, words: tuple[str, ...]) -> list[int]:
    """Starts of the words found by Python ``re``: ASCII case folded, a trailing word boundary
    for purely alphabetic ASCII words."""
    starts = set()
    for w in words:
        p = re.escape(w.encode())
        if w.isascii() and w.isalpha():
            p = p + rb"\b"
        starts.update(m.start() for m in re.compile(rb"(?=" + p + rb")", re.IGNORECASE).finditer(data))
    return sorted(starts)


@pytest.mark.parametrize("seed", range(3))
def test_compiled_words_after_equal_re(seed):
    """For every offset and window: a word of the group starts within the window after it exactly
    when ``re`` finds one starting there (case, word boundaries, words sharing a first byte)."""
    rng = random.Random(seed)
    pieces = ["元", "美元", "万元", "人民币", "RMB", "rmb", "Rmb", "rmbx", "cny_", "CNY", "yuan", "yuanx",
              "usd", "亿", "块", "13812345678", " ", "-", "。", "\n", "y", "美", "é", "12"]
    data, a, table = _word_text(rng, pieces)
    for group, words in CONTEXT.items():
        off, ids = table.slots([(group,)])
        starts = np.array(_start_reference(data, words), dtype=np.int64)
        for window in (0, 1, 3):
            for end in range(1, len(data), 2):
                i = np.searchsorted(starts, end)
                want = bool(i < len(starts) and starts[i] - end <= window)
                got = word_after(a, end, window, ids, off[0], off[1], table.buf, table.off,
                                 table.bound, table.first)
                assert got == want, (group, window, end, data[end:end + 12])


@pytest.mark.parametrize("text", [
    "\n" + "1a" * 5000 + "\n",              # a run every two bytes: more than the first arrays hold
    "\n" + "@\n" * 3000 + "\n",             # an '@' and a newline every two bytes
    "\n手机13812345678 a@b.cn 12 345\n",
])
def test_byte_scan_grows_its_arrays_and_is_reused(text):
    """The reused arrays give the numpy reference's runs, '@' and newlines, also when a buffer
    needs more room than ordinary text, and again for a smaller buffer after a larger one."""
    scan = ByteScan()
    for data in (text.encode(), b"\n" + text.encode()[:40] + b"\n"):
        a = np.frombuffer(data, dtype=np.uint8)
        S, E, at, nl = scan.run(a)
        ref = Tokens(a)
        assert S.tolist() == ref.S.tolist() and E.tolist() == ref.E.tolist()
        assert at.tolist() == np.flatnonzero(a == 64).tolist()
        assert nl.tolist() == np.flatnonzero(a == 10).tolist()


@pytest.mark.parametrize("seed", range(6))
def test_radix_distinct_equals_numpy_unique(seed):
    """Sorted distinct values as ``np.unique`` gives them: few or no repeats, narrow and full
    int64 ranges (negative values, the extremes), one value, sorted and reversed input."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 20000))
    lo, hi = [(0, 1 << 37), (-(1 << 62), 1 << 62), (-5, 5), (0, 1 << 11), (0, 1), (-3, 4000)][seed]
    pool = rng.integers(lo, hi, size=max(1, n // int(rng.integers(1, 12))), dtype=np.int64)
    cases = [rng.choice(pool, n), np.sort(rng.choice(pool, n))[::-1].copy(),
             np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max, 0, -1, 1] * 3),
             np.array([7]), np.zeros(0, dtype=np.int64)]
    for x in cases:
        x = np.ascontiguousarray(x, dtype=np.int64)
        assert sorted_distinct(x).tolist() == np.unique(x).tolist()


def test_utf8_check_agrees_with_the_strict_decoder():
    """Random byte strings rich in lead, continuation and boundary bytes (overlong forms,
    surrogates, above U+10FFFF, cut sequences), after 0–15 ASCII bytes so both the word-wise and
    the byte-wise paths run: valid exactly when ``bytes.decode('utf-8')`` accepts them."""
    rng = random.Random(11)
    special = [0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF,
               0x9F, 0xA0, 0x8F, 0x90, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF]
    samples = [b"", "手机13812345678 😀 é".encode()]
    for _ in range(30000):
        body = bytes(rng.choice(special) if rng.random() < 0.6 else rng.randint(0, 255)
                     for _ in range(rng.randint(0, 6)))
        samples.append(b"abcdefghijklmnop"[:rng.randint(0, 15)] + body + b"xyz"[:rng.randint(0, 3)])
    for b in samples:
        try:
            b.decode("utf-8")
            want = True
        except UnicodeDecodeError:
            want = False
        assert utf8_valid(b) == want, b


def test_machine_code_is_dropped_when_any_scanner_source_changes(tmp_path):
    """numba would keep a caller's machine code when a callee in another file changes: the
    scanner's caches go whenever one of its source files changes, and stay otherwise."""
    from kuajing.evidence.scan.kernel import _drop_stale_machine_code

    scan, kernel = tmp_path / "scan", tmp_path / "scan" / "kernel"
    for folder in (scan / "__pycache__", kernel / "__pycache__"):
        folder.mkdir(parents=True)
    (scan / "checksums.py").write_text("TABLE = (11, 12)\n")
    (kernel / "shapes.py").write_text("def f(): pass\n")

    def cached():
        for folder in (scan / "__pycache__", kernel / "__pycache__"):
            (folder / "m.f-1.py311.nbi").write_bytes(b"index")
            (folder / "m.f-1.py311.1.nbc").write_bytes(b"code")

    def left():
        return sorted(p.name for p in tmp_path.rglob("*.nb?"))

    cached()
    _drop_stale_machine_code(kernel)              # first run: no digest yet
    assert left() == []
    cached()
    _drop_stale_machine_code(kernel)              # nothing changed: the caches stay
    assert len(left()) == 4
    (scan / "checksums.py").write_text("TABLE = (11, 12, 13)\n")   # a table in another module
    _drop_stale_machine_code(kernel)
    assert left() == []


def test_keyword_database_is_compiled_once_and_a_damaged_file_is_replaced(tmp_path, monkeypatch):
    """A second matcher of the same patterns reuses the process's database; a new process loads
    the file kept on disk; a damaged file is compiled again. Hits are those of ``re`` each time."""
    from kuajing.evidence.scan import keywords
    from kuajing.evidence.scan.recognizers import PatternRecognizer

    if not keywords.hyperscan_available():
        pytest.fail("hyperscan is a dependency on this platform and should be installed")
    recs = [r for r in all_recognizers() if isinstance(r, PatternRecognizer)]
    data = "\n姓名：张三 Name: Li Lei 地址：北京市海淀区中关村大街1号 车牌 京A12345 fe80::1 糖尿病\n".encode()

    def hits(m):
        return sorted((type(h.owner).__name__, h.start, h.end) for h in m.scan(data))

    want = hits(keywords.KeywordMatcher(recs, engine="re"))
    assert want
    monkeypatch.setattr(keywords, "_CACHE_DIR", tmp_path)
    monkeypatch.setattr(keywords, "_DATABASES", {})
    first = keywords.KeywordMatcher(recs, engine="hyperscan")
    assert first._db is keywords.KeywordMatcher(recs, engine="hyperscan")._db and hits(first) == want
    files = list(tmp_path.glob("keywords-*.hsdb"))
    assert len(files) == 1
    monkeypatch.setattr(keywords, "_DATABASES", {})          # as in a new process: loaded from disk
    assert hits(keywords.KeywordMatcher(recs, engine="hyperscan")) == want
    files[0].write_bytes(b"damaged")
    monkeypatch.setattr(keywords, "_DATABASES", {})
    assert hits(keywords.KeywordMatcher(recs, engine="hyperscan")) == want
    assert files[0].read_bytes() != b"damaged"


def test_compiled_wide_forms_are_the_folded_ones():
    """The byte pass counts exactly the full-width forms ``width`` folds, among every character
    of the Halfwidth and Fullwidth Forms block (and never ``，：（）``)."""
    for cp in range(0xFF00, 0xFFF0):
        data = ("\n" + chr(cp) * 3 + "\n").encode()
        scan = ByteScan()
        scan.run(np.frombuffer(data, dtype=np.uint8))
        assert scan.wide == (3 if chr(cp) in WIDE else 0), hex(cp)
    assert "，" not in WIDE and "：" not in WIDE and "Ｘ" in WIDE and "１" in WIDE


@pytest.mark.parametrize("seed", range(3))
def test_compiled_wide_count_is_what_folding_changes(seed):
    """On text mixing digits, ``+`` and parentheses in both widths, the byte pass counts exactly
    the characters ``fold_text`` changes, and ``fold_segment`` folds the same text (so a folded
    segment has nothing left to fold)."""
    r = random.Random(seed)
    for _ in range(2000):
        text = "\n" + "".join(r.choice("（）()１1＋+ａ中 ") for _ in range(r.randint(1, 12))) + "\n"
        folded = fold_text(text)
        changed = sum(x != y for x, y in zip(text, folded))
        scan = ByteScan()
        scan.run(np.frombuffer(text.encode(), dtype=np.uint8))
        assert scan.wide == changed, text
        seg = fold_segment(Segment("d", text.encode(), row_starts=np.array([0, len(text.encode()) - 1])))
        assert seg.data == folded.encode(), text
        assert seg.row_starts.tolist() == [0, len(seg.data) - 1]
        again = ByteScan()
        again.run(np.frombuffer(seg.data, dtype=np.uint8))
        assert again.wide == 0, text
