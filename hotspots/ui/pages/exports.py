"""Exports: internal aggregates of the active filters."""

from __future__ import annotations

import streamlit as st

from hotspots import views
from hotspots.ui.context import open_page, require_data, t

page = open_page("exports_title")
require_data(page)


@st.cache_data(show_spinner=False, max_entries=16)
def _csv(key: tuple) -> tuple[bytes, object]:
    table = views.district_month_table(page.tips, page.filters, page.latest)
    return views.to_safe_csv(table), table


data, table = _csv(page.key)
st.subheader(t("exports_aggregates"))
st.dataframe(table, hide_index=True, width="stretch")
st.download_button(
    t("exports_download"), data, file_name="hotspots-quartiers-mois.csv", mime="text/csv"
)
st.caption(t("exports_note"))
