"""What the user asked for: the period (a preset or two days), communes, districts,
categories, triage, hours and weekdays, and their form in a page's address."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from hotspots.periods import (
    months_back,
)
from hotspots.schema import CATEGORIES

__all__ = [
    "ALL_HOURS",
    "DEFAULT_RESOLUTION",
    "MAP_RESOLUTIONS",
    "PRESETS",
    "TRIAGE",
    "Filters",
    "selection_parts",
    "with_period",
]

#: Triage states, in the order of their codes in :attr:`TipTable.triage`.
TRIAGE = ("not_exploitable", "exploitable", "pending")


PRESETS = ("7d", "30d", "3m", "12m", "ytd", "all", "custom")


#: H3 resolutions offered on the pages (cells of about 0.7, 0.1 and 0.015 km²).
MAP_RESOLUTIONS = (8, 9, 10)
DEFAULT_RESOLUTION = 9


ALL_HOURS = (1 << 24) - 1


@dataclass(frozen=True)
class Filters:
    """The dashboard's shared filters; hashable, so they key caches.

    ``hours`` is a half-open range of local hours; ``(22, 6)`` wraps past midnight.
    Empty tuples mean "all". ``communes`` are INSEE codes (the area a preset such as
    « Besançon » stands for); ``districts`` are quartier codes. ``resolution`` is the
    H3 resolution of the hexagons, the map's and the statistics' alike (one of
    :data:`MAP_RESOLUTIONS`).
    """

    preset: str = "ytd"
    start: date | None = None
    end: date | None = None
    communes: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    triage: tuple[str, ...] = ()
    hours: tuple[int, int] = (0, 24)
    weekdays: tuple[int, ...] = ()
    resolution: int = DEFAULT_RESOLUTION

    def period(self, latest: date) -> tuple[date, date]:
        """First and last local day of the period; presets end on ``latest``, the day of
        the most recent record (so a view of last month's data is not empty)."""
        if self.preset == "custom" and self.start and self.end:
            return min(self.start, self.end), max(self.start, self.end)
        back = {"7d": 6, "30d": 29}
        if self.preset in back:
            return latest - timedelta(days=back[self.preset]), latest
        if self.preset == "3m":
            return months_back(latest, 3) + timedelta(days=1), latest
        if self.preset == "12m":
            return months_back(latest, 12) + timedelta(days=1), latest
        if self.preset == "all":
            return date(2000, 1, 1), latest
        return date(latest.year, 1, 1), latest

    def hour_mask(self) -> int:
        """The filter's hours as a 24-bit mask."""
        low, high = self.hours
        if (low, high) == (0, 24) or low == high:
            return ALL_HOURS
        span = range(low, high) if low < high else [*range(low, 24), *range(0, high)]
        return sum(1 << h for h in span)

    def to_params(self) -> dict[str, str]:
        """URL query parameters (only what differs from the defaults)."""
        out: dict[str, str] = {}
        if self.preset != "ytd":
            out["period"] = self.preset
        if self.preset == "custom" and self.start and self.end:
            out["from"], out["to"] = self.start.isoformat(), self.end.isoformat()
        if self.communes:
            out["communes"] = ",".join(self.communes)
        if self.districts:
            out["districts"] = ",".join(self.districts)
        if self.categories:
            out["categories"] = ",".join(self.categories)
        if self.triage:
            out["triage"] = ",".join(self.triage)
        if self.hours != (0, 24):
            out["hours"] = f"{self.hours[0]}-{self.hours[1]}"
        if self.weekdays:
            out["weekdays"] = ",".join(str(d) for d in self.weekdays)
        if self.resolution != DEFAULT_RESOLUTION:
            out["res"] = str(self.resolution)
        return out

    @classmethod
    def from_params(
        cls,
        params: dict[str, str],
        district_codes: tuple[str, ...],
        commune_codes: tuple[str, ...] = (),
    ) -> tuple[Filters, list[str]]:
        """Filters from URL parameters; values that make no sense are dropped and named."""
        problems: list[str] = []

        def listed(name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
            raw = [v for v in str(params.get(name, "")).split(",") if v]
            bad = [v for v in raw if v not in allowed]
            if bad:
                problems.append(f"{name}={','.join(bad)}")
            return tuple(v for v in allowed if v in raw)

        preset = str(params.get("period", "ytd"))
        if preset not in PRESETS:
            problems.append(f"period={preset}")
            preset = "ytd"
        start = end = None
        if preset == "custom":
            try:
                start = date.fromisoformat(str(params.get("from", "")))
                end = date.fromisoformat(str(params.get("to", "")))
            except ValueError:
                problems.append("from/to")
                preset = "ytd"
        hours = (0, 24)
        if "hours" in params:
            try:
                low, high = (int(v) for v in str(params["hours"]).split("-"))
                if not (0 <= low <= 23 and 1 <= high <= 24):
                    raise ValueError
                hours = (low, high)
            except ValueError:
                problems.append(f"hours={params['hours']}")
        weekdays = listed("weekdays", tuple(str(d) for d in range(7)))
        resolution = DEFAULT_RESOLUTION
        if "res" in params:
            if str(params["res"]) in {str(r) for r in MAP_RESOLUTIONS}:
                resolution = int(params["res"])
            else:
                problems.append(f"res={params['res']}")
        return (
            cls(
                preset=preset,
                start=start,
                end=end,
                communes=listed("communes", commune_codes),
                districts=listed("districts", district_codes),
                categories=listed("categories", CATEGORIES),
                triage=listed("triage", TRIAGE),
                hours=hours,
                weekdays=tuple(int(d) for d in weekdays),
                resolution=resolution,
            ),
            problems,
        )


def with_period(f: Filters, start: date, end: date) -> Filters:
    return replace(f, preset="custom", start=start, end=end)


def selection_parts(f: Filters, area, lang: str) -> list[str]:
    """The zone and the filters other than the period, in words (the filter line of
    the pages, the briefing sheet): the preset's name or up to three communes, then the
    quartiers, categories, triage, hours and weekdays chosen. ``area``: a
    :class:`hotspots.areas.Area`."""
    from hotspots.i18n import translate, weekday_names

    preset = area.preset_of(f.communes)
    if preset is not None:
        parts = [preset.name(lang)]
    else:
        shown = [str(area.commune_name(c) or c) for c in f.communes[:3]]
        more = len(f.communes) - len(shown)
        parts = [", ".join(shown) + (f" (+{more})" if more > 0 else "")]
    names = dict(zip(area.districts.codes, area.districts.names, strict=True))
    if f.districts:
        parts.append(", ".join(str(names.get(c, c)) for c in f.districts))
    if f.categories:
        parts.append(", ".join(translate(f"cat_{c}", lang) for c in f.categories))
    if f.triage:
        parts.append(", ".join(translate(f"tr_{c}", lang) for c in f.triage))
    if f.hours != (0, 24):
        parts.append(f"{f.hours[0]} h – {f.hours[1]} h")
    if f.weekdays:
        days = weekday_names(lang)
        parts.append(", ".join(days[d] for d in f.weekdays))
    return parts
