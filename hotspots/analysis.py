"""Filters and aggregate figures read from the store."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select

from hotspots.geo import Districts
from hotspots.store import Store, operations, seizures, tips
from hotspots.text import fold

__all__ = [
    "DATA_SINCE_KEY",
    "Comparison",
    "Coverage",
    "Period",
    "compare_counts",
    "previous_period",
    "resolve_district",
    "stats",
]

LOCAL_TZ = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class Period:
    """Whole local days, ``start`` to ``end`` inclusive."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @property
    def ts_range(self) -> tuple[int, int]:
        """[first, after-last) second, Unix UTC, of the period in Europe/Paris."""
        first = datetime.combine(self.start, datetime.min.time(), LOCAL_TZ)
        after = datetime.combine(self.end + timedelta(days=1), datetime.min.time(), LOCAL_TZ)
        return int(first.timestamp()), int(after.timestamp())

    @property
    def months(self) -> int:
        """Calendar months the period touches (Jan 1 – Nov 21 → 11)."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


#: Store metadata key of a declared "data since" date (ISO), for a source whose records
#: are complete from a day before its first tip.
DATA_SINCE_KEY = "data_since"
#: A change is called significant below this p-value.
SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class Coverage:
    """The local days the data cover: from the declared "data since" date (else the
    first tip) to the last tip. Outside it there are no data, which is not zero."""

    start: date | None
    end: date | None

    def covers(self, first: date, last: date) -> bool:
        """Every day from ``first`` to ``last`` is covered."""
        return self.start is not None and self.start <= first and last <= self.end

    def month_state(self, year: int, month: int, period: tuple[date, date] | None = None) -> str:
        """``"full"``, ``"partial"`` (the data, or the ``period`` shown, start or stop
        inside it) or ``"none"`` (no data in it)."""
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        if self.start is None or last < self.start or first > self.end:
            return "none"
        shown = Coverage(max(self.start, period[0]), min(self.end, period[1])) if period else self
        return "full" if shown.covers(first, last) else "partial"


def previous_period(first: date, last: date) -> tuple[date, date]:
    """The period a change is measured against: the same number of whole calendar
    months just before when the period is whole months (July–September → April–June),
    else the same number of days just before."""
    if first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        index = first.year * 12 + first.month - 1 - months
        start = date(index // 12, index % 12 + 1, 1)
        return start, first - timedelta(days=1)
    length = (last - first).days + 1
    return first - timedelta(days=length), first - timedelta(days=1)


@dataclass(frozen=True)
class Comparison:
    """A count against the previous period's: ``verdict`` is ``increase``,
    ``decrease``, ``no_significant_change`` (exact conditional binomial test, 5 %) or
    ``not_comparable`` (the data do not cover both periods; then ``previous`` and
    ``p_value`` are None)."""

    first: date
    last: date
    previous: int | None
    p_value: float | None
    verdict: str

    def as_dict(self) -> dict[str, object]:
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "tips": self.previous,
            "p_value": self.p_value,
            "verdict": self.verdict,
        }


def compare_counts(
    current: int,
    previous: int,
    period: tuple[date, date],
    before: tuple[date, date],
    coverage: Coverage,
) -> Comparison:
    """The exact test of ``current`` tips in ``period`` against ``previous`` in
    ``before``: given their sum, the current count is Binomial(sum, current days / all
    days) when the rate did not change."""
    from scipy.stats import binomtest

    if not coverage.covers(before[0], period[1]):
        return Comparison(before[0], before[1], None, None, "not_comparable")
    days_now = (period[1] - period[0]).days + 1
    days_before = (before[1] - before[0]).days + 1
    total = current + previous
    if total == 0:
        return Comparison(before[0], before[1], previous, None, "no_significant_change")
    p_value = float(binomtest(current, total, days_now / (days_now + days_before)).pvalue)
    expected = total * days_now / (days_now + days_before)
    if p_value >= SIGNIFICANCE:
        verdict = "no_significant_change"
    else:
        verdict = "increase" if current > expected else "decrease"
    return Comparison(before[0], before[1], previous, p_value, verdict)


def store_coverage(store: Store) -> Coverage:
    """The store's coverage: from the declared "data since" date (else the first tip)
    to the most recent record, tip or operation (the store is up to date to that day;
    the dashboard's periods end there too)."""
    with store.engine.connect() as conn:
        low, high = conn.execute(
            select(func.min(tips.c.received_ts), func.max(tips.c.received_ts))
        ).one()
        last_op = conn.execute(select(func.max(operations.c.started_ts))).scalar_one()
    if low is None:
        return Coverage(None, None)
    last = max(high, last_op) if last_op is not None else high
    return coverage_of(_local_day(low), _local_day(last), store.get_meta(DATA_SINCE_KEY))


def coverage_of(first_tip: date, last_tip: date, data_since: str | None) -> Coverage:
    """Coverage from the first and last tip days and the stored "data since" value (a
    declared date wins over the first tip, earlier or later: it says from when the
    source's records are complete)."""
    return Coverage(date.fromisoformat(data_since) if data_since else first_tip, last_tip)


def resolve_district(districts: Districts, text: str) -> str:
    """The district code for a code or a name, ignoring case and accents."""
    wanted = fold(text).replace("-", " ").strip()
    for code, name in zip(districts.codes, districts.names, strict=True):
        if wanted in (fold(code), fold(name).replace("-", " ")):
            return code
    choices = ", ".join(f"{c} ({n})" for c, n in zip(districts.codes, districts.names, strict=True))
    raise ValueError(f"unknown district {text!r}; use one of: {choices}")


def _local_day(ts: int) -> date:
    return datetime.fromtimestamp(ts, LOCAL_TZ).date()


def stats(
    store: Store,
    date_from: date | None = None,
    date_to: date | None = None,
    district: str | None = None,
) -> dict[str, object]:
    """Headline figures for a period (default: all tips and operations) and optionally one district.

    ``exploitable_share`` is exploitable tips over triaged tips (pending excluded);
    ``tips_per_month`` divides by the calendar months the period touches.
    """
    with store.engine.connect() as conn:
        if date_from is None or date_to is None:
            bounds = [
                conn.execute(select(func.min(col), func.max(col))).one()
                for col in (tips.c.received_ts, operations.c.started_ts)
            ]
            lows = [b[0] for b in bounds if b[0] is not None]
            highs = [b[1] for b in bounds if b[1] is not None]
            low, high = (min(lows), max(highs)) if lows else (None, None)
            today = datetime.now(LOCAL_TZ).date()
            date_from = date_from or (_local_day(low) if low is not None else today)
            date_to = date_to or (_local_day(high) if high is not None else today)
        period = Period(date_from, date_to)
        first, after = period.ts_range

        tip_filter = and_(tips.c.received_ts >= first, tips.c.received_ts < after)
        op_filter = and_(operations.c.started_ts >= first, operations.c.started_ts < after)
        if district is not None:
            tip_filter = and_(tip_filter, tips.c.district == district)
            op_filter = and_(op_filter, operations.c.district == district)

        n_tips, n_exploitable, n_pending = conn.execute(
            select(
                func.count(),
                func.coalesce(func.sum(case((tips.c.exploitable.is_(True), 1), else_=0)), 0),
                func.coalesce(func.sum(case((tips.c.exploitable.is_(None), 1), else_=0)), 0),
            ).where(tip_filter)
        ).one()
        n_ops, n_arrests, cash = conn.execute(
            select(
                func.count(),
                func.coalesce(func.sum(operations.c.arrests), 0),
                func.coalesce(func.sum(operations.c.cash_eur), 0.0),
            ).where(op_filter)
        ).one()
        before = previous_period(period.start, period.end)
        b_first, b_after = Period(*before).ts_range
        b_filter = and_(tips.c.received_ts >= b_first, tips.c.received_ts < b_after)
        if district is not None:
            b_filter = and_(b_filter, tips.c.district == district)
        n_before = conn.execute(select(func.count()).where(b_filter)).scalar_one()
        seized = conn.execute(
            select(seizures.c.substance, seizures.c.unit, func.sum(seizures.c.quantity))
            .join(operations, operations.c.key64 == seizures.c.op_key64)
            .where(op_filter)
            .group_by(seizures.c.substance, seizures.c.unit)
            .order_by(seizures.c.substance, seizures.c.unit)
        ).all()

    triaged = int(n_tips) - int(n_pending)
    comparison = compare_counts(
        int(n_tips), int(n_before), (period.start, period.end), before, store_coverage(store)
    )
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "district": district,
        "tips": int(n_tips),
        "tips_per_month": round(int(n_tips) / period.months, 2),
        "exploitable": int(n_exploitable),
        "exploitable_share": round(int(n_exploitable) / triaged, 4) if triaged else None,
        "pending": int(n_pending),
        "operations": int(n_ops),
        "arrests": int(n_arrests),
        "seizures": {f"{s}_{u}": round(float(q), 3) for s, u, q in seized},
        "cash_eur": round(float(cash), 2),
        "previous": comparison.as_dict(),
    }
