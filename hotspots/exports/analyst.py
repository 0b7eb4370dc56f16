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
from hotspots.i18n import translate
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
    lang: str = "fr",
):
    """Hexagons with their counts at the active filters, as a GeoDataFrame (WGS84).

    Columns in ``lang``: in French ``h3, signalements, code_quartier, quartier,
    categorie_principale`` (its name), ``categorie_code``, ``heure_pic, resolution``;
    in English the same with English names (``tips, district, …``). The district and
    category codes are kept beside their names for machines."""
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
    names = dict(zip(districts.codes, districts.names, strict=True))
    frame.insert(
        frame.columns.get_loc("district") + 1,
        "district_name",
        [str(names.get(c, "")) if c else None for c in frame["district"]],
    )
    frame.insert(
        frame.columns.get_loc("category"),
        "category_name",
        [translate(f"cat_{c}", lang) for c in frame["category"]],
    )
    frame["resolution"] = resolution
    frame = frame.rename(columns={c: translate(f"hexcol_{c}", lang) for c in HEX_COLUMNS})
    return gpd.GeoDataFrame(frame, geometry=polygons, crs="EPSG:4326")


#: The columns of the hexagon files, named in the user's language (``hexcol_<name>``).
HEX_COLUMNS = (
    "h3",
    "count",
    "district",
    "district_name",
    "category_name",
    "category",
    "peak_hour",
    "resolution",
)


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
