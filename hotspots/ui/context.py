"""What every page needs: settings, the opened store, the language, the filters, and
the figures cached per data version and filters."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import streamlit as st

from hotspots import hotspot_figures
from hotspots.areas import Area, load_area
from hotspots.config import Settings, load_settings
from hotspots.filters import Filters
from hotspots.geo import Districts
from hotspots.i18n import translate
from hotspots.private_files import private_dir
from hotspots.roles import Forbidden, Role, allowed, require
from hotspots.store import Store, StoreError
from hotspots.tables import OpsTable, TipTable, latest_day, load_ops, load_tips

__all__ = ["Page", "current_lang", "get_settings", "get_store", "open_page", "t"]


@st.cache_resource
def get_settings() -> Settings:
    settings = load_settings()
    if settings.data_dir.exists():
        private_dir(settings.data_dir)  # tightened, with a warning, when found looser
    return settings


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


@st.cache_resource
def get_area() -> Area:
    return load_area(get_settings())


#: The app's ``static/`` folder, which Streamlit serves (beside ``dashboard.py``).
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"


@st.cache_resource
def get_tiles() -> tuple[str, str, str | None]:
    """The map's tiles: ``(source, attribution, problem)``; a local tile file is
    installed into ``static/`` once (:mod:`hotspots.local_tiles`); one that cannot be
    used gives no tiles and the reason."""
    from hotspots.local_tiles import TileSetError, tile_source

    try:
        source, attribution = tile_source(get_settings().tiles, STATIC_DIR)
    except TileSetError as exc:
        return "none", "", str(exc)
    return source, attribution, None


@st.cache_resource(max_entries=2)
def _tables(url: str, data_version: int) -> tuple[TipTable, OpsTable]:
    """The store's tips and operations as columns, read once per data version (shared by
    every session; treated as read-only)."""
    store = get_store(url)
    gc.unfreeze()  # the previous version's tables, if any, may be collected again
    tables = load_tips(store, get_area()), load_ops(store, get_area())
    # The tables and geodata live as long as the process: moved out of the collector's
    # sight, a full collection no longer walks them (0.18 s per run at the demo's size).
    gc.collect()
    gc.freeze()
    return tables


@dataclass
class Page:
    """The context a page works in."""

    settings: Settings
    url: str
    version: int
    lang: str
    tips: TipTable
    ops: OpsTable
    filters: Filters
    latest: date
    districts: Districts
    role: Role
    area: Area

    def may(self, capability: str) -> bool:
        return allowed(self.role, capability)

    @property
    def key(self) -> tuple:
        """What every cached figure of this page depends on, the role included (a
        cached result of a role-checked view must not reach a role the check refuses)
        and the language (cached charts and tables carry words)."""
        return (self.url, self.version, self.filters, self.latest, str(self.role), self.lang)


def current_role() -> Role:
    """The role of the signed-in session (set by the entry script); stops the page when
    there is none."""
    session = st.session_state.get("hs_session")
    if session is None:
        st.stop()
    return session.role


def open_page(title_key: str, capability: str, with_filters: bool = True) -> Page:
    """Title, demo banner, sidebar filters and the filter line; stops on an empty store
    and when the session's role may not use ``capability``."""
    from hotspots.ui import filters as filter_ui

    role = current_role()
    try:
        require(role, capability)
    except Forbidden:
        st.error(t("forbidden"))
        st.stop()
    settings = get_settings()
    url = settings.effective_database_url
    store = get_store(url)
    lang = current_lang()
    st.title(t(title_key))
    if store.is_demo():
        st.warning(t("demo_banner"), icon="⚠️")
    version = store.data_version()
    tips, ops = _tables(url, version)
    latest = latest_day(tips, ops)
    area = get_area()
    chosen = (
        filter_ui.sidebar(area, latest, lang, fine=allowed(role, "fine_filters"))
        if with_filters
        else Filters()
    )
    page = Page(settings, url, version, lang, tips, ops, chosen, latest, area.districts, role, area)
    if with_filters:
        filter_ui.filter_line(page)
    return page


@st.cache_data(show_spinner=False, max_entries=16)
def hot_spots(key: tuple, role: str, resolution: int, lang: str, _page: Page):
    """Gi* of the page's filters at ``resolution``: ``(result, parameters, None)``, or
    ``(None, None, reason)`` when the analysis is refused (shared by the map and the
    analysis page, cached on the page's key)."""
    from hotspots.hotspot_stats import HotSpotParameters, HotSpotRefusal

    try:
        result, params = hotspot_figures.hot_spots(
            _page.tips,
            _page.filters,
            _page.latest,
            _page.area,
            HotSpotParameters(resolution),
            role=role,
        )
    except HotSpotRefusal as exc:
        return None, None, refusal_text(exc)
    return result, params, None


def refusal_text(exc) -> str:
    """Why a hot-spot analysis was refused (a :class:`HotSpotRefusal`), in the user's
    language."""
    from hotspots.i18n import format_number

    def number(value: float) -> str:
        return format_number(value, current_lang(), 0 if float(value).is_integer() else 2)

    return t(f"hs_too_few_{exc.what}", found=number(exc.found), needed=number(exc.needed))


def verdict(code: str) -> str:
    """A comparison's verdict (:class:`hotspots.change_test.Comparison`) in words."""
    from hotspots.headline import verdict_words

    return verdict_words(code, current_lang())


def not_comparable_note(change, page: Page) -> str:
    """Why a comparison (:class:`hotspots.change_test.Comparison`) is not made, in words."""
    from hotspots.i18n import format_date

    start = page.tips.coverage.start
    return t(
        "ch_not_comparable_note",
        start=format_date(start, page.lang) if start else "–",
        first=format_date(change.first, page.lang),
        last=format_date(change.last, page.lang),
    )


def require_data(page: Page) -> None:
    if len(page.tips) == 0 and len(page.ops.ops) == 0:
        st.info(t("empty_store"))
        st.stop()
