"""Exports: press tables after disclosure control (CSV, XLSX, GeoJSON, PDF sheet) and
analyst files for GIS tools (hexagons as GeoJSON / GeoPackage, aggregates as CSV).

Press tables are district × calendar month, quarter or year, over whole buckets that
have ended: never free dates, so two exports cannot be subtracted to isolate a handful
of tips. Every count goes through :mod:`hotspots.disclosure`.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from hotspots import disclosure, roles
from hotspots.csv_safety import formula_safe
from hotspots.figures import hex_counts, to_safe_csv
from hotspots.filters import Filters
from hotspots.geo import Districts
from hotspots.periods import month_index, month_start
from hotspots.tables import OpsTable, TipTable, latest_day

__all__ = [
    "BUCKETS",
    "ExportError",
    "PressTable",
    "analyst_hex_frame",
    "bucket_range",
    "city_name",
    "press_table",
    "write_analyst",
    "write_press",
]

BUCKETS = ("month", "quarter", "year")
PRESS_FORMATS = ("csv", "xlsx", "geojson", "pdf")
ANALYST_FORMATS = ("geojson", "gpkg", "csv")
MEASURES = ("tips", "exploitable", "operations", "arrests", "seizures_g")
HIDDEN_TEXT = "n.d."

_HEADERS = {
    "fr": {
        "district": "quartier",
        "code": "code",
        "period": "période",
        "tips": "signalements",
        "exploitable": "signalements_exploitables",
        "operations": "opérations",
        "arrests": "interpellations",
        "seizures_g": "saisies_g",
        "total_row": "Ensemble",
        "total_col": "Total",
        "unlocated": "Non localisé",
    },
    "en": {
        "district": "district",
        "code": "code",
        "period": "period",
        "tips": "tips",
        "exploitable": "exploitable_tips",
        "operations": "operations",
        "arrests": "arrests",
        "seizures_g": "seizures_g",
        "total_row": "All districts",
        "total_col": "Total",
        "unlocated": "Not located",
    },
}

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


class ExportError(ValueError):
    """An export cannot be made as asked; the message says why and what to do."""


# --- calendar buckets -------------------------------------------------------------
def bucket_of_month(month: np.ndarray | int, by: str) -> np.ndarray | int:
    """Bucket number of a month number (``year * 12 + month - 1``)."""
    return {"month": month, "quarter": month // 3, "year": month // 12}[by]


def bucket_label(bucket: int, by: str, lang: str = "fr") -> str:
    if by == "month":
        return month_start(bucket).strftime("%Y-%m")
    if by == "quarter":
        return f"{bucket // 4}-{'T' if lang == 'fr' else 'Q'}{bucket % 4 + 1}"
    return f"{bucket:04d}"


def bucket_first_day(bucket: int, by: str) -> date:
    month = {"month": bucket, "quarter": bucket * 3, "year": bucket * 12}[by]
    return month_start(month)


def bucket_last_day(bucket: int, by: str) -> date:
    month = {"month": bucket, "quarter": bucket * 3 + 2, "year": bucket * 12 + 11}[by]
    year, m = month // 12, month % 12 + 1
    return date(year, m, calendar.monthrange(year, m)[1])


def parse_bucket(text: str, by: str, end: bool) -> int:
    """A bucket from ``2025``, ``2025-T2``/``2025-Q2``, ``2025-03`` or an ISO date that
    starts (``--from``) or ends (``--to``) a bucket."""
    text = text.strip()
    month: int | None = None
    if m := re.fullmatch(r"(\d{4})", text):
        year = int(m.group(1))
        month = year * 12 + (11 if end else 0)
    elif m := re.fullmatch(r"(\d{4})-[TQtq]([1-4])", text):
        first = int(m.group(1)) * 12 + (int(m.group(2)) - 1) * 3
        month = first + (2 if end else 0)
    elif m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        month = int(m.group(1)) * 12 + int(m.group(2)) - 1
    else:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ExportError(
                f"period {text!r} is not understood: use 2025, 2025-T1, 2025-03 or a date"
            ) from None
        month = month_index(day)
        bucket = int(bucket_of_month(month, by))
        wanted = bucket_last_day(bucket, by) if end else bucket_first_day(bucket, by)
        if day != wanted:
            raise ExportError(
                f"press exports cover whole calendar {by}s: {text} is inside "
                f"{bucket_label(bucket, by)}; use {wanted.isoformat()} (free dates would let "
                "two exports be subtracted to isolate a few tips)"
            )
        return bucket
    bucket = int(bucket_of_month(month, by))
    edge = bucket_last_day(bucket, by) if end else bucket_first_day(bucket, by)
    edge_month = month_index(edge)
    if edge_month != month:
        raise ExportError(
            f"{text!r} does not {'end' if end else 'start'} a calendar {by}: "
            f"use {bucket_label(bucket, by)}"
        )
    return bucket


def bucket_range(
    table: TipTable,
    ops: OpsTable,
    by: str,
    today: date,
    start: str | None = None,
    end: str | None = None,
) -> tuple[int, int]:
    """First and last bucket of a press table.

    Tables by month or quarter cover one whole calendar year that has ended (by
    default the latest one holding data); tables by year cover ended years (by default
    all those holding data). Fixed ranges keep two tables from being subtracted: a
    table from March to June beside one from March to July would give July's hidden
    cells away through the row totals.
    """
    if by not in BUCKETS:
        raise ExportError(f"unknown period {by!r}: use one of {', '.join(BUCKETS)}")
    last_ended_year = today.year - 1
    months = np.concatenate([table.month, ops.ops["month"].to_numpy(dtype=np.int32)])
    data_years = (int(months.min()) // 12, int(months.max()) // 12) if len(months) else None
    first_year = _year_of(start, by, end=False) if start else None
    last_year = _year_of(end, by, end=True) if end else None
    if by in ("month", "quarter"):
        year = first_year if first_year is not None else last_year
        if year is None:
            year = min(data_years[1], last_ended_year) if data_years else last_ended_year
            if data_years and year < data_years[0]:
                raise ExportError(
                    f"no calendar year holding data has ended yet (first: {data_years[0]})"
                )
        if (first_year, last_year) != (year, year) and None not in (first_year, last_year):
            raise ExportError(
                f"a press table by {by} covers one whole calendar year: use --from {year} "
                f"--to {year} (or {year}-01 … {year}-12)"
            )
        first_year = last_year = year
    else:
        if first_year is None:
            first_year = data_years[0] if data_years else last_ended_year
        if last_year is None:
            last_year = min(data_years[1], last_ended_year) if data_years else last_ended_year
    if last_year > last_ended_year:
        raise ExportError(
            f"{last_year} has not ended yet: press tables hold only ended calendar years "
            f"(last: {last_ended_year})"
        )
    if first_year > last_year:
        raise ExportError(f"no ended calendar year between {first_year} and {last_year}")
    if last_year - first_year >= 30:
        raise ExportError("a press table by year holds at most 30 years: narrow --from/--to")
    per_year = {"month": 12, "quarter": 4, "year": 1}[by]
    return first_year * per_year, last_year * per_year + per_year - 1


def _year_of(text: str, by: str, end: bool) -> int:
    """The calendar year a ``--from``/``--to`` value names; for tables by month or
    quarter it must be the year's first (``--from``) or last (``--to``) period."""
    bucket = parse_bucket(text, "month" if by == "month" else by, end=end)
    month = {"month": bucket, "quarter": bucket * 3, "year": bucket * 12}[by]
    year = month // 12
    if by != "year":
        edge = (year * 12 + 11) if end else year * 12
        edge_bucket = bucket_of_month(edge, by)
        if bucket != edge_bucket:
            raise ExportError(
                f"a press table by {by} covers one whole calendar year: {text!r} is inside "
                f"{year}; use {year}"
            )
    return year


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
        total = [] if self.by == "year" else [_HEADERS[self.lang]["total_col"]]
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
        h = _HEADERS[self.lang]
        names = [*self.row_names, h["total_row"]]
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
        h = _HEADERS[self.lang]
        frame = pd.DataFrame(self.rows())
        return frame.rename(columns={k: h[k] for k in ("district", "code", "period", *MEASURES)})

    def hidden_counts(self) -> dict[str, int]:
        return {m: p.hidden for m, p in self.protected.items()}


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
        row_names.append(_HEADERS[lang]["unlocated"])
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


# --- writing press files ----------------------------------------------------------
def decimal_text(value: object) -> object:
    """A float with a decimal comma (``1,5``; ``950`` when whole); anything else as is."""
    if isinstance(value, float):
        text = f"{value:.1f}".replace(".", ",")
        return text[:-2] if text.endswith(",0") else text
    return value


def press_csv(press: PressTable) -> bytes:
    """UTF-8 with BOM, ``;``, decimal comma; no cell can start a formula."""
    frame = press.frame()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([formula_safe(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow([formula_safe(decimal_text(v)) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def rules_text(press: PressTable) -> list[str]:
    k = press.k
    if press.lang == "en":
        return [
            "Disclosure control",
            f"Counts from 1 to {k - 1} are not published: they read « < {k} ».",
            f"Further cells are hidden so that no hidden cell can be worked out from the "
            f"totals: a hidden zero reads « < {k} », a hidden count of {k} or more « n.d. ».",
            f"Seized amounts coming from fewer than {k} operations are hidden (« n.d. »).",
            "Only whole calendar periods that have ended are published.",
            "Checked by linear programming: from the published figures, every hidden cell "
            "can still take at least two values.",
        ]
    return [
        "Règles de secret statistique",
        f"Les effectifs de 1 à {k - 1} ne sont pas publiés : ils sont notés « < {k} ».",
        "D'autres cases sont masquées pour qu'aucune case masquée ne puisse être "
        f"recalculée à partir des totaux : un zéro masqué est noté « < {k} », un effectif "
        f"de {k} ou plus masqué est noté « n.d. » (non diffusé).",
        f"Les quantités saisies provenant de moins de {k} opérations sont masquées (« n.d. »).",
        "Seules des périodes calendaires entières et révolues sont publiées.",
        "Vérifié par programmation linéaire : à partir des chiffres publiés, chaque case "
        "masquée peut encore prendre au moins deux valeurs.",
    ]


def press_xlsx(press: PressTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Données" if press.lang == "fr" else "Data"
    frame = press.frame()
    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in frame.itertuples(index=False):
        sheet.append([None] * len(values))
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=sheet.max_row, column=column)
            cell.value = value
            if isinstance(value, str):
                # A text cell stays text, whatever it starts with (never a formula).
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    rules = book.create_sheet("Règles" if press.lang == "fr" else "Rules")
    for line in rules_text(press):
        rules.append([line])
        rules.cell(row=rules.max_row, column=1).data_type = "s"
    rules["A1"].font = Font(bold=True)
    rules.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def press_geojson(press: PressTable, districts: Districts) -> bytes:
    """One feature per district and period (district geometry), each measure a number
    or null with its label in ``<measure>_label``."""
    import geopandas as gpd

    polygons = dict(zip(districts.codes, districts.polygons, strict=True))
    records, shapes = [], []
    periods = press.column_labels
    for r, code in enumerate(press.row_codes):
        if code not in polygons:
            continue
        for c, period in enumerate(periods):
            record: dict[str, object] = {
                "district": press.row_names[r],
                "code": code,
                "period": period,
            }
            for measure in MEASURES:
                text = press.text(measure, r, c)
                record[measure] = None if isinstance(text, str) else float(text)
                record[f"{measure}_label"] = text if isinstance(text, str) else ""
            records.append(record)
            shapes.append(polygons[code])
    frame = gpd.GeoDataFrame(records, geometry=shapes, crs="EPSG:4326")
    buffer = io.BytesIO()
    frame.to_file(buffer, driver="GeoJSON", engine="pyogrio")
    return buffer.getvalue()


def _day_fr(d: date) -> str:
    return f"{'1er' if d.day == 1 else d.day} {MONTHS_FR[d.month - 1]} {d.year}"


def _share_words(share: float) -> str:
    for value, words in (
        (1 / 4, "un quart"),
        (1 / 3, "un tiers"),
        (1 / 2, "la moitié"),
        (2 / 3, "deux tiers"),
        (3 / 4, "trois quarts"),
    ):
        if abs(share - value) <= 0.02:
            return words
    return f"{round(share * 100)} %"


def key_sentence(press: PressTable) -> str:
    """The headline sentence of the press sheet, from published figures only."""
    start, end = date(press.year, 1, 1), date(press.year, 12, 31)
    total = press.total("tips")
    since = press.latest is None or press.latest <= end
    opening = f"Depuis le {_day_fr(start)}" if since else f"Du {_day_fr(start)} au {_day_fr(end)}"
    if total == f"< {press.k}":
        return f"{opening}, moins de {press.k} signalements ont été reçus."
    if isinstance(total, str):
        return f"{opening}, le nombre de signalements reçus n'est pas diffusé."
    per_month = round(total / 12)
    sentence = f"{opening}, {total} signalements ont été reçus, soit environ {per_month} par mois"
    exploitable = press.total("exploitable")
    triaged = total - press.pending
    if isinstance(exploitable, int) and triaged > 0:
        sentence += f" ; {_share_words(exploitable / triaged)} ont été jugés exploitables"
    return sentence + "."


def press_pdf(press: PressTable, districts: Districts, city: str) -> bytes:
    """A one-page A4 press sheet in French, drawn offline with matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.patches import Polygon as PatchPolygon
    from matplotlib.ticker import MaxNLocator

    # Names from boundary files are text, never TeX: no mathtext parsing of "$…$".
    plt.rcParams.update(
        {"pdf.fonttype": 42, "font.family": "DejaVu Sans", "text.parse_math": False}
    )
    fig = plt.figure(figsize=(8.27, 11.69))
    start = bucket_first_day(press.first, press.by)
    end = bucket_last_day(press.last, press.by)
    fig.text(0.07, 0.955, f"Signalements de trafic de stupéfiants — {city}", size=15, weight="bold")
    fig.text(
        0.07, 0.93, f"Période : du {_day_fr(start)} au {_day_fr(end)}", size=10, color="#444444"
    )
    if press.dataset_demo:
        fig.text(0.07, 0.905, "DONNÉES FICTIVES — démonstration", size=10, color="#b00020")
    fig.text(0.07, 0.87, _wrap(key_sentence(press), 95), size=11, va="top")

    chart = fig.add_axes((0.09, 0.56, 0.84, 0.22))
    labels = press.period_labels
    values, notes = [], []
    for c in range(len(labels)):
        text = press.text("tips", -1, c)
        values.append(0 if isinstance(text, str) else text)
        notes.append(text if isinstance(text, str) else "")
    positions = np.arange(len(labels))
    chart.bar(positions, values, color="#1f3a5f")
    for x, note in zip(positions, notes, strict=True):
        if note:
            chart.text(float(x), 0.2, note, ha="center", va="bottom", size=7, rotation=90)
    short = [_short_label(lbl, press.by) for lbl in labels]
    chart.set_xticks(positions, short, size=7, rotation=0 if len(labels) <= 12 else 90)
    chart.set_title("Signalements reçus par période", size=10, loc="left")
    chart.spines[["top", "right"]].set_visible(False)
    chart.yaxis.set_major_locator(MaxNLocator(integer=True))

    area = fig.add_axes((0.05, 0.19, 0.5, 0.32))
    area.set_title("Signalements par quartier", size=10, loc="left")
    index = {code: r for r, code in enumerate(press.row_codes)}
    published = [
        float(value)
        for c in districts.codes
        if c in index and not isinstance(value := press.text("tips", index[c], -1), str)
    ]
    top = max(published, default=1) or 1
    cmap = plt.get_cmap("Oranges")
    for code, name, polygon in zip(
        districts.codes, districts.names, districts.polygons, strict=True
    ):
        value = press.text("tips", index[code], -1) if code in index else 0
        hidden = isinstance(value, str)
        colour = "#dddddd" if isinstance(value, str) else cmap(0.15 + 0.85 * value / top)
        for part in getattr(polygon, "geoms", [polygon]):
            xy = np.asarray(part.exterior.coords)
            area.add_patch(
                PatchPolygon(
                    xy,
                    closed=True,
                    facecolor=colour,
                    edgecolor="white",
                    hatch="///" if hidden else None,
                    linewidth=0.6,
                )
            )
        centre = polygon.representative_point()
        area.text(centre.x, centre.y, f"{name}\n{value}", size=5.5, ha="center", va="center")
    minx, miny, maxx, maxy = np.array([p.bounds for p in districts.polygons]).T
    area.set_xlim(minx.min(), maxx.max())
    area.set_ylim(miny.min(), maxy.max())
    area.set_aspect(1 / np.cos(np.radians((miny.min() + maxy.max()) / 2)))
    area.axis("off")

    results = [
        "Résultats des opérations",
        f"Opérations : {press.total('operations')}",
        f"Interpellations : {press.total('arrests')}",
        f"Saisies (grammes) : {decimal_text(press.total('seizures_g'))}",
    ]
    fig.text(0.6, 0.5, results[0], size=10, weight="bold", va="top")
    fig.text(0.6, 0.47, "\n".join(results[1:]), size=10, va="top", linespacing=1.7)
    note = " ".join(rules_text(press)[1:])
    fig.text(0.07, 0.16, _wrap(note, 110), size=7.5, va="top", color="#333333")
    made = datetime.now(UTC).date().isoformat()
    fig.text(0.07, 0.03, f"Document établi le {made}. Hotspots.", size=7, color="#666666")
    buffer = io.BytesIO()
    with PdfPages(
        buffer, metadata={"Title": f"Signalements — {city}", "Creator": "Hotspots"}
    ) as pdf:
        pdf.savefig(fig)
    plt.close(fig)
    return buffer.getvalue()


MONTHS_SHORT_FR = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip


def _short_label(label: str, by: str) -> str:
    if by == "month":
        return MONTHS_SHORT_FR[int(label[5:7]) - 1]
    return label


def city_name(settings) -> str:
    """The commune's name from ``geodata/commune.geojson`` (another city, another
    folder)."""
    path = Path(settings.geodata_dir) / "commune.geojson"
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        return str(features[0]["properties"].get("name") or "")
    except (OSError, ValueError, KeyError, IndexError):
        return ""


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def write_press(press: PressTable, fmt: str, districts: Districts, city: str) -> bytes:
    if fmt == "csv":
        return press_csv(press)
    if fmt == "xlsx":
        return press_xlsx(press)
    if fmt == "geojson":
        return press_geojson(press, districts)
    if fmt == "pdf":
        return press_pdf(press, districts, city)
    raise ExportError(f"unknown press format {fmt!r}: use one of {', '.join(PRESS_FORMATS)}")


# --- analyst exports --------------------------------------------------------------
def analyst_hex_frame(
    table: TipTable,
    f: Filters,
    latest: date,
    resolution: int,
    districts: Districts,
    role: roles.Role | str | None,
):
    """Hexagons with their counts at the active filters, as a GeoDataFrame (WGS84)."""
    import geopandas as gpd
    import h3
    import shapely

    roles.require(role, "analyst_export")
    counts = hex_counts(table, f, latest, resolution, districts, role=role)
    polygons = [
        shapely.Polygon([(lon, lat) for lat, lon in h3.cell_to_boundary(cell)])
        for cell in counts["cell"]
    ]
    frame = counts.rename(columns={"cell": "h3"}).astype(
        {"count": int, "peak_hour": int, "h3": str}
    )
    frame["district"] = frame["district"].astype(object).where(frame["district"].notna(), None)
    frame["resolution"] = resolution
    return gpd.GeoDataFrame(frame, geometry=polygons, crs="EPSG:4326")


def write_analyst(frame, fmt: str, path: Path | None = None) -> bytes:
    """Hexagons as GeoJSON, GeoPackage (layer ``hexagons``) or CSV (with the cell id)."""
    if fmt == "csv":
        return to_safe_csv(pd.DataFrame(frame.drop(columns="geometry")))
    if fmt not in ("geojson", "gpkg"):
        raise ExportError(
            f"unknown analyst format {fmt!r}: use one of {', '.join(ANALYST_FORMATS)}"
        )
    if fmt == "geojson":
        buffer = io.BytesIO()
        frame.to_file(buffer, driver="GeoJSON", engine="pyogrio")
        return buffer.getvalue()
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "hexagons.gpkg"
        frame.to_file(target, driver="GPKG", layer="hexagons", engine="pyogrio")
        return target.read_bytes()
