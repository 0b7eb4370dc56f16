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
import json
from typing import Any

import folium
import h3.api.basic_int as h3i
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from hotspots.geo import Districts
from hotspots.map_assets import localise
from hotspots.map_classes import PALETTE, classify, legend_rows, spread

__all__ = ["build_map", "hex_layer_data"]

CENTRE = (47.2400, 6.0200)
COORD_DECIMALS = 5


def _ring(cell: int) -> list[list[float]]:
    return [
        [round(lon, COORD_DECIMALS), round(lat, COORD_DECIMALS)]
        for lat, lon in h3i.cell_to_boundary(cell)
    ]


class HexLayer(folium.map.Layer):
    """Hexagons as one GeoJSON layer with a shared style and tooltip function."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var palette = {{ this.palette|tojson }};
            var words = {{ this.words|tojson }};
            // one row per hexagon: first vertex and 5 steps in 1e-5 degrees, then
            // count, colour class, district, category, peak hour
            var rows = {{ this.rows_json }};
            var features = rows.map(function (r) {
                var x = r[0], y = r[1], ring = [[x / 1e5, y / 1e5]];
                for (var i = 2; i < 12; i += 2) {
                    x += r[i]; y += r[i + 1]; ring.push([x / 1e5, y / 1e5]);
                }
                ring.push(ring[0]);
                return {type: "Feature", geometry: {type: "Polygon", coordinates: [ring]},
                        properties: {n: r[12], k: r[13], d: r[14], c: r[15], h: r[16]}};
            });
            return L.geoJson({type: "FeatureCollection", features: features}, {
                style: function (f) {
                    return {fillColor: palette[f.properties.k], fillOpacity: 0.72,
                            color: "#5b1a0e", weight: 0.7, opacity: 0.8, className: "hs-hex"};
                },
                onEachFeature: function (f, layer) {
                    var p = f.properties;
                    layer.bindTooltip(
                        "<b>" + p.n + " " + (p.n > 1 ? words.tips : words.tip) + "</b><br>"
                        + (words.districts[p.d] || words.none) + "<br>"
                        + words.category + " : " + words.categories[p.c] + "<br>"
                        + words.peak + " : " + p.h + " h – " + (p.h + 1) + " h",
                        {sticky: true, className: "hex-tooltip"});
                }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, data: dict, words: dict, name: str, palette=PALETTE):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "HexLayer"
        self.rows_json = json.dumps(_compact_rows(data), separators=(",", ":"))
        self.words = _escaped(words)  # the tooltip is HTML: names from files become text
        self.palette = list(palette)


def _escaped(value):
    """Every string inside ``value`` (dicts, lists) HTML-escaped."""
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_escaped(v) for v in value]
    return value


class OperationsLayer(folium.map.Layer):
    """Operations as circle markers, one per map cell, with an outcome popup; drawn by
    one loop in the page instead of one folium element per operation."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var group = L.featureGroup();
            {{ this.points|tojson }}.forEach(function (p) {
                L.circleMarker([p[0], p[1]], {
                    radius: Math.min(6 + 2 * Math.log2(p[2]), 16), color: "#0b3d91",
                    weight: 2, fillColor: p[3] ? "#0b3d91" : "#ffffff", fillOpacity: 0.95,
                    className: "hs-operation"
                }).bindPopup(p[4], {maxWidth: 300}).addTo(group);
            });
            return group;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, cells: pd.DataFrame, words: dict, name: str):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "OperationsLayer"
        self.points = []
        for row in cells.itertuples(index=False):
            lat, lon = h3i.cell_to_latlng(int(row.cell))
            popup = "<br>".join(
                f"<b>{html.escape(str(label))}</b> : {html.escape(str(value))}"
                for label, value in words["operation_popup"](row)
            )
            hit = bool(row.arrests > 0 or row.seized)
            self.points.append(
                [
                    round(lat, COORD_DECIMALS),
                    round(lon, COORD_DECIMALS),
                    int(row.operations),
                    hit,
                    popup,
                ]
            )


class DistrictLabels(folium.map.Layer):
    """District names at a point inside each district, as one element with its data
    (a folium marker per label compiled its templates anew on every rerun: a third of
    the map's server time). Names that would overlap a larger district's name are left
    out at that zoom (class ``hs-label-hidden``) and come back when zooming in."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var group = L.featureGroup();
            var markers = [];
            {{ this.labels|tojson }}.forEach(function (p) {
                markers.push(L.marker([p[0], p[1]], {
                    icon: L.divIcon({html: p[2], iconSize: [1, 1], className: "empty"}),
                    interactive: false
                }).addTo(group));
            });
            function declutter() {
                var kept = [];
                markers.forEach(function (marker) {
                    var label = marker.getElement() && marker.getElement().firstChild;
                    if (!label) { return; }
                    label.classList.remove("hs-label-hidden");
                    var box = label.getBoundingClientRect();
                    var overlaps = kept.some(function (k) {
                        return box.left < k.right + 4 && k.left < box.right + 4
                            && box.top < k.bottom && k.top < box.bottom;
                    });
                    if (overlaps) { label.classList.add("hs-label-hidden"); }
                    else { kept.push(box); }
                });
            }
            group.on("add", function () {
                group._map.on("zoomend", declutter);
                setTimeout(declutter, 0);
            });
            return group;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, districts: Districts, name: str):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "DistrictLabels"
        self.labels = []
        by_area = sorted(
            zip(districts.codes, districts.names, districts.polygons, strict=True),
            key=lambda d: -d[2].area,
        )
        for code, label, polygon in by_area:  # larger districts keep their name first
            point = polygon.representative_point()
            self.labels.append(
                [
                    round(point.y, COORD_DECIMALS),
                    round(point.x, COORD_DECIMALS),
                    f'<div class="district-label" data-code="{html.escape(str(code))}" '
                    'style="font:600 11px sans-serif;color:#1f3a5f;white-space:nowrap;'
                    'text-shadow:0 0 3px #fff,0 0 3px #fff;transform:translate(-50%,-50%)">'
                    f"{html.escape(str(label))}</div>",
                ]
            )


def _compact_rows(data: dict) -> list[list[int]]:
    """Hexagons as integer rows (numbers only, so safe to write into the page as is)."""
    rows = []
    for feature in data["features"]:
        ring = feature["geometry"]["coordinates"][0][:6]
        ring = ring + [ring[-1]] * (6 - len(ring))  # a pentagon repeats its last vertex
        points = [(round(lon * 1e5), round(lat * 1e5)) for lon, lat in ring]
        row = [points[0][0], points[0][1]]
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            row += [x1 - x0, y1 - y0]
        p = feature["properties"]
        rows.append([*row, int(p["n"]), int(p["k"]), int(p["d"]), int(p["c"]), int(p["h"])])
    return rows


class MetricScale(MacroElement):
    """Leaflet's scale bar in metres and kilometres only (folium's adds miles and feet)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false, metric: true}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


class Legend(MacroElement):
    """A legend box in the map's lower right corner (static HTML, escaped)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "hotspots-legend");
                div.innerHTML = {{ this.html|tojson }};
                div.style.cssText = "background:#fff;padding:6px 9px;border-radius:4px;"
                    + "box-shadow:0 1px 4px rgba(0,0,0,.35);font:12px/1.35 sans-serif;";
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, title: str, rows: list[tuple[str, str]], position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.position = position
        lines = [f"<b>{html.escape(title)}</b>"]
        for colour, label in rows:
            lines.append(
                f'<div><span style="display:inline-block;width:14px;height:10px;'
                f'background:{colour};border:1px solid #999;margin-right:5px"></span>'
                f"{html.escape(label)}</div>"
            )
        self.html = "".join(lines)


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
                "geometry": {"type": "Polygon", "coordinates": [_ring(cell)]},
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


def _district_geojson(districts: Districts, counts: dict[str, int] | None) -> dict:
    features = []
    for code, name, polygon in zip(
        districts.codes, districts.names, districts.polygons, strict=True
    ):
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
            "geometry": {"type": "Polygon", "coordinates": [_ring(int(row.h3, 16))]},
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
    """The hexagons' extent (the city, not its forests) or, with none, the districts'."""
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
    tiles: str = "OpenStreetMap",
    scheme: str = "quantiles",
    district_counts: dict[str, int] | None = None,
    show_district_choropleth: bool = False,
    hot_spots: pd.DataFrame | None = None,
) -> folium.Map:
    """A new overview map (a folium map cannot be rendered twice). ``layer`` comes from
    :func:`hex_layer_data`; ``words`` holds the interface words (already in the user's
    language): layer names, tooltip words, category and district labels, popup fields.
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
    root.header.add_child(folium.Element("<style>.hs-label-hidden{visibility:hidden}</style>"))
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
    DistrictLabels(districts, name=words["layer_district_names"]).add_to(fmap)

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

    HexLayer(layer["geojson"], words["hex_words"], name=words["layer_hexagons"]).add_to(fmap)
    if layer["geojson"]["features"]:
        Legend(words["legend_title"], layer["legend"]).add_to(fmap)

    if hot_spots is not None:
        _add_hot_spots(fmap, hot_spots, words)

    if len(operations):
        OperationsLayer(operations, words, name=words["layer_operations"]).add_to(fmap)

    folium.LayerControl(collapsed=True).add_to(fmap)
    fmap.fit_bounds(_view_bounds(layer["geojson"], districts))
    localise(fmap)
    return fmap


def map_json_size(fmap: folium.Map) -> int:
    """Bytes of the rendered map page."""
    return len(fmap.get_root().render().encode())
