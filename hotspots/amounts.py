"""Seizures and sums of money in words, as the pages and the briefing sheet write them."""

from __future__ import annotations

from hotspots.i18n import format_int, format_number, has_text, translate

__all__ = ["euros", "quantity_text", "substance_label"]


def substance_label(code: str, lang: str) -> str:
    """A seizure's name in the user's language; names outside the list stay as recorded."""
    key = f"substance_{code}"
    return translate(key, lang) if has_text(key) else str(code)


def quantity_text(quantity: float, unit: str, lang: str) -> str:
    if unit == "g" and quantity >= 1000:
        return f"{format_number(quantity / 1000, lang, 2)}\u202fkg"
    word = "g" if unit == "g" else translate("unit_pieces", lang)
    return f"{format_number(quantity, lang, 0)}\u202f{word}"


def euros(value: float, lang: str) -> str:
    amount = format_int(round(value), lang)
    return f"{amount}\u202f€" if lang == "fr" else f"€{amount}"
