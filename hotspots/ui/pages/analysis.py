"""Analyse: when and what — hour × weekday, monthly trend, categories."""

from __future__ import annotations

import streamlit as st

from hotspots import views
from hotspots.i18n import format_int
from hotspots.ui import charts
from hotspots.ui.context import open_page, require_data, t

page = open_page("page_analysis")
require_data(page)


@st.cache_data(show_spinner=False, max_entries=64)
def _figures(key: tuple) -> dict:
    matrix, observed, received = views.hour_weekday(page.tips, page.filters, page.latest)
    return {
        "matrix": matrix,
        "observed": observed,
        "received": received,
        "monthly": views.monthly(page.tips, page.filters, page.latest),
        "categories": views.categories(page.tips, page.filters, page.latest),
    }


figures = _figures(page.key)
st.subheader(t("an_heatmap"))
st.altair_chart(charts.heatmap(figures["matrix"], page.lang), width="stretch")
st.caption(
    t(
        "an_heatmap_note",
        observed=format_int(figures["observed"], page.lang),
        received=format_int(figures["received"], page.lang),
    )
)
left, right = st.columns([3, 2])
with left:
    st.subheader(t("an_monthly"))
    st.altair_chart(charts.monthly(figures["monthly"], page.lang), width="stretch")
with right:
    st.subheader(t("an_categories"))
    st.altair_chart(charts.categories(figures["categories"], page.lang), width="stretch")
