"""Colour classes of counts on the map and their legend.

Quantiles or Fisher–Jenks natural breaks (mapclassify) over small counts with many
ties, each class non-empty, and a legend that names the counts its cells really hold.
"""

from __future__ import annotations

import mapclassify
import numpy as np

__all__ = ["PALETTE", "classify", "legend_rows", "spread", "tied_quantiles"]

#: Light to dark; fewer classes keep the full range (see :func:`spread`).
PALETTE = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")


def classify(counts: np.ndarray, scheme: str, k: int = 5) -> tuple[np.ndarray, list[float]]:
    """Class of each count (0 .. k-1) and the classes' upper bounds (inclusive), by
    quantiles or by Fisher–Jenks natural breaks (mapclassify); fewer classes when there
    are fewer distinct counts. Every class holds at least one count."""
    counts = np.asarray(counts, dtype=float)
    distinct = len(np.unique(counts))
    if distinct <= 1:
        return np.zeros(len(counts), dtype=int), [float(counts.max()) if len(counts) else 0.0]
    k = min(k, distinct)
    if scheme == "natural_breaks":
        result = mapclassify.FisherJenks(counts, k=k)
        bins = sorted({float(b) for b in result.bins})
    else:
        bins = tied_quantiles(counts, k)
    return np.searchsorted(np.asarray(bins), counts, side="left").astype(int), bins


def tied_quantiles(counts: np.ndarray, k: int) -> list[float]:
    """Upper bounds of up to ``k`` quantile classes of counts with many ties.

    Plain quantiles of small counts collapse: on the demo at resolution 9, 52 of 70
    cells hold 1 tip, so the quintiles are 1, 1, 1, 2, 13 and mapclassify keeps three
    classes, the last putting a 4-tip and a 13-tip cell in one colour. Here each class
    takes its share of the cells *not yet classed* (a tied value stays whole in one
    class), so the classes left over go to the upper tail: 1 | 2 | 4 | 5 | 7–13."""
    values = np.sort(np.asarray(counts, dtype=float))
    bins: list[float] = []
    while len(values) and len(bins) < k:
        left = k - len(bins)
        cut = float(values[-1] if left == 1 else values[int(np.ceil(len(values) / left)) - 1])
        bins.append(cut)
        values = values[values > cut]
    return bins


def legend_rows(counts: np.ndarray, classes: np.ndarray) -> list[tuple[str, str]]:
    """Colour and label of each class, the label giving the smallest and the largest
    count actually in the class (not the class's theoretical bounds)."""
    counts = np.asarray(counts)
    n_classes = int(classes.max()) + 1 if len(classes) else 1
    rows = []
    for i in range(n_classes):
        inside = counts[classes == i]
        if not len(inside):
            continue
        low, high = int(inside.min()), int(inside.max())
        label = f"{low}" if low == high else f"{low} – {high}"
        rows.append((PALETTE[spread(i, n_classes)], label))
    return rows


def spread(i: int, k: int) -> int:
    """Palette index of class ``i`` of ``k`` (fewer classes keep the full colour range)."""
    return 0 if k == 1 else round(i * (len(PALETTE) - 1) / (k - 1))
