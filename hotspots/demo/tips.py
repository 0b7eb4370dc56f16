"""The tip generator: deterministic for a given ``(n_tips, seed)``, vectorised.

Each tip comes from a deal point (or the background noise) in fixed shares; its
day and hour, place, category, description and triage follow, and the tips behind
the two press-article operations are planted when there are enough exploitable tips."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from hotspots.areas import load_area
from hotspots.config import Settings
from hotspots.demo.data import (
    ARTICLE_OPERATIONS,
    BACKGROUND_CATEGORY_SHARES,
    BACKGROUND_DISTRICTS,
    BACKGROUND_LOCATION_SHARES,
    BACKGROUND_RADIUS_M,
    BACKGROUND_SOURCE,
    BACKGROUND_TRIAGE_WEIGHTS,
    CATEGORIES,
    CATEGORIES_FR,
    CITY_BOUNDS_DEG,
    CITY_CENTRE_DEG,
    DEAL_CATEGORY_SHARES,
    DEAL_LOCATION_SHARES,
    DEAL_POINT_SHARE,
    DEAL_POINTS,
    DEAL_TRIAGE_WEIGHTS,
    DEMO_PERIOD_END,
    DEMO_PERIOD_START,
    DEMO_TIPS_DEFAULT,
    EXPLOITABLE_SHARE,
    FRENCH_CATEGORY_SHARE,
    HOUR_PROFILES,
    HOUR_WORDING,
    HOUSE_NUMBER_MAX,
    HOUSE_NUMBER_SHARE,
    LOCATION_KINDS,
    LOOKOUT_SENTENCES,
    LOOKOUT_SHARES,
    METRES_PER_DEGREE_LAT,
    METRES_PER_DEGREE_LON,
    MONTH_FACTORS,
    OBSERVED_SHARE,
    OPERATION_LINK_MAX_DAYS,
    OPERATION_LINK_MIN_DAYS,
    PENDING_SHARE,
    RECEIPT_DELAY_MAX_MIN,
    RECEIPT_DELAY_SHARE,
    SUBSTANCE_MENTION_SHARES,
    SUBSTANCE_PHRASES,
    SUBSTANCE_WEIGHTS,
    UNRESOLVED_TRIAGE_FACTOR,
    WEEKDAY_FACTORS,
)
from hotspots.demo.sampling import (
    DAY,
    MINUTE,
    cut_normal,
    distance_m,
    exact_labels,
    format_deg,
    place_pools,
    text_pools,
)
from hotspots.schema import TIP_COLUMNS

__all__ = [
    "demo_tips",
]

_KIND = {name: i for i, name in enumerate(LOCATION_KINDS)}
_PERIOD_LAST_MINUTE = np.datetime64(DEMO_PERIOD_END, "m") + DAY - MINUTE
_DST_GAP = (np.datetime64("2025-03-30T02:00", "m"), np.datetime64("2025-03-30T03:00", "m"))


def _draw_times(rng: np.random.Generator, source: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(observed, received) local times, minute resolution; days stratified over the period."""
    n = len(source)
    days = np.arange(
        np.datetime64(DEMO_PERIOD_START),
        np.datetime64(DEMO_PERIOD_END) + DAY,
        dtype="datetime64[D]",
    )
    weekday = (days.astype(np.int64) + 3) % 7
    month = days.astype("datetime64[M]").astype(np.int64) % 12
    weight = np.asarray(MONTH_FACTORS)[month] * np.asarray(WEEKDAY_FACTORS)[weekday]
    cdf = np.cumsum(weight) / weight.sum()
    u = (np.arange(n) + rng.random(n)) / max(n, 1)
    day = days[np.minimum(np.searchsorted(cdf, u, side="right"), len(days) - 1)]

    profile_names = [p.profile for p in DEAL_POINTS] + ["nuisance"]
    profiles = np.array([HOUR_PROFILES[name] for name in profile_names], dtype=float)
    hour_cdf = np.cumsum(profiles, axis=1) / profiles.sum(axis=1, keepdims=True)
    hour_cdf[:, -1] = 1.0
    shifted = (hour_cdf + np.arange(len(profiles))[:, None]).ravel()
    hour = np.searchsorted(shifted, source + rng.random(n), side="right") - 24 * source
    hour = np.minimum(hour, 23)
    minute = rng.integers(0, 60, n)
    observed = day.astype("datetime64[m]") + (hour * 60 + minute) * MINUTE

    delayed = rng.random(n) < RECEIPT_DELAY_SHARE
    delay = rng.integers(0, RECEIPT_DELAY_MAX_MIN + 1, n) * delayed
    received = observed + delay * MINUTE
    received = np.where(received > _PERIOD_LAST_MINUTE, observed, received)
    in_gap = (received >= _DST_GAP[0]) & (received < _DST_GAP[1])
    received = np.where(in_gap, received + 60 * MINUTE, received)
    return observed, received


def _plant_article_tips(received: np.ndarray, source: np.ndarray) -> np.ndarray:
    """Pick (and if needed re-date) the tip behind each press-article operation."""
    anchors = []
    taken = np.zeros(len(received), dtype=bool)
    for op in ARTICLE_OPERATIONS:
        start = np.datetime64(op.started_at, "m")
        target = start - op.tip_lead_days * DAY
        gap = np.abs((received - target).astype(np.int64)).astype(float)
        gap[taken] = np.inf
        i = int(np.argmin(gap))
        in_window = (
            start - OPERATION_LINK_MAX_DAYS * DAY
            <= received[i]
            <= start - (OPERATION_LINK_MIN_DAYS * DAY)
        )
        if not in_window:
            received[i] = target
        source[i] = op.location_point
        taken[i] = True
        anchors.append(i)
    return np.array(anchors, dtype=np.int64)


def _draw_points(rng: np.random.Generator, source: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each tip happened: around its deal point, or anywhere in the inner city."""
    n = len(source)
    lat = np.empty(n)
    lon = np.empty(n)
    deal = source < BACKGROUND_SOURCE
    centres = np.array([(p.lat, p.lon, p.sigma_m) for p in DEAL_POINTS])
    c = centres[source[deal]]
    lat[deal] = c[:, 0] + cut_normal(rng, len(c)) * c[:, 2] / METRES_PER_DEGREE_LAT
    lon[deal] = c[:, 1] + cut_normal(rng, len(c)) * c[:, 2] / METRES_PER_DEGREE_LON
    lat[~deal], lon[~deal] = _background_points(rng, int((~deal).sum()))
    return lat, lon


def _commune() -> shapely.Geometry:
    return load_area(Settings()).detailed_outline()


def _background_points(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    lat_min, lon_min, lat_max, lon_max = CITY_BOUNDS_DEG
    lats, lons, have = [np.zeros(0)], [np.zeros(0)], 0
    while have < n:
        k = 2 * (n - have) + 16
        lat = rng.uniform(lat_min, lat_max, k)
        lon = rng.uniform(lon_min, lon_max, k)
        keep = (
            distance_m(lat, lon, *CITY_CENTRE_DEG) <= BACKGROUND_RADIUS_M
        ) & shapely.contains_xy(_commune(), lon, lat)
        lats.append(lat[keep])
        lons.append(lon[keep])
        have += int(keep.sum())
    return np.concatenate(lats)[:n], np.concatenate(lons)[:n]


def _nearest_background_district(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    best = np.zeros(len(lat), dtype=np.int64)
    best_d = np.full(len(lat), np.inf)
    for i, (dlat, dlon, _) in enumerate(BACKGROUND_DISTRICTS):
        d = distance_m(lat, lon, dlat, dlon)
        closer = d < best_d
        best[closer] = i
        best_d[closer] = d[closer]
    return best


def _place_texts(
    rng: np.random.Generator, kind: np.ndarray, source: np.ndarray, lat: np.ndarray, lon: np.ndarray
) -> np.ndarray:
    """The location text of each tip ("" for tips located by coordinates)."""
    pools = place_pools()
    text = np.full(len(kind), "", dtype=object)
    deal = source < BACKGROUND_SOURCE
    for name in ("street", "landmark", "district"):
        rows = np.flatnonzero((kind == _KIND[name]) & deal)
        text[rows] = pools[name].pick(rng, source[rows])
    rows = np.flatnonzero((kind == _KIND["district"]) & ~deal)
    text[rows] = pools["background_district"].pick(
        rng, _nearest_background_district(lat[rows], lon[rows])
    )
    rows = np.flatnonzero(kind == _KIND["unresolved"])
    text[rows] = pools["unresolved"].pick(rng, np.zeros(len(rows), dtype=np.int64))

    streets = np.flatnonzero(kind == _KIND["street"])
    numbered = streets[
        (rng.random(len(streets)) < HOUSE_NUMBER_SHARE)
        & ~pd.Series(text[streets], dtype=object).str.match(r"\d").to_numpy(dtype=bool)
    ]
    numbers = rng.integers(1, HOUSE_NUMBER_MAX + 1, len(numbered)).astype(str).astype(object)
    text[numbered] = numbers + " " + text[numbered]
    return text


def _descriptions(rng: np.random.Generator, category: np.ndarray) -> np.ndarray:
    """French free text from templates: what was seen, the substance, lookouts.

    Each row draws small indices (core text, substance sentence, lookout sentence);
    the strings are built once per distinct combination.
    """
    n = len(category)
    pools = text_pools()
    core = pools["core"].index(rng, category)
    consumption = (category >= CATEGORIES.index("consumption")).astype(np.int64)
    frame = pools["frame"].index(rng, consumption)
    substance = rng.choice(
        len(SUBSTANCE_PHRASES), size=n, p=np.asarray(SUBSTANCE_WEIGHTS) / sum(SUBSTANCE_WEIGHTS)
    )
    mentions = rng.random(n) < np.asarray(SUBSTANCE_MENTION_SHARES)[category]
    sentence = np.where(mentions, 1 + frame * len(SUBSTANCE_PHRASES) + substance, 0)
    lookout = np.where(
        rng.random(n) < np.asarray(LOOKOUT_SHARES)[category],
        1 + rng.integers(0, len(LOOKOUT_SENTENCES), n),
        0,
    )
    n_sentences = 1 + len(pools["frame"].texts) * len(SUBSTANCE_PHRASES)
    n_lookouts = 1 + len(LOOKOUT_SENTENCES)
    distinct, inverse = np.unique(
        (core * n_sentences + sentence) * n_lookouts + lookout, return_inverse=True
    )
    texts = []
    for code in distinct.tolist():
        rest, look = divmod(code, n_lookouts)
        c, sent = divmod(rest, n_sentences)
        parts = [pools["core"].texts[c, 0] + "."]
        if sent:
            f, sub = divmod(sent - 1, len(SUBSTANCE_PHRASES))
            parts.append(pools["frame"].texts[f, 0].format(SUBSTANCE_PHRASES[sub]))
        if look:
            parts.append(LOOKOUT_SENTENCES[look - 1])
        texts.append(" ".join(parts))
    return np.array(texts, dtype=object)[inverse]


def _triage(
    rng: np.random.Generator,
    weight: np.ndarray,
    anchors: np.ndarray,
    n_pending: int,
    n_exploitable: int,
) -> np.ndarray:
    """``exploitable`` values for tips in time order: the latest pending, then a weighted draw."""
    n = len(weight)
    out = np.full(n, "non", dtype=object)
    is_anchor = np.zeros(n, dtype=bool)
    is_anchor[anchors] = True
    pending = np.flatnonzero(~is_anchor)[n - len(anchors) - n_pending :]
    out[pending] = ""
    with np.errstate(divide="ignore"):
        key = np.log(rng.random(n)) / weight  # weighted sampling without replacement
    key[anchors] = np.inf
    key[pending] = -np.inf
    if n_exploitable:
        out[np.argpartition(-key, n_exploitable - 1)[:n_exploitable]] = "oui"
    return out


def _counts(n_tips: int) -> tuple[int, int]:
    """(pending, exploitable) tip counts for ``n_tips`` tips."""
    n_pending = int(n_tips * PENDING_SHARE + 0.5)
    return n_pending, int((n_tips - n_pending) * EXPLOITABLE_SHARE + 0.5)


def demo_tips(n_tips: int = DEMO_TIPS_DEFAULT, seed: int = 2025) -> pd.DataFrame:
    """Fictitious tips, in the input CSV format.

    Parameters
    ----------
    n_tips
        Number of tips (186 reproduces the calibrated demo).
    seed
        Seed of ``numpy.random.default_rng``; the same seed gives the same tips.

    Returns
    -------
    pandas.DataFrame
        Columns ``TIP_COLUMNS``, one tip per row in time order, every value a string
        (``""`` when missing).
    """
    if n_tips < 0:
        raise ValueError(f"n_tips must be >= 0, not {n_tips}")
    rng = np.random.default_rng(seed)
    n_pending, n_exploitable = _counts(n_tips)
    total_weight = sum(p.weight for p in DEAL_POINTS)
    shares = [DEAL_POINT_SHARE * p.weight / total_weight for p in DEAL_POINTS]
    shares.append(1 - DEAL_POINT_SHARE)
    source = exact_labels(rng, n_tips, shares)
    observed, received = _draw_times(rng, source)
    plant = n_exploitable >= len(ARTICLE_OPERATIONS)
    anchors = _plant_article_tips(received, source) if plant else np.zeros(0, dtype=np.int64)

    deal = source < BACKGROUND_SOURCE
    kind = np.empty(n_tips, dtype=np.int64)
    category = np.empty(n_tips, dtype=np.int64)
    kind[deal] = exact_labels(rng, int(deal.sum()), DEAL_LOCATION_SHARES)
    kind[~deal] = exact_labels(rng, int((~deal).sum()), BACKGROUND_LOCATION_SHARES)
    category[deal] = exact_labels(rng, int(deal.sum()), DEAL_CATEGORY_SHARES)
    category[~deal] = exact_labels(rng, int((~deal).sum()), BACKGROUND_CATEGORY_SHARES)
    kind[anchors] = _KIND["coordinates"]
    category[anchors] = [op.tip_category for op in ARTICLE_OPERATIONS[: len(anchors)]]

    lat, lon = _draw_points(rng, source)
    location = _place_texts(rng, kind, source, lat, lon)
    located = kind == _KIND["coordinates"]
    lat_text = np.full(n_tips, "", dtype=object)
    lon_text = np.full(n_tips, "", dtype=object)
    lat_text[located] = format_deg(lat[located])
    lon_text[located] = format_deg(lon[located])

    french = rng.random(n_tips) < FRENCH_CATEGORY_SHARE
    category_text = np.array([CATEGORIES, CATEGORIES_FR], dtype=object)[
        french.astype(int), category
    ]
    description = _descriptions(rng, category)
    description[anchors] = [op.tip_description for op in ARTICLE_OPERATIONS[: len(anchors)]]
    hour = (observed - observed.astype("datetime64[D]")).astype(np.int64) // 60
    observed_text = np.where(
        rng.random(n_tips) < OBSERVED_SHARE,
        text_pools()["observed"].pick(rng, HOUR_WORDING[hour]),
        "",
    )

    triage_weight = np.where(
        deal,
        np.asarray(DEAL_TRIAGE_WEIGHTS)[category],
        np.asarray(BACKGROUND_TRIAGE_WEIGHTS)[category],
    ) * np.where(kind == _KIND["unresolved"], UNRESOLVED_TRIAGE_FACTOR, 1.0)
    order = np.argsort(received, kind="stable")
    rank = np.empty(n_tips, dtype=np.int64)
    rank[order] = np.arange(n_tips)
    exploitable = _triage(
        rng, triage_weight[order], np.sort(rank[anchors]), n_pending, n_exploitable
    )

    width = max(6, len(str(n_tips)))
    columns = {
        "tip_id": np.array([f"DEMO-T{i:0{width}d}" for i in range(1, n_tips + 1)], dtype=object),
        "received_at": np.datetime_as_string(received[order].astype("datetime64[s]")),
        "location": location[order],
        "lat": lat_text[order],
        "lon": lon_text[order],
        "category": category_text[order],
        "observed": observed_text[order],
        "description": description[order],
        "exploitable": exploitable,
    }
    return pd.DataFrame({c: pd.Series(columns[c], dtype=str) for c in TIP_COLUMNS})
