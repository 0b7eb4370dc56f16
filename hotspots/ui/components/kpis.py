"""The headline indicators."""

from __future__ import annotations

import streamlit as st

from hotspots.amounts import euros, quantity_text, substance_label
from hotspots.i18n import (
    format_date,
    format_int,
    format_number,
    format_p,
    format_percent,
    format_signed,
    markdown_text,
    translate,
)

__all__ = ["euros", "quantity_text", "show", "substance_label"]


def show(figures: dict, lang: str) -> None:
    """Two rows of metrics from :func:`hotspots.indicators`."""

    def tr(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    top = st.columns(4)
    change = figures["change"]
    note = ""
    if change.verdict == "not_comparable":
        delta = tr("kpi_no_previous")
        note = tr(
            "kpi_not_comparable",
            start=format_date(figures["coverage_start"], lang)
            if figures["coverage_start"]
            else "–",
            first=format_date(change.first, lang),
            last=format_date(change.last, lang),
        )
    else:
        difference = figures["tips"] - change.previous
        delta = tr(
            "kpi_change",
            sign=format_signed(difference, lang),
            n=format_int(change.previous, lang),
            first=format_date(change.first, lang),
            last=format_date(change.last, lang),
        )
        if change.p_value is not None:
            key = (
                "kpi_not_significant"
                if change.verdict == "no_significant_change"
                else "kpi_significant"
            )
            note = tr(key, p=format_p(change.p_value, lang))
    significant = change.verdict in ("increase", "decrease")
    top[0].metric(
        tr("kpi_tips"),
        format_int(figures["tips"], lang),
        delta=delta,
        delta_color="off",
        delta_arrow="auto" if significant else "off",
        help=tr("days", n=figures["days"]) + (f" · {note}" if note else ""),
    )
    if note:
        st.caption(f"{tr('kpi_tips')} : {note}")
    top[1].metric(tr("kpi_exploitable"), format_percent(figures["exploitable_share"], lang))
    top[2].metric(tr("kpi_pending"), format_int(figures["pending"], lang))
    delay = figures["median_delay_days"]
    top[3].metric(
        tr("kpi_delay"), tr("days", n=format_number(delay, lang, 0)) if delay is not None else "–"
    )
    bottom = st.columns(4)
    bottom[0].metric(tr("kpi_operations"), format_int(figures["operations"], lang))
    bottom[1].metric(tr("kpi_arrests"), format_int(figures["arrests"], lang))
    seized = figures["seizures"]
    drugs = {k: v for k, v in seized.items() if k[1] == "g"}
    total_g = sum(drugs.values())
    lines = [
        f"{substance_label(s, lang)} : {quantity_text(q, u, lang)}"
        for (s, u), q in sorted(seized.items(), key=lambda kv: -kv[1])
    ]
    bottom[2].metric(
        tr("kpi_seizures"),
        quantity_text(total_g, "g", lang) if seized else tr("none_value"),
        help=markdown_text(" ; ".join(lines)) if lines else None,
    )
    bottom[3].metric(tr("kpi_cash"), euros(figures["cash_eur"], lang))
    if lines:
        st.caption(markdown_text(f"{tr('kpi_seizures')} : " + " · ".join(lines)))
