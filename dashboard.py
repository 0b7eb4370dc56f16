"""Streamlit entry point: routing only. Run with ``streamlit run dashboard.py``."""

from pathlib import Path

import streamlit as st

from hotspots.ui.context import t

PAGES = Path(__file__).resolve().parent / "hotspots" / "ui" / "pages"

st.set_page_config(page_title="Hotspots", layout="wide")
page = st.navigation([st.Page(PAGES / "overview.py", title=t("page_overview"), default=True)])
page.run()
