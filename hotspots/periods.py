"""The one home of days, months, periods and the time zone: local days as integers,
calendar months as integers, a period of whole days, the days the data cover, and
the period a change is measured against."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

__all__ = [
    "Coverage",
    "DATA_SINCE_KEY",
    "EPOCH",
    "LOCAL_TIMEZONE",
    "LOCAL_TZ",
    "Period",
    "coverage_of",
    "day_number",
    "day_of",
    "month_index",
    "month_start",
    "months_back",
    "previous_period",
]

#: The time zone every local day, hour and month is taken in (its name for pandas).
LOCAL_TIMEZONE = "Europe/Paris"
LOCAL_TZ = ZoneInfo(LOCAL_TIMEZONE)


EPOCH = date(1970, 1, 1)


def day_number(d: date) -> int:
    return (d - EPOCH).days


def day_of(number: int) -> date:
    return EPOCH + timedelta(days=int(number))


def months_back(d: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (clamped to the month's end)."""
    index = d.year * 12 + d.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def month_index(day: date) -> int:
    """A calendar month as one integer (``year * 12 + month - 1``), the form the
    tables keep their months in."""
    return day.year * 12 + day.month - 1


def month_start(index: int | np.integer) -> date:
    """The first day of the month :func:`month_index` numbered ``index``."""
    year, month = divmod(int(index), 12)
    return date(year, month + 1, 1)


#: Store metadata key of a declared "data since" date (ISO), for a source whose records
#: are complete from a day before its first tip.
DATA_SINCE_KEY = "data_since"


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


@dataclass(frozen=True)
class Coverage:
    """The local days the data cover: from the declared "data since" date (else the
    first tip) to the last tip. Outside it there are no data, which is not zero."""

    start: date | None
    end: date | None

    def covers(self, first: date, last: date) -> bool:
        """Every day from ``first`` to ``last`` is covered."""
        if self.start is None or self.end is None:
            return False
        return self.start <= first and last <= self.end

    def month_state(self, year: int, month: int, period: tuple[date, date] | None = None) -> str:
        """``"full"``, ``"partial"`` (the data, or the ``period`` shown, start or stop
        inside it) or ``"none"`` (no data in it)."""
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        if self.start is None or self.end is None or last < self.start or first > self.end:
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


def coverage_of(first_tip: date, last_tip: date, data_since: str | None) -> Coverage:
    """Coverage from the first and last tip days and the stored "data since" value (a
    declared date wins over the first tip, earlier or later: it says from when the
    source's records are complete)."""
    return Coverage(date.fromisoformat(data_since) if data_since else first_tip, last_tip)
