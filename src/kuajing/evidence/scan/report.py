"""Renderers of a ``ScanResult``: text (terminal), Markdown and JSON. Thin: they format only.

Text and Markdown are in English or Chinese (``lang``); the JSON report (``kuajing.scan/1``)
keeps its English keys and entity / category ids whatever the language. Notes and skip reasons
are shown as the scanner wrote them (English).
"""

from __future__ import annotations

import json
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ... import DISCLAIMER_EN, DISCLAIMER_ZH
from .result import ScanResult

__all__ = ["render", "FORMATS", "LANGS"]

FORMATS = ("text", "json", "markdown")
LANGS = ("en", "zh")

_WORDS = {
    "en": {
        "title": "Personal information scan", "as_of": "as of {}", "all": "All datasets",
        "headline": "{occ:,} occurrences, {subj:,} distinct subjects ({sens:,} with sensitive "
                    "personal information), {rec:,} records, {bytes:,} bytes",
        "minors": "minors: under {age}, {provision}",
        "no_minors": "minors not classified: no minor-age rule in force on this date",
        "encoding": "encoding {enc}, {kind}", "text": "text", "table": "table",
        "note": "note", "skipped": "skipped", "skipped_title": "Skipped",
        "entity": "entity", "category": "category", "occurrences": "occurrences",
        "subjects": "subjects", "pipl_category": "PIPL category", "sensitive": "sensitive",
        "yes": "yes", "no": "no", "disclaimer": DISCLAIMER_EN,
    },
    "zh": {
        "title": "个人信息扫描", "as_of": "截至 {}", "all": "全部数据集",
        "headline": "出现 {occ:,} 次，不同个人 {subj:,} 名（其中涉及敏感个人信息 {sens:,} 名），"
                    "记录 {rec:,} 条，{bytes:,} 字节",
        "minors": "未成年人：不满 {age} 周岁，{provision}",
        "no_minors": "未区分未成年人：该日期无有效的未成年人年龄规则",
        "encoding": "编码 {enc}，{kind}", "text": "文本", "table": "表格",
        "note": "说明", "skipped": "已跳过", "skipped_title": "已跳过",
        "entity": "信息类型", "category": "类别", "occurrences": "出现次数",
        "subjects": "个人数", "pipl_category": "个人信息保护法类别", "sensitive": "敏感",
        "yes": "是", "no": "否", "disclaimer": DISCLAIMER_ZH,
    },
}

#: Chinese names of the entities and of the PIPL categories (Art. 28 names the sensitive kinds)
_ZH_NAMES = {
    "cn_resident_id": "居民身份证号码", "cn_mobile": "手机号码", "cn_landline": "固定电话号码",
    "bank_card": "银行卡号", "email": "电子邮箱", "ip_address": "IP 地址", "passport": "护照号码",
    "hk_macao_travel_permit": "往来港澳通行证", "home_return_permit": "港澳居民来往内地通行证",
    "taiwan_travel_permit": "往来台湾通行证", "taiwan_compatriot_permit": "台湾居民来往大陆通行证",
    "vehicle_plate": "机动车号牌", "precise_location": "精确位置", "person_name": "姓名",
    "address": "地址", "health_information": "健康信息", "religious_belief": "宗教信仰",
    "biometric_information": "生物识别信息", "financial_account": "金融账户", "whereabouts": "行踪轨迹",
    "personal_information": "个人信息", "biometrics": "生物识别", "specific_identity": "特定身份",
    "medical_health": "医疗健康", "minor_under_14": "不满十四周岁未成年人",
}


def render(result: ScanResult, fmt: str, out: TextIO, *, include_hashes: bool = False,
           lang: str = "en") -> None:
    if fmt == "json":
        json.dump(result.to_dict(include_hashes=include_hashes), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "markdown":
        _markdown(result.to_dict(), out, _WORDS[lang], lang)
    else:
        _text(result.to_dict(), out, _WORDS[lang], lang)


def _name(code: str | None, lang: str) -> str:
    """An entity or category as the report shows it: in Chinese its name, then its id."""
    if not code:
        return ""
    return f"{_ZH_NAMES[code]}（{code}）" if lang == "zh" and code in _ZH_NAMES else code


def _headline(block: dict, w: dict) -> str:
    return w["headline"].format(occ=block["occurrences"], subj=block["subjects"],
                                sens=block["sensitive_subjects"], rec=block["records"], bytes=block["bytes"])


def _minors(doc: dict, w: dict) -> str:
    if doc["minor_age_below"] is None:
        return w["no_minors"]
    return w["minors"].format(age=doc["minor_age_below"], provision=doc["minor_age_provision"])


def _text(doc: dict, out: TextIO, w: dict, lang: str) -> None:
    console = Console(file=out, width=120, highlight=False, soft_wrap=False)
    console.print(f"[bold]{w['title']}[/] {w['as_of'].format(doc['as_of'])} ({_minors(doc, w)})")
    blocks = [(w["all"], doc["overall"])] + [(d["dataset"], d) for d in doc["datasets"]]
    for title, block in blocks:   # names may hold brackets: never read as markup
        console.print(f"\n[bold]{escape(title)}[/]: {_headline(block, w)}")
        if block.get("encoding"):
            console.print("  " + w["encoding"].format(enc=block["encoding"], kind=w.get(block["kind"], block["kind"])))
        for note in block.get("notes", []):
            console.print(f"  {w['note']}: {escape(note)}")
        if not block["entities"]:
            continue
        table = Table(show_edge=False)
        for col in ("entity", "category", "occurrences", "subjects"):
            table.add_column(w[col], justify="right" if col in ("occurrences", "subjects") else "left")
        for entity, e in block["entities"].items():
            table.add_row(_name(entity, lang), _name(e["category"], lang), f"{e['occurrences']:,}",
                          f"{e['subjects']:,}")
        console.print(table)
        cats = Table(show_edge=False)
        for col in ("pipl_category", "sensitive", "occurrences", "subjects"):
            cats.add_column(w[col])
        for name, c in block["categories"].items():
            cats.add_row(_name(name, lang), w["yes"] if c["sensitive"] else w["no"], f"{c['occurrences']:,}",
                         f"{c['subjects']:,}")
        console.print(cats)
    for s in doc["skipped"]:
        console.print(f"{w['skipped']} {escape(s['path'])}: {escape(s['reason'])}")
    console.print(f"\n{w['disclaimer']}")


def _markdown(doc: dict, out: TextIO, w: dict, lang: str) -> None:
    out.write(f"# {w['title']} ({doc['as_of']})\n\n")
    minors = _minors(doc, w)
    out.write(f"{minors[0].upper()}{minors[1:]}.\n" if lang == "en" else f"{minors}。\n")
    blocks = [(w["all"], doc["overall"])] + [(f"`{d['dataset']}`", d) for d in doc["datasets"]]
    for title, block in blocks:
        out.write(f"\n## {title}\n\n{_headline(block, w)}{'.' if lang == 'en' else '。'}\n")
        for note in block.get("notes", []):
            out.write(f"\n> {note}\n")
        if block["entities"]:
            out.write(f"\n| {w['entity']} | {w['category']} | {w['occurrences']} | {w['subjects']} |\n"
                      "|---|---|---:|---:|\n")
            for entity, e in block["entities"].items():
                out.write(f"| {_name(entity, lang)} | {_name(e['category'], lang)} | {e['occurrences']:,} | "
                          f"{e['subjects']:,} |\n")
            out.write(f"\n| {w['pipl_category']} | {w['sensitive']} | {w['occurrences']} | {w['subjects']} |\n"
                      "|---|---|---:|---:|\n")
            for name, c in block["categories"].items():
                out.write(f"| {_name(name, lang)} | {w['yes'] if c['sensitive'] else w['no']} | "
                          f"{c['occurrences']:,} | {c['subjects']:,} |\n")
    if doc["skipped"]:
        out.write(f"\n## {w['skipped_title']}\n\n")
        for s in doc["skipped"]:
            out.write(f"- `{s['path']}`: {s['reason']}\n")
    out.write(f"\n_{w['disclaimer']}_\n")
