"""Throughput of district assignment and place-text geocoding.

    python -m benchmarks.geodata_throughput [--points N] [--texts N]

Prints one JSON object: points per second for the district of random points in the
study area, and texts per second for geocoding place texts as they come in tips
(mostly repeated texts, some unique misspellings). Each figure is a median of 3 runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

from hotspots.config import load_settings
from hotspots.geo import cells_of_points, load_districts
from hotspots.geocode import load_geocoder

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
RUNS = 3
PLACE_TEXTS = (
    "Planoise",
    "près de la dalle à Planoise",
    "les Orchamps",
    "vers Fontaine Ecu",
    "centre-ville",
    "Hauts de St Claude",
    "chez moi",
    "12 rue Battant",
    "47.2397, 6.0226",
    "quartier des Cras",
)


def median_rate(work, n: int) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return n / statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--texts", type=int, default=100_000)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    districts = load_districts(GEODATA)
    lat_min, lon_min, lat_max, lon_max = districts.bounds()
    lat = rng.uniform(lat_min, lat_max, args.points)
    lon = rng.uniform(lon_min, lon_max, args.points)
    geocoder = load_geocoder(load_settings({"HOTSPOTS_GEODATA_DIR": str(GEODATA)}))
    texts = pd.Series(rng.choice(PLACE_TEXTS, args.texts))
    unique_share = 0.2  # a fifth of the texts are distinct misspellings
    unique = rng.random(args.texts) < unique_share
    texts[unique] = [f"{t} {i}" for i, t in zip(np.flatnonzero(unique), texts[unique], strict=True)]
    result = {
        "points": args.points,
        "district_points_per_s": round(
            median_rate(lambda: districts.district_of_points(lat, lon), args.points)
        ),
        "h3_points_per_s": round(median_rate(lambda: cells_of_points(lat, lon, 11), args.points)),
        "texts": args.texts,
        "distinct_texts": int(texts.nunique()),
        "geocode_texts_per_s": round(median_rate(lambda: geocoder.geocode_many(texts), args.texts)),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
