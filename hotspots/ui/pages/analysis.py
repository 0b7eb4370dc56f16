"""Analyse: when and what — hour × weekday, monthly trend, categories."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hotspots.change_test import Comparison
from hotspots.figures import categories, district_changes, hour_weekday, monthly
from hotspots.hotspot_figures import emerging
from hotspots.hotspot_stats import MIN_EXPECTED_PER_STEP, HotSpotRefusal
from hotspots.i18n import format_date, format_int, format_number, format_p
from hotspots.periods import previous_period
from hotspots.ui import charts
from hotspots.ui.context import (
    hot_spots,
    not_comparable_note,
    open_page,
    refusal_text,
    require_data,
    t,
    verdict,
)
from hotspots.ui.filters import resolution_control

page = open_page("page_analysis", "analysis")
require_data(page)


@st.cache_data(show_spinner=False, max_entries=64)
def _figures(key: tuple) -> dict:
    matrix, observed, received = hour_weekday(page.tips, page.filters, page.latest)
    return {
        "matrix": matrix,
        "observed": observed,
        "received": received,
        "monthly": monthly(page.tips, page.filters, page.latest),
        "categories": categories(page.tips, page.filters, page.latest),
    }


figures = _figures(page.key)
st.subheader(t("an_heatmap"))
charts.show("heatmap", page.key, lambda: charts.heatmap(figures["matrix"], page.lang))
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
    charts.show("monthly", page.key, lambda: charts.monthly(figures["monthly"], page.lang))
    if (figures["monthly"]["coverage"] != "full").any() or figures["monthly"][
        "previous_year"
    ].isna().any():
        st.caption(t("partial_note", last=format_date(page.tips.coverage.end, page.lang)))
with right:
    st.subheader(t("an_categories"))
    charts.show("categories", page.key, lambda: charts.categories(figures["categories"], page.lang))


def zone_text(communes: list[str]) -> str:
    """The test's zone in words: a preset's name, else its communes (three at most)."""
    preset = page.area.preset_of(tuple(communes))
    if preset is not None:
        return preset.name(page.lang)
    names = [str(page.area.commune_name(c)) for c in communes[:3]]
    more = len(communes) - len(names)
    return ", ".join(names) + (f" (+{more})" if more > 0 else "")


def parameters_caption(result: pd.DataFrame, params: dict) -> str:
    return t(
        "hs_params",
        zone=zone_text(params["zone"]),
        resolution=params["resolution"],
        k=params["k"],
        cells=format_int(len(result), page.lang),
        tips=format_int(int(result["count"].sum()), page.lang),
        correction=params["correction"],
        test=params["test"],
        permutations=params["permutations"],
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _changes(key: tuple) -> pd.DataFrame:
    return district_changes(page.tips, page.filters, page.latest)


st.subheader(t("ch_title"))
changes = _changes(page.key)
names = dict(zip(page.districts.codes, page.districts.names, strict=True))
st.dataframe(
    pd.DataFrame(
        {
            t("district"): [str(names.get(c, c)) for c in changes["district"]],
            t("tips"): changes["tips"],
            t("ch_previous"): [
                "–" if v is None else format_int(int(v), page.lang) for v in changes["previous"]
            ],
            "p": [format_p(p, page.lang) for p in changes["p_value"]],
            t("ch_verdict"): [verdict(v) for v in changes["verdict"]],
        }
    ),
    hide_index=True,
    width="stretch",
    height=38 * (len(changes) + 1),
)
st.caption(t("ch_note"))
if (changes["verdict"] == "not_comparable").any():
    before = previous_period(*page.filters.period(page.latest))
    st.caption(not_comparable_note(Comparison(*before, None, None, "not_comparable"), page))

st.subheader(t("hs_title"))
st.markdown(t("hs_explain"))
resolution_control(t("map_resolution"), page.lang)
resolution = page.filters.resolution
result, params, refusal = hot_spots(page.key, page.role, resolution, page.lang, page)
if refusal:
    st.info(t("hs_refused", reason=refusal))
else:
    st.markdown(
        t(
            "hs_summary",
            hot99=int((result["bin"] == 3).sum()),
            hot95=int((result["bin"] >= 2).sum()),
            cold=int((result["bin"] <= -2).sum()),
        )
    )
    significant = result[result["bin"] != 0].sort_values(
        ["p_fdr", "neighbourhood"], ascending=[True, False]
    )
    shown = pd.DataFrame(
        {
            "H3": significant["h3"],
            t("hs_level"): [t(f"hs_bin_{b}") for b in significant["bin"]],
            t("tips"): significant["count"],
            t("hs_neighbourhood"): significant["neighbourhood"],
            t("hs_expected"): [format_number(v, page.lang, 1) for v in significant["expected"]],
            "p": [format_p(v, page.lang) for v in significant["p_value"]],
            t("hs_p_fdr"): [format_p(v, page.lang) for v in significant["p_fdr"]],
            "z (Gi*)": [format_number(v, page.lang, 1) for v in significant["gi_z"]],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(parameters_caption(result, params))


@st.cache_data(show_spinner=False, max_entries=16)
def _emerging(key: tuple, resolution: int, lang: str):
    try:
        result, params = emerging(
            page.tips, page.filters, page.latest, page.area, resolution, role=page.role
        )
    except HotSpotRefusal as exc:
        return None, None, refusal_text(exc)
    return result, params, None


st.subheader(t("em_title"))
found, em_params, em_refusal = _emerging(page.key, resolution, page.lang)
if em_refusal:
    st.info(t("hs_refused", reason=em_refusal))
else:
    st.markdown(t("em_explain", step=t(f"em_step_{em_params['step']}")))
    patterned = found[~found["category"].isin(["no_pattern", "insufficient_data"])]
    if patterned.empty:
        st.info(t("em_none"))
    else:
        counts = patterned["category"].value_counts()
        st.markdown(" · ".join(f"{t('em_' + c)} : **{n}**" for c, n in counts.items()))
        listing = patterned.sort_values("trend_z", ascending=False)
        shown = pd.DataFrame(
            {
                "H3": listing["h3"],
                t("hs_level"): [t("em_" + c) for c in listing["category"]],
                t("tips"): listing["count"],
                t("em_hot_steps"): listing["hot_steps"],
                t("em_trend"): [format_number(v, page.lang, 2) for v in listing["trend_z"]],
            }
        )
        st.dataframe(shown, hide_index=True, width="stretch")
    unrated = int((found["category"] == "insufficient_data").sum())
    if unrated:
        st.caption(
            t(
                "em_insufficient_note",
                n=format_int(unrated, page.lang),
                needed=format_number(MIN_EXPECTED_PER_STEP, page.lang, 0),
                step=t(f"em_step_{em_params['step']}"),
            )
        )
    st.caption(
        parameters_caption(found, em_params)
        + f" {em_params['steps']} × {t('em_step_' + em_params['step'])}."
    )
