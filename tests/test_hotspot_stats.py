"""The hot-spot test on H3 cells: planted clusters are found, pure chance at the counts
the cell really sees is not flagged, the p-values are the exact binomial tails, and the
descriptive Gi* equals esda's on the same counts and weights."""

from __future__ import annotations

from pathlib import Path

import h3
import numpy as np
import pandas as pd
import pytest

from benchmarks.chance_maps import chance_maps, chance_series, study_area
from hotspots.geo import load_districts
from hotspots.hotspot_stats import (
    MIN_EXPECTED_PER_STEP,
    HotSpotParameters,
    HotSpotRefusal,
    emerging_category,
    emerging_hot_spots,
    hot_spot_test,
    mann_kendall,
    study_cells,
)

GEODATA = Path(__file__).resolve().parents[1] / "geodata"


@pytest.fixture(scope="module")
def cells():
    return study_cells(load_districts(GEODATA), 9)


def plant(cells, seed, centres=3, extra=6.0, background=0.3):
    """Poisson background everywhere, plus clusters (a cell and its ring) well apart."""
    rng = np.random.default_rng(seed)
    y = rng.poisson(background, len(cells)).astype(float)
    index = {int(c): i for i, c in enumerate(cells)}
    planted: set[int] = set()
    chosen: list[int] = []
    for i in rng.permutation(len(cells)):
        cell = h3.int_to_str(int(cells[i]))
        ring = [h3.str_to_int(c) for c in h3.grid_disk(cell, 1)]
        far = all(h3.grid_distance(cell, h3.int_to_str(c)) > 6 for c in chosen)
        if far and all(c in index for c in ring):
            chosen.append(int(cells[i]))
            planted.update(ring)
        if len(chosen) == centres:
            break
    for c in planted:
        y[index[c]] += rng.poisson(extra)
    return pd.Series(y, index=cells), planted, chosen


def test_study_area_cells(cells):
    assert 500 < len(cells) < 800  # 65 km² of res-9 cells (0.1 km² each)
    assert len(set(cells.tolist())) == len(cells)


@pytest.mark.parametrize("seed", range(5))
def test_planted_clusters_are_found(cells, seed):
    counts, planted, centres = plant(cells, seed)
    out = hot_spot_test(counts, cells).set_index("h3")
    hot = out.loc[[format(c, "x") for c in planted], "bin"]
    assert (hot >= 2).mean() >= 0.95
    far = [
        format(int(c), "x")
        for c in cells
        if min(h3.grid_distance(h3.int_to_str(int(c)), h3.int_to_str(x)) for x in centres) >= 3
    ]
    assert (out.loc[far, "bin"].abs() >= 1).mean() <= 0.05


def test_randomness_is_not_flagged(cells):
    shares = []
    for seed in range(20):
        counts = pd.Series(np.random.default_rng(seed).poisson(1.0, len(cells)), index=cells)
        out = hot_spot_test(counts, cells)
        shares.append((out["bin"].abs() >= 2).mean())
    assert max(shares) <= 0.05
    assert np.mean(shares) <= 0.01


def _neighbourhood_positions(cells, k=1):
    index = {int(c): i for i, c in enumerate(cells)}
    return [
        [
            index[h3.str_to_int(n)]
            for n in h3.grid_disk(h3.int_to_str(int(c)), k)
            if h3.str_to_int(n) in index
        ]
        for c in cells
    ]


def test_p_values_are_the_exact_binomial_tails(cells):
    from scipy import stats

    counts, _, _ = plant(cells, 7)
    out = hot_spot_test(counts, cells)
    y = counts.to_numpy()
    total = y.sum()
    for i in [0, 17, 250, int(np.argmax(y))]:
        members = _neighbourhood_positions(cells)[i]
        observed, share = y[members].sum(), len(members) / len(cells)
        assert out["neighbourhood"].iloc[i] == observed
        assert out["expected"].iloc[i] == pytest.approx(total * share, abs=1e-3)
        cold_testable = stats.binom.pmf(0, total, share) < 0.05
        if observed < total * share and cold_testable:
            exact = stats.binom.cdf(observed, total, share)
        else:
            exact = stats.binom.sf(observed - 1, total, share)
        assert out["p_value"].iloc[i] == pytest.approx(exact, rel=1e-9, abs=1e-300)


def test_gi_z_is_esda_gi_star_on_the_same_counts_and_weights(cells):
    from esda.getisord import G_Local
    from libpysal.weights import W

    counts, _, _ = plant(cells, 7)
    out = hot_spot_test(counts, cells, HotSpotParameters(k=1))
    neighbours = {
        i: [j for j in members if j != i]
        for i, members in enumerate(_neighbourhood_positions(cells))
    }
    direct = G_Local(
        counts.to_numpy(),
        W(neighbours, silence_warnings=True),
        transform="B",
        star=True,
        permutations=0,
    )
    assert np.allclose(out["gi_z"], np.round(direct.Zs, 4))


@pytest.mark.parametrize("per_month", [40, 120])
def test_pure_chance_months_show_no_hot_spot(per_month):
    """Tips uniform over the commune, ten months analysed month by month: the analytical
    Gi* showed a hot spot at 95 % in 14 of these 20 maps; the exact test may show one in
    at most one of them (its false-alarm rate, measured on 300 such maps, is 1-2 %)."""
    maps = chance_maps(per_month, 10, seed=per_month)
    assert sum(bool((m["bin"].abs() >= 2).any()) for m in maps) <= 1
    assert sum(int((m["bin"] != 0).sum()) for m in maps) <= 2


def test_twelve_tips_in_one_cell_among_a_hundred_are_found(cells):
    rng = np.random.default_rng(11)
    target = cells[len(cells) // 3]
    tips = np.concatenate([rng.choice(cells, 88), np.full(12, target, dtype=np.uint64)])
    unique, n = np.unique(tips, return_counts=True)
    out = hot_spot_test(pd.Series(n, index=unique), cells).set_index("h3")
    assert out.loc[format(int(target), "x"), "bin"] >= 2
    assert (out["bin"] >= 2).sum() <= 7  # the cell and at most its ring


def test_two_tips_in_a_cell_are_not_a_hot_spot(cells):
    """The demo's case that Gi* called z = 12: a cell with 2 tips among 120."""
    rng = np.random.default_rng(3)
    tips = np.concatenate([rng.choice(cells, 118, replace=False), np.repeat(cells[100], 2)])
    unique, n = np.unique(tips, return_counts=True)
    out = hot_spot_test(pd.Series(n, index=unique), cells)
    assert (out["bin"] != 0).sum() == 0


def test_cold_spots_are_tested_only_where_an_empty_neighbourhood_is_unlikely(cells):
    sparse_counts = pd.Series(np.random.default_rng(1).poisson(0.2, len(cells)), index=cells)
    sparse_out = hot_spot_test(sparse_counts, cells)
    assert (sparse_out["bin"] < 0).sum() == 0  # expected ≈ 1.4: P(0) ≈ 0.25, untestable
    dense = np.random.default_rng(2).poisson(3.0, len(cells)).astype(float)
    hole = [h3.str_to_int(c) for c in h3.grid_disk(h3.int_to_str(int(cells[300])), 1)]
    dense_counts = pd.Series(dense, index=cells)
    dense_counts.loc[np.array(hole, dtype=np.uint64)] = 0
    out = hot_spot_test(dense_counts, cells).set_index("h3")
    assert out.loc[format(int(cells[300]), "x"), "bin"] <= -2


def test_permutations_are_seeded_and_reported(cells):
    counts, _, _ = plant(cells, 3)
    params = HotSpotParameters(permutations=99, seed=42)
    first, second = hot_spot_test(counts, cells, params), hot_spot_test(counts, cells, params)
    assert "p_sim" in first and first["p_sim"].equals(second["p_sim"])
    assert first["p_sim"].min() >= 1 / 100 - 1e-6  # bounded by 1 / (permutations + 1)


def test_cells_outside_the_area_are_added(cells):
    outside = h3.str_to_int(h3.latlng_to_cell(47.30, 5.90, 9))
    counts = pd.Series([40], index=np.array([outside], dtype=np.uint64))
    out = hot_spot_test(counts, cells)
    assert len(out) == len(cells) + 1 and out["count"].sum() == 40


def test_too_few_tips_or_cells_is_refused(cells):
    few = pd.Series([1] * 10, index=cells[:10])
    with pytest.raises(HotSpotRefusal, match="only 10 located tips"):
        hot_spot_test(few, cells)
    with pytest.raises(HotSpotRefusal, match="only 12 cells"):
        hot_spot_test(pd.Series([50], index=cells[:1]), cells[:12])


# --- emerging hot spots: each category on a constructed series ---------------------

RISING = np.linspace(2.0, 6.0, 12)
FLAT = np.array([3.1, 2.9, 3.0, 3.2, 2.8, 3.0, 3.1, 2.9, 3.0, 3.2, 2.8, 3.0])


@pytest.mark.parametrize(
    ("bins", "z", "category"),
    [
        ([0] * 11 + [3], [0.1] * 11 + [3.5], "new"),
        ([0] * 9 + [2, 2, 3], [0.1] * 9 + [2.5, 2.6, 3.5], "consecutive"),
        ([2] * 12, RISING, "intensifying"),
        ([2] * 12, FLAT, "persistent"),
        ([3] * 12, RISING[::-1], "diminishing"),
        ([0, 2, 0, 0, 2, 0, 0, 0, 2, 0, 0, 2], [0.5, 2.5] * 6, "sporadic"),
        ([2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0], [2.5, 0.1, 0.1, 0.1] * 3, "sporadic"),
        ([0, -2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2], [0.1, -2.5] + [0.1] * 9 + [2.5], "oscillating"),
        ([2] * 11 + [0], FLAT, "historical"),
        ([0] * 11 + [-3], [0.1] * 11 + [-3.5], "cold_new"),
        ([0] * 9 + [-2, -2, -3], [0] * 9 + [-2.5, -2.6, -3.5], "cold_consecutive"),
        ([-2] * 12, -RISING, "cold_intensifying"),
        ([-2] * 12, -FLAT, "cold_persistent"),
        ([-2] * 12, -RISING[::-1], "cold_diminishing"),
        ([0, -2, 0, 0, -2, 0, 0, 0, -2, 0, 0, -2], [0.5, -2.5] * 6, "cold_sporadic"),
        (
            [0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, -2],
            [0.1, 2.5] + [0.1] * 9 + [-2.5],
            "cold_oscillating",
        ),
        ([-2] * 11 + [0], -FLAT, "cold_historical"),
        ([0] * 12, FLAT * 0, "no_pattern"),
    ],
)
def test_emerging_categories(bins, z, category):
    assert emerging_category(np.array(bins), np.array(z, dtype=float)) == category


def test_mann_kendall_matches_the_textbook_values():
    z, p = mann_kendall(np.arange(10.0))  # S = 45, var = 125: z = 44 / sqrt(125)
    assert z == pytest.approx(44 / np.sqrt(125)) and p < 0.001
    assert mann_kendall(np.ones(8)) == (0.0, 1.0)


def test_an_emerging_cluster_is_found(cells):
    rng = np.random.default_rng(5)
    steps = 12
    tip_cells, tip_steps = [], []
    for t in range(steps):  # background everywhere, every step
        n = rng.poisson(0.15 * len(cells))
        tip_cells.extend(rng.choice(cells, n).tolist())
        tip_steps.extend([t] * n)
    centre = h3.int_to_str(int(cells[len(cells) // 2]))
    cluster = [h3.str_to_int(c) for c in h3.grid_disk(centre, 1)]
    for t in range(steps - 3, steps):  # a cluster that appears in the last three steps
        for c in cluster:
            tip_cells.extend([c] * 6)
            tip_steps.extend([t] * 6)
    out = emerging_hot_spots(
        np.array(tip_cells, dtype=np.uint64), np.array(tip_steps), steps, cells
    ).set_index("h3")
    found = out.loc[format(h3.str_to_int(centre), "x"), "category"]
    assert found in ("consecutive", "new")
    elsewhere = out.drop(index=[format(c, "x") for c in cluster])
    assert (elsewhere["category"].isin(["consecutive", "intensifying", "persistent"])).mean() < 0.02


@pytest.mark.parametrize(("per_step", "resolution"), [(16, 8), (120, 9), (120, 8), (400, 9)])
def test_pure_chance_series_give_almost_no_emerging_category(per_step, resolution):
    """Five series of twelve steps of uniform tips: at most 1 % of the cells rated get a
    hot or cold category (ArcGIS's per-step correction at 90 % flagged 15 % at 120 a
    month and resolution 8)."""
    cells_res, weights = study_area(resolution)
    rated = flagged = 0
    for seed in range(5):
        tip_cells, tip_steps = chance_series(per_step, 12, seed, resolution)
        out = emerging_hot_spots(
            tip_cells, tip_steps, 12, cells_res, HotSpotParameters(resolution=resolution), weights
        )
        categorised = out[out["category"] != "insufficient_data"]
        rated += len(categorised)
        flagged += int((categorised["category"] != "no_pattern").sum())
    assert rated >= 5 * 0.9 * len(cells_res)
    assert flagged <= 0.01 * rated


def test_too_few_tips_per_step_get_no_category(cells):
    """16 tips a month at resolution 9: a neighbourhood expects 0.3 tips a month."""
    tip_cells, tip_steps = chance_series(16, 12, seed=5, resolution=9)
    with pytest.raises(HotSpotRefusal) as refusal:
        emerging_hot_spots(tip_cells, tip_steps, 12, cells)
    assert refusal.value.what == "expected" and refusal.value.needed == MIN_EXPECTED_PER_STEP
