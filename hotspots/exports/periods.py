"""Press periods: calendar months, quarters and years as bucket numbers, and the range
of whole ended years a press table may cover (never free dates: two tables that
could be subtracted would give hidden cells away)."""

from __future__ import annotations

import calendar
import re
from datetime import date

import numpy as np

from hotspots.periods import month_index, month_start
from hotspots.tables import OpsTable, TipTable

__all__ = [
    "BUCKETS",
    "ExportError",
    "UnprotectableRelease",
    "bucket_first_day",
    "bucket_label",
    "bucket_last_day",
    "bucket_of_month",
    "bucket_range",
    "column_spans",
    "period_columns",
    "data_year_span",
    "parse_bucket",
    "press_period",
]


BUCKETS = ("month", "quarter", "year", "ytd")


class ExportError(ValueError):
    """An export cannot be made as asked; the message says why and what to do."""


class UnprotectableRelease(ExportError):
    """A press table that cannot be protected read with everything published before:
    ``coarser`` names the cutting to publish instead (``None``: none coarser);
    ``reason`` why: ``"leak"`` (hidden cells could be worked out), ``"hidden"`` (it
    would be mostly hidden), ``"long"`` (the search for cells to hide ran too long)."""

    def __init__(self, message: str, coarser: str | None, reason: str = "leak"):
        super().__init__(message)
        self.coarser = coarser
        self.reason = reason


# --- calendar buckets -------------------------------------------------------------
def bucket_of_month(month: np.ndarray | int, by: str) -> np.ndarray | int:
    """Bucket number of a month number (``year * 12 + month - 1``); the year so far
    (``ytd``) counts in months."""
    return {"month": month, "ytd": month, "quarter": month // 3, "year": month // 12}[by]


def bucket_label(bucket: int, by: str, lang: str = "fr") -> str:
    if by in ("month", "ytd"):
        return month_start(bucket).strftime("%Y-%m")
    if by == "quarter":
        return f"{bucket // 4}-{'T' if lang == 'fr' else 'Q'}{bucket % 4 + 1}"
    return f"{bucket:04d}"


def bucket_first_day(bucket: int, by: str) -> date:
    month = {"month": bucket, "ytd": bucket, "quarter": bucket * 3, "year": bucket * 12}[by]
    return month_start(month)


def bucket_last_day(bucket: int, by: str) -> date:
    month = {"month": bucket, "ytd": bucket, "quarter": bucket * 3 + 2, "year": bucket * 12 + 11}[
        by
    ]
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


def data_year_span(table: TipTable, ops: OpsTable) -> tuple[int, int] | None:
    """The first and last calendar year holding a tip or an operation (``None``: none)."""
    months = np.concatenate([table.month, ops.ops["month"].to_numpy(dtype=np.int32)])
    return (int(months.min()) // 12, int(months.max()) // 12) if len(months) else None


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
    data_years = data_year_span(table, ops)
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


def press_period(
    table: TipTable,
    ops: OpsTable,
    by: str,
    today: date,
    start: str | None = None,
    end: str | None = None,
) -> tuple[int, int, date | None]:
    """First and last bucket of a press table, and the last day it covers when its year
    has not ended (``None``: whole ended periods, see :func:`bucket_range`).

    The current year is published as the year so far: by month or quarter up to the
    current one (which counts to ``today``), or as one column (``ytd``). Each is a new
    release every day it is asked for, protected with every earlier one.
    """
    if by not in BUCKETS:
        raise ExportError(f"unknown period {by!r}: use one of {', '.join(BUCKETS)}")
    asked = start or end
    year = int(asked[:4]) if asked and re.match(r"\d{4}", asked) else None
    if year is None and by != "year":
        span = data_year_span(table, ops)
        if by == "ytd" or (span is not None and span[1] == today.year):
            year = today.year  # the data reach the current year: the year so far
    if by != "year" and year == today.year:
        now = month_index(today)
        first = int(bucket_of_month(year * 12, "month" if by == "ytd" else by))
        return first, int(bucket_of_month(now, "month" if by == "ytd" else by)), today
    if by == "ytd":
        # an ended year so far is the whole year, in one column
        first, last = bucket_range(table, ops, "month", today, str(year), str(year))
        return first, last, None
    first, last = bucket_range(table, ops, by, today, start, end)
    return first, last, None


def column_spans(by: str, first: int, last: int) -> list[tuple[int, int, int]]:
    """The columns of a press table as (year, first month, last month), months of the
    year from 0, inclusive; the ``Total`` column last for tables by month or quarter."""
    if by == "year":
        return [(y, 0, 11) for y in range(first, last + 1)]
    if by == "ytd":
        return [(first // 12, first % 12, last % 12)]
    size = {"month": 1, "quarter": 3}[by]
    year = first * size // 12
    spans = [(year, (b * size) % 12, (b * size) % 12 + size - 1) for b in range(first, last + 1)]
    return [*spans, (year, 0, spans[-1][2])]


def period_columns(
    grid: np.ndarray, spans: list[tuple[int, int, int]], first_year: int
) -> np.ndarray:
    """The table with its totals row: each column the sum of its span of months."""
    cols = [
        grid[:, (y - first_year) * 12 + a : (y - first_year) * 12 + b + 1].sum(axis=1)
        for y, a, b in spans
    ]
    values = np.column_stack(cols)
    return np.vstack([values, values.sum(axis=0)])
