"""Build ``districts.geojson``: the commune split among its quartiers by a power diagram.

Each quartier ``q`` has an approximate centre ``c_q`` and a weight ``w_q``
(``quartiers.csv``); a point ``x`` of the commune belongs to the quartier with the least
``|x - c_q|² - w_q`` (distances in metres). With all weights 0 this is the
nearest-centre split; the weights come from ``fit_district_weights.py``. Each cell is
the intersection of half-planes, clipped to ``commune.geojson``, so the quartiers tile
the commune exactly. Run from the repository root: ``python geodata/build_districts.py``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import Polygon, mapping, shape

HERE = Path(__file__).resolve().parent
LAT0 = 47.24
LON0 = 6.0
KX = np.cos(np.radians(LAT0)) * 111_320.0
KY = 110_574.0
FAR_M = 50_000.0
COORD_DECIMALS = 6


def to_plane(xy: np.ndarray) -> np.ndarray:
    return np.column_stack([(xy[:, 0] - LON0) * KX, (xy[:, 1] - LAT0) * KY])


def to_degrees(xy: np.ndarray) -> np.ndarray:
    return np.column_stack([xy[:, 0] / KX + LON0, xy[:, 1] / KY + LAT0])


def half_plane(normal: np.ndarray, offset: float) -> Polygon:
    """The points ``x`` (within ``FAR_M``) with ``normal · x <= offset``."""
    unit = normal / np.linalg.norm(normal)
    base = unit * (offset / np.linalg.norm(normal))
    along = np.array([-unit[1], unit[0]])
    corners = [
        base + along * FAR_M,
        base - along * FAR_M,
        base - along * FAR_M - unit * 2 * FAR_M,
        base + along * FAR_M - unit * 2 * FAR_M,
    ]
    return Polygon(corners)


def main() -> None:
    commune = shape(json.loads((HERE / "commune.geojson").read_text())["features"][0]["geometry"])
    commune_m = shapely.transform(commune, to_plane)
    rows = list(csv.DictReader((HERE / "quartiers.csv").open(encoding="utf-8")))
    centres = to_plane(np.array([[float(r["approx_lon"]), float(r["approx_lat"])] for r in rows]))
    weights = np.array([float(r["power_weight_m2"]) for r in rows])
    features = []
    for i, row in enumerate(rows):
        cell = commune_m
        for j in range(len(rows)):
            if j == i:
                continue
            # |x-ci|² - wi <= |x-cj|² - wj  ⇔  2 x·(cj-ci) <= |cj|² - |ci|² - wj + wi
            normal = 2 * (centres[j] - centres[i])
            offset = centres[j] @ centres[j] - centres[i] @ centres[i] - weights[j] + weights[i]
            cell = cell.intersection(half_plane(normal, offset))
        piece = shapely.set_precision(shapely.transform(cell, to_degrees), 10**-COORD_DECIMALS)
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
