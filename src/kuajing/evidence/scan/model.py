"""The vocabulary of the scanner: PIPL categories, validation results, the format tag.

An occurrence is never kept with its raw value: findings hold offsets, a masked value and keyed
hashes (``kuajing.secrets.subject_hash``) only.
"""

from __future__ import annotations

import enum

__all__ = ["Category", "Validation", "SENSITIVE", "FORMAT_ID"]

#: Version tag of the JSON report and of each JSONL findings line.
FORMAT_ID = "kuajing.scan/1"


class Category(str, enum.Enum):
    """PIPL categories: plain personal information, or a sensitive kind named after PIPL Art. 28."""

    PERSONAL_INFORMATION = "personal_information"
    BIOMETRICS = "biometrics"
    RELIGIOUS_BELIEF = "religious_belief"
    SPECIFIC_IDENTITY = "specific_identity"
    MEDICAL_HEALTH = "medical_health"
    FINANCIAL_ACCOUNT = "financial_account"
    WHEREABOUTS = "whereabouts"
    MINOR_UNDER_14 = "minor_under_14"

    @property
    def sensitive(self) -> bool:
        return self is not Category.PERSONAL_INFORMATION


SENSITIVE = frozenset(c for c in Category if c.sensitive)


class Validation(enum.Enum):
    """What a recognizer's validation said about one candidate."""

    VALID = "valid"
    INVALID = "invalid"
    NOT_CHECKED = "not_checked"  # the format has no check to run (e-mail, name…)
