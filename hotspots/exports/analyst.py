"""Files for the analysts' GIS tools: hexagons with their counts as GeoJSON,
GeoPackage or CSV."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd

from hotspots import roles
from hotspots.exports.periods import ExportError
from hotspots.figures import hex_counts, to_safe_csv
from hotspots.filters import Filters
from hotspots.geo import Districts
from hotspots.tables import TipTable

__all__ = ["ANALYST_FORMATS", "analyst_hex_frame", "write_analyst"]


ANALYST_FORMATS = ("geojson", "gpkg", "csv")


# --- analyst exports --------------------------------------------------------------
def analyst_hex_frame(
    table: TipTable,
    f: Filters,
    latest: date,
    resolution: int,
    districts: Districts,
    role: roles.Role | str | None,
):
    """Hexagons with their counts at the active filters, as a GeoDataFrame (WGS84)."""
    import geopandas as gpd
    import h3
    import shapely

    roles.require(role, "analyst_export")
    counts = hex_counts(table, f, latest, resolution, districts, role=role)
    polygons = [
        shapely.Polygon([(lon, lat) for lat, lon in h3.cell_to_boundary(cell)])
        for cell in counts["cell"]
    ]
    frame = counts.rename(columns={"cell": "h3"}).astype(
        {"count": int, "peak_hour": int, "h3": str}
    )
    frame["district"] = frame["district"].astype(object).where(frame["district"].notna(), None)
    frame["resolution"] = resolution
    return gpd.GeoDataFrame(frame, geometry=polygons, crs="EPSG:4326")


def write_analyst(frame, fmt: str, path: Path | None = None) -> bytes:
    """Hexagons as GeoJSON, GeoPackage (layer ``hexagons``) or CSV (with the cell id)."""
    if fmt == "csv":
        return to_safe_csv(pd.DataFrame(frame.drop(columns="geometry")))
    if fmt not in ("geojson", "gpkg"):
        raise ExportError(
            f"unknown analyst format {fmt!r}: use one of {', '.join(ANALYST_FORMATS)}"
        )
    if fmt == "geojson":
        buffer = io.BytesIO()
        frame.to_file(buffer, driver="GeoJSON", engine="pyogrio")
        return buffer.getvalue()
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "hexagons.gpkg"
        frame.to_file(target, driver="GPKG", layer="hexagons", engine="pyogrio")
        return target.read_bytes()
