"""The Carte page's figures and ranked places in words, once for the page
(:mod:`hotspots.ui.components.kpis`, the ranked list) and for the commanders' briefing
sheet (:mod:`hotspots.briefing`): the sheet holds "the selection's figures as the page
shows them" because both read them here."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hotspots.amounts import euros, quantity_text, substance_label
from hotspots.i18n import (
    format_date,
    format_int,
    format_number,
    format_p,
    format_percent,
    format_signed,
    translate,
)

__all__ = ["Headline", "headline", "place_words", "verdict_words"]


@dataclass(frozen=True)
class Headline:
    """One headline figure: ``delta`` (the short line under a metric), ``note`` (the
    longer explanation) and ``details`` (the seizures one by one) may be empty."""

    label: str
    value: str
    delta: str = ""
    note: str = ""
    details: tuple[str, ...] = ()
    significant: bool = False


def verdict_words(code: str, lang: str) -> str:
    """A comparison's verdict (:class:`hotspots.change_test.Comparison`) in words."""
    key = {
        "increase": "ch_significant_up",
        "decrease": "ch_significant_down",
        "not_comparable": "ch_not_comparable",
    }.get(code, "ch_chance")
    return translate(key, lang)


def headline(figures: dict, lang: str) -> list[Headline]:
    """The eight headline figures of :func:`hotspots.figures.indicators`, in order:
    tips (with the comparison with the previous period), exploitable share, pending,
    median delay, operations, arrests, seizures (with each substance), cash."""

    def tr(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    change = figures["change"]
    if change.verdict == "not_comparable":
        start = figures["coverage_start"]
        delta = tr("kpi_no_previous")
        note = tr(
            "kpi_not_comparable",
            start=format_date(start, lang) if start else "–",
            first=format_date(change.first, lang),
            last=format_date(change.last, lang),
        )
    else:
        delta = tr(
            "kpi_change",
            sign=format_signed(figures["tips"] - change.previous, lang),
            n=format_int(change.previous, lang),
            first=format_date(change.first, lang),
            last=format_date(change.last, lang),
        )
        note = ""
        if change.p_value is not None:
            significant = change.verdict != "no_significant_change"
            key = "kpi_significant" if significant else "kpi_not_significant"
            note = tr(key, p=format_p(change.p_value, lang))
    delay = figures["median_delay_days"]
    seized = figures["seizures"]
    drugs = sum(v for k, v in seized.items() if k[1] == "g")
    details = tuple(
        f"{substance_label(s, lang)} : {quantity_text(q, u, lang)}"
        for (s, u), q in sorted(seized.items(), key=lambda kv: -kv[1])
    )
    return [
        Headline(
            tr("kpi_tips"),
            format_int(figures["tips"], lang),
            delta,
            note,
            significant=change.verdict in ("increase", "decrease"),
        ),
        Headline(tr("kpi_exploitable"), format_percent(figures["exploitable_share"], lang)),
        Headline(tr("kpi_pending"), format_int(figures["pending"], lang)),
        Headline(
            tr("kpi_delay"),
            tr("days", n=format_number(delay, lang, 0)) if delay is not None else "–",
        ),
        Headline(tr("kpi_operations"), format_int(figures["operations"], lang)),
        Headline(tr("kpi_arrests"), format_int(figures["arrests"], lang)),
        Headline(
            tr("kpi_seizures"),
            quantity_text(drugs, "g", lang) if seized else tr("none_value"),
            details=details,
        ),
        Headline(tr("kpi_cash"), euros(figures["cash_eur"], lang)),
    ]


def place_words(places: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The ranked hot places (:func:`hotspots.hotspot_figures.hot_spot_places`) in
    words: ``rank, place, level, tips, change, last_operation``."""

    def change_text(change, tips: int) -> str:
        if change.verdict == "not_comparable":
            return verdict_words(change.verdict, lang)
        return translate(
            "pl_change_value",
            lang,
            sign=format_signed(tips - change.previous, lang),
            n=format_int(change.previous, lang),
            verdict=verdict_words(change.verdict, lang),
        )

    return pd.DataFrame(
        {
            "rank": places["rank"].to_numpy(),
            "place": [str(p) for p in places["place"]],
            "level": [translate(f"hs_bin_{b}", lang) for b in places["level"]],
            "tips": places["tips"].to_numpy(),
            "change": [
                change_text(c, n) for c, n in zip(places["change"], places["tips"], strict=True)
            ],
            "last_operation": [
                translate(
                    "pl_operation_value",
                    lang,
                    date=format_date(d, lang),
                    days=format_int(int(n), lang),
                )
                if d
                else translate("pl_no_operation", lang)
                for d, n in zip(places["last_operation"], places["days_since"], strict=True)
            ],
        }
    )
