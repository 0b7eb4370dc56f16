"""The map's own layers (folium elements written for a closed network): hexagons as
integer rows rebuilt in the page, operation markers, quartier and commune names that
hide where they would overlap, a metric scale and legends. Every text that could come
from a file is escaped here before it reaches the page."""

from __future__ import annotations

import html
import json

import folium
import h3.api.basic_int as h3i
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from hotspots.geo import Districts
from hotspots.map_classes import PALETTE

__all__ = [
    "COORD_DECIMALS",
    "DistrictLabels",
    "HexLayer",
    "Legend",
    "MetricScale",
    "OperationsLayer",
    "PlaceLabels",
    "ring",
]

COORD_DECIMALS = 5


def ring(cell: int) -> list[list[float]]:
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


class _Labels(folium.map.Layer):
    """Names at points as one element with its data (a folium marker per label compiled
    its templates anew on every rerun: a third of the map's server time). A name that
    would overlap one drawn before it is left out at that zoom (class
    ``hs-label-hidden``) and comes back when zooming in; below ``min_zoom`` none is
    shown. ``markup``: each label is escaped HTML built here; otherwise it is set as the
    text of an element of class ``css_class`` and never parsed as markup."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var group = L.featureGroup();
            var markers = [];
            {{ this.labels|tojson }}.forEach(function (p) {
                var content = p[2];
                {% if not this.markup %}
                content = document.createElement("div");
                content.className = {{ this.css_class|tojson }};
                content.textContent = p[2];
                {% endif %}
                markers.push(L.marker([p[0], p[1]], {
                    icon: L.divIcon({html: content, iconSize: [1, 1], className: "empty"}),
                    interactive: false
                }).addTo(group));
            });
            function declutter() {
                var shown = group._map.getZoom() >= {{ this.min_zoom }};
                var kept = [];
                markers.forEach(function (marker) {
                    var label = marker.getElement() && marker.getElement().firstChild;
                    if (!label) { return; }
                    label.classList.toggle("hs-label-hidden", !shown);
                    if (!shown) { return; }
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
                group._map.on("zoomend moveend", declutter);
                setTimeout(declutter, 0);
            });
            return group;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, name: str, css_class: str, min_zoom: int, markup: bool):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self.css_class = css_class
        self.min_zoom = int(min_zoom)
        self.markup = markup
        self.labels: list[list] = []


class DistrictLabels(_Labels):
    """District (or commune) names at a point inside each, larger areas first (they
    keep their name where two would overlap)."""

    def __init__(
        self,
        districts: Districts,
        name: str,
        css_class: str = "district-label",
        min_zoom: int = 0,
    ):
        super().__init__(name, css_class, min_zoom, markup=True)
        self._name = "DistrictLabels"
        by_area = sorted(
            zip(districts.codes, districts.names, districts.polygons, strict=True),
            key=lambda d: -d[2].area,
        )
        for code, label, polygon in by_area:
            point = polygon.representative_point()
            self.labels.append(
                [
                    round(point.y, COORD_DECIMALS),
                    round(point.x, COORD_DECIMALS),
                    f'<div class="{css_class}" data-code="{html.escape(str(code))}" '
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


class PlaceLabels(_Labels):
    """Names of streets or landmarks at their points, shown from ``min_zoom`` on, each
    set as the text of its label and styled by one CSS class."""

    def __init__(
        self, places: list[tuple[float, float, str]], name: str, css_class: str, min_zoom: int
    ):
        super().__init__(name, css_class, min_zoom, markup=False)
        self._name = "PlaceLabels"
        self.labels = [
            [round(lat, COORD_DECIMALS), round(lon, COORD_DECIMALS), str(text)]
            for lat, lon, text in places
        ]
