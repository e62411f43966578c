"""Bank card numbers."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ..checksums import digits_matrix, luhn_ok, luhn_ok_batch
from ..model import Category, Validation
from .base import TokenRecognizer

__all__ = ["BankCard", "issuer_plausible"]


def issuer_plausible(digits: str) -> bool:
    """The issuer identification number (IIN/BIN) falls in a card-network range for this length.

    UnionPay 62 (16–19 digits) and the 60 domestic debit ranges (16–19), Visa 4 (16, 19),
    Mastercard 51–55 and 2221–2720 (16), JCB 3528–3589 (16–19), American Express 34/37 (15).
    """
    n, p2, p4 = len(digits), int(digits[:2]), int(digits[:4])
    if p2 in (60, 62):
        return 16 <= n <= 19
    if digits[0] == "4":
        return n in (16, 19)
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:
        return n == 16
    if 3528 <= p4 <= 3589:
        return 16 <= n <= 19
    if p2 in (34, 37):
        return n == 15
    return False


class BankCard(TokenRecognizer):
    """Bank card number (银行卡号): debit and credit cards, UnionPay and international networks.

    Legal basis: PIPL Art. 28 (financial accounts are sensitive personal information); card number
    format ISO/IEC 7812-1, UnionPay ranges per China UnionPay (中国银联) rules, issued by the
    People's Bank of China framework (银行卡业务管理办法). Format: 15–19 digits, plain or in groups of
    four (15 digits: American Express, plain); the IIN must fall in a card-network range for the
    length (``issuer_plausible``). Checksum: Luhn.
    Rejected when an order / transaction / tracking word precedes it (order numbers pass Luhn one
    time in ten). Synthetic examples: ``6228480402564890018``, ``6222 0212 3456 7894``.
    """

    entity = "bank_card"
    category = Category.FINANCIAL_ACCOUNT
    legal_basis = "PIPL Art. 28; ISO/IEC 7812-1; 银行卡业务管理办法 (PBOC)"
    rank = 70
    priority = 70
    mask_keep = (6, 4)
    shapes = ("run:15", "run:16-19", "grp:4-4-4-4")
    kernel_check = "bank_card"
    kernel_normal_form = "digits"
    negative_context = ("order_id",)
    context_window = 12
    field_names = ("card_no", "card_number", "bank_card", "银行卡", "银行卡号", "卡号", "信用卡号")

    def normalize(self, raw: str) -> str:
        return raw if raw.isdigit() else "".join(ch for ch in raw if ch.isdigit())

    def validate(self, value: str, on: dt.date) -> Validation:
        d = self.normalize(value)
        ok = 15 <= len(d) <= 19 and issuer_plausible(d) and luhn_ok(d)
        return Validation.VALID if ok else Validation.INVALID

    def validate_batch(self, a, starts, ends, on):
        out = np.zeros(len(starts), dtype=bool)
        if not len(starts):
            return out
        lengths = ends - starts
        grouped = lengths > 19
        for n in range(15, 20):
            idx = np.flatnonzero(lengths == n)
            if not len(idx):
                continue
            d = digits_matrix(a, starts[idx], n)
            plain = ((d >= 0) & (d <= 9)).all(axis=1)
            grouped[idx[~plain]] = True
            idx, d = idx[plain], d[plain]
            p2 = d[:, 0] * 10 + d[:, 1]
            p4 = p2 * 100 + d[:, 2] * 10 + d[:, 3]
            iin = (p2 == 60) | (p2 == 62) | ((p4 >= 3528) & (p4 <= 3589))
            if n == 15:    # American Express only
                iin = (p2 == 34) | (p2 == 37)
            if n in (16, 19):
                iin |= d[:, 0] == 4
            if n == 16:
                iin |= ((p2 >= 51) & (p2 <= 55)) | ((p4 >= 2221) & (p4 <= 2720))
            sel = np.flatnonzero(iin)
            if len(sel):
                ok = luhn_ok_batch(d[sel])
                out[idx[sel[ok]]] = True
        rest = np.flatnonzero(grouped)
        if len(rest):
            out[rest] = super().validate_batch(a, starts[rest], ends[rest], on)
        return out
