"""The headline indicators."""

from __future__ import annotations

import streamlit as st

from hotspots.amounts import euros, quantity_text, substance_label
from hotspots.headline import headline
from hotspots.i18n import markdown_text, translate

__all__ = ["euros", "quantity_text", "show", "substance_label"]


def show(figures: dict, lang: str) -> None:
    """Two rows of metrics from :func:`hotspots.indicators`, in the words of
    :func:`hotspots.headline.headline`."""
    tips, exploitable, pending, delay, operations, arrests, seizures, cash = headline(figures, lang)
    top = st.columns(4)
    days = translate("days", lang, n=figures["days"])
    top[0].metric(
        tips.label,
        tips.value,
        delta=tips.delta,
        delta_color="off",
        delta_arrow="auto" if tips.significant else "off",
        help=days + (f" · {tips.note}" if tips.note else ""),
    )
    if tips.note:
        st.caption(f"{tips.label} : {tips.note}")
    for column, item in zip(top[1:], (exploitable, pending, delay), strict=True):
        column.metric(item.label, item.value)
    bottom = st.columns(4)
    bottom[0].metric(operations.label, operations.value)
    bottom[1].metric(arrests.label, arrests.value)
    bottom[2].metric(
        seizures.label,
        seizures.value,
        help=markdown_text(" ; ".join(seizures.details)) if seizures.details else None,
    )
    bottom[3].metric(cash.label, cash.value)
    if seizures.details:
        st.caption(markdown_text(f"{seizures.label} : " + " · ".join(seizures.details)))
