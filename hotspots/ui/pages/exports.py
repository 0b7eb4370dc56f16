"""Exports for analysts: internal aggregates and hexagons for GIS tools at the active
filters, and the log of every export."""

from __future__ import annotations

import streamlit as st

from hotspots import exports, views
from hotspots.ui.components import download
from hotspots.ui.context import get_store, open_page, require_data, t

page = open_page("exports_title", "analyst_export")
require_data(page)
session = st.session_state["hs_session"]


store = get_store(page.url)


def _auditor(fmt: str, parameters: dict, rows: int):
    """What records a file in the audit log when its bytes leave."""
    user, role = session.user, page.role

    def record(data: bytes) -> None:
        exports.record_export(store, user, role, "analyst", fmt, parameters, rows, data)

    return record


@st.cache_data(show_spinner=False, max_entries=16)
def _csv(key: tuple) -> tuple[bytes, object]:
    table = views.district_month_table(page.tips, page.filters, page.latest)
    return views.to_safe_csv(table), table


data, table = _csv(page.key)
st.subheader(t("exports_aggregates"))
st.dataframe(table, hide_index=True, width="stretch")
download.show(
    t("exports_download"),
    lambda data=data: data,
    file_name="hotspots-quartiers-mois.csv",
    mime="text/csv",
    key="aggregates_csv",
    audit=_auditor("csv", {"by": "district,month", **page.filters.to_params()}, len(table)),
)
st.caption(t("exports_note"))

st.subheader(t("analyst_hex_title"))
resolution = st.selectbox(t("analyst_hex_res"), (8, 9, 10), index=1, key="export_res")


@st.cache_data(show_spinner=False, max_entries=16)
def _hex_files(key: tuple, resolution: int) -> tuple[int, dict[str, bytes]]:
    frame = exports.analyst_hex_frame(
        page.tips, page.filters, page.latest, resolution, page.districts, page.role
    )
    return len(frame), {fmt: exports.write_analyst(frame, fmt) for fmt in exports.ANALYST_FORMATS}


count, files = _hex_files(page.key, resolution)
st.caption(t("analyst_hex_count", n=count, res=resolution))
mimes = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "csv": "text/csv",
}
parameters = {"by": f"hex,{resolution}", **page.filters.to_params()}
columns = st.columns(len(files))
for column, (fmt, payload) in zip(columns, files.items(), strict=True):
    with column:
        download.show(
            t("press_download", fmt=fmt.upper()),
            lambda payload=payload: payload,
            file_name=f"hotspots-hexagones-r{resolution}.{fmt}",
            mime=mimes[fmt],
            key=f"hex_{fmt}",
            audit=_auditor(fmt, parameters, count),
        )

st.subheader(t("audit_title"))
log = exports.list_exports(store, page.role)
if log.empty:
    st.info(t("audit_empty"))
else:
    st.dataframe(log, hide_index=True, width="stretch")
