"""Personal information found by labels, field names and context words, in Chinese and English.

Names and addresses are found after a label (``姓名：``, ``"address":``, ``Name:``) in text and by
field name in structured data; health, religion, biometrics, financial accounts and whereabouts
are found by context words in text and by field name in structured data. None has a checksum.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from ..model import Category, Validation
from .base import FieldRecognizer, PatternRecognizer

__all__ = ["PersonName", "Address", "HealthInformation", "ReligiousBelief", "Biometrics",
           "FinancialAccount", "Whereabouts"]


def _alt(words) -> str:
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"


_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{1,3}(?:·[\u4e00-\u9fff]{1,8})?")
_EN_NAME = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}")
#: The characters that end an address, and the administrative or street units one must hold
#: (``Address.value_end`` / ``Address.units_zh``, read by the compiled mirror ``kernel.labels``).
_VALUE_END_CHARS = "\"\t\r\n,;，；|<"
_ADDR_UNITS = "省市区县镇乡村路街道巷弄号栋楼室"
_VALUE_END = re.compile("[" + re.escape(_VALUE_END_CHARS) + "]")
_ADDR_ZH = re.compile("[" + _ADDR_UNITS + "]")


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \u3000":
        i += 1
    return i


class _Labelled(PatternRecognizer, FieldRecognizer):
    """A value that follows a label (text) or sits in a named field (JSON key, column)."""

    labels_zh: ClassVar[tuple[str, ...]]
    labels_en: ClassVar[tuple[str, ...]]
    #: Name of the compiled form of ``extract`` + ``value_span`` + ``validate``
    #: (``kernel.labels.RULES``); ``tests/scan/test_labels.py`` compares the two.
    label_rule: ClassVar[str]
    #: Bytes after the label in which the value is looked for.
    window: ClassVar[int] = 240
    caseless = True
    evidence = "label"

    def pattern_list(self) -> tuple[bytes, ...]:
        cls = type(self)
        zh = (_alt(cls.labels_zh) + r"\s?(?::|：)").encode()
        # an English label is a word of its own: not the end of ``rule-name=``, ``file_name:`` or
        # ``host.name=`` (the byte before it is no letter, digit, ``_``, ``-``, ``.`` or ``/``)
        en = (r"[^A-Za-z0-9_./-]" + _alt(cls.labels_en) + r"\s?[:=]").encode()
        keys = (r'"' + _alt(cls.field_names) + r'"\s?:').encode()
        return (zh, en, keys)

    def value_span(self, text: str) -> tuple[int, int] | None:
        raise NotImplementedError

    def extract(self, data: bytes, start: int, end: int) -> tuple[int, int] | None:
        window = data[end:end + self.window].decode("utf-8", "ignore")
        i = _skip_space(window, 0)
        if i < len(window) and window[i] == '"':
            i += 1
        span = self.value_span(window[i:])
        if span is None:
            return None
        s = end + len(window[:i + span[0]].encode())
        e = end + len(window[:i + span[1]].encode())
        return s, e


class PersonName(_Labelled):
    """Personal name (姓名) after a label or in a name field.

    Legal basis: PIPL Art. 4; GB/T 35273-2020 Annex A (personal basic information). Personal
    information, the weakest identifier (rank 1: counts a subject only when nothing stronger is in
    the record). Format after a label: 2–3 Chinese characters (optionally with a ``·`` part: a
    transcribed foreign name), since Chinese text runs on without a break (``姓名张三手机…``), or 2–3
    capitalised Latin words; in a name field, the whole cell. Synthetic examples: ``姓名：张三``,
    ``"name": "Li Lei"``.
    """

    entity = "person_name"
    category = Category.PERSONAL_INFORMATION
    legal_basis = "PIPL Art. 4; GB/T 35273-2020 Annex A"
    rank = 1
    priority = 10
    mask_keep = (1, 0)
    label_rule = "name"
    labels_zh = ("姓名", "名字", "联系人", "收件人", "收货人", "持卡人", "患者", "客户姓名", "真实姓名")
    labels_en = ("full name", "customer name", "real name", "name")
    field_names = ("name", "full_name", "fullname", "customer_name", "real_name", "realname",
                   "user_name_real", "patient_name", "contact_name", "姓名", "名字", "客户姓名",
                   "真实姓名", "联系人", "收件人", "收货人", "持卡人")

    def value_span(self, text: str) -> tuple[int, int] | None:
        m = _CJK_NAME.match(text)
        if m and len(m.group(0)) >= 2:
            return m.span()
        m = _EN_NAME.match(text)
        return m.span() if m else None

    #: A cell of Chinese characters only ending so is an organisation's name, not a person's
    #: (``商行``, ``农信``, ``信合``: short names of banks and rural credit unions).
    org_suffixes = ("银行", "公司", "集团", "医院", "大学", "学院", "学校", "中心", "分行", "支行", "协会",
                    "商行", "信用社", "农信", "信合")

    def validate(self, value: str, on: dt.date) -> Validation:
        v = value.strip()
        return Validation.NOT_CHECKED if 1 < len(v) <= 64 else Validation.INVALID

    def cell_ok(self, value: str) -> bool:
        """A cell of a name column (stripped) may be a person's name: 2–64 characters; when it is
        Chinese characters only (no ``·`` part), 2–4 of them and not ending like an organisation
        (``org_suffixes``): a column called ``name`` can list banks or products (``中国农业银行``).
        A last part in parentheses is not read (``花旗银行（中国）`` is a bank, ``张三（VIP）`` a name)."""
        if not 1 < len(value) <= 64:
            return False
        core = value
        if value[-1] in ")）":
            cut = max(value.rfind("("), value.rfind("（"))
            core = value[:cut] if cut > 0 else value
        if all("\u4e00" <= ch <= "\u9fff" for ch in core):
            return len(core) <= 4 and not core.endswith(self.org_suffixes)
        return True


class Address(_Labelled):
    """Postal or home address (地址) after a label or in an address field.

    Legal basis: PIPL Art. 4; GB/T 35273-2020 Annex A (personal basic information). Personal
    information, not an identifier. Format: up to the next delimiter; a Chinese address must hold
    an administrative or street unit (省 市 区 县 路 街 号 …), a Latin one a digit and a word.
    Synthetic example: ``地址：北京市海淀区中关村大街1号``.
    """

    entity = "address"
    category = Category.PERSONAL_INFORMATION
    legal_basis = "PIPL Art. 4; GB/T 35273-2020 Annex A"
    rank = 0
    priority = 10
    mask_keep = (3, 0)
    label_rule = "address"
    #: Where the value ends, how many characters it may take, the units a Chinese address holds.
    value_end = _VALUE_END_CHARS
    max_chars = 120
    units_zh = _ADDR_UNITS
    labels_zh = ("地址", "住址", "家庭住址", "收货地址", "通讯地址", "居住地址", "户籍地址")
    labels_en = ("home address", "address")
    field_names = ("address", "addr", "home_address", "shipping_address", "street_address",
                   "地址", "住址", "家庭住址", "收货地址", "通讯地址", "居住地址", "户籍地址")

    def value_span(self, text: str) -> tuple[int, int] | None:
        m = _VALUE_END.search(text, 0, self.max_chars)
        end = m.start() if m else min(len(text), self.max_chars)
        value = text[:end].rstrip()
        if len(value) < 4:
            return None
        if _ADDR_ZH.search(value) or (re.search(r"\d", value) and re.search(r"[A-Za-z]{3}", value)):
            return 0, len(value)
        return None

    def validate(self, value: str, on: dt.date) -> Validation:
        return Validation.NOT_CHECKED if len(value.strip()) >= 2 else Validation.INVALID


class _Topic(PatternRecognizer, FieldRecognizer):
    """A context word naming sensitive information about the record's subject."""

    words_zh: ClassVar[tuple[str, ...]]
    words_en: ClassVar[tuple[str, ...]]
    rank = 0
    priority = 5
    mask_keep = (1, 0)
    caseless = True
    evidence = "context_word"

    def pattern_list(self) -> tuple[bytes, ...]:
        cls = type(self)
        return tuple(w.encode() for w in cls.words_zh) + tuple(
            (r"\b" + re.escape(w) + r"\b").encode() for w in cls.words_en)

    def extract(self, data: bytes, start: int, end: int) -> tuple[int, int] | None:
        return (start, end) if start >= 0 else None

    def validate(self, value: str, on: dt.date) -> Validation:
        return Validation.NOT_CHECKED if value.strip() else Validation.INVALID


class HealthInformation(_Topic):
    """Medical and health information (医疗健康): diagnoses, records, prescriptions, conditions.

    Legal basis: PIPL Art. 28 (医疗健康); GB/T 35273-2020 Annex B. Found by context words in text
    and by field names in structured data. Synthetic example: ``确诊糖尿病``.
    """

    entity = "health_information"
    category = Category.MEDICAL_HEALTH
    legal_basis = "PIPL Art. 28 (医疗健康); GB/T 35273-2020 Annex B"
    words_zh = ("诊断", "确诊", "病历", "病史", "处方", "住院", "体检报告", "过敏史", "艾滋病",
                "乙肝", "糖尿病", "高血压", "抑郁症", "癌症", "传染病", "就诊记录")
    words_en = ("diagnosis", "diagnosed", "medical record", "medical history", "prescription",
                "hiv positive", "allergy", "blood type")
    field_names = ("diagnosis", "disease", "medical_history", "medical_record", "allergy",
                   "allergies", "blood_type", "prescription", "health_status", "诊断", "病历",
                   "病史", "疾病", "过敏史", "血型", "处方", "健康状况", "体检结果")


class ReligiousBelief(_Topic):
    """Religious belief (宗教信仰).

    Legal basis: PIPL Art. 28 (宗教信仰). Found by labels and context words in text and by field
    names. Synthetic example: ``宗教信仰：佛教``.
    """

    entity = "religious_belief"
    category = Category.RELIGIOUS_BELIEF
    legal_basis = "PIPL Art. 28 (宗教信仰)"
    words_zh = ("宗教信仰", "信仰宗教", "佛教徒", "基督徒", "穆斯林", "天主教徒", "受洗")
    words_en = ("religion", "religious belief", "religious affiliation")
    field_names = ("religion", "faith", "religious_belief", "宗教", "宗教信仰", "信仰")


class Biometrics(_Topic):
    """Biometric information (生物识别信息): fingerprints, face, iris, voiceprint, gait, genes.

    Legal basis: PIPL Art. 28 (生物识别); GB/T 35273-2020 Annex B. Found by context words and
    field names. A bare "fingerprint" / "指纹" is not enough: keys and certificates have
    fingerprints too (``key fingerprint SHA256:…``, ``证书指纹``), so the words name a finger's
    print being taken, stored or matched. Synthetic example: ``采集指纹``.
    """

    entity = "biometric_information"
    category = Category.BIOMETRICS
    legal_basis = "PIPL Art. 28 (生物识别); GB/T 35273-2020 Annex B"
    words_zh = ("采集指纹", "录入指纹", "指纹识别", "指纹采集", "指纹信息", "指纹图像", "指纹模板",
                "指纹数据", "指纹录入", "人脸识别", "人脸图像", "人脸特征", "面部特征", "虹膜", "声纹",
                "掌纹", "步态", "基因信息")
    words_en = ("fingerprint scan", "fingerprint image", "fingerprint template", "fingerprint data",
                "fingerprint recognition", "facial recognition", "face template", "face embedding",
                "iris scan", "voiceprint", "biometric")
    field_names = ("fingerprint_image", "fingerprint_template", "fingerprint_data", "face_image",
                   "face_feature", "face_embedding", "face_template", "iris", "voiceprint", "biometric",
                   "指纹", "指纹图像", "指纹模板", "人脸", "人脸图像", "面部特征", "虹膜", "声纹", "掌纹")


class FinancialAccount(_Topic):
    """Financial account information (金融账户): bank accounts, payment accounts, credit records.

    Legal basis: PIPL Art. 28 (金融账户); GB/T 35273-2020 Annex B. Card numbers are recognised by
    ``BankCard``; this recognizer finds account context words and fields.
    Synthetic example: ``银行账号``.
    """

    entity = "financial_account"
    category = Category.FINANCIAL_ACCOUNT
    legal_basis = "PIPL Art. 28 (金融账户); GB/T 35273-2020 Annex B"
    words_zh = ("银行账户", "银行账号", "开户行", "征信报告", "信用记录", "存款余额", "支付宝账号")
    words_en = ("bank account", "account number", "iban", "credit report")
    field_names = ("bank_account", "account_number", "account_no", "iban", "balance",
                   "银行账户", "银行账号", "开户行", "账号", "存款余额", "征信")


class Whereabouts(_Topic):
    """Whereabouts and movement (行踪轨迹) named in text or fields (coordinates are separate).

    Legal basis: PIPL Art. 28 (行踪轨迹). Synthetic example: ``行踪轨迹``.
    """

    entity = "whereabouts"
    category = Category.WHEREABOUTS
    legal_basis = "PIPL Art. 28 (行踪轨迹)"
    words_zh = ("行踪轨迹", "行程轨迹", "出行记录", "定位记录", "轨迹数据")
    words_en = ("location history", "movement history", "gps trace")
    field_names = ("latitude", "longitude", "lat", "lng", "lon", "gps", "location", "trajectory",
                   "经度", "纬度", "定位", "轨迹")
