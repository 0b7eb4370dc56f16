"""Carte: where is it hot, and what happened there."""

from __future__ import annotations

import html

import altair as alt
import h3.api.basic_int as h3i
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from hotspots.figures import drilldown, hex_counts, indicators, operation_cells
from hotspots.headline import place_words
from hotspots.hotspot_figures import hot_spot_places
from hotspots.i18n import format_date, format_number, format_p
from hotspots.maps import build_map, hex_layer_data
from hotspots.outcomes import (
    ATTENTION_DAYS,
    attention_list,
    attention_text,
    operation_outcomes,
    outcome_text,
)
from hotspots.periods import LOCAL_TIMEZONE
from hotspots.schema import CATEGORIES
from hotspots.ui import charts
from hotspots.ui.components import kpis
from hotspots.ui.context import (
    Page,
    get_tiles,
    hot_spots,
    not_comparable_note,
    open_page,
    require_data,
    t,
    verdict,
)
from hotspots.ui.filters import resolution_control

#: Zoom of the map centred on a ranked place: its cell and first ring fill the map.
FOCUS_ZOOM = 15

page = open_page("app_title", "map")
require_data(page)
lang = page.lang


@st.cache_data(show_spinner=False, max_entries=64)
def _figures(key: tuple) -> dict:
    return indicators(page.tips, page.ops, page.filters, page.latest)


@st.cache_data(show_spinner=False, max_entries=64)
def _hexes(key: tuple, resolution: int) -> pd.DataFrame:
    return hex_counts(
        page.tips, page.filters, page.latest, resolution, page.districts, role=page.role
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _operation_cells(key: tuple, resolution: int) -> pd.DataFrame:
    return operation_cells(page.ops, page.filters, page.latest, resolution, role=page.role)


@st.cache_data(show_spinner=False, max_entries=32)
def _outcomes(key: tuple, resolution: int) -> pd.DataFrame:
    return operation_outcomes(
        page.tips, page.ops, page.filters, page.latest, resolution=resolution, role=page.role
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _outcome_words(key: tuple, resolution: int, lang: str) -> dict[str, str]:
    """The outcome of the latest operation of each map cell, in words, by cell (hex)."""
    latest = _outcomes(key, resolution).drop_duplicates("h3")  # newest first
    return {row["h3"]: outcome_text(row, lang) for _, row in latest.iterrows() if row["h3"] != ""}


@st.cache_resource
def _landmarks():
    from hotspots.landmarks import load_landmarks

    return load_landmarks(page.settings.geodata_dir, page.districts)


@st.cache_resource
def _map_places():
    from hotspots.landmarks import map_places

    return map_places(page.settings.geodata_dir)


@st.cache_resource
def _tram():
    from hotspots.landmarks import tram_lines

    return tram_lines(page.settings.geodata_dir)


@st.cache_data(show_spinner=False, max_entries=16)
def _places(key: tuple, resolution: int, lang: str, _tested: pd.DataFrame) -> pd.DataFrame:
    return hot_spot_places(
        _tested,
        page.tips,
        page.ops,
        page.filters,
        page.latest,
        resolution,
        _landmarks(),
        role=page.role,
    )


def _places_table(places: pd.DataFrame) -> pd.DataFrame:
    """The ranked list in words."""
    words = place_words(places, lang)
    keys = ("pl_rank", "pl_place", "hs_level", "tips", "pl_change", "pl_last_operation")
    return words.set_axis([t(k) for k in keys], axis=1)


@st.cache_data(show_spinner=False, max_entries=64)
def _district_counts(key: tuple) -> dict[str, int]:
    m = page.tips.mask(page.filters, page.latest)
    counts = pd.Series(page.tips.district[m]).value_counts()
    return {code: int(counts.get(i, 0)) for i, code in enumerate(page.tips.district_codes)}


@st.cache_data(show_spinner=False, max_entries=64)
def _commune_counts(key: tuple) -> dict[str, int]:
    m = page.tips.mask(page.filters, page.latest)
    counts = pd.Series(page.tips.commune[m]).value_counts()
    return {
        code: int(counts[i]) for i, code in enumerate(page.tips.commune_codes) if i in counts.index
    }


def _words(p: Page, outcomes: dict[str, str]) -> dict:
    names = dict(zip(p.districts.codes, p.districts.names, strict=True))
    return {
        "layer_tiles": t("layer_tiles"),
        "tiles_attribution": html.escape(get_tiles()[1]) or t("tiles_attribution"),
        "layer_districts": t("layer_districts"),
        "layer_communes": t("layer_communes"),
        "layer_streets": t("layer_streets"),
        "layer_landmarks": t("layer_landmarks"),
        "layer_tram": t("layer_tram"),
        "layer_commune_names": t("layer_commune_names"),
        "layer_commune_choropleth": t("layer_commune_choropleth"),
        "commune": t("commune"),
        "layer_district_names": t("layer_district_names"),
        "layer_district_choropleth": t("layer_district_choropleth"),
        "layer_hexagons": t("layer_hexagons"),
        "layer_operations": t("layer_operations"),
        "legend_title": t("legend_title"),
        "layer_hot_spots": t("hs_layer"),
        "hot_spot_bins": {b: t(f"hs_bin_{b}") for b in (3, 2, 1, -1, -2, -3)},
        "hot_spot_neighbourhood": t("hs_tooltip_neighbourhood"),
        "decimal": lambda v: format_number(float(v), p.lang, 1),
        "district": t("district"),
        "tips": t("tips"),
        "hex_words": {
            "tip": t("tip_one"),
            "tips": t("tip_many"),
            "category": t("category"),
            "peak": t("peak"),
            "none": t("no_district"),
            "districts": [str(names[c]) for c in p.districts.codes],
            "categories": [t(f"cat_{c}") for c in CATEGORIES],
        },
        "operation_popup": lambda op: [
            (t("kpi_operations"), op.operations),
            (
                t("op_last"),
                pd.Timestamp(op.last_ts, unit="s", tz="UTC")
                .tz_convert(LOCAL_TIMEZONE)
                .strftime("%d/%m/%Y"),
            ),
            (t("op_arrests"), op.arrests),
            (t("op_seized"), charts.seized_text(op.seized, p.lang) or "–"),
            (t("op_cash"), kpis.euros(op.cash_eur, p.lang)),
            (t("oc_effect"), outcomes.get(format(int(op.cell), "x"), "–")),
        ],
        "layer_attention": t("layer_attention"),
    }


@st.cache_data(show_spinner=False, max_entries=32)
def _hex_layer(key: tuple, resolution: int, scheme: str) -> dict:
    return hex_layer_data(_hexes(key, resolution), scheme, tuple(page.districts.codes))


def _map(
    key: tuple,
    resolution: int,
    scheme: str,
    shade: bool,
    hot: pd.DataFrame | None,
    attention: pd.DataFrame | None,
):
    return build_map(
        _hex_layer(key, resolution, scheme),
        page.districts,
        _operation_cells(key, resolution),
        _words(page, _outcome_words(key, resolution, page.lang)),
        tiles=get_tiles()[0],
        scheme=scheme,
        district_counts=_district_counts(key),
        show_district_choropleth=shade,
        hot_spots=hot,
        communes=page.area.selection(page.filters.communes),
        commune_counts=_commune_counts(key),
        places=_map_places(),
        tram=_tram(),
        attention=attention,
    )


if get_tiles()[2]:
    st.warning(t("tiles_error", error=get_tiles()[2]))
kpis.show(_figures(page.key), lang)
st.divider()

controls = st.columns([3, 2])
resolution_control(t("map_resolution"), lang, controls[0])
resolution = page.filters.resolution
scheme = (
    controls[1].segmented_control(
        t("map_scheme"),
        ("quantiles", "natural_breaks"),
        default="quantiles",
        format_func=lambda s: t(f"scheme_{s}"),
        key="map_scheme",
    )
    or "quantiles"
)
toggles = st.columns([3, 2, 3])
shade = toggles[0].toggle(t("map_district_choropleth"), key="map_shade")
show_hot = toggles[1].toggle(t("hs_toggle"), key="map_hot")
tested, _params, refusal = hot_spots(page.key, page.role, resolution, page.lang, page)
hot = tested if show_hot else None
if show_hot and refusal:
    st.info(t("hs_refused", reason=refusal))
places = _places(page.key, resolution, page.lang, tested) if tested is not None else None
focus = None
chosen_rows = st.session_state.get("hot_places")
if places is not None and chosen_rows is not None and chosen_rows.selection.rows:
    row = chosen_rows.selection.rows[0]
    if row < len(places):
        focus = (float(places["lat"].iloc[row]), float(places["lon"].iloc[row]))

attention_days = int(st.session_state.get("at_days", ATTENTION_DAYS))
attention = None
if places is not None:
    attention = attention_list(places, attention_days)
    attention = attention.assign(why=[attention_text(r, lang) for _, r in attention.iterrows()])

hexes = _hexes(page.key, resolution)
drill = page.may("drilldown")
left, right = st.columns([3, 1.25]) if drill else (st.container(), st.container())
with left:
    fmap = _map(page.key, resolution, scheme, shade, hot, attention)
    returned = st_folium(
        fmap,
        key="overview_map",
        height=620,
        width="stretch",
        returned_objects=["last_object_clicked"] if drill else [],
        **({"center": focus, "zoom": FOCUS_ZOOM} if focus else {}),
    )
    located = int(hexes["count"].sum()) if len(hexes) else 0
    figures = _figures(page.key)
    st.caption(
        t(
            "map_caption",
            hexes=len(hexes),
            located=located,
            unplaced=figures["tips"] - located,
        )
    )

if drill:
    clicked = (returned or {}).get("last_object_clicked")
    if clicked and clicked.get("lat") is not None:
        cell = h3i.latlng_to_cell(clicked["lat"], clicked["lng"], resolution)
        if len(hexes) and format(cell, "x") in set(hexes["cell"]):
            st.session_state["drill_cell"] = (cell, resolution)

    with right:
        selected = st.session_state.get("drill_cell")
        if not selected or selected[1] != resolution:
            st.info(t("map_click"))
        else:
            cell = selected[0]
            detail = drilldown(
                page.tips, page.ops, page.filters, page.latest, cell, resolution, role=page.role
            )
            st.subheader(t("drill_title"))
            st.caption(f"H3 {format(cell, 'x')}")
            if not detail["tips"]:
                st.info(t("drill_empty"))
            else:
                count = detail["tips"]
                words = t("drill_tips_one") if count == 1 else t("drill_tips", n=count)
                st.markdown(f"**{words}**")
                change = detail["change"]
                if change.verdict == "not_comparable":
                    start = page.tips.coverage.start
                    st.caption(t("drill_not_comparable", start=format_date(start, lang)))
                else:
                    st.caption(
                        t(
                            "drill_change",
                            previous=change.previous,
                            verdict=verdict(change.verdict),
                            p=format_p(change.p_value, lang),
                        )
                    )
                charts.drill_charts(
                    detail, lang, dict(zip(page.districts.codes, page.districts.names, strict=True))
                )
            here = _outcomes(page.key, resolution)
            here = here[here["h3"] == format(cell, "x")]
            if len(here):
                st.markdown(f"**{t('oc_title')}**")
                for _, row in here.iterrows():
                    day = format_date(row["started_at"], lang)
                    st.caption(f"{day} · {outcome_text(row, lang)}")
            if st.button(t("drill_close"), key="drill_close"):
                del st.session_state["drill_cell"]
                st.rerun()

st.subheader(t("pl_title"))
if refusal:
    st.info(t("hs_refused", reason=refusal))
elif places is None or places.empty:
    st.info(t("pl_none"))
else:
    st.caption(t("pl_explain"))
    st.dataframe(
        _places_table(places),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="hot_places",
    )
    not_covered = next((c for c in places["change"] if c.verdict == "not_comparable"), None)
    if not_covered is not None:
        st.caption(not_comparable_note(not_covered, page))

st.subheader(t("at_title"))
st.columns([1, 2])[0].number_input(
    t("at_days"), min_value=7, max_value=730, value=ATTENTION_DAYS, step=15, key="at_days"
)
if refusal:
    st.info(t("hs_refused", reason=refusal))
elif attention is None or attention.empty:
    st.info(t("at_none"))
else:
    st.caption(t("at_explain", days=attention_days))
    # a static table: the reasons wrap instead of hiding behind a scroll bar
    st.table(
        pd.DataFrame(
            {
                t("pl_place"): attention["place"].to_numpy(),
                t("tips"): attention["tips"].to_numpy(),
                t("at_why"): attention["why"].to_numpy(),
            },
            index=pd.Index(attention["rank"].to_numpy(), name=t("pl_rank")),
        )
    )

alt.data_transformers.disable_max_rows()

# The commanders' briefing sheet: made, and recorded in the audit, when clicked.
if page.may("map"):
    from hotspots import services
    from hotspots.ui.components import download
    from hotspots.ui.context import get_store

    st.divider()
    _brief_store, _brief_user = get_store(page.url), st.session_state["hs_session"].user
    _brief_args = (page.tips, page.ops, page.settings, page.filters, page.latest)
    download.show(
        t("br_download"),
        lambda: (
            services.briefing(_brief_store, *_brief_args, _brief_user, page.role, page.lang).data
        ),
        file_name=f"note-de-situation-{page.latest.isoformat()}.pdf",
        mime="application/pdf",
        key="briefing_pdf",
    )
    st.caption(t("br_download_help"))
