"""What every page needs: settings, the opened store, the language, cached figures."""

from __future__ import annotations

from datetime import date

import streamlit as st

from hotspots.analysis import stats
from hotspots.bootstrap import is_demo
from hotspots.config import Settings, load_settings
from hotspots.i18n import translate
from hotspots.store import Store, StoreError

__all__ = ["cached_stats", "current_lang", "get_settings", "get_store", "t"]


@st.cache_resource
def get_settings() -> Settings:
    return load_settings()


@st.cache_resource
def _open_store(url: str) -> Store:
    return Store.open(url)


def get_store(url: str) -> Store:
    """One opened store per database URL for the whole server process; a store that
    cannot be used stops the page with the reason."""
    try:
        return _open_store(url)
    except StoreError as exc:
        st.error(t("store_error", error=str(exc)))
        st.stop()


def current_lang() -> str:
    """``?lang=en`` in the URL, else the ``HOTSPOTS_LANG`` setting (French by default)."""
    lang = st.query_params.get("lang", get_settings().lang)
    return lang if lang in ("fr", "en") else "fr"


def t(key: str, **values: object) -> str:
    return translate(key, current_lang(), **values)


@st.cache_data(show_spinner=False)
def _stats(url: str, data_version: int, start: date | None, end: date | None) -> dict:
    return stats(get_store(url), start, end)


def cached_stats(store_url: str, start: date | None = None, end: date | None = None) -> dict:
    """Headline figures, cached until the data version changes."""
    store = get_store(store_url)
    return _stats(store_url, store.data_version(), start, end)


def demo_store(store_url: str) -> bool:
    return is_demo(get_store(store_url))
