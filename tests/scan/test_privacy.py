"""Privacy: no raw identifier from the inputs appears in any output or store; masks reveal no
more than allowed; readers never crash on arbitrary bytes (hypothesis)."""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuajing.cli import main
from kuajing.evidence.scan import scan
from kuajing.evidence.scan.mask import mask_keep, required_hidden
from kuajing.evidence.scan.recognizers import all_recognizers

from .conftest import KEY, ON

RAW = {
    "11010519491231002X": "id", "110105201801010019": "child id", "13812345678": "mobile",
    "6228480402564890018": "card", "zhang.san@example.cn": "email", "203.0.113.45": "ip",
    "E12345678": "passport", "粤BD12345": "plate", "39.904211,116.407395": "location",
    "010-62345678": "landline", "C12345678": "permit",
}


def _corpus(tmp_path):
    text = "\n".join(f"记录{i} {v} 姓名：张三丰 地址：北京市海淀区中关村大街1号" for i, v in enumerate(RAW))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.log").write_text(text + "\n", encoding="gb18030")
    (tmp_path / "in" / "b.csv").write_text("name,value\n" + "".join(f"张三丰,{v}\n" for v in RAW if "," not in v))
    (tmp_path / "in" / "c.jsonl").write_text("".join(json.dumps({"v": v}) + "\n" for v in RAW))
    return tmp_path / "in"


def test_no_raw_identifier_in_any_output_or_store(tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    monkeypatch.setenv("KUAJING_HOME", str(home))
    src = _corpus(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("text", "json", "markdown"):
        code = main(["scan", str(src), "--format", fmt, "--output", str(out / f"r.{fmt}"),
                     "--findings", str(out / f"f-{fmt}.jsonl"), "--with-hashes", "--no-progress"])
        assert code == 0
    main(["scan", str(src), "--format", "json", "--no-progress"])
    main(["scan", str(tmp_path / "missing"), "--no-progress"])
    captured = capsys.readouterr()
    blobs = [captured.out, captured.err]
    for folder in (out, home):
        for root, _dirs, files in os.walk(folder):
            for name in files:
                blobs.append((open(os.path.join(root, name), "rb").read()).decode("utf-8", "replace"))
    findings = [json.loads(x) for x in (out / "f-json.jsonl").read_text().splitlines()]
    assert {f["entity"] for f in findings} >= {"cn_resident_id", "cn_mobile", "bank_card", "email",
                                               "ip_address", "passport", "vehicle_plate",
                                               "precise_location", "cn_landline",
                                               "hk_macao_travel_permit", "person_name", "address"}
    raw = list(RAW) + ["13812345678", "6228480402564890018", "张三丰", "中关村大街1号", "62345678"]
    for blob in blobs:
        for value in raw:
            assert value not in blob, f"raw value ({RAW.get(value, value[:1] + '…')}) leaked"


def test_input_errors_name_the_place_not_the_value(tmp_path, capsys):
    bad = tmp_path / "x.csv"
    bad.write_text('a,b\n"13812345678,11010519491231002X\n')
    assert main(["scan", str(bad), "--no-progress", "--findings", str(tmp_path / "f.jsonl")]) == 0
    err = capsys.readouterr()
    assert "13812345678" not in err.out + err.err


@settings(max_examples=300, deadline=None)
@given(value=st.text(min_size=1, max_size=40), first=st.integers(0, 8), last=st.integers(0, 8))
def test_masks_never_reveal_more_than_allowed(value, first, last):
    masked = mask_keep(value, first, last)
    assert len(masked) == len(value)
    shown = [i for i, ch in enumerate(masked) if ch != "*"]
    assert len(value) - len(shown) >= min(required_hidden(len(value)), len(value))
    assert len(shown) <= first + last
    assert all(masked[i] == value[i] for i in shown)
    assert all(i < first or i >= len(value) - last for i in shown)


@settings(max_examples=60, deadline=None)
@given(digits=st.text(alphabet="0123456789", min_size=11, max_size=19))
def test_recognizer_masks_hide_most_digits(digits):
    for rec in all_recognizers():
        if rec.entity in ("cn_resident_id", "bank_card", "cn_mobile", "passport"):
            masked = rec.mask(digits)
            assert sum(ch.isdigit() for ch in masked) <= sum(rec.mask_keep)
            assert masked.count("*") >= required_hidden(len(digits))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".log", ".csv", ".tsv", ".json", ".jsonl",
                                                               ".parquet", ".xlsx", ".txt"]))
def test_readers_never_crash_on_arbitrary_bytes(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    result = scan([str(path)], on=ON, key=KEY, workers=1, findings_path=tmp_path / "f.jsonl")
    result.to_dict()


_CELLS = st.sampled_from(["13812345678", "11010519491231002X", "a@example.cn", "张三丰", "x", "",
                          '"q,1"', '"多\n行"', "{", "}", '"k":', "[", "]", ",", "\t", "\r\n", "\n", "1.5"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(_CELLS, max_size=60), suffix=st.sampled_from([".csv", ".tsv", ".jsonl", ".json", ".log"]),
       encoding=st.sampled_from(["utf-16", "utf-32", "gb18030", "utf-8-sig"]))
def test_a_table_reads_alike_in_every_encoding(tmp_path, parts, suffix, encoding):
    """The same text in UTF-8 and in another encoding (UTF-16/32 tables are read whole, UTF-8 ones
    in ranges) gives the same findings and counts, and neither crashes."""
    text = "姓名,电话,note\n" + "".join(parts)
    results = []
    for enc in ("utf-8", encoding):
        path = tmp_path / enc / f"t{suffix}"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode(enc))
        out = tmp_path / enc / "f.jsonl"
        doc = scan([str(path)], on=ON, key=KEY, workers=1, findings_path=out).to_dict()
        rows = sorted(json.dumps({k: v for k, v in json.loads(x).items() if k != "dataset"}, sort_keys=True)
                      for x in out.read_text(encoding="utf-8").splitlines())
        overall = {k: v for k, v in doc["overall"].items() if k != "bytes"}   # source bytes differ
        results.append((overall, rows))
    assert results[0] == results[1]


def _findings_and_counts(path, out):
    doc = scan([str(path)], on=ON, key=KEY, workers=1, findings_path=out, chunk=256).to_dict()
    rows = sorted(json.dumps({k: v for k, v in json.loads(x).items() if k != "dataset"}, sort_keys=True)
                  for x in out.read_text(encoding="utf-8").splitlines())
    return {k: v for k, v in doc["overall"].items() if k != "bytes"}, rows


_WIDE_CELLS = st.sampled_from(["13812345678", "11010519491231002X", "a@example.cn", "+86 138-1234-5678",
                               "010-62345678", "E12345678", "10.8.0.2", "张三丰", "x", "", '"q,1"', '"多\n行"',
                               ",", "\t", "\n", "1.5", "手机", "身份证"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(_WIDE_CELLS, max_size=60), suffix=st.sampled_from([".csv", ".jsonl", ".log"]),
       wide=st.sets(st.sampled_from(list("0123456789Xa@.+-E")), min_size=1))
def test_full_width_spellings_read_as_ascii(tmp_path, parts, suffix, wide):
    """The same body with some ASCII characters in their full-width forms gives exactly the
    findings (locations, masked values, hashes) and counts of the ASCII body."""
    text = "姓名,电话,note\n" + "".join(parts)
    head, body = text.split("\n", 1)
    widened = head + "\n" + "".join(chr(ord(c) + 0xFEE0) if c in wide else c for c in body)
    results = []
    for name, content in (("ascii", text), ("wide", widened)):
        path = tmp_path / name / f"t{suffix}"
        path.parent.mkdir(exist_ok=True)
        path.write_text(content, encoding="utf-8")
        results.append(_findings_and_counts(path, tmp_path / name / "f.jsonl"))
    assert results[0] == results[1]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(_WIDE_CELLS, max_size=60), suffix=st.sampled_from([".csv", ".jsonl", ".log"]))
def test_lines_ending_in_cr_read_as_lines_ending_in_lf(tmp_path, parts, suffix):
    """The same text with every LF written as a bare CR gives the same findings and counts, also
    when cut into small ranges."""
    text = "姓名,电话,note\n" + "".join(parts)
    results = []
    for name, content in (("lf", text), ("cr", text.replace("\n", "\r"))):
        path = tmp_path / name / f"t{suffix}"
        path.parent.mkdir(exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="")
        results.append(_findings_and_counts(path, tmp_path / name / "f.jsonl"))
    assert results[0] == results[1]
