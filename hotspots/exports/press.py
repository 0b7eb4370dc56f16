"""The press table: district × period counts after disclosure control (every count
goes through :mod:`hotspots.disclosure`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from hotspots import disclosure, roles
from hotspots.exports.periods import ExportError, bucket_first_day, bucket_label
from hotspots.geo import Districts
from hotspots.i18n import translate
from hotspots.tables import OpsTable, TipTable, latest_day

__all__ = ["COLUMNS", "HIDDEN_TEXT", "MEASURES", "PressTable", "header", "press_table"]


MEASURES = ("tips", "exploitable", "operations", "arrests", "seizures_g")


HIDDEN_TEXT = "n.d."


def header(key: str, lang: str) -> str:
    """A column name or row name of the press files (French words in snake case, or
    the English codes with ``lang="en"``), from :mod:`hotspots.i18n`."""
    return translate(f"press_col_{key}", lang)


COLUMNS = ("district", "code", "period", *MEASURES)


# --- the press table --------------------------------------------------------------
@dataclass
class PressTable:
    """Measures per district × period after disclosure control.

    By month or quarter: one calendar year, its periods and a ``Total`` column (the
    year). By year: one column per year (each year's ``Total`` column of its table by
    month), no total across years. The table by quarter keeps the year column of the
    table by month as it is (published cells stay published, hidden ones hidden).
    """

    by: str
    first: int
    last: int
    k: int
    row_codes: list[str]
    row_names: list[str]
    protected: dict[str, disclosure.Protected]  # the columns shown, totals row last
    pending: int  # pending tips of the last year (for the exploitable share)
    latest: date | None
    lang: str = "fr"
    dataset_demo: bool = False

    @property
    def buckets(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    @property
    def period_labels(self) -> list[str]:
        return [bucket_label(b, self.by, self.lang) for b in self.buckets]

    @property
    def column_labels(self) -> list[str]:
        total = [] if self.by == "year" else [header("total_col", self.lang)]
        return [*self.period_labels, *total]

    @property
    def year(self) -> int:
        """The last calendar year of the table (the one the headline speaks of)."""
        return self.last if self.by == "year" else bucket_first_day(self.first, self.by).year

    def text(self, measure: str, r: int, c: int) -> str | int | float:
        """What is published in a cell: the number, ``< k`` or ``n.d.``."""
        p = self.protected[measure]
        status = int(p.status[r, c])
        if status in disclosure.BELOW_K and measure != "seizures_g":
            return f"< {self.k}"
        if status != disclosure.PUBLISHED:
            return HIDDEN_TEXT
        value = p.values[r, c]
        return round(float(value), 1) if measure == "seizures_g" else int(value)

    def total(self, measure: str) -> str | int | float:
        """The city's figure for the (last) year."""
        return self.text(measure, -1, -1)

    def rows(self) -> list[dict]:
        """Long format: one row per district (and all districts) and column, in the
        order of the table."""
        names = [*self.row_names, header("total_row", self.lang)]
        codes = [*self.row_codes, ""]
        out = []
        for r, (name, code) in enumerate(zip(names, codes, strict=True)):
            for c, period in enumerate(self.column_labels):
                row: dict[str, object] = {"district": name, "code": code, "period": period}
                for measure in MEASURES:
                    row[measure] = self.text(measure, r, c)
                out.append(row)
        return out

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.rows())
        return frame.rename(columns={k: header(k, self.lang) for k in COLUMNS})

    def hidden_counts(self) -> dict[str, int]:
        return {m: p.hidden for m, p in self.protected.items()}

    @property
    def scope(self) -> str:
        """What was asked, as the release register names it: the same scope is the
        same published table (whatever the language it is shown in)."""
        return f"district|{self.by}|{self.first}|{self.last}|k{self.k}"

    def to_json(self) -> str:
        """The table as published, for the release register: every cell's value and
        status per measure (hidden cells with their value at release, which only the
        store's own checks read), the rows, the pending tips, the last day of data."""
        return json.dumps(
            {
                "by": self.by,
                "first": self.first,
                "last": self.last,
                "k": self.k,
                "row_codes": self.row_codes,
                "row_names": self.row_names,
                "pending": self.pending,
                "latest": self.latest.isoformat() if self.latest else None,
                "dataset_demo": self.dataset_demo,
                "measures": {
                    m: {"values": p.values.tolist(), "status": p.status.tolist()}
                    for m, p in self.protected.items()
                },
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str, lang: str = "fr") -> PressTable:
        """A table read back from the register, shown in ``lang``."""
        data = json.loads(text)
        k = int(data["k"])
        names = [
            header("unlocated", lang) if code == "" else name
            for code, name in zip(data["row_codes"], data["row_names"], strict=True)
        ]
        return cls(
            by=data["by"],
            first=int(data["first"]),
            last=int(data["last"]),
            k=k,
            row_codes=list(data["row_codes"]),
            row_names=names,
            protected={
                m: disclosure.Protected(
                    np.asarray(cells["values"], dtype=float),
                    np.asarray(cells["status"], dtype=np.int8),
                    k,
                )
                for m, cells in data["measures"].items()
            },
            pending=int(data["pending"]),
            latest=date.fromisoformat(data["latest"]) if data["latest"] else None,
            lang=lang,
            dataset_demo=bool(data["dataset_demo"]),
        )

    def published_cells(self) -> dict[tuple[str, str, str], str | int | float]:
        """Every cell as the public reads it, keyed by (measure, row code, column)."""
        codes = [*self.row_codes, "*"]
        return {
            (measure, code, column): self.text(measure, r, c)
            for measure in MEASURES
            for r, code in enumerate(codes)
            for c, column in enumerate(self.column_labels)
        }


def _grid(rows: np.ndarray, cols: np.ndarray, weights, n_rows: int, n_cols: int) -> np.ndarray:
    keep = (cols >= 0) & (cols < n_cols)
    flat = rows[keep] * n_cols + cols[keep]
    w = None if weights is None else np.asarray(weights, dtype=float)[keep]
    return np.bincount(flat, weights=w, minlength=n_rows * n_cols).reshape(n_rows, n_cols)


def press_table(
    table: TipTable,
    ops: OpsTable,
    districts: Districts,
    by: str,
    first: int,
    last: int,
    k: int,
    role: roles.Role | str | None,
    lang: str = "fr",
) -> PressTable:
    """Tips, exploitable tips, operations, arrests and grams seized per district and
    period (see :func:`bucket_range` for the periods), each year protected as one table
    of its months, quarters and total by primary and secondary suppression."""
    roles.require(role, "press_export")
    if k < 2:
        raise ExportError(f"the suppression threshold k must be at least 2 (got {k})")
    per_year = {"month": 12, "quarter": 4, "year": 1}[by]
    years = list(range(first // per_year, last // per_year + 1))
    codes = list(table.district_codes)
    base = years[0] * 12
    n_months = len(years) * 12
    tip_cols = table.month.astype(np.int64) - base
    tip_rows = np.where(table.district >= 0, table.district, len(codes)).astype(np.int64)
    frame = ops.ops
    op_cols = frame["month"].to_numpy(np.int64) - base
    index = {c: i for i, c in enumerate(codes)}
    op_rows = np.array(
        [index.get(d, len(codes)) if isinstance(d, str) else len(codes) for d in frame["district"]],
        dtype=np.int64,
    )
    grams = ops.seized[ops.seized["unit"] == "g"].groupby("op_key64")["quantity"].sum()
    op_grams = frame["key64"].map(grams).fillna(0.0).to_numpy(float)
    n_rows = len(codes) + 1
    grids = {
        "tips": _grid(tip_rows, tip_cols, None, n_rows, n_months),
        "exploitable": _grid(tip_rows, tip_cols, table.triage == 1, n_rows, n_months),
        "operations": _grid(op_rows, op_cols, None, n_rows, n_months),
        "arrests": _grid(op_rows, op_cols, frame["arrests"].to_numpy(float), n_rows, n_months),
        "seizures_g": _grid(op_rows, op_cols, op_grams, n_rows, n_months),
        "seizing": _grid(op_rows, op_cols, op_grams > 0, n_rows, n_months),
    }
    row_codes = [*codes]
    row_names = [*districts.names] if tuple(districts.codes) == tuple(codes) else [*codes]
    # The row of tips and operations without a district, only when it holds any.
    if grids["tips"][-1].any() or grids["operations"][-1].any():
        row_codes.append("")
        row_names.append(header("unlocated", lang))
    else:
        grids = {m: g[:-1] for m, g in grids.items()}
    last_year = slice((len(years) - 1) * 12, len(years) * 12)
    pending_months = _grid(tip_rows, tip_cols, table.triage == 2, n_rows, n_months)
    pending = int(pending_months[:, last_year].sum())
    by_year: list[dict[str, disclosure.Protected]] = []
    for y in range(len(years)):
        months = {m: g[:, 12 * y : 12 * y + 12] for m, g in grids.items()}
        by_year.append(_protect_table(months, k))
    display: dict[str, disclosure.Protected] = {}
    if by == "month":
        display = by_year[0]
    elif by == "quarter":
        # one year (see bucket_range): its quarters, sharing the month table's year column
        quarters = {m: g[:, :12].reshape(len(g), 4, 3).sum(axis=2) for m, g in grids.items()}
        display = _protect_table(quarters, k, year_column=by_year[0])
    else:
        for measure in MEASURES:
            values = np.column_stack([p[measure].values[:, -1] for p in by_year])
            status = np.column_stack([p[measure].status[:, -1] for p in by_year])
            display[measure] = disclosure.Protected(values, status, k)
    latest = latest_day(table, ops) if (len(table) or len(frame)) else None
    return PressTable(
        by=by,
        first=first,
        last=last,
        k=k,
        row_codes=row_codes,
        row_names=row_names,
        protected={m: display[m] for m in MEASURES},
        pending=pending,
        latest=latest,
        lang=lang,
    )


def _protect_table(
    interior: dict[str, np.ndarray],
    k: int,
    year_column: dict[str, disclosure.Protected] | None = None,
) -> dict[str, disclosure.Protected]:
    """Every measure of one district × period table with its totals, protected.

    ``year_column``: the protected table by month of the same year, whose ``Total``
    column this table shares: its hidden cells stay hidden here and its published cells
    stay published (hiding them would protect nothing)."""
    full = {m: disclosure.with_margins(g) for m, g in interior.items()}

    def fixed(measure: str) -> dict:
        if year_column is None:
            return {}
        year = year_column[measure]
        start = np.zeros(full[measure].shape, dtype=np.int8)
        start[:, -1] = year.status[:, -1]
        frozen = np.zeros(full[measure].shape, dtype=bool)
        frozen[:, -1] = year.status[:, -1] == disclosure.PUBLISHED
        return {"start": start, "frozen": frozen}

    protected = _protect_tips(
        full["tips"].astype(np.int64),
        full["exploitable"].astype(np.int64),
        k,
        fixed("tips"),
        fixed("exploitable"),
    )
    for measure in ("operations", "arrests"):
        protected[measure] = disclosure.protect(full[measure].astype(np.int64), k, **fixed(measure))
    seizing = full["seizing"]
    amounts = np.round(full["seizures_g"], 1)
    # An amount seized by fewer than k operations is hidden; an outsider must not be able
    # to narrow a hidden amount to less than half its value.
    protected["seizures_g"] = disclosure.protect(
        amounts,
        k,
        primary=(seizing >= 1) & (seizing <= k - 1),
        counts=False,
        min_width=np.maximum(amounts.ravel() * 0.5, 1.0),
        **fixed("seizures_g"),
    )
    return protected


def _protect_tips(
    tips: np.ndarray, exploitable: np.ndarray, k: int, tips_fixed: dict, expl_fixed: dict
) -> dict[str, disclosure.Protected]:
    """Tips and exploitable tips, protected together: a published exploitable count is a
    floor for the tips of its cell, a published tips count a ceiling for the exploitable
    ones."""
    expl = disclosure.protect(exploitable, k, **expl_fixed)
    all_tips = disclosure.protect(tips, k, extra_bounds=_floors(expl), **tips_fixed)
    frozen_expl = expl_fixed.get("frozen")
    frozen_tips = tips_fixed.get("frozen")
    for _ in range(5):
        again = disclosure.protect(
            exploitable, k, start=expl.status, extra_bounds=_ceilings(all_tips),
            frozen=frozen_expl,
        )  # fmt: skip
        if np.array_equal(again.status, expl.status):
            break
        expl = again
        all_tips = disclosure.protect(
            tips, k, start=all_tips.status, extra_bounds=_floors(expl), frozen=frozen_tips
        )
    return {"tips": all_tips, "exploitable": expl}


def _floors(p: disclosure.Protected) -> dict[int, tuple[float | None, float | None]]:
    flat = p.values.ravel()
    return {
        int(i): (float(flat[i]), None)
        for i in np.flatnonzero(p.status.ravel() == disclosure.PUBLISHED)
    }


def _ceilings(p: disclosure.Protected) -> dict[int, tuple[float | None, float | None]]:
    flat = p.values.ravel()
    return {
        int(i): (None, float(flat[i]))
        for i in np.flatnonzero(p.status.ravel() == disclosure.PUBLISHED)
    }
