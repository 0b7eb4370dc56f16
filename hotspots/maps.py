"""The folium map: hexagon choropleth, district outlines, operation markers, legend.

Built for a closed network: Leaflet and jQuery are served from the app's own
``static/`` folder (:mod:`hotspots.map_assets`), no icon fonts or CDN assets are
referenced, and tiles are a setting (``none`` draws the districts on a plain
background). Hexagons travel as integer rows (first vertex and five steps in 1e-5
degrees, then count, colour class, district, category, peak hour) rebuilt into
GeoJSON in the page and styled and labelled by one shared function: about 72 bytes of
page per hexagon.
"""

from __future__ import annotations

import html
from typing import Any

import folium
import numpy as np
import pandas as pd
import shapely

from hotspots.geo import Districts
from hotspots.map_assets import localise
from hotspots.map_classes import PALETTE, classify, legend_rows, spread
from hotspots.map_layers import (
    COORD_DECIMALS,
    DistrictLabels,
    HexLayer,
    Legend,
    MetricScale,
    OperationsLayer,
    PlaceLabels,
    ring,
)

__all__ = ["build_map", "hex_layer_data"]

CENTRE = (47.2400, 6.0200)
#: Zoom from which street names (a street is about a hundred metres of screen) and
#: landmark names are drawn.
STREET_ZOOM = 16
LANDMARK_ZOOM = 15
#: Zoom from which quartier names are drawn (a city fills the map from about 12 on).
DISTRICT_ZOOM = 11
LABEL_STYLE = (
    "<style>.hs-label-hidden{visibility:hidden}"
    ".street-label,.landmark-label{font:11px sans-serif;white-space:nowrap;"
    "transform:translate(-50%,-50%);text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff}"
    ".street-label{color:#4a4a4a;font-style:italic}"
    ".landmark-label{color:#5b3a1f;font-weight:600}</style>"
)


def hex_geojson(hexes: pd.DataFrame, classes: np.ndarray, district_codes: tuple[str, ...]) -> dict:
    """Compact GeoJSON of the hexagons: ``n`` count, ``k`` colour index, ``d`` district
    index, ``c`` category index, ``h`` peak hour, ``id`` the cell."""
    from hotspots.schema import CATEGORIES

    k = len(set(classes.tolist())) if len(classes) else 1
    n_classes = max(int(classes.max()) + 1, k) if len(classes) else 1
    features = []
    for row, cls in zip(hexes.itertuples(index=False), classes, strict=True):
        cell = int(row.cell, 16)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring(cell)]},
                "properties": {
                    "n": int(row.count),
                    "k": spread(int(cls), n_classes),
                    "d": district_codes.index(row.district)
                    if row.district in district_codes
                    else -1,
                    "c": CATEGORIES.index(row.category),
                    "h": int(row.peak_hour),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


#: Commune outlines are drawn simplified to this tolerance (degrees, about 50 m): the
#: 576 communes of a département weigh a few hundred kilobytes otherwise.
COMMUNE_SIMPLIFY_DEG = 0.0005
#: A selection of more communes than this is drawn as its outline and its communes
#: with tips.
MAX_COMMUNE_OUTLINES = 60


def _district_geojson(
    districts: Districts, counts: dict[str, int] | None, simplify: float = 0.0
) -> dict:
    features = []
    for code, name, polygon in zip(
        districts.codes, districts.names, districts.polygons, strict=True
    ):
        if simplify:
            polygon = shapely.simplify(polygon, simplify)
        geometry = shapely.set_precision(polygon, 10**-COORD_DECIMALS)
        features.append(
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(geometry),
                "properties": {
                    "name": html.escape(str(name)),
                    "code": html.escape(str(code)),
                    "tips": int((counts or {}).get(code, 0)),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def hex_layer_data(hexes: pd.DataFrame, scheme: str, district_codes: tuple[str, ...]) -> dict:
    """What the hexagon layer needs, computed once per state and cached by the page:
    the compact GeoJSON and the legend's classes."""
    counts = hexes["count"].to_numpy() if len(hexes) else np.zeros(0)
    classes, _bins = classify(counts, scheme)
    return {
        "geojson": hex_geojson(hexes, classes, district_codes),
        "legend": legend_rows(counts, classes),
    }


#: ArcGIS's hot-spot colours, by bin.
HOT_SPOT_COLOURS = {
    3: "#d62f27",
    2: "#ed7551",
    1: "#fab984",
    -1: "#c0ccbe",
    -2: "#849eba",
    -3: "#4575b5",
}


def _add_hot_spots(fmap: folium.Map, result: pd.DataFrame, words: dict) -> None:
    """Significant Gi* cells coloured by bin, with a tooltip and a legend."""
    significant = result[result["bin"] != 0]
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [ring(int(row.h3, 16))]},
            "properties": {
                "bin": int(row.bin),
                "label": html.escape(words["hot_spot_bins"][int(row.bin)]),
                "n": int(row.count),
                "nb": f"{int(row.neighbourhood)} / {words['decimal'](row.expected)}",
            },
        }
        for row in significant.itertuples(index=False)
    ]
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=words["layer_hot_spots"],
        style_function=lambda f: {
            "fillColor": HOT_SPOT_COLOURS[f["properties"]["bin"]],
            "fillOpacity": 0.75,
            "color": "#333333",
            "weight": 0.8,
            "className": "hs-hotspot",
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["label", "n", "nb"],
            aliases=["", words["tips"], words["hot_spot_neighbourhood"]],
            labels=True,
        ),
    ).add_to(fmap)
    rows = [(HOT_SPOT_COLOURS[b], words["hot_spot_bins"][b]) for b in (3, 2, 1, -1, -2, -3)]
    Legend(words["layer_hot_spots"], rows, position="bottomleft").add_to(fmap)


def _view_bounds(hex_data: dict, districts: Districts) -> list[list[float]]:
    """The hexagons' extent (the towns, not their forests) or, with none, the extent of
    ``districts`` (the selected communes, or the quartiers)."""
    points = [
        point for feature in hex_data["features"] for point in feature["geometry"]["coordinates"][0]
    ]
    if len(points) < 2:
        lat_min, lon_min, lat_max, lon_max = districts.bounds()
        return [[lat_min, lon_min], [lat_max, lon_max]]
    lons, lats = zip(*points, strict=True)
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def build_map(
    layer: dict,
    districts: Districts,
    operations: pd.DataFrame,
    words: dict,
    tiles: str = "none",
    scheme: str = "quantiles",
    district_counts: dict[str, int] | None = None,
    show_district_choropleth: bool = False,
    hot_spots: pd.DataFrame | None = None,
    communes: Districts | None = None,
    commune_counts: dict[str, int] | None = None,
    places: tuple[list[tuple[float, float, str]], ...] | None = None,
    tram: list[tuple[str, list[tuple[float, float]]]] | None = None,
    attention: pd.DataFrame | None = None,
) -> folium.Map:
    """A new overview map (a folium map cannot be rendered twice). ``layer`` comes from
    :func:`hex_layer_data`; ``words`` holds the interface words (already in the user's
    language): layer names, tooltip words, category and district labels, popup fields.
    ``communes``: the selected communes, drawn as outlines and, with
    ``show_district_choropleth``, shaded by ``commune_counts`` where they have no
    quartiers; the communes with tips are named. ``places``: ``(streets, landmarks)``
    as :func:`hotspots.landmarks.map_places` gives them, named from zoom
    :data:`STREET_ZOOM` and :data:`LANDMARK_ZOOM` on (orientation without tiles);
    ``tram``: the lines of :func:`hotspots.landmarks.tram_lines`, through their stops.
    ``attention``: hot places that call for attention (``lat, lon, rank, place, why``),
    ringed in red.
    Every text that could come from a file is escaped before it reaches the page."""
    plain = tiles.strip().lower() == "none"
    fmap = folium.Map(
        location=CENTRE,
        zoom_start=13,
        tiles=None,
        control_scale=False,
        prefer_canvas=False,
    )
    MetricScale().add_to(fmap)
    root: Any = fmap.get_root()  # a branca Figure, which has a header
    root.header.add_child(folium.Element(LABEL_STYLE))
    if plain:
        root.header.add_child(
            folium.Element("<style>.leaflet-container{background:#eef0f2}</style>")
        )
    elif tiles == "OpenStreetMap":
        folium.TileLayer("OpenStreetMap", name=words["layer_tiles"], control=False).add_to(fmap)
    else:
        folium.TileLayer(
            tiles=tiles, attr=words["tiles_attribution"], name=words["layer_tiles"], control=False
        ).add_to(fmap)

    if communes is not None:
        _add_communes(fmap, communes, commune_counts or {}, districts, words, scheme,
                      shade=show_district_choropleth)  # fmt: skip
    district_data = _district_geojson(districts, district_counts)
    outline = folium.GeoJson(
        district_data,
        name=words["layer_districts"],
        style_function=lambda _f: {
            "color": "#1f3a5f",
            "weight": 2,
            "fill": plain,
            "fillColor": "#ffffff",
            "fillOpacity": 0.9 if plain else 0,
            "className": "hs-district",
        },
        tooltip=None,
        interactive=False,
    )
    outline.add_to(fmap)
    DistrictLabels(districts, words["layer_district_names"], min_zoom=DISTRICT_ZOOM).add_to(fmap)

    if show_district_choropleth and district_counts:
        values = np.array([district_counts.get(c, 0) for c in districts.codes])
        classes, _bins = classify(values, scheme)
        colours = {
            code: PALETTE[spread(int(k), int(classes.max()) + 1)]
            for code, k in zip(districts.codes, classes, strict=True)
        }
        folium.GeoJson(
            district_data,
            name=words["layer_district_choropleth"],
            style_function=lambda f: {
                "fillColor": colours.get(html.unescape(f["properties"]["code"]), PALETTE[0]),
                "fillOpacity": 0.55,
                "color": "#1f3a5f",
                "weight": 1,
            },
            tooltip=folium.GeoJsonTooltip(
                fields=["name", "tips"], aliases=[words["district"], words["tips"]]
            ),
        ).add_to(fmap)

    if tram:
        _add_tram(fmap, tram, words["layer_tram"])
    if places is not None:
        streets, landmarks = places
        PlaceLabels(streets, words["layer_streets"], "street-label", STREET_ZOOM).add_to(fmap)
        PlaceLabels(landmarks, words["layer_landmarks"], "landmark-label", LANDMARK_ZOOM).add_to(
            fmap
        )
    HexLayer(layer["geojson"], words["hex_words"], name=words["layer_hexagons"]).add_to(fmap)
    if layer["geojson"]["features"]:
        Legend(words["legend_title"], layer["legend"]).add_to(fmap)

    if hot_spots is not None:
        _add_hot_spots(fmap, hot_spots, words)

    if len(operations):
        OperationsLayer(operations, words, name=words["layer_operations"]).add_to(fmap)
    if attention is not None and len(attention):
        _add_attention(fmap, attention, words["layer_attention"])

    folium.LayerControl(collapsed=True).add_to(fmap)
    fmap.fit_bounds(_view_bounds(layer["geojson"], communes or districts))
    localise(fmap)
    return fmap


#: The red of the places that call for attention.
ATTENTION_COLOUR = "#b00020"


def _add_attention(fmap: folium.Map, attention: pd.DataFrame, name: str) -> None:
    """A dashed red ring around each place of the attention list, its rank, name and
    reason in the tooltip (escaped: the place name comes from the gazetteer)."""
    group = folium.FeatureGroup(name=name)
    for row in attention.itertuples(index=False):
        folium.CircleMarker(
            location=(float(row.lat), float(row.lon)),
            radius=16,
            color=ATTENTION_COLOUR,
            weight=3,
            dash_array="6 4",
            fill=False,
            class_name="hs-attention",
            tooltip=html.escape(f"{row.rank}. {row.place} — {row.why}"),
        ).add_to(group)
    group.add_to(fmap)


#: The colour of Besançon's trams (turquoise), for the line drawn from its stops.
TRAM_COLOUR = "#0e8c8c"


def _add_tram(fmap: folium.Map, lines: list[tuple[str, list[tuple[float, float]]]], name: str):
    """The tram lines, straight between their stops, and each stop once."""
    group = folium.FeatureGroup(name=name, show=True)
    seen: set[tuple[float, float]] = set()
    for _line, stops in lines:
        folium.PolyLine(
            stops, color=TRAM_COLOUR, weight=3, opacity=0.8, interactive=False,
            class_name="hs-tram",
        ).add_to(group)  # fmt: skip
        for point in stops:
            if point not in seen:
                seen.add(point)
                folium.CircleMarker(
                    point, radius=3, color=TRAM_COLOUR, weight=2, fill=True,
                    fill_color="#ffffff", fill_opacity=1, interactive=False,
                ).add_to(group)  # fmt: skip
    group.add_to(fmap)


def _add_communes(
    fmap: folium.Map,
    communes: Districts,
    counts: dict[str, int],
    districts: Districts,
    words: dict,
    scheme: str,
    *,
    shade: bool,
) -> None:
    """Outlines of the selected communes (of a large selection, its outline and the
    communes with tips: 576 outlines weigh half a megabyte), the names of the communes
    drawn (a commune with quartiers is named by its quartiers), and (``shade``) tips
    per commune for the communes without quartiers."""
    with_tips = _subset(communes, [i for i, c in enumerate(communes.codes) if counts.get(c)])
    drawn = communes if len(communes.codes) <= MAX_COMMUNE_OUTLINES else with_tips
    data = _district_geojson(drawn, counts, simplify=COMMUNE_SIMPLIFY_DEG)
    if drawn is not communes:
        whole = shapely.simplify(communes.outline, 0.002)
        data["features"].append(
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(shapely.set_precision(whole, 1e-4)),
                "properties": {"name": "", "code": "", "tips": 0},
            }
        )
    folium.GeoJson(
        data,
        name=words["layer_communes"],
        style_function=lambda _f: {
            "color": "#6b7785",
            "weight": 1,
            "fill": False,
            "className": "hs-commune",
        },
        tooltip=None,
        interactive=False,
    ).add_to(fmap)
    union = districts.outline
    drawn = _subset(
        drawn,
        [i for i, p in enumerate(drawn.polygons) if not p.representative_point().within(union)],
    )
    if drawn.codes:
        DistrictLabels(drawn, name=words["layer_commune_names"], css_class="commune-label").add_to(
            fmap
        )
    with_tips = _subset(with_tips, [i for i, c in enumerate(with_tips.codes) if c in drawn.codes])
    data = _district_geojson(with_tips, counts, simplify=COMMUNE_SIMPLIFY_DEG)
    if not shade:
        return
    plain = data["features"]
    if not plain:
        return
    values = np.array([counts.get(html.unescape(f["properties"]["code"]), 0) for f in plain])
    classes, _bins = classify(values, scheme)
    colours = {
        html.unescape(f["properties"]["code"]): PALETTE[spread(int(k), int(classes.max()) + 1)]
        for f, k in zip(plain, classes, strict=True)
    }
    folium.GeoJson(
        {"type": "FeatureCollection", "features": plain},
        name=words["layer_commune_choropleth"],
        style_function=lambda f: {
            "fillColor": colours.get(html.unescape(f["properties"]["code"]), PALETTE[0]),
            "fillOpacity": 0.55 if counts.get(html.unescape(f["properties"]["code"])) else 0.0,
            "color": "#6b7785",
            "weight": 1,
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "tips"], aliases=[words["commune"], words["tips"]]
        ),
    ).add_to(fmap)


def _subset(districts: Districts, index: list[int]) -> Districts:
    """The districts (or communes) at positions ``index``."""
    return Districts(
        tuple(districts.codes[i] for i in index),
        tuple(districts.names[i] for i in index),
        tuple(districts.polygons[i] for i in index),
        districts.origin,
    )


def map_json_size(fmap: folium.Map) -> int:
    """Bytes of the rendered map page."""
    return len(fmap.get_root().render().encode())
