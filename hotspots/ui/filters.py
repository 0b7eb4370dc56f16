"""The shared sidebar filters, kept in the URL so a view can be sent as a link."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from hotspots.areas import Area
from hotspots.filters import (
    DEFAULT_RESOLUTION,
    MAP_RESOLUTIONS,
    PRESETS,
    TRIAGE,
    Filters,
    selection_parts,
)
from hotspots.i18n import markdown_text, translate, weekday_names
from hotspots.schema import CATEGORIES

#: URL parameters owned by the filters (others, such as ``lang``, are left alone).
FILTER_PARAMS = (
    "period",
    "from",
    "to",
    "communes",
    "districts",
    "categories",
    "triage",
    "hours",
    "weekdays",
    "res",
)
_KEYS = {
    "preset": "flt_preset",
    "dates": "flt_dates",
    "area": "flt_area",
    "communes": "flt_communes",
    "districts": "flt_districts",
    "categories": "flt_categories",
    "triage": "flt_triage",
    "hours": "flt_hours",
    "weekdays": "flt_weekdays",
    "resolution": "flt_res",
}


#: The area selector's choice for communes picked one by one.
CUSTOM_AREA = "custom"


def _to_state(f: Filters, latest: date, area: Area) -> None:
    start, end = f.period(latest)
    st.session_state[_KEYS["preset"]] = f.preset
    st.session_state[_KEYS["dates"]] = (start, end)
    preset = area.preset_of(f.communes)
    st.session_state[_KEYS["area"]] = preset.code if preset else CUSTOM_AREA
    st.session_state[_KEYS["communes"]] = list(f.communes)
    st.session_state[_KEYS["districts"]] = list(f.districts)
    st.session_state[_KEYS["categories"]] = list(f.categories)
    st.session_state[_KEYS["triage"]] = list(f.triage)
    low, high = f.hours
    st.session_state[_KEYS["hours"]] = (low, high) if low < high else (0, 24)
    st.session_state[_KEYS["weekdays"]] = list(f.weekdays)
    st.session_state[_KEYS["resolution"]] = f.resolution


def _reset(latest: date, area: Area) -> None:
    _to_state(Filters(), latest, area)


def sidebar(area: Area, latest: date, lang: str, fine: bool = True) -> Filters:
    """Draw the filters; the URL is read on a session's first page and rewritten after
    every change. Without ``fine`` (roles other than analyst) only the period, the area
    and the districts are offered, and the other filters are not applied."""
    districts = area.districts
    codes = tuple(districts.codes)
    from_url, problems = Filters.from_params(
        {k: st.query_params[k] for k in st.query_params}, codes, area.communes.codes
    )
    if _KEYS["preset"] not in st.session_state:
        _to_state(from_url, latest, area)
    else:
        # the same filters on another page are other widgets: hand their values over
        for key in _KEYS.values():
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
    if problems:
        st.sidebar.warning(translate("f_bad", lang, params=", ".join(problems)))
    names = dict(zip(codes, districts.names, strict=True))
    days = weekday_names(lang)
    with st.sidebar:
        st.header(translate("filters", lang))
        preset = st.selectbox(
            translate("f_period", lang),
            PRESETS,
            format_func=lambda p: translate(f"p_{p}", lang),
            key=_KEYS["preset"],
        )
        start = end = None
        if preset == "custom":
            chosen = st.date_input(
                translate("f_dates", lang), key=_KEYS["dates"], format="DD/MM/YYYY"
            )
            if isinstance(chosen, tuple | list) and len(chosen) == 2:
                start, end = chosen
        communes = _area_choice(area, lang)
        detailed = set(area.communes_with_districts())
        if not communes or detailed & set(communes):
            st.multiselect(
                translate("f_districts", lang),
                codes,
                format_func=lambda c: names.get(c, c),
                key=_KEYS["districts"],
                placeholder=translate("f_all", lang),
                select_all=False,  # nothing chosen already means all
            )
        else:
            st.session_state[_KEYS["districts"]] = []
        if fine:
            st.multiselect(
                translate("f_categories", lang),
                CATEGORIES,
                format_func=lambda c: translate(f"cat_{c}", lang),
                key=_KEYS["categories"],
                placeholder=translate("f_all", lang),
                select_all=False,
            )
            st.multiselect(
                translate("f_triage", lang),
                TRIAGE,
                format_func=lambda c: translate(f"tr_{c}", lang),
                key=_KEYS["triage"],
                placeholder=translate("f_all", lang),
                select_all=False,
            )
            st.slider(translate("f_hours", lang), 0, 24, key=_KEYS["hours"], step=1)
            st.multiselect(
                translate("f_weekdays", lang),
                list(range(7)),
                format_func=lambda d: days[d],
                key=_KEYS["weekdays"],
                placeholder=translate("f_all", lang),
                select_all=False,
            )
        st.button(
            translate("f_reset", lang), on_click=_reset, args=(latest, area), type="secondary"
        )
    state = st.session_state
    low, high = (int(h) for h in state.get(_KEYS["hours"], (0, 24)))
    hours = (low, high)
    chosen_filters = Filters(
        preset=preset if (preset != "custom" or start) else "ytd",
        start=start,
        end=end,
        communes=communes,
        districts=tuple(c for c in codes if c in state[_KEYS["districts"]]),
        categories=tuple(c for c in CATEGORIES if c in state.get(_KEYS["categories"], ())),
        triage=tuple(c for c in TRIAGE if c in state.get(_KEYS["triage"], ())),
        hours=hours if hours != (0, 24) and hours[0] < hours[1] else (0, 24),
        weekdays=tuple(sorted(state.get(_KEYS["weekdays"], ()))),
        resolution=int(state.get(_KEYS["resolution"]) or DEFAULT_RESOLUTION),
    )
    if not fine:
        chosen_filters = replace(
            chosen_filters, categories=(), triage=(), hours=(0, 24), weekdays=()
        )
    elif from_url.hours[0] > from_url.hours[1] and chosen_filters.hours == (0, 24):
        # a link may carry a window across midnight, which the slider cannot show
        chosen_filters = replace(chosen_filters, hours=from_url.hours)
    _write_url(chosen_filters)
    return chosen_filters


def _area_choice(area: Area, lang: str) -> tuple[str, ...]:
    """The area selector (presets, or communes picked one by one); the chosen INSEE
    codes, ``()`` for every commune."""
    presets = {p.code: p for p in area.presets}
    options: list[str] = [*presets, CUSTOM_AREA]
    chosen = st.selectbox(
        translate("f_area", lang),
        options,
        format_func=lambda c: (
            presets[c].name(lang) if c in presets else translate("f_area_custom", lang)
        ),
        key=_KEYS["area"],
    )
    if chosen in presets:
        return presets[chosen].communes
    names = dict(zip(area.communes.codes, area.communes.names, strict=True))
    picked = st.multiselect(
        translate("f_communes", lang),
        area.communes.codes,
        format_func=lambda c: f"{names.get(c, c)} ({c})",
        key=_KEYS["communes"],
        placeholder=translate("f_all", lang),
        select_all=False,
    )
    chosen_codes = set(picked)
    return tuple(c for c in area.communes.codes if c in chosen_codes)


def _write_url(f: Filters) -> None:
    wanted = f.to_params()
    for key in FILTER_PARAMS:
        if key in st.query_params and key not in wanted:
            del st.query_params[key]
    for key, value in wanted.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value


def describe(f: Filters, latest: date, area: Area, lang: str) -> str:
    """The active filters in one line."""
    start, end = f.period(latest)
    parts = [
        f"{translate('p_' + f.preset, lang)} "
        f"({start.strftime('%d/%m/%Y')} – {end.strftime('%d/%m/%Y')})"
    ]
    parts.extend(selection_parts(f, area, lang))
    return " · ".join(parts)


def filter_line(page) -> None:
    text = describe(page.filters, page.latest, page.area, page.lang)
    data_date = translate("f_data_date", page.lang, date=page.latest.strftime("%d/%m/%Y"))
    st.caption(markdown_text(translate("f_line", page.lang, text=f"{text} · {data_date}")))


def resolution_control(label: str, lang: str, container=None) -> int:
    """The hexagons' size, shared by every page through the filters (and the URL's
    ``res``); returns the chosen resolution."""
    where = container or st
    chosen = where.segmented_control(
        label,
        MAP_RESOLUTIONS,
        format_func=lambda r: translate(f"res_{r}", lang),
        key=_KEYS["resolution"],
    )
    return int(chosen or DEFAULT_RESOLUTION)
