"""Publication: district × month/quarter/year figures after disclosure control, and the
press files (CSV, XLSX, GeoJSON, one-page PDF). Whole ended periods only: no free
dates, no hexagons, no single tip."""

from __future__ import annotations

import functools
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from hotspots import exports, services
from hotspots.ui.components import download
from hotspots.ui.context import get_store, open_page, require_data, t

page = open_page("press_title", "press_export", with_filters=False)
require_data(page)
session = st.session_state["hs_session"]

by = (
    st.segmented_control(
        t("press_by"),
        exports.BUCKETS,
        default="month",
        format_func=lambda b: t(f"press_by_{b}"),
        key="press_by",
    )
    or "month"
)
try:
    first_year, last_year = exports.bucket_range(page.tips, page.ops, "year", date.today())
except exports.ExportError:
    st.info(t("press_none"))
    st.stop()
years = list(range(first_year, last_year + 1))
if by == "year":
    columns = st.columns(2)
    low = columns[0].selectbox(t("press_from"), years, key="press_from")
    later = [y for y in years if y >= low]
    high = columns[1].selectbox(t("press_to"), later, index=len(later) - 1, key="press_to")
else:
    low = high = st.selectbox(t("press_year"), years, index=len(years) - 1, key="press_year")
st.caption(t("press_fixed_periods"))
request = services.PressRequest(by, str(low), str(high))
store = get_store(page.url)


@st.cache_data(show_spinner=False, max_entries=32)
def _press(key: tuple, request: services.PressRequest, lang: str) -> exports.PressTable:
    return services.press_table(
        store,
        page.tips,
        page.ops,
        page.districts,
        page.settings,
        page.role,
        request,
        date.today(),
        lang,
    )


press = _press(page.key, request, page.lang)
st.markdown(f"**{exports.key_sentence(press)}**")
st.subheader(t("press_table"))
st.caption(t("press_hidden", hidden=sum(press.hidden_counts().values()), k=press.k))
st.dataframe(
    press.frame().map(lambda v: str(exports.decimal_text(v))), hide_index=True, width="stretch"
)

st.subheader(t("press_chart"))
bars = pd.DataFrame(
    {
        "period": press.period_labels,
        "tips": [
            v if not isinstance(v, str) else None
            for v in (press.text("tips", -1, c) for c in range(len(press.period_labels)))
        ],
    }
)
st.altair_chart(
    alt.Chart(bars)
    .mark_bar(color="#1f3a5f")
    .encode(x=alt.X("period:N", title=None), y=alt.Y("tips:Q", title=t("press_chart"))),
    width="stretch",
)


user, role = session.user, page.role


def _release(fmt: str) -> bytes:
    """The file, made and audited when the user clicks (outside the page's run)."""
    return services.press_release(store, press, page.districts, page.settings, user, role, fmt).data


mimes = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "pdf": "application/pdf",
}
label = f"{by}-{low}" if low == high else f"{by}-{low}-{high}"
buttons = st.columns(len(mimes))
for column, (fmt, mime) in zip(buttons, mimes.items(), strict=True):
    with column:
        download.show(
            t("press_download", fmt=fmt.upper()),
            functools.partial(_release, fmt),
            file_name=f"hotspots-publication-{label}.{fmt}",
            mime=mime,
            key=f"press_{fmt}",
        )
for line in exports.rules_text(press)[1:]:
    st.caption(line)
