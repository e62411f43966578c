"""The compiled mirror of labelled values (``kernel.labels``) against the readable reference.

* spans: for every label hit, ``LabelKernel.spans`` gives the span and validity that
  ``extract`` + ``value_span`` + ``validate`` give, or ``PYTHON`` (run the reference), which it
  may give only where the window holds bytes that are not UTF-8 or an address whose digits it
  cannot classify;
* the engine: ``Engine._pattern_candidates`` and ``Engine._hash_ids`` give exactly the
  candidates and hash ids of the per-hit Python loops they replace (copied below as
  ``reference_candidates`` / ``reference_hash_ids``), segment after segment, with names also
  added through ``HashStore.add`` (a named column) in between;
* the character tables of the mirror (white space, decimal digits, delimiters, units, UTF-8
  decoding) against Python's.

All text is synthetic: random pieces of made-up names, addresses and noise, generated with a fixed
seed; the identifiers in it (plates, IPv6 addresses) are documentation examples.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from numba import njit

from kuajing.evidence.scan.classify import minor_rule
from kuajing.evidence.scan.engine import Engine
from kuajing.evidence.scan.kernel.labels import (INVALID, NONE, PYTHON, VALID, _char, digit_class,
                                                 is_space)
from kuajing.evidence.scan.model import Validation
from kuajing.evidence.scan.recognizers.context import _ADDR_ZH, _VALUE_END, Address, PersonName
from kuajing.secrets import subject_hash

from .conftest import KEY, ON

LABELS = ["姓名：", "客户姓名:", "Name: ", "full name=", '"name": "', '"name":', "收件人： ", "联系人：\u3000",
          "地址：", "家庭住址: ", "address=", '"address": "', "Home Address:"]
NAME_PIECES = ["张", "三", "欧阳", "娜娜", "·", "·", "买买提", "艾力", "王小明", "李", "丽丽丽丽", "\u3000",
               " ", '"', "'", "Li", " Lei", "-", " ", "Mc", "Donald", "Anne", "-Marie", "Smith", " Jr",
               "DONALD", "van", "A", "x", "Ab", "O", "Li Lei Han Mei", "Zhang" + "z" * 70, " Wei" + "w" * 60,
               "é", "Ö", "😀"]
ADDR_PIECES = ["北京市", "海淀区", "中关村大街", "1号", "路", "楼", "室", "东", "西", "镇", "1", "23", "１２",
               "٣", "〇", "Ⅻ", "²", " ", "  ", "\xa0", "\u2003", "\x0b", "\x1f", "\x85", "\u3000",
               "Main", "St", "Road", "ab", "12 Main St", "Apt", ",", "，", ";", "；", "|", "<", "\t",
               "\r", '"', "x", "A", "é", "ｱ", "😀", "张" * 50, "Ab1" * 30, "a b c", "\xa0\xa0\xa0市",
               '"\u2003 \u2003号', "\x0b\x0b\x0b\x0bx"]
BAD = [b"\xff", b"\x80", b"\xe4\xb8", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf0\x90", b"\xf4\x90\x80\x80",
       b"\xe0\x80\x80", b"\xc2"]


def _text(r: random.Random, bad: bool) -> tuple[bytes, list[int]]:
    """Random text with many labels, and the byte offset after each label."""
    out = bytearray(b"\n")
    ends = []
    for _ in range(r.randint(1, 12)):
        out += r.choice(["", "x", "订单", " ", "\n", "姓名"]).encode()
        out += r.choice(LABELS).encode()
        ends.append(len(out))
        pieces = NAME_PIECES + ADDR_PIECES
        for _ in range(r.choice([0, 1, 2, 3, 5, 8, 20, 60])):
            if bad and r.random() < 0.05:
                out += r.choice(BAD)
            else:
                out += r.choice(pieces).encode()
    if r.random() < 0.7:   # else the buffer ends inside a value
        out += b"\n"
    return bytes(out), ends


def _reference(rec, data: bytes, end: int):
    span = rec.extract(data, -1, end)
    if span is None:
        return NONE, None
    value = data[span[0]:span[1]].decode("utf-8", "replace")
    return (INVALID if rec.validate(value, ON) is Validation.INVALID else VALID), span


@pytest.fixture(scope="module")
def eng() -> Engine:
    return Engine(KEY, ON, minor_rule(ON))


@pytest.mark.parametrize("cls", [PersonName, Address], ids=["name", "address"])
def test_spans_equal_the_reference_on_valid_text(eng, cls):
    """Valid UTF-8 (ends at the labels and at every other character boundary): never PYTHON,
    except addresses with digits the mirror cannot classify."""
    r = random.Random(11)
    ri = next(i for i, rec in enumerate(eng.recs) if type(rec) is cls)
    rec = eng.recs[ri]
    seen = {VALID: 0, INVALID: 0, NONE: 0, PYTHON: 0}
    cut = at_end = 0
    for _ in range(1500):
        data, ends = _text(r, bad=False)
        text = data.decode("utf-8")
        boundaries = [len(text[:i].encode()) for i in range(len(text) + 1)]
        ends = np.array(sorted(set(ends + r.sample(boundaries, min(6, len(boundaries))))), dtype=np.int64)
        s, e, status = eng._labels.spans(np.frombuffer(data, dtype=np.uint8), ends, ri)
        for k, end in enumerate(ends.tolist()):
            st = int(status[k])
            seen[st] += 1
            want, span = _reference(rec, data, end)
            if st == PYTHON:
                window = data[end:end + rec.window].decode("utf-8", "ignore")
                assert cls is Address and any(digit_class(ord(c)) < 0 for c in window), (data, end)
                continue
            assert st == want, (data, end)
            if span is not None:
                assert (int(s[k]), int(e[k])) == span, (data, end)
                cut += span[1] > end + rec.window - 4            # value cut by the window
                at_end += end + rec.window > len(data)           # window cut by the buffer
    assert seen[VALID] > 500 and seen[NONE] > 500 and seen[INVALID] > 5 and at_end > 100
    assert cut > 5 or cls is PersonName
    assert seen[PYTHON] < seen[VALID] // 20


@pytest.mark.parametrize("cls", [PersonName, Address], ids=["name", "address"])
def test_spans_with_bytes_that_are_not_utf8(eng, cls):
    """Invalid bytes and ends inside a character: PYTHON where the reference would drop bytes
    the mirror reads, the reference's answer everywhere else."""
    r = random.Random(12)
    ri = next(i for i, rec in enumerate(eng.recs) if type(rec) is cls)
    rec = eng.recs[ri]
    python = agreed = 0
    for _ in range(1500):
        data, ends = _text(r, bad=True)
        ends = np.array(sorted(set(ends + [r.randrange(len(data)) for _ in range(4)])), dtype=np.int64)
        s, e, status = eng._labels.spans(np.frombuffer(data, dtype=np.uint8), ends, ri)
        for k, end in enumerate(ends.tolist()):
            if status[k] == PYTHON:
                python += 1
                continue
            want, span = _reference(rec, data, end)
            assert status[k] == want, (data, end)
            if span is not None:
                assert (int(s[k]), int(e[k])) == span, (data, end)
            agreed += 1
    assert python > 100 and agreed > 5000


NOISE = ["京A12345", "粤BD12345", "2001:db8:85a3::8a2e:370:7334", "确诊", "diagnosis", "指纹", " ", "\n",
         "13812345678", "姓名：张三", "name: Li Lei", "地址：北京市海淀区1号"]


def reference_candidates(eng: Engine, data: bytes, hits):
    """``Engine._pattern_candidates`` before the compiled mirror: one Python step per hit."""
    starts, ends, owners = [], [], []
    seen = set()
    for hit in hits:
        rec = hit.owner
        span = rec.extract(data, hit.start, hit.end)
        if span is None or (span, rec.entity) in seen:
            continue
        seen.add((span, rec.entity))
        value = data[span[0]:span[1]].decode("utf-8", "replace")
        if rec.validate(value, eng.on) is Validation.INVALID:
            continue
        starts.append(span[0])
        ends.append(span[1])
        owners.append(eng.rec_index[id(rec)])
    return (np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64),
            np.array(owners, dtype=np.int64))


def reference_hash_ids(eng: Engine, a, data: bytes, S, E, R):
    """``Engine._hash_ids`` before the compiled mirror: names hashed one at a time in Python."""
    H = np.full(len(S), -1, dtype=np.int64)
    msg, offs, minors = eng.ident.run(a, S, E, R, H, eng.store.count)
    if len(minors):
        eng.store.extend(eng.store.hasher.hex_many(msg, offs), minors)
    rest = np.flatnonzero((eng.RANK[R] > 0) & ~eng.ident.compiled_mask[R])
    for j, ri, s, e in zip(rest.tolist(), R[rest].tolist(), S[rest].tolist(), E[rest].tolist()):
        value = data[s:e]
        ck = hash(eng._salt + bytes((ri,)) + value)
        h = eng._known.get(ck)
        if h is None:
            rec = eng.recs[ri]
            norm = rec.normalize(value.decode("utf-8", "replace"))
            born = getattr(rec, "birth_date", None)
            h = eng._known[ck] = eng.store.add(rec.entity, norm,
                                               bool(born and eng.minor.is_minor(born(norm))))
        H[j] = h
    return H


@pytest.mark.parametrize("keyword_engine", [None, "re"], ids=["default-keywords", "re-keywords"])
@pytest.mark.parametrize("bad", [False, True], ids=["utf8", "invalid-bytes"])
def test_engine_candidates_and_hash_ids_equal_the_python_loops(bad, keyword_engine):
    """Two fresh engines, one with the compiled mirror and one with the old loops, over the same
    segments: the same candidates, the same hash ids in the same order, the same hashes."""
    new = Engine(KEY, ON, minor_rule(ON), keyword_engine=keyword_engine)
    old = Engine(KEY, ON, minor_rule(ON), keyword_engine=keyword_engine)
    r = random.Random(13 + bad)
    names = 0
    for round_ in range(300):
        parts = []
        for _ in range(r.randint(1, 8)):
            data, _ = _text(r, bad)
            parts.append(data.strip(b"\n"))
            parts.append(r.choice(NOISE).encode())
        data = b"\n" + b" ".join(parts) + b"\n"
        hits = new.keywords.scan(data)
        got = new._pattern_candidates(data, hits)
        want = reference_candidates(old, data, hits)
        for g, w in zip(got, want):
            assert np.array_equal(g, w), data
        a = np.frombuffer(data, dtype=np.uint8)
        S, E, R = new._resolve(*got, np.arange(len(got[0]), dtype=np.int64))
        H = new._hash_ids(a, data, S, E, R)
        assert np.array_equal(H, reference_hash_ids(old, a, data, S, E, R)), data
        names += int((R == new.rec_index[id(next(x for x in new.recs if type(x) is PersonName))]).sum())
        if round_ % 7 == 0:   # a named column between segments (``_add_fields``)
            value = r.choice(["张三", "Li Lei", "王小明", f"新名{round_}"])
            assert new.store.add("person_name", value) == old.store.add("person_name", value)
    assert new.store.count == old.store.count and names > 1000
    assert new.store.joined(np.arange(new.store.count)) == old.store.joined(np.arange(old.store.count))


def test_name_hashes_are_subject_hashes():
    eng = Engine(KEY, ON, minor_rule(ON))
    data = "\n姓名：张三 name: Li Lei 姓名：张三 联系人：欧阳·娜娜 Name: Anne-Marie Smith\n".encode()
    S, E, R = eng._pattern_candidates(data, eng.keywords.scan(data))
    H = eng._hash_ids(np.frombuffer(data, dtype=np.uint8), data, S, E, R)
    values = [data[s:e].decode() for s, e in zip(S.tolist(), E.tolist())]
    assert values == ["张三", "Li Lei", "张三", "欧阳·娜娜", "Anne-Marie Smith"]
    assert [eng.store.hex(h) for h in H.tolist()] == [subject_hash(KEY, "person_name", v) for v in values]
    assert H[0] == H[2] and len(set(H.tolist())) == 4
    assert eng.store.add("person_name", "欧阳·娜娜") == H[3]


@njit(cache=False)
def _spaces(cps):
    out = np.zeros(cps.shape[0], dtype=np.bool_)
    for i in range(cps.shape[0]):
        out[i] = is_space(cps[i])
    return out


def test_white_space_is_str_isspace():
    cps = np.arange(0x110000, dtype=np.int64)
    want = np.array([chr(c).isspace() for c in range(0x110000)], dtype=bool)
    assert np.array_equal(_spaces(cps), want)


def test_known_digit_classes_are_re_digits():
    known = [c for c in range(0x110000) if digit_class(c) >= 0]
    assert len(known) > 20000
    for c in known:
        assert (digit_class(c) == 1) == bool(re.match(r"\d", chr(c))), hex(c)


def test_delimiters_and_units_are_the_regexes():
    for c in range(0x10000):
        ch = chr(c)
        assert bool(_VALUE_END.match(ch)) == (ch in Address.value_end), hex(c)
        assert bool(_ADDR_ZH.match(ch)) == (ch in Address.units_zh), hex(c)


def test_utf8_decoding_is_pythons():
    """``_char`` reads a character where Python's decoder does, stops (``_END``) at a character
    cut by the end and fails (``_BAD``) where the decoder reports invalid bytes."""
    r = random.Random(14)
    alphabet = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE4,
                0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
    for _ in range(40000):
        b = bytes(r.choice(alphabet) for _ in range(r.randint(1, 5)))
        a = np.frombuffer(b, dtype=np.uint8)
        cp, n = _char(a, 0, len(b))
        try:
            b.decode("utf-8")
            first_error = None
        except UnicodeDecodeError as exc:
            first_error = exc
        if cp >= 0:
            assert chr(cp).encode("utf-8") == b[:n], b
        elif cp == -1:
            assert first_error is not None and first_error.start == 0 \
                and first_error.reason == "unexpected end of data", b
        else:
            assert first_error is not None and first_error.start == 0 \
                and first_error.reason != "unexpected end of data", b
