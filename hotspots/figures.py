"""What the pages show, computed from the tables under the filters: indicators,
hexagons, time-of-day profiles, months, the drill-down, operations, district
changes. No Streamlit here: the pages only display."""

from __future__ import annotations

from datetime import date

import h3.api.basic_int as h3i
import numpy as np
import pandas as pd

from hotspots.change_test import Comparison, compare_counts
from hotspots.filters import Filters
from hotspots.geo import Districts
from hotspots.periods import (
    Coverage,
    day_number,
    month_index,
    month_start,
    months_back,
    previous_period,
)
from hotspots.roles import Role, require
from hotspots.schema import CATEGORIES
from hotspots.tables import OpsTable, TipTable, cell_parents

__all__ = [
    "LISTED_OPERATIONS",
    "categories",
    "clipped_period",
    "compare_with_previous",
    "current_coverage",
    "district_changes",
    "district_month_table",
    "drilldown",
    "hex_counts",
    "hour_profile",
    "hour_weekday",
    "indicators",
    "month_series",
    "monthly",
    "operation_cells",
    "operations_view",
    "ops_in",
    "to_safe_csv",
]


def ops_in(ops: OpsTable, f: Filters, first: int, last: int) -> pd.DataFrame:
    """Operations started in the period (and in the filtered communes and districts)."""
    frame = ops.ops
    keep = (frame["day"] >= first) & (frame["day"] <= last)
    if f.communes:
        keep &= frame["commune"].isin(f.communes)
    if f.districts:
        keep &= frame["district"].isin(f.districts)
    return frame[keep]


def indicators(table: TipTable, ops: OpsTable, f: Filters, latest: date) -> dict:
    """The headline figures of the filtered period and the change against the previous
    period of equal length. Operations follow the period and district filters only
    (they have no category, triage or hour of a tip)."""
    first_day, last_day = f.period(latest)
    first, last = day_number(first_day), day_number(last_day)
    length = last - first + 1
    m = table.mask_days(f, first, last)
    n = int(m.sum())
    change = compare_with_previous(table, f, latest, n)
    triage = np.bincount(table.triage[m], minlength=3)
    triaged = int(triage[0] + triage[1])
    in_period = ops_in(ops, f, first, last)
    seized = ops.seized[ops.seized["op_key64"].isin(in_period["key64"])]
    by_substance = (
        seized.groupby(["substance", "unit"])["quantity"].sum().sort_index()
        if len(seized)
        else pd.Series(dtype=float)
    )
    delay = _median_delay_days(table, ops, in_period)
    return {
        "from": first_day,
        "to": last_day,
        "days": length,
        "tips": n,
        "change": change,
        "coverage_start": table.coverage.start,
        "exploitable": int(triage[1]),
        "exploitable_share": triage[1] / triaged if triaged else None,
        "pending": int(triage[2]),
        "operations": len(in_period),
        "arrests": int(in_period["arrests"].sum()),
        "cash_eur": float(in_period["cash_eur"].sum()),
        "seizures": {(s, u): float(q) for (s, u), q in by_substance.items()},
        "median_delay_days": delay,
    }


def compare_with_previous(
    table: TipTable,
    f: Filters,
    latest: date,
    current: int,
    extra: np.ndarray | None = None,
) -> Comparison:
    """``current`` tips of the period against the previous period under the same
    filters (and the ``extra`` mask, e.g. one cell), or not comparable."""
    first_day, last_day = f.period(latest)
    before = previous_period(first_day, last_day)
    m = table.mask_days(f, day_number(before[0]), day_number(before[1]))
    if extra is not None:
        m &= extra
    return compare_counts(
        current, int(m.sum()), (first_day, last_day), before, current_coverage(table, latest)
    )


def current_coverage(table: TipTable, latest: date) -> Coverage:
    """The tips' coverage, running to ``latest`` (the day of the most recent record, tip
    or operation: the store is up to date to that day)."""
    cover = table.coverage
    if cover.start is None or cover.end is None:
        return cover
    return Coverage(cover.start, max(cover.end, latest))


def _median_delay_days(table: TipTable, ops: OpsTable, in_period: pd.DataFrame) -> float | None:
    """Median over operations of the days from their first linked tip to their start."""
    links = ops.links[ops.links["op_key64"].isin(in_period["key64"])]
    if links.empty or not len(table):
        return None
    received = pd.Series(table.received_ts, index=table.key64)
    linked = links.assign(received=links["tip_key64"].map(received)).dropna()
    if linked.empty:
        return None
    first_tip = linked.groupby("op_key64")["received"].min()
    start = in_period.set_index("key64")["started_ts"].reindex(first_tip.index)
    return float(np.median((start - first_tip).to_numpy() / 86400.0))


def hex_counts(
    table: TipTable,
    f: Filters,
    latest: date,
    resolution: int,
    districts: Districts,
    *,
    role: Role | str | None,
) -> pd.DataFrame:
    """One row per hexagon with tips: cell (hex string), count, district, main category,
    peak hour. Tips located only to a district have no cell and are left out."""
    require(role, "map")
    m = table.mask(f, latest) & (table.h3 != 0)
    cells = table.parents(resolution)[m]
    if not len(cells):
        return pd.DataFrame(columns=["cell", "count", "district", "category", "peak_hour"])
    unique, inverse = np.unique(cells, return_inverse=True)
    counts = np.bincount(inverse)
    by_cat = np.bincount(
        inverse * len(CATEGORIES) + table.category[m], minlength=len(unique) * len(CATEGORIES)
    ).reshape(len(unique), len(CATEGORIES))
    profile = hour_profile(table.hours[m], inverse, len(unique))
    centres = np.array([h3i.cell_to_latlng(int(c)) for c in unique])
    return pd.DataFrame(
        {
            "cell": [format(int(c), "x") for c in unique],
            "count": counts,
            "district": districts.district_of_points(centres[:, 0], centres[:, 1]),
            "category": [CATEGORIES[i] for i in by_cat.argmax(1)],
            "peak_hour": profile.argmax(1),
        }
    )


def hour_profile(hour_masks: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """Aoristic hour profile per group: each tip spreads one unit over its hours."""
    spread = np.zeros(len(hour_masks))
    bits = [((hour_masks >> h) & 1).astype(bool) for h in range(24)]
    for on in bits:
        spread += on
    weight = 1.0 / np.maximum(spread, 1)
    out = np.zeros((groups, 24))
    for h, on in enumerate(bits):
        out[:, h] = np.bincount(group[on], weights=weight[on], minlength=groups)
    return out


def hour_weekday(table: TipTable, f: Filters, latest: date) -> tuple[np.ndarray, int, int]:
    """7 × 24 matrix (weekday × hour) of aoristic tip weights, with the number of tips
    spread over an observed window and the number placed at their hour of receipt."""
    m = table.mask(f, latest)
    matrix = hour_profile(table.hours[m], table.weekday[m].astype(np.int64), 7)
    observed = int(table.observed[m].sum())
    return matrix, observed, int(m.sum()) - observed


def monthly(table: TipTable, f: Filters, latest: date) -> pd.DataFrame:
    """Every calendar month of the period (from the start of the data for a period
    that starts before them): tips, tips in the same month a year earlier, and how
    much of each the data cover (``coverage``, ``previous_coverage``: ``full``,
    ``partial`` or ``none``). A month the data do not cover has no count (NaN), not 0."""
    first_day, last_day = clipped_period(table, f, latest)
    now = month_series(table, table.month[table.mask(f, latest)], first_day, last_day)
    year_before = table.mask_days(
        f, day_number(months_back(first_day, 12)), day_number(months_back(last_day, 12))
    )
    before = pd.Series(table.month[year_before] + 12).value_counts()
    cover = table.coverage
    previous_state = [cover.month_state(m.year - 1, m.month) for m in now.index]
    shown = (first_day, last_day)
    return pd.DataFrame(
        {
            "month": list(now.index),
            "tips": now.to_numpy(),
            "previous_year": [
                float(before.get(month_index(m), 0)) if state == "full" else np.nan
                for m, state in zip(now.index, previous_state, strict=True)
            ],
            "coverage": [cover.month_state(m.year, m.month, shown) for m in now.index],
            "previous_coverage": previous_state,
        }
    )


def clipped_period(table: TipTable, f: Filters, latest: date) -> tuple[date, date]:
    """The filter's period, starting no earlier than the data's first month (the "all"
    preset would otherwise draw decades of empty months)."""
    first_day, last_day = f.period(latest)
    start = table.coverage.start
    if start is not None and first_day < start:
        first_day = max(first_day, date(start.year, start.month, 1))
    return first_day, last_day


def month_series(table: TipTable, months: np.ndarray, first_day: date, last_day: date) -> pd.Series:
    """Counts per calendar month from ``first_day``'s to ``last_day``'s, every month
    present (zeros included), NaN for months the data do not cover at all; indexed by
    the first day of the month."""
    index = np.arange(month_index(first_day), month_index(last_day) + 1)
    counts = pd.Series(months).value_counts()
    cover = table.coverage
    values = [
        float(counts.get(k, 0))
        if cover.month_state(month_start(k).year, month_start(k).month) != "none"
        else np.nan
        for k in index
    ]
    return pd.Series(values, index=[month_start(k) for k in index])


def categories(table: TipTable, f: Filters, latest: date) -> pd.Series:
    m = table.mask(f, latest)
    counts = np.bincount(table.category[m], minlength=len(CATEGORIES))
    return pd.Series(counts, index=list(CATEGORIES))


def drilldown(
    table: TipTable,
    ops: OpsTable,
    f: Filters,
    latest: date,
    cell: int,
    resolution: int,
    *,
    role: Role | str | None,
) -> dict:
    """The tips of one hexagon under the filters: by month, by hour, categories, tags and
    the operations linked to them."""
    require(role, "drilldown")
    in_cell = table.parents(resolution) == np.uint64(cell)
    m = table.mask(f, latest) & in_cell
    first_day, last_day = f.period(latest)
    change = compare_with_previous(table, f, latest, int(m.sum()), in_cell)
    by_month = month_series(table, table.month[m], *clipped_period(table, f, latest))
    hours = hour_profile(table.hours[m], np.zeros(int(m.sum()), dtype=np.int64), 1)[0]
    tag_counts: dict[str, int] = {}
    for joined in table.tags[m]:
        for tag in filter(None, joined.split(",")):
            tag_counts[tag] = tag_counts.get(tag, 0) + 1
    linked_ops = ops.links[ops.links["tip_key64"].isin(table.key64[m])]["op_key64"].unique()
    op_rows = _listing(ops, ops.ops[ops.ops["key64"].isin(linked_ops)])
    return {
        "tips": int(m.sum()),
        "change": change,
        "by_month": by_month,
        "month_coverage": [
            table.coverage.month_state(d.year, d.month, (first_day, last_day))
            for d in by_month.index
        ],
        "by_hour": hours,
        "categories": dict(
            zip(
                CATEGORIES,
                np.bincount(table.category[m], minlength=len(CATEGORIES)).tolist(),
                strict=True,
            )
        ),
        "tags": dict(sorted(tag_counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        "operations": op_rows,
    }


def operations_view(table: TipTable, ops: OpsTable, f: Filters, latest: date) -> dict:
    """Funnel, per-district table, seizures per month and the list of operations."""
    first_day, last_day = f.period(latest)
    first, last = day_number(first_day), day_number(last_day)
    m = table.mask_days(f, first, last)
    keys = table.key64[m]
    links = ops.links[ops.links["tip_key64"].isin(keys)]
    with_arrests = ops.ops.loc[ops.ops["arrests"] > 0, "key64"]
    funnel = {
        "tips": int(m.sum()),
        "exploitable": int((table.triage[m] == 1).sum()),
        "led_to_operation": int(links["tip_key64"].nunique()),
        "led_to_arrests": int(
            links.loc[links["op_key64"].isin(with_arrests), "tip_key64"].nunique()
        ),
    }
    in_period = ops_in(ops, f, first, last)
    seized = ops.seized[ops.seized["op_key64"].isin(in_period["key64"])]
    grams = seized[seized["unit"] == "g"].groupby("op_key64")["quantity"].sum()
    frame = in_period.assign(
        seized_g=in_period["key64"].map(grams).fillna(0.0),
        hit=(in_period["arrests"] > 0) | in_period["key64"].isin(seized["op_key64"]),
    )
    tip_district = pd.Series(table.district[m]).value_counts()
    codes = table.district_codes
    rows = []
    for i, code in enumerate(codes):
        sub = frame[frame["district"] == code]
        rows.append(
            {
                "district": code,
                "tips": int(tip_district.get(i, 0)),
                "operations": len(sub),
                "arrests": int(sub["arrests"].sum()),
                "seized_g": float(sub["seized_g"].sum()),
                "hit_rate": float(sub["hit"].mean()) if len(sub) else None,
            }
        )
    per_district = pd.DataFrame(rows)
    per_month = (
        seized.merge(in_period[["key64", "month"]], left_on="op_key64", right_on="key64")
        .groupby(["month", "substance", "unit"])["quantity"]
        .sum()
        .reset_index()
    )
    per_month["month"] = [month_start(k) for k in per_month["month"]]
    listing = _listing(ops, frame)
    shown_first, _ = clipped_period(table, f, latest)
    return {
        "months": list(month_series(table, np.zeros(0), shown_first, last_day).index),
        "funnel": funnel,
        "per_district": per_district,
        "seized_per_month": per_month,
        "operations": listing,
        "operations_total": len(frame),
    }


#: Operations listed by name in a table (the newest); the figures count them all.
LISTED_OPERATIONS = 500


def _listing(ops: OpsTable, frame: pd.DataFrame) -> pd.DataFrame:
    """The newest operations of ``frame`` (rows of ``ops.ops``, at most
    :data:`LISTED_OPERATIONS`), with their number of linked tips and their seizures as
    ``(substance, quantity, unit)`` lists."""
    listing = frame.sort_values("started_ts", ascending=False).head(LISTED_OPERATIONS)
    links = ops.links[ops.links["op_key64"].isin(listing["key64"])]
    n_links = links.groupby("op_key64").size()
    listing = listing.assign(linked_tips=listing["key64"].map(n_links).fillna(0).astype(int))
    seized = ops.seized[ops.seized["op_key64"].isin(listing["key64"])]
    items = (
        seized.sort_values(["op_key64", "quantity"], ascending=[True, False])
        .groupby("op_key64")[["substance", "quantity", "unit"]]
        .apply(lambda g: list(g.itertuples(index=False, name=None)))
        if len(seized)
        else pd.Series(dtype=object)
    )
    listing["seized"] = [items.get(k, []) for k in listing["key64"]]
    return listing


def district_month_table(table: TipTable, f: Filters, latest: date) -> pd.DataFrame:
    """Tips, exploitable tips and pending tips per district and calendar month."""
    m = table.mask(f, latest)
    codes = np.array([*table.district_codes, ""], dtype=object)
    frame = pd.DataFrame(
        {
            "district": codes[table.district[m]],
            "month": [month_start(k).strftime("%Y-%m") for k in table.month[m]],
            "exploitable": table.triage[m] == 1,
            "pending": table.triage[m] == 2,
        }
    )
    out = (
        frame.groupby(["district", "month"])
        .agg(
            tips=("exploitable", "size"),
            exploitable=("exploitable", "sum"),
            pending=("pending", "sum"),
        )
        .reset_index()
    )
    return out.astype({"tips": int, "exploitable": int, "pending": int})


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM, ``;``) whose cells cannot start a spreadsheet formula."""
    from hotspots.csv_safety import formula_safe

    safe = frame.map(lambda v: formula_safe(v) if isinstance(v, str) else v)
    return safe.to_csv(sep=";", index=False).encode("utf-8-sig")


def operation_cells(
    ops: OpsTable, f: Filters, latest: date, resolution: int, *, role: Role | str | None
) -> pd.DataFrame:
    """Operations of the period grouped by map cell (one marker per cell, however many
    operations): count, arrests, cash, the latest start, with or without a result, and
    the seizures as ``(substance, quantity, unit)`` lists."""
    require(role, "operations")
    first_day, last_day = f.period(latest)
    frame = ops_in(ops, f, day_number(first_day), day_number(last_day))
    frame = frame[frame["h3"] != 0]
    columns = ["cell", "operations", "arrests", "cash_eur", "last_ts", "seized"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame = frame.assign(cell=cell_parents(frame["h3"].to_numpy(), resolution))
    grouped = frame.groupby("cell").agg(
        operations=("key64", "size"),
        arrests=("arrests", "sum"),
        cash_eur=("cash_eur", "sum"),
        last_ts=("started_ts", "max"),
    )
    seized = ops.seized.merge(frame[["key64", "cell"]], left_on="op_key64", right_on="key64")
    totals = seized.groupby(["cell", "substance", "unit"])["quantity"].sum().reset_index()
    totals = totals.sort_values(["cell", "quantity"], ascending=[True, False])
    items: dict[int, list] = {}
    for cell, substance, unit, quantity in totals[
        ["cell", "substance", "unit", "quantity"]
    ].itertuples(index=False, name=None):
        items.setdefault(cell, []).append((substance, float(quantity), unit))
    grouped["seized"] = [items.get(c, []) for c in grouped.index]
    return grouped.reset_index()[columns]


def district_changes(table: TipTable, f: Filters, latest: date) -> pd.DataFrame:
    """Per district: tips in the period and the comparison with the previous period
    (:func:`hotspots.periods.previous_period`): its tips, the exact p-value and the
    verdict, ``not_comparable`` (previous and p None) where the data do not cover it."""
    first_day, last_day = f.period(latest)
    first, last = day_number(first_day), day_number(last_day)
    before = previous_period(first_day, last_day)
    n_codes = len(table.district_codes)
    now = table.district[table.mask_days(f, first, last)]
    then = table.district[table.mask_days(f, day_number(before[0]), day_number(before[1]))]
    current = np.bincount(now[now >= 0], minlength=n_codes)
    previous = np.bincount(then[then >= 0], minlength=n_codes)
    cover = current_coverage(table, latest)
    changes = [
        compare_counts(int(a), int(b), (first_day, last_day), before, cover)
        for a, b in zip(current, previous, strict=True)
    ]
    return pd.DataFrame(
        {
            "district": list(table.district_codes),
            "tips": current,
            "previous": [c.previous for c in changes],
            "p_value": [c.p_value for c in changes],
            "verdict": [c.verdict for c in changes],
        }
    )
