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
    p, adjusted, level = _bins(z)
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


def _bins(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two-sided p-values, their Benjamini–Hochberg adjustment and the confidence level
    (0..3) of each z-score."""
    z = np.where(np.isfinite(z), z, 0.0)
    p = 2 * stats.norm.sf(np.abs(z))
    adjusted = stats.false_discovery_control(p, method="bh")
    level = np.zeros(len(p), dtype=int)
    for alpha, value in reversed(CONFIDENCE_BINS):
        level[adjusted < alpha] = value
    return p, adjusted, level


def counts_per_cell(parents: np.ndarray) -> pd.Series:
    """Tips per cell from the cells of the selected tips (0 = not located: left out)."""
    located = parents[parents != 0]
    unique, counts = np.unique(located, return_counts=True)
    return pd.Series(counts, index=unique.astype(np.uint64))


# --- Emerging hot spots ---------------------------------------------------------------

#: ArcGIS's Emerging Hot Spot Analysis categories (hot; the cold ones mirror them).
EMERGING_CATEGORIES = (
    "new",
    "consecutive",
    "intensifying",
    "persistent",
    "diminishing",
    "sporadic",
    "oscillating",
    "historical",
)
PERSISTENT_SHARE = 0.9
TREND_ALPHA = 0.05


def mann_kendall(series: np.ndarray) -> tuple[float, float]:
    """Mann–Kendall trend test: (z, two-sided p) with the variance corrected for ties."""
    x = np.asarray(series, dtype=float)
    n = len(x)
    if n < 3:
        return 0.0, 1.0
    s = float(sum(np.sign(x[j] - x[i]) for i in range(n - 1) for j in range(i + 1, n)))
    _, ties = np.unique(x, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - float(np.sum(ties * (ties - 1) * (2 * ties + 5)))) / 18
    if var <= 0:
        return 0.0, 1.0
    z = (s - np.sign(s)) / np.sqrt(var)
    return float(z), float(2 * stats.norm.sf(abs(z)))


def emerging_category(bins: np.ndarray, z: np.ndarray) -> str:
    """The Emerging Hot Spot category of one cell from its Gi* bins (−3..3) and z-scores
    over time, oldest first (ArcGIS's definitions; significant = 90 % or more)."""
    bins = np.asarray(bins)
    hot, cold = bins > 0, bins < 0
    if not hot.any() and not cold.any():
        return "no_pattern"
    if hot.any() and not cold.any():
        return _emerging(hot, cold, z, +1)
    if cold.any() and not hot.any():
        return "cold_" + _emerging(cold, hot, -np.asarray(z), -1)
    # both hot and cold in the history: oscillating, named after the last significant one
    last_hot = bool(hot[-1])
    if last_hot:
        return "oscillating" if hot.mean() < PERSISTENT_SHARE else _emerging(hot, cold, z, 1)
    if cold[-1]:
        return (
            "cold_oscillating"
            if cold.mean() < PERSISTENT_SHARE
            else "cold_" + _emerging(cold, hot, -np.asarray(z), -1)
        )
    return "no_pattern"  # hot and cold in the past, neither at the end


def _emerging(sig: np.ndarray, other: np.ndarray, z: np.ndarray, _sign: int) -> str:
    """Category for a cell significant in one direction (``sig``), never in ``other``
    except where handled by the caller; ``z`` is oriented so that up = more extreme."""
    share = sig.mean()
    last = bool(sig[-1])
    if share >= PERSISTENT_SHARE:
        if not last:
            return "historical"
        trend, p = mann_kendall(z)
        if p < TREND_ALPHA:
            return "intensifying" if trend > 0 else "diminishing"
        return "persistent"
    if last:
        if sig.sum() == 1:
            return "new"
        run = 0
        for value in sig[::-1]:
            if not value:
                break
            run += 1
        if run >= 2 and run == sig.sum():
            return "consecutive"
    return "sporadic"


def emerging_hot_spots(
    cells_per_tip: np.ndarray,
    step_per_tip: np.ndarray,
    steps: int,
    cells: np.ndarray,
    params: GiParameters = GiParameters(),
) -> pd.DataFrame:
    """Emerging hot spots: Gi* of each time step (week or month) over every cell, then
    per cell the Mann–Kendall trend of its z-scores and its ArcGIS category.

    ``cells_per_tip`` (integer H3 cells at ``params.resolution``, 0 = not located) and
    ``step_per_tip`` (0 .. steps-1) describe the selected tips. Each step's Gi* uses the
    spatial neighbourhood only (no pooling across steps). Returns ``h3, category,
    trend_z, trend_p, hot_steps, cold_steps, count``.
    """
    from esda.getisord import G_Local

    located = cells_per_tip != 0
    tips_cells = np.asarray(cells_per_tip[located], dtype=np.uint64)
    tips_steps = np.asarray(step_per_tip[located], dtype=np.int64)
    cells = np.union1d(np.asarray(cells, dtype=np.uint64), tips_cells)
    if len(cells) < MIN_CELLS:
        raise HotSpotRefusal(f"only {len(cells)} cells", "cells", len(cells), MIN_CELLS)
    if len(tips_cells) < MIN_TIPS:
        raise HotSpotRefusal(
            f"only {len(tips_cells)} located tips", "tips", len(tips_cells), MIN_TIPS
        )
    if steps < 3:
        raise HotSpotRefusal(f"only {steps} time steps", "steps", steps, 3)
    position = np.searchsorted(cells, tips_cells)
    counts = np.zeros((steps, len(cells)))
    np.add.at(counts, (tips_steps, position), 1)
    w = _weights(cells, params.k)
    z = np.zeros((steps, len(cells)))
    level = np.zeros((steps, len(cells)), dtype=int)
    for t in range(steps):
        if counts[t].std() == 0:
            continue  # no variation at all in this step: nothing is significant
        gi = G_Local(counts[t], w, transform="B", permutations=0, star=True)
        z[t] = np.nan_to_num(np.asarray(gi.Zs, dtype=float))
        level[t] = _bins(z[t])[2]
    signed = np.sign(z).astype(int) * level
    rows = []
    for i, cell in enumerate(cells):
        trend_z, trend_p = mann_kendall(z[:, i])
        rows.append(
            (
                format(int(cell), "x"),
                emerging_category(signed[:, i], z[:, i]),
                round(trend_z, 4),
                trend_p,
                int((signed[:, i] > 0).sum()),
                int((signed[:, i] < 0).sum()),
                int(counts[:, i].sum()),
            )
        )
    return pd.DataFrame(
        rows,
        columns=["h3", "category", "trend_z", "trend_p", "hot_steps", "cold_steps", "count"],
    )
