"""Masking: the only form in which a value found by the scanner is ever shown or stored.

``mask_keep(value, first, last)`` keeps at most ``first`` leading and ``last`` trailing characters
and replaces every other character by ``*``; at least ``required_hidden(len(value))`` characters
are always hidden (a third of the value, and at least 4 or half of it), so fewer are kept from a
short value and a value is never shown whole: ``110101********123X``, ``138****5678``, ``张*``.
"""

from __future__ import annotations

__all__ = ["mask_keep", "revealed", "required_hidden"]


def required_hidden(n: int) -> int:
    """How many of ``n`` characters a mask must hide at least."""
    return max(-(-n // 3), min(4, -(-n // 2)))


def mask_keep(value: str, first: int, last: int) -> str:
    n = len(value)
    if n == 0:
        return ""
    while n - first - last < required_hidden(n) and (first or last):
        if first >= last and first:
            first -= 1
        else:
            last -= 1
    hidden = n - first - last
    return value[:first] + "*" * hidden + (value[n - last:] if last else "")


def revealed(masked: str) -> int:
    """How many characters a masked value shows (everything but ``*`` and separators)."""
    return sum(1 for ch in masked if ch not in "*.:@,")
