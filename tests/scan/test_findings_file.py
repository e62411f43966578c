"""The findings file (``--findings``): each line is ``json.dumps`` of its finding, with the
character column, line and row numbers across units, table fields, masked values and resolved
subjects as ``docs/scan.md`` defines them.

All identifiers are synthetic: the identity numbers are the recognizers' documented examples
(``11010519491231002X`` is the 18-character form of the legacy ``110105491231002``), the mobiles
are made up in allocated segments.
"""

from __future__ import annotations

import json

import pytest

from kuajing.evidence.scan import scan
from kuajing.evidence.scan.count import Partial
from kuajing.evidence.scan.engine import Segment
from kuajing.evidence.scan.findings_file import MaskedValues, SubjectRewrite
from kuajing.evidence.scan.recognizers import all_recognizers
from kuajing.secrets import subject_hash

from .conftest import KEY, ON, engine

ID18, ID15 = "11010519491231002X", "110105491231002"     # one person, new and legacy number
ID_B = "440524198001010013"
MOBILE, MOBILE_B = "13812345678", "13912345678"
KEYS = ["format", "dataset", "entity", "category", "categories", "sensitive", "masked",
        "identifier_hash", "subject_hash", "evidence"]


def run(paths, findings, **kw):
    return scan([str(p) for p in paths], on=ON, key=KEY, workers=kw.pop("workers", 1),
                findings_path=findings, **kw)


def lines(findings) -> list[str]:
    return findings.read_bytes().decode("utf-8").split("\n")[:-1]


def rec(entity: str, cls: str | None = None):
    return next(r for r in all_recognizers()
                if r.entity == entity and (cls is None or type(r).__name__ == cls))


def test_each_line_is_json_dumps_of_its_finding(tmp_path):
    """Names that JSON must escape (quote, backslash, control and line-separator characters)."""
    folder = tmp_path / 'in "q" \\ 名'
    folder.mkdir()
    log = folder / "a.log"
    log.write_text(f"客户 手机{MOBILE} 身份证{ID18}\n姓名：王小明 手机{MOBILE_B}\n", encoding="utf-8")
    csv = folder / "b.csv"
    csv.write_text('"mo\\bile ""x""",姓名,"id\x01no"\n' + f"{MOBILE},张三,{ID_B}\n", encoding="utf-8")
    findings = tmp_path / "f.jsonl"
    run([log, csv], findings)
    got = lines(findings)
    assert len(got) == 7
    for line in got:
        item = json.loads(line)
        assert json.dumps(item, ensure_ascii=False, separators=(",", ":")) == line
        location = ["line", "column"] if "line" in item else ["table", "row", "field"]
        assert list(item) == KEYS + location
    fields = {json.loads(x).get("field") for x in got}
    assert {'mo\\bile "x"', "姓名", "id\x01no"} <= fields
    assert not (tmp_path / "f.jsonl.partial").exists()


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_column_counts_characters_of_the_decoded_text(tmp_path, encoding):
    text_lines = [
        f"手机{MOBILE}",
        f"é ü ß — 身份证 {ID18} 和 手机:{MOBILE_B}",
        f"\U0001F600\U00020000 emoji and a four-byte character, then {MOBILE}",
        f"{MOBILE} at the start",
        "没有号码的行",
    ]
    path = tmp_path / "a.log"
    path.write_bytes(("\n".join(text_lines) + "\n").encode(encoding))
    findings = tmp_path / "f.jsonl"
    run([path], findings)
    got = [(f["line"], f["column"]) for f in map(json.loads, lines(findings))]
    want = []
    for n, line in enumerate(text_lines, 1):
        for raw in (MOBILE, ID18, MOBILE_B):
            at = line.find(raw)
            while at >= 0:
                want.append((n, at + 1))
                at = line.find(raw, at + 1)
    assert sorted(got) == sorted(want)


def _inputs(tmp_path):
    text = tmp_path / "big.log"
    text.write_text("".join(f"{i:05d} 用户 {'手机' + MOBILE if i % 3 else '身份证' + ID18} 中文填充\n"
                            for i in range(3000)), encoding="utf-8")
    csv = tmp_path / "big.csv"
    csv.write_text("编号,手机,姓名\n" + "".join(f"{i},{MOBILE if i % 2 else MOBILE_B},王小明\n"
                                           for i in range(2500)), encoding="utf-8")
    jsonl = tmp_path / "big.jsonl"
    jsonl.write_text("".join(json.dumps({"n": i, "contact": {"mobile": MOBILE}, "id_card": ID_B}) + "\n"
                             for i in range(2000)), encoding="utf-8")
    return [text, csv, jsonl]


def test_numbers_follow_earlier_units(tmp_path):
    """Cut into units of 4 KiB (two workers), the findings file is byte for byte the one of a
    single unit per file: lines and rows are numbered after the records of earlier units."""
    inputs = _inputs(tmp_path)
    one, many = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
    run(inputs, one)
    run(inputs, many, chunk=4096, workers=2)
    assert many.read_bytes() == one.read_bytes()
    items = [json.loads(x) for x in lines(many)]
    text_lines = [f["line"] for f in items if f["dataset"] == str(inputs[0])]
    assert text_lines == list(range(1, 3001))
    for path, n in ((inputs[1], 2500), (inputs[2], 2000)):
        rows = [f["row"] for f in items if f["dataset"] == str(path) and f["entity"] == "cn_mobile"]
        assert rows == list(range(1, n + 1))


def test_table_fields_and_named_columns(tmp_path):
    csv = tmp_path / "crm.csv"
    csv.write_text("编号,姓名,手机,备注,身份证号\n"
                   f"1, 王小明 ,{MOBILE},手机{MOBILE_B},\n"
                   f"2,李四,,,{ID_B}\n", encoding="utf-8")
    findings = tmp_path / "f.jsonl"
    run([csv], findings)
    got = [(f["row"], f["field"], f["entity"], f["evidence"], f["masked"], f["table"])
           for f in map(json.loads, lines(findings))]
    name = rec("person_name")
    assert sorted(got) == sorted([
        (1, "姓名", "person_name", "field_name", name.mask(name.normalize("王小明")), None),
        (1, "手机", "cn_mobile", "pattern", "138****5678", None),
        (1, "备注", "cn_mobile", "pattern", "139****5678", None),
        (2, "姓名", "person_name", "field_name", name.mask(name.normalize("李四")), None),
        (2, "身份证号", "cn_resident_id", "pattern", "440524********0013", None),
    ])


def test_masked_once_per_value_and_recognizer(tmp_path):
    """A legacy and a new identity number of one person share a hash but not a mask; spellings
    of one mobile share both; the masks are the recognizers' own, also in later units."""
    spellings = [MOBILE, "+86 138 1234 5678", "138-1234-5678"]
    path = tmp_path / "a.log"
    path.write_text("".join(f"第{i}行 身份证 {ID18 if i % 2 else ID15} 手机 {spellings[i % 3]} 填充内容\n"
                            for i in range(600)), encoding="utf-8")
    findings = tmp_path / "f.jsonl"
    run([path], findings, chunk=4096)
    items = [json.loads(x) for x in lines(findings)]
    ids = {(f["line"] % 2, f["masked"], f["identifier_hash"])
           for f in items if f["entity"] == "cn_resident_id"}
    r18, r15 = rec("cn_resident_id", "ResidentId18"), rec("cn_resident_id", "ResidentId15")
    same = subject_hash(KEY, "cn_resident_id", ID18)
    # line n holds row i = n - 1: odd i (even line) the new number, even i the legacy one
    assert ids == {(0, r18.mask(r18.normalize(ID18)), same), (1, r15.mask(r15.normalize(ID15)), same)}
    assert r18.mask(r18.normalize(ID18)) != r15.mask(r15.normalize(ID15))
    mobiles = {(f["masked"], f["identifier_hash"]) for f in items if f["entity"] == "cn_mobile"}
    assert mobiles == {("138****5678", subject_hash(KEY, "cn_mobile", MOBILE))}


def test_subjects_resolved_across_units(tmp_path):
    """A mobile seen alone in the first unit belongs to the identity number it is seen with in
    a later one: its lines name that subject."""
    path = tmp_path / "a.log"
    path.write_text(f"登录 手机{MOBILE} 填充\n" * 300 + f"开户 身份证{ID18} 手机{MOBILE}\n"
                    + f"陌生人 手机{MOBILE_B}\n", encoding="utf-8")
    findings = tmp_path / "f.jsonl"
    result = run([path], findings, chunk=4096, workers=2)
    items = [json.loads(x) for x in lines(findings)]
    person, other = subject_hash(KEY, "cn_resident_id", ID18), subject_hash(KEY, "cn_mobile", MOBILE_B)
    assert {f["subject_hash"] for f in items[:-1]} == {person}
    assert items[-1]["subject_hash"] == other
    assert result.subject_root(subject_hash(KEY, "cn_mobile", MOBILE)) == person


def test_a_record_about_several_people_has_no_subject():
    part = Partial()
    engine().scan(Segment("t.txt", f"\n身份证{ID18} 身份证{ID_B} 手机{MOBILE}\n".encode()), part)
    assert [(f["entity"], f["subject_hash"]) for f in part.findings] == [
        ("cn_resident_id", None), ("cn_resident_id", None), ("cn_mobile", None)]


def test_shifted_numbers_of_every_width():
    part = Partial()
    text = "".join(f"手机{MOBILE}\n" if i in (0, 8, 9, 98, 99) else "-\n" for i in range(100))
    engine().scan(Segment("t.txt", ("\n" + text).encode(), first_line=1), part)
    [block] = part.findings.blocks
    assert [f["line"] for f in block.dicts()] == [1, 9, 10, 99, 100]
    block.shift(999_999_990)
    assert [(f["line"], f["column"]) for f in block.dicts()] == [
        (999_999_991, 3), (999_999_999, 3), (1_000_000_000, 3), (1_000_000_089, 3), (1_000_000_090, 3)]


def test_masked_values_are_computed_once_and_bounded():
    cache = MaskedValues(limit=3)
    calls = []

    def compute(missing):
        calls.extend(keys[i] for i in missing)
        return [b'"%d"' % keys[i] for i in missing]

    keys = [1, 2]
    assert cache.pieces(keys, compute) == [b'"1"', b'"2"']
    keys = [2, 1]
    assert cache.pieces(keys, compute) == [b'"2"', b'"1"'] and calls == [1, 2]   # known
    keys = [3, 1]                       # 2 known + 1 new: within the limit
    assert cache.pieces(keys, compute) == [b'"3"', b'"1"'] and calls == [1, 2, 3]
    keys = [4, 2]                       # 3 known + 1 new > limit: emptied, then filled
    assert cache.pieces(keys, compute) == [b'"4"', b'"2"'] and calls == [1, 2, 3, 4]
    keys = [1]
    assert cache.pieces(keys, compute) == [b'"1"'] and calls == [1, 2, 3, 4, 1]


def test_subject_rewrite_changes_moved_hashes_only():
    import numpy as np

    a, b, c = "a" * 32, "b" * 32, "c" * 32
    rewrite = SubjectRewrite(np.array([a], dtype="S32"), np.array([c], dtype="S32"))
    got = rewrite(np.array([a.encode(), b.encode(), a.encode()], dtype="S32"))
    assert got.tolist() == [c.encode(), b.encode(), c.encode()]
    none = np.zeros(0, dtype="S32")
    assert SubjectRewrite(none, none)(np.array([a.encode()], dtype="S32")).tolist() == [a.encode()]


def test_character_columns_count_utf8_characters_from_the_line_start():
    """Columns (1-based, in characters) equal the count of characters before the offset on
    its line, for offsets in any order."""
    import random

    import numpy as np

    from kuajing.evidence.scan.findings_file import _columns

    r = random.Random(3)
    text = "\n" + "".join(r.choice(["手机", "a", "😀", "é", "\n", " ", "1"]) for _ in range(3000)) + "\n"
    data = text.encode()
    starts = [i for i in range(len(data)) if (data[i] & 0xC0) != 0x80 and data[i] != 0x0A]
    S = np.array(r.sample(starts, 500), dtype=np.int64)
    want = []
    for s in S.tolist():
        line = data[data.rfind(b"\n", 0, s) + 1:s].decode()
        want.append(len(line) + 1)
    a = np.frombuffer(data, dtype=np.uint8)
    assert _columns(a, S).tolist() == want
    order = np.argsort(S, kind="stable")
    assert _columns(a, S[order]).tolist() == [want[i] for i in order.tolist()]
