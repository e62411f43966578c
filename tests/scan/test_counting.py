"""Classification and counting: PIPL categories, minors, subject linking, the result API and the
stable JSON / JSONL formats. All identifiers are synthetic."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from kuajing.evidence.scan import Category, scan
from kuajing.evidence.scan.classify import minor_rule
from kuajing.evidence.scan.count import HashStrings, pack, resolve_roots
from kuajing.evidence.scan.model import FORMAT_ID
from kuajing.secrets import subject_hash

from .conftest import KEY, ON, engine

ADULT = "11010519491231002X"
CHILD = "110105201801010019"        # born 2018-01-01: 8 years old on 2026-03-01


def run(tmp_path, text, name="a.log", **kw):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return scan([str(path)], on=kw.pop("on", ON), key=KEY, workers=1, **kw)


def test_fast_hash_equals_secrets_subject_hash():
    for kind, value in [("cn_mobile", "13812345678"), ("email", "a@b.cn"), ("person_name", "张三")]:
        assert engine().subject_hash(kind, value) == subject_hash(KEY, kind, value)


def test_minor_age_comes_from_the_law_corpus():
    rule = minor_rule(ON)
    assert rule.age_below == 14 and rule.provision == "pipl:28"
    assert rule.is_minor(dt.date(2015, 1, 1)) and not rule.is_minor(dt.date(2000, 1, 1))
    assert minor_rule(dt.date(2020, 1, 1)).age_below is None      # before PIPL took effect


def test_minors_classified_as_of_scan_date(tmp_path):
    text = f"身份证{CHILD}\n身份证{ADULT}\n"
    doc = run(tmp_path, text).to_dict()["overall"]
    assert doc["categories"]["minor_under_14"] == {"sensitive": True, "occurrences": 1, "subjects": 1}
    later = run(tmp_path, text, on=dt.date(2033, 6, 1)).to_dict()["overall"]
    assert "minor_under_14" not in later["categories"]


def test_linking_by_the_strongest_identifier(tmp_path):
    text = (f"开户 身份证{ADULT} 手机13812345678 邮箱 a@example.cn\n"   # anchor: identity number
            "登录 手机13812345678\n"                                   # same person by mobile
            "找回密码 a@example.cn\n"                                   # same person by e-mail
            "陌生人 手机13912345678\n")                                # someone else
    result = run(tmp_path, text)
    assert result.overall.to_dict()["subjects"] == 2
    assert len(result.subject_hashes()) == 2
    assert result.subject_hashes(Category.SPECIFIC_IDENTITY) == {subject_hash(KEY, "cn_resident_id", ADULT)}
    assert subject_hash(KEY, "cn_resident_id", ADULT) in result.subject_hashes()


def test_shared_contact_points_do_not_merge_people(tmp_path):
    text = "".join(f"客户 身份证{i} 客服热线13800000000\n" for i in (ADULT, CHILD, "440524198001010013"))
    result = run(tmp_path, text)
    assert result.overall.to_dict()["subjects"] == 3


def test_record_about_several_people(tmp_path):
    text = f"转账 付款人{ADULT} 收款人440524198001010013 手机13812345678\n"
    overall = run(tmp_path, text).to_dict()["overall"]
    assert overall["subjects"] == 2
    # one mobile is one of the two people's, whose is not known: one subject, not two
    assert overall["entities"]["cn_mobile"] == {"category": "personal_information", "occurrences": 1,
                                                "subjects": 1}
    assert overall["categories"]["personal_information"]["subjects"] == 2


def test_weaker_identifiers_of_several_people_count_at_most_their_values(tmp_path):
    """A borrower and a guarantor, each with a mobile: two mobile subjects. A landline beside
    three mobiles (three people): one landline subject, never more subjects than values."""
    guarantor = f"借款人{ADULT} 手机13812345678 担保人440524198001010013 手机13912345678\n"
    overall = run(tmp_path, guarantor).to_dict()["overall"]
    assert overall["subjects"] == 2
    assert overall["entities"]["cn_mobile"]["subjects"] == 2
    hotline = "联系 13812345678 13912345678 13712345678 电话010-62345678\n"
    overall = run(tmp_path, hotline).to_dict()["overall"]
    assert overall["subjects"] == 3
    assert overall["entities"]["cn_mobile"]["subjects"] == 3
    assert overall["entities"]["cn_landline"] == {"category": "personal_information", "occurrences": 1,
                                                  "subjects": 1}


def test_minor_in_a_record_about_several_people_is_only_the_child(tmp_path):
    # a parent's and a child's identity numbers on one line: two people, one of them a minor
    result = run(tmp_path, f"监护人{ADULT} 儿童{CHILD}\n")
    overall = result.to_dict()["overall"]
    assert overall["subjects"] == 2
    assert overall["categories"]["minor_under_14"]["subjects"] == 1
    assert result.subject_hashes(Category.MINOR_UNDER_14) == {subject_hash(KEY, "cn_resident_id", CHILD)}
    assert overall["categories"]["specific_identity"]["subjects"] == 2


def test_sensitive_context_attributed_to_record_subject(tmp_path):
    text = f"患者 身份证{ADULT} 确诊糖尿病\n诊断记录已归档\n"
    overall = run(tmp_path, text).to_dict()["overall"]
    assert overall["categories"]["medical_health"]["subjects"] == 1
    assert overall["unattributed_occurrences"] == 1       # the second line names no one
    assert overall["sensitive_subjects"] == 1


def test_union_find_keeps_strongest_representative():
    ID, M, E, HOT, ID1, ID2 = range(6)
    weak = np.array([M, E, HOT, HOT])
    anchor = np.array([ID, M, ID1, ID2])
    root = resolve_roots(pack(weak, anchor), 6)
    assert root[E] == root[M] == ID
    assert root.tolist()[HOT:] == [HOT, ID1, ID2]


def test_a_contact_point_of_one_person_s_anchors_is_that_person(tmp_path):
    """An e-mail seen beside a person's identity number and, elsewhere, beside their mobile has
    two anchors, but both are the same person: one subject, not a shared contact point."""
    for name, text in (("crm.log", f"开户 身份证{ADULT} 手机13812345678 邮箱 zhang.san@example.com\n"),
                       ("app.log", "登录 手机13812345678 邮箱 zhang.san@example.com\n"),
                       ("mail.log", "发信 zhang.san@example.com\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = scan([str(tmp_path)], on=ON, key=KEY, workers=1)
    assert result.overall.to_dict()["subjects"] == 1
    assert result.subject_hashes() == {subject_hash(KEY, "cn_resident_id", ADULT)}


def test_union_find_joins_a_weak_id_whose_anchors_are_one_person():
    ID, M, E, OTHER_ID, HOT = range(5)
    weak = np.array([M, E, E, HOT, HOT])
    anchor = np.array([ID, ID, M, ID, OTHER_ID])
    root = resolve_roots(pack(weak, anchor), 5)
    assert root[E] == root[M] == root[ID] == ID
    assert root[HOT] == HOT and root[OTHER_ID] == OTHER_ID       # two people: shared, merges nothing


def test_json_report_format_is_versioned(tmp_path):
    result = run(tmp_path, f"身份证{ADULT}\n")
    doc = result.to_dict(include_hashes=True)
    assert doc["format"] == FORMAT_ID and doc["kuajing"]
    assert set(doc) >= {"as_of", "minor_age_below", "overall", "datasets", "skipped", "disclaimer"}
    ds = doc["datasets"][0]
    assert set(ds) >= {"dataset", "kind", "encoding", "notes", "bytes", "records", "occurrences",
                       "subjects", "sensitive_subjects", "entities", "categories", "subject_hashes",
                       "subject_hashes_by_category"}
    expected = [subject_hash(KEY, "cn_resident_id", ADULT)]
    assert ds["subject_hashes_by_category"]["specific_identity"] == expected
    assert doc["overall"]["subject_hashes"] == expected
    json.dumps(doc)


def test_findings_lines_are_versioned_and_located(tmp_path):
    findings = tmp_path / "f.jsonl"
    run(tmp_path, f"第一行\n王五 身份证{CHILD}\n", findings_path=findings)
    [item] = [json.loads(x) for x in findings.read_text().splitlines()]
    assert item == {
        "format": FORMAT_ID, "dataset": str(tmp_path / "a.log"), "entity": "cn_resident_id",
        "category": "specific_identity", "categories": ["specific_identity", "minor_under_14"],
        "sensitive": True, "masked": "110105********0019",
        "identifier_hash": subject_hash(KEY, "cn_resident_id", CHILD),
        "subject_hash": subject_hash(KEY, "cn_resident_id", CHILD),
        "evidence": "pattern", "line": 2, "column": 7,
    }


def test_hash_strings_cut_hashes_from_one_string():
    hashes = [f"{i:032x}" for i in range(5)]
    s = HashStrings("".join(hashes))
    assert len(s) == 5 and list(s) == hashes and s[-1] == hashes[4] and s[1:3] == hashes[1:3]
    with pytest.raises(IndexError):
        s[5]


def test_a_record_about_many_people_costs_memory_in_proportion(tmp_path):
    """A line of 20,000 distinct mobiles and a landline is about 20,000 people: counted so with
    memory growing with the people, not with their square (which needed about 3 GB)."""
    import tracemalloc

    mobiles = " ".join(f"139{i:08d}" for i in range(20_000))
    path = tmp_path / "a.log"
    path.write_text(f"联系 {mobiles} 电话010-62345678\n", encoding="utf-8")
    tracemalloc.start()
    try:
        overall = scan([str(path)], on=ON, key=KEY, workers=1).to_dict()["overall"]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert overall["subjects"] == 20_000
    assert overall["entities"]["cn_landline"]["subjects"] == 1
    assert peak < 200 * 2**20, peak
