"""Names in named columns (``姓名``, ``name``) are identifiers as names after a label in text are:
hashed in every row with the same normal form, and linked to the row's anchor, so the same data
counts the same subjects as text, CSV or JSON Lines. All identifiers are synthetic."""

from __future__ import annotations

import json
import sys

import numpy as np

from kuajing.evidence.scan import scan
from kuajing.evidence.scan.engine import Segment
from kuajing.evidence.scan.kernel.labels import strip_spans
from kuajing.secrets import subject_hash

from .conftest import KEY, ON, engine

MOBILE_A = "13812345678"
MOBILE_B = "13912345678"


def name_hash(name: str) -> str:
    return subject_hash(KEY, "person_name", name)


def run_files(tmp_path, files: dict[str, str], findings: bool = True):
    """Scan a folder holding ``files``: (result, findings lines)."""
    d = tmp_path / "data"
    d.mkdir(parents=True)
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    fp = tmp_path / "findings.jsonl"
    result = scan([str(d)], on=ON, key=KEY, workers=1, findings_path=fp if findings else None)
    lines = [json.loads(x) for x in fp.read_text(encoding="utf-8").splitlines()] if findings else []
    return result, lines


TRIO = {
    "text": {"crm.log": f"姓名：张三 手机{MOBILE_A}\n", "app.log": "姓名：张三 登录\n"},
    "csv": {"crm.csv": f"姓名,手机\n张三,{MOBILE_A}\n", "app.csv": "姓名,事件\n张三,登录\n"},
    "jsonl": {"crm.jsonl": json.dumps({"name": "张三", "mobile": MOBILE_A}, ensure_ascii=False) + "\n",
              "app.jsonl": json.dumps({"name": "张三", "event": "登录"}, ensure_ascii=False) + "\n"},
}


def test_text_csv_and_jsonl_count_the_same_subjects(tmp_path):
    seen = {}
    for fmt, files in TRIO.items():
        result, lines = run_files(tmp_path / fmt, files)
        assert result.overall.to_dict()["subjects"] == 1, fmt
        seen[fmt] = result.subject_hashes()
        # every occurrence, the name in the record without a mobile included, is the mobile's
        assert {x["subject_hash"] for x in lines} == {subject_hash(KEY, "cn_mobile", MOBILE_A)}, fmt
    assert seen["text"] == seen["csv"] == seen["jsonl"] == {subject_hash(KEY, "cn_mobile", MOBILE_A)}


def test_a_name_column_has_the_text_label_s_hash(tmp_path):
    # padded cells (spaces, U+3000, a tab) are stripped as in the named-column reference
    files = {"a.log": "姓名：张三\n客户姓名：Li Lei\n",
             "b.csv": f"name,mobile,note\n 张三\u3000,{MOBILE_A},x\nLi Lei\t,{MOBILE_B},y\n"}
    _, lines = run_files(tmp_path, files)
    names = [x for x in lines if x["entity"] == "person_name"]
    by_file: dict = {}
    for x in names:
        by_file.setdefault(x["dataset"].rsplit("/", 1)[-1], []).append(x["identifier_hash"])
    expected = [name_hash("张三"), name_hash("Li Lei")]
    assert by_file["a.log"] == expected
    assert by_file["b.csv"] == expected
    assert {x["evidence"] for x in names if x["dataset"].endswith("b.csv")} == {"field_name"}


def test_a_name_alone_in_a_row_is_its_own_subject(tmp_path):
    result, lines = run_files(tmp_path, {"app.csv": "姓名,事件\n张三,登录\n李四,登录\n张三,退出\n"})
    assert result.overall.to_dict()["subjects"] == 2
    assert result.subject_hashes() == {name_hash("张三"), name_hash("李四")}
    assert [x["subject_hash"] for x in lines] == [name_hash("张三"), name_hash("李四"), name_hash("张三")]


def test_a_shared_name_does_not_merge_two_people(tmp_path):
    text = {"crm.log": f"姓名：张三 手机{MOBILE_A}\n姓名：张三 手机{MOBILE_B}\n"}
    table = {"crm.csv": f"姓名,手机\n张三,{MOBILE_A}\n张三,{MOBILE_B}\n"}
    people = {subject_hash(KEY, "cn_mobile", MOBILE_A), subject_hash(KEY, "cn_mobile", MOBILE_B)}
    for name, files in (("text", text), ("table", table)):
        result, _ = run_files(tmp_path / name, files, findings=False)
        assert result.overall.to_dict()["subjects"] == 2, name
        assert result.subject_hashes() == people, name
    # with a log naming only 张三: the name is not merged into either person (both formats agree)
    counts = []
    for name, files in (("text2", text), ("table2", table)):
        result, _ = run_files(tmp_path / name, {**files, "app.log": "姓名：张三 登录\n"}, findings=False)
        assert people <= result.subject_hashes(), name
        counts.append(result.overall.to_dict()["subjects"])
    assert counts[0] == counts[1]


def test_a_name_beside_an_identity_number_links_a_log_to_that_person(tmp_path):
    adult = "11010519491231002X"
    result, _ = run_files(tmp_path, {"crm.csv": f"customer_id,name,id_number\n1,王五,{adult}\n",
                                     "app.log": "联系人：王五 下单\n"}, findings=False)
    assert result.overall.to_dict()["subjects"] == 1
    assert result.subject_hashes() == {subject_hash(KEY, "cn_resident_id", adult)}


# -- the compiled path against the reference ------------------------------------------------------

_SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


def test_strip_spans_is_str_strip():
    values = ["张三", "Li Lei", "a b", "", "x"]
    texts = [p + v + q for v in values for p in ("", *_SPACES) for q in ("", " ", _SPACES[-1], "\u3000\n")]
    texts += [s * 3 for s in _SPACES] + ["\u00a0张\u2028三\u3000"]
    blob = bytearray(b"\n")
    S, E = [], []
    for t in texts:
        b = t.encode("utf-8")
        S.append(len(blob))
        blob += b
        E.append(len(blob))
        blob += b"\x01"
    a = np.frombuffer(bytes(blob), dtype=np.uint8)
    S, E = np.array(S, dtype=np.int64), np.array(E, dtype=np.int64)
    out_s, out_e = np.empty_like(S), np.empty_like(E)
    strip_spans(a, S, E, out_s, out_e)
    got = [bytes(blob[s:e]).decode("utf-8") for s, e in zip(out_s.tolist(), out_e.tolist())]
    assert got == [t.strip() for t in texts]


def _table(rows: list[list[bytes]], columns: list[str], name_column: int) -> Segment:
    """A table segment as ``sources.table_segment`` lays it out (cells ended by U+001F)."""
    body, starts = bytearray(b"\n"), []
    for cells in rows:
        starts.append(len(body))
        body += b"".join(c + b"\x1f" for c in cells) + b"\n"
    body += b"\n"
    eng = engine()
    rec = next(r for r in eng.recs if r.entity == "person_name")
    filled = np.array([i for i, r in enumerate(rows) if r[name_column].decode("utf-8", "replace").strip()],
                      dtype=np.int64)
    return Segment("t.csv", bytes(body), table="t", row_starts=np.array(starts, dtype=np.int64),
                   columns=columns, field_columns=[(name_column, rec, filled)])


def test_cells_are_hashed_in_batch_as_the_reference_does():
    eng = engine()
    ri = next(i for i, r in enumerate(eng.recs) if r.entity == "person_name")
    cells = [b"\xe5\xbc\xa0\xe4\xb8\x89", b" Li Lei ", b"\xff\xfe\xe5\xbc\xa0", b"  ",
             "\u3000赵六\u00a0".encode(), b"\xe5\xbc\xa0\xe4\xb8\x89", b"Ann\xc3", b"\xe5\xbc\xa0\xe4\xb8\x89"]
    seg = _table([[c, b"x"] for c in cells], ["姓名", "事件"], 0)
    a = np.frombuffer(seg.data, dtype=np.uint8)
    rows = np.arange(len(cells), dtype=np.int64)
    hid = eng._hash_cells(seg, a, rows, 0, ri)
    for c, h in zip(cells, hid.tolist()):
        ref = c.decode("utf-8", "replace").strip()
        if not ref:
            assert h == -1
            continue
        assert eng.store.hex(h) == name_hash(ref)
        assert eng.store.add("person_name", ref) == h     # one id per hash, whichever path met it
    assert hid[0] == hid[5] == hid[7]
    # hashed again: the same ids
    again = eng._hash_cells(seg, a, rows, 0, ri)
    assert again.tolist() == hid.tolist()


def test_a_name_column_of_organisations_holds_no_names(tmp_path):
    """A column called ``name`` can list banks: cells of Chinese characters only that are longer
    than four or end like an organisation are no person's name; the people's names are."""
    csv_text = ("name,mobile\n中国农业银行,\n招商银行,\n欧阳娜娜,13812345678\n张三,\n阿依古丽·买买提,\n"
                "花旗银行（中国）,\n吉林农信,\n李四（VIP）,\n")
    result, lines = run_files(tmp_path, {"banks.csv": csv_text})
    names = [x for x in lines if x["entity"] == "person_name"]
    assert [x["row"] for x in names] == [3, 4, 5, 8]
    assert result.to_dict()["overall"]["entities"]["person_name"]["subjects"] == 4


def test_compiled_name_cells_equal_cell_ok():
    """``kernel.labels.name_cells`` gives ``PersonName.cell_ok`` on generated cells (UTF-8 that
    is not valid: -1, for the reference)."""
    import random

    rec = next(r for r in engine().recs if r.entity == "person_name")
    r = random.Random(5)
    alphabet = ["张", "三", "银", "行", "公", "司", "中", "心", "·", "A", "b", " ", "1", "x", "\u3000", "（", "）", "(", ")", "商"]
    cells = ["".join(r.choice(alphabet) for _ in range(r.randint(1, 7))).strip() for _ in range(3000)]
    cells = [c for c in cells if c] + ["中国农业银行", "招商银行", "张三", "张", "分行", "a" * 64, "a" * 65]
    data = b"\n" + b"\n".join(c.encode() for c in cells) + b"\n\xff\xfe\n"
    a = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(a == 10)
    S, E = ends[:-1] + 1, ends[1:]
    got = engine()._labels.name_cells(a, S, E)
    assert got.tolist() == [int(rec.cell_ok(c)) for c in cells] + [-1]
