"""Build ``districts.geojson``: a provisional split of the commune among its quartiers.

Each quartier gets the part of the commune outline nearest to its approximate
centre (a Voronoi split of ``quartiers.csv`` clipped to ``commune.geojson``). Run
from the repository root: ``python geodata/build_provisional_districts.py``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping, shape

HERE = Path(__file__).resolve().parent
COORD_DECIMALS = 6


def main() -> None:
    commune = shape(json.loads((HERE / "commune.geojson").read_text())["features"][0]["geometry"])
    rows = list(csv.DictReader((HERE / "quartiers.csv").open(encoding="utf-8")))
    lat0 = float(np.mean([float(r["approx_lat"]) for r in rows]))
    kx = np.cos(np.radians(lat0))  # shrink longitudes so distances are isotropic
    centres = shapely.points([(float(r["approx_lon"]) * kx, float(r["approx_lat"])) for r in rows])
    scaled = shapely.transform(commune, lambda xy: xy * [kx, 1.0])
    cells = shapely.voronoi_polygons(shapely.multipoints(centres), extend_to=scaled.buffer(0.1))
    features = []
    for row, centre in zip(rows, centres, strict=True):
        cell = next(c for c in shapely.get_parts(cells) if c.contains(centre))
        piece = shapely.transform(cell.intersection(scaled), lambda xy: xy / [kx, 1.0])
        piece = shapely.set_precision(piece, 10**-COORD_DECIMALS)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": row["code"],
                    "name": row["display_name"],
                    "official_name": row["official_name"],
                },
                "geometry": mapping(piece),
            }
        )
    out = {"type": "FeatureCollection", "features": features}
    (HERE / "districts.geojson").write_text(json.dumps(out, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
