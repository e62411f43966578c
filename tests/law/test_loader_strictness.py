"""The corpus loader fails loudly, pointing at the spot, on every kind of corpus mistake."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kuajing.errors import CorpusError
from kuajing.law.corpus import DATA_DIR, load_law


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "data"
    (root / "instruments").mkdir(parents=True)
    (root / "parameters" / "csl" / "mlps").mkdir(parents=True)
    shutil.copy(DATA_DIR / "instruments" / "csl.yaml", root / "instruments" / "csl.yaml")
    shutil.copy(DATA_DIR / "parameters" / "csl" / "mlps" / "log_retention_min.yaml",
                root / "parameters" / "csl" / "mlps" / "log_retention_min.yaml")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_clean_copy_loads(corpus):
    law = load_law(corpus)
    assert "csl" in law.instruments and "csl.mlps.log_retention_min" in law.parameters


def test_duplicate_key(corpus):
    edit(corpus / "instruments/csl.yaml", "kind: law\n", "kind: law\nkind: law\n")
    with pytest.raises(CorpusError, match="duplicate key 'kind'") as exc:
        load_law(corpus)
    assert exc.value.location.line is not None


def test_unknown_key(corpus):
    edit(corpus / "instruments/csl.yaml", "kind: law\n", "kind: law\nissued_by: NPC\n")
    with pytest.raises(CorpusError, match="unknown key 'issued_by'"):
        load_law(corpus)


def test_overlapping_versions(corpus):
    edit(corpus / "instruments/csl.yaml", "until: 2025-12-31", "until: 2026-06-30")
    with pytest.raises(CorpusError, match="overlap") as exc:
        load_law(corpus)
    assert "versions[1]" in exc.value.path


def test_overlapping_parameter_values(corpus):
    p = corpus / "parameters/csl/mlps/log_retention_min.yaml"
    text = p.read_text(encoding="utf-8")
    block = text[text.index("  - from:"):]
    p.write_text(text + block.replace("2017-06-01", "2020-01-01"), encoding="utf-8")
    with pytest.raises(CorpusError, match="overlap"):
        load_law(corpus)


def test_citation_of_an_article_not_in_the_corpus(corpus):
    edit(corpus / "parameters/csl/mlps/log_retention_min.yaml", "provision: csl:21", "provision: csl:99")
    with pytest.raises(CorpusError, match="not in the corpus") as exc:
        load_law(corpus)
    assert exc.value.found == "csl:99" and exc.value.location.line is not None


def test_citation_without_article(corpus):
    edit(corpus / "parameters/csl/mlps/log_retention_min.yaml", "provision: csl:21", "provision: csl")
    with pytest.raises(CorpusError, match="instrument:article"):
        load_law(corpus)


def test_unit_not_in_registry(corpus):
    edit(corpus / "parameters/csl/mlps/log_retention_min.yaml", "unit: months", "unit: fortnights")
    with pytest.raises(CorpusError, match="unit registry"):
        load_law(corpus)


def test_two_articles_with_the_same_number_in_one_version(corpus):
    edit(corpus / "instruments/csl.yaml", 'numbers: {"2016": "24", "2025": "26"}',
         'numbers: {"2016": "24", "2025": "23"}')
    with pytest.raises(CorpusError, match="two articles carry number 23"):
        load_law(corpus)


def test_file_name_must_match_id(corpus):
    shutil.move(corpus / "instruments/csl.yaml", corpus / "instruments/cyber.yaml")
    with pytest.raises(CorpusError, match="file name"):
        load_law(corpus)


@pytest.fixture
def rulebook(tmp_path):
    from kuajing.rules.engine import RULES_DIR

    root = tmp_path / "rules"
    shutil.copytree(RULES_DIR / "connectivity" / "log_retention", root / "connectivity" / "log_retention")
    return root


def _load_rules(root):
    from kuajing.rules.engine import load_rules

    return load_rules(root, load_law())


def test_a_clean_rule_loads(rulebook):
    assert [r.meta.id for r in _load_rules(rulebook)] == ["log_retention"]


def test_rule_citing_an_article_not_in_the_corpus(rulebook):
    edit(rulebook / "connectivity/log_retention/rule.yaml", "  - csl:59\n", "  - csl:9999\n")
    with pytest.raises(CorpusError, match="cites 'csl:9999'"):
        _load_rules(rulebook)


def test_rule_naming_an_unformalised_article_not_in_the_corpus(rulebook):
    meta = rulebook / "connectivity/log_retention/rule.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "unformalised:\n  - provision: csl:9998\n"
                    "    reason: not encoded\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="cites 'csl:9998'") as exc:
        _load_rules(rulebook)
    assert exc.value.path.endswith(":unformalised")


def test_rule_id_must_equal_its_folder(rulebook):
    edit(rulebook / "connectivity/log_retention/rule.yaml", "id: log_retention", "id: log_keeping")
    with pytest.raises(CorpusError, match="folder name"):
        _load_rules(rulebook)
