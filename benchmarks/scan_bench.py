"""Benchmark of ``kuajing scan`` against Presidio's analyzer, on a generated labelled corpus.

    .venv/bin/python benchmarks/scan_bench.py                 # 100 MB corpus, a few minutes
    .venv/bin/python benchmarks/scan_bench.py --size-mb 50 --corpus-dir /tmp/scanbench   # as in docs/scan.md

The corpus (cached in --corpus-dir) mixes application logs in Chinese and English, JSON Lines
records and a CSV customer export, all synthetic. It holds valid identifiers (18/15-digit
resident identity numbers with correct MOD 11-2 check characters, mainland mobiles in several
spellings, UnionPay/Visa/Mastercard numbers with Luhn check digits, e-mails, IPv4 addresses,
passports) and decoys that must not be found: identity numbers with a wrong check character or an
impossible date, card-like numbers failing Luhn, Luhn-valid order numbers after an order word,
12-digit mobile look-alikes, 11-digit numbers with unallocated prefixes, epoch-millisecond and
calendar timestamps, version strings, decimal amounts, hex request ids, date-like batch codes.

Scoring never needs positions or raw values in the outputs: the ground truth is kept as the
keyed hashes (benchmark key) of every planted identifier per file and entity; each tool's
findings are hashed the same way and compared as multisets (TP = min(found, truth)).

Presidio is configured as a user would for pattern-only analysis: its ``NoOpNlpEngine`` (no NLP
model), one ``PatternRecognizer`` per entity with the same regular expressions a user would write
and ``validate_result`` running the same checksum functions as kuajing. It analyses the text in
64 KiB blocks (favourable to it: fewer calls). Because it is slow it runs on a prefix of each file
(--presidio-mb in total); its MB/s and its precision/recall are measured on that sample, and
kuajing's accuracy is also reported on the same sample for a side-by-side comparison.

Each tool runs in a fresh child process so its peak memory is its own (the child's high-water
mark and its workers' ``ru_maxrss``, read before the findings are scored). MB/s per
core is bytes / CPU seconds of all processes of the run (parent and workers), counted from after
the tool's imports (Presidio: also after building its analyzer and reading the sample): for
kuajing that includes its start-up (loading the compiled kernels, the law parameter, the keyword
database, the worker pool). That start-up is also measured alone, on a one-line file. The last
column is kuajing's MB/s per core for the same scan run a second time in the same process (the
compiled kernels already loaded: what a long scan approaches, and what a server or notebook
running several scans sees); it is measured directly rather than as a difference of two CPU
times, which a busy machine makes unreliable. Start-up and counting-only runs are repeated
(``--repeat``) and the median is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

BENCH_KEY = bytes(range(32))          # a fixed, public benchmark key: the corpus is synthetic
SCORED = ("cn_resident_id", "cn_mobile", "bank_card", "email", "ip_address", "passport")

# -- synthetic data ------------------------------------------------------------------------------

REGIONS = ["110101", "110105", "310104", "440305", "440106", "320102", "330106", "510104", "420102",
           "610113", "370202", "210102", "500103", "350203", "230102", "120101", "450103", "530102"]
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                   "155", "156", "157", "158", "159", "166", "173", "176", "177", "180", "181", "182",
                   "185", "186", "187", "188", "189", "191", "198", "199"]
BINS = [("622848", 19), ("622202", 19), ("621700", 19), ("622588", 16), ("625807", 16),
        ("436742", 16), ("524094", 16), ("356833", 16)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅玉兰志"
PINYIN = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun"]
DOMAINS = ["example.cn", "example.com", "mail.example.org", "corp.example.net"]
CITIES = ["北京市海淀区中关村大街", "上海市浦东新区世纪大道", "广州市天河区体育西路", "深圳市南山区科技园路",
          "杭州市西湖区文三路", "成都市武侯区人民南路"]
ZH_FILLER = ["系统维护通知：今晚进行例行升级，请提前保存数据。", "订单已提交，请耐心等待商家发货。",
             "客户服务中心欢迎您的来电，祝您生活愉快。", "缓存命中率正常，队列长度稳定。",
             "本次批处理共处理记录若干条，未发现异常。"]
EN_FILLER = ["The quick brown fox jumps over the lazy dog.", "Cache warmed up, queue depth nominal.",
             "Scheduled maintenance completed without incident.", "Connection pool resized on demand."]

_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def check_char(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, _W)) % 11]


def luhn_digit(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


class Gen:
    def __init__(self, seed: int, subjects: int) -> None:
        self.r = random.Random(seed)
        self.people = [self._person(i) for i in range(subjects)]

    def _birth(self) -> str:
        r = self.r
        y = r.randint(1950, 2021)
        m = r.randint(1, 12)
        d = r.randint(1, 28)
        return f"{y:04d}{m:02d}{d:02d}"

    def resident_id(self) -> str:
        f17 = self.r.choice(REGIONS) + self._birth() + f"{self.r.randint(0, 999):03d}"
        return f17 + check_char(f17)

    def mobile(self) -> str:
        return self.r.choice(MOBILE_PREFIXES) + f"{self.r.randint(0, 99999999):08d}"

    def card(self) -> str:
        bin_, n = self.r.choice(BINS)
        body = bin_ + "".join(str(self.r.randint(0, 9)) for _ in range(n - 7))
        return body + luhn_digit(body)

    def _person(self, i: int) -> dict:
        r = self.r
        name = r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.randint(1, 2)))
        return {"id": self.resident_id(), "mobile": self.mobile(), "card": self.card(),
                "email": f"{r.choice(PINYIN)}.{r.choice(PINYIN)}{i}@{r.choice(DOMAINS)}",
                "passport": "E" + str(r.randint(3, 9)) + f"{r.randint(0, 9999999):07d}", "name": name,
                "ip": f"{r.choice([r.randint(11, 126), r.randint(128, 223)])}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"}

    # decoys
    def bad_check_id(self) -> str:
        good = self.resident_id()
        return good[:17] + self.r.choice([c for c in "0123456789X" if c != good[17]])

    def bad_date_id(self) -> str:
        f17 = self.r.choice(REGIONS) + f"{self.r.randint(1950, 2020)}13{self.r.randint(1, 28):02d}" + "123"
        return f17 + check_char(f17)

    def bad_luhn_card(self) -> str:
        good = self.card()
        return good[:-1] + str((int(good[-1]) + self.r.randint(1, 9)) % 10)

    def ts(self) -> str:
        r = self.r
        return f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} {r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}"

    def hexid(self) -> str:
        return "%032x" % self.r.getrandbits(128)

    def order_no(self) -> str:
        return f"2024{self.r.randint(1, 12):02d}{self.r.randint(1, 28):02d}{self.r.randint(0, 10**10 - 1):010d}"


def _line(g: Gen, truth: Counter, fname: str, pii_share: float = 1.0) -> str:
    r = g.r
    p = r.choice(g.people)
    k = r.random()
    if pii_share < 1.0 and r.random() > pii_share:
        k = 0.7 + 0.3 * r.random()          # a line without personal information

    def plant(entity: str, value: str) -> str:
        truth[(fname, entity, value)] += 1
        return value

    if k < 0.14:
        mob = plant("cn_mobile", p["mobile"])
        shown = r.choice([mob, "+86 " + mob[:3] + "-" + mob[3:7] + "-" + mob[7:], mob[:3] + " " + mob[3:7] + " " + mob[7:]])
        return f"{g.ts()} INFO 用户{p['name']}登录成功，手机{shown}，IP {plant('ip_address', p['ip'])}"
    if k < 0.26:
        return (f"{g.ts()} INFO user login ok uid={r.randint(1, 10**7)} email={plant('email', p['email'])} "
                f"ip={plant('ip_address', p['ip'])} took {r.randint(1, 999)}ms")
    if k < 0.34:
        return (f"{g.ts()} WARN 订单号{g.order_no()} 支付失败 金额{r.randint(1, 99999)}.{r.randint(0, 99):02d}元 "
                f"卡号{plant('bank_card', p['card'])}")
    if k < 0.42:
        return f"{g.ts()} INFO 实名认证通过 身份证{plant('cn_resident_id', p['id'])} 姓名：{p['name']}"
    if k < 0.46:
        return f"{g.ts()} INFO passport check {plant('passport', p['passport'])} for booking {g.hexid()[:10].upper()}"
    # decoys and filler (no personal information)
    if k < 0.52:
        return f"{g.ts()} ERROR 校验失败 证件号{g.bad_check_id()} 或 {g.bad_date_id()}"
    if k < 0.58:
        return f"{g.ts()} INFO trace {r.randint(1700000000000, 1800000000000)} order_id={g.card()} status=PAID"
    if k < 0.64:
        return (f"{g.ts()} DEBUG request_id={g.hexid()} version {r.randint(1, 12)}.{r.randint(0, 9)}.{r.randint(0, 9)}.{r.randint(0, 99)} "
                f"ref {g.bad_luhn_card()} seq {g.mobile()}{r.randint(0, 9)} code {r.choice(['10', '11', '12'])}{r.randint(0, 10**9 - 1):09d}")
    if k < 0.68:
        return f"{g.ts()} INFO batch E{g._birth()} amount {g.mobile()}.{r.randint(10, 99)} build v{r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(0, 9)}.{r.randint(0, 9)}"
    if k < 0.84:
        return f"{g.ts()} INFO {r.choice(ZH_FILLER)} 耗时{r.randint(1, 999)}ms 队列{r.randint(0, 9999)}"
    return f"{g.ts()} INFO {r.choice(EN_FILLER)} latency={r.randint(1, 999)}ms shard={r.randint(0, 63)}"


def _jsonl(g: Gen, truth: Counter, fname: str) -> str:
    r = g.r
    p = r.choice(g.people)
    rec = {"ts": g.ts(), "user_id": r.randint(1, 10**8), "name": p["name"]}
    if r.random() < 0.8:
        truth[(fname, "cn_mobile", p["mobile"])] += 1
        rec["mobile"] = p["mobile"]
    if r.random() < 0.5:
        truth[(fname, "cn_resident_id", p["id"])] += 1
        rec["id_card"] = p["id"]
    if r.random() < 0.6:
        truth[(fname, "email", p["email"])] += 1
        rec["email"] = p["email"]
    rec["order_no"] = g.order_no()
    rec["amount"] = round(r.uniform(1, 9999), 2)
    rec["device"] = g.hexid()
    rec["created_ms"] = r.randint(1700000000000, 1800000000000)
    if r.random() < 0.3:
        rec["note"] = f"证件号{g.bad_check_id()}校验失败"
    return json.dumps(rec, ensure_ascii=False)


def _csv_row(g: Gen, truth: Counter, fname: str, i: int) -> str:
    r = g.r
    p = r.choice(g.people)
    for e, v in (("cn_mobile", p["mobile"]), ("cn_resident_id", p["id"]), ("email", p["email"]),
                 ("bank_card", p["card"])):
        truth[(fname, e, v)] += 1
    return ",".join([str(i), p["name"], p["mobile"], p["id"], p["email"], p["card"], r.choice(CITIES),
                     g.ts(), g.order_no(), str(r.randint(1700000000000, 1800000000000))])


SHARES = {"app.log": 0.5, "crm.jsonl": 0.3, "customers.csv": 0.2}


def generate(corpus: Path, size_mb: int, sample_mb: float, seed: int = 7, mix: str = "mixed") -> None:
    """``mixed``: logs, JSON Lines and CSV (dense: an identifier every ~95 bytes). ``logs``: the
    log file only, with 1 line in 10 of the personal-information kinds (sparse)."""
    corpus.mkdir(parents=True, exist_ok=True)
    shares = SHARES if mix == "mixed" else {"app.log": 1.0}
    pii_share = 1.0 if mix == "mixed" else 0.1
    g = Gen(seed, subjects=max(2000, size_mb * 400))
    truth: Counter = Counter()
    in_sample: Counter = Counter()
    target = size_mb * 1024 * 1024
    for fname, share in shares.items():
        limit = int(target * share)
        budget = int(sample_mb * 1024 * 1024 * share)
        written = 0
        with open(corpus / fname, "w", encoding="utf-8", newline="\n") as fh:
            if fname.endswith(".csv"):
                head = "customer_id,name,mobile,id_number,email,card_no,city,created_at,order_no,updated_ms\n"
                fh.write(head)
                written += len(head.encode())
            i = 0
            buf = []
            while written < limit:
                i += 1
                plants: Counter = Counter()
                if fname == "app.log":
                    line = _line(g, plants, fname, pii_share)
                elif fname == "crm.jsonl":
                    line = _jsonl(g, plants, fname)
                else:
                    line = _csv_row(g, plants, fname, i)
                buf.append(line)
                written += len(line.encode()) + 1
                truth.update(plants)
                if written <= budget:
                    in_sample.update(plants)
                if len(buf) >= 10000:
                    fh.write("\n".join(buf) + "\n")
                    buf = []
            if buf:
                fh.write("\n".join(buf) + "\n")
    from kuajing.evidence.scan.recognizers import all_recognizers
    from kuajing.secrets import subject_hash

    norm = {r.entity: r for r in all_recognizers()}
    for name, counts in (("truth.json", truth), ("sample_truth.json", in_sample)):
        hashed = Counter()
        for (f, e, v), n in counts.items():
            hashed[f"{f}\t{e}\t{subject_hash(BENCH_KEY, e, norm[e].normalize(v))}"] += n
        (corpus / name).write_text(json.dumps(hashed))
    (corpus / "meta.json").write_text(json.dumps({"size_mb": size_mb, "sample_mb": sample_mb, "seed": seed,
                                                  "mix": mix, "shares": shares}))


# -- tools ---------------------------------------------------------------------------------------

def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def _maxrss_mb() -> float:
    """Peak resident memory of this process and of its finished worker processes, in MB.

    This process's own peak is its high-water mark in ``/proc/self/status`` (``VmHWM``):
    ``ru_maxrss`` of a process started with exec keeps the peak of the process it replaced, here
    the benchmark's parent, which holds the ground truth (about 500 MB for a 200 MB corpus)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            own = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        pass
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def run_kuajing(corpus: Path, files: list[Path], findings: bool, workers: int) -> dict:
    import datetime as dt

    from kuajing.evidence.scan import scan

    out = Path(tempfile.mkdtemp()) / "findings.jsonl" if findings else None
    nbytes = sum(f.stat().st_size for f in files)
    cpu0, t0 = _cpu(), time.perf_counter()
    result = scan([str(f) for f in files], on=dt.date(2026, 3, 1), key=BENCH_KEY, findings_path=out,
                  workers=workers)
    wall, cpu = time.perf_counter() - t0, _cpu() - cpu0
    peak = _maxrss_mb()   # before reading the findings back for scoring
    found = Counter()
    if out:
        with open(out, encoding="utf-8") as fh:
            for line in fh:
                item = json.loads(line)
                if item["entity"] in SCORED:
                    found[f"{Path(item['dataset']).name}\t{item['entity']}\t{item['identifier_hash']}"] += 1
        out.unlink()
    return {"tool": "kuajing", "bytes": nbytes, "wall_s": wall, "cpu_s": cpu, "found": found,
            "subjects": result.overall.to_dict()["subjects"], "peak_mb": peak,
            "engine": result.keyword_engine}


def _presidio_engine():
    import re

    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine

    from kuajing.evidence.scan.checksums import luhn_ok, resident_id_ok
    from kuajing.evidence.scan.recognizers.bank_card import issuer_plausible
    from kuajing.evidence.scan.recognizers.mobile import segment_allocated
    import datetime as dt

    on = dt.date(2026, 3, 1)

    def rec(entity, regex, validate):
        cls = type(f"Cn{entity}", (PatternRecognizer,), {"validate_result": lambda self, t: validate(t)})
        return cls(supported_entity=entity, patterns=[Pattern(entity, regex, 0.6)], supported_language="zh",
                   global_regex_flags=re.DOTALL | re.MULTILINE)

    def digits(t):
        return "".join(c for c in t if c.isdigit())

    def mobile_ok(t):
        d = digits(t)
        d = d[2:] if len(d) == 13 and d.startswith("86") else d
        return len(d) == 11 and segment_allocated(d)

    def ip_ok(t):
        parts = t.split(".")
        return all(p.isdigit() and int(p) <= 255 and not (len(p) > 1 and p[0] == "0") for p in parts) \
            and int(parts[0]) not in (0, 127)

    recognizers = [
        rec("cn_resident_id", r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])",
            lambda t: resident_id_ok(t.upper(), on)),
        rec("cn_mobile", r"(?<![0-9])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9])", mobile_ok),
        rec("bank_card", r"(?<![0-9])(?:62|60|4|5[1-5]|35)\d{14,17}(?![0-9])",
            lambda t: issuer_plausible(t) and luhn_ok(t)),
        rec("email", r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}", lambda t: True),
        rec("ip_address", r"(?<![0-9.])(?:\d{1,3}\.){3}\d{1,3}(?![0-9.])", ip_ok),
        rec("passport", r"(?<![A-Za-z0-9])(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DSP]E\d{7})(?![A-Za-z0-9])",
            lambda t: True),
    ]
    registry = RecognizerRegistry(supported_languages=["zh"])
    for r in recognizers:
        registry.add_recognizer(r)
    nlp = NoOpNlpEngine(models=[{"lang_code": "zh", "model_name": "none"}])
    return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["zh"])


def _sample(files: list[Path], total_mb: float) -> list[tuple[str, str]]:
    """A prefix of each file (whole lines), ``total_mb`` in all, split by the files' shares."""
    shares = json.loads((files[0].parent / "meta.json").read_text())["shares"]
    out = []
    for f in files:
        budget = int(total_mb * 1024 * 1024 * shares[f.name])
        with open(f, "rb") as fh:
            data = fh.read(budget)
        data = data[: data.rfind(b"\n") + 1]
        out.append((f.name, data.decode("utf-8")))
    return out


def run_presidio(files: list[Path], sample_mb: float) -> dict:
    from kuajing.evidence.scan.recognizers import all_recognizers
    from kuajing.secrets import subject_hash

    norm = {r.entity: r for r in all_recognizers()}
    engine = _presidio_engine()
    texts = _sample(files, sample_mb)
    nbytes = sum(len(t.encode()) for _, t in texts)
    found = Counter()
    cpu0, t0 = _cpu(), time.perf_counter()
    for name, text in texts:
        pos = 0
        while pos < len(text):
            end = text.find("\n", pos + 65536)
            end = len(text) if end < 0 else end + 1
            block = text[pos:end]
            for res in engine.analyze(text=block, language="zh", score_threshold=0.5):
                value = block[res.start:res.end]
                e = res.entity_type
                found[f"{name}\t{e}\t{subject_hash(BENCH_KEY, e, norm[e].normalize(value))}"] += 1
            pos = end
    wall, cpu = time.perf_counter() - t0, _cpu() - cpu0
    return {"tool": "presidio", "bytes": nbytes, "wall_s": wall, "cpu_s": cpu, "found": found,
            "peak_mb": _maxrss_mb()}


def run_kuajing_sample(files: list[Path], sample_mb: float) -> dict:
    tmp = Path(tempfile.mkdtemp())
    paths = []
    for name, text in _sample(files, sample_mb):
        p = tmp / name
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    res = run_kuajing(tmp, paths, findings=True, workers=1)
    for p in paths:
        p.unlink()
    return res


# -- scoring and the report -------------------------------------------------------------------

def score(found: Counter, truth: Counter) -> dict:
    """Precision and recall, as multisets of (file, entity, identifier hash)."""
    tp = sum(min(n, truth.get(k, 0)) for k, n in found.items())
    fp = sum(n for n in found.values()) - tp
    fn = sum(truth.values()) - tp
    per = {}
    for e in SCORED:
        f = Counter({k: v for k, v in found.items() if k.split("\t")[1] == e})
        t = Counter({k: v for k, v in truth.items() if k.split("\t")[1] == e})
        etp = sum(min(n, t.get(k, 0)) for k, n in f.items())
        per[e] = {"tp": etp, "fp": sum(f.values()) - etp, "fn": sum(t.values()) - etp}
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "tp": tp, "fp": fp, "fn": fn, "per_entity": per}


def _files(corpus: Path) -> list[Path]:
    return [corpus / n for n in json.loads((corpus / "meta.json").read_text())["shares"]]


def run_kuajing_startup(workers: int) -> dict:
    """A scan of a one-line file: the fixed cost of a kuajing run."""
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "one.log"
    path.write_text("x\n", encoding="utf-8")
    res = run_kuajing(tmp, [path], findings=False, workers=workers)
    path.unlink()
    return res


def child(mode: str, corpus: Path, args) -> None:
    files = _files(corpus)
    if mode == "kuajing-startup":
        res = run_kuajing_startup(args.workers)
    elif mode == "kuajing-speed":
        res = run_kuajing(corpus, files, findings=False, workers=args.workers)
        res["warm_cpu_s"] = run_kuajing(corpus, files, findings=False, workers=args.workers)["cpu_s"]
    elif mode == "kuajing-accuracy":
        res = run_kuajing(corpus, files, findings=True, workers=args.workers)
        res["warm_cpu_s"] = run_kuajing(corpus, files, findings=True, workers=args.workers)["cpu_s"]
    elif mode == "kuajing-sample":
        res = run_kuajing_sample(files, args.presidio_mb)
    else:
        res = run_presidio(files, args.presidio_mb)
    print(json.dumps(res))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=int, default=100, help="corpus size (default 100)")
    ap.add_argument("--presidio-mb", type=float, default=8.0, help="sample size for Presidio (default 8)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--mix", choices=("mixed", "logs"), default="mixed",
                    help="mixed: logs + JSONL + CSV, dense; logs: sparse application log only")
    ap.add_argument("--corpus-dir", type=Path, default=None)
    ap.add_argument("--skip-presidio", action="store_true")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of the start-up and counting-only measurements; the median is reported (default 3)")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    corpus = args.corpus_dir or Path(tempfile.gettempdir()) / f"kuajing-scan-bench-{args.mix}-{args.size_mb}mb"
    if args.child:
        child(args.child, corpus, args)
        return
    meta = corpus / "meta.json"
    wanted = {"size_mb": args.size_mb, "sample_mb": args.presidio_mb, "mix": args.mix}
    if not meta.exists() or any(json.loads(meta.read_text()).get(k) != v for k, v in wanted.items()):
        print(f"generating a {args.size_mb} MB labelled corpus in {corpus} ...", flush=True)
        t0 = time.perf_counter()
        generate(corpus, args.size_mb, args.presidio_mb, mix=args.mix)
        print(f"  done in {time.perf_counter() - t0:.0f} s", flush=True)
    truth = Counter(json.loads((corpus / "truth.json").read_text()))
    sample_truth = Counter(json.loads((corpus / "sample_truth.json").read_text()))
    env = dict(os.environ, KUAJING_HOME=tempfile.mkdtemp())

    def spawn(mode: str) -> dict:
        cmd = [sys.executable, __file__, "--child", mode, "--size-mb", str(args.size_mb),
               "--presidio-mb", str(args.presidio_mb), "--workers", str(args.workers),
               "--corpus-dir", str(corpus), "--mix", args.mix]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
        res = json.loads(out.stdout.strip().splitlines()[-1])
        res["found"] = Counter(res["found"])
        return res

    def median(mode: str) -> dict:
        runs = sorted((spawn(mode) for _ in range(max(args.repeat, 1))), key=lambda r: r["cpu_s"])
        return runs[len(runs) // 2]

    startup = median("kuajing-startup")
    speed = median("kuajing-speed")
    acc = spawn("kuajing-accuracy")
    rows = []
    mb = speed["bytes"] / 1e6
    k_score = score(acc["found"], truth)
    rows.append(("kuajing (counting only)", mb, speed, None))
    rows.append(("kuajing (+ findings file)", mb, acc, k_score))
    if not args.skip_presidio:
        pres = spawn("presidio")
        ksam = spawn("kuajing-sample")
        rows.append(("presidio (pattern-only, sample)", pres["bytes"] / 1e6, pres,
                     score(pres["found"], sample_truth)))
        rows.append(("kuajing (same sample, 1 worker)", ksam["bytes"] / 1e6, ksam,
                     score(ksam["found"], sample_truth)))
    print(f"\ncorpus: {mb:.1f} MB, mix {args.mix} ({corpus}), keyword engine: {speed['engine']}, "
          f"workers: {args.workers}, planted identifiers: {sum(truth.values()):,}; start-up and "
          f"counting only: median CPU of {max(args.repeat, 1)} runs")
    print(f"kuajing start-up (one-line file, {args.workers} workers): {startup['cpu_s']:.2f} CPU s, "
          f"{startup['wall_s']:.2f} s wall, peak {startup['peak_mb']:.0f} MB")
    print(f"{'tool':34s} {'MB':>7s} {'wall s':>7s} {'CPU s':>7s} {'MB/s':>8s} {'MB/s/core':>10s} "
          f"{'precision':>9s} {'recall':>7s} {'peak MB':>8s} {'MB/s/core, again':>17s}")
    for name, size, res, sc in rows:
        prec = f"{sc['precision']:.4f}" if sc else "-"
        rec = f"{sc['recall']:.4f}" if sc else "-"
        net = f"{size / res['warm_cpu_s']:.1f}" if "warm_cpu_s" in res else "-"
        print(f"{name:34s} {size:7.1f} {res['wall_s']:7.2f} {res['cpu_s']:7.2f} {size / res['wall_s']:8.1f} "
              f"{size / res['cpu_s']:10.1f} {prec:>9s} {rec:>7s} {res['peak_mb']:8.0f} {net:>17s}")
    print("\nper entity (kuajing, full corpus): " + json.dumps(k_score["per_entity"]))
    print(f"distinct subjects counted by kuajing: {acc['subjects']:,}")


if __name__ == "__main__":
    main()
