"""Hot-spot statistics on H3 cells that hold at the counts the cell really sees.

The analysed cells are every cell of the study area at the chosen resolution, empty
ones included, plus any cell outside it that holds a selected tip. A cell's
*neighbourhood* is the cell and its k-ring (``h3.grid_disk``) within those cells.

**The test** (what the bins come from). Under "no hot spot", given the N located tips
of the selection, each tip falls in any analysed cell with the same probability, so a
neighbourhood of m cells out of n holds Binomial(N, m / n) tips. Each neighbourhood
gets its exact upper-tail p-value (a hot spot: more tips than chance makes likely) and,
where the expected count makes an empty neighbourhood unlikely (P(0) below
:data:`COLD_MAX_P_ZERO`), its exact lower-tail p-value (a cold spot). The
Benjamini–Hochberg false-discovery-rate correction runs over all these tests together,
and the bins follow ArcGIS's Hot Spot Analysis: ±3 at 99 %, ±2 at 95 %, ±1 at 90 %,
0 not significant. The test is exact at any count, including the sparse monthly maps
where most cells are empty; measured on pure chance (``benchmarks/chance_maps.py``),
it shows a hot spot at 95 % in 1 of 20 monthly maps where the analytical Gi* z-score
showed one in 14.

**Gi\\* z** (Getis-Ord, esda's ``G_Local`` with ``star=True``, binary weights) is kept
beside it as a descriptive intensity: how far a neighbourhood stands above the area's
mean, in standard deviations. Its normal p-value is far off in the tail on sparse
counts (a 2-tip cell gets z ≈ 12), so it bins nothing. A permutation check (esda's
``p_sim``, seeded) can be asked for beside it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import h3
import h3.api.basic_int as h3i
import numpy as np
import pandas as pd
import shapely
from scipy import sparse, stats

from hotspots.geo import Districts

__all__ = [
    "COLD_MAX_P_ZERO",
    "MIN_CELLS",
    "MIN_EXPECTED_PER_STEP",
    "MIN_TIPS",
    "HotSpotParameters",
    "HotSpotRefusal",
    "counts_per_cell",
    "emerging_hot_spots",
    "exact_neighbourhood_test",
    "hot_spot_test",
    "cell_area_shares",
    "study_cells",
]

MIN_CELLS = 30
MIN_TIPS = 30
#: (FDR-adjusted p below, |bin|): ArcGIS's confidence bins.
CONFIDENCE_BINS = ((0.01, 3), (0.05, 2), (0.10, 1))
#: A neighbourhood is tested for a cold spot only when an empty neighbourhood would be
#: this unlikely under chance: with a higher P(0), even a neighbourhood with no tip at
#: all could not reach 95 %, and the test would only dilute the correction.
COLD_MAX_P_ZERO = 0.05


class HotSpotRefusal(ValueError):
    """The data cannot support a hot-spot analysis; the message says why. ``what`` is
    ``"cells"``, ``"tips"``, ``"steps"``, ``"expected"`` or ``"zone"``, ``found`` how
    many there are, ``needed`` the minimum (for ``"zone"``: the km² of the zone and the
    most allowed)."""

    def __init__(self, message: str, what: str, found: float, needed: float):
        super().__init__(message)
        self.what, self.found, self.needed = what, found, needed


@dataclass(frozen=True)
class HotSpotParameters:
    resolution: int = 9
    k: int = 1
    permutations: int = 0
    seed: int = 12345
    test: str = "exact binomial, per neighbourhood"
    correction: str = "Benjamini-Hochberg FDR"

    def as_dict(self) -> dict:
        return asdict(self)


def study_cells(districts: Districts, resolution: int) -> np.ndarray:
    """Every H3 cell (integer form, sorted) whose centre lies in the districts."""
    area = districts.outline
    cells = h3.geo_to_cells(shapely.geometry.mapping(area), resolution)
    return np.array(sorted(h3.str_to_int(c) for c in cells), dtype=np.uint64)


def cell_area_shares(districts: Districts, cells: np.ndarray) -> np.ndarray:
    """The share of each cell's surface that lies in the study area (0..1).

    A cell on the area's edge (its centre inside) holds less of the area than an inner
    one, so under "tips spread uniformly over the area" it expects fewer tips; counting
    it as a whole cell would make the inner cells look hot at coarse resolutions.
    """
    area = districts.outline
    shapes = shapely.polygons(
        [[(lon, lat) for lat, lon in h3i.cell_to_boundary(int(c))] for c in cells]
    )
    shapely.prepare(area)
    shares = np.ones(len(cells))
    # only the cells on the edge are cut (2 % of the Doubs' at resolution 9): the
    # intersection of the others would be their whole surface
    edge = np.flatnonzero(~shapely.contains_properly(area, shapes))
    inside = shapely.area(shapely.intersection(shapes[edge], area))
    shares[edge] = np.clip(inside / shapely.area(shapes[edge]), 0.0, 1.0)
    return shares


def _neighbours(cells: np.ndarray, k: int) -> dict[int, list[int]]:
    """For each cell's position, the positions of its k-ring among ``cells`` (itself
    left out)."""
    index = {int(c): i for i, c in enumerate(cells)}
    neighbours: dict[int, list[int]] = {}
    for i, cell in enumerate(cells):
        ring = h3.grid_disk(h3.int_to_str(int(cell)), k)
        neighbours[i] = sorted(
            j for j in (index.get(h3.str_to_int(c)) for c in ring) if j is not None and j != i
        )
    return neighbours


def _neighbourhood_matrix(neighbours: dict[int, list[int]]) -> sparse.csr_matrix:
    """Binary n × n matrix of the neighbourhoods, each cell included in its own."""
    n = len(neighbours)
    rows = np.concatenate([np.arange(n), *[np.full(len(v), i) for i, v in neighbours.items()]])
    cols = np.concatenate([np.arange(n), *[np.asarray(v, dtype=int) for v in neighbours.values()]])
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))


def exact_neighbourhood_test(
    observed: np.ndarray, total: np.ndarray | int, share: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact tests of neighbourhood counts against Binomial(total, share).

    Returns the expected counts, the upper-tail p-values P(X ≥ observed) and the
    lower-tail p-values P(X ≤ observed), the latter NaN where an empty neighbourhood
    has a probability of :data:`COLD_MAX_P_ZERO` or more (no cold spot is testable
    there). All arguments broadcast together.
    """
    observed = np.asarray(observed, dtype=float)
    total = np.asarray(total, dtype=float)
    share = np.asarray(share, dtype=float)
    expected = total * share
    upper = np.where(observed > 0, stats.binom.sf(observed - 1, total, share), 1.0)
    p_zero = stats.binom.pmf(0, total, share)
    lower = np.where(p_zero < COLD_MAX_P_ZERO, stats.binom.cdf(observed, total, share), np.nan)
    return expected, upper, lower


def _fdr_bins(
    observed: np.ndarray, expected: np.ndarray, upper: np.ndarray, lower: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Benjamini–Hochberg over every hot test and every testable cold test together
    (arrays of any shape, all corrected as one family).

    Returns, per neighbourhood, the p-value of the direction it deviates in (the cold
    one only where testable), that p-value adjusted, and the signed bin (−3..3)."""
    shape = np.shape(upper)
    upper, lower = np.ravel(upper), np.ravel(lower)
    testable = np.isfinite(lower)
    family = np.concatenate([upper, lower[testable]])
    adjusted = stats.false_discovery_control(family, method="bh") if len(family) else family
    hot_adjusted = adjusted[: len(upper)]
    cold_adjusted = np.ones(len(upper))
    cold_adjusted[testable] = adjusted[len(upper) :]
    cold = testable & (np.ravel(observed) < np.ravel(expected))
    p_value = np.where(cold, np.where(testable, lower, 1.0), upper)
    p_fdr = np.where(cold, cold_adjusted, hot_adjusted)
    level = np.zeros(len(upper), dtype=int)
    for alpha, value in reversed(CONFIDENCE_BINS):
        level[p_fdr < alpha] = value
    bins = np.where(cold, -level, level)
    return p_value.reshape(shape), p_fdr.reshape(shape), bins.reshape(shape)


def _with_extra_cells(
    cells: np.ndarray, weights: np.ndarray | None, tip_cells: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The study cells plus the cells outside them that hold a tip, sorted, with their
    weights (the share of the cell in the area; 1 for every cell when none are given,
    and 1 for an added cell: analysed as a whole cell, which only lowers its own and
    its neighbours' chance of being called hot)."""
    cells = np.asarray(cells, dtype=np.uint64)
    weights = np.ones(len(cells)) if weights is None else np.asarray(weights, dtype=float)
    extra = np.setdiff1d(tip_cells, cells)
    all_cells = np.concatenate([cells, extra])
    all_weights = np.concatenate([weights, np.ones(len(extra))])
    order = np.argsort(all_cells)
    return all_cells[order], all_weights[order]


def _check_size(cells: int, tips: int, resolution: int) -> None:
    if cells < MIN_CELLS:
        raise HotSpotRefusal(
            f"only {cells} cells at resolution {resolution}: a hot-spot analysis "
            f"needs at least {MIN_CELLS}; choose a finer resolution or a larger area",
            "cells",
            cells,
            MIN_CELLS,
        )
    if tips < MIN_TIPS:
        raise HotSpotRefusal(
            f"only {tips} located tips in the selection: a hot-spot analysis needs at least "
            f"{MIN_TIPS}; widen the period or the filters",
            "tips",
            tips,
            MIN_TIPS,
        )


def hot_spot_test(
    counts: pd.Series,
    cells: np.ndarray,
    params: HotSpotParameters = HotSpotParameters(),
    weights: np.ndarray | None = None,
) -> pd.DataFrame:
    """Hot and cold spots of tip counts over ``cells`` (see the module's docstring).

    ``counts``: tips per cell (index: integer H3 cells at ``params.resolution``); cells
    of ``counts`` outside ``cells`` are added to the analysis. Returns one row per cell:
    ``h3`` (hex string), ``count``, ``neighbourhood`` (tips in the cell and its ring),
    ``expected`` (under chance), ``p_value`` (exact, one-sided, of the direction
    binned), ``p_fdr`` (Benjamini–Hochberg adjusted), ``bin`` (−3..3), ``gi_z``
    (descriptive) and, with permutations, ``p_sim`` (esda's pseudo p-value of Gi*).
    Raises :class:`HotSpotRefusal` below :data:`MIN_CELLS` cells or :data:`MIN_TIPS`
    tips.
    """
    from esda.getisord import G_Local
    from libpysal.weights import W

    cells, weight = _with_extra_cells(cells, weights, np.asarray(counts.index, dtype=np.uint64))
    y = counts.reindex(cells.astype(np.uint64)).fillna(0).to_numpy(dtype=float)
    total = int(y.sum())
    _check_size(len(cells), total, params.resolution)
    neighbours = _neighbours(cells, params.k)
    matrix = _neighbourhood_matrix(neighbours)
    observed = matrix @ y
    share = (matrix @ weight) / weight.sum()
    expected, upper, lower = exact_neighbourhood_test(observed, total, share)
    p_value, p_fdr, bins = _fdr_bins(observed, expected, upper, lower)
    gi = G_Local(
        y,
        W(neighbours, silence_warnings=True),
        transform="B",
        permutations=params.permutations,
        star=True,
        seed=params.seed,
        keep_simulations=False,
    )
    out = pd.DataFrame(
        {
            "h3": [format(int(c), "x") for c in cells],
            "count": y.astype(int),
            "neighbourhood": observed.astype(int),
            "expected": np.round(expected, 3),
            "p_value": p_value,
            "p_fdr": p_fdr,
            "bin": bins.astype(int),
            "gi_z": np.round(np.nan_to_num(np.asarray(gi.Zs, dtype=float)), 4),
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
    """The Emerging Hot Spot category of one cell from its bins (−3..3, 0 where a step is
    not significant) and its intensity over time, oldest first (ArcGIS's definitions;
    the intensity's Mann–Kendall trend separates intensifying, persistent and
    diminishing)."""
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


#: A cell gets an emerging category only when its space-time neighbourhood expects, on
#: average over the steps, at least this many tips under chance. Below it a category
#: would rest on one or two tips a step: measured on pure-chance series of 16 tips a
#: month at resolution 9 (expected 0.2 a step), cells that do pass the exact test there
#: are isolated pairs of tips that say nothing about a trend.
MIN_EXPECTED_PER_STEP = 1.0
#: A step counts as hot (or cold) for the categories from this bin up (2 = 95 %).
#: ArcGIS counts 90 % and corrects each step apart; measured on pure-chance series
#: (``benchmarks/chance_maps.py``, 120 tips a month at resolution 8) that flagged 15 %
#: of the cells, most of them "sporadic". One correction over the whole cube and 95 %
#: keep it under 1 %.
EMERGING_MIN_BIN = 2


def emerging_hot_spots(
    cells_per_tip: np.ndarray,
    step_per_tip: np.ndarray,
    steps: int,
    cells: np.ndarray,
    params: HotSpotParameters = HotSpotParameters(),
    weights: np.ndarray | None = None,
) -> pd.DataFrame:
    """Emerging hot spots: the exact neighbourhood test of each time step over a
    space-time neighbourhood, then per cell its ArcGIS category.

    As in ArcGIS's space-time cube, a cell's neighbourhood at step t is its k-ring at
    steps t and t − 1 (the first step has no previous one); under chance its count is
    Binomial(tips of those steps, share of the area it covers). The tests of every
    step and cell are corrected together (Benjamini–Hochberg over the whole cube, hot
    and testable cold tests), binned −3..3, and a cell's history of bins gives its
    category (significant = :data:`EMERGING_MIN_BIN` or more). The trend is
    Mann–Kendall's on the standardised excess (observed − expected) / √expected. A
    cell whose neighbourhood expects fewer than :data:`MIN_EXPECTED_PER_STEP` tips per
    step on average gets ``insufficient_data``.

    ``cells_per_tip`` (integer H3 cells at ``params.resolution``, 0 = not located) and
    ``step_per_tip`` (0 .. steps-1) describe the selected tips. Returns ``h3, category,
    trend_z, trend_p, hot_steps, cold_steps, count, expected_per_step``. Raises
    :class:`HotSpotRefusal` when no cell reaches the minimum expected count.
    """
    located = cells_per_tip != 0
    tips_cells = np.asarray(cells_per_tip[located], dtype=np.uint64)
    tips_steps = np.asarray(step_per_tip[located], dtype=np.int64)
    cells, weight = _with_extra_cells(cells, weights, tips_cells)
    _check_size(len(cells), len(tips_cells), params.resolution)
    if steps < 3:
        raise HotSpotRefusal(f"only {steps} time steps", "steps", steps, 3)
    position = np.searchsorted(cells, tips_cells)
    counts = np.zeros((steps, len(cells)))
    np.add.at(counts, (tips_steps, position), 1)
    matrix = _neighbourhood_matrix(_neighbours(cells, params.k))
    spatial = np.asarray((matrix @ counts.T).T)
    pooled = spatial.copy()
    pooled[1:] += spatial[:-1]
    totals = counts.sum(axis=1)
    pooled_totals = totals.copy()
    pooled_totals[1:] += totals[:-1]
    share = (matrix @ weight) / weight.sum()
    expected, upper, lower = exact_neighbourhood_test(
        pooled, pooled_totals[:, None], share[None, :]
    )
    signed = np.zeros((steps, len(cells)), dtype=int)
    tested = pooled_totals > 0
    signed[tested] = _fdr_bins(pooled[tested], expected[tested], upper[tested], lower[tested])[2]
    significant = np.abs(signed) >= EMERGING_MIN_BIN
    signed = np.where(significant, signed, 0)
    excess = np.divide(
        pooled - expected, np.sqrt(expected), out=np.zeros_like(expected), where=expected > 0
    )
    per_step = expected.mean(axis=0)
    if not (per_step >= MIN_EXPECTED_PER_STEP).any():
        raise HotSpotRefusal(
            f"a neighbourhood expects at most {per_step.max():.2f} tips per time step under "
            f"chance; at least {MIN_EXPECTED_PER_STEP} are needed: choose larger hexagons "
            "or a longer period",
            "expected",
            round(float(per_step.max()), 2),
            MIN_EXPECTED_PER_STEP,
        )
    rows = []
    for i, cell in enumerate(cells):
        trend_z, trend_p = mann_kendall(excess[:, i])
        enough = per_step[i] >= MIN_EXPECTED_PER_STEP
        rows.append(
            (
                format(int(cell), "x"),
                emerging_category(signed[:, i], excess[:, i]) if enough else "insufficient_data",
                round(trend_z, 4),
                trend_p,
                int((signed[:, i] > 0).sum()) if enough else 0,
                int((signed[:, i] < 0).sum()) if enough else 0,
                int(counts[:, i].sum()),
                round(float(per_step[i]), 3),
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "h3",
            "category",
            "trend_z",
            "trend_p",
            "hot_steps",
            "cold_steps",
            "count",
            "expected_per_step",
        ],
    )
