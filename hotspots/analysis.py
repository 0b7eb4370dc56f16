"""The ``stats`` command's figures: the dashboard's headline figures for a period and a
district, as one JSON-ready object."""

from __future__ import annotations

from datetime import date

from hotspots.areas import Area
from hotspots.figures import indicators
from hotspots.filters import Filters
from hotspots.geo import Districts
from hotspots.periods import Period, day_of
from hotspots.store import Store
from hotspots.tables import latest_day, load_ops, load_tips
from hotspots.text import fold

__all__ = ["resolve_district", "stats"]


def resolve_district(districts: Districts, text: str) -> str:
    """The district code for a code or a name, ignoring case and accents."""
    wanted = fold(text).replace("-", " ").strip()
    for code, name in zip(districts.codes, districts.names, strict=True):
        if wanted in (fold(code), fold(name).replace("-", " ")):
            return code
    choices = ", ".join(f"{c} ({n})" for c, n in zip(districts.codes, districts.names, strict=True))
    raise ValueError(f"unknown district {text!r}; use one of: {choices}")


def stats(
    store: Store,
    area: Area,
    date_from: date | None = None,
    date_to: date | None = None,
    district: str | None = None,
    communes: tuple[str, ...] = (),
) -> dict[str, object]:
    """Headline figures for a period (default: from the first to the last record, tip
    or operation), optionally of some communes and of one district, as one JSON-ready
    object.

    The figures are the dashboard's own (:func:`hotspots.figures.indicators` on the
    store's tables): one definition for the page and the command. ``exploitable_share``
    is exploitable tips over triaged tips (pending excluded); ``tips_per_month`` divides
    by the calendar months the period touches.
    """
    table = load_tips(store, area)
    ops = load_ops(store, area)
    latest = latest_day(table, ops)  # today for an empty store
    if date_from is None or date_to is None:
        firsts = [int(table.day.min())] if len(table) else []
        if len(ops.ops):
            firsts.append(int(ops.ops["day"].min()))
        date_from = date_from or (day_of(min(firsts)) if firsts else latest)
        date_to = date_to or latest
    period = Period(date_from, date_to)
    chosen = Filters(
        preset="custom",
        start=period.start,
        end=period.end,
        communes=communes,
        districts=(district,) if district else (),
    )
    figures = indicators(table, ops, chosen, latest)
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "district": district,
        "area": list(communes) or "all",
        "tips": figures["tips"],
        "tips_per_month": round(figures["tips"] / period.months, 2),
        "exploitable": figures["exploitable"],
        "exploitable_share": (
            round(figures["exploitable_share"], 4)
            if figures["exploitable_share"] is not None
            else None
        ),
        "pending": figures["pending"],
        "operations": figures["operations"],
        "arrests": figures["arrests"],
        "seizures": {f"{s}_{u}": round(q, 3) for (s, u), q in figures["seizures"].items()},
        "cash_eur": round(figures["cash_eur"], 2),
        "median_delay_days": figures["median_delay_days"],
        "previous": figures["change"].as_dict(),
    }
