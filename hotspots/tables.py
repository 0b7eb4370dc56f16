"""The store read once per data version into compact numpy columns (a million tips
take about 40 MB): every filter change is then a handful of vectorised masks and
``bincount`` calls instead of a query and a spatial join."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, cached_property

import h3.api.basic_int as h3i
import numpy as np
import pandas as pd
from sqlalchemy import select

from hotspots.areas import Area
from hotspots.filters import ALL_HOURS, TRIAGE, Filters
from hotspots.periods import (
    DATA_SINCE_KEY,
    LOCAL_TZ,
    Coverage,
    coverage_of,
    day_number,
    day_of,
)
from hotspots.schema import CATEGORIES, PRECISIONS
from hotspots.store import Store, operation_tips, operations, seizures, tips

__all__ = [
    "OpsTable",
    "READ_PART_ROWS",
    "TipTable",
    "cell_parents",
    "latest_day",
    "load_ops",
    "load_tips",
]


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
    commune: np.ndarray  # int16, index in commune codes; -1 none (unresolved)
    tags: np.ndarray  # object, ","-joined tag codes
    district_codes: tuple[str, ...]
    commune_codes: tuple[str, ...]
    data_since: str | None = None  # declared start of complete data (ISO), if any
    # int8, index in PRECISIONS (empty when not read: every precision then unknown)
    precision: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    _parents: dict[int, np.ndarray] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.key64)

    def parents(self, resolution: int) -> np.ndarray:
        if resolution not in self._parents:
            self._parents[resolution] = cell_parents(self.h3, resolution)
        return self._parents[resolution]

    @property
    def latest_day(self) -> date | None:
        return day_of(self.day.max()) if len(self) else None

    @cached_property
    def coverage(self) -> Coverage:
        """The days the tips cover (see :class:`hotspots.periods.Coverage`); read by
        every comparison and time axis of a rerun, so computed once per table."""
        if not len(self):
            return Coverage(None, None)
        return coverage_of(day_of(self.day.min()), day_of(self.day.max()), self.data_since)

    def mask(self, f: Filters, latest: date) -> np.ndarray:
        first, last = f.period(latest)
        return self.mask_days(f, day_number(first), day_number(last))

    def mask_days(self, f: Filters, first: int, last: int) -> np.ndarray:
        m = (self.day >= first) & (self.day <= last)
        if f.communes:
            m &= np.isin(self.commune, self.commune_index(f.communes))
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

    def commune_index(self, codes: tuple[str, ...]) -> list[int]:
        """Positions of ``codes`` among the table's communes (unknown codes left out)."""
        where = _positions(self.commune_codes)
        return [where[c] for c in codes if c in where]


@cache
def _positions(codes: tuple[str, ...]) -> dict[str, int]:
    return {c: i for i, c in enumerate(codes)}


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


def load_tips(store: Store, area: Area) -> TipTable:
    """Every tip of the store as a :class:`TipTable`, with the districts and communes
    of ``area`` (a tip stored before communes were recorded gets the commune of its
    cell, else of its district)."""
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
        tips.c.commune,
        tips.c.precision,
    ]
    codes = tuple(area.districts.codes)
    communes = tuple(area.communes.codes)
    parts = _read_columns(store, select(*cols), codes, communes)
    _fill_communes(parts, area)
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
        commune=parts["commune"],
        tags=parts["tags"],
        district_codes=codes,
        commune_codes=communes,
        data_since=store.get_meta(DATA_SINCE_KEY),
        precision=parts["precision"],
    )


#: Rows converted to arrays at a time: the Python row objects of one part are the
#: only transient cost (about 100 MB per 100,000 rows would be 1 GB for 1M at once).
READ_PART_ROWS = 100_000


def _fill_communes(parts: dict[str, np.ndarray], area: Area) -> None:
    """The commune of rows stored without one (before schema version 5): the commune of
    the cell's centre, else the commune of the district."""
    missing = np.flatnonzero(parts["commune"] == MISSING_COMMUNE)
    if not len(missing):
        return
    district_codes = [*area.districts.codes, None]  # index -1: no district
    found = _communes_of(
        area, parts["h3"][missing], [district_codes[d] for d in parts["district"][missing]]
    )
    where = _positions(tuple(area.communes.codes))
    parts["commune"][missing] = [where.get(c, -1) if c else -1 for c in found]


def _communes_of(area: Area, cells: np.ndarray, districts: list[str | None]) -> np.ndarray:
    """The commune of rows stored without one: of the cell's centre (each distinct cell
    located once), else of the district; ``None`` for neither."""
    cells = np.asarray(cells).astype(np.int64).view(np.uint64)
    out = np.full(len(cells), None, dtype=object)
    located = np.flatnonzero(cells != 0)
    if len(located):
        unique, back = np.unique(cells[located], return_inverse=True)
        centres = np.array([h3i.cell_to_latlng(int(c)) for c in unique])
        out[located] = area.locate(centres[:, 0], centres[:, 1])[0][back]
    of_district = dict(zip(area.districts.codes, area.district_communes, strict=True))
    for i in np.flatnonzero(cells == 0):
        district = districts[i]
        out[i] = of_district.get(district) or None if district is not None else None
    return out


#: Stand-in, while reading, for a commune the row does not record (NULL).
MISSING_COMMUNE = -2


def _read_columns(
    store: Store, query, codes: tuple[str, ...], communes: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """The tips query's columns as compact arrays, read in parts (server-side cursor on
    PostgreSQL). 64-bit cells never pass through float64; equal tag strings share one
    object."""
    category_index = {c: i for i, c in enumerate(CATEGORIES)}
    other = CATEGORIES.index("other")
    district_index = {c: i for i, c in enumerate(codes)}
    commune_index: dict[str | None, int] = {c: i for i, c in enumerate(communes)}
    commune_index[None] = MISSING_COMMUNE
    precision_index = {p: i for i, p in enumerate(PRECISIONS)}
    unresolved = PRECISIONS.index("unresolved")
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
            out["commune"].append(
                np.array([commune_index.get(v, -1) for v in c["commune"]], dtype=np.int16)
            )
            out["precision"].append(
                np.array(
                    [precision_index.get(v, unresolved) for v in c["precision"]], dtype=np.int8
                )
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
    "commune": np.int16,
    "precision": np.int8,
}


@dataclass
class OpsTable:
    """Operations (one row each), their linked tips and their seizures."""

    ops: pd.DataFrame  # key64, started_ts, day, month, kind, arrests, cash_eur, h3, district,
    # commune (INSEE code or None)
    links: pd.DataFrame  # op_key64, tip_key64
    seized: pd.DataFrame  # op_key64, substance, unit, quantity


def load_ops(store: Store, area: Area) -> OpsTable:
    """Every operation, its linked tips and its seizures (an operation stored before
    communes were recorded gets the commune of its cell, else of its district)."""
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
                    operations.c.commune,
                )
            ).all(),
            columns=[
                "key64",
                "started_ts",
                "kind",
                "arrests",
                "cash_eur",
                "h3",
                "district",
                "commune",
            ],  # fmt: skip
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
    ops["commune"] = pd.Series(_op_communes(ops, area), index=ops.index, dtype=object)
    return OpsTable(ops, links, seized)


def _op_communes(ops: pd.DataFrame, area: Area) -> list[str | None]:
    """The stored commune of each operation, else (stored before v5) the one of its
    cell or district."""
    out = ops["commune"].astype(object).tolist()
    missing = [i for i, c in enumerate(out) if c is None]
    if missing:
        found = _communes_of(
            area, ops["h3"].to_numpy()[missing], [ops["district"].iloc[i] for i in missing]
        )
        for i, commune in zip(missing, found, strict=True):
            out[i] = commune
    return out


def latest_day(table: TipTable, ops: OpsTable) -> date:
    """The day of the most recent tip or operation (today for an empty store)."""
    days = [table.day.max()] if len(table) else []
    if len(ops.ops):
        days.append(ops.ops["day"].max())
    return day_of(max(days)) if days else datetime.now(LOCAL_TZ).date()
