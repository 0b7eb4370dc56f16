"""Districts (named polygons: quartiers, or communes) and H3 cells: where a point belongs.

Geometry work happens in a local metric plane (equirectangular around the polygons'
centre: under 0.1 % distortion across a city, about 1 % across a département) so that
distances and margins are in metres.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import h3.api.basic_int as h3i
import numpy as np
import shapely
from shapely.geometry import shape

__all__ = [
    "Districts",
    "cells_of_points",
    "load_districts",
]

METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON_EQUATOR = 111_320.0
#: A point within this distance of a district (outside the simplified outline) is put in it.
DISTRICT_SNAP_M = 150.0


@dataclass(frozen=True)
class Districts:
    """The districts of the study area: codes, display names and polygons (WGS84)."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    polygons: tuple[shapely.Geometry, ...]
    origin: tuple[float, float]  # (lat0, lon0) of the metric plane

    @classmethod
    def of(cls, codes, names, polygons) -> Districts:
        """Districts whose metric plane is centred on the centre of their union."""
        polygons = tuple(polygons)
        union = shapely.union_all(np.array(polygons))
        made = cls(tuple(codes), tuple(names), polygons, (union.centroid.y, union.centroid.x))
        made.__dict__["outline"] = union  # already made: the cached property's value
        return made

    @cached_property
    def outline(self) -> shapely.Geometry:
        """All the polygons as one geometry (WGS84), made once."""
        return shapely.union_all(np.array(self.polygons))

    def to_metres(self, lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Project WGS84 degrees onto the local plane (x east, y north, in metres)."""
        lat0, lon0 = self.origin
        x = (
            (np.asarray(lon, dtype=float) - lon0)
            * METRES_PER_DEGREE_LON_EQUATOR
            * np.cos(np.radians(lat0))
        )
        y = (np.asarray(lat, dtype=float) - lat0) * METRES_PER_DEGREE_LAT
        return x, y

    @property
    def _metric(self) -> tuple[shapely.Geometry, ...]:
        return _metric_polygons(self)

    @property
    def _tree(self) -> shapely.STRtree:
        return _tree_of(self)

    def bounds(self, margin_m: float = 0.0) -> tuple[float, float, float, float]:
        """(lat_min, lon_min, lat_max, lon_max) of all districts, widened by ``margin_m``."""
        minx, miny, maxx, maxy = shapely.total_bounds(np.array(self.polygons))
        dlat = margin_m / METRES_PER_DEGREE_LAT
        dlon = margin_m / (METRES_PER_DEGREE_LON_EQUATOR * np.cos(np.radians(self.origin[0])))
        return (miny - dlat, minx - dlon, maxy + dlat, maxx + dlon)

    def district_of_points(
        self, lat: np.ndarray, lon: np.ndarray, snap_m: float = DISTRICT_SNAP_M
    ) -> np.ndarray:
        """District code of each point (object array; ``None`` outside every district).

        Points just outside the (simplified) outline, within ``snap_m``, go to the
        nearest district.
        """
        x, y = self.to_metres(lat, lon)
        points = shapely.points(x, y)
        result = np.full(len(points), None, dtype=object)
        if len(points) == 0:
            return result
        codes = np.array(self.codes, dtype=object)
        point_idx, poly_idx = self._tree.query(points, predicate="intersects")
        # A point on a shared border matches two polygons: keep the first match.
        first = np.unique(point_idx, return_index=True)[1]
        result[point_idx[first]] = codes[poly_idx[first]]
        missing = np.flatnonzero(result == None)  # noqa: E711 (element-wise comparison)
        if len(missing):
            near_point, near_poly = self._tree.query_nearest(
                points[missing], max_distance=snap_m, all_matches=False
            )
            result[missing[near_point]] = codes[near_poly]
        return result

    def name_of(self, code: str | None) -> str | None:
        """Display name of a district code."""
        if code is None:
            return None
        return self.names[self.codes.index(code)]


@cache
def _metric_polygons(districts: Districts) -> tuple[shapely.Geometry, ...]:
    out = []
    for poly in districts.polygons:
        out.append(
            shapely.transform(
                poly, lambda xy: np.column_stack(districts.to_metres(xy[:, 1], xy[:, 0]))
            )
        )
    return tuple(out)


@cache
def _tree_of(districts: Districts) -> shapely.STRtree:
    return shapely.STRtree(np.array(_metric_polygons(districts)))


@cache
def load_districts(
    geodata_dir: Path, boundary_file: Path | None = None, name_column: str | None = None
) -> Districts:
    """The districts: ``districts.geojson`` of ``geodata_dir`` (properties ``code`` and
    ``name``), or an official boundary file (GeoJSON, GeoPackage, Shapefile… any format
    GDAL reads, any CRS) whose ``name_column`` names each district."""
    if boundary_file is not None and (name_column or not _is_own_format(Path(boundary_file))):
        return _read_boundary_file(Path(boundary_file), name_column)
    path = (
        Path(boundary_file)
        if boundary_file is not None
        else Path(geodata_dir) / "districts.geojson"
    )
    return read_named_polygons(path, "code")


def read_named_polygons(path: Path, code_key: str) -> Districts:
    """A GeoJSON file of this project's own format (properties ``code_key`` and
    ``name``: ``districts.geojson``, ``communes.geojson``)."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FileNotFoundError(
            f"no file at {path}; set HOTSPOTS_GEODATA_DIR to a folder with {path.name}"
        ) from exc
    features = collection["features"]
    return Districts.of(
        [str(f["properties"][code_key]) for f in features],
        [str(f["properties"]["name"]) for f in features],
        [shape(f["geometry"]) for f in features],
    )


def _is_own_format(path: Path) -> bool:
    """A GeoJSON file whose features all have ``code`` and ``name`` (``build-districts``
    writes them): read as ``districts.geojson``, with no column to name."""
    if path.suffix.lower() not in (".geojson", ".json"):
        return False
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return bool(features) and all(
        {"code", "name"} <= set(f.get("properties") or {}) for f in features
    )


def _read_boundary_file(path: Path, name_column: str | None) -> Districts:
    import geopandas

    if not name_column:
        raise ValueError(
            f"{path}: set HOTSPOTS_DISTRICTS_COLUMN to the column that names the districts"
        )
    try:
        frame = geopandas.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise ValueError(f"{path}: not a readable boundary file ({exc})") from exc
    if name_column not in frame.columns:
        raise ValueError(
            f"{path}: no column {name_column!r}; columns: {', '.join(map(str, frame.columns))}"
        )
    if frame.crs is not None:
        frame = frame.to_crs(4326)
    frame = frame.dissolve(by=name_column, as_index=False)
    names = tuple(str(n) for n in frame[name_column])
    return Districts.of(names, names, frame.geometry)


def districts_for(settings) -> Districts:
    """The districts the settings choose (``HOTSPOTS_DISTRICTS_FILE`` or ``geodata/``)."""
    return load_districts(settings.geodata_dir, settings.districts_file, settings.districts_column)


def read_district_centres(geodata_dir: Path) -> list[dict[str, str]]:
    """Rows of ``quartiers.csv``: code, official and display names, approximate centre."""
    with (Path(geodata_dir) / "quartiers.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def cells_of_points(lat: np.ndarray, lon: np.ndarray, resolution: int) -> np.ndarray:
    """H3 cell (64-bit integer form) of each point; 0 where lat or lon is NaN."""
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    out = np.zeros(len(lat), dtype=np.int64)
    to_cell = h3i.latlng_to_cell
    ok = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    out[ok] = [
        to_cell(a, b, resolution) for a, b in zip(lat[ok].tolist(), lon[ok].tolist(), strict=True)
    ]
    return out
