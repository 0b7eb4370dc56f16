"""Cells that spreadsheet programs cannot mistake for formulas."""

from __future__ import annotations

import re

__all__ = ["formula_safe"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$")


def formula_safe(value: object) -> str:
    """``value`` as text, prefixed with ``'`` when it could start a formula.

    Plain numbers (``-12,5``) are left as they are: they cannot run anything.
    """
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text
