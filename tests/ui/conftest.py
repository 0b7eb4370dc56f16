"""AppTest fixtures: the app reads its settings from the environment; caches are
cleared between tests since they outlive an AppTest run in one process."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

from tests.conftest import TEST_SECRET

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
APP_TIMEOUT_S = 30


@pytest.fixture
def app_env(monkeypatch, tmp_path, db_url):
    monkeypatch.setenv("HOTSPOTS_DATABASE_URL", db_url)
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOTSPOTS_SECRET", TEST_SECRET)
    # The test stores are not the demo database: opening them needs an explicit choice.
    monkeypatch.setenv("HOTSPOTS_AUTH", "none")
    monkeypatch.delenv("HOTSPOTS_LANG", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield db_url
    st.cache_data.clear()
    st.cache_resource.clear()
