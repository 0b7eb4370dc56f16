"""Exports for analysts: internal aggregates and hexagons for GIS tools at the active
filters, and the log of every export."""

from __future__ import annotations

import streamlit as st

from hotspots import services
from hotspots.figures import district_month_table, hex_counts
from hotspots.ui.components import download
from hotspots.ui.context import get_store, open_page, require_data, t
from hotspots.ui.filters import resolution_control

page = open_page("exports_title", "analyst_export")
require_data(page)
session = st.session_state["hs_session"]


store = get_store(page.url)
user, role = session.user, page.role
tips, filters, latest = page.tips, page.filters, page.latest


@st.cache_data(show_spinner=False, max_entries=16)
def _table(key: tuple):
    return district_month_table(tips, filters, latest)


st.subheader(t("exports_aggregates"))
st.dataframe(_table(page.key), hide_index=True, width="stretch")
download.show(
    t("exports_download"),
    lambda: services.analyst_aggregates(store, tips, filters, latest, user, role).data,
    file_name="hotspots-quartiers-mois.csv",
    mime="text/csv",
    key="aggregates_csv",
)
st.caption(t("exports_note"))

st.subheader(t("analyst_hex_title"))
resolution_control(t("analyst_hex_res"), page.lang)
resolution = page.filters.resolution


@st.cache_data(show_spinner=False, max_entries=16)
def _hex_count(key: tuple, resolution: int) -> int:
    return len(hex_counts(tips, filters, latest, resolution, page.districts, role=role))


st.caption(t("analyst_hex_count", n=_hex_count(page.key, resolution), res=resolution))
mimes = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "csv": "text/csv",
}
for column, fmt in zip(st.columns(len(mimes)), mimes, strict=True):
    with column:
        download.show(
            t("press_download", fmt=fmt.upper()),
            lambda fmt=fmt: (
                services.analyst_hexagons(
                    store, tips, filters, latest, resolution, page.districts, user, role, fmt
                ).data
            ),
            file_name=f"hotspots-hexagones-r{resolution}.{fmt}",
            mime=mimes[fmt],
            key=f"hex_{fmt}",
        )

st.subheader(t("audit_title"))
log = services.list_exports(store, page.role)
if log.empty:
    st.info(t("audit_empty"))
else:
    st.dataframe(log, hide_index=True, width="stretch")
