"""Hot-spot statistics on H3 cells: Getis-Ord Gi* with false-discovery-rate control.

The analysed cells are every cell of the study area at the chosen resolution, empty
ones included (a hot spot is "more than around it", and the empty surroundings are
what make it so). Neighbourhoods are binary k-rings (``h3.grid_disk``) turned into a
libpysal weights object; esda's ``G_Local`` with ``star=True`` computes Gi*.

Bins follow ArcGIS's Hot Spot Analysis: ±3 at 99 %, ±2 at 95 %, ±1 at 90 %
confidence, 0 not significant, from the analytical z-score's two-sided p-value after a
Benjamini–Hochberg false-discovery-rate correction over all cells. Permutation
inference (seeded) is offered as a robustness check beside it, not as the binning
rule: its p-value is bounded below by 1/(permutations + 1) and stays weak for a strong
single-cell hot spot with the focal cell included, so after FDR it misses clusters.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import h3
import numpy as np
import pandas as pd
import shapely
from scipy import stats

from hotspots.geo import Districts

__all__ = ["MIN_CELLS", "MIN_TIPS", "GiParameters", "HotSpotRefusal", "gi_star", "study_cells"]

MIN_CELLS = 30
MIN_TIPS = 30
CONFIDENCE_BINS = ((0.01, 3), (0.05, 2), (0.10, 1))


class HotSpotRefusal(ValueError):
    """The data cannot support a hot-spot analysis; the message says why. ``what`` is
    ``"cells"`` or ``"tips"``, ``found`` how many there are, ``needed`` the minimum."""

    def __init__(self, message: str, what: str, found: int, needed: int):
        super().__init__(message)
        self.what, self.found, self.needed = what, found, needed


@dataclass(frozen=True)
class GiParameters:
    resolution: int = 9
    k: int = 1
    permutations: int = 0
    seed: int = 12345
    correction: str = "Benjamini-Hochberg FDR"

    def as_dict(self) -> dict:
        return asdict(self)


def study_cells(districts: Districts, resolution: int) -> np.ndarray:
    """Every H3 cell (integer form, sorted) whose centre lies in the districts."""
    area = shapely.union_all(np.array(districts.polygons))
    cells = h3.geo_to_cells(shapely.geometry.mapping(area), resolution)
    return np.array(sorted(h3.str_to_int(c) for c in cells), dtype=np.uint64)


def _weights(cells: np.ndarray, k: int):
    from libpysal.weights import W

    index = {int(c): i for i, c in enumerate(cells)}
    neighbours: dict[int, list[int]] = {}
    for i, cell in enumerate(cells):
        ring = h3.grid_disk(h3.int_to_str(int(cell)), k)
        neighbours[i] = sorted(
            j for j in (index.get(h3.str_to_int(c)) for c in ring) if j is not None and j != i
        )
    return W(neighbours, silence_warnings=True)


def gi_star(
    counts: pd.Series, cells: np.ndarray, params: GiParameters = GiParameters()
) -> pd.DataFrame:
    """Gi* of tip counts over ``cells``.

    ``counts``: tips per cell (index: integer H3 cells at ``params.resolution``); cells
    of ``counts`` outside ``cells`` are added to the analysis. Returns one row per cell:
    ``h3`` (hex string), ``count``, ``gi_z``, ``p_value`` (two-sided, analytical),
    ``p_fdr`` (Benjamini–Hochberg adjusted), ``bin`` (−3..3) and, with permutations,
    ``p_sim`` (esda's pseudo p-value).
    """
    from esda.getisord import G_Local

    extra = np.setdiff1d(np.asarray(counts.index, dtype=np.uint64), cells)
    cells = np.sort(np.concatenate([np.asarray(cells, dtype=np.uint64), extra]))
    y = counts.reindex(cells.astype(np.uint64)).fillna(0).to_numpy(dtype=float)
    total = int(y.sum())
    if len(cells) < MIN_CELLS:
        raise HotSpotRefusal(
            f"only {len(cells)} cells at resolution {params.resolution}: a hot-spot analysis "
            f"needs at least {MIN_CELLS}; choose a finer resolution or a larger area",
            "cells",
            len(cells),
            MIN_CELLS,
        )
    if total < MIN_TIPS:
        raise HotSpotRefusal(
            f"only {total} located tips in the selection: a hot-spot analysis needs at least "
            f"{MIN_TIPS}; widen the period or the filters",
            "tips",
            total,
            MIN_TIPS,
        )
    w = _weights(cells, params.k)
    gi = G_Local(
        y,
        w,
        transform="B",
        permutations=params.permutations,
        star=True,
        seed=params.seed,
        keep_simulations=False,
    )
    z = np.asarray(gi.Zs, dtype=float)
    p = 2 * stats.norm.sf(np.abs(z))
    p = np.where(np.isfinite(p), p, 1.0)
    adjusted = stats.false_discovery_control(p, method="bh")
    level = np.zeros(len(p), dtype=int)
    for alpha, value in reversed(CONFIDENCE_BINS):
        level[adjusted < alpha] = value
    out = pd.DataFrame(
        {
            "h3": [format(int(c), "x") for c in cells],
            "count": y.astype(int),
            "gi_z": np.round(z, 4),
            "p_value": p,
            "p_fdr": adjusted,
            "bin": (np.sign(z) * level).astype(int),
        }
    )
    if params.permutations:
        out["p_sim"] = np.asarray(gi.p_sim, dtype=float)
    return out


def counts_per_cell(parents: np.ndarray) -> pd.Series:
    """Tips per cell from the cells of the selected tips (0 = not located: left out)."""
    located = parents[parents != 0]
    unique, counts = np.unique(located, return_counts=True)
    return pd.Series(counts, index=unique.astype(np.uint64))
