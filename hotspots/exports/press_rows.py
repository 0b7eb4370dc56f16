"""The rows of a press table: by quartier or by commune, each row a sum of *pieces*
(a quartier, the rest of a commune outside its quartiers, the unlocated) so that
tables of both kinds are protected together (see :mod:`hotspots.release_protection`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hotspots.i18n import translate
from hotspots.release_protection import OUTSIDE
from hotspots.tables import TipTable

__all__ = [
    "KINDS",
    "OTHER_COMMUNES",
    "CommuneRows",
    "grid_of",
    "header",
    "op_pieces",
    "rest_name",
    "tip_pieces",
]


def header(key: str, lang: str) -> str:
    """A column name or row name of the press files (French words in snake case, or
    the English codes with ``lang="en"``), from :mod:`hotspots.i18n`."""
    return translate(f"press_col_{key}", lang)


#: What a press table's rows are: the quartiers (and one row for the rest), or the
#: communes the deployment names (and one row for every other commune).
KINDS = ("district", "commune")

#: The row code of a table by commune that sums every commune it does not name.
OTHER_COMMUNES = "~"


@dataclass(frozen=True)
class CommuneRows:
    """The rows of a table by commune, fixed by the deployment and never by the data (a
    row shown only when a commune had tips would say it had some): the communes named
    (``codes``, ``names``), the others of the area in one row, and each commune's
    districts (its row sums them with its tips in no district)."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    others: tuple[str, ...]
    districts: dict[str, tuple[str, ...]]

    @classmethod
    def of_area(cls, area) -> CommuneRows:
        """The communes an :class:`~hotspots.areas.Area`'s presets name, one row each."""
        codes = area.named_communes()
        named = set(codes)
        districts: dict[str, list[str]] = {}
        for district, commune in zip(area.districts.codes, area.district_communes, strict=True):
            districts.setdefault(commune, []).append(district)
        return cls(
            codes=codes,
            names=tuple(str(area.commune_name(c)) for c in codes),
            others=tuple(c for c in area.communes.codes if c not in named),
            districts={c: tuple(d) for c, d in districts.items() if c},
        )

    def groups(self) -> dict[str, list[str]]:
        """Each row as the pieces it sums (see :mod:`hotspots.release_protection`)."""
        out = {code: [*self.districts.get(code, ()), OUTSIDE + code] for code in self.codes}
        out[OTHER_COMMUNES] = [
            piece for c in self.others for piece in (*self.districts.get(c, ()), OUTSIDE + c)
        ]
        out[""] = [""]
        return out


def rest_name(code: str, kind: str, lang: str) -> str:
    """The name of a row of the rest, in ``lang`` (``""`` for any other row)."""
    if code == "":
        return header("unlocated" if kind == "district" else "no_commune", lang)
    if code == OTHER_COMMUNES and kind == "commune":
        return header("other_communes", lang)
    return ""


def tip_pieces(table: TipTable, kept: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Every piece a tip of ``table`` can be in (its districts, the rest of each of its
    communes, ``""``) and, for each kept tip, the index of its own: its district, else
    the rest of its commune, else ``""``."""
    names = [*table.district_codes, *(OUTSIDE + c for c in table.commune_codes), ""]
    n_districts, n_communes = len(table.district_codes), len(table.commune_codes)
    district = table.district[kept].astype(np.int64)
    commune = table.commune[kept].astype(np.int64)
    rest = np.where(commune >= 0, n_districts + commune, n_districts + n_communes)
    return names, np.where(district >= 0, district, rest)


def op_pieces(ops: pd.DataFrame, codes: list[str]) -> list[str]:
    """The piece of each operation (columns ``district`` and ``commune``)."""
    return [
        d if isinstance(d, str) and d in codes else OUTSIDE + c if isinstance(c, str) else ""
        for d, c in zip(ops["district"], ops["commune"], strict=True)
    ]


def grid_of(rows: np.ndarray, cols: np.ndarray, weights, n_rows: int, n_cols: int) -> np.ndarray:
    keep = (cols >= 0) & (cols < n_cols)
    flat = rows[keep] * n_cols + cols[keep]
    w = None if weights is None else np.asarray(weights, dtype=float)[keep]
    return np.bincount(flat, weights=w, minlength=n_rows * n_cols).reshape(n_rows, n_cols)
