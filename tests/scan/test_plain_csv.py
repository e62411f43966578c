"""CSV / TSV ranges read without a parser (``plain_csv``) give the very segments pyarrow's
reader gives, and every other range still goes to pyarrow.

The comparison reads the same file twice through ``sources._csv_range``: once as it is, once with
the plain path turned off. Cells are made-up strings (hypothesis), no real personal data.
"""

from __future__ import annotations

import sys

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuajing.evidence.scan import plain_csv, sources
from kuajing.evidence.scan.sources import Unit

# field names (name, address) so that the blank-cell test runs; a column no recognizer knows
HEADER = ("name", "address", "city")


def read(path, monkeypatch, *, plain: bool, index: int = 0, delimiter: str = ",",
         header=HEADER, encoding="utf-8"):
    size = path.stat().st_size
    unit = Unit("csv", str(path), "d", encoding=encoding, start=0, end=size, index=index,
                delimiter=delimiter, header=header)
    with monkeypatch.context() as m:
        if not plain:
            m.setattr(sources, "plain_rows", lambda *a, **k: None)
        notes: list[str] = []
        segs = list(sources.segments(unit, 1 << 20, notes))
    return segs, notes


def described(segs, notes):
    """Everything a segment tells the engine, as comparable plain values."""
    return notes, [(s.data, s.first_line, s.first_row, s.table, s.columns,
                    None if s.row_starts is None else (s.row_starts.dtype.kind, s.row_starts.tolist()),
                    [(ci, type(rec).__name__, rows.tolist()) for ci, rec, rows in s.field_columns])
                   for s in segs]


def assert_same(path, monkeypatch, **kw):
    plain = described(*read(path, monkeypatch, plain=True, **kw))
    arrow = described(*read(path, monkeypatch, plain=False, **kw))
    assert plain == arrow
    return plain


# cells mix what matters: delimiters, quotes, CR, white space pyarrow trims (also U+3000 and
# U+00A0), U+001F, Chinese text, empty cells
CELL = st.text(st.sampled_from(list("ab7 ,\t\"\r\x1f\x0b\u3000\u00a0\u2028张王市")), max_size=4)
PLAIN_CELL = st.text(st.sampled_from(list("ab7 \x00\x1f\x0b\u3000\u00a0\u2028\u1680\u0085张王市、")),
                     max_size=4)


@st.composite
def csv_text(draw, cell, widths=(2, 4)):
    rows = draw(st.lists(st.lists(cell, min_size=widths[0], max_size=widths[1]), max_size=8))
    delimiter = draw(st.sampled_from([",", "\t"]))
    lines = [delimiter.join(HEADER)] + [delimiter.join(r) for r in rows]
    blank = draw(st.lists(st.integers(0, len(lines)), max_size=2))
    for at in sorted(blank, reverse=True):
        lines.insert(at, "")
    text = "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))
    return text, delimiter


SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(csv_text(CELL), st.integers(0, 1))
def test_any_range_gives_pyarrows_segments(tmp_path, monkeypatch, drawn, index):
    text, delimiter = drawn
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode())
    assert_same(path, monkeypatch, index=index, delimiter=delimiter)


@SETTINGS
@given(csv_text(PLAIN_CELL, widths=(3, 3)), st.integers(0, 1))
def test_plain_ranges_give_pyarrows_segments(tmp_path, monkeypatch, drawn, index):
    """Three cells a row and no quotes: the plain path is taken and must agree."""
    text, delimiter = drawn
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode())
    assert_same(path, monkeypatch, index=index, delimiter=delimiter)


def test_plain_path_is_taken_for_an_unquoted_range():
    data = "name,address,city\n张三,, x\n\n李四,\u3000,市\n".encode()
    rows = sources.plain_rows(data, 3, ",", skip_first=True)
    assert rows is not None and len(rows) == 2
    assert rows.filled(0).tolist() == [True, True]
    assert rows.filled(1).tolist() == [False, False]   # empty, and only U+3000
    assert rows.filled(2).tolist() == [True, True]


@pytest.mark.parametrize("data", [
    pytest.param(b'name,address,city\n"a,b",c,d\n', id="quote"),
    pytest.param(b"name,address,city\r\na,b,c\r\n", id="carriage-return"),
    pytest.param(b"name,address,city\na,b,c,d\n", id="too-many-cells"),
    pytest.param(b"name,address,city\na,b\n", id="too-few-cells"),
    pytest.param(b"name,address,city\n", id="no-rows"),
    pytest.param(b"name,address,city", id="header-without-newline"),
    pytest.param(b"name,address,city\n" + b"a" * (plain_csv.MAX_LINE + 1) + b",b,c\n", id="long-line"),
])
def test_other_ranges_go_to_pyarrow(data):
    assert sources.plain_rows(data, 3, ",", skip_first=True) is None


@pytest.mark.parametrize("text", [
    pytest.param("name,address,city\n张三,北京, \n李四,,上海", id="no-last-newline"),
    pytest.param("name,address,city\n\n\n张三,北京,x\n\n", id="blank-lines"),
    pytest.param("name,address,city\na,b\n", id="bad-row-note"),
    pytest.param("name,address,city\n", id="header-only"),
])
def test_edge_ranges(tmp_path, monkeypatch, text):
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode())
    assert_same(path, monkeypatch, index=0)
    assert_same(path, monkeypatch, index=1)


def test_a_single_column_with_blank_lines(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_bytes("name\n\n张三\n \n\n李四\n".encode())
    notes, segs = assert_same(path, monkeypatch, header=("name",))
    assert segs[0][0] == "\n张三\x1f\n \x1f\n李四\x1f\n\n".encode()
    assert segs[0][6] == [(0, "PersonName", [0, 2])]


def test_many_segments(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "ROWS_PER_SEGMENT", 3)
    path = tmp_path / "t.tsv"
    path.write_bytes("".join(f"n{i}\t{'' if i % 2 else 'addr'}\tc\n" for i in range(10)).encode())
    notes, segs = assert_same(path, monkeypatch, index=1, delimiter="\t")
    assert [s[2] for s in segs] == [1, 4, 7, 10]
    assert segs[1][5] == ("i", [1, 8, 19])   # "n3\x1f\x1fc\x1f\n" is 7 bytes


def test_gb18030_text_is_read_as_utf8(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_bytes("name,address,city\n张三,北京市,x\n".encode("gb18030"))
    notes, segs = assert_same(path, monkeypatch, encoding="gb18030")
    assert segs[0][0] == "\n张三\x1f北京市\x1fx\x1f\n\n".encode()


def test_filled_start_bytes_never_start_white_space():
    """Every character pyarrow's ``utf8_trim_whitespace`` removes starts with a byte the plain
    path checks with pyarrow (not one of ``_FILLED_START``)."""
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    trimmed = pc.equal(pc.utf8_trim_whitespace(pa.array(chars, pa.string())), "").to_numpy(
        zero_copy_only=False)
    spaces = [chars[i] for i in np.flatnonzero(trimmed)]
    assert "\u3000" in spaces and " " in spaces and "\x1f" in spaces
    assert not any(plain_csv._FILLED_START[ch.encode()[0]] for ch in spaces)


@pytest.mark.parametrize(("value", "text"), [
    pytest.param(100.0, "100", id="integral"),
    pytest.param(-0.0, "0", id="negative-zero"),
    pytest.param(1e17, "100000000000000000", id="large-integral-without-exponent"),
    pytest.param(1e18, "1e+18", id="too-large-for-int"),
    pytest.param(9522.12, "9522.12", id="fraction"),
    pytest.param(float("nan"), "nan", id="nan"),
    pytest.param(None, None, id="null"),
])
def test_float_text(value, text):
    arr = pa.array([value, 0.5, None], pa.float64())
    assert sources._as_text(arr).to_pylist() == [text, "0.5", None]
