"""What the tip and operation generators share: exact-count labels, cut-off normal
scatter, distances, degree formatting, and the pools of place and description texts
drawn from (with the place text → deal point lookup)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from hotspots.demo.data import (
    BACKGROUND_DISTRICTS,
    DEAL_POINTS,
    DESCRIPTION_CORES,
    LEAD_INS,
    METRES_PER_DEGREE_LAT,
    METRES_PER_DEGREE_LON,
    OBSERVED_WORDINGS,
    SCATTER_CUTOFF_SIGMAS,
    SUBSTANCE_FRAMES,
    TEXT_VARIANT_SHARES,
    UNRESOLVED_PLACES,
    DealPoint,
)
from hotspots.text import fold, strip_accents

__all__ = [
    "DAY",
    "HOUSE_NUMBER_PREFIX",
    "MINUTE",
    "Pool",
    "cut_normal",
    "distance_m",
    "exact_labels",
    "format_deg",
    "join_nonempty",
    "place_lookup",
    "place_pools",
    "text_pools",
]

MINUTE = np.timedelta64(1, "m")
DAY = np.timedelta64(1, "D")
HOUSE_NUMBER_PREFIX = re.compile(r"^\s*\d+\s*(?:bis|ter)?\s*,?\s*")


def _with_lead_in(lead: str, article: str, noun: str) -> str:
    if not lead:
        return noun
    text = f"{lead} {article}{noun}"
    return re.sub(r"\bde les ", "des ", re.sub(r"\bde le ", "du ", text))


def _landmark_texts(point: DealPoint) -> list[str]:
    return [_with_lead_in(lead, a, n) for a, n in point.landmarks for lead in LEAD_INS]


def exact_labels(rng: np.random.Generator, n: int, shares: Sequence[float]) -> np.ndarray:
    """Labels ``0..k-1`` in shuffled order, counts as close to ``shares * n`` as possible."""
    p = np.asarray(shares, dtype=float)
    raw = p / p.sum() * n
    counts = np.floor(raw).astype(np.int64)
    short = n - int(counts.sum())
    counts[np.argsort(counts - raw, kind="stable")[:short]] += 1
    return rng.permutation(np.repeat(np.arange(len(p)), counts))


def cut_normal(rng: np.random.Generator, n: int) -> np.ndarray:
    """Standard normal draws, redrawn beyond ``SCATTER_CUTOFF_SIGMAS``."""
    z = rng.standard_normal(n)
    bad = np.abs(z) > SCATTER_CUTOFF_SIGMAS
    while bad.any():
        z[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(z) > SCATTER_CUTOFF_SIGMAS
    return z


def distance_m(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    return np.hypot((lat - lat0) * METRES_PER_DEGREE_LAT, (lon - lon0) * METRES_PER_DEGREE_LON)


def format_deg(values: np.ndarray) -> np.ndarray:
    return np.array([f"{v:.6f}" for v in values.tolist()], dtype=object)


def join_nonempty(columns: Sequence[np.ndarray], sep: str) -> np.ndarray:
    """Element-wise join of object arrays of strings, skipping empty ones."""
    out = columns[0]
    for col in columns[1:]:
        out = np.where(out == "", col, np.where(col == "", out, out + sep + col))
    return out


@dataclass(frozen=True)
class Pool:
    """Groups of texts (each with its variants) to draw from, one group per row."""

    texts: np.ndarray  # object, (n_texts, n_variants)
    offsets: np.ndarray
    counts: np.ndarray

    def index(self, rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
        """Row of ``texts`` drawn uniformly within each row's group."""
        return self.offsets[group] + (rng.random(len(group)) * self.counts[group]).astype(np.int64)

    def pick(self, rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
        """A text drawn within each row's group, in a random case/accent variant."""
        idx = self.index(rng, group)
        if self.texts.shape[1] == 1:
            return self.texts[idx, 0]
        variant = rng.choice(len(TEXT_VARIANT_SHARES), size=len(group), p=TEXT_VARIANT_SHARES)
        return self.texts[idx, variant]


def _pool(groups: Sequence[Sequence[str]], variants: bool = False) -> Pool:
    flat = [t for g in groups for t in g]
    rows: list[tuple[str, ...]]
    if variants:
        rows = [(t, t.lower(), strip_accents(t), t.upper(), strip_accents(t.lower())) for t in flat]
    else:
        rows = [(t,) for t in flat]
    counts = np.array([len(g) for g in groups], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    texts = np.empty((len(rows), len(rows[0])), dtype=object)
    texts[:] = rows
    return Pool(texts, offsets, counts)


@cache
def place_pools() -> dict[str, Pool]:
    return {
        "street": _pool([p.streets for p in DEAL_POINTS], variants=True),
        "landmark": _pool([_landmark_texts(p) for p in DEAL_POINTS], variants=True),
        "district": _pool([p.district_names for p in DEAL_POINTS], variants=True),
        "background_district": _pool([d[2] for d in BACKGROUND_DISTRICTS], variants=True),
        "unresolved": _pool([UNRESOLVED_PLACES], variants=True),
        "operation": _pool([p.streets + tuple(n for _, n in p.landmarks) for p in DEAL_POINTS]),
    }


@cache
def text_pools() -> dict[str, Pool]:
    return {
        "core": _pool(DESCRIPTION_CORES),
        "frame": _pool(SUBSTANCE_FRAMES),
        "observed": _pool(OBSERVED_WORDINGS),
    }


@cache
def place_lookup() -> dict[str, int]:
    """Folded street or landmark text → deal point index (-1 when it names several)."""
    lookup: dict[str, int] = {}
    for i, p in enumerate(DEAL_POINTS):
        for text in (*p.streets, *_landmark_texts(p)):
            key = HOUSE_NUMBER_PREFIX.sub("", fold(text).strip())
            lookup[key] = i if lookup.get(key, i) == i else -1
    return lookup
