"""``kuajing scan`` on the command line: formats, exit codes, the findings file, the key."""

from __future__ import annotations

import json
import os

import pytest

from kuajing.cli import main


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "a.log"
    path.write_text("手机13812345678 身份证11010519491231002X\n", encoding="utf-8")
    return path


def test_json_report_and_findings(data, tmp_path, capsys):
    findings = tmp_path / "f.jsonl"
    assert main(["scan", str(data), "--format", "json", "--findings", str(findings), "--no-progress",
                 "--as-of", "2026-03-01"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["format"] == "kuajing.scan/1" and doc["as_of"] == "2026-03-01"
    assert doc["overall"]["subjects"] == 1
    assert len(findings.read_text().splitlines()) == 2
    assert not (tmp_path / "f.jsonl.partial").exists()


@pytest.mark.parametrize("fmt,marker", [("text", "Personal information scan"), ("markdown", "| entity |")])
def test_text_and_markdown(data, capsys, fmt, marker):
    assert main(["scan", str(data), "--format", fmt, "--no-progress"]) == 0
    assert marker in capsys.readouterr().out


@pytest.mark.parametrize("args,message", [
    (["--format", "xml"], "unknown report format"),
    (["--as-of", "March"], "--as-of is not a date"),
    (["--findings", "out.json"], "must be JSON Lines"),
], ids=["bad format", "bad date", "findings not jsonl"])
def test_input_errors_exit_2(data, capsys, args, message):
    assert main(["scan", str(data), "--no-progress", *args]) == 2
    assert message in capsys.readouterr().err


def test_missing_path_and_database(tmp_path, capsys):
    assert main(["scan", str(tmp_path / "nope"), "--no-progress"]) == 2
    assert main(["scan", f"sqlite:///{tmp_path / 'nope.db'}", "--no-progress"]) == 2
    assert not (tmp_path / "nope.db").exists()
    assert "no such" in capsys.readouterr().err


def test_installation_key_created_owner_only_and_loose_named_key_refused(data, tmp_path, capsys):
    key = tmp_path / "kuajing-home" / "secret.key"   # $KUAJING_HOME of tests/conftest.py
    assert main(["scan", str(data), "--no-progress"]) == 0
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert main(["scan", str(data), "--key-file", str(key), "--no-progress"]) == 0
    os.chmod(key, 0o644)
    assert main(["scan", str(data), "--key-file", str(key), "--no-progress"]) == 2
    assert "chmod 600" in capsys.readouterr().err


@pytest.fixture
def no_scan(monkeypatch):
    """Fail the test if the scan runs: these mistakes must be found before it starts."""
    import kuajing.evidence.scan as scan_module

    def refuse(*args, **kwargs):
        raise AssertionError("the scan ran before the options were checked")

    monkeypatch.setattr(scan_module, "scan", refuse)


@pytest.mark.parametrize("option,name,message", [
    ("--output", "no-such-folder/report.json", "folder"),
    ("--findings", "no-such-folder/f.jsonl", "folder"),
    ("--output", "a.log/report.json", "is a file, not a folder"),
    ("--output", ".", "is a folder"),
], ids=["report in a missing folder", "findings in a missing folder", "folder is a file",
        "report is a folder"])
def test_an_output_that_cannot_be_written_exits_2_before_the_scan(data, tmp_path, capsys, no_scan,
                                                                  option, name, message):
    target = tmp_path / name
    assert main(["scan", str(data), option, str(target), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert str(target) in err and option in err and message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "no-such-folder").exists()


def test_a_key_file_that_is_a_folder_exits_2(data, tmp_path, capsys, no_scan):
    folder = tmp_path / "keys"
    folder.mkdir(mode=0o700)
    assert main(["scan", str(data), "--key-file", str(folder), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert f"{folder}: the secret key path is a folder" in err and "Traceback" not in err


def test_a_home_below_a_file_exits_2(data, tmp_path, monkeypatch, capsys, no_scan):
    monkeypatch.setenv("KUAJING_HOME", str(data / "home"))   # data is a regular file
    assert main(["scan", str(data), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert str(data / "home" / "secret.key") in err and "a file where a folder should be" in err
    assert "Traceback" not in err


def test_a_named_key_file_must_exist_and_nothing_is_created(data, tmp_path, capsys, no_scan):
    key = tmp_path / "typo" / "dir" / "ledger.key"
    assert main(["scan", str(data), "--key-file", str(key), "--with-hashes", "--format", "json",
                 "--no-progress"]) == 2
    captured = capsys.readouterr()
    assert f"{key}: the secret key file does not exist" in captured.err
    assert "leave out --key-file to use the installation key" in captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    assert not (tmp_path / "typo").exists()
    assert not (tmp_path / "kuajing-home").exists()   # nor the installation key


def test_help_lists_the_command(capsys):
    main(["--help"])
    assert "scan" in capsys.readouterr().out


def test_text_and_markdown_reports_in_chinese(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KUAJING_HOME", str(tmp_path / "home"))
    src = tmp_path / "a.log"
    src.write_text("客户 身份证110105201801010019 手机13812345678\n", encoding="utf-8")
    outputs = {}
    for fmt in ("text", "markdown", "json"):
        assert main(["scan", str(src), "--format", fmt, "--lang", "zh", "--as-of", "2026-03-01",
                     "--no-progress"]) == 0
        outputs[fmt] = capsys.readouterr().out
    for fmt in ("text", "markdown"):
        out = outputs[fmt]
        assert "个人信息扫描" in out and "全部数据集" in out and "居民身份证号码（cn_resident_id）" in out
        assert "不满十四周岁未成年人（minor_under_14）" in out and "特定身份（specific_identity）" in out
        assert "非法律意见" in out and "occurrences" not in out
    doc = json.loads(outputs["json"])                          # JSON keeps its keys and ids
    assert "cn_resident_id" in doc["overall"]["entities"] and "minor_under_14" in doc["overall"]["categories"]
