"""E-mail addresses."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

from ..model import Category, Validation
from .base import TokenRecognizer

__all__ = ["EmailAddress"]

_EMAIL = re.compile(r"[A-Za-z0-9_%+-][A-Za-z0-9._%+-]{0,62}@(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,}")


class EmailAddress(TokenRecognizer):
    """E-mail address (电子邮件地址).

    Legal basis: PIPL Art. 4 (information relating to an identified or identifiable person);
    GB/T 35273-2020 Annex A lists personal e-mail addresses. Format: the common unquoted subset
    of an RFC 5321 local part, ``@``, a DNS name ending in an alphabetic label of ≥ 2 letters.
    No checksum. Found by anchoring on ``@`` and reading outwards (token shape ``email``,
    vectorised; the shape applies the format checks). Synthetic example: ``zhang.san@example.cn``.
    """

    entity = "email"
    category = Category.PERSONAL_INFORMATION
    legal_basis = "PIPL Art. 4; GB/T 35273-2020 Annex A"
    rank = 50
    priority = 40
    mask_keep = (1, 0)
    shapes = ("email",)
    kernel_check = "shape"
    kernel_normal_form = "lower"
    #: ``mask`` below in compiled form (``kernel.masks``)
    kernel_mask = "email"
    field_names = ("email", "e_mail", "mail", "邮箱", "电子邮箱", "电子邮件")

    def normalize(self, raw: str) -> str:
        return raw.lower()

    def validate(self, value: str, on: dt.date) -> Validation:
        return Validation.VALID if _EMAIL.fullmatch(value) else Validation.INVALID

    def validate_batch(self, a, starts, ends, on):
        return np.ones(len(starts), dtype=bool)   # the ``email`` shape already checked the format

    def mask(self, normalized: str) -> str:
        local, _, domain = normalized.partition("@")
        return local[:1] + "***@" + domain
