"""The triage queue: the tips awaiting triage, in an order of reading, each with what
supports it in words. It orders the reading, it never judges a tip: the CROSS decides.

For each pending tip:

- **corroborating**: how many other tips speak of the same place at the same hours —
  located in the tip's H3 cell at the chosen resolution or one of its six neighbours
  (first ring), received at most ``window_days`` days before or after, on a different
  day, with hour masks that overlap (observed window, else the hour received). The
  store keeps no pseudonym of the source (the person who called), so two tips are
  counted as independent when they were received on different days: repeated calls of
  one person on different days still count, and two people calling the same day do
  not. Every tip of the store is a possible corroborating tip, whatever its triage and
  whether or not the page's filters select it: the filters choose which pending tips
  are listed, not which evidence exists (a tip just across a district boundary, or
  filed in another category, still speaks of the same place). A tip without a cell
  (located to its district or commune only) has no corroborating tip: there is no
  place to compare.
- **factual elements**: ``street_or_better`` (located to a point or a street),
  ``hours`` (an observed time window was reported) and the deal-point behaviours among
  its tags (:data:`BEHAVIOURS`: lookouts, comings and goings, deliveries, a cellar,
  cash, weapons). Substances are left out (consumption and hearsay name them as much
  as deals do), and so are stairwells, scooters, cars, car parks and minors: they say
  where or with what, and come as often in nuisance complaints (« jeunes qui squattent
  le hall », « rodéos en scooter ») as in descriptions of a deal point.
- **nuisance**: the tags noise and gathering; ``nuisance_only`` when a tip carries one
  of them and no behaviour.

The order, in one sentence: nuisance-only tips come last; otherwise the higher
``score`` — the number of corroborating tips plus the number of factual elements —
comes first, and among equal scores the tip received first (the one waiting longest).
"""

from __future__ import annotations

from datetime import date

import h3.api.basic_int as h3i
import numpy as np
import pandas as pd

from hotspots.filters import DEFAULT_RESOLUTION, TRIAGE, Filters
from hotspots.i18n import format_int, translate
from hotspots.periods import day_of
from hotspots.roles import Role, require
from hotspots.schema import PRECISIONS
from hotspots.tables import TipTable

__all__ = [
    "BEHAVIOURS",
    "NUISANCES",
    "QUEUE_COLUMNS",
    "WINDOW_DAYS",
    "explain",
    "triage_queue",
]

#: Tags that describe how a deal point works.
BEHAVIOURS = ("lookout", "comings_goings", "delivery", "cellar", "cash", "weapon")
#: Tags of nuisance only.
NUISANCES = ("noise", "gathering")
#: Days before and after a tip within which other tips corroborate it.
WINDOW_DAYS = 60
#: Precisions at the street or better.
_STREET_OR_BETTER = frozenset({"point", "street"})
#: Precisions that give a tip a cell (corroboration is possible).
_IN_A_CELL = frozenset({"point", "street", "place"})

QUEUE_COLUMNS = (
    "rank",
    "key64",
    "day",
    "district",
    "commune",
    "precision",
    "corroborating",
    "factual",
    "nuisance",
    "nuisance_only",
    "score",
)


def triage_queue(
    table: TipTable,
    f: Filters,
    latest: date,
    resolution: int = DEFAULT_RESOLUTION,
    window_days: int = WINDOW_DAYS,
    *,
    role: Role | str | None,
) -> pd.DataFrame:
    """One row per tip awaiting triage among those the filters select, in the order
    of reading (see the module's text), with the columns of :data:`QUEUE_COLUMNS`:
    ``day`` a date, ``district`` and ``commune`` codes (``None`` when unknown),
    ``precision`` a code of :data:`~hotspots.schema.PRECISIONS` (``None`` when the
    table does not hold it), ``factual`` and ``nuisance`` lists of codes, ``rank`` from
    1. Analysts only."""
    require(role, "analysis")
    rows = np.flatnonzero(table.mask(f, latest) & (table.triage == TRIAGE.index("pending")))
    if not len(rows):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in QUEUE_COLUMNS})
    corroborating = _corroborating(table, rows, resolution, window_days)
    precision = _precisions(table, rows)
    factual: list[list[str]] = []
    nuisance: list[list[str]] = []
    for p, observed, tags in zip(precision, table.observed[rows], table.tags[rows], strict=True):
        present = set(str(tags).split(",")) if tags else set()
        elements = ["street_or_better"] if p in _STREET_OR_BETTER else []
        if observed:
            elements.append("hours")
        elements += [t for t in BEHAVIOURS if t in present]
        factual.append(elements)
        nuisance.append([t for t in NUISANCES if t in present])
    behaviour = [any(e in BEHAVIOURS for e in elements) for elements in factual]
    queue = pd.DataFrame(
        {
            "key64": table.key64[rows],
            "day": [day_of(d) for d in table.day[rows]],
            "district": _codes(table.district[rows], table.district_codes),
            "commune": _codes(table.commune[rows], table.commune_codes),
            "precision": precision,
            "corroborating": corroborating,
            "factual": factual,
            "nuisance": nuisance,
            "nuisance_only": [bool(n) and not b for n, b in zip(nuisance, behaviour, strict=True)],
            "score": corroborating + np.array([len(e) for e in factual], dtype=np.int64),
            "_day": table.day[rows],
        }
    )
    queue = queue.sort_values(
        ["nuisance_only", "score", "_day", "key64"], ascending=[True, False, True, True]
    ).drop(columns="_day")
    queue.insert(0, "rank", np.arange(1, len(queue) + 1))
    return queue.reset_index(drop=True)


def _corroborating(
    table: TipTable, rows: np.ndarray, resolution: int, window_days: int
) -> np.ndarray:
    """For each tip of ``rows``, the number of other tips in its cell or first ring at
    ``resolution``, received on another day at most ``window_days`` away, whose hours
    overlap. The tips of every wanted cell are found once, sorted by cell; each pending
    tip then reads its seven cells' slices (pending tips are few, all tips may be a
    million)."""
    out = np.zeros(len(rows), dtype=np.int64)
    cells = table.parents(resolution)
    disks = {
        int(c): np.array(h3i.grid_disk(int(c), 1), dtype=np.uint64)
        for c in np.unique(cells[rows])
        if c != 0
    }
    if not disks:
        return out
    wanted = np.unique(np.concatenate(list(disks.values())))
    candidates = np.flatnonzero(np.isin(cells, wanted))
    candidates = candidates[np.argsort(cells[candidates], kind="stable")]
    sorted_cells = cells[candidates]
    for i, row in enumerate(rows):
        disk = disks.get(int(cells[row]))
        if disk is None:
            continue
        first = np.searchsorted(sorted_cells, disk, side="left")
        after = np.searchsorted(sorted_cells, disk, side="right")
        near = np.concatenate([candidates[a:b] for a, b in zip(first, after, strict=True)])
        apart = np.abs(table.day[near].astype(np.int64) - int(table.day[row]))
        same_hours = (table.hours[near] & table.hours[row]) != 0
        out[i] = int(np.count_nonzero((apart > 0) & (apart <= window_days) & same_hours))
    return out


def _precisions(table: TipTable, rows: np.ndarray) -> list[str | None]:
    """The precision codes of ``rows``; ``None`` when the table was built without them."""
    if len(table.precision) != len(table):
        return [None] * len(rows)
    return [PRECISIONS[p] if 0 <= p < len(PRECISIONS) else None for p in table.precision[rows]]


def _codes(index: np.ndarray, codes: tuple[str, ...]) -> list[str | None]:
    return [codes[i] if 0 <= i < len(codes) else None for i in index.tolist()]


def explain(row, lang: str = "fr", window_days: int = WINDOW_DAYS) -> str:
    """What supports a queue row, in words (French by default): corroborating tips,
    precision of the place, hours, behaviours, nuisance. Facts only, no verdict."""

    def tr(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    parts: list[str] = []
    n = int(row["corroborating"])
    precision = row["precision"]
    if n:
        key = "tri_corroborated_one" if n == 1 else "tri_corroborated_many"
        parts.append(tr(key, n=format_int(n, lang), days=window_days))
    elif precision in _IN_A_CELL:
        parts.append(tr("tri_not_corroborated"))
    if precision is not None:
        place = "precise" if precision in _STREET_OR_BETTER else precision
        parts.append(tr(f"tri_place_{place}"))
    factual = list(row["factual"])
    if "hours" in factual:
        parts.append(tr("tri_hours"))
    behaviours = [tr(f"tag_{t}") for t in factual if t in BEHAVIOURS]
    if behaviours:
        parts.append(", ".join(behaviours))
    nuisance = ", ".join(tr(f"tag_{t}") for t in row["nuisance"])
    if row["nuisance_only"]:
        parts.append(tr("tri_nuisance_only", tags=nuisance))
    elif nuisance:
        parts.append(tr("tri_nuisance_also", tags=nuisance))
    elif not behaviours:
        parts.append(tr("tri_no_behaviour"))
    text = " ; ".join(parts) if lang == "fr" else "; ".join(parts)
    return text[:1].upper() + text[1:]
