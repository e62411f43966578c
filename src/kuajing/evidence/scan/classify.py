"""Classification into PIPL categories, including minors under the age set by the law corpus.

The age limit is a law parameter (``pipl.sensitive.minor_age_below``, PIPL Art. 28 ¶2), read
from the corpus for the scan date — never a literal here. Before the parameter is in force (PIPL
took effect on 2021-11-01) no one is classified as a minor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Category

__all__ = ["MinorRule", "minor_rule"]

MINOR_PARAMETER = "pipl.sensitive.minor_age_below"


@dataclass(frozen=True)
class MinorRule:
    """Born after ``born_after`` (exclusive) means younger than ``age_below`` on ``on``."""

    on: dt.date
    age_below: int | None
    provision: str | None

    @property
    def born_after(self) -> dt.date | None:
        if self.age_below is None:
            return None
        year = self.on.year - self.age_below
        try:
            return self.on.replace(year=year)
        except ValueError:  # 29 February
            return dt.date(year, 2, 28)

    def is_minor(self, born: dt.date | None) -> bool:
        limit = self.born_after
        return born is not None and limit is not None and born > limit

    def categories(self, base: Category, born: dt.date | None) -> tuple[Category, ...]:
        return (base, Category.MINOR_UNDER_14) if self.is_minor(born) else (base,)


def minor_rule(on: dt.date) -> MinorRule:
    """The minor rule in force on ``on``, from the law corpus.

    Only the parameter's own dated file is read, with the corpus loader's strict reader and
    checks (schema, ordered periods), so a scan does not pay for loading the whole corpus; the
    corpus' own tests check that its citation names an article of the corpus.
    """
    from ...law import corpus
    from ...law.model import Parameter

    path = corpus.DATA_DIR / "parameters" / (MINOR_PARAMETER.replace(".", "/") + ".yaml")
    doc = corpus._doc(path)
    param = corpus._validate(Parameter, doc)
    corpus._check_parameter(MINOR_PARAMETER, param, doc)
    value = next((v for v in param.values
                  if v.valid_from <= on and (v.until is None or on <= v.until)), None)
    if value is None:
        return MinorRule(on, None, None)
    return MinorRule(on, int(value.value), value.provision)
