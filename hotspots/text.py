"""Text folding shared by tag extraction, vocabularies and (later) place matching."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

__all__ = ["fold", "fold_series", "per_unique", "slug", "strip_accents"]

_FOLD_TABLE = str.maketrans(
    {
        **{c: "a" for c in "àáâãäåā"},
        **{c: "e" for c in "èéêëē"},
        **{c: "i" for c in "ìíîïī"},
        **{c: "o" for c in "òóôõöø"},
        **{c: "u" for c in "ùúûüū"},
        "ç": "c",
        "ñ": "n",
        "ÿ": "y",
        "œ": "oe",
        "æ": "ae",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def strip_accents(text: str) -> str:
    """``text`` without accents, case kept (``"Épôisses"`` → ``"Epoisses"``)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents (``"Épôisses"`` → ``"epoisses"``)."""
    lowered = text.lower().translate(_FOLD_TABLE)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def per_unique(values: pd.Series, func):
    """``func`` applied to the distinct values of ``values`` only, then spread back.

    ``func`` takes a Series and returns a Series or DataFrame of the same length.
    Input columns repeat a few values (categories, time windows, template texts), so
    this saves most of the work; missing values are treated as ``""``.
    """
    codes, uniques = pd.factorize(values.fillna("").astype(str), sort=False)
    result = func(pd.Series(uniques, dtype=object))
    taken = result.iloc[codes]
    taken.index = values.index
    return taken


def _fold_distinct(values: pd.Series) -> pd.Series:
    return values.map(fold).astype(object)


def fold_series(values: pd.Series) -> pd.Series:
    """Vectorised :func:`fold` for a Series of strings (missing values become ``""``)."""
    return per_unique(values, _fold_distinct)


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Folded text reduced to ``[a-z0-9_]`` (``"Matériel de conditionnement"`` →
    ``"materiel_de_conditionnement"``)."""
    return _NON_SLUG.sub("_", fold(text)).strip("_")
