"""À trier: the tips awaiting triage, in an order of reading, each explained in words."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hotspots.i18n import format_date
from hotspots.triage import WINDOW_DAYS, explain, triage_queue
from hotspots.ui.context import open_page, require_data, t

page = open_page("page_triage", "analysis")
require_data(page)


@st.cache_data(show_spinner=False, max_entries=16)
def _queue(key: tuple) -> pd.DataFrame:
    queue = triage_queue(
        page.tips, page.filters, page.latest, page.filters.resolution, role=page.role
    )
    names = dict(zip(page.districts.codes, page.districts.names, strict=True))
    return pd.DataFrame(
        {
            t("tri_rank"): queue["rank"],
            t("tri_received"): [format_date(d, page.lang) for d in queue["day"]],
            t("district"): [str(names.get(c, "–")) if c else "–" for c in queue["district"]],
            t("commune"): [str(page.area.commune_name(c) or "–") for c in queue["commune"]],
            t("tri_corroborating"): queue["corroborating"],
            t("tri_elements"): [explain(row, page.lang) for _, row in queue.iterrows()],
        }
    )


st.caption(t("tri_caption"))
shown = _queue(page.key)
if shown.empty:
    st.info(t("tri_none"))
else:
    # a static table: its sentences wrap, where a data grid would cut them at the
    # column's edge (the queue is hundreds of tips at most)
    st.table(shown.set_index(t("tri_rank")))
st.caption(t("tri_rule", res=page.filters.resolution, days=WINDOW_DAYS))
