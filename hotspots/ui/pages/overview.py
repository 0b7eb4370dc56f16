"""Carte: the commander's overview (indicators now; the map comes with its own page work)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from hotspots.ui.components import kpis
from hotspots.ui.context import cached_stats, current_lang, demo_store, get_settings, t

lang = current_lang()
url = get_settings().effective_database_url
st.title(t("app_title"))
if demo_store(url):
    st.warning(t("demo_banner"), icon="⚠️")
figures = cached_stats(url)
if figures["tips"] == 0:
    st.info(t("empty_store"))
else:
    start, end = date.fromisoformat(figures["from"]), date.fromisoformat(figures["to"])
    st.caption(t("period_line", start=start.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y")))
    kpis.show(figures, lang)
