"""Altair charts and tables of the pages (display only; the figures come from
:mod:`hotspots.views`). Text from files reaches Vega only as data values, which its
tooltips and axes show as text."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from hotspots.i18n import month_label, translate, weekday_names
from hotspots.periods import LOCAL_TIMEZONE, month_index
from hotspots.schema import CATEGORIES
from hotspots.ui.components.kpis import euros, quantity_text, substance_label

ACCENT = "#b30000"
#: Every month named on a time axis: Vega would otherwise drop labels that overlap,
#: and an axis reading « janv., mars, mai » looks like months are missing.
MONTH_AXIS = alt.Axis(labelAngle=-45, labelOverlap=False, labelLimit=160)
PREVIOUS = "#9aa5b1"


@st.cache_data(show_spinner=False, max_entries=128)
def _spec(name: str, key: tuple, _build: Callable[[], alt.Chart]) -> dict:
    return _build().to_dict()


def show(name: str, key: tuple, build: Callable[[], alt.Chart]) -> None:
    """Draw the chart ``build`` makes, its Vega-Lite specification cached on ``key`` (the
    page's :attr:`~hotspots.ui.context.Page.key` and whatever else the chart depends on):
    building and validating an Altair chart costs 10–20 ms, at every rerun otherwise."""
    st.vega_lite_chart(spec=_spec(name, key, build), width="stretch")


def _tr(lang: str):
    return lambda key, **v: translate(key, lang, **v)


def month_labels(months, states, lang: str) -> list[str]:
    """Month names for an axis, a partial month (the data start or stop inside it)
    marked as such."""
    tr = _tr(lang)
    return [
        month_label(d.year, d.month, lang) + (f" ({tr('partial')})" if state == "partial" else "")
        for d, state in zip(months, states, strict=True)
    ]


def drill_charts(detail: dict, lang: str, names: dict) -> None:
    tr = _tr(lang)
    by_month = detail["by_month"]
    months = pd.DataFrame(
        {
            tr("month"): month_labels(by_month.index, detail["month_coverage"], lang),
            "order": list(range(len(by_month))),
            tr("tips"): by_month.to_numpy(),
        }
    )
    st.markdown(f"**{tr('drill_by_month')}**")
    st.altair_chart(
        alt.Chart(months)
        .mark_bar(color=ACCENT)
        .encode(
            x=alt.X(
                f"{tr('month')}:N",
                sort=list(months[tr("month")]),
                title=None,
                axis=MONTH_AXIS,
            ),
            y=alt.Y(f"{tr('tips')}:Q", title=None, axis=alt.Axis(tickMinStep=1)),
            tooltip=[tr("month"), tr("tips")],
        )
        .properties(height=130),
        width="stretch",
    )
    hours = pd.DataFrame(
        {tr("hour"): list(range(24)), tr("weight"): np.round(detail["by_hour"], 2)}
    )
    st.markdown(f"**{tr('drill_by_hour')}**")
    st.altair_chart(
        alt.Chart(hours)
        .mark_bar(color=ACCENT)
        .encode(
            x=alt.X(f"{tr('hour')}:O", title=None),
            y=alt.Y(f"{tr('weight')}:Q", title=None),
            tooltip=[tr("hour"), tr("weight")],
        )
        .properties(height=120),
        width="stretch",
    )
    cats = {tr(f"cat_{c}"): n for c, n in detail["categories"].items() if n}
    st.markdown(f"**{tr('f_categories')}** : " + ", ".join(f"{k} ({v})" for k, v in cats.items()))
    if detail["tags"]:
        st.markdown(
            f"**{tr('drill_tags')}** : "
            + ", ".join(f"{tr('tag_' + k)} ({v})" for k, v in list(detail["tags"].items())[:10])
        )
    ops = detail["operations"]
    st.markdown(f"**{tr('drill_ops')}** : {len(ops)}")
    if len(ops):
        st.dataframe(operations_table(ops, lang, names), hide_index=True, width="stretch")


def seized_text(items: list, lang: str) -> str:
    """``[("cannabis_resin", 950.0, "g")]`` → ``"résine de cannabis 950 g"``."""
    return ", ".join(f"{substance_label(s, lang)} {quantity_text(q, u, lang)}" for s, q, u in items)


def operations_table(ops: pd.DataFrame, lang: str, names: dict | None = None) -> pd.DataFrame:
    """Operations as a display table (dates DD/MM/YYYY, kinds and seizures translated,
    district names)."""
    tr = _tr(lang)
    names = names or {}
    dates = pd.to_datetime(ops["started_ts"], unit="s", utc=True).dt.tz_convert(LOCAL_TIMEZONE)
    out = pd.DataFrame(
        {
            tr("op_date"): dates.dt.strftime("%d/%m/%Y").to_numpy(),
            tr("op_kind"): [
                tr(f"kind_{k}") if k in ("surveillance", "arrest", "search") else str(k)
                for k in ops["kind"]
            ],
            tr("district"): [str(names.get(d, d)) if d else "–" for d in ops["district"]],
            tr("op_arrests"): ops["arrests"].astype(int).to_numpy(),
            tr("op_cash"): [euros(v, lang) for v in ops["cash_eur"]],
        }
    )
    if "seized" in ops:
        out[tr("op_seized")] = [seized_text(items, lang) for items in ops["seized"]]
    if "linked_tips" in ops:
        out[tr("op_linked")] = ops["linked_tips"].to_numpy()
    return out


def heatmap(matrix: np.ndarray, lang: str) -> alt.Chart:
    tr = _tr(lang)
    days = weekday_names(lang)
    frame = pd.DataFrame(
        [
            {
                tr("weekday"): days[d],
                "order": d,
                tr("hour"): h,
                tr("weight"): round(matrix[d, h], 2),
            }
            for d in range(7)
            for h in range(24)
        ]
    )
    return (
        alt.Chart(frame)
        .mark_rect()
        .encode(
            x=alt.X(f"{tr('hour')}:O", title=tr("hour")),
            y=alt.Y(f"{tr('weekday')}:N", sort=list(days), title=None),
            color=alt.Color(f"{tr('weight')}:Q", scale=alt.Scale(scheme="orangered"), title=None),
            tooltip=[tr("weekday"), tr("hour"), tr("weight")],
        )
        .properties(height=240)
    )


def monthly(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Tips per month and the same month a year earlier; months without data are gaps
    in the line, not zeros."""
    tr = _tr(lang)
    labels = month_labels(frame["month"], frame["coverage"], lang)
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    tr("month"): labels,
                    "order": range(len(labels)),
                    tr("tips"): frame[column].to_numpy(),
                    "serie": name,
                }
            )
            for column, name in (
                ("tips", tr("this_period")),
                ("previous_year", tr("previous_year")),
            )
        ]
    )
    return (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{tr('month')}:N", sort=labels, title=None, axis=MONTH_AXIS),
            y=alt.Y(f"{tr('tips')}:Q", title=tr("tips")),
            color=alt.Color(
                "serie:N",
                scale=alt.Scale(
                    domain=[tr("this_period"), tr("previous_year")], range=[ACCENT, PREVIOUS]
                ),
                title=None,
                legend=alt.Legend(orient="top"),
            ),
            tooltip=["serie", tr("month"), tr("tips")],
        )
        .properties(height=260)
    )


def categories(counts: pd.Series, lang: str) -> alt.Chart:
    tr = _tr(lang)
    frame = pd.DataFrame(
        {tr("category"): [tr(f"cat_{c}") for c in CATEGORIES], tr("tips"): counts.to_numpy()}
    )
    return (
        alt.Chart(frame)
        .mark_bar(color=ACCENT)
        .encode(
            y=alt.Y(f"{tr('category')}:N", sort="-x", title=None),
            x=alt.X(f"{tr('tips')}:Q", title=tr("tips")),
            tooltip=[tr("category"), tr("tips")],
        )
        .properties(height=200)
    )


def funnel(steps: dict, lang: str) -> alt.Chart:
    tr = _tr(lang)
    names = {
        "tips": tr("op_f_tips"),
        "exploitable": tr("op_f_exploitable"),
        "led_to_operation": tr("op_f_operation"),
        "led_to_arrests": tr("op_f_arrests"),
    }
    frame = pd.DataFrame(
        {
            "step": [names[k] for k in steps],
            "order": range(len(steps)),
            tr("tips"): list(steps.values()),
        }
    )
    bars = (
        alt.Chart(frame)
        .mark_bar(color="#0b3d91")
        .encode(
            y=alt.Y("step:N", sort=list(frame["step"]), title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X(f"{tr('tips')}:Q", title=tr("tips")),
            tooltip=["step", tr("tips")],
        )
    )
    text = bars.mark_text(align="left", dx=4, color="#1b1b1b").encode(text=f"{tr('tips')}:Q")
    return (bars + text).properties(height=180)


def seizures_per_month(frame: pd.DataFrame, lang: str, all_months: list) -> alt.Chart:
    """Grams seized per month and substance, every month of ``all_months`` on the
    axis (months without a seizure included)."""
    tr = _tr(lang)
    grams = frame[frame["unit"] == "g"].sort_values("month")
    months = [month_label(d.year, d.month, lang) for d in all_months]
    data = pd.DataFrame(
        {
            tr("month"): [month_label(d.year, d.month, lang) for d in grams["month"]],
            "order": [month_index(d) for d in grams["month"]],
            tr("substance"): [substance_label(s, lang) for s in grams["substance"]],
            tr("quantity"): grams["quantity"].round(1).to_numpy(),
        }
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{tr('month')}:N", sort=months, title=None, axis=MONTH_AXIS),
            y=alt.Y(f"{tr('quantity')}:Q", title="g", axis=alt.Axis(format="d")),
            color=alt.Color(f"{tr('substance')}:N", title=None),
            tooltip=[tr("month"), tr("substance"), tr("quantity")],
        )
        .properties(height=260)
    )


def outcomes_table(outcomes: pd.DataFrame, lang: str, names: dict | None = None) -> pd.DataFrame:
    """What followed each operation (rows of :func:`hotspots.outcomes.operation_outcomes`)
    as a display table: date, district, kind, the hexagon's and the ring's counts before
    → after, the verdict and the WDQ in words."""
    from hotspots.i18n import format_number

    tr = _tr(lang)
    names = names or {}

    def arrow(before, after) -> str:
        if before is None or before != before:
            return "–"
        return f"{int(before)} → {int(after)}"

    def quotient(q, reading: str) -> str:
        if q is not None and q == q:
            return f"{format_number(float(q), lang, 2)} · {tr(f'oc_reading_{reading}')}"
        return tr(f"oc_r_{reading}")

    return pd.DataFrame(
        {
            tr("op_date"): [d.strftime("%d/%m/%Y") for d in outcomes["started_at"]],
            tr("district"): [str(names.get(d, d)) if d else "–" for d in outcomes["district"]],
            tr("op_kind"): [
                tr(f"kind_{k}") if k in ("surveillance", "arrest", "search") else str(k)
                for k in outcomes["kind"]
            ],
            tr("oc_cell"): [
                arrow(b, a)
                for b, a in zip(outcomes["tips_before"], outcomes["tips_after"], strict=True)
            ],
            tr("oc_ring"): [
                arrow(b, a)
                for b, a in zip(outcomes["ring_before"], outcomes["ring_after"], strict=True)
            ],
            tr("oc_verdict"): [tr(f"oc_v_{v}") for v in outcomes["verdict"]],
            tr("oc_wdq"): [
                quotient(q, r)
                for q, r in zip(outcomes["wdq"], outcomes["wdq_reading"], strict=True)
            ],
        }
    )
