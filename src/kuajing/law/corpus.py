"""Load the law corpus strictly and answer: which article, which number, which value, on a date.

    law = load_law()
    law.resolve("csl:21", date(2026, 3, 1)).cited_as   # 'CSL Art. 23'
    law.value("csl.mlps.log_retention_min", date(2026, 3, 1)).value   # 6

Errors in the corpus are CorpusError with file, line, column and the dotted path.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import CitationError, CorpusError, InputError
from ..findings import ParameterUsed, ProvisionRef
from ..validation import validate_document
from ..yamlsource import load_yaml
from .model import Article, Instrument, Parameter, ParamValue

__all__ = ["Law", "load_law", "DATA_DIR"]

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Resolved:
    instrument: Instrument
    article: Article


class Law:
    """The loaded corpus: instruments by id, articles by citation, parameters by id."""

    def __init__(self, instruments: dict[str, Instrument], parameters: dict[str, Parameter],
                 files: dict[str, str]) -> None:
        self.instruments = instruments
        self.parameters = parameters
        self.files = files  # id -> file the item came from (for messages)
        self._articles = {
            f"{i.id}:{a.key}": Resolved(i, a) for i in instruments.values() for a in i.articles
        }

    # -- provisions ----------------------------------------------------------------------------
    def has(self, cite: str) -> bool:
        return cite in self._articles

    def article(self, cite: str) -> Resolved:
        try:
            return self._articles[cite]
        except KeyError:
            instrument = cite.split(":", 1)[0]
            if instrument not in self.instruments:
                raise CitationError(
                    f"unknown instrument in citation '{cite}'",
                    expected="one of: " + ", ".join(sorted(self.instruments)),
                    found=instrument,
                ) from None
            keys = [a.key for a in self.instruments[instrument].articles]
            number = cite.split(":", 1)[1]
            same = self.carrying_number(instrument, number)
            hint = None
            if same:
                hint = "; ".join(f"Art. {number} of the {label} is {c}" for c, label in same) + \
                    " (citations use the stable key, the article's first number)"
            raise CitationError(
                f"article not in the corpus: '{cite}'",
                expected=f"one of {instrument}: " + ", ".join(keys),
                found=cite,
                hint=hint,
            ) from None

    def carrying_number(self, instrument: str, number: str) -> list[tuple[str, str]]:
        """(citation, version label) of the articles that carry ``number`` in some version of
        ``instrument`` under another key (e.g. Art. 23 of the 2026 CSL text is ``csl:21``)."""
        inst = self.instruments[instrument]
        out = []
        for a in inst.articles:
            for v in inst.versions:
                if a.numbers and a.numbers.get(v.id) == number and a.key != number:
                    out.append((f"{inst.id}:{a.key}", v.label))
        return out

    def version_on(self, instrument: Instrument, on: dt.date):
        """The version of ``instrument`` in force on ``on``, or None."""
        if on < instrument.effective or (instrument.repealed and on >= instrument.repealed):
            return None
        for v in instrument.versions:
            if v.effective <= on and (v.until is None or on <= v.until):
                return v
        return None

    def number_on(self, cite: str, on: dt.date) -> str | None:
        """The article's number in the version in force on ``on``; None if not in force."""
        r = self.article(cite)
        version = self.version_on(r.instrument, on)
        if version is None:
            return None
        if r.article.numbers is None:
            return r.article.key
        return r.article.numbers.get(version.id)

    def in_force(self, cite: str, on: dt.date) -> bool:
        return self.number_on(cite, on) is not None

    def in_force_from(self, cite: str) -> dt.date | None:
        """The first date the article is in force (None if never)."""
        r = self.article(cite)
        for v in r.instrument.versions:
            if r.article.numbers is None or v.id in r.article.numbers:
                return max(v.effective, r.instrument.effective)
        return None

    def resolve(self, cite: str, on: dt.date) -> ProvisionRef:
        """Cite ``cite`` as of ``on``: the number in force then, and the other number if renumbered."""
        r = self.article(cite)
        number = self.number_on(cite, on)
        numbers = set((r.article.numbers or {}).values()) or {r.article.key}
        shown = number or (sorted(numbers, key=_num_key)[0])
        others = sorted(numbers - {shown}, key=_num_key)
        also_numbered = None
        if others:
            also_numbered = "; ".join(
                f"{_label(r.instrument, n)} ({self._label_of_number(r, n)})" for n in others
            )
        return ProvisionRef(
            id=cite,
            instrument=r.instrument.id,
            article=shown,
            cited_as=f"{r.instrument.short.en} {_label(r.instrument, shown)}",
            cited_as_zh=f"《{r.instrument.short.zh}》{_label_zh(r.instrument, shown)}",
            also_numbered=also_numbered,
            title_en=r.article.title.en,
            title_zh=r.article.title.zh,
            in_force=number is not None,
        )

    def _label_of_number(self, r: Resolved, number: str) -> str:
        labels = [v.label for v in r.instrument.versions
                  if (r.article.numbers or {}).get(v.id) == number]
        return "; ".join(labels)

    # -- parameters ----------------------------------------------------------------------------
    def value(self, param_id: str, on: dt.date) -> ParamValue | None:
        """The value of a parameter in force on ``on`` (None if none is)."""
        p = self.param(param_id)
        for v in p.values:
            if v.valid_from <= on and (v.until is None or on <= v.until):
                return v
        return None

    def param(self, param_id: str) -> Parameter:
        try:
            return self.parameters[param_id]
        except KeyError:
            raise CitationError(
                f"unknown parameter '{param_id}'",
                hint="run 'kuajing law params' to list them",
            ) from None

    def used(self, param_id: str, on: dt.date) -> ParameterUsed | None:
        """A ParameterUsed record (value, unit, citation resolved for ``on``) or None."""
        v = self.value(param_id, on)
        if v is None:
            return None
        ref = self.resolve(v.provision, on)
        value = v.value.model_dump() if hasattr(v.value, "model_dump") else v.value
        cited = ref.cited_as + (v.paragraph or "")
        return ParameterUsed(
            id=param_id,
            value=value,
            unit=self.param(param_id).unit,
            provision=v.provision,
            cited_as=cited,
            valid_from=v.valid_from,
            valid_until=v.until,
            confidence=v.confidence,
        )


def _label(instrument: Instrument, number: str) -> str:
    """'Art. 23' for numbered articles, the code for catalogue entries, a clause name otherwise."""
    if number[:1].isdigit():
        return f"Art. {number}"
    if instrument.kind == "catalogue":
        return number
    return f"clause '{number}'"


def _label_zh(instrument: Instrument, number: str) -> str:
    if number[:1].isdigit():
        return f"第{number}条"
    return number if instrument.kind == "catalogue" else f"（{number}）"


def _num_key(n: str):
    digits = "".join(ch for ch in n if ch.isdigit())
    return (int(digits) if digits else 0, n)


# -- loading -------------------------------------------------------------------------------------

def load_law(data_dir: Path | None = None) -> Law:
    """Load and check the corpus. Cached for the bundled corpus."""
    if data_dir is None:
        return _load_bundled()
    return _load(Path(data_dir))


@lru_cache(maxsize=1)
def _load_bundled() -> Law:
    return _load(DATA_DIR)


def _load(data_dir: Path) -> Law:
    instruments: dict[str, Instrument] = {}
    files: dict[str, str] = {}
    for path in sorted((data_dir / "instruments").glob("*.yaml")):
        doc = _doc(path)
        inst = _validate(Instrument, doc)
        if inst.id != path.stem:
            raise CorpusError(
                "instrument id must equal the file name",
                location=doc.location(("id",)), path="id",
                expected=path.stem, found=inst.id,
            )
        _check_instrument(inst, doc)
        instruments[inst.id] = inst
        files[inst.id] = str(path)

    parameters: dict[str, Parameter] = {}
    root = data_dir / "parameters"
    for path in sorted(root.rglob("*.yaml")):
        pid = ".".join(path.relative_to(root).with_suffix("").parts)
        doc = _doc(path)
        param = _validate(Parameter, doc)
        _check_parameter(pid, param, doc)
        parameters[pid] = param
        files[pid] = str(path)

    law = Law(instruments, parameters, files)
    # every parameter value cites an article that is in the corpus
    for pid, param in parameters.items():
        for i, v in enumerate(param.values):
            if not law.has(v.provision):
                doc = _doc(Path(files[pid]))
                raise CorpusError(
                    f"parameter {pid} cites an article that is not in the corpus",
                    location=doc.location(("values", i, "provision")),
                    path=f"{pid}[{v.valid_from}].provision",
                    expected="an instrument:article present in data/instruments",
                    found=v.provision,
                )
    return law


def _doc(path: Path):
    try:
        return load_yaml(path)
    except InputError as exc:
        raise CorpusError(exc.message, location=exc.location, path=exc.path,
                          expected=exc.expected, found=exc.found) from None


def _validate(model, doc):
    try:
        return validate_document(model, doc)
    except InputError as exc:
        raise CorpusError(exc.message, location=exc.location, path=exc.path, expected=exc.expected,
                          found=exc.found, hint=exc.hint, problems=exc.problems) from None


def _check_instrument(inst: Instrument, doc) -> None:
    versions = inst.versions
    ids = [v.id for v in versions]
    for i, v in enumerate(versions):
        if ids.count(v.id) > 1:
            raise CorpusError(f"duplicate version id '{v.id}'", location=doc.location(("versions", i)),
                              path=f"{inst.id}.versions[{i}].id")
        if i > 0:
            prev = versions[i - 1]
            if prev.until is None or prev.until >= v.effective:
                raise CorpusError(
                    "versions overlap or are out of order",
                    location=doc.location(("versions", i, "effective")),
                    path=f"{inst.id}.versions[{i}]",
                    expected=f"a start after the previous version's end ({prev.until})",
                    found=str(v.effective),
                )
    if versions[0].effective != inst.effective:
        raise CorpusError(
            "the first version must start on the instrument's effective date",
            location=doc.location(("versions", 0, "effective")),
            path=f"{inst.id}.versions[0].effective",
            expected=str(inst.effective), found=str(versions[0].effective),
        )
    seen_keys: dict[str, int] = {}
    numbers_by_version: dict[str, dict[str, str]] = {v: {} for v in ids}
    for i, a in enumerate(inst.articles):
        where = doc.location(("articles", i, "key"))
        if a.key in seen_keys:
            raise CorpusError(f"duplicate article '{inst.id}:{a.key}'", location=where,
                              path=f"{inst.id}.articles[{i}].key")
        seen_keys[a.key] = i
        if a.numbers is not None:
            unknown = set(a.numbers) - set(ids)
            if unknown:
                raise CorpusError(
                    "article numbers name a version that does not exist",
                    location=doc.location(("articles", i, "numbers")),
                    path=f"{inst.id}:{a.key}.numbers",
                    expected="one of: " + ", ".join(ids), found=", ".join(sorted(unknown)),
                )
        for vid in ids:
            n = a.key if a.numbers is None else a.numbers.get(vid)
            if n is None:
                continue
            if n in numbers_by_version[vid]:
                raise CorpusError(
                    f"two articles carry number {n} in version '{vid}'",
                    location=where, path=f"{inst.id}:{a.key}",
                    found=f"also {inst.id}:{numbers_by_version[vid][n]}",
                )
            numbers_by_version[vid][n] = a.key


def _check_parameter(pid: str, param: Parameter, doc) -> None:
    for i, v in enumerate(param.values):
        if i == 0:
            continue
        prev = param.values[i - 1]
        if prev.until is None or prev.until >= v.valid_from:
            raise CorpusError(
                "dated values overlap or are out of order",
                location=doc.location(("values", i, "from")),
                path=f"{pid}[{v.valid_from}]",
                expected=f"a start after the previous value's end ({prev.until})",
                found=str(v.valid_from),
            )
