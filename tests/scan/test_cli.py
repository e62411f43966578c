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


def test_key_created_owner_only_and_loose_key_refused(data, tmp_path, capsys):
    key = tmp_path / "k" / "secret.key"
    assert main(["scan", str(data), "--key-file", str(key), "--no-progress"]) == 0
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    os.chmod(key, 0o644)
    assert main(["scan", str(data), "--key-file", str(key), "--no-progress"]) == 2
    assert "chmod 600" in capsys.readouterr().err


def test_help_lists_the_command(capsys):
    main(["--help"])
    assert "scan" in capsys.readouterr().out
