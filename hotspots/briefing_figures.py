"""What the commanders' briefing sheet (:mod:`hotspots.briefing`) shows, computed by
the functions the Carte page uses, and put in the page's words: the headline figures
against the previous period, the ranked hot places with their last operation, the
operations of the period with what followed them, and the selection itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import h3.api.basic_int as h3i
import pandas as pd

from hotspots.amounts import euros, quantity_text, substance_label
from hotspots.areas import Area
from hotspots.filters import Filters, selection_parts
from hotspots.i18n import (
    format_date,
    format_int,
    format_number,
    format_p,
    format_percent,
    format_signed,
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


def _verdict(code: str, lang: str) -> str:
    """A comparison's verdict in the page's words (``hotspots.ui.context.verdict``)."""
    key = {
        "increase": "ch_significant_up",
        "decrease": "ch_significant_down",
        "not_comparable": "ch_not_comparable",
    }.get(code, "ch_chance")
    return translate(key, lang)


def figure_lines(figures: dict, lang: str) -> list[tuple[str, str, str]]:
    """The Carte page's headline figures (:func:`hotspots.ui.components.kpis.show`) as
    ``(label, value, note)`` in the same words and formats."""

    def tr(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    change = figures["change"]
    if change.verdict == "not_comparable":
        start = figures["coverage_start"]
        delta = (
            tr("kpi_no_previous")
            + ". "
            + tr(
                "kpi_not_comparable",
                start=format_date(start, lang) if start else "–",
                first=format_date(change.first, lang),
                last=format_date(change.last, lang),
            )
        )
    else:
        delta = tr(
            "kpi_change",
            sign=format_signed(figures["tips"] - change.previous, lang),
            n=format_int(change.previous, lang),
            first=format_date(change.first, lang),
            last=format_date(change.last, lang),
        )
        if change.p_value is not None:
            significant = change.verdict != "no_significant_change"
            key = "kpi_significant" if significant else "kpi_not_significant"
            delta += f" · {tr(key, p=format_p(change.p_value, lang))}"
    delay = figures["median_delay_days"]
    seized = figures["seizures"]
    drugs = sum(v for k, v in seized.items() if k[1] == "g")
    details = " · ".join(
        f"{substance_label(s, lang)} : {quantity_text(q, u, lang)}"
        for (s, u), q in sorted(seized.items(), key=lambda kv: -kv[1])
    )
    return [
        (tr("kpi_tips"), format_int(figures["tips"], lang), delta),
        (tr("kpi_exploitable"), format_percent(figures["exploitable_share"], lang), ""),
        (tr("kpi_pending"), format_int(figures["pending"], lang), ""),
        (
            tr("kpi_delay"),
            tr("days", n=format_number(delay, lang, 0)) if delay is not None else "–",
            "",
        ),
        (tr("kpi_operations"), format_int(figures["operations"], lang), ""),
        (tr("kpi_arrests"), format_int(figures["arrests"], lang), ""),
        (
            tr("kpi_seizures"),
            quantity_text(drugs, "g", lang) if seized else tr("none_value"),
            details,
        ),
        (tr("kpi_cash"), euros(figures["cash_eur"], lang), ""),
    ]


def place_rows(places: pd.DataFrame, lang: str) -> list[list[str]]:
    """The ranked list in the page's words (``overview._places_table``)."""
    rows = []
    for row in places.itertuples(index=False):
        change = row.change
        if change.verdict == "not_comparable":
            text = _verdict(change.verdict, lang)
        else:
            text = translate(
                "pl_change_value",
                lang,
                sign=format_signed(row.tips - change.previous, lang),
                n=format_int(change.previous, lang),
                verdict=_verdict(change.verdict, lang),
            )
        last = (
            translate(
                "pl_operation_value",
                lang,
                date=format_date(row.last_operation, lang),
                days=format_int(int(row.days_since), lang),
            )
            if row.last_operation
            else translate("br_no_operation", lang)
        )
        level = translate(f"hs_bin_{row.level}", lang)
        rows.append([str(row.rank), str(row.place), level, format_int(row.tips, lang), text, last])
    return rows


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
