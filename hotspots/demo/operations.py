"""The operation generator: operations that follow up exploitable demo tips, the two
press-article ones first when the tips allow, then ordinary surveillance and arrests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hotspots.demo.data import (
    ARTICLE_OPERATIONS,
    CATEGORIES,
    CATEGORIES_FR,
    COCAINE_RANGE_G,
    DEAL_POINT_MATCH_RADIUS_M,
    DEAL_POINTS,
    DEMO_OPERATIONS_DEFAULT,
    DEMO_PERIOD_END,
    DEMO_TIPS_DEFAULT,
    HERB_RANGE_G,
    HEROIN_RANGE_G,
    METRES_PER_DEGREE_LAT,
    METRES_PER_DEGREE_LON,
    OPERATION_ARREST_SHARE,
    OPERATION_CASH_MAX_EUR,
    OPERATION_CASH_SHARE,
    OPERATION_DELAY_DAYS,
    OPERATION_EXTRA_TIP_SHARES,
    OPERATION_JITTER_M,
    OPERATION_LINK_MAX_DAYS,
    OPERATION_LINK_MIN_DAYS,
    OPERATION_START_TIMES_MIN,
    OPERATION_TEXT_SHARE,
    SEIZURE_SHARES,
    ArticleOperation,
)
from hotspots.demo.sampling import (
    DAY,
    HOUSE_NUMBER_PREFIX,
    MINUTE,
    cut_normal,
    distance_m,
    format_deg,
    join_nonempty,
    place_lookup,
    place_pools,
)
from hotspots.schema import OPERATION_COLUMNS
from hotspots.text import fold

__all__ = [
    "demo_operations",
]


def _tip_deal_points(tips: pd.DataFrame) -> np.ndarray:
    """Deal point index of each tip from its coordinates or place text; -1 if none."""
    n = len(tips)
    lat = pd.to_numeric(tips["lat"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(tips["lon"], errors="coerce").to_numpy(dtype=float)
    point = np.full(n, -1, dtype=np.int64)
    best = np.full(n, DEAL_POINT_MATCH_RADIUS_M)
    for i, p in enumerate(DEAL_POINTS):
        d = distance_m(lat, lon, p.lat, p.lon)
        closer = d < best
        point[closer] = i
        best[closer] = d[closer]

    texts = tips["location"].to_numpy(dtype=object)
    rows = np.flatnonzero(np.isnan(lat) & (texts != ""))
    codes, uniques = pd.factorize(texts[rows])
    lookup = place_lookup()
    mapped = np.array(
        [lookup.get(HOUSE_NUMBER_PREFIX.sub("", fold(str(u)).strip()), -1) for u in uniques],
        dtype=np.int64,
    )
    point[rows] = mapped[codes] if len(uniques) else -1
    return point


def _article_rows(
    tips: pd.DataFrame, received: np.ndarray, exploitable: np.ndarray, point: np.ndarray
) -> list[tuple[ArticleOperation, int]]:
    """(operation, tip row) for each press-article operation that has a tip to link."""
    rows = []
    taken = np.zeros(len(tips), dtype=bool)
    for op in ARTICLE_OPERATIONS:
        start = np.datetime64(op.started_at, "m")
        window = np.flatnonzero(
            exploitable
            & ~taken
            & (received >= start - OPERATION_LINK_MAX_DAYS * DAY)
            & (received <= start - OPERATION_LINK_MIN_DAYS * DAY)
        )
        if not len(window):
            continue
        category = tips["category"].to_numpy(dtype=object)[window]
        wanted = (CATEGORIES[op.tip_category], CATEGORIES_FR[op.tip_category])
        keyword = (
            tips["description"].iloc[window].str.contains(op.tip_keyword, case=False, regex=False)
        )
        score = (
            4 * np.isin(point[window], op.deal_points)
            + 2 * np.isin(category, wanted)
            + 2 * keyword.to_numpy(dtype=bool)
        )
        best = window[np.lexsort((received[window], score))[-1]]
        taken[best] = True
        rows.append((op, int(best)))
    return rows


def _ordinary_operations(
    rng: np.random.Generator,
    n_ops: int,
    received: np.ndarray,
    candidates: np.ndarray,
    point: np.ndarray,
    tip_ids: np.ndarray,
) -> dict[str, np.ndarray]:
    """Surveillance and arrest operations, each led by 1–3 exploitable tips of one deal point."""
    last_day = np.datetime64(DEMO_PERIOD_END, "D")
    day = received.astype("datetime64[D]")
    first = candidates[day[candidates] <= last_day - OPERATION_DELAY_DAYS[0] * DAY]
    m = min(n_ops, len(first))
    seeds = rng.choice(first, size=m, replace=False)

    delay = rng.integers(OPERATION_DELAY_DAYS[0], OPERATION_DELAY_DAYS[1] + 1, m)
    start_day = np.minimum(day[seeds] + delay * DAY, last_day)
    start = start_day.astype("datetime64[m]") + rng.choice(OPERATION_START_TIMES_MIN, m) * MINUTE
    # Leave the press-article start times to the press-article operations.
    article_starts = np.array([op.started_at for op in ARTICLE_OPERATIONS], dtype="datetime64[m]")
    start = np.where(np.isin(start, article_starts), start + 30 * MINUTE, start)

    # Neighbours of the first tip among the same deal point's exploitable tips, in time order.
    pool = candidates[np.lexsort((received[candidates], point[candidates]))]
    position = np.full(len(received), -1, dtype=np.int64)
    position[pool] = np.arange(len(pool))
    extra_wanted = rng.choice(len(OPERATION_EXTRA_TIP_SHARES), size=m, p=OPERATION_EXTRA_TIP_SHARES)
    offsets = np.array([-1, 1, -2])
    q = position[seeds][:, None] + offsets
    inside = (q >= 0) & (q < len(pool))
    other = pool[np.clip(q, 0, max(len(pool) - 1, 0))]
    gap = start[:, None] - received[other]
    valid = (
        inside
        & (point[other] == point[seeds][:, None])
        & (gap >= OPERATION_LINK_MIN_DAYS * DAY)
        & (gap <= OPERATION_LINK_MAX_DAYS * DAY)
    )
    take = valid & (np.cumsum(valid, axis=1) <= extra_wanted[:, None])
    linked = [np.where(take[:, j], tip_ids[other[:, j]], "") for j in (2, 0)]
    linked += [tip_ids[seeds], np.where(take[:, 1], tip_ids[other[:, 1]], "")]

    arrest = rng.random(m) < OPERATION_ARREST_SHARE
    arrests = np.where(arrest, rng.choice([1, 2, 3], size=m, p=[0.5, 0.3, 0.2]), 0)
    items = []
    for name, (low, high), share in zip(
        ("cannabis_herb", "cocaine", "heroin"),
        (HERB_RANGE_G, COCAINE_RANGE_G, HEROIN_RANGE_G),
        SEIZURE_SHARES,
        strict=True,
    ):
        grams = rng.integers(low, high + 1, m).astype(str).astype(object)
        items.append(np.where(arrest & (rng.random(m) < share), name + ":" + grams + " g", ""))
    cash = (rng.integers(0, OPERATION_CASH_MAX_EUR // 10 + 1, m) * 10).astype(str).astype(object)
    cash = np.where(arrest & (rng.random(m) < OPERATION_CASH_SHARE), cash, "")

    at_point = point[seeds]
    as_text = rng.random(m) < OPERATION_TEXT_SHARE
    centres = np.array([(p.lat, p.lon) for p in DEAL_POINTS])[at_point]
    lat = centres[:, 0] + cut_normal(rng, m) * OPERATION_JITTER_M / METRES_PER_DEGREE_LAT
    lon = centres[:, 1] + cut_normal(rng, m) * OPERATION_JITTER_M / METRES_PER_DEGREE_LON
    return {
        "started_at": start,
        "location": np.where(as_text, place_pools()["operation"].pick(rng, at_point), ""),
        "lat": np.where(as_text, "", format_deg(lat)),
        "lon": np.where(as_text, "", format_deg(lon)),
        "kind": np.where(arrest, "arrest", "surveillance").astype(object),
        "tip_ids": join_nonempty(linked, ";"),
        "arrests": arrests.astype(str).astype(object),
        "seizures": join_nonempty(items, "; "),
        "cash_eur": cash,
    }


def demo_operations(tips: pd.DataFrame, seed: int = 2025) -> pd.DataFrame:
    """Fictitious operations that follow up exploitable ``tips``.

    About 13 operations per 186 tips, each linked to 1–3 exploitable tips of one
    deal point received 3 to 40 days before it; two of them reproduce operations
    reported in the local press (end of July 2025, city centre; end of October
    2025, Saint-Ferjeux) when the tips allow it.

    Parameters
    ----------
    tips
        Tips as returned by :func:`demo_tips`.
    seed
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    pandas.DataFrame
        Columns ``OPERATION_COLUMNS`` in time order, every value a string (``""`` when
        missing).
    """
    rng = np.random.default_rng(seed)
    received = (
        pd.to_datetime(tips["received_at"], format="ISO8601").to_numpy().astype("datetime64[m]")
    )
    exploitable = (tips["exploitable"] == "oui").to_numpy(dtype=bool)
    point = _tip_deal_points(tips)
    tip_ids = tips["tip_id"].to_numpy(dtype=object)

    articles = _article_rows(tips, received, exploitable, point)
    used = np.zeros(len(tips), dtype=bool)
    used[[row for _, row in articles]] = True
    n_total = max(int(DEMO_OPERATIONS_DEFAULT * len(tips) / DEMO_TIPS_DEFAULT + 0.5), len(articles))
    candidates = np.flatnonzero(exploitable & (point >= 0) & ~used)
    ordinary = _ordinary_operations(
        rng, n_total - len(articles), received, candidates, point, tip_ids
    )

    records = [
        {
            "started_at": np.datetime64(op.started_at, "m"),
            "location": "",
            "lat": f"{DEAL_POINTS[op.location_point].lat:.6f}",
            "lon": f"{DEAL_POINTS[op.location_point].lon:.6f}",
            "kind": op.kind,
            "tip_ids": tip_ids[row],
            "arrests": str(op.arrests),
            "seizures": op.seizures,
            "cash_eur": op.cash_eur,
        }
        for op, row in articles
    ]
    merged = {
        c: np.concatenate([np.array([r[c] for r in records], dtype=ordinary[c].dtype), ordinary[c]])
        for c in ordinary
    }
    order = np.argsort(merged["started_at"], kind="stable")
    n_ops = len(order)
    width = max(4, len(str(n_ops)))
    merged["operation_id"] = np.array(
        [f"DEMO-O{i:0{width}d}" for i in range(1, n_ops + 1)], dtype=object
    )
    merged["started_at"] = np.datetime_as_string(
        merged["started_at"][order].astype("datetime64[s]")
    )
    for c in ordinary:
        if c != "started_at":
            merged[c] = merged[c][order]
    return pd.DataFrame({c: pd.Series(merged[c], dtype=str) for c in OPERATION_COLUMNS})
