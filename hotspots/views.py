"""What the dashboard shows, computed from the store: filters, indicators, hexagons,
time-of-day profiles, operation outcomes. No Streamlit here: the pages only display.

The tips are read once per data version into a :class:`TipTable` of compact numpy
columns (a million tips take about 40 MB); every filter change is then a handful of
vectorised masks and ``bincount`` calls instead of a query and a spatial join.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import h3.api.basic_int as h3i
import numpy as np
import pandas as pd
from sqlalchemy import select

from hotspots.analysis import (
    DATA_SINCE_KEY,
    LOCAL_TZ,
    Comparison,
    Coverage,
    compare_counts,
    coverage_of,
    previous_period,
)
from hotspots.geo import Districts
from hotspots.roles import Role, require
from hotspots.schema import CATEGORIES
from hotspots.store import Store, operation_tips, operations, seizures, tips

__all__ = [
    "CATEGORIES",
    "PRESETS",
    "TRIAGE",
    "Filters",
    "OpsTable",
    "TipTable",
    "cell_parents",
    "drilldown",
    "hex_counts",
    "hour_weekday",
    "indicators",
    "load_ops",
    "load_tips",
]

EPOCH = date(1970, 1, 1)
#: Triage states, in the order of their codes in :attr:`TipTable.triage`.
TRIAGE = ("not_exploitable", "exploitable", "pending")
PRESETS = ("7d", "30d", "3m", "12m", "ytd", "all", "custom")
MAP_RESOLUTIONS = (8, 9, 10)
ALL_HOURS = (1 << 24) - 1


def _day_number(d: date) -> int:
    return (d - EPOCH).days


def _day_of(number: int) -> date:
    return EPOCH + timedelta(days=int(number))


def _months_back(d: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (clamped to the month's end)."""
    index = d.year * 12 + d.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Filters:
    """The dashboard's shared filters; hashable, so they key caches.

    ``hours`` is a half-open range of local hours; ``(22, 6)`` wraps past midnight.
    Empty tuples mean "all".
    """

    preset: str = "ytd"
    start: date | None = None
    end: date | None = None
    districts: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    triage: tuple[str, ...] = ()
    hours: tuple[int, int] = (0, 24)
    weekdays: tuple[int, ...] = ()

    def period(self, latest: date) -> tuple[date, date]:
        """First and last local day of the period; presets end on ``latest``, the day of
        the most recent record (so a view of last month's data is not empty)."""
        if self.preset == "custom" and self.start and self.end:
            return min(self.start, self.end), max(self.start, self.end)
        back = {"7d": 6, "30d": 29}
        if self.preset in back:
            return latest - timedelta(days=back[self.preset]), latest
        if self.preset == "3m":
            return _months_back(latest, 3) + timedelta(days=1), latest
        if self.preset == "12m":
            return _months_back(latest, 12) + timedelta(days=1), latest
        if self.preset == "all":
            return date(2000, 1, 1), latest
        return date(latest.year, 1, 1), latest

    def hour_mask(self) -> int:
        """The filter's hours as a 24-bit mask."""
        low, high = self.hours
        if (low, high) == (0, 24) or low == high:
            return ALL_HOURS
        span = range(low, high) if low < high else [*range(low, 24), *range(0, high)]
        return sum(1 << h for h in span)

    def to_params(self) -> dict[str, str]:
        """URL query parameters (only what differs from the defaults)."""
        out: dict[str, str] = {}
        if self.preset != "ytd":
            out["period"] = self.preset
        if self.preset == "custom" and self.start and self.end:
            out["from"], out["to"] = self.start.isoformat(), self.end.isoformat()
        if self.districts:
            out["districts"] = ",".join(self.districts)
        if self.categories:
            out["categories"] = ",".join(self.categories)
        if self.triage:
            out["triage"] = ",".join(self.triage)
        if self.hours != (0, 24):
            out["hours"] = f"{self.hours[0]}-{self.hours[1]}"
        if self.weekdays:
            out["weekdays"] = ",".join(str(d) for d in self.weekdays)
        return out

    @classmethod
    def from_params(
        cls, params: dict[str, str], district_codes: tuple[str, ...]
    ) -> tuple[Filters, list[str]]:
        """Filters from URL parameters; values that make no sense are dropped and named."""
        problems: list[str] = []

        def listed(name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
            raw = [v for v in str(params.get(name, "")).split(",") if v]
            bad = [v for v in raw if v not in allowed]
            if bad:
                problems.append(f"{name}={','.join(bad)}")
            return tuple(v for v in allowed if v in raw)

        preset = str(params.get("period", "ytd"))
        if preset not in PRESETS:
            problems.append(f"period={preset}")
            preset = "ytd"
        start = end = None
        if preset == "custom":
            try:
                start = date.fromisoformat(str(params.get("from", "")))
                end = date.fromisoformat(str(params.get("to", "")))
            except ValueError:
                problems.append("from/to")
                preset = "ytd"
        hours = (0, 24)
        if "hours" in params:
            try:
                low, high = (int(v) for v in str(params["hours"]).split("-"))
                if not (0 <= low <= 23 and 1 <= high <= 24):
                    raise ValueError
                hours = (low, high)
            except ValueError:
                problems.append(f"hours={params['hours']}")
        weekdays = listed("weekdays", tuple(str(d) for d in range(7)))
        return (
            cls(
                preset=preset,
                start=start,
                end=end,
                districts=listed("districts", district_codes),
                categories=listed("categories", CATEGORIES),
                triage=listed("triage", TRIAGE),
                hours=hours,
                weekdays=tuple(int(d) for d in weekdays),
            ),
            problems,
        )


@dataclass
class TipTable:
    """The tips as columns (one row per tip), read once per data version."""

    key64: np.ndarray  # int64
    received_ts: np.ndarray  # int64, Unix s
    day: np.ndarray  # int32, local days since 1970-01-01
    month: np.ndarray  # int32, year * 12 + month - 1
    hour: np.ndarray  # int8, local hour received
    weekday: np.ndarray  # int8, 0 = Monday
    category: np.ndarray  # int8, index in CATEGORIES
    triage: np.ndarray  # int8, index in TRIAGE
    hours: np.ndarray  # int32, 24-bit mask: observed window, else the hour received
    observed: np.ndarray  # bool, the mask comes from an observed window
    h3: np.ndarray  # uint64, resolution 11; 0 when not point-located
    district: np.ndarray  # int8, index in district codes; -1 none
    tags: np.ndarray  # object, ","-joined tag codes
    district_codes: tuple[str, ...]
    data_since: str | None = None  # declared start of complete data (ISO), if any
    _parents: dict[int, np.ndarray] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.key64)

    def parents(self, resolution: int) -> np.ndarray:
        if resolution not in self._parents:
            self._parents[resolution] = cell_parents(self.h3, resolution)
        return self._parents[resolution]

    @property
    def latest_day(self) -> date | None:
        return _day_of(self.day.max()) if len(self) else None

    @property
    def coverage(self) -> Coverage:
        """The days the tips cover (see :class:`hotspots.analysis.Coverage`)."""
        if not len(self):
            return Coverage(None, None)
        return coverage_of(_day_of(self.day.min()), _day_of(self.day.max()), self.data_since)

    def mask(self, f: Filters, latest: date) -> np.ndarray:
        first, last = f.period(latest)
        return self.mask_days(f, _day_number(first), _day_number(last))

    def mask_days(self, f: Filters, first: int, last: int) -> np.ndarray:
        m = (self.day >= first) & (self.day <= last)
        if f.districts:
            wanted = [self.district_codes.index(c) for c in f.districts if c in self.district_codes]
            m &= np.isin(self.district, wanted)
        if f.categories:
            m &= np.isin(self.category, [CATEGORIES.index(c) for c in f.categories])
        if f.triage:
            m &= np.isin(self.triage, [TRIAGE.index(c) for c in f.triage])
        hour_mask = f.hour_mask()
        if hour_mask != ALL_HOURS:
            m &= (self.hours & hour_mask) != 0
        if f.weekdays:
            m &= np.isin(self.weekday, list(f.weekdays))
        return m


def cell_parents(cells: np.ndarray, resolution: int) -> np.ndarray:
    """``h3.cell_to_parent`` for an array of H3 cells (0 stays 0), by bit arithmetic:
    the resolution field (bits 52–55) is set and the finer digits are set to 7."""
    cells = np.asarray(cells, dtype=np.uint64)
    res_field = np.uint64(0xF) << np.uint64(52)
    unused = np.uint64((1 << (3 * (15 - resolution))) - 1)
    out = (cells & ~res_field) | (np.uint64(resolution) << np.uint64(52)) | unused
    return np.where(cells == 0, np.uint64(0), out)


def _hour_window_mask(first: np.ndarray, after: np.ndarray) -> np.ndarray:
    """24-bit masks of the hours ``first`` .. ``after - 1`` (wrapping past midnight)."""
    length = (after.astype(np.int32) - first.astype(np.int32)) % 24
    length = np.where(length == 0, 24, length)
    out = np.zeros(len(first), dtype=np.int64)
    for k in range(24):
        on = k < length
        out[on] |= np.int64(1) << ((first[on].astype(np.int64) + k) % 24)
    return out.astype(np.int32)


def load_tips(store: Store, districts: Districts) -> TipTable:
    """Every tip of the store as a :class:`TipTable`."""
    cols = [
        tips.c.key64,
        tips.c.received_ts,
        tips.c.hour_local,
        tips.c.weekday_local,
        tips.c.category,
        tips.c.exploitable,
        tips.c.observed_from,
        tips.c.observed_to,
        tips.c.tags,
        tips.c.h3,
        tips.c.district,
    ]
    codes = tuple(districts.codes)
    parts = _read_columns(store, select(*cols), codes)
    ts = parts["received_ts"]
    local = pd.to_datetime(ts, unit="s", utc=True).tz_convert(LOCAL_TZ)
    day = local.tz_localize(None).to_numpy().astype("datetime64[D]").astype(np.int32)
    month = (local.year.to_numpy() * 12 + local.month.to_numpy() - 1).astype(np.int32)
    hour = parts["hour_local"]
    first, after = parts["observed_from"], parts["observed_to"]
    observed = np.isfinite(first) & np.isfinite(after)
    hours = (np.int32(1) << hour.astype(np.int32)).astype(np.int32)
    if observed.any():
        hours[observed] = _hour_window_mask(
            first[observed].astype(np.int64), after[observed].astype(np.int64)
        )
    return TipTable(
        key64=parts["key64"],
        received_ts=ts,
        day=day,
        month=month,
        hour=hour,
        weekday=parts["weekday_local"],
        category=parts["category"],
        triage=parts["exploitable"],
        hours=hours,
        observed=observed,
        h3=parts["h3"].view(np.uint64),
        district=parts["district"],
        tags=parts["tags"],
        district_codes=codes,
        data_since=store.get_meta(DATA_SINCE_KEY),
    )


#: Rows converted to arrays at a time: the Python row objects of one part are the
#: only transient cost (about 100 MB per 100,000 rows would be 1 GB for 1M at once).
READ_PART_ROWS = 100_000


def _read_columns(store: Store, query, codes: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The tips query's columns as compact arrays, read in parts (server-side cursor on
    PostgreSQL). 64-bit cells never pass through float64; equal tag strings share one
    object."""
    category_index = {c: i for i, c in enumerate(CATEGORIES)}
    other = CATEGORIES.index("other")
    district_index = {c: i for i, c in enumerate(codes)}
    tag_strings: dict[str, str] = {}
    out: dict[str, list[np.ndarray]] = {name: [] for name in _TIP_COLUMNS}
    with store.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=READ_PART_ROWS).execute(
            query
        )
        for part in result.partitions():
            c = dict(zip(_TIP_COLUMNS, zip(*part, strict=True), strict=True))
            out["key64"].append(np.array(c["key64"], dtype=np.int64))
            out["received_ts"].append(np.array(c["received_ts"], dtype=np.int64))
            out["hour_local"].append(np.array(c["hour_local"], dtype=np.int8))
            out["weekday_local"].append(np.array(c["weekday_local"], dtype=np.int8))
            out["category"].append(
                np.array([category_index.get(v, other) for v in c["category"]], dtype=np.int8)
            )
            out["exploitable"].append(
                np.array(
                    [2 if v is None else (1 if v else 0) for v in c["exploitable"]], dtype=np.int8
                )
            )
            out["observed_from"].append(np.array(c["observed_from"], dtype=float))
            out["observed_to"].append(np.array(c["observed_to"], dtype=float))
            out["tags"].append(
                np.array(
                    [tag_strings.setdefault(v or "", v or "") for v in c["tags"]], dtype=object
                )
            )
            out["h3"].append(np.array([v or 0 for v in c["h3"]], dtype=np.int64))
            out["district"].append(
                np.array([district_index.get(v, -1) for v in c["district"]], dtype=np.int8)
            )
            del part, c
    return {
        name: np.concatenate(arrays) if arrays else np.zeros(0, dtype=_TIP_COLUMNS[name])
        for name, arrays in out.items()
    }


#: Columns read from the tips table and their array types.
_TIP_COLUMNS = {
    "key64": np.int64,
    "received_ts": np.int64,
    "hour_local": np.int8,
    "weekday_local": np.int8,
    "category": np.int8,
    "exploitable": np.int8,
    "observed_from": float,
    "observed_to": float,
    "tags": object,
    "h3": np.int64,
    "district": np.int8,
}


@dataclass
class OpsTable:
    """Operations (one row each), their linked tips and their seizures."""

    ops: pd.DataFrame  # key64, started_ts, day, month, kind, arrests, cash_eur, h3, district
    links: pd.DataFrame  # op_key64, tip_key64
    seized: pd.DataFrame  # op_key64, substance, unit, quantity


def load_ops(store: Store) -> OpsTable:
    with store.engine.connect() as conn:
        ops = pd.DataFrame(
            conn.execute(
                select(
                    operations.c.key64,
                    operations.c.started_ts,
                    operations.c.kind,
                    operations.c.arrests,
                    operations.c.cash_eur,
                    operations.c.h3,
                    operations.c.district,
                )
            ).all(),
            columns=["key64", "started_ts", "kind", "arrests", "cash_eur", "h3", "district"],
            dtype=object,
        )
        links = pd.DataFrame(
            conn.execute(select(operation_tips.c.op_key64, operation_tips.c.tip_key64)).all(),
            columns=["op_key64", "tip_key64"],
        )
        seized = pd.DataFrame(
            conn.execute(
                select(
                    seizures.c.op_key64, seizures.c.substance, seizures.c.unit, seizures.c.quantity
                )
            ).all(),
            columns=["op_key64", "substance", "unit", "quantity"],
        )
    ops["key64"] = ops["key64"].astype("int64")
    ts = ops["started_ts"] = ops["started_ts"].astype("int64")
    local = pd.to_datetime(ts, unit="s", utc=True).dt.tz_convert(LOCAL_TZ)
    ops["day"] = local.dt.tz_localize(None).to_numpy().astype("datetime64[D]").astype(np.int32)
    ops["month"] = (local.dt.year * 12 + local.dt.month - 1).astype("int32")
    ops["arrests"] = ops["arrests"].astype("int64")
    ops["cash_eur"] = pd.to_numeric(ops["cash_eur"]).fillna(0.0).astype(float)
    ops["h3"] = np.array([c or 0 for c in ops["h3"].astype(object)], dtype=np.int64).view(np.uint64)
    return OpsTable(ops, links, seized)


def latest_day(table: TipTable, ops: OpsTable) -> date:
    """The day of the most recent tip or operation (today for an empty store)."""
    days = [table.day.max()] if len(table) else []
    if len(ops.ops):
        days.append(ops.ops["day"].max())
    return _day_of(max(days)) if days else datetime.now(LOCAL_TZ).date()


def _ops_in(ops: OpsTable, f: Filters, first: int, last: int) -> pd.DataFrame:
    """Operations started in the period (and in the filtered districts)."""
    frame = ops.ops
    keep = (frame["day"] >= first) & (frame["day"] <= last)
    if f.districts:
        keep &= frame["district"].isin(f.districts)
    return frame[keep]


def indicators(table: TipTable, ops: OpsTable, f: Filters, latest: date) -> dict:
    """The headline figures of the filtered period and the change against the previous
    period of equal length. Operations follow the period and district filters only
    (they have no category, triage or hour of a tip)."""
    first_day, last_day = f.period(latest)
    first, last = _day_number(first_day), _day_number(last_day)
    length = last - first + 1
    m = table.mask_days(f, first, last)
    n = int(m.sum())
    change = _compare(table, f, latest, n)
    triage = np.bincount(table.triage[m], minlength=3)
    triaged = int(triage[0] + triage[1])
    in_period = _ops_in(ops, f, first, last)
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


def _compare(
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
    m = table.mask_days(f, _day_number(before[0]), _day_number(before[1]))
    if extra is not None:
        m &= extra
    return compare_counts(
        current, int(m.sum()), (first_day, last_day), before, _current_coverage(table, latest)
    )


def _current_coverage(table: TipTable, latest: date) -> Coverage:
    """The tips' coverage, running to ``latest`` (the day of the most recent record, tip
    or operation: the store is up to date to that day)."""
    cover = table.coverage
    if cover.start is None:
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
    profile = _hour_profile(table.hours[m], inverse, len(unique))
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


def _hour_profile(hour_masks: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
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
    matrix = _hour_profile(table.hours[m], table.weekday[m].astype(np.int64), 7)
    observed = int(table.observed[m].sum())
    return matrix, observed, int(m.sum()) - observed


def monthly(table: TipTable, f: Filters, latest: date) -> pd.DataFrame:
    """Every calendar month of the period (from the start of the data for a period
    that starts before them): tips, tips in the same month a year earlier, and how
    much of each the data cover (``coverage``, ``previous_coverage``: ``full``,
    ``partial`` or ``none``). A month the data do not cover has no count (NaN), not 0."""
    first_day, last_day = _clipped_period(table, f, latest)
    now = month_series(table, table.month[table.mask(f, latest)], first_day, last_day)
    year_before = table.mask_days(
        f, _day_number(_months_back(first_day, 12)), _day_number(_months_back(last_day, 12))
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
                float(before.get(m.year * 12 + m.month - 1, 0)) if state == "full" else np.nan
                for m, state in zip(now.index, previous_state, strict=True)
            ],
            "coverage": [cover.month_state(m.year, m.month, shown) for m in now.index],
            "previous_coverage": previous_state,
        }
    )


def _clipped_period(table: TipTable, f: Filters, latest: date) -> tuple[date, date]:
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
    index = np.arange(
        first_day.year * 12 + first_day.month - 1, last_day.year * 12 + last_day.month
    )
    counts = pd.Series(months).value_counts()
    cover = table.coverage
    values = [
        float(counts.get(k, 0))
        if cover.month_state(int(k) // 12, int(k) % 12 + 1) != "none"
        else np.nan
        for k in index
    ]
    return pd.Series(values, index=[date(int(k) // 12, int(k) % 12 + 1, 1) for k in index])


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
    change = _compare(table, f, latest, int(m.sum()), in_cell)
    by_month = month_series(table, table.month[m], *_clipped_period(table, f, latest))
    hours = _hour_profile(table.hours[m], np.zeros(int(m.sum()), dtype=np.int64), 1)[0]
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
    first, last = _day_number(first_day), _day_number(last_day)
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
    in_period = _ops_in(ops, f, first, last)
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
    per_month["month"] = [date(int(k) // 12, int(k) % 12 + 1, 1) for k in per_month["month"]]
    listing = _listing(ops, frame)
    shown_first, _ = _clipped_period(table, f, latest)
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


def with_period(f: Filters, start: date, end: date) -> Filters:
    return replace(f, preset="custom", start=start, end=end)


def district_month_table(table: TipTable, f: Filters, latest: date) -> pd.DataFrame:
    """Tips, exploitable tips and pending tips per district and calendar month."""
    m = table.mask(f, latest)
    codes = np.array([*table.district_codes, ""], dtype=object)
    frame = pd.DataFrame(
        {
            "district": codes[table.district[m]],
            "month": [f"{k // 12:04d}-{k % 12 + 1:02d}" for k in table.month[m]],
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
    frame = _ops_in(ops, f, _day_number(first_day), _day_number(last_day))
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


def hot_spots(
    table: TipTable,
    f: Filters,
    latest: date,
    districts: Districts,
    params=None,
    *,
    role: Role | str | None,
) -> tuple[pd.DataFrame, dict]:
    """Gi* of the filtered, point-located tips over every cell of the study area
    (``params``: a :class:`hotspots.hotspot_stats.HotSpotParameters`, resolution 9 by
    default; raises :class:`hotspots.hotspot_stats.HotSpotRefusal` when the selection is
    too small), with the parameters used."""
    require(role, "map")
    from hotspots.hotspot_stats import HotSpotParameters, counts_per_cell, hot_spot_test

    params = params or HotSpotParameters()
    selected = table.parents(params.resolution)[table.mask(f, latest)]
    cells, weights = study_area(districts, params.resolution)
    result = hot_spot_test(counts_per_cell(selected), cells, params, weights)
    return result, params.as_dict()


def study_area(districts: Districts, resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """The study area's cells at ``resolution`` and the share of each inside it
    (computed once per districts and resolution)."""
    from hotspots.hotspot_stats import cell_area_shares, study_cells

    key = (id(districts), resolution)
    if key not in _STUDY_AREAS:
        cells = study_cells(districts, resolution)
        _STUDY_AREAS[key] = (districts, cells, cell_area_shares(districts, cells))
    return _STUDY_AREAS[key][1], _STUDY_AREAS[key][2]


#: Study cells and their shares per (districts, resolution); the districts object is
#: kept alive with its entry so that its id cannot be reused.
_STUDY_AREAS: dict[tuple[int, int], tuple[Districts, np.ndarray, np.ndarray]] = {}


#: Weekly time steps need at least this many located tips per week on average.
WEEKLY_MIN_TIPS = 20


def emerging(
    table: TipTable,
    f: Filters,
    latest: date,
    districts: Districts,
    resolution: int = 9,
    *,
    role: Role | str | None,
) -> tuple[pd.DataFrame, dict]:
    """Emerging hot spots of the filtered period: weekly steps when the data are dense
    enough (on average :data:`WEEKLY_MIN_TIPS` located tips a week), else calendar
    months."""
    require(role, "analysis")
    from hotspots.hotspot_stats import HotSpotParameters, emerging_hot_spots

    first_day, last_day = f.period(latest)
    first, last = _day_number(first_day), _day_number(last_day)
    m = table.mask_days(f, first, last) & (table.h3 != 0)
    weeks = (last - first) // 7 + 1
    if m.sum() / weeks >= WEEKLY_MIN_TIPS:
        unit, steps = "week", weeks
        step = (table.day[m] - first) // 7
    else:
        first_month = first_day.year * 12 + first_day.month - 1
        unit = "month"
        steps = (last_day.year * 12 + last_day.month - 1) - first_month + 1
        step = table.month[m] - first_month
    params = HotSpotParameters(resolution=resolution)
    cells, weights = study_area(districts, resolution)
    result = emerging_hot_spots(
        table.parents(resolution)[m],
        np.asarray(step, dtype=np.int64),
        int(steps),
        cells,
        params,
        weights,
    )
    return result, {**params.as_dict(), "step": unit, "steps": int(steps)}


def district_changes(table: TipTable, f: Filters, latest: date) -> pd.DataFrame:
    """Per district: tips in the period and the comparison with the previous period
    (:func:`hotspots.analysis.previous_period`): its tips, the exact p-value and the
    verdict, ``not_comparable`` (previous and p None) where the data do not cover it."""
    first_day, last_day = f.period(latest)
    first, last = _day_number(first_day), _day_number(last_day)
    before = previous_period(first_day, last_day)
    n_codes = len(table.district_codes)
    now = table.district[table.mask_days(f, first, last)]
    then = table.district[table.mask_days(f, _day_number(before[0]), _day_number(before[1]))]
    current = np.bincount(now[now >= 0], minlength=n_codes)
    previous = np.bincount(then[then >= 0], minlength=n_codes)
    cover = _current_coverage(table, latest)
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


#: A hot place is made of the cells binned at least this hot (2 = 95 %).
PLACE_MIN_BIN = 2


def hot_spot_places(
    result: pd.DataFrame,
    table: TipTable,
    ops: OpsTable,
    f: Filters,
    latest: date,
    resolution: int,
    landmarks,
    *,
    role: Role | str | None,
) -> pd.DataFrame:
    """The ranked list of hot places: each group of touching cells binned hot at 95 %
    or more (from :func:`hot_spots`' ``result``) is one place, named after the
    landmark nearest its busiest cell (``landmarks``: a
    :class:`hotspots.landmarks.Landmarks`). Columns: ``rank, cell`` (the busiest,
    hex), ``lat, lon`` (its centre), ``place, level`` (highest bin), ``p_fdr``
    (lowest), ``cells, tips`` (in the place's cells, this period), ``change``
    (:class:`hotspots.analysis.Comparison` of those cells against the previous
    period), ``last_operation`` (day of the latest operation in those cells, any
    time up to ``latest``, or None) and ``days_since``. Ranked by level, then tips."""
    require(role, "map")
    columns = [
        "rank", "cell", "lat", "lon", "place", "level", "p_fdr", "cells", "tips", "change",
        "last_operation", "days_since",
    ]  # fmt: skip
    hot = result[result["bin"] >= PLACE_MIN_BIN]
    if hot.empty:
        return pd.DataFrame(columns=columns)
    cells = [int(c, 16) for c in hot["h3"]]
    group = _touching_groups(cells)
    first_day, last_day = f.period(latest)
    parents = table.parents(resolution)
    in_period = table.mask(f, latest)
    op_cells = cell_parents(ops.ops["h3"].to_numpy(), resolution) if len(ops.ops) else None
    rows = []
    for g in np.unique(group):
        members = hot[group == g]
        member_cells = np.array([int(c, 16) for c in members["h3"]], dtype=np.uint64)
        busiest = members.sort_values(["count", "neighbourhood"], ascending=False).iloc[0]
        lat, lon = h3i.cell_to_latlng(int(busiest["h3"], 16))
        inside = np.isin(parents, member_cells)
        tips_now = int((in_period & inside).sum())
        last_op = None
        if op_cells is not None:
            here = ops.ops[
                np.isin(op_cells, member_cells) & (ops.ops["day"] <= _day_number(latest))
            ]
            if len(here):
                last_op = _day_of(int(here["day"].max()))
        rows.append(
            {
                "cell": busiest["h3"],
                "lat": lat,
                "lon": lon,
                "place": landmarks.place_of(lat, lon),
                "level": int(members["bin"].max()),
                "p_fdr": float(members["p_fdr"].min()),
                "cells": len(members),
                "tips": tips_now,
                "change": _compare(table, f, latest, tips_now, inside),
                "last_operation": last_op,
                "days_since": (latest - last_op).days if last_op else None,
            }
        )
    frame = pd.DataFrame(rows).sort_values(
        ["level", "tips", "p_fdr"], ascending=[False, False, True]
    )
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame[columns].reset_index(drop=True)


def _touching_groups(cells: list[int]) -> np.ndarray:
    """A group number per cell: cells that touch (directly or through others) share it."""
    index = {c: i for i, c in enumerate(cells)}
    group = np.full(len(cells), -1)
    for start in range(len(cells)):
        if group[start] >= 0:
            continue
        group[start] = start
        stack = [cells[start]]
        while stack:
            for neighbour in h3i.grid_disk(stack.pop(), 1):
                j = index.get(neighbour)
                if j is not None and group[j] < 0:
                    group[j] = start
                    stack.append(neighbour)
    return group
