"""Recognizer tables: sentence → expected findings (entity, masked value), grouped by reason.

Sentences are synthetic; identifiers in them are made up with valid check characters (see
test_checksums). Published vectors (mobile segments, passports, permits, plates, cards) are read
from ../shared/realdata/pii-cn and embedded in Chinese text with no word boundaries.
"""

from __future__ import annotations

import json

import pytest

from kuajing.evidence.scan import scan
from kuajing.evidence.scan.recognizers import all_recognizers
from kuajing.evidence.scan.recognizers.base import PatternRecognizer, TokenRecognizer
from kuajing.evidence.scan.model import Validation
from kuajing.secrets import subject_hash

from .conftest import KEY, ON, entities, find, jsonl, realdata

FOUND = [
    # (sentence, expected [(entity, masked)], reason)
    ("手机13812345678", [("cn_mobile", "138****5678")], "no word boundary in Chinese"),
    ("Tel: +86 10 6234 5678", [("cn_landline", "010******78")], "a landline in international form, 2-4-4"),
    ("电话+86-755-23456789。", [("cn_landline", "075*******89")], "+86, 3-digit area code, 8-digit local number"),
    ("+86 21 52345678", [("cn_landline", "021******78")], "+86, 2-digit area code 2X"),
    ("+86 755 234 5678", [("cn_landline", "075******78")], "+86, local number in 3-4"),
    ("名片：+86 (0)10 6234 5678", [("cn_landline", "010******78")], "+86 and the trunk 0 in parentheses"),
    ("Tel +86-(0)10-62345678", [("cn_landline", "010******78")], "(0) between dashes"),
    ("+86 (10) 6234 5678", [("cn_landline", "010******78")], "the area code in parentheses"),
    ("电话(+86) 10 6234 5678", [("cn_landline", "010******78")], "(+86)"),
    ("+86 010 6234 5678", [("cn_landline", "010******78")], "the trunk 0 kept after +86"),
    ("0086 10 6234 5678", [("cn_landline", "010******78")], "0086"),
    ("0086-21-52345678", [("cn_landline", "021******78")], "0086 with dashes"),
    ("+86-21-52345678-801", [("cn_landline", "021**********01")], "an extension after a dash"),
    ("+86 10 62345678转8001", [("cn_landline", "010***********01")], "an extension after 转"),
    ("+86 21 5234 5678 10:30", [("cn_landline", "021******78")], "a time after the number"),
    ("Tel +86 21 52345678 2024-01-01", [("cn_landline", "021******78")], "a date after the number"),
    ("+86(0)21 5234 5678", [("cn_landline", "021******78")], "(0) right after +86"),
    ("+86(10)62345678", [("cn_landline", "010******78")], "(10) right after +86"),
    ("+86 (010) 6234 5678", [("cn_landline", "010******78")], "the area code with its 0 in parentheses"),
    ("+86 10 62345678 2024年1月1日", [("cn_landline", "010******78")], "a Chinese date after the number"),
    ("+86 10 62345678 8号楼", [("cn_landline", "010******78")], "a short number after it"),
    ("+86-10-62345678-10:30", [("cn_landline", "010******78")], "a time after a dash is no extension"),
    ("电话010 6234 5678", [("cn_landline", "010******78")], "national, the local number in 4-4"),
    ("电话010-6234-5678", [("cn_landline", "010******78")], "national, 4-4 with dashes"),
    ("电话(010) 6234 5678", [("cn_landline", "010******78")], "national in parentheses, 4-4"),
    ("座机010-62345678 10:30", [("cn_landline", "010******78")], "national, a time after it"),
    ("Tel(010)62345678", [("cn_landline", "010******78")], "a letter before the parenthesis"),
    ("手机：１３８１２３４５６７８", [("cn_mobile", "138****5678")], "full-width digits (input method in full-width mode)"),
    ("电话＋８６ １３８－１２３４－５６７８", [("cn_mobile", "138****5678")], "full-width plus and dashes"),
    ("身份证１１０１０５１９４９１２３１００２Ｘ", [("cn_resident_id", "110105********002X")], "full-width digits and X"),
    ("邮箱ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", [("email", "z***@example.com")], "a full-width e-mail address"),
    ("电话：（010）62345678", [("cn_landline", "010******78")], "an area code in full-width parentheses"),
    ("电话（＋８６）１０ ６２３４ ５６７８", [("cn_landline", "010******78")], "+86 in full-width parentheses, full-width digits"),
    ("电话：+86（0）21-52345678（总机）", [("cn_landline", "021******78")], "a trunk 0 in full-width parentheses, a word in them after"),
    ("Address = 10.8.0.2/24", [("ip_address", "10.8.*.*")], "an interface address with its prefix: host bits set"),
    ("allowed 192.168.40.129/32", [("ip_address", "192.168.*.*")], "a /32 is one host"),
    ("protocol outside/192.168.1.59(443)", [("ip_address", "192.168.*.*")], "firewall logs: interface/address(port)"),
    ("for outside:203.0.113.128/25 (203.0.113.128/25)", [("ip_address", "203.0.*.*")] * 2,
     "Cisco ASA: interface:address/port, and address/port in parentheses"),
    ("GET http://192.168.1.8/29/index.html", [("ip_address", "192.168.*.*")], "a URL path after the address"),
    ("see http://10.1.2.64/26.html", [("ip_address", "10.1.*.*")], "a file name after the address"),
    ("手机13812345678，消费100元", [("cn_mobile", "138****5678")], "an amount elsewhere in the line"),
    ("手机13812345678 ，元旦快乐", [("cn_mobile", "138****5678")], "a unit word two bytes on is not the number's"),
    ("手机13812345678,元旦快乐", [("cn_mobile", "138****5678")], "nor one after a comma"),
    ("电话：13812345678\n元旦放假通知", [("cn_mobile", "138****5678")], "nor one on the next line"),
    ("张三\t13812345678\t元朗区", [("cn_mobile", "138****5678")], "nor one in the next cell"),
    ("Tel: 13812345678 Yuan Li", [("cn_mobile", "138****5678")], "Yuan is a surname, not a unit"),
    ("联系人13812345678万先生", [("cn_mobile", "138****5678")], "万 alone is also a surname"),
    ("身份证11010519491231002X元", [("cn_resident_id", "110105********002X")], "an identity number with its check character is no amount"),
    ("卡号6228480402564890018元", [("bank_card", "622848*********0018")], "nor a Luhn-valid card number"),
    ("电话：+86 138-1234-5678。", [("cn_mobile", "138****5678")], "+86 with dashes"),
    ("call 008613812345678 now", [("cn_mobile", "138****5678")], "0086 prefix"),
    ("电话 0086 138 1234 5678", [("cn_mobile", "138****5678")], "0086 with spaces 3-4-4"),
    ("电话0086-138-1234-5678。", [("cn_mobile", "138****5678")], "0086 with dashes 3-4-4"),
    ("tel 138 1234 5678", [("cn_mobile", "138****5678")], "spaces 3-4-4"),
    ("身份证11010519491231002X，", [("cn_resident_id", "110105********002X")], "18 digits with X"),
    ("旧证号110105491231002", [("cn_resident_id", "110105*********02X")], "15-digit legacy, shown in 18-digit form"),
    ("身份证 110105 19491231 002X，", [("cn_resident_id", "110105********002X")], "6-8-4 with spaces, masked as the plain form"),
    ("身份证号110105-19491231-002x。", [("cn_resident_id", "110105********002X")], "6-8-4 with dashes, lower-case x"),
    ("证件 440524-19800101-0013", [("cn_resident_id", "440524********0013")], "6-8-4 with a check digit"),
    ("卡号6228480402564890018", [("bank_card", "622848*********0018")], "UnionPay 19 digits, Luhn"),
    ("card 6222 0212 3456 7894", [("bank_card", "622202******7894")], "grouped card, Luhn"),
    ("card 6222 0212 3456 7895", [], "grouped card failing Luhn"),
    ("mail zhang.san@example.cn!", [("email", "z***@example.cn")], "e-mail"),
    ("来自203.0.113.45的请求", [("ip_address", "203.0.*.*")], "IPv4 in Chinese text"),
    ("peer 2001:db8:85a3::8a2e:370:7334 up", [("ip_address", "2001:db8:*:*")], "IPv6 compressed"),
    ("ifconfig 10.8.0.2 255.255.255.0", [("ip_address", "10.8.*.*")], "an address with host bits under its netmask"),
    ("ip 192.168.40.130 255.255.255.248", [("ip_address", "192.168.*.*")], "host bits set under a /29 mask"),
    ("Address = 10.0.0.2/32, 2001:db8::5/128", [("ip_address", "10.0.*.*"), ("ip_address", "2001:db8:*:*")],
     "a host address with /128 (WireGuard), as /32 in IPv4"),
    ("护照E12345678", [("passport", "E1*****78")], "passport E + 8 digits"),
    ("护照号EA1234567", [("passport", "EA*****67")], "passport E + letter + 7"),
    ("通行证C12345678", [("hk_macao_travel_permit", "C1*****78")], "HK/Macao travel permit"),
    ("回乡证H32031177", [("home_return_permit", "H3*****77")], "home return permit 8 digits"),
    ("赴台L12345678", [("taiwan_travel_permit", "L1*****78")], "Taiwan travel permit"),
    ("台胞证号码：12345678", [("taiwan_compatriot_permit", "12****78")], "Taiwan permit needs context"),
    ("车牌粤BD12345违章", [("vehicle_plate", "粤B*****5")], "new-energy plate"),
    ("定位39.904211,116.407395", [("precise_location", "39.9*,116.4*")], "coordinates"),
    ("座机010-62345678转", [("cn_landline", "010******78")], "landline with area code"),
    ("座机010-62345678转8001", [("cn_landline", "010***********01")], "extension after 转: part of the number, as -8001 is"),
    ("电话(0755)2345678分机123。", [("cn_landline", "075**********23")], "extension after 分机"),
    ("总机021-52345678转123456", [("cn_landline", "021*************56")], "a 6-digit extension after 转"),
    ("座机010-62345678转12345678", [("cn_landline", "010******78")], "8 digits after 转: no extension, the number before it"),
    ("座机010-62345678转8001x", [("cn_landline", "010******78")], "digits glued to a letter after 转: the number before it"),
    ("姓名：张三，", [("person_name", "张*")], "name after a label"),
    ("Name: Li Lei;", [("person_name", "L*****")], "English name after a label"),
    ("地址：北京市海淀区中关村大街1号，", [("address", "北京市**********")], "address after a label"),
    ("患者确诊糖尿病", [("health_information", "确*"), ("health_information", "糖**")], "health words"),
    ("宗教信仰：佛教", [("religious_belief", "宗***")], "religion word"),
    ("采集指纹完成", [("biometric_information", "采***")], "biometrics word"),
    ("门禁 fingerprint scan ok", [("biometric_information", "f***************")], "biometrics words, English"),
    ("身份证110105491231002", [("cn_resident_id", "110105*********02X")], "a legacy number, masked in its 18-character form"),
    ("Amex 378282246310005", [("bank_card", "378282*****0005")], "American Express, 15 digits"),
    ("GPS lat=39.904211,lon=116.407395", [("precise_location", "39.9*,116.4*")], "labelled coordinates"),
    ("lat: 22.543096 lng: 114.057865", [("precise_location", "22.5*,114.1*")], "labelled, lat/lng"),
    ('{"lat": 39.904211, "lon": 116.407395}', [("precise_location", "39.9*,116.4*")], "labelled, JSON keys"),
    ("纬度：39.904211 经度：116.407395", [("precise_location", "39.9*,116.4*")], "labelled, Chinese"),
    ("addr=fec3::5/120", [("ip_address", "fec3::*:*")], "an IPv6 address with its prefix length is a host"),
]

NOT_FOUND = [
    ("证件号110105194912310021", "wrong check digit"),
    ("ED25519 key fingerprint SHA256:abc", "a key's fingerprint is no biometric"),
    ("rule-name=Internet Access.", "name at the end of a compound key is no name label"),
    ("server 10.8.0.0 255.255.255.0", "a network address and a netmask name no device"),
    ("leftsubnet=192.168.40.128/29", "a CIDR network (no host bits under the prefix) names no device"),
    ("route 192.168.40.128 255.255.255.248", "a network with its netmask after a space (OpenVPN route)"),
    ("网段（192.168.40.128/25）", "a network in full-width parentheses (no firewall address-and-port)"),
    ("路由（192.168.40.128 255.255.255.248）", "a network and its netmask in full-width parentheses"),
    ('push "route 10.1.0.0 255.255.0.0"', "a network with its netmask (pushed route)"),
    ("server 192.168.40.128/255.255.255.248", "a network with its netmask after /"),
    ("route 10.1.2.64/26 via tun0", "another CIDR network"),
    ('AllowedIPs = 10.1.2.64/26,192.168.40.128/29', "networks after = and ,"),
    ('  subnets: ["10.1.2.64/26"]', "a network in a quoted list"),
    ("网段：10.1.2.64/26", "a network after a full-width colon"),
    ("<subnet>10.1.2.64/26</subnet>", "a network in XML"),
    ("余额13812345678元", "a currency unit after it: an amount, not a mobile"),
    ("+86 10 1234 5678", "+86 landline whose local number starts with 1"),
    ("+86 11 6234 5678", "+86 and an area code 11 that does not exist"),
    ("+86 10 6234567", "+86 10 needs an 8-digit local number"),
    ("x0086 10 6234 5678", "0086 glued to a letter"),
    ("1.0086 21 23456789", "the decimals of a number are no 0086"),
    ("12 0086 10 6234 5678", "0086 as a group of a longer number"),
    ("2024-0086-21-23456789", "nor after a dash"),
    ("12 010 62345678", "an area code as a group of a longer number"),
    ("x010-62345678", "an area code glued to a letter"),
    ("座机010 6234 5678 9012", "national, a further group"),
    ("+86-21-52345678-80123", "a 5-digit group after a dash: no extension"),
    ("+86 10 6234 5678 9012", "a further group: a longer number"),
    ("证件号１１０１０５１９４９１２３１００２１", "full-width digits, wrong check digit"),
    ("营收13812345678万元", "an amount in ten-thousands of yuan"),
    ("金额：13812345678CNY", "an amount in yuan, not a mobile"),
    ("合计 110105491231002元", "an amount, not a legacy identity number"),
    ("ifconfig tun0 netmask 255.255.255.248", "a netmask"),
    ("group 239.1.2.3 joined", "a multicast group"),
    ("card 378282246310006", "15 digits of an Amex range failing Luhn"),
    ("card 622848040256489", "15 digits in a UnionPay range: UnionPay cards have 16-19"),
    ("Serial Number: 6f:50:b8:d3:46:6e:72:34", "a serial number dumped as hex pairs is no IPv6"),
    ("    31:b2:4b:d3:69:7b:91:b4", "nor the last line of a signature dump"),
    ("leftsubnet=fec3::/120", "an IPv6 network prefix names no device"),
    ("lat=39.9042,lon=116.4074", "labelled coordinates with 4 decimals are not precise"),
    ("lat=139.904211,lon=116.407395", "a latitude beyond 90"),
    ("flat=39.904211,lon=116.407395", "flat is no latitude label"),
    ("file_name: Report", "nor file_name"),
    ("设备IMEI：110105491231002", "a 15-digit number after IMEI is no identity number"),
    ("imei=110105491231002", "imei as a key"),
    ("营业执照注册号：110105491231002", "nor after a business-licence word"),
    ("证书指纹（SHA1）：AB:CD", "nor a certificate's"),
    ("号码110105194902300020", "30 February"),
    ("身份证 110105 19491231 0021", "6-8-4, wrong check digit"),
    ("身份证 110105 19490230 0020", "6-8-4, 30 February"),
    ("身份证 110105 19491231-002X", "6-8-4 with mixed separators"),
    ("身份证 110105-19491231 002X", "6-8-4 with mixed separators, the other way"),
    ("身份证 1101051 19491231 002X", "a 7-digit first group"),
    ("身份证 110105 19491231 00201", "a 5-digit last group"),
    ("身份证 110105 19491231 0021 5678", "6-8-4 and a further group: a longer number"),
    ("ID A110105 19491231 002X", "6-8-4 glued to a letter before"),
    ("ID 110105 19491231 002XY", "6-8-4 glued to a letter after"),
    ("座机010-12345678转8001", "local number starting with 1, extension or not"),
    ("订单号6228480402564890018", "Luhn-valid number after an order word"),
    ("1381234567890", "12+ digits: a mobile look-alike"),
    ("电话 0086 123 1234 5678", "0086 before an unallocated 123 segment"),
    ("电话 0086 138 1234 56789", "0086 3-4-5: not a grouped mobile"),
    ("电话 0086-138-1234-5678-9012", "0086 3-4-4 and a further group: a longer number"),
    ("电话 10086 138 1234 5678", "10086, not the 0086 prefix"),
    ("ref A0086 138 1234 5678", "0086 glued to a letter"),
    ("12345678901", "unallocated 12 prefix"),
    ("1700000000000", "epoch milliseconds"),
    ("2024-01-15 12:30:45", "timestamp"),
    ("version 1.2.3.4", "version string"),
    ("v10.2.0.1", "version with v"),
    ("amount 13812345678.50", "decimal amount"),
    ("id=e3b0c44298fc1c149afbf4c8996fb924", "hex digest"),
    ("batch E20240115", "date-like batch code"),
    ("12345678", "8 digits without Taiwan permit context"),
    ("std::vector<int>", "C++ scope, not IPv6"),
    ("rate 6.89120,7.12340", "two decimals out of coordinate range? no: both in range"),
]


@pytest.mark.parametrize("sentence,expected,reason", FOUND, ids=[r[2] for r in FOUND])
def test_found(sentence, expected, reason):
    assert entities(sentence) == expected


@pytest.mark.parametrize("sentence,reason", NOT_FOUND[:-1], ids=[r[1] for r in NOT_FOUND[:-1]])
def test_not_found(sentence, reason):
    assert entities(sentence) == []


def _one_subject(tmp_path, label, entity, category, spellings, plain):
    """Every spelling normalises to the plain form: ``len(spellings)`` occurrences, one subject,
    hashed as the plain form is."""
    path = tmp_path / "a.log"
    path.write_text("".join(f"{label} {s}\n" for s in spellings), encoding="utf-8")
    result = scan([str(path)], on=ON, key=KEY, workers=1)
    assert result.to_dict()["overall"]["entities"][entity] == {
        "category": category, "occurrences": len(spellings), "subjects": 1}
    assert result.subject_hashes() == {subject_hash(KEY, entity, plain)}


def test_mobile_spellings_are_one_subject(tmp_path):
    """Every accepted spelling of a mobile normalises to its 11 national digits."""
    _one_subject(tmp_path, "电话", "cn_mobile", "personal_information",
                 ["13812345678", "138 1234 5678", "+86 138 1234 5678", "+86 138-1234-5678",
                  "+86 13812345678", "008613812345678", "0086 13812345678", "0086 138 1234 5678",
                  "0086-138-1234-5678"], "13812345678")


def test_resident_id_spellings_are_one_subject(tmp_path):
    """The plain 18 characters, a lower-case x, 6-8-4 grouping with spaces or dashes (and the
    legacy 15-digit number) normalise to the 18 characters without separators."""
    _one_subject(tmp_path, "身份证", "cn_resident_id", "specific_identity",
                 ["11010519491231002X", "11010519491231002x", "110105 19491231 002X",
                  "110105-19491231-002X", "110105-19491231-002x", "110105491231002"], "11010519491231002X")


def test_columns_are_characters_of_decoded_text():
    [f] = find("第一行\n客户：王五，手机13812345678")
    assert (f["line"], f["column"]) == (2, 9)


def test_keyword_engines_agree():
    text = "\n".join(s for s, *_ in FOUND) + "\n" + "\n".join(s for s, _ in NOT_FOUND)
    hs = [(f["entity"], f["line"], f["column"]) for f in find(text, "hyperscan")]
    rx = [(f["entity"], f["line"], f["column"]) for f in find(text, "re")]
    assert hs == rx and len(hs) > 20


# -- published vectors ----------------------------------------------------------------------

def test_mobile_segments_published_by_carrier():
    data = json.loads(realdata("VincentSit-ChinaMobilePhoneNumberRegex/test_data.json").read_text())
    numbers = [str(n) for group in ("carrier", "mvno", "data_plan_only") for ns in data[group].values()
               for n in ns if len(str(n)) == 11]
    assert len(numbers) > 50
    text = "\n".join(f"联系方式{n}。" for n in numbers)
    found = [f for f in find(text) if f["entity"] == "cn_mobile"]
    assert len(found) == len(numbers)
    iot = [str(n) for ns in data["iot"].values() for n in ns]
    assert not [f for f in find("\n".join(f"物联网{n}" for n in iot)) if f["entity"] == "cn_mobile"]


def test_mobile_reserved_segments_published():
    """The table's reserved 11-digit segments head no subscriber's number: 154, 161, 164, 172 and
    the five-digit 17413–17489 inside 174 (of which 17400–17412 and 1749x are allocated). The
    table also lists 162 and 190–197 as reserved; those were allocated after it was made (162 to
    virtual operators, 190–197 in 2019) and stay accepted."""
    data = json.loads(realdata("VincentSit-ChinaMobilePhoneNumberRegex/test_data.json").read_text())
    reserved = [str(n) for n in data["reserved"]["carrier"]]
    later = ("162", "190", "191", "192", "193", "194", "195", "196", "197")
    refused = [n for n in reserved if not n.startswith(later)]
    assert len(refused) > 80 and any(n.startswith("17489") for n in refused)
    text = "\n".join(f"联系方式{n}。" for n in refused)
    assert not [f for f in find(text) if f["entity"] == "cn_mobile"]
    kept = ["17400123456", "17412123456", "17490123456", "17499123456", "17012345678", "17312345678"]
    found = [f for f in find("\n".join(f"手机{n}" for n in kept)) if f["entity"] == "cn_mobile"]
    assert len(found) == len(kept)


def test_mobile_util_helpers_vectors():
    for row in jsonl("doly-dev-util-helpers/test-cases.cn-identifiers.jsonl"):
        if row["function"] != "isMobile":
            continue
        got = bool([f for f in find(f"手机{row['input']}") if f["entity"] == "cn_mobile"])
        # util-helpers accepts every 13–19 prefix; segments never allocated (160, 170xx…) differ
        if row["expected"] is False:
            assert got is False, row["input"]


def test_passports_published():
    data = json.loads(realdata("validatorjs-validator.js/validators.test.js.zh-locales.json").read_text())
    case = next(c for c in data["cases"] if c["validator"] == "isPassportNumber")
    for value in case["valid"]:
        assert [e for e, _ in entities(f"护照{value}")] == ["passport"], value
    for value in case["invalid"]:
        assert "passport" not in [e for e, _ in entities(f"护照{value}")], value
    for row in jsonl("doly-dev-util-helpers/test-cases.cn-identifiers.jsonl"):
        if row["function"] == "isPassport" and row["input"].isupper() and row["expected"]:
            assert "passport" in [e for e, _ in entities(f"护照{row['input']}")], row["input"]


def test_home_return_permits_published():
    for row in jsonl("doly-dev-util-helpers/test-cases.cn-identifiers.jsonl"):
        if row["function"] == "isHMCard" and row["input"][:1] in "HM" and row["expected"]:
            assert [e for e, _ in entities(f"回乡证{row['input']}")] == ["home_return_permit"], row["input"]


def test_bank_cards_published():
    for row in jsonl("doly-dev-util-helpers/test-cases.cn-identifiers.jsonl"):
        if row["function"] == "isBankCard" and row["options"] == "{ luhn: true }":
            found = "bank_card" in [e for e, _ in entities(f"卡号{row['input']}")]
            # 1034… passes Luhn but is outside every card-network range: not a card for us
            assert found is (row["expected"] and row["input"][:2] in ("62", "60")), row["input"]


def test_unionpay_bin_table_covered():
    """Most UnionPay BINs of the published table fall in the ranges ``issuer_plausible`` knows."""
    from kuajing.evidence.scan.recognizers.bank_card import issuer_plausible

    rows = realdata("hexindai-bcbc/data/bin.csv").read_text().splitlines()[1:]
    ok = total = 0
    for line in rows:
        bin_, _bank, _type, length = line.split(",")
        total += 1
        ok += issuer_plausible(bin_ + "0" * (int(length) - len(bin_)))
    assert ok / total > 0.8


def test_plates_published():
    for row in jsonl("doly-dev-util-helpers/test-cases.cn-identifiers.jsonl"):
        if row["function"] == "isVehicle" and row["input"][0] > "\u4e00":
            found = "vehicle_plate" in [e for e, _ in entities(f"车辆{row['input']}。")]
            assert found is row["expected"], row["input"]


# -- the recognizers as declarative units ----------------------------------------------------

def test_every_recognizer_documents_legal_basis_format_and_example():
    for rec in all_recognizers():
        doc = type(rec).__doc__ or ""
        assert rec.legal_basis and "Legal basis" in doc and "xample" in doc, type(rec).__name__
        assert rec.entity and rec.category
        if isinstance(rec, TokenRecognizer):
            assert rec.shapes
        if isinstance(rec, PatternRecognizer):
            assert rec.pattern_list()


def test_scalar_and_batch_validation_agree_on_candidates():
    import numpy as np

    from kuajing.evidence.scan.tokens import Tokens

    text = "\n".join(s for s, *_ in FOUND) + "\n" + "\n".join(s for s, _ in NOT_FOUND) + "\n"
    data = ("\n" + text).encode()
    a = np.frombuffer(data, np.uint8)
    tokens = Tokens(a)
    for rec in all_recognizers():
        if not isinstance(rec, TokenRecognizer):
            continue
        for shape in rec.shapes:
            s, e = tokens.spans(shape)
            batch = rec.validate_batch(a, s, e, ON).tolist()
            scalar = [rec.validate(data[x:y].decode(), ON) is Validation.VALID for x, y in zip(s, e)]
            assert batch == scalar, (type(rec).__name__, shape)


def test_full_width_forms_keep_lines_and_columns():
    """A full-width form is one character, as its ASCII form is: columns count characters of the
    decoded text, before and after the folded identifier."""
    found = find("第一行\n手机：１３８１２３４５６７８，备用13912345678\n")
    assert [(f["line"], f["column"], f["masked"]) for f in found] == [
        (2, 4, "138****5678"), (2, 18, "139****5678")]


def test_full_width_and_ascii_spellings_are_one_subject(tmp_path):
    _one_subject(tmp_path, "手机", "cn_mobile", "personal_information",
                 ["１３８１２３４５６７８", "13812345678", "１３８－１２３４－５６７８"], "13812345678")


def test_landline_spellings_are_one_subject(tmp_path):
    _one_subject(tmp_path, "电话", "cn_landline", "personal_information",
                 ["+86 10 6234 5678", "010-62345678", "+86-10-62345678", "(010) 62345678", "+86 (0)10 6234 5678",
                  "0086 10 62345678", "+86 010 62345678", "(+86) 10 6234 5678", "（010）62345678",
                  "（+86）10 6234 5678"], "01062345678")


def test_landline_extension_spellings_are_one_subject(tmp_path):
    _one_subject(tmp_path, "电话", "cn_landline", "personal_information",
                 ["010-62345678转8001", "+86 10 62345678转8001", "0086-10-62345678转8001", "010-62345678-8001"],
                 "01062345678-8001")


def test_landline_extension_is_not_part_of_the_local_number(tmp_path):
    """``0755-2345678-9`` (a 7-digit number, extension 9) and ``0755-23456789`` (an 8-digit number)
    have the same digits but are two lines: two subjects, the extension kept after a dash."""
    path = tmp_path / "a.log"
    path.write_text("电话 0755-2345678-9\n电话 0755-23456789\n电话 (0755)2345678转9\n", encoding="utf-8")
    result = scan([str(path)], on=ON, key=KEY, workers=1)
    assert result.to_dict()["overall"]["entities"]["cn_landline"]["subjects"] == 2
    assert result.subject_hashes() == {subject_hash(KEY, "cn_landline", "07552345678-9"),
                                       subject_hash(KEY, "cn_landline", "075523456789")}
