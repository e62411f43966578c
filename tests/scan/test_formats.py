"""Every input format and encoding, read end to end through ``scan`` (synthetic data).

Each file holds the same two people so the counts can be compared across formats.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from kuajing.evidence.scan import scan

from .conftest import KEY, ON

ID_A, MOBILE_A, MAIL_A = "11010519491231002X", "13812345678", "zhang.san@example.cn"
ID_B, MOBILE_B = "440524198001010013", "13912345678"
ROWS = [("张三", MOBILE_A, ID_A, MAIL_A), ("李四", MOBILE_B, ID_B, "")]
TEXT = f"客户 张三 手机{MOBILE_A} 身份证{ID_A} 邮箱 {MAIL_A}\n客户 李四 手机{MOBILE_B} 身份证{ID_B}\n"


def run(paths, **kw):
    return scan([str(p) for p in paths], on=ON, key=KEY, workers=kw.pop("workers", 1), **kw)


def summary(result, dataset=None):
    doc = result.to_dict()
    block = doc["overall"] if dataset is None else next(d for d in doc["datasets"] if d["dataset"] == dataset)
    return {e: (v["occurrences"], v["subjects"]) for e, v in block["entities"].items()}, block["subjects"]


EXPECTED_TEXT = ({"cn_mobile": (2, 2), "cn_resident_id": (2, 2), "email": (1, 1)}, 2)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le",
                                      "utf-16-be"])
def test_text_encodings(tmp_path, encoding):
    path = tmp_path / f"log-{encoding}.log"
    path.write_bytes(TEXT.encode(encoding))
    result = run([path])
    assert summary(result) == EXPECTED_TEXT
    assert result.to_dict()["datasets"][0]["encoding"] in (encoding, "utf-16", "gb18030")


def test_gb18030_decoded_before_matching(tmp_path):
    """Four-byte GB18030 sequences contain ASCII digits; matching raw bytes would find a
    'mobile' inside them. Decoded first, nothing is found."""
    text = "\U00020000" * 12 + "𠀀𠀁"      # characters encoded with four bytes, digits inside
    raw = text.encode("gb18030")
    assert any(48 <= b <= 57 for b in raw)
    path = tmp_path / "rare.txt"
    path.write_bytes(raw + ("，手机" + MOBILE_A).encode("gb18030"))
    entities, _ = summary(run([path]))
    assert entities == {"cn_mobile": (1, 1)}


def test_csv_and_tsv_rows_and_fields(tmp_path):
    csv = tmp_path / "crm.csv"
    csv.write_text("姓名,手机,身份证号,email\n" + "".join(f"{a},{b},{c},{d}\n" for a, b, c, d in ROWS),
                   encoding="gb18030")
    tsv = tmp_path / "crm.tsv"
    tsv.write_text("name\tmobile\tid\temail\n" + "".join("\t".join(r) + "\n" for r in ROWS))
    findings = tmp_path / "f.jsonl"
    result = run([csv, tsv], findings_path=findings)
    for ds in (str(csv), str(tsv)):
        entities, subjects = summary(result, ds)
        assert entities == {"cn_mobile": (2, 2), "cn_resident_id": (2, 2), "email": (1, 1),
                            "person_name": (2, 2)}
        assert subjects == 2
    rows = [json.loads(x) for x in findings.read_text().splitlines()]
    ids = [r for r in rows if r["entity"] == "cn_resident_id" and r["dataset"] == str(csv)]
    assert [(r["row"], r["field"]) for r in ids] == [(1, "身份证号"), (2, "身份证号")]
    assert summary(result)[1] == 2      # same people in both files: linked, counted once


def test_json_and_jsonl(tmp_path):
    recs = [{"name": a, "contact": {"mobile": b}, "id_card": c, "email": d} for a, b, c, d in ROWS]
    (tmp_path / "a.json").write_text(json.dumps({"customers": recs}, ensure_ascii=False))
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n")
    findings = tmp_path / "f.jsonl"
    result = run([tmp_path / "a.json", tmp_path / "b.jsonl"], findings_path=findings)
    for name in ("a.json", "b.jsonl"):
        entities, subjects = summary(result, str(tmp_path / name))
        assert entities == {"cn_mobile": (2, 2), "cn_resident_id": (2, 2), "email": (1, 1),
                            "person_name": (2, 2)}, name
    fields = {json.loads(x)["field"] for x in findings.read_text().splitlines()}
    assert "contact.mobile" in fields


def test_parquet(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"name": [r[0] for r in ROWS], "mobile": [int(r[1]) for r in ROWS],
                      "id_number": [r[2] for r in ROWS], "email": [r[3] or None for r in ROWS]})
    pq.write_table(table, tmp_path / "t.parquet")
    entities, subjects = summary(run([tmp_path / "t.parquet"]))
    assert entities == {"cn_mobile": (2, 2), "cn_resident_id": (2, 2), "email": (1, 1), "person_name": (2, 2)}
    assert subjects == 2


def test_xlsx(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(["姓名", "手机", "身份证", "邮箱"])
    for a, b, c, d in ROWS:
        ws.append([a, int(b), c, d])      # a phone typed as a number
    wb.create_sheet("empty")
    wb.save(tmp_path / "c.xlsx")
    findings = tmp_path / "f.jsonl"
    result = run([tmp_path / "c.xlsx"], findings_path=findings)
    entities, subjects = summary(result)
    assert entities == {"cn_mobile": (2, 2), "cn_resident_id": (2, 2), "email": (1, 1), "person_name": (2, 2)}
    first = json.loads(findings.read_text().splitlines()[0])
    assert (first["table"], first["row"]) == ("客户", 1)


def test_sqlite_database_full_and_sampled(tmp_path):
    db = tmp_path / "crm.db"
    con = sqlite3.connect(db)
    con.execute("create table customers (name text, mobile text, id_number text, email text)")
    con.executemany("insert into customers values (?,?,?,?)", ROWS)
    con.execute("create table audit (note text)")
    con.execute("insert into audit values ('诊断记录已归档')")
    con.commit()
    con.close()
    result = run([f"sqlite:///{db}"])
    entities, subjects = summary(result)
    assert entities["cn_resident_id"] == (2, 2) and subjects == 2
    assert {d["dataset"] for d in result.to_dict()["datasets"]} == {f"sqlite:///{db}#customers",
                                                                    f"sqlite:///{db}#audit"}
    sampled = run([f"sqlite:///{db}"], sample_rows=1, tables=("customers",))
    assert summary(sampled)[0]["cn_resident_id"] == (1, 1)


def test_folders_globs_and_binary_files(tmp_path):
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "a.log").write_text(TEXT)
    (tmp_path / "logs" / "b.txt").write_text(TEXT)
    (tmp_path / "logs" / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "logs" / "blob").write_bytes(bytes(range(256)) * 4)
    result = run([tmp_path], include=("*.log", "blob"))
    assert [d["dataset"] for d in result.to_dict()["datasets"]] == [str(tmp_path / "logs" / "a.log")]
    assert {s["reason"] for s in result.skipped} == {"binary content"}
    result = run([tmp_path], exclude=("*.txt",))
    assert str(tmp_path / "logs" / "b.txt") not in [d["dataset"] for d in result.to_dict()["datasets"]]


def test_chunk_boundaries_neither_lose_nor_double_count(tmp_path):
    """Many small chunks and two workers give exactly the counts of one chunk in one process."""
    lines = [f"{i:06d} 手机{MOBILE_A if i % 3 else MOBILE_B} 身份证{ID_A if i % 2 else ID_B} 中文填充内容"
             for i in range(4000)]
    path = tmp_path / "big.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    csv = tmp_path / "big.csv"
    csv.write_text("mobile,id\n" + "".join(f"{MOBILE_A},{ID_A}\n" for _ in range(3000)))
    one = run([path, csv])
    f2 = tmp_path / "f.jsonl"
    many = run([path, csv], chunk=4096, workers=2, findings_path=f2)
    assert one.to_dict()["overall"] == many.to_dict()["overall"]
    assert one.overall.occurrences["cn_mobile"] == 7000
    rows = [json.loads(x) for x in f2.read_text().splitlines()]
    text_lines = sorted({r["line"] for r in rows if r["dataset"] == str(path)})
    assert text_lines == list(range(1, 4001))
    assert sorted({r["row"] for r in rows if r["dataset"] == str(csv)}) == list(range(1, 3001))


@pytest.mark.parametrize("head", [b"\r ", b'a,"b\rc', b"\r\n", b'"\r'])
def test_a_csv_header_the_csv_module_refuses_is_no_crash(tmp_path, head):
    path = tmp_path / "odd.csv"
    path.write_bytes(head + b"\n13812345678,x\n")
    result = scan([str(path)], on=ON, key=KEY, workers=1)
    assert result.to_dict()["overall"]["records"] >= 1


def test_a_csv_column_name_may_hold_a_unicode_line_separator(tmp_path):
    """Only CR and LF end the header line (``str.splitlines`` also cuts at U+2028, U+0085…)."""
    path = tmp_path / "names.csv"
    path.write_text("身份\u2028证号,mobile\u0085no\n" + f"{ID_A},{MOBILE_A}\n", encoding="utf-8")
    findings = tmp_path / "f.jsonl"
    run([path], findings_path=findings)
    rows = [json.loads(x) for x in findings.read_text(encoding="utf-8").split("\n") if x]
    fields = {r["entity"]: r["field"] for r in rows}
    assert fields == {"cn_resident_id": "身份\u2028证号", "cn_mobile": "mobile\u0085no"}


def dataset(result, path):
    return next(d for d in result.to_dict()["datasets"] if d["dataset"] == str(path))


def findings_of(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]


def test_jsonl_lists_of_objects_and_of_lists_are_scanned_as_json_text(tmp_path):
    """Nested values pyarrow cannot flatten into columns (lists of objects, lists of lists) are
    the cell's JSON text, scanned in that column's field; the same data as a .json document
    gives the same counts."""
    recs = [{"id": 1, "contacts": [{"phone": MOBILE_A, "email": MAIL_A}], "grid": [["x"], [MOBILE_B]]},
            {"id": 2, "contacts": [], "grid": None}]
    jl = tmp_path / "c.jsonl"
    jl.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    doc = tmp_path / "c.json"
    doc.write_text(json.dumps(recs))
    findings = tmp_path / "f.jsonl"
    result = run([jl, doc], findings_path=findings)
    assert summary(result, str(jl)) == summary(result, str(doc))
    for path in (jl, doc):
        assert {e: v["occurrences"] for e, v in dataset(result, path)["entities"].items()} == {
            "cn_mobile": 2, "email": 1}, path.name
        assert (dataset(result, path)["records"], dataset(result, path)["notes"]) == (2, [])
    rows = [r for r in findings_of(findings) if r["dataset"] == str(jl)]
    assert sorted((r["entity"], r["row"], r["field"]) for r in rows) == [
        ("cn_mobile", 1, "contacts"), ("cn_mobile", 1, "grid"), ("email", 1, "contacts")]


def test_parquet_struct_map_and_binary_columns(tmp_path):
    """Struct columns are flattened to ``a.b`` columns as for JSON Lines; a map, a list of
    structs and a list of floats are the cell's JSON text; a binary column is skipped, and a
    note names it (never its data)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "name": ["张三", "李四"],
        "contact": pa.array([{"email": MAIL_A, "mobile": MOBILE_A}, {"email": None, "mobile": None}]),
        "attrs": pa.array([[("备用", MOBILE_B)], []], pa.map_(pa.string(), pa.string())),
        "cards": pa.array([None, [{"id_number": ID_B}]]),
        "scores": pa.array([[float(MOBILE_B)], [0.5]]),
        "photo": pa.array([ID_A.encode(), None], pa.binary()),
    })
    path = tmp_path / "t.parquet"
    pq.write_table(table, path, row_group_size=1)       # two batches: one note
    findings = tmp_path / "f.jsonl"
    result = run([path], findings_path=findings)
    ds = dataset(result, path)
    assert {e: v["occurrences"] for e, v in ds["entities"].items()} == {
        "cn_mobile": 3, "cn_resident_id": 1, "email": 1, "person_name": 2}
    assert (ds["records"], ds["notes"]) == (2, ["column photo: binary data, not scanned"])
    assert sorted((r["entity"], r["row"], r["field"]) for r in findings_of(findings)) == [
        ("cn_mobile", 1, "attrs"), ("cn_mobile", 1, "contact.mobile"), ("cn_mobile", 1, "scores"),
        ("cn_resident_id", 2, "cards"), ("email", 1, "contact.email"),
        ("person_name", 1, "name"), ("person_name", 2, "name")]


def test_a_sql_binary_column_is_noted_by_name(tmp_path):
    db = tmp_path / "crm.db"
    con = sqlite3.connect(db)
    con.execute("create table customers (mobile text, photo blob)")
    con.execute("insert into customers values (?, ?)", (MOBILE_A, ID_A.encode()))
    con.commit()
    con.close()
    result = run([f"sqlite:///{db}"])
    assert summary(result)[0] == {"cn_mobile": (1, 1)}
    assert result.to_dict()["datasets"][0]["notes"] == ["column photo: binary data, not scanned"]


@pytest.mark.parametrize(("name", "content", "records", "lines"), [
    pytest.param("bad.csv", f'a,b,c\n1,"{MOBILE_A},x\n2,{MOBILE_B},y\n', 3, [2, 3], id="csv-open-quote"),
    pytest.param("bad.csv", f'a,b,c\n1,"x"{MOBILE_A},y,z\n', 2, [2], id="csv-text-after-closing-quote"),
    pytest.param("bad.csv", f"\n1,{MOBILE_A}", 2, [2], id="csv-without-header"),
    pytest.param("bad.json", f'{{"a": {MOBILE_A},}}\n', 1, [1], id="json"),
    pytest.param("bad.json", f'{{"a": {MOBILE_A},}}', 1, [1], id="json-no-final-newline"),
])
def test_a_file_that_does_not_parse_is_text_with_its_own_lines(tmp_path, name, content, records, lines):
    """A CSV range that neither pyarrow nor the ``csv`` module reads (a quote left open would
    make the rest of the range one cell), or a ``.json`` file that is not a document, is text:
    the fallback counts the file's lines as records (the CSV header is line 1) and reports each
    match on its line."""
    path = tmp_path / name
    path.write_text(content)
    findings = tmp_path / "f.jsonl"
    result = run([path], findings_path=findings)
    ds = dataset(result, path)
    assert (ds["kind"], ds["records"], len(ds["notes"])) == ("text", records, 1)
    assert [r["line"] for r in findings_of(findings)] == lines


@pytest.mark.parametrize("content", ["name,phone,id", "name,phone,id\n", "name,phone,id\r\n"])
def test_a_csv_of_only_a_header_is_an_empty_table(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_text(content, newline="")
    ds = dataset(run([path]), path)
    assert (ds["kind"], ds["records"], ds["notes"], ds["occurrences"]) == ("table", 0, [], 0)


# -- ranges pyarrow refuses, damaged row groups and sheets ---------------------------------------

NAMES = ("张三", "李四")


def counts(ds):
    return ds["kind"], ds["records"], {e: v["occurrences"] for e, v in ds["entities"].items()}


def no_values(notes):
    """Notes hold counts and names, never a value of the data."""
    text = " ".join(notes)
    return not any(v in text for v in (MOBILE_A, MOBILE_B, ID_A, ID_B, MAIL_A, *NAMES))


def test_a_ragged_csv_stays_a_table_at_every_chunk_size(tmp_path):
    """A row with one cell too many or too few makes pyarrow refuse its range: that range is
    read row by row by the ``csv`` module, so the named columns stay columns (every name in
    ``name`` is found), rows keep their numbers, the extra cell is scanned as column
    ``column_4`` and the counts do not depend on where the ranges are cut."""
    lines = []
    for i in range(300):
        cells = [NAMES[i % 2], MOBILE_A if i % 2 else MOBILE_B, ID_A if i % 2 else ID_B]
        if i == 150:
            cells.append(MAIL_A)           # one cell too many
        if i == 220:
            cells = cells[:2]              # one cell too few
        lines.append(",".join(cells))
        if i % 50 == 49:
            lines.append("")               # blank lines: skipped by both readers
    path = tmp_path / "ragged.csv"
    path.write_text("name,mobile,id\n" + "\n".join(lines) + "\n", encoding="utf-8")
    seen = []
    for chunk in (512, 4096, None):
        findings = tmp_path / f"f{chunk}.jsonl"
        ds = dataset(run([path], chunk=chunk, findings_path=findings), path)
        seen.append(counts(ds))
        assert counts(ds) == ("table", 300, {"person_name": 300, "cn_mobile": 300, "cn_resident_id": 299,
                                             "email": 1}), chunk
        assert ds["notes"] and all("rows without the header's 3 cells" in n for n in ds["notes"])
        assert no_values(ds["notes"])
        rows = findings_of(findings)
        assert [(r["row"], r["field"]) for r in rows if r["entity"] == "email"] == [(151, "column_4")]
        assert sorted(r["row"] for r in rows if r["entity"] == "person_name") == list(range(1, 301))
        assert 221 not in {r["row"] for r in rows if r["entity"] == "cn_resident_id"}
    assert seen[0] == seen[1] == seen[2]
    one_range = dataset(run([path]), path)
    assert one_range["notes"] == ["part 1: rows without the header's 3 cells: 2; read row by row "
                                  "(extra cells as columns column_N, missing cells empty)"]


def test_a_quoted_cell_with_newlines_in_a_ragged_range_stays_one_cell(tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_text(f'name,address,mobile\n{NAMES[0]},"北京市\n朝阳区, 1号",{MOBILE_A},extra\n'
                    f'{NAMES[1]},"上海市",{MOBILE_B}\n', encoding="utf-8")
    findings = tmp_path / "f.jsonl"
    ds = dataset(run([path], findings_path=findings), path)
    assert counts(ds) == ("table", 2, {"person_name": 2, "address": 2, "cn_mobile": 2})
    assert sorted((r["entity"], r["row"], r["field"]) for r in findings_of(findings)) == [
        ("address", 1, "address"), ("address", 2, "address"), ("cn_mobile", 1, "mobile"),
        ("cn_mobile", 2, "mobile"), ("person_name", 1, "name"), ("person_name", 2, "name")]


def test_jsonl_whose_key_types_vary_stays_a_table_at_every_chunk_size(tmp_path):
    """``mobile`` sometimes a number and sometimes a string, ``contact`` sometimes an object and
    sometimes a string: pyarrow wants one schema and refuses the range, which is then read line by
    line and flattened as a ``.json`` document is. A line that is no object is one row holding
    its text in column ``line``; blank lines are skipped as pyarrow skips them, so rows are
    numbered alike whichever reader took the range (at chunk 512 most ranges parse fast)."""
    lines = []
    for i in range(200):
        odd = 80 <= i < 130          # types vary here only: small ranges elsewhere parse fast
        rec = {"i": i, "name": NAMES[i % 2], "mobile": int(MOBILE_A) if odd and i % 3 else MOBILE_A}
        if i % 4 == 1:
            rec["contact"] = {"email": MAIL_A}
        elif odd and i % 40 == 3:
            rec["contact"] = f"身份证{ID_A}"
        line = json.dumps(rec, ensure_ascii=False)
        if i == 96:
            line = f"not json, 手机{MOBILE_B}"           # no JSON: row 97 all the same
        if i == 116:
            line = f'["{MOBILE_A}"]'                     # an array, not an object: row 117
        lines.append(line)
        if i % 30 == 0:
            lines.append("  ")                           # blank: not a row
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen = []
    for chunk in (512, 4096, None):
        findings = tmp_path / f"f{chunk}.jsonl"
        ds = dataset(run([path], chunk=chunk, findings_path=findings), path)
        seen.append(counts(ds))
        assert ds["kind"] == "table" and ds["records"] == 200, chunk
        assert no_values(ds["notes"])
        assert sum(int(n.split(": ")[2].split(";")[0]) for n in ds["notes"]) == 2   # the two lines
        rows = findings_of(findings)
        assert sorted(r["row"] for r in rows if r["entity"] == "cn_mobile") == list(range(1, 201))
        fields = {r["field"] for r in rows}
        assert {"contact.email", "contact", "mobile", "name", "line"} <= fields, chunk
        assert {r["row"] for r in rows if r["field"] == "line"} == {97, 117}
    assert seen[0] == seen[1] == seen[2]
    assert seen[0][2] == {"cn_mobile": 200, "cn_resident_id": 2, "email": 50, "person_name": 198}


def test_a_parquet_row_group_that_cannot_be_read_loses_only_its_rows(tmp_path):
    """Row groups are read one by one: a damaged one (its pages overwritten) is named in a note
    with the rows it holds, and the rows of the others are scanned with their own numbers."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"name": [NAMES[i % 2] for i in range(100)],
                      "mobile": [MOBILE_A if i % 2 else MOBILE_B for i in range(100)]})
    path = tmp_path / "damaged.parquet"
    pq.write_table(table, path, row_group_size=20, compression="none")
    group = pq.ParquetFile(path).metadata.row_group(2)          # rows 41-60
    raw = bytearray(path.read_bytes())
    for c in range(group.num_columns):
        col = group.column(c)
        start = col.dictionary_page_offset if col.has_dictionary_page else col.data_page_offset
        raw[start:start + col.total_compressed_size] = b"\xff" * col.total_compressed_size
    path.write_bytes(bytes(raw))
    findings = tmp_path / "f.jsonl"
    ds = dataset(run([path], findings_path=findings), path)
    assert counts(ds) == ("table", 80, {"person_name": 80, "cn_mobile": 80})
    assert len(ds["notes"]) == 1 and no_values(ds["notes"])
    assert ds["notes"][0].startswith("row group 3 (rows 41-60) could not be read (")
    assert ds["notes"][0].endswith("); skipped")
    rows = sorted({r["row"] for r in findings_of(findings)})
    assert rows == list(range(1, 41)) + list(range(61, 101))


def test_an_xlsx_sheet_damaged_part_way_keeps_the_rows_before(tmp_path):
    """A sheet whose XML breaks off is read up to the damage, a note names it, and the other
    sheets are read as usual."""
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(["姓名", "手机"])
    for i in range(40):
        ws.append([NAMES[i % 2], MOBILE_A])
    wb.create_sheet("其他").append(["mobile"])
    wb["其他"].append([MOBILE_B])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[:len(data) // 2]               # breaks off inside the rows
            dst.writestr(item, data)
    findings = tmp_path / "f.jsonl"
    ds = dataset(run([path], findings_path=findings), path)
    assert ds["notes"] == ["sheet 客户: could not be read completely (ParseError); "
                           "rows after the damage skipped"]
    rows = findings_of(findings)
    kept = sorted({r["row"] for r in rows if r["table"] == "客户" and r["entity"] == "cn_mobile"})
    assert 0 < len(kept) < 40 and kept == list(range(1, len(kept) + 1))
    assert [(r["table"], r["row"]) for r in rows if r["table"] == "其他"] == [("其他", 1)]


def _wide(text: str) -> str:
    """The full-width forms of ASCII digits and letters (as typed in full-width mode)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


@pytest.mark.parametrize("name,content", [
    ("crm.csv", "姓名,手机,身份证号,备注\n" + f"张三,{_wide(MOBILE_A)},{_wide(ID_A)},ＶＩＰ客户\n"
     + f"李四,{MOBILE_B},{ID_B},\n"),
    ("crm.jsonl", json.dumps({"姓名": "张三", "手机": _wide(MOBILE_A), "身份证号": _wide(ID_A), "备注": "ＶＩＰ"},
                             ensure_ascii=False) + "\n"
     + json.dumps({"姓名": "李四", "手机": MOBILE_B, "身份证号": ID_B, "备注": ""}, ensure_ascii=False) + "\n"),
], ids=["csv", "jsonl"])
def test_full_width_cells_keep_their_rows_and_fields(tmp_path, name, content):
    """Folding full-width forms in a table moves every later row's offsets: each identifier stays
    in its row and field, the names in their column, and the counts are those of ASCII data."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    findings = tmp_path / "f.jsonl"
    result = run([path], findings_path=findings)
    assert summary(result) == ({"cn_mobile": (2, 2), "cn_resident_id": (2, 2), "person_name": (2, 2)}, 2)
    rows = [json.loads(x) for x in findings.read_text().splitlines()]
    assert sorted((r["row"], r["field"], r["masked"]) for r in rows if r["entity"] != "person_name") == [
        (1, "手机", "138****5678"), (1, "身份证号", "110105********002X"),
        (2, "手机", "139****5678"), (2, "身份证号", "440524********0013")]
    assert sorted((r["row"], r["field"]) for r in rows if r["entity"] == "person_name") == [(1, "姓名"), (2, "姓名")]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_lines_ending_in_a_bare_cr_are_lines(tmp_path, encoding):
    """Files whose lines end in CR alone (classic Mac OS, Excel's "CSV (Macintosh)") have one
    record per line, also when cut into many ranges: each person is a subject of their own and
    every finding keeps its line (text) or row (CSV)."""
    mobiles = [f"1391234{i:04d}" for i in range(600)]
    text = tmp_path / "mac.txt"
    text.write_bytes("".join(f"客户{i:04d} 手机{m}\r" for i, m in enumerate(mobiles)).encode(encoding))
    csv = tmp_path / "mac.csv"
    csv.write_bytes(("姓名,手机\r" + "".join(f"张{i},{m}\r" for i, m in enumerate(mobiles))).encode(encoding))
    findings = tmp_path / "f.jsonl"
    result = run([text, csv], chunk=2048, workers=2, findings_path=findings)
    for path in (text, csv):
        assert summary(result, str(path))[1] == 600
    rows = [json.loads(x) for x in findings.read_text().splitlines()]
    assert sorted((r["line"], r["column"]) for r in rows if r["dataset"] == str(text)) == \
        [(i, 10) for i in range(1, 601)]
    assert sorted(r["row"] for r in rows if r["dataset"] == str(csv) and r["entity"] == "cn_mobile") == \
        list(range(1, 601))
    assert sorted(r["row"] for r in rows if r["dataset"] == str(csv) and r["entity"] == "person_name") == \
        list(range(1, 601))


def _cr_cases(tmp_path):
    """Files whose lines end in CR, with what the readers must make of them."""
    people = [f"1391234{i:04d}" for i in range(3000)]
    mac = tmp_path / "mac_excel.csv"      # Excel for Mac: rows end in CR, a line break in a cell is LF
    mac.write_bytes(("姓名,手机,地址\r" + '张三,13800000000,"北京市\n海淀区"\r'
                     + "".join(f"李{i},{m},上海\r" for i, m in enumerate(people))).encode("utf-8"))
    mixed = tmp_path / "mixed.txt"        # CR lines first, CRLF lines later
    mixed.write_bytes(("".join(f"客户{i:05d} 手机{m}\r" for i, m in enumerate(people))
                       + "".join(f"客户{i:05d} 手机{m}\r\n" for i, m in enumerate(people, 3000))).encode("utf-8"))
    long_first = tmp_path / "long_first.txt"   # no line end in the first 64 KiB
    long_first.write_bytes(("x" * 70_000 + "\r" + "".join(f"手机{m}\r" for m in people[:100])).encode("utf-8"))
    return people, mac, mixed, long_first


@pytest.mark.parametrize("chunk", [None, 4096])
def test_cr_line_ends_with_lf_in_cells_crlf_later_and_a_long_first_line(tmp_path, chunk):
    people, mac, mixed, long_first = _cr_cases(tmp_path)
    findings = tmp_path / "f.jsonl"
    result = run([mac, mixed, long_first], chunk=chunk, workers=2, findings_path=findings)
    datasets = {d["dataset"]: d for d in result.to_dict()["datasets"]}
    assert (datasets[str(mac)]["records"], datasets[str(mac)]["subjects"], datasets[str(mac)]["notes"]) == (3001, 3001, [])
    assert datasets[str(mixed)]["records"] == 6000
    assert datasets[str(long_first)]["records"] == 101
    rows = [json.loads(x) for x in findings.read_text().splitlines()]
    assert {(r["entity"], r["field"]) for r in rows if r["dataset"] == str(mac)} == {
        ("cn_mobile", "手机"), ("person_name", "姓名"), ("address", "地址")}
    assert sorted(r["line"] for r in rows if r["dataset"] == str(mixed)) == list(range(1, 6001))
    assert sorted(r["line"] for r in rows if r["dataset"] == str(long_first)) == list(range(2, 102))


@pytest.mark.parametrize("suffix", [".csv", ".json", ".txt"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_cr_line_ends_in_utf16_and_utf32_leave_the_characters_alone(tmp_path, suffix, encoding):
    """名 is U+540D and 不 U+4E0D: their code units hold a 0x0D byte, which is no line end."""
    if suffix == ".json":
        text = '[{"姓名": "王小明", "名字": "不凡", "手机": "13812345678"},\r {"姓名": "李不二", "手机": "13912345678"}]\r'
    else:
        text = "姓名,名字,手机\r王小明,不凡,13812345678\r李不二,,13912345678\r"
    path = tmp_path / f"t{suffix}"
    path.write_bytes(text.encode(encoding))
    lf = tmp_path / "lf" / f"t{suffix}"
    lf.parent.mkdir()
    lf.write_bytes(text.replace("\r", "\n").encode(encoding))
    findings, lf_findings = tmp_path / "f.jsonl", tmp_path / "lf" / "f.jsonl"
    got, want = run([path], findings_path=findings), run([lf], findings_path=lf_findings)
    assert summary(got) == summary(want) and summary(got)[1] == 2

    def located(f):
        return sorted((r["entity"], r["masked"], r.get("line"), r.get("row"), r.get("field"))
                      for r in map(json.loads, f.read_text().splitlines()))
    assert located(findings) == located(lf_findings)
    if suffix == ".csv":
        assert ("person_name", "王**", None, 1, "姓名") in located(findings)


def test_line_ends_where_cells_hold_more_lfs_than_rows_and_where_progress_bars_redraw(tmp_path):
    """An Excel-for-Mac CSV whose cells hold two LFs each is still CR-ended (LFs inside quotes do
    not count); a log that redraws a progress bar with CRs keeps LF line numbers, as grep -n."""
    mac = tmp_path / "mac.csv"
    mac.write_bytes(("姓名,手机,地址\r" + "".join(f'张{i},1391234{i:04d},"北京市\n海淀区\n备注{i}"\r'
                                                for i in range(300))).encode("utf-8"))
    log = tmp_path / "pip.log"
    log.write_bytes(b"start\nDownloading 10%\r50%\r70%\r90%\rdone\nuser 13812345678\n")
    findings = tmp_path / "f.jsonl"
    result = run([mac, log], chunk=512, workers=2, findings_path=findings)
    ds = {d["dataset"]: d for d in result.to_dict()["datasets"]}
    assert (ds[str(mac)]["records"], ds[str(mac)]["subjects"], ds[str(mac)]["notes"]) == (300, 300, [])
    rows = [json.loads(x) for x in findings.read_text().splitlines()]
    assert [r["line"] for r in rows if r["dataset"] == str(log)] == [3]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_first_line_over_64_kib_then_cr_line_ends(tmp_path, encoding):
    path = tmp_path / "t.txt"
    path.write_bytes(("x" * 80_000 + "\r" + "".join(f"手机1391234{i:04d}\r" for i in range(12))).encode(encoding))
    findings = tmp_path / "f.jsonl"
    result = run([path], findings_path=findings)
    assert result.to_dict()["datasets"][0]["records"] == 13
    assert [json.loads(x)["line"] for x in findings.read_text().splitlines()] == list(range(2, 14))


def test_a_last_line_without_a_line_end_is_not_cut(tmp_path):
    """The last line of a file that does not end in a line end is the last range's, whole (it
    was cut at its last space, and an identifier spanning the cut was lost)."""
    path = tmp_path / "t.log"
    path.write_bytes(("a" * 40 + "\n电话 0086 21 5234 5678 手机 +86 138 1234 5678").encode("utf-8"))
    findings = tmp_path / "f.jsonl"
    run([path], chunk=50, findings_path=findings)
    rows = [json.loads(x) for x in findings.read_text().splitlines()]
    assert sorted((r["entity"], r["line"], r["column"]) for r in rows) == [
        ("cn_landline", 2, 4), ("cn_mobile", 2, 25)]
