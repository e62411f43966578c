"""Schema of the law corpus files: instruments (with versions and articles) and parameters.

One YAML file per instrument under ``data/instruments/<id>.yaml``; one YAML file per parameter
under ``data/parameters/<area>/.../<name>.yaml`` (the dotted path is the parameter's id).
Every model forbids unknown keys so a typo in the corpus fails loudly.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "Text",
    "Confidence",
    "Version",
    "Article",
    "Instrument",
    "Range",
    "ParamValue",
    "Parameter",
    "UNITS",
]

Confidence = Literal["HIGH", "MEDIUM-HIGH", "MEDIUM", "LOW-MEDIUM", "LOW"]

#: The unit registry. A parameter whose unit is not here is refused by the loader.
UNITS = {
    "months": "months",
    "years": "years",
    "days": "calendar days",
    "working_days": "working days (PRC calendar, adjusted working weekends included)",
    "hours": "hours",
    "individuals": "distinct natural persons",
    "users": "users",
    "rmb": "RMB",
    "multiple": "times a base amount (illegal gains, purchase amount)",
    "percent": "percent",
    "age_years": "years of age",
    "date": "a calendar date",
    "person_times": "person-times",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """The same short text in English and Chinese. Our own words, never the statute's."""

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)


class Version(_Strict):
    """One text of an instrument, in force over a period (amendments make new versions)."""

    id: str
    label: str
    adopted: dt.date | None = None
    effective: dt.date
    until: dt.date | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Version":
        if self.until is not None and self.until < self.effective:
            raise ValueError(f"version '{self.id}' ends ({self.until}) before it starts ({self.effective})")
        return self


class Article(_Strict):
    """An article our rules use. ``key`` is the stable citation (``csl:21``).

    ``numbers`` maps version id to the article's number in that version; an article missing
    from a version is not in force while that version is. When omitted the article keeps its key
    as number in every version.
    """

    key: str
    numbers: dict[str, str] | None = None
    title: Text
    summary: Text
    topics: list[str] = Field(min_length=1)
    confidence: Confidence
    note: str | None = None


class Instrument(_Strict):
    """A law, regulation, rule, notice, catalogue or judicial interpretation."""

    id: str
    short: Text
    name: Text
    kind: Literal[
        "law",
        "administrative_regulation",
        "departmental_rule",
        "normative_document",
        "catalogue",
        "judicial_interpretation",
    ]
    issuer: Text
    document_number: str | None = None
    promulgated: dt.date
    effective: dt.date
    repealed: dt.date | None = None
    confidence: Confidence
    sources: list[str] = Field(min_length=1)
    note: str | None = None
    versions: list[Version] = Field(min_length=1)
    articles: list[Article] = Field(min_length=1)


class Range(_Strict):
    """A closed range of amounts (a fine band). ``max`` may be open (``null``) for 'at least'."""

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Range":
        if self.min is None and self.max is None:
            raise ValueError("a range needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"range min {self.min} is above max {self.max}")
        return self


class ParamValue(_Strict):
    """One dated value of a parameter, with its own citation."""

    valid_from: dt.date = Field(alias="from")
    until: dt.date | None = None
    value: Union[int, float, Range, dt.date]
    provision: str = Field(description="instrument:article, e.g. csl:21")
    paragraph: str | None = None
    confidence: Confidence
    source: str
    note: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("provision")
    @classmethod
    def _cite_shape(cls, v: str) -> str:
        if ":" not in v or not v.split(":", 1)[1]:
            raise ValueError("a provision is written instrument:article, e.g. csl:21")
        return v

    @model_validator(mode="after")
    def _ordered(self) -> "ParamValue":
        if self.until is not None and self.until < self.valid_from:
            raise ValueError(f"value ends ({self.until}) before it starts ({self.valid_from})")
        return self


class Parameter(_Strict):
    """A number of the law (retention period, fine band, threshold) with dated values."""

    description: Text
    unit: str
    last_verified: dt.date
    values: list[ParamValue] = Field(min_length=1)

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str) -> str:
        if v not in UNITS:
            raise ValueError(f"unit '{v}' is not in the unit registry ({', '.join(sorted(UNITS))})")
        return v
