"""The row of headline indicators."""

from __future__ import annotations

import streamlit as st

from hotspots.i18n import format_int, format_number, format_percent, translate


def show(figures: dict, lang: str) -> None:
    """Six metrics from :func:`hotspots.analysis.stats` figures."""
    cols = st.columns(6)
    cols[0].metric(
        translate("kpi_tips", lang),
        format_int(figures["tips"], lang),
        help=f"{format_number(figures['tips_per_month'], lang)} {translate('kpi_per_month', lang)}",
    )
    cols[1].metric(
        translate("kpi_exploitable", lang), format_percent(figures["exploitable_share"], lang)
    )
    cols[2].metric(translate("kpi_pending", lang), format_int(figures["pending"], lang))
    cols[3].metric(translate("kpi_operations", lang), format_int(figures["operations"], lang))
    cols[4].metric(translate("kpi_arrests", lang), format_int(figures["arrests"], lang))
    euro = format_int(round(figures["cash_eur"]), lang)
    cols[5].metric(translate("kpi_cash", lang), f"{euro}\u202f€" if lang == "fr" else f"€{euro}")
