"""Gi* on H3 cells: planted clusters are found, randomness is not flagged, and the
figures equal esda's on the same counts and weights."""

from __future__ import annotations

from pathlib import Path

import h3
import numpy as np
import pandas as pd
import pytest

from hotspots.geo import load_districts
from hotspots.hotspot_stats import (
    GiParameters,
    HotSpotRefusal,
    emerging_category,
    emerging_hot_spots,
    gi_star,
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
    out = gi_star(counts, cells).set_index("h3")
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
        out = gi_star(counts, cells)
        shares.append((out["bin"].abs() >= 2).mean())
    assert max(shares) <= 0.05
    assert np.mean(shares) <= 0.01


def test_equals_esda_on_the_same_counts_and_weights(cells):
    from esda.getisord import G_Local
    from libpysal.weights import W
    from scipy import stats

    counts, _, _ = plant(cells, 7)
    out = gi_star(counts, cells, GiParameters(k=1))
    index = {int(c): i for i, c in enumerate(cells)}
    neighbours = {
        i: [
            index[h3.str_to_int(n)]
            for n in h3.grid_disk(h3.int_to_str(int(c)), 1)
            if h3.str_to_int(n) in index and h3.str_to_int(n) != int(c)
        ]
        for i, c in enumerate(cells)
    }
    direct = G_Local(
        counts.to_numpy(),
        W(neighbours, silence_warnings=True),
        transform="B",
        star=True,
        permutations=0,
    )
    assert np.allclose(out["gi_z"], np.round(direct.Zs, 4))
    p = 2 * stats.norm.sf(np.abs(direct.Zs))
    assert np.allclose(out["p_value"], p)
    assert np.allclose(out["p_fdr"], stats.false_discovery_control(p, method="bh"))


def test_permutations_are_seeded_and_reported(cells):
    counts, _, _ = plant(cells, 3)
    params = GiParameters(permutations=99, seed=42)
    first, second = gi_star(counts, cells, params), gi_star(counts, cells, params)
    assert "p_sim" in first and first["p_sim"].equals(second["p_sim"])
    assert first["p_sim"].min() >= 1 / 100 - 1e-6  # bounded by 1 / (permutations + 1)


def test_cells_outside_the_area_are_added(cells):
    outside = h3.str_to_int(h3.latlng_to_cell(47.30, 5.90, 9))
    counts = pd.Series([40], index=np.array([outside], dtype=np.uint64))
    out = gi_star(counts, cells)
    assert len(out) == len(cells) + 1 and out["count"].sum() == 40


def test_too_few_tips_or_cells_is_refused(cells):
    few = pd.Series([1] * 10, index=cells[:10])
    with pytest.raises(HotSpotRefusal, match="only 10 located tips"):
        gi_star(few, cells)
    with pytest.raises(HotSpotRefusal, match="only 12 cells"):
        gi_star(pd.Series([50], index=cells[:1]), cells[:12])


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
