"""What followed each operation: tips in its cell and its first ring, W weeks before
against W weeks after, the exact test of the cell's change, and the weighted
displacement quotient (Bowers & Johnson 2003) against the rest of the selection; and
the hot places that call for a commander's attention.

The windows are counted in local days, the operation's own day in neither. Both
windows have the same length: W weeks, shortened to what the data cover on both sides
(days before the first tip or after the last one are not zero tips, they are no data).
Below :data:`MIN_WINDOW_DAYS` the operation is ``not_comparable``.

The test of the cell: given ``n = before + after`` tips, ``after`` is Binomial(n, ½)
when the rate did not change (equal windows); two-sided exact p-value, 5 %. With fewer
than :data:`MIN_TESTABLE` tips no split can reach 5 % (5 tips all before gives
p = 0.0625), so the verdict is ``too_few`` instead of a "no change" that would read as
a finding.

A fall after an operation is not yet an effect: operations are mounted where tips
peaked, and a peak falls back by chance alone (regression to the mean). Measured on
pure chance (Poisson tips at the same rate before and after, the operation in the
busiest of 30 cells), the before/after test alone calls a significant fall in 11 %
of operations at 3 tips per window and 18 % at 12. So a fall counts as ``fall`` only
when the after window is also significantly below the cell's *usual level*: the
:data:`BASELINE_WEEKS` weeks before the before window, which did not choose the place.
A fall to the usual level is ``back_to_usual``; without :data:`MIN_BASELINE_DAYS` of
usual level in the data, ``fall_unconfirmed``. The same simulation then calls a
``fall`` in at most 2.5 % (tests/test_outcomes.py).

WDQ = (B1/C1 − B0/C0) / (A1/C1 − A0/C0), A the cell, B the ring, C the control (the
selection's tips outside cell and ring), 0 before and 1 after. It is undefined when the
control has no tip in a window, or when the cell did not fall against the control
(denominator ≥ 0: there is no effect whose displacement could be measured); the reason
is given instead of a number. It is not computed either where the cell's own change
is ``too_few`` to test: a quotient of two noises would still read as a finding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

import h3.api.basic_int as h3i
import numpy as np
import pandas as pd

from hotspots.change_test import SIGNIFICANCE
from hotspots.figures import ops_in
from hotspots.filters import DEFAULT_RESOLUTION, Filters
from hotspots.i18n import format_date, format_int, format_number, format_p, translate
from hotspots.periods import day_number, day_of
from hotspots.roles import Role, require
from hotspots.tables import OpsTable, TipTable, cell_parents

__all__ = [
    "ATTENTION_DAYS",
    "DEFAULT_WEEKS",
    "MIN_TESTABLE",
    "MIN_WINDOW_DAYS",
    "OUTCOME_COLUMNS",
    "RETURN_MIN_TIPS",
    "TESTED",
    "Windows",
    "attention_list",
    "attention_text",
    "operation_outcomes",
    "outcome_summary",
    "outcome_text",
    "summary_text",
    "wdq",
]

#: Weeks before and after an operation (``--weeks``).
DEFAULT_WEEKS = 8
#: Shortest window (days) an outcome is computed on.
MIN_WINDOW_DAYS = 14
#: Fewest tips (before + after) at which the exact test can reach 5 %.
MIN_TESTABLE = 6
#: Weeks of "usual level" before the before window.
BASELINE_WEEKS = 26
#: Fewest days of usual level a fall is confirmed against.
MIN_BASELINE_DAYS = 28
#: A hot place with no operation for this many days is listed (the setting's default).
ATTENTION_DAYS = 90
#: Tips since the last operation from which a hot place is said to have come back.
RETURN_MIN_TIPS = 2

OUTCOME_COLUMNS = [
    "key64", "operation", "started_at", "kind", "h3", "district", "commune",
    "window_days", "tips_before", "tips_after", "ring_before", "ring_after",
    "control_before", "control_after", "baseline_days", "baseline_tips", "p_value",
    "baseline_p_value", "ring_p_value", "verdict", "wdq", "wdq_reading",
]  # fmt: skip


@dataclass(frozen=True)
class Windows:
    """The two windows around an operation's day, as local day numbers (inclusive)."""

    before: tuple[int, int]
    after: tuple[int, int]

    @property
    def days(self) -> int:
        return self.before[1] - self.before[0] + 1


def _windows(op_day: int, weeks: int, first_day: int | None, last_day: int | None) -> Windows:
    """Equal windows around ``op_day``, shortened to the covered days on both sides."""
    length = 7 * weeks
    if first_day is not None and last_day is not None:
        length = min(length, op_day - first_day, last_day - op_day)
    length = max(length, 0)
    return Windows((op_day - length, op_day - 1), (op_day + 1, op_day + length))


class _CellDays:
    """Tips as (cell, day) pairs sorted once, so that the tips of a few cells in a span
    of days are counted by binary search: an operation costs a few binary searches
    whatever the number of tips (scanning each window instead took 18 s for 1,000
    operations over a million tips)."""

    _SPAN = np.int64(1 << 24)  # more days than any store holds

    def __init__(self, cells: np.ndarray, days: np.ndarray):
        self.cells, index = np.unique(cells, return_inverse=True)
        self.keys = np.sort(index.astype(np.int64) * self._SPAN + days.astype(np.int64))
        self.days = np.sort(days.astype(np.int64))

    def count(self, cells, first: int, last: int) -> int:
        """Tips in ``cells`` received from day ``first`` to ``last`` (included)."""
        total = 0
        for cell in cells:
            i = int(np.searchsorted(self.cells, np.uint64(cell)))
            if i < len(self.cells) and self.cells[i] == np.uint64(cell):
                lo, hi = i * self._SPAN + first, i * self._SPAN + last
                total += int(np.searchsorted(self.keys, hi, "right"))
                total -= int(np.searchsorted(self.keys, lo, "left"))
        return total

    def total(self, first: int, last: int) -> int:
        """Every tip received from day ``first`` to ``last``."""
        right = int(np.searchsorted(self.days, last, "right"))
        return right - int(np.searchsorted(self.days, first, "left"))


def wdq(a0: int, a1: int, b0: int, b1: int, c0: int, c1: int) -> tuple[float, str]:
    """The weighted displacement quotient and its reading: ``diffusion_more`` (> 1),
    ``diffusion`` (0 < q ≤ 1), ``neutral`` (0: the ring moved exactly as the
    control), ``displacement`` (−1 ≤ q < 0: less than the fall in the cell),
    ``displacement_more`` (< −1); or NaN and why: ``no_control`` (the control has no
    tip in a window), ``no_fall`` (the cell did not fall against the control)."""
    if c0 == 0 or c1 == 0:
        return math.nan, "no_control"
    success = a1 / c1 - a0 / c0
    if success >= 0:
        return math.nan, "no_fall"
    q = (b1 / c1 - b0 / c0) / success
    return (q if q else 0.0), _reading_of(q)  # no −0


def _exact_p(before: int, after: int) -> float | None:
    from scipy.stats import binomtest

    n = before + after
    return float(binomtest(after, n, 0.5).pvalue) if n else None


def _usual_p(after: int, window_days: int, baseline: int, baseline_days: int) -> float | None:
    """Exact p-value of ``after`` tips in ``window_days`` against ``baseline`` tips in
    ``baseline_days`` (the same rate: Binomial(n, window / (window + baseline)))."""
    from scipy.stats import binomtest

    n = after + baseline
    if not n or baseline_days < MIN_BASELINE_DAYS:
        return None
    return float(binomtest(after, n, window_days / (window_days + baseline_days)).pvalue)


def _verdict(
    before: int,
    after: int,
    p_value: float | None,
    usual: tuple[int, int, int, float | None] | None = None,
) -> str:
    """``usual``: (window days, baseline tips, baseline days, its p-value), or None
    for no usual level."""
    if before + after < MIN_TESTABLE or p_value is None:
        return "too_few"
    if p_value >= SIGNIFICANCE:
        return "no_significant_change"
    if after > before:
        return "rise"
    if usual is None or usual[2] < MIN_BASELINE_DAYS:
        return "fall_unconfirmed"
    window_days, baseline, baseline_days, p_usual = usual
    below = after / window_days < baseline / baseline_days
    return "fall" if p_usual is not None and p_usual < SIGNIFICANCE and below else "back_to_usual"


def operation_outcomes(
    table: TipTable,
    ops: OpsTable,
    f: Filters,
    latest: date,
    *,
    resolution: int = DEFAULT_RESOLUTION,
    weeks: int = DEFAULT_WEEKS,
    role: Role | str | None,
) -> pd.DataFrame:
    """One row per operation started in the filters' period and zone
    (:data:`OUTCOME_COLUMNS`), newest first. The tips counted are those of the
    filters' selection (zone, categories, hours, …) on any day: the period chooses the
    operations, the windows choose the tips. ``verdict``: one of :data:`TESTED`
    (``fall``, ``back_to_usual``, ``fall_unconfirmed``, ``rise``,
    ``no_significant_change``: see the module's text), ``too_few``, ``not_comparable``
    (the data do not cover :data:`MIN_WINDOW_DAYS` on both sides) or ``no_cell`` (the
    operation has no place on the grid). Cell and ring count the tips of every zone (the ring of an
    operation at the zone's edge crosses it), the control the zone's other tips."""
    require(role, "operations")
    first_day, last_day = f.period(latest)
    chosen = ops_in(ops, f, day_number(first_day), day_number(last_day))
    chosen = chosen.sort_values("started_ts", ascending=False)
    if chosen.empty:
        return pd.DataFrame(columns=OUTCOME_COLUMNS)

    # Tips on every day, ordered by day, with their cell at `resolution`; `in_zone`:
    # inside the filters' zone. Cell and ring count every tip of the other filters
    # (an operation at the zone's edge keeps its whole ring); the control is the zone.
    every_day = (np.iinfo(np.int32).min, np.iinfo(np.int32).max)
    anywhere = table.mask_days(replace(f, communes=(), districts=()), *every_day)
    in_zone = table.mask_days(f, *every_day)
    cells = table.parents(resolution)
    everywhere = _CellDays(cells[anywhere], table.day[anywhere])
    zone = _CellDays(cells[in_zone], table.day[in_zone])
    cover = table.coverage
    first_cover = day_number(cover.start) if cover.start else None
    last_cover = day_number(cover.end) if cover.end else None

    rows = []
    for op in chosen.itertuples(index=False):
        cell = int(cell_parents(np.array([op.h3], dtype=np.uint64), resolution)[0])
        row = {
            "key64": int(op.key64),
            "operation": format(int(op.key64) & 0xFFFFFFFFFFFFFFFF, "016x"),
            "started_at": day_of(int(op.day)),
            "kind": op.kind,
            "h3": format(cell, "x") if cell else "",
            "district": op.district or "",
            "commune": op.commune or "",
        }
        counts = dict.fromkeys(OUTCOME_COLUMNS[7:16], None)
        verdict, p_ring, q, reading = "no_cell", None, math.nan, "no_cell"
        p_value = p_usual = None
        if cell:
            w = _windows(int(op.day), weeks, first_cover, last_cover)
            counts["window_days"] = w.days
            ring = [c for c in h3i.grid_disk(cell, 1) if c != cell]
            a, b, c = [], [], []
            for lo, hi in (w.before, w.after):
                a.append(everywhere.count([cell], lo, hi))
                b.append(everywhere.count(ring, lo, hi))
                c.append(zone.total(lo, hi) - zone.count([cell, *ring], lo, hi))
            base_hi = w.before[0] - 1
            base_lo = base_hi - 7 * BASELINE_WEEKS + 1
            if first_cover is not None:
                base_lo = max(base_lo, first_cover)
            base_days = max(base_hi - base_lo + 1, 0)
            baseline = everywhere.count([cell], base_lo, base_hi) if base_days else 0
            counts.update(
                tips_before=a[0], tips_after=a[1], ring_before=b[0], ring_after=b[1],
                control_before=c[0], control_after=c[1], baseline_days=base_days,
                baseline_tips=baseline,
            )  # fmt: skip
            if w.days < MIN_WINDOW_DAYS:
                verdict, reading = "not_comparable", "not_comparable"
            else:
                p_value = _exact_p(a[0], a[1])
                p_ring = _exact_p(b[0], b[1])
                p_usual = _usual_p(a[1], w.days, baseline, base_days)
                verdict = _verdict(a[0], a[1], p_value, (w.days, baseline, base_days, p_usual))
                if verdict == "too_few":  # the cell's change is noise: nothing to displace
                    reading = "too_few"
                else:
                    q, reading = wdq(a[0], a[1], b[0], b[1], c[0], c[1])
        rows.append(
            {
                **row,
                **counts,
                "p_value": p_value,
                "baseline_p_value": p_usual,
                "ring_p_value": p_ring,
                "verdict": verdict,
                "wdq": q,
                "wdq_reading": reading,
            }
        )
    return pd.DataFrame(rows, columns=OUTCOME_COLUMNS).reset_index(drop=True)


#: Verdicts of operations with enough tips to test.
TESTED = ("fall", "back_to_usual", "fall_unconfirmed", "rise", "no_significant_change")


def outcome_summary(frame: pd.DataFrame) -> dict:
    """``operations``; ``tested`` (with enough tips to test); ``falls`` (significant
    falls in the cell); ``fall_share`` (falls / tested, None without any);
    ``median_wdq`` (over the defined quotients, None without any) and its reading."""
    tested = frame["verdict"].isin(TESTED)
    falls = int((frame["verdict"] == "fall").sum())
    quotients = pd.to_numeric(frame["wdq"], errors="coerce").dropna()
    median = float(quotients.median()) if len(quotients) else None
    return {
        "operations": len(frame),
        "tested": int(tested.sum()),
        "falls": falls,
        "back_to_usual": int((frame["verdict"] == "back_to_usual").sum()),
        "unconfirmed": int((frame["verdict"] == "fall_unconfirmed").sum()),
        "fall_share": falls / int(tested.sum()) if tested.any() else None,
        "median_wdq": median,
        "median_reading": _reading_of(median) if median is not None else None,
        "with_wdq": len(quotients),
    }


def _reading_of(q: float) -> str:
    if abs(q) < 1e-12:
        return "neutral"
    if q > 1:
        return "diffusion_more"
    if q > 0:
        return "diffusion"
    return "displacement" if q >= -1 else "displacement_more"


def outcome_text(row, lang: str) -> str:
    """One operation's outcome in words (``row``: a row of :func:`operation_outcomes`
    as a mapping or a named tuple)."""
    get = row.get if hasattr(row, "get") else lambda k: getattr(row, k)
    verdict = get("verdict")
    if verdict == "no_cell":
        return translate("oc_no_cell", lang)
    weeks = format_number(get("window_days") / 7, lang, 0 if get("window_days") % 7 == 0 else 1)
    counts = translate(
        "oc_counts",
        lang,
        weeks=weeks,
        a0=format_int(get("tips_before"), lang),
        a1=format_int(get("tips_after"), lang),
        b0=format_int(get("ring_before"), lang),
        b1=format_int(get("ring_after"), lang),
    )
    if verdict == "not_comparable":
        return f"{counts} {translate('oc_not_comparable', lang)}"
    said = translate(
        f"oc_{verdict}",
        lang,
        p=format_p(get("p_value"), lang),
        usual=format_number(7 * get("baseline_tips") / max(get("baseline_days") or 1, 1), lang, 1),
    )
    reading = get("wdq_reading")
    q = get("wdq")
    if reading == "too_few":
        return f"{counts} {said}"
    if reading in ("no_control", "no_fall"):
        ring = translate(f"oc_wdq_{reading}", lang)
    else:
        ring = translate(
            f"oc_wdq_{reading}", lang, q=format_number(float(q), lang, 2) if q == q else "–"
        )
    return f"{counts} {said} {ring}"


def summary_text(summary: dict, weeks: int, lang: str) -> str:
    """The operations' outcomes in two sentences."""
    if not summary["tested"]:
        return translate("oc_summary_none", lang, n=format_int(summary["operations"], lang))
    share = summary["fall_share"]
    text = translate(
        "oc_summary",
        lang,
        n=format_int(summary["operations"], lang),
        tested=format_int(summary["tested"], lang),
        falls=format_int(summary["falls"], lang),
        share=format_number(100 * share, lang, 0),
        other=format_int(summary["back_to_usual"] + summary["unconfirmed"], lang),
        weeks=weeks,
    )
    if summary["median_wdq"] is not None:
        text += " " + translate(
            "oc_summary_wdq",
            lang,
            n=format_int(summary["with_wdq"], lang),
            q=format_number(summary["median_wdq"], lang, 2),
            reading=translate(f"oc_reading_{summary['median_reading']}", lang),
        )
    return text


def attention_list(places: pd.DataFrame, days: int = ATTENTION_DAYS) -> pd.DataFrame:
    """The hot places (rows of :func:`hotspots.hotspot_figures.hot_spot_places`, in
    their rank order) that call for attention, with ``reason``: ``no_operation``
    (never one in the place), ``stale`` (the last one is ``days`` days old or more) or
    ``returned`` (a more recent one, followed by :data:`RETURN_MIN_TIPS` tips or more
    in the place: ``since_tips``). A hot place with a recent operation and no tip
    since is left out."""
    columns = [*places.columns, "reason"]
    if places.empty:
        return pd.DataFrame(columns=columns)
    reasons: list[str | None] = []
    for row in places.itertuples(index=False):
        if row.last_operation is None or row.days_since is None:
            reasons.append("no_operation")
        elif row.days_since >= days:
            reasons.append("stale")
        elif row.since_tips >= RETURN_MIN_TIPS:
            reasons.append("returned")
        else:
            reasons.append(None)
    out = places.assign(reason=reasons)
    return out[out["reason"].notna()].reset_index(drop=True)[columns]


def attention_text(row, lang: str) -> str:
    """Why a place is on the attention list, in words."""
    get = row.get if hasattr(row, "get") else lambda k: getattr(row, k)
    reason = get("reason")
    if reason == "no_operation":
        return translate("at_no_operation", lang)
    values = {
        "date": format_date(get("last_operation"), lang),
        "days": format_int(int(get("days_since")), lang),
        "n": format_int(int(get("since_tips")), lang),
    }
    text = translate(f"at_{reason}", lang, **values)
    if reason == "stale" and int(get("since_tips")):
        text += " " + translate("at_since", lang, **values)
    return text
