"""A file cut into units (ranges for the workers), and what planning tells the user: lines and
rows numbered across ranges (also when a range falls back to text), quoted cells that span the
cut, UTF-16/32 tables, folders that cannot be read, and names of files and fields that hold an
identifier. All identifiers are synthetic."""

from __future__ import annotations

import json
import os

from kuajing.evidence.scan import scan

from .conftest import KEY, ON

ID = "11010519491231002X"


def _findings(tmp_path, targets, **kw):
    out = tmp_path / "f.jsonl"
    result = scan([str(t) for t in targets], on=ON, key=KEY, workers=1, findings_path=out, **kw)
    return result, [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]


def _line_of(text: str, value: str) -> int:
    return text[:text.index(value)].count("\n") + 1


def test_a_later_range_that_falls_back_to_text_has_the_file_s_line_numbers(tmp_path):
    rows = [f"{i},x,y" for i in range(1, 3000)]
    rows[2500] = '2501,"x"13812345678'                  # not CSV even row by row: text
    text = "a,b,c\n" + "\n".join(rows) + "\n"
    path = tmp_path / "big.csv"
    path.write_text(text, encoding="utf-8")
    result, found = _findings(tmp_path, [path], chunk=4096)
    (hit,) = found
    assert hit["line"] == _line_of(text, "13812345678") == 2502
    assert result.to_dict()["datasets"][0]["records"] == 2999


def test_a_quoted_cell_across_the_cut_stays_one_row(tmp_path):
    note = "\n".join(f"第{i}行" for i in range(300)) + " 13812345678"
    rows = [f"{i},plain" for i in range(1, 400)] + [f'400,"{note}"'] + [f"{i},plain" for i in range(401, 500)]
    path = tmp_path / "notes.csv"
    path.write_text("id,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result, found = _findings(tmp_path, [path], chunk=2048)
    assert [(f["row"], f["field"]) for f in found] == [(400, "note")]
    ds = result.to_dict()["datasets"][0]
    assert ds["notes"] == [] and ds["records"] == 499


def test_utf16_and_utf32_tables_are_tables(tmp_path):
    for enc, name in (("utf-16", "u16.csv"), ("utf-32", "u32.csv"), ("utf-16", "u16.tsv"),
                      ("utf-16", "u16.jsonl")):
        path = tmp_path / name
        if name.endswith(".jsonl"):
            path.write_text('{"姓名": "张三丰", "电话": "13812345678"}\n', encoding=enc)
        else:
            sep = "\t" if name.endswith(".tsv") else ","
            path.write_text(f"姓名{sep}电话\n张三丰{sep}13812345678\n", encoding=enc)
        result, found = _findings(tmp_path, [path])
        ds = result.to_dict()["datasets"][0]
        assert ds["kind"] == "table" and ds["notes"] == [], name
        assert sorted((f["entity"], f["row"], f["field"]) for f in found) == \
            [("cn_mobile", 1, "电话"), ("person_name", 1, "姓名")], name


def test_a_path_that_cannot_be_listed_is_reported_as_skipped(tmp_path):
    """A scan must not look complete when part of it could not be read (here a FIFO given as
    a folder; an unreadable folder goes the same way)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = scan([str(fifo)], on=ON, key=KEY, workers=1)
    assert result.to_dict()["skipped"] == [{"path": str(fifo), "reason": "cannot read folder (Not a directory)"}]


def test_identifiers_in_file_table_and_field_names_are_masked(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "客户_13812345678.log").write_text("hello\n", encoding="utf-8")
    (folder / f"{ID}.txt").write_text("hello 13912345678\n", encoding="utf-8")
    (folder / "noheader.csv").write_text(f"张三丰,13712345678,{ID}\n李四,13612345678,440524198001010013\n", encoding="utf-8")
    (folder / "keys.jsonl").write_text('{"13512345678": "x 13412345678"}\n', encoding="utf-8")
    result, found = _findings(tmp_path, [folder])
    blob = json.dumps(result.to_dict(), ensure_ascii=False) + json.dumps(found, ensure_ascii=False)
    for raw in (ID, "13812345678", "13712345678", "13512345678"):
        assert raw not in blob
    names = {d["dataset"].rsplit("/", 1)[-1] for d in result.to_dict()["datasets"]}
    assert names == {"客户_138****5678.log", "110105********002X.txt", "noheader.csv", "keys.jsonl"}
    assert {f["field"] for f in found if f.get("field")} >= {"137****5678", "110105********002X",
                                                             "135****5678"}


def test_full_width_identifiers_in_names_are_masked_and_the_rest_kept(tmp_path):
    folder = tmp_path / "ＣＲＭ导出"
    folder.mkdir()
    (folder / "客户_１３８１２３４５６７８.log").write_text("hello\n", encoding="utf-8")
    (folder / "ＶＩＰ名单.txt").write_text("手机13912345678\n", encoding="utf-8")
    result, found = _findings(tmp_path, [folder])
    names = {d["dataset"].rsplit("/", 2)[-2:][0] + "/" + d["dataset"].rsplit("/", 1)[-1]
             for d in result.to_dict()["datasets"]}
    assert names == {"ＣＲＭ导出/客户_138****5678.log", "ＣＲＭ导出/ＶＩＰ名单.txt"}
    blob = json.dumps(result.to_dict(), ensure_ascii=False) + json.dumps(found, ensure_ascii=False)
    assert "１３８１２３４５６７８" not in blob and "13812345678" not in blob


def test_names_mask_every_look_alike_even_where_context_spares_it_in_data(tmp_path):
    """A currency unit or an order word after or before a number spares it in data (an amount,
    an order number); in a name the number is masked all the same."""
    for name in ("13812345678元.txt", "订单6228480402564890018.txt", "13812345678-Yuan.txt"):
        (tmp_path / name).write_text("hello\n", encoding="utf-8")
    result, found = _findings(tmp_path, [tmp_path])
    names = sorted(d["dataset"].rsplit("/", 1)[-1] for d in result.to_dict()["datasets"])
    assert names == ["138****5678-Yuan.txt", "138****5678元.txt", "订单622848*********0018.txt"]


def test_a_file_name_that_is_not_utf8_is_reported_without_a_crash(tmp_path, capsys):
    from kuajing.cli import main

    folder = tmp_path / "d"
    folder.mkdir()
    name = os.fsdecode(b"\xffa.txt")
    (folder / name).write_text("手机13812345678\n", encoding="utf-8")
    findings = tmp_path / "f.jsonl"
    for fmt in ("json", "text", "markdown"):
        assert main(["scan", str(folder), "--format", fmt, "--findings", str(findings), "--no-progress"]) == 0
    rows = [json.loads(x) for x in findings.read_bytes().decode("utf-8").splitlines()]
    assert [r["dataset"].rsplit("/", 1)[-1] for r in rows] == ["\\xffa.txt"]   # the byte, written out
    assert "13812345678" not in capsys.readouterr().out + findings.read_text(encoding="utf-8")


def test_full_width_column_names_name_their_fields(tmp_path):
    path = tmp_path / "fw.csv"
    path.write_text("ｎａｍｅ,ｄｉａｇｎｏｓｉｓ\n张三,已复查\n", encoding="utf-8")
    _, found = _findings(tmp_path, [path])
    assert sorted((f["entity"], f["evidence"], f["field"]) for f in found) == [
        ("health_information", "field_name", "ｄｉａｇｎｏｓｉｓ"), ("person_name", "field_name", "ｎａｍｅ")]


def test_files_whose_names_mask_alike_stay_two_datasets(tmp_path):
    for name in ("13812345678.log", "13899995678.log"):       # both masked 138****5678
        (tmp_path / name).write_text(f"身份证{ID}\n", encoding="utf-8")
    datasets = scan([str(tmp_path)], on=ON, key=KEY, workers=1).to_dict()["datasets"]
    assert sorted(d["dataset"].rsplit("/", 1)[-1] for d in datasets) == \
        ["138****5678.log", "138****5678.log (2)"]
    assert [d["occurrences"] for d in datasets] == [1, 1]


def test_notes_that_name_a_column_mask_an_identifier_in_the_name(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "photos.parquet"
    pq.write_table(pa.table({"13812345678": pa.array([b"\x00\x01"]), "note": ["x"]}), path)
    notes = scan([str(path)], on=ON, key=KEY, workers=1).to_dict()["datasets"][0]["notes"]
    assert notes == ["column 138****5678: binary data, not scanned"]


def test_text_report_shows_names_as_they_are_and_says_when_no_minor_rule_applies(tmp_path):
    import datetime as dt
    import io

    from kuajing.evidence.scan.report import render

    (tmp_path / "[bold]a[1].txt").write_text("x 13812345678\n", encoding="utf-8")
    result = scan([str(tmp_path)], on=dt.date(2021, 10, 31), key=KEY, workers=1)
    text, md = io.StringIO(), io.StringIO()
    render(result, "text", text)
    render(result, "markdown", md)
    assert "[bold]a[1].txt:" in text.getvalue()          # a name is never read as markup
    assert "minors not classified: no minor-age rule in force on this date" in text.getvalue()
    assert "Minors not classified" in md.getvalue() and "None" not in md.getvalue()


def test_database_errors_are_input_errors_that_mask_table_names(tmp_path, capsys):
    import sqlite3

    from kuajing.cli import main

    db = tmp_path / "crm.db"
    con = sqlite3.connect(db)
    con.execute('CREATE TABLE "13812345678" (a TEXT)')
    con.execute("CREATE TABLE orders (a TEXT)")
    con.commit()
    con.close()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(3000))
    for args in ([f"sqlite:///{db}", "--table", "nope"], [f"sqlite:///{garbage}"]):
        assert main(["scan", *args, "--no-progress"]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and "13812345678" not in err
    main(["scan", f"sqlite:///{db}", "--table", "nope", "--no-progress"])
    assert "138****5678" in capsys.readouterr().err          # the tables that exist, masked


def test_a_file_that_vanishes_during_the_scan_is_noted_and_the_rest_scanned(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.log").write_text(f"身份证{ID}\n", encoding="utf-8")
    (folder / "c.csv").write_text("name,mobile\n" + "张三,13812345678\n" * 200, encoding="utf-8")
    done = []

    def progress(_bytes):          # after the first file, the CSV is deleted
        if not done:
            done.append(True)
            (folder / "c.csv").unlink()

    out = tmp_path / "f.jsonl"
    result = scan([str(folder)], on=ON, key=KEY, workers=1, progress=progress, findings_path=out)
    by_name = {d["dataset"].rsplit("/", 1)[-1]: d for d in result.to_dict()["datasets"]}
    assert by_name["a.log"]["occurrences"] == 1
    assert by_name["c.csv"]["notes"] == ["part 1 could not be read completely (FileNotFoundError)"]
    assert out.exists() and not (tmp_path / "f.jsonl.partial").exists()


def test_a_damaged_workbook_does_not_stop_the_scan(tmp_path):
    import zipfile

    import openpyxl

    good = tmp_path / "good.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["name", "mobile"])
    for _ in range(50):
        wb.active.append(["张三", "13812345678"])
    wb.save(good)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                body = body[: len(body) * 2 // 3]          # the sheet's XML cut off
            dst.writestr(item, body)
    result = scan([str(bad), str(good)], on=ON, key=KEY, workers=1, findings_path=tmp_path / "f.jsonl")
    by_name = {d["dataset"].rsplit("/", 1)[-1]: d for d in result.to_dict()["datasets"]}
    assert by_name["good.xlsx"]["occurrences"] == 100
    assert by_name["bad.xlsx"]["notes"]                     # said, not silent
    assert not (tmp_path / "f.jsonl.partial").exists()


def test_symlinked_folders_empty_files_and_excluded_folders_are_accounted_for(tmp_path):
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    (root / "tmp").mkdir()
    outside.mkdir()
    (outside / "o.log").write_text(f"身份证{ID}\n", encoding="utf-8")
    (root / "linkdir").symlink_to(outside, target_is_directory=True)
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "sub" / "a.log").write_text("手机13812345678\n", encoding="utf-8")
    (root / "tmp" / "t.log").write_text("手机13912345678\n", encoding="utf-8")
    (root / "empty.csv").write_bytes(b"")
    result = scan([str(root)], on=ON, key=KEY, workers=1, exclude=("tmp",))
    doc = result.to_dict()
    assert [d["dataset"] for d in doc["datasets"]] == [str(root / "sub" / "a.log")]
    reasons = {s["path"]: s["reason"] for s in doc["skipped"]}
    assert reasons == {str(root / "empty.csv"): "empty file",
                       str(root / "linkdir"): "symbolic link to a folder, not followed (name its target to scan it)",
                       str(root / "sub" / "loop"): "symbolic link to a folder, not followed (name its target to scan it)"}


def test_files_that_cannot_be_opened_are_skipped_not_empty_datasets(tmp_path):
    (tmp_path / "garbage.parquet").write_bytes(os.urandom(2000))
    (tmp_path / "garbage.xlsx").write_bytes(b"PK\x03\x04" + os.urandom(2000))
    (tmp_path / "ok.log").write_text("手机13812345678\n", encoding="utf-8")
    for workers in (1, 2):
        doc = scan([str(tmp_path)], on=ON, key=KEY, workers=workers, chunk=4).to_dict()
        assert [d["dataset"] for d in doc["datasets"]] == [str(tmp_path / "ok.log")]
        assert sorted((s["path"].rsplit("/", 1)[-1], s["reason"]) for s in doc["skipped"]) == [
            ("garbage.parquet", "not a readable Parquet file"),
            ("garbage.xlsx", "not a readable Excel workbook")]


def test_an_empty_json_array_and_an_empty_sql_table_are_empty_tables(tmp_path):
    import sqlite3

    (tmp_path / "none.json").write_text("[]\n", encoding="utf-8")
    db = tmp_path / "crm.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE empty (name TEXT, mobile TEXT)")
    con.commit()
    con.close()
    doc = scan([str(tmp_path / "none.json"), f"sqlite:///{db}"], on=ON, key=KEY, workers=1).to_dict()
    assert [(d["kind"], d["records"]) for d in doc["datasets"]] == [("table", 0), ("table", 0)]


def test_database_and_table_names_are_masked_and_kept_apart(tmp_path):
    import sqlite3

    db = tmp_path / "13812345678.db"
    con = sqlite3.connect(db)
    for table in ("t_13912345678", "t_13900005678"):             # both mask as t_139****5678
        con.execute(f'CREATE TABLE "{table}" (mobile TEXT)')
        con.execute(f'INSERT INTO "{table}" VALUES (?)', ("13712345678",))
    con.commit()
    con.close()
    result, found = _findings(tmp_path, [f"sqlite:///{db}"])
    names = [d["dataset"] for d in result.to_dict()["datasets"]]
    assert names == [f"sqlite:///{tmp_path}/138****5678.db#t_139****5678",
                     f"sqlite:///{tmp_path}/138****5678.db#t_139****5678 (2)"]
    blob = json.dumps(result.to_dict()) + json.dumps(found)
    assert "13812345678" not in blob and "13912345678" not in blob
    assert [d["records"] for d in result.to_dict()["datasets"]] == [1, 1]


def test_a_range_of_blank_lines_does_not_shift_later_rows(tmp_path):
    text = "name,mobile\n" + "张三,13812345678\n" * 5 + "\n" * 300 + "李四,13912345678\n" * 3
    path = tmp_path / "gaps.csv"
    path.write_text(text, encoding="utf-8")
    rows = [sorted(f["row"] for f in _findings(tmp_path, [path], **kw)[1] if f["entity"] == "cn_mobile")
            for kw in ({}, {"chunk": 100})]
    assert rows[0] == rows[1] == [1, 2, 3, 4, 5, 6, 7, 8]
