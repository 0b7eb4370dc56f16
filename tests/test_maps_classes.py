"""Colour classes of the hexagon map and their legend: honest about the extremes."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hotspots.map_classes import PALETTE, classify, legend_rows


def test_tied_small_counts_keep_their_classes_for_the_upper_tail():
    # the demo at resolution 9: most cells hold one tip
    counts = np.array([1] * 52 + [2] * 11 + [4] * 4 + [5] * 2 + [7, 13])
    classes, bins = classify(counts, "quantiles")
    assert bins == [1, 2, 4, 5, 13]
    labels = [label for _colour, label in legend_rows(counts, classes)]
    assert labels == ["1", "2", "4", "5", "7 – 13"]  # not « 3 – 13 »: no cell holds 3
    assert classes[counts == 13][0] != classes[counts == 4][0]


def test_the_legend_names_the_counts_its_cells_hold():
    counts = np.array([1, 1, 3, 9, 9, 10])
    classes, _bins = classify(counts, "natural_breaks", k=3)
    rows = legend_rows(counts, classes)
    assert [label for _c, label in rows] == ["1", "3", "9 – 10"]
    assert rows[0][0] == PALETTE[0] and rows[-1][0] == PALETTE[-1]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(1, 60), min_size=1, max_size=300),
    st.sampled_from(["quantiles", "natural_breaks"]),
    st.integers(2, 5),
)
def test_classes_are_ordered_non_empty_and_labelled_by_their_counts(values, scheme, k):
    counts = np.array(values)
    classes, bins = classify(counts, scheme, k)
    n = int(classes.max()) + 1
    assert n <= min(k, len(set(values)))
    assert set(classes.tolist()) == set(range(n))  # no empty class
    order = np.argsort(counts, kind="stable")
    assert (np.diff(classes[order]) >= 0).all()  # more tips, never a lighter class
    for value in set(values):
        assert len(set(classes[counts == value].tolist())) == 1  # ties share a colour
    rows = legend_rows(counts, classes)
    assert len(rows) == n
    lows = [int(label.split(" – ")[0]) for _c, label in rows]
    highs = [int(label.split(" – ")[-1]) for _c, label in rows]
    assert lows[0] == counts.min() and highs[-1] == counts.max()
    assert all(h < lo for h, lo in zip(highs, lows[1:], strict=False))
