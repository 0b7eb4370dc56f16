"""Streamlit entry point: routing only. Run with ``streamlit run dashboard.py``."""

from pathlib import Path

import streamlit as st

from hotspots.maps import ensure_static_assets
from hotspots.ui.context import t

HERE = Path(__file__).resolve().parent
PAGES = HERE / "hotspots" / "ui" / "pages"

st.set_page_config(page_title="Hotspots", layout="wide", page_icon="⬢")
ensure_static_assets(HERE / "static")
page = st.navigation(
    [
        st.Page(PAGES / "overview.py", title=t("page_overview"), default=True, url_path="carte"),
        st.Page(PAGES / "analysis.py", title=t("page_analysis"), url_path="analyse"),
        st.Page(PAGES / "operations.py", title=t("page_operations"), url_path="operations"),
        st.Page(PAGES / "data.py", title=t("page_data"), url_path="donnees"),
        st.Page(PAGES / "exports.py", title=t("page_exports"), url_path="exports"),
    ]
)
page.run()
