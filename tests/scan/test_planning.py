"""Cutting files into byte ranges for the workers (``decode.plan_ranges``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuajing.evidence.scan.decode import plan_ranges


def _check(path, data: bytes, chunk: int) -> list[tuple[int, int]]:
    ranges = plan_ranges(path, len(data), chunk)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))      # contiguous, no overlap
    assert all(s < e for s, e in ranges)
    return ranges


@pytest.mark.parametrize("line_len", [10, 1000, 70_000, 200_000])
def test_ranges_end_after_a_newline(tmp_path, line_len):
    """Lines shorter and longer than the 64 KiB first look-ahead: every range but the last ends
    just after a newline, and the first newline after each target is the one chosen."""
    data = b"".join(b"x" * (line_len - 1 + i % 3) + b"\n" for i in range(40))
    path = tmp_path / "a.log"
    path.write_bytes(data)
    chunk = 50_000
    ranges = _check(path, data, chunk)
    for start, end in ranges[:-1]:
        assert data[end - 1:end] == b"\n"
        assert data.find(b"\n", start + chunk) == end - 1


def test_a_line_longer_than_four_chunks_is_cut_at_a_space(tmp_path):
    data = (b"word " * 20_000) + b"\n"
    path = tmp_path / "one-line.txt"
    path.write_bytes(data)
    chunk = 4096
    ranges = _check(path, data, chunk)
    assert len(ranges) > 1
    for _, end in ranges[:-1]:
        assert data[end - 1:end] == b" "          # a token is never cut
        assert data[end - 1:end] != b"\n"


def test_ranges_cut_at_newlines_and_spaces_count_like_one_range(tmp_path):
    """Text read in small ranges (after a newline, and inside one long line after a space) finds
    what one range finds, with the same line numbers."""
    import json

    from kuajing.evidence.scan import scan

    from .conftest import KEY, ON

    long_line = " ".join(f"用户{i} 手机138{i:08d}" for i in range(3000))
    short = "\n".join(f"行{i} 身份证11010519491231002X" for i in range(500))
    path = tmp_path / "mixed.log"
    path.write_text(short + "\n" + long_line + "\n" + short, encoding="utf-8")   # no final newline
    one = scan([str(path)], on=ON, key=KEY, workers=1, findings_path=tmp_path / "one.jsonl")
    many = scan([str(path)], on=ON, key=KEY, workers=1, chunk=4096, findings_path=tmp_path / "many.jsonl")
    assert one.to_dict()["overall"] == many.to_dict()["overall"]
    assert one.overall.occurrences["cn_mobile"] == 3000 and one.to_dict()["overall"]["records"] == 1001

    def rows(name):
        return [json.loads(x) for x in (tmp_path / name).read_text().splitlines()]

    def where(r):
        return r["line"], r["masked"], r["identifier_hash"]

    assert sorted(map(where, rows("one.jsonl"))) == sorted(map(where, rows("many.jsonl")))
    assert {r["line"] for r in rows("many.jsonl")} == set(range(1, 1002))
    # lines that were not cut: every field as in one range (in a cut line, columns count from the
    # cut: a known limit for lines longer than four chunks)
    whole = [r for r in rows("one.jsonl") if r["line"] != 501]
    assert whole == [r for r in rows("many.jsonl") if r["line"] != 501]


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 10_000), st.text("ab \n,\"手", max_size=30)),
                     min_size=1, max_size=300))
def test_csv_ranges_never_end_inside_a_quoted_cell(tmp_path_factory, rows):
    """A quoted cell may span lines: with ``quoted`` the ranges end only after a newline that
    has an even number of double quotes before it in the file (a doubled quote inside a cell
    keeps the count even)."""
    body = "id,note\n" + "".join(f'{i},"{note.replace(chr(34), chr(34) * 2)}"\n' for i, note in rows)
    data = body.encode("utf-8")
    path = tmp_path_factory.mktemp("q") / "a.csv"
    path.write_bytes(data)
    ranges = plan_ranges(path, len(data), 64, quoted=True)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    for _, end in ranges[:-1]:
        assert data[end - 1:end] == b"\n" and data[:end].count(b'"') % 2 == 0


def test_unpaired_quotes_do_not_make_one_huge_range(tmp_path):
    """Quotes that never pair up (not valid CSV) fall back to the next newline: ranges stay near
    the chunk size."""
    data = b'id,note\n1,"open\n' + b"2,plain row\n" * 20_000
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    ranges = plan_ranges(path, len(data), 4096, quoted=True)
    assert max(e - s for s, e in ranges) <= 4 * 4096 + 64
    assert all(data[e - 1:e] == b"\n" for _, e in ranges)
