"""Filters and aggregate figures read from the store."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, case, func, select

from hotspots.change_test import compare_counts
from hotspots.geo import Districts
from hotspots.periods import (
    DATA_SINCE_KEY,
    LOCAL_TZ,
    Coverage,
    Period,
    coverage_of,
    previous_period,
)
from hotspots.store import Store, operations, seizures, tips
from hotspots.text import fold

__all__ = ["resolve_district", "stats", "store_coverage"]


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
