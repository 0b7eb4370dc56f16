"""Hot spots under the filters: the exact test over the study area, emerging hot
spots, and the ranked list of hot places."""

from __future__ import annotations

from datetime import date

import h3.api.basic_int as h3i
import numpy as np
import pandas as pd

from hotspots.areas import Area
from hotspots.change_test import compare_counts
from hotspots.figures import current_coverage
from hotspots.filters import DEFAULT_RESOLUTION, Filters
from hotspots.geo import Districts
from hotspots.periods import day_number, day_of, month_index, previous_period
from hotspots.roles import Role, require
from hotspots.tables import OpsTable, TipTable, cell_parents

__all__ = [
    "PLACE_MIN_BIN",
    "WEEKLY_MIN_TIPS",
    "emerging",
    "hot_spot_places",
    "hot_spots",
    "study_area",
]


def hot_spots(
    table: TipTable,
    f: Filters,
    latest: date,
    area: Area,
    params=None,
    *,
    role: Role | str | None,
) -> tuple[pd.DataFrame, dict]:
    """Gi* of the filtered, point-located tips over every cell of the zone
    (:func:`test_zone`), with the parameters used and the zone (``"zone"``: INSEE
    codes). ``params``: a :class:`hotspots.hotspot_stats.HotSpotParameters`, resolution
    9 by default. Raises :class:`hotspots.hotspot_stats.HotSpotRefusal` when the
    selection is too small or the zone too large."""
    require(role, "map")
    from hotspots.hotspot_stats import HotSpotParameters, counts_per_cell, hot_spot_test

    params = params or HotSpotParameters()
    mask = table.mask(f, latest)
    zone = test_zone(area, table, f, mask)
    selected = table.parents(params.resolution)[mask]
    cells, weights = study_area(area.selection(zone), params.resolution)
    result = hot_spot_test(counts_per_cell(selected), cells, params, weights)
    return result, {**params.as_dict(), "zone": list(zone)}


#: Largest zone the hot-spot test runs over (km²; Besançon is 65, the Pays de
#: Montbéliard preset 143, the Doubs 5,219). Its reference is "tips spread evenly
#: over the zone": over a département of forests and farmland, every town would be a
#: hot spot, which says where people live, not where dealing concentrates.
MAX_ZONE_KM2 = 1_000.0


def test_zone(area: Area, table: TipTable, f: Filters, mask: np.ndarray) -> tuple[str, ...]:
    """The communes the test runs over: the filters' zone, or with none chosen the
    communes where the selected tips are; refused
    (:class:`hotspots.hotspot_stats.HotSpotRefusal`, ``what="zone"``) above
    :data:`MAX_ZONE_KM2`."""
    from hotspots.hotspot_stats import HotSpotRefusal

    communes = f.communes
    if not communes:
        held = np.unique(table.commune[mask & (table.h3 != 0) & (table.commune >= 0)])
        wanted = {table.commune_codes[i] for i in held}
        communes = tuple(c for c in area.communes.codes if c in wanted)
    if not communes:
        from hotspots.hotspot_stats import MIN_TIPS

        raise HotSpotRefusal(
            f"no located tip in the selection: a hot-spot analysis needs at least {MIN_TIPS}; "
            "widen the period or the filters",
            "tips",
            0,
            MIN_TIPS,
        )
    km2 = area.area_km2(communes)
    if km2 > MAX_ZONE_KM2:
        raise HotSpotRefusal(
            f"the zone covers {km2:,.0f} km²: the hot-spot test compares each place with "
            f"the rest of the zone and runs over at most {MAX_ZONE_KM2:,.0f} km²; choose a "
            "commune or a conurbation (--area besancon, pays-de-montbeliard…)",
            "zone",
            round(km2),
            MAX_ZONE_KM2,
        )
    return communes


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
    area: Area,
    resolution: int = DEFAULT_RESOLUTION,
    *,
    role: Role | str | None,
) -> tuple[pd.DataFrame, dict]:
    """Emerging hot spots of the filtered period: weekly steps when the data are dense
    enough (on average :data:`WEEKLY_MIN_TIPS` located tips a week), else calendar
    months."""
    require(role, "analysis")
    from hotspots.hotspot_stats import HotSpotParameters, emerging_hot_spots

    first_day, last_day = f.period(latest)
    first, last = day_number(first_day), day_number(last_day)
    m = table.mask_days(f, first, last) & (table.h3 != 0)
    zone = test_zone(area, table, f, m)
    weeks = (last - first) // 7 + 1
    if m.sum() / weeks >= WEEKLY_MIN_TIPS:
        unit, steps = "week", weeks
        step = (table.day[m] - first) // 7
    else:
        first_month = month_index(first_day)
        unit = "month"
        steps = month_index(last_day) - first_month + 1
        step = table.month[m] - first_month
    params = HotSpotParameters(resolution=resolution)
    cells, weights = study_area(area.selection(zone), resolution)
    result = emerging_hot_spots(
        table.parents(resolution)[m],
        np.asarray(step, dtype=np.int64),
        int(steps),
        cells,
        params,
        weights,
    )
    return result, {**params.as_dict(), "step": unit, "steps": int(steps), "zone": list(zone)}


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
    (:class:`hotspots.change_test.Comparison` of those cells against the previous
    period, as :func:`hotspots.figures.compare_with_previous` makes it),
    ``last_operation`` (day of the latest operation in those cells, any
    time up to ``latest``, or None), ``days_since`` and ``since_tips`` (the selection's
    tips in those cells after that operation's day, up to ``latest``; after none, 0).
    Ranked by level, then tips."""
    require(role, "map")
    columns = [
        "rank", "cell", "lat", "lon", "place", "level", "p_fdr", "cells", "tips", "change",
        "last_operation", "days_since", "since_tips",
    ]  # fmt: skip
    hot = result[result["bin"] >= PLACE_MIN_BIN]
    if hot.empty:
        return pd.DataFrame(columns=columns)
    cells = np.array([int(c, 16) for c in hot["h3"]], dtype=np.uint64)
    groups, group = np.unique(_touching_groups(cells.tolist()), return_inverse=True)
    # Every tip and operation is placed in its group once (-1: in no hot cell), so the
    # counts of all places come from one pass instead of one pass per place.
    tip_group = _group_of(table.parents(resolution), cells, group)
    period = f.period(latest)
    before = previous_period(*period)
    now = _count_per_group(tip_group, table.mask(f, latest), len(groups))
    then = _count_per_group(
        tip_group, table.mask_days(f, day_number(before[0]), day_number(before[1])), len(groups)
    )
    cover = current_coverage(table, latest)
    last_op_day = np.full(len(groups), -1, dtype=np.int64)
    if len(ops.ops):
        op_group = _group_of(cell_parents(ops.ops["h3"].to_numpy(), resolution), cells, group)
        done = (op_group >= 0) & (ops.ops["day"].to_numpy() <= day_number(latest))
        np.maximum.at(last_op_day, op_group[done], ops.ops["day"].to_numpy()[done])
    up_to_latest = table.mask_days(f, np.iinfo(np.int32).min, day_number(latest))
    since_group = tip_group[up_to_latest]
    since_day = table.day[up_to_latest]
    after_op = (since_group >= 0) & (last_op_day[since_group] >= 0)
    after_op &= since_day > last_op_day[since_group]
    since = np.bincount(since_group[after_op], minlength=len(groups))
    rows = []
    for g in range(len(groups)):
        members = hot[group == g]
        busiest = members.sort_values(["count", "neighbourhood"], ascending=False).iloc[0]
        lat, lon = h3i.cell_to_latlng(int(busiest["h3"], 16))
        last_op = day_of(int(last_op_day[g])) if last_op_day[g] >= 0 else None
        rows.append(
            {
                "cell": busiest["h3"],
                "lat": lat,
                "lon": lon,
                "place": landmarks.place_of(lat, lon),
                "level": int(members["bin"].max()),
                "p_fdr": float(members["p_fdr"].min()),
                "cells": len(members),
                "tips": int(now[g]),
                "change": compare_counts(int(now[g]), int(then[g]), period, before, cover),
                "last_operation": last_op,
                "days_since": (latest - last_op).days if last_op else None,
                "since_tips": int(since[g]),
            }
        )
    frame = pd.DataFrame(rows).sort_values(
        ["level", "tips", "p_fdr"], ascending=[False, False, True]
    )
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame[columns].reset_index(drop=True)


def _group_of(parents: np.ndarray, cells: np.ndarray, group: np.ndarray) -> np.ndarray:
    """The group of each parent cell among ``cells`` (-1 when it is none of them)."""
    order = np.argsort(cells)
    ordered = cells[order]
    position = np.clip(np.searchsorted(ordered, parents), 0, len(ordered) - 1)
    return np.where(ordered[position] == parents, group[order][position], -1)


def _count_per_group(tip_group: np.ndarray, mask: np.ndarray, groups: int) -> np.ndarray:
    chosen = tip_group[mask]
    return np.bincount(chosen[chosen >= 0], minlength=groups)


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
