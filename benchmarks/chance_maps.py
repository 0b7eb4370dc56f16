"""How often the hot-spot test finds a hot spot in pure chance, and whether it finds
the planted clusters it should: the figures behind the README's claims about the test.

Pure chance: tips drawn uniformly over the commune's outline, ``per_month`` a month
for ``months`` months, each month analysed on its own at resolution 9 (as an analyst
would page through the months). A map "shows a hot spot" when at least one cell is
binned hot at 95 % or more.

Emerging hot spots: twelve steps of pure chance, ten series per rate and resolution;
the share of rated cells that get any hot or cold category.

Run: ``python -m benchmarks.chance_maps`` (prints one JSON object).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from hotspots.geo import cells_of_points, load_districts
from hotspots.hotspot_stats import (
    HotSpotParameters,
    HotSpotRefusal,
    cell_area_shares,
    counts_per_cell,
    emerging_hot_spots,
    hot_spot_test,
    study_cells,
)

GEODATA = Path(__file__).resolve().parents[1] / "geodata"


def uniform_points(area: shapely.Geometry, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points (lat, lon) uniform over ``area`` (rejection sampling in its bounds)."""
    west, south, east, north = area.bounds
    out: list[np.ndarray] = []
    found = 0
    while found < n:
        lon = rng.uniform(west, east, 4 * n)
        lat = rng.uniform(south, north, 4 * n)
        inside = shapely.contains_xy(area, lon, lat)
        out.append(np.column_stack([lat[inside], lon[inside]]))
        found += int(inside.sum())
    return np.concatenate(out)[:n]


def chance_series(
    per_step: int, steps: int, seed: int, resolution: int = 9
) -> tuple[np.ndarray, np.ndarray]:
    """Pure-chance tips for ``steps`` time steps: (H3 cell, step) of each tip."""
    area = shapely.union_all(np.array(load_districts(GEODATA).polygons))
    rng = np.random.default_rng(seed)
    points = uniform_points(area, per_step * steps, rng)
    cells = cells_of_points(points[:, 0], points[:, 1], resolution).astype(np.uint64)
    return cells, np.repeat(np.arange(steps), per_step)


def chance_maps(per_month: int, months: int, seed: int, resolution: int = 9) -> list[pd.DataFrame]:
    """One hot-spot result per month of pure-chance tips."""
    cells, weights = study_area(resolution)
    tip_cells, month = chance_series(per_month, months, seed, resolution)
    params = HotSpotParameters(resolution=resolution)
    return [
        hot_spot_test(counts_per_cell(tip_cells[month == m]), cells, params, weights)
        for m in range(months)
    ]


def study_area(resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """The study cells of the shipped districts and the share of each in the area."""
    districts = load_districts(GEODATA)
    cells = study_cells(districts, resolution)
    return cells, cell_area_shares(districts, cells)


def main() -> int:
    report = {}
    for per_month in (40, 120):
        maps = chance_maps(per_month, 10, seed=per_month)
        report[f"{per_month}_a_month"] = {
            "maps": len(maps),
            "maps_with_hot_95": sum(bool((m["bin"] >= 2).any()) for m in maps),
            "maps_with_any_95": sum(bool((m["bin"].abs() >= 2).any()) for m in maps),
            "cells_hot_95": int(sum((m["bin"] >= 2).sum() for m in maps)),
        }
    for per_step, resolution in ((16, 8), (40, 9), (120, 9), (120, 8)):
        cells, weights = study_area(resolution)
        flagged = rated = 0
        for seed in range(10):
            tip_cells, steps = chance_series(per_step, 12, seed, resolution)
            try:
                out = emerging_hot_spots(
                    tip_cells, steps, 12, cells, HotSpotParameters(resolution=resolution), weights
                )
            except HotSpotRefusal:
                continue
            rated_cells = out[out["category"] != "insufficient_data"]
            rated += len(rated_cells)
            flagged += int((rated_cells["category"] != "no_pattern").sum())
        report[f"emerging_{per_step}_a_month_res{resolution}"] = {
            "series": 10,
            "cells_rated": rated,
            "cells_with_a_category": flagged,
        }
    json.dump(report, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
