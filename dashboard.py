"""Streamlit entry point: routing only. Run with ``streamlit run dashboard.py``."""

from pathlib import Path

import streamlit as st

from hotspots.map_assets import ensure_static_assets
from hotspots.ui import access
from hotspots.ui.components.download import install_single_use_downloads
from hotspots.ui.components.streamlit_texts import skip_link_text
from hotspots.ui.context import current_lang

HERE = Path(__file__).resolve().parent
PAGES = HERE / "hotspots" / "ui" / "pages"

st.set_page_config(page_title="Hotspots", layout="wide", page_icon="⬢")
install_single_use_downloads()
ensure_static_assets(HERE / "static")
skip_link_text(current_lang())
session = access.current_session()
if session is None:
    page = st.navigation(access.sign_in_pages())
else:
    access.account_sidebar(session)
    page = st.navigation(access.pages_for(session.role, PAGES))
page.run()
