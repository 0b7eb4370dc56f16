"""Opérations: what the tips led to."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hotspots.figures import LISTED_OPERATIONS, operations_view
from hotspots.i18n import format_percent
from hotspots.outcomes import DEFAULT_WEEKS, operation_outcomes, outcome_summary, summary_text
from hotspots.ui import charts
from hotspots.ui.charts import outcomes_table
from hotspots.ui.context import open_page, require_data, t

page = open_page("page_operations", "operations")
require_data(page)


@st.cache_data(show_spinner=False, max_entries=64)
def _figures(key: tuple) -> dict:
    return operations_view(page.tips, page.ops, page.filters, page.latest)


figures = _figures(page.key)
st.caption(t("op_filters_note"))
# one above the other: the table needs the width of the page for its six columns
st.subheader(t("op_funnel"))
funnel_column, _ = st.columns([3, 2])
with funnel_column:
    charts.show("funnel", page.key, lambda: charts.funnel(figures["funnel"], page.lang))
st.subheader(t("op_by_district"))
table = figures["per_district"]
names = dict(zip(page.districts.codes, page.districts.names, strict=True))
shown = table.assign(district=[str(names.get(c, c)) for c in table["district"]])
shown["hit_rate"] = [
    format_percent(v, page.lang) if v == v and v is not None else "–" for v in table["hit_rate"]
]
shown.columns = [
    t("district"),
    t("tips"),
    t("kpi_operations"),
    t("op_arrests"),
    t("op_seized_g"),
    t("op_hit_rate"),
]
# rows of 35 px under a header of 35 px and a 3 px frame: every row, no empty one
st.dataframe(shown, hide_index=True, width="stretch", height=35 * (len(shown) + 1) + 3)
st.caption(t("op_hit_rate_help"))

st.subheader(t("op_seized_month"))
if len(figures["seized_per_month"]):
    charts.show(
        "seizures",
        page.key,
        lambda: charts.seizures_per_month(
            figures["seized_per_month"], page.lang, figures["months"]
        ),
    )
st.subheader(t("op_list"))
if len(figures["operations"]):
    total = figures["operations_total"]
    if total > len(figures["operations"]):
        st.caption(t("op_listed", shown=len(figures["operations"]), total=total))
    st.dataframe(
        charts.operations_table(figures["operations"], page.lang, names),
        hide_index=True,
        width="stretch",
    )
else:
    st.info(t("op_none"))

st.subheader(t("oc_title"))
weeks = int(
    st.columns([1, 3])[0].number_input(
        t("oc_weeks"), min_value=2, max_value=26, value=DEFAULT_WEEKS, key="oc_weeks"
    )
)


@st.cache_data(show_spinner=False, max_entries=32)
def _outcomes(key: tuple, weeks: int) -> pd.DataFrame:
    return operation_outcomes(
        page.tips,
        page.ops,
        page.filters,
        page.latest,
        resolution=page.filters.resolution,
        weeks=weeks,
        role=page.role,
    )


outcomes = _outcomes(page.key, weeks)
if outcomes.empty:
    st.info(t("op_none"))
else:
    st.markdown(summary_text(outcome_summary(outcomes), weeks, page.lang))
    st.caption(t("oc_caveat"))
    if len(outcomes) > LISTED_OPERATIONS:
        st.caption(t("op_listed", shown=LISTED_OPERATIONS, total=len(outcomes)))
    # a static table: its sentences wrap, where a data grid would hide columns behind a
    # scroll bar on a laptop
    shown = outcomes_table(outcomes.head(LISTED_OPERATIONS), page.lang, names)
    st.table(shown.set_index(shown.columns[0]))
    st.caption(t("oc_help"))
