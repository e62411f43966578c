"""Checksum tables: identifier → valid?, grouped by reason, with pytest ids.

Synthetic rows were made up for the reason named (check characters computed by hand with the
algorithm in the docstring of ``checksums``); published rows are read from
../shared/realdata/pii-cn (python-stdnum, id-validator.py, validator.js, util-helpers).
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

from kuajing.evidence.scan import checksums as cs

from .conftest import ON, jsonl, realdata

RESIDENT_ID_ROWS = [
    # (value, valid, reason)
    ("11010519491231002X", True, "valid, check character X"),
    ("11010519491231002x", True, "lower-case x accepted"),
    ("440524198001010013", True, "valid, check digit 3"),
    ("440524188001010014", False, "born before 1900"),
    ("11010519491231002Y", False, "not a check character"),
    ("110105194912310021", False, "wrong check digit"),
    ("110105194902300020", False, "30 February"),
    ("110105299912310024", False, "born in the future"),
    ("990105194912310028", False, "province 99 does not exist"),
    ("111111199901101512", False, "Beijing has no prefecture 11"),
]


@pytest.mark.parametrize("value,valid,reason", RESIDENT_ID_ROWS, ids=[r[2] for r in RESIDENT_ID_ROWS])
def test_resident_id_table(value, valid, reason):
    assert cs.resident_id_ok(value.upper(), ON) is valid


def test_mod11_2_check_character_of_a_known_number():
    assert cs.mod11_2_check_char("11010519491231002") == "X"


LUHN_ROWS = [("79927398713", True, "textbook"), ("79927398710", False, "textbook, wrong digit"),
             ("6228480402564890018", True, "UnionPay 19"), ("6228480402564890", False, "truncated")]


@pytest.mark.parametrize("value,valid,reason", LUHN_ROWS, ids=[r[2] for r in LUHN_ROWS])
def test_luhn_table(value, valid, reason):
    assert cs.luhn_ok(value) is valid


def test_luhn_published_doctest_vectors():
    text = realdata("arthurdejong-python-stdnum/tests/test_luhn.doctest").read_text()
    valid = re.findall(r">>> luhn\.validate\('(\d+)'\)\n'\d+'", text)
    invalid = re.findall(r">>> luhn\.validate\('(\d+)'\)\nTraceback", text)
    assert valid and invalid
    assert all(cs.luhn_ok(v) for v in valid)
    assert not any(cs.luhn_ok(v) for v in invalid)


def test_resident_id_stdnum_doctest_vectors():
    text = realdata("arthurdejong-python-stdnum/tests/test_cn_ric.doctest").read_text()
    for value in re.findall(r">>> ric\.validate\('([0-9Xx]{18})'\)\n'", text):
        assert cs.resident_id_ok(value.upper(), ON), value
    for value in ("T60426199101010078", "360426199113010079", "36042619910102009X", "990426199112010074"):
        assert value in text
        assert not cs.resident_id_ok(value, ON), value


def test_resident_id_id_validator_vectors_non_strict():
    """id-validator.py's non-strict cases: region plausibility, dates, check characters."""
    rows = [r for r in jsonl("jxlwqq-id-validator.py/test_validator.py.cases.jsonl")
            if r["function"] == "is_valid" and not r["strict"]]
    assert len(rows) >= 10
    for r in rows:
        value = r["id_number"]
        got = cs.resident_id_ok(value, ON) if len(value) == 18 else cs.resident_id15_ok(value, ON)
        assert got is r["expected_valid"], (r["line"], r["comment_zh"])


def test_resident_id_validatorjs_vectors():
    data = __import__("json").loads(realdata("validatorjs-validator.js/validators.test.js.zh-locales.json").read_text())
    case = next(c for c in data["cases"] if c["validator"] == "isIdentityCard" and c["locale_or_arg"] == "zh-CN")
    for value in case["valid"]:
        ok = cs.resident_id_ok(value, ON) if len(value) == 18 else cs.resident_id15_ok(value, ON)
        assert ok, value
    for value in case["invalid"]:
        ok = (len(value) == 18 and cs.resident_id_ok(value.upper(), ON)) or \
             (len(value) == 15 and cs.resident_id15_ok(value, ON))
        assert not ok, value


def test_region_rule_accepts_every_code_of_gbt2260():
    """The plausibility rule must accept every region code of the published table (retired too)."""
    prefixes, province = set(), None
    for line in realdata("arthurdejong-python-stdnum/stdnum/cn/loc.dat").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
        elif province:
            prefixes.add(province + line.split()[0])
    assert len(prefixes) > 3000
    rejected = sorted(p for p in prefixes if not cs.region_ok(p))
    assert rejected == []


def test_vectorised_checks_agree_with_scalar():
    rng = np.random.default_rng(1)
    values = []
    for _ in range(3000):
        body = "".join(str(d) for d in rng.integers(0, 10, 17))
        body = ["11", "44", "62", "99", "31"][int(rng.integers(0, 5))] + body[2:]
        values.append(body + "0123456789X"[int(rng.integers(0, 11))])
    values += [v for v, *_ in RESIDENT_ID_ROWS if len(v) == 18]
    a = np.frombuffer(("\n" + "\n".join(values) + "\n").encode(), np.uint8)
    starts = np.arange(len(values), dtype=np.int64) * 19 + 1
    from kuajing.evidence.scan.recognizers.resident_id import ResidentId18

    vec = ResidentId18().validate_batch(a, starts, starts + 18, ON)
    assert vec.tolist() == [cs.resident_id_ok(v.upper(), ON) for v in values]
    cards = ["".join(str(d) for d in rng.integers(0, 10, 16)) for _ in range(2000)]
    d = np.array([[int(c) for c in v] for v in cards])
    assert cs.luhn_ok_batch(d).tolist() == [cs.luhn_ok(v) for v in cards]


def test_dates_vectorised():
    y = np.array([2000, 1900, 2024, 2023, 2026, 2026])
    m = np.array([2, 2, 2, 2, 3, 3])
    d = np.array([29, 29, 29, 29, 1, 2])
    assert cs.date_ok_batch(y, m, d, ON).tolist() == [True, False, True, False, True, False]
    assert cs.id_date_ok("20000229", dt.date(2026, 1, 1))
