"""What the commanders' briefing sheet (:mod:`hotspots.briefing`) shows, computed by
the functions the Carte page uses, and put in the page's words: the headline figures
against the previous period, the ranked hot places with their last operation, the
operations of the period with what followed them, and the selection itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import h3.api.basic_int as h3i
import pandas as pd

from hotspots.areas import Area
from hotspots.filters import Filters, selection_parts
from hotspots.headline import headline, place_words
from hotspots.i18n import (
    format_date,
    format_int,
    format_number,
    format_p,
    has_text,
    long_date,
    translate,
)
from hotspots.outcomes import TESTED
from hotspots.roles import Role, require
from hotspots.tables import OpsTable, TipTable

__all__ = [
    "MAX_OPERATIONS",
    "MAX_PLACES",
    "Briefing",
    "briefing_figures",
    "figure_lines",
    "operation_rows",
    "place_rows",
    "selection_words",
]

#: Hot places and operations listed at most (fewer when their lines do not fit).
MAX_PLACES = 8
MAX_OPERATIONS = 12


@dataclass(frozen=True)
class Briefing:
    """What the sheet shows, computed under the filters at ``resolution``: ``figures``
    (:func:`hotspots.figures.indicators`), ``hexes`` (:func:`hotspots.figures.hex_counts`),
    ``hot`` (the hot-spot test's cells, None when refused, then ``refusal`` says why),
    ``places`` (:func:`hotspots.hotspot_figures.hot_spot_places`), ``outcomes``
    (:func:`hotspots.outcomes.operation_outcomes`, newest first) and the operations'
    cells and places."""

    lang: str
    filters: Filters
    latest: date
    resolution: int
    figures: dict
    hexes: pd.DataFrame
    hot: pd.DataFrame | None
    refusal: str | None
    places: pd.DataFrame
    outcomes: pd.DataFrame
    outcome_summary: str
    operation_places: list[str]
    area: Area
    demo: bool = False


def briefing_figures(
    table: TipTable,
    ops: OpsTable,
    f: Filters,
    latest: date,
    area: Area,
    landmarks,
    *,
    role: Role | str | None,
    lang: str = "fr",
    demo: bool = False,
) -> Briefing:
    """Everything the sheet shows, by the functions the Carte page uses."""
    require(role, "map")
    from hotspots import outcomes
    from hotspots.figures import hex_counts, indicators
    from hotspots.hotspot_figures import hot_spot_places, hot_spots
    from hotspots.hotspot_stats import HotSpotParameters, HotSpotRefusal

    resolution = f.resolution
    hot: pd.DataFrame | None = None
    refusal = None
    places = pd.DataFrame()
    try:
        hot, _ = hot_spots(table, f, latest, area, HotSpotParameters(resolution), role=role)
    except HotSpotRefusal as exc:
        refusal = translate(
            f"hs_too_few_{exc.what}",
            lang,
            found=_plain(exc.found, lang),
            needed=_plain(exc.needed, lang),
        )
    if hot is not None:
        places = hot_spot_places(hot, table, ops, f, latest, resolution, landmarks, role=role)
    done = outcomes.operation_outcomes(table, ops, f, latest, resolution=resolution, role=role)
    summary = outcomes.summary_text(outcomes.outcome_summary(done), outcomes.DEFAULT_WEEKS, lang)
    names = dict(zip(area.districts.codes, area.districts.names, strict=True))
    op_places = []
    for row in done.itertuples(index=False):
        commune = area.commune_name(row.commune) or ""
        place = names.get(row.district) or commune or "–"
        if row.h3:
            lat, lon = h3i.cell_to_latlng(int(row.h3, 16))
            near = str(landmarks.place_of(lat, lon))
            place = near if near != "–" else place  # « – »: outside every quartier
        op_places.append(str(place))
    return Briefing(
        lang=lang,
        filters=f,
        latest=latest,
        resolution=resolution,
        figures=indicators(table, ops, f, latest),
        hexes=hex_counts(table, f, latest, resolution, area.districts, role=role),
        hot=hot,
        refusal=refusal,
        places=places,
        outcomes=done,
        outcome_summary=summary,
        operation_places=op_places,
        area=area,
        demo=demo,
    )


def _plain(value: float, lang: str) -> str:
    return format_number(value, lang, 0 if float(value).is_integer() else 2)


def selection_words(f: Filters, latest: date, area: Area, lang: str) -> list[str]:
    """The selection in words: the period, then the zone and the other filters."""
    first, last = f.period(latest)
    lines = [
        translate(
            "br_period",
            lang,
            first=long_date(first, lang),
            last=long_date(last, lang),
            days=format_int((last - first).days + 1, lang),
            preset=translate(f"p_{f.preset}", lang),
        )
    ]
    parts = selection_parts(f, area, lang)
    lines.append(translate("br_area", lang, text=" · ".join(parts)))
    return lines


def figure_lines(figures: dict, lang: str) -> list[tuple[str, str, str]]:
    """The Carte page's headline figures (:func:`hotspots.headline.headline`) as
    ``(label, value, note)``, the note gathering what the page shows under a metric."""
    lines = []
    for item in headline(figures, lang):
        if item.details:
            extra = " · ".join(item.details)
        elif item.delta and item.note:
            joint = ". " if figures["change"].verdict == "not_comparable" else " · "
            extra = item.delta + joint + item.note
        else:
            extra = item.delta or item.note
        lines.append((item.label, item.value, extra))
    return lines


def place_rows(places: pd.DataFrame, lang: str) -> list[list[str]]:
    """The ranked list in the page's words (:func:`hotspots.headline.place_words`)."""
    words = place_words(places, lang)
    return [
        [str(r.rank), r.place, r.level, format_int(r.tips, lang), r.change, r.last_operation]
        for r in words.itertuples(index=False)
    ]


def operation_rows(b: Briefing) -> list[list[str]]:
    lang = b.lang
    rows = []
    for row, place in zip(b.outcomes.itertuples(index=False), b.operation_places, strict=True):
        kind = f"kind_{row.kind}"
        counts = ("–", "–")
        if row.tips_before is not None and row.tips_before == row.tips_before:
            counts = (
                f"{format_int(row.tips_before, lang)} → {format_int(row.tips_after, lang)}",
                f"{format_int(row.ring_before, lang)} → {format_int(row.ring_after, lang)}",
            )
        result = translate(f"oc_v_{row.verdict}", lang)
        if row.verdict in TESTED:
            result += f" ({format_p(row.p_value, lang)})"
        reading = row.wdq_reading
        if reading in ("no_control", "no_fall"):
            result += " ; " + translate(f"oc_r_{reading}", lang)
        elif row.wdq == row.wdq and reading not in ("no_cell", "not_comparable"):
            q = format_number(float(row.wdq) if abs(row.wdq) >= 0.005 else 0.0, lang, 2)
            words = translate(f"oc_reading_{reading}", lang)
            result += " ; " + translate("br_wdq", lang, q=q, reading=words)
        rows.append(
            [
                format_date(row.started_at, lang),
                place,
                translate(kind, lang) if has_text(kind) else str(row.kind),
                *counts,
                result,
            ]
        )
    return rows
