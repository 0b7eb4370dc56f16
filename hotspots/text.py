"""Text folding shared by tag extraction, vocabularies and (later) place matching."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

__all__ = ["fold", "fold_series", "slug"]

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


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents (``"Épôisses"`` → ``"epoisses"``)."""
    lowered = text.lower().translate(_FOLD_TABLE)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_series(values: pd.Series) -> pd.Series:
    """Vectorised :func:`fold` for a Series of strings (missing values become ``""``)."""
    text = values.fillna("").astype(str).str.lower().str.translate(_FOLD_TABLE)
    non_ascii = ~text.map(str.isascii)
    if non_ascii.any():
        text.loc[non_ascii] = text.loc[non_ascii].map(fold)
    return text


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Folded text reduced to ``[a-z0-9_]`` (``"Matériel de conditionnement"`` →
    ``"materiel_de_conditionnement"``)."""
    return _NON_SLUG.sub("_", fold(text)).strip("_")
