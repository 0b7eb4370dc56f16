"""Exports for analysts: internal aggregates and hexagons for GIS tools at the active
filters, and the log of every export."""

from __future__ import annotations

import functools
import json

import pandas as pd
import streamlit as st

from hotspots import services
from hotspots.figures import hex_counts
from hotspots.i18n import has_text
from hotspots.periods import LOCAL_TIMEZONE
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
    return services.aggregates_frame(tips, filters, latest, page.districts, page.lang)


st.subheader(t("exports_aggregates"))
aggregates = _table(page.key)
# widths set, not measured from the text: the grid measures before its font has loaded
# on a cold browser and then hides the last column behind a scroll bar on a laptop
st.dataframe(
    aggregates,
    hide_index=True,
    width="stretch",
    column_config={
        name: st.column_config.Column(width="medium" if i == 1 else "small")
        for i, name in enumerate(aggregates.columns)
    },
)
download.show(
    t("exports_download"),
    lambda: (
        services.analyst_aggregates(
            store, tips, filters, latest, page.districts, user, role, page.lang
        ).data
    ),
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


def _hexagons(fmt: str) -> bytes:
    """The hexagons file, made and audited when the user clicks."""
    return services.analyst_hexagons(
        store, tips, filters, latest, resolution, page.districts, user, role, fmt, page.lang
    ).data


for column, fmt in zip(st.columns(len(mimes)), mimes, strict=True):
    with column:
        download.show(
            t("press_download", fmt=fmt.upper()),
            functools.partial(_hexagons, fmt),
            file_name=f"hotspots-hexagones-r{resolution}.{fmt}",
            mime=mimes[fmt],
            key=f"hex_{fmt}",
        )

st.subheader(t("audit_title"))
log = services.list_exports(store, page.role)
if log.empty:
    st.info(t("audit_empty"))
else:

    def parameters_text(raw: str) -> str:
        values = json.loads(raw)
        values.pop("hidden", None)
        return " · ".join(f"{key} = {value}" for key, value in values.items())

    local = log["made_at"].dt.tz_convert(LOCAL_TIMEZONE)
    roles_shown = [t(f"role_{r}") if has_text(f"role_{r}") else r for r in log["role"]]
    columns = {
        t("audit_when"): (local.dt.strftime("%d/%m/%Y %H:%M"), 125),
        t("audit_user"): (
            [f"{u} ({r})" for u, r in zip(log["user_name"], roles_shown, strict=True)],
            150,
        ),
        t("audit_kind"): (
            [
                f"{t(f'audit_kind_{k}')} · {f.upper()}"
                for k, f in zip(log["kind"], log["format"], strict=True)
            ],
            120,
        ),
        t("audit_parameters"): ([parameters_text(p) for p in log["parameters"]], 300),
        t("audit_rows"): (log["rows"], 60),
        "SHA-256": (log["sha256"].str[:12] + "…", 110),
    }
    # widths set so that the log fits a laptop (a long parameter line is cut in its
    # cell and shown whole when the cell is opened); wider screens stretch them
    st.dataframe(
        pd.DataFrame({name: values for name, (values, _w) in columns.items()}),
        hide_index=True,
        width="stretch",
        column_config={name: st.column_config.Column(width=w) for name, (_v, w) in columns.items()},
    )
