"""``python -m hotspots bench`` (this module, kept beside the other benchmarks: it
drives the dashboard through Streamlit's AppTest): speed and memory of the whole
pipeline on synthetic data, each figure beside the naive approach measured in the
same run.

Figures (medians of several runs unless the work is a one-off load):

- ``ingest_tips_per_s``: demo tips, every one with coordinates, into a new SQLite
  store (``ingest_mixed_tips_per_s``: the demo file as it is, two thirds of it place
  texts for the geocoder); ``sqlite_insert_tips_per_s``: the same rows, already made,
  inserted alone (the ceiling on this machine) and ``ingest_share_of_sqlite_insert``;
- ``district_points_per_s``, ``geocode_texts_per_s``: district of random points, place
  texts as they come in tips (a fifth distinct);
- ``rerun_median_s``: the dashboard script rerun after a filter change (AppTest, server
  side); ``rerun_naive_median_s``: what a tutorial does on each change — read the table,
  locate every tip with a geopandas point-in-polygon join, group by hexagon, build a
  folium map with one full-property GeoJSON polygon per cell, no caching;
- ``map_bytes_per_hex``, ``map_bytes_city``: the rendered map page, per hexagon and in all;
- ``gistar_s``: Gi* over the city's cells at resolution 10 with 999 permutations;
- ``peak_rss_mb``: peak resident memory of the dashboard process (a fresh process that
  runs the dashboard script through AppTest: first run and every filter change);
  ``bench_process_peak_rss_mb``: this process (ingest, geodata, Gi*) before the naive
  baseline runs.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hotspots.roles import Role

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata"
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
    "devant la gare viotte",
    "arret tram battant",
)
FILTER_CHANGES: tuple[tuple[str, list[Any]], ...] = (
    ("flt_categories", ["deal_point"]),
    ("flt_triage", ["exploitable"]),
    ("flt_categories", []),
    ("flt_weekdays", [4, 5]),
    ("flt_triage", []),
    ("flt_weekdays", []),
)


def _median_time(work, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def geodata_throughput(points: int, texts: int, seed: int = 1) -> dict:
    """Points per second for the district of random points in the study area and H3
    cells; texts per second for geocoding place texts (a fifth distinct)."""
    from hotspots.config import load_settings
    from hotspots.geo import cells_of_points, load_districts
    from hotspots.geocode import load_geocoder

    rng = np.random.default_rng(seed)
    districts = load_districts(GEODATA)
    lat_min, lon_min, lat_max, lon_max = districts.bounds()
    lat = rng.uniform(lat_min, lat_max, points)
    lon = rng.uniform(lon_min, lon_max, points)
    geocoder = load_geocoder(load_settings({"HOTSPOTS_GEODATA_DIR": str(GEODATA)}))
    series = pd.Series(rng.choice(PLACE_TEXTS, texts))
    unique = rng.random(texts) < 0.2
    series[unique] = [
        f"{t} {i}" for i, t in zip(np.flatnonzero(unique), series[unique], strict=True)
    ]
    return {
        "points": points,
        "district_points_per_s": round(
            points / _median_time(lambda: districts.district_of_points(lat, lon))
        ),
        "h3_points_per_s": round(points / _median_time(lambda: cells_of_points(lat, lon, 11))),
        "texts": texts,
        "distinct_texts": int(series.nunique()),
        "geocode_texts_per_s": round(texts / _median_time(lambda: geocoder.geocode_many(series))),
    }


def _peak_rss_mb() -> float:
    """Peak resident memory of this process's own address space (``VmHWM``; on Linux
    ``ru_maxrss`` also carries the parent's peak into a spawned child)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rerun_times(env: dict[str, str]) -> tuple[float, list[float]]:
    from streamlit.testing.v1 import AppTest

    os.environ.update(env)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=900)
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"the dashboard failed: {at.exception[0].message}")
    times = []
    for key, value in FILTER_CHANGES:
        at.sidebar.multiselect(key=key).set_value(value)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return first, times


def _dashboard_child(env: dict[str, str], queue) -> None:
    first, times = _rerun_times(env)
    queue.put((first, times, _peak_rss_mb()))


def _dashboard_in_child(env: dict[str, str]) -> tuple[float, list[float], float]:
    """Time the dashboard in a fresh process, as a server would run it, and return its
    peak memory too."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_dashboard_child, args=(env, queue))
    child.start()
    result = queue.get(timeout=3600)
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"the dashboard process failed (exit {child.exitcode})")
    return result


def naive_rerun(database_url: str, category: str | None, resolution: int = 9) -> int:
    """One filter change done as a tutorial would: returns the page size in bytes."""
    import folium
    import geopandas
    import h3
    from sqlalchemy import create_engine

    engine = create_engine(database_url)
    frame = pd.read_sql(
        "SELECT received_ts, category, exploitable, CAST(h3 AS TEXT) AS h3 FROM tips", engine
    )
    engine.dispose()
    if category:
        frame = frame[frame["category"] == category]
    frame = frame.dropna(subset=["h3"])
    points = [h3.cell_to_latlng(h3.int_to_str(int(c))) for c in frame["h3"]]
    gdf = geopandas.GeoDataFrame(
        frame,
        geometry=geopandas.points_from_xy([p[1] for p in points], [p[0] for p in points]),
        crs=4326,
    )
    districts = geopandas.read_file(GEODATA / "districts.geojson")
    joined = geopandas.sjoin(gdf, districts, how="left", predicate="within")
    joined["cell"] = [h3.cell_to_parent(h3.int_to_str(int(c)), resolution) for c in joined["h3"]]
    grouped = joined.groupby("cell").agg(
        count=("h3", "size"), district=("name", "first"), category=("category", "first")
    )
    fmap = folium.Map(location=[47.24, 6.02], zoom_start=13)
    for cell, row in grouped.iterrows():
        boundary = [[lon, lat] for lat, lon in h3.cell_to_boundary(cell)]
        feature = {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [[*boundary, boundary[0]]]},
            "properties": {"cell": cell, **{k: str(v) for k, v in row.items()}},
        }
        folium.GeoJson(
            feature,
            style_function=lambda _f: {"fillColor": "#e34a33", "color": "#333333"},
            tooltip=folium.GeoJsonTooltip(fields=["cell", "count", "district", "category"]),
        ).add_to(fmap)
    return len(fmap.get_root().render())


def map_sizes(store, districts, resolution: int = 9) -> tuple[float, int, int]:
    """Bytes of the rendered map for all tips, per hexagon (over an empty map) and in all."""
    from hotspots.areas import load_area
    from hotspots.config import load_settings
    from hotspots.figures import hex_counts
    from hotspots.filters import Filters
    from hotspots.maps import build_map, hex_layer_data
    from hotspots.schema import CATEGORIES
    from hotspots.tables import latest_day, load_ops, load_tips

    area = load_area(load_settings({"HOTSPOTS_GEODATA_DIR": str(GEODATA)}))
    table, ops = load_tips(store, area), load_ops(store, area)
    latest = latest_day(table, ops)
    f = Filters(preset="all")
    hexes = hex_counts(table, f, latest, resolution, districts, role=Role.ANALYST)
    words: dict[str, object] = {
        k: k
        for k in (
            "layer_tiles",
            "tiles_attribution",
            "layer_districts",
            "layer_district_names",
            "layer_district_choropleth",
            "layer_hexagons",
            "layer_operations",
            "legend_title",
            "district",
            "tips",
        )
    }
    words["hex_words"] = {
        "tip": "signalement",
        "tips": "signalements",
        "category": "Catégorie",
        "peak": "Pic",
        "none": "hors quartier",
        "districts": list(districts.names),
        "categories": list(CATEGORIES),
    }
    empty_ops = ops.ops.iloc[0:0]

    def size(frame: pd.DataFrame) -> int:
        fmap = build_map(
            hex_layer_data(frame, "quantiles", tuple(districts.codes)),
            districts,
            empty_ops,
            words,
            tiles="none",
        )
        return len(fmap.get_root().render().encode())

    full, empty = size(hexes), size(hexes.iloc[0:0])
    return (full - empty) / max(len(hexes), 1), full, len(hexes)


def _bench_files(folder: Path, n_tips: int) -> dict[str, Path]:
    """The demo files and the all-coordinates tips file (made in a child process, so
    that building them does not count in this process's peak memory)."""
    from hotspots.demo import write_demo_files

    files = write_demo_files(folder, n_tips=n_tips, seed=7)
    files["points"] = coordinates_file(files["tips"], folder / "tips-points.csv")
    return files


def _in_child(work, *args):
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(work, *args).result()


def sqlite_insert_rate(source_url: str, target_url: str, rows_per_transaction: int) -> float:
    """Rows per second at which SQLite alone takes the tips of ``source_url`` — read back
    as Python tuples beforehand, in the order they were stored — into an empty store,
    in transactions of the ingest's size: the ceiling of any ingest on this machine."""
    from sqlalchemy import create_engine

    from hotspots.store import Store, tips
    from hotspots.storing import _TIP_COLUMNS

    source = create_engine(source_url)
    target = Store.open(target_url)
    names = ", ".join(_TIP_COLUMNS)
    seconds, total = 0.0, 0
    with source.connect() as conn:
        result = conn.exec_driver_sql(f"SELECT {names} FROM tips ORDER BY rowid")  # noqa: S608
        while rows := [tuple(r) for r in result.fetchmany(rows_per_transaction)]:
            start = time.perf_counter()
            with target.transaction() as out:
                target.insert_rows(out, tips, _TIP_COLUMNS, rows)
            seconds += time.perf_counter() - start
            total += len(rows)
    source.dispose()
    target.close()
    return total / seconds


def coordinates_file(source: Path, target: Path) -> Path:
    """The demo tips file with a point for every tip (a random point in the city where
    the tip had only a place text), as an app with GPS would send them."""
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    rng = np.random.default_rng(11)
    missing = (frame["lat"] == "").to_numpy()
    lat_min, lon_min, lat_max, lon_max = CITY_BOX
    for column, low, high in (("lat", lat_min, lat_max), ("lon", lon_min, lon_max)):
        values = rng.uniform(low, high, int(missing.sum()))
        frame.loc[missing, column] = [f"{v:.5f}" for v in values]
    frame["location"] = ""
    frame.to_csv(target, index=False)
    return target


#: (lat_min, lon_min, lat_max, lon_max) inside Besançon's districts' extent.
CITY_BOX = (47.215, 5.97, 47.26, 6.05)


def run(n_tips: int) -> dict:
    """Every figure for a store of ``n_tips`` demo tips (built in a temporary folder)."""
    from hotspots.config import load_settings
    from hotspots.geo import load_districts
    from hotspots.hotspot_stats import HotSpotParameters, hot_spot_test, study_cells
    from hotspots.ingest import CHUNK_ROWS, ingest_file
    from hotspots.schema import RecordKind
    from hotspots.store import Store

    out: dict[str, Any] = {"tips": n_tips}
    with tempfile.TemporaryDirectory(prefix="hotspots-bench-") as folder:
        base = Path(folder)
        files = _in_child(_bench_files, base / "files", n_tips)
        env = {
            "HOTSPOTS_DATA_DIR": str(base / "data"),
            "HOTSPOTS_SECRET": "bench-secret-not-for-production-0123",
            "HOTSPOTS_TILES": "none",
            # the dashboard as an analyst sees it, on a throw-away store of this run
            "HOTSPOTS_AUTH": "none",
        }
        for key in [k for k in os.environ if k.startswith("HOTSPOTS_")]:
            del os.environ[key]
        os.environ.update(env)
        settings = load_settings()
        # The target's case: every tip with coordinates, into a store of its own.
        point_settings = replace(settings, data_dir=base / "points")
        point_store = Store.open(point_settings.effective_database_url)
        start = time.perf_counter()
        ingest_file(files["points"], RecordKind.TIPS, point_store, point_settings, workers=2)
        out["ingest_tips_per_s"] = round(n_tips / (time.perf_counter() - start))
        point_store.close()
        out["sqlite_insert_tips_per_s"] = round(
            sqlite_insert_rate(
                point_settings.effective_database_url,
                f"sqlite:///{base / 'floor.sqlite'}",
                CHUNK_ROWS,
            )
        )
        out["ingest_share_of_sqlite_insert"] = round(
            out["ingest_tips_per_s"] / out["sqlite_insert_tips_per_s"], 2
        )
        store = Store.open(settings.effective_database_url)
        start = time.perf_counter()
        ingest_file(files["tips"], RecordKind.TIPS, store, settings, workers=2)
        out["ingest_mixed_tips_per_s"] = round(n_tips / (time.perf_counter() - start))
        ingest_file(files["operations"], RecordKind.OPERATIONS, store, settings)
        out.update(
            {
                k: v
                for k, v in geodata_throughput(1_000_000, 100_000).items()
                if k in ("district_points_per_s", "geocode_texts_per_s")
            }
        )
        first, times, dashboard_rss = _dashboard_in_child(env)
        out["first_run_s"] = round(first, 3)
        out["rerun_median_s"] = round(statistics.median(times), 3)
        districts = load_districts(GEODATA)
        per_hex, city, hexes = map_sizes(store, districts)
        out["map_bytes_per_hex"] = round(per_hex, 1)
        out["map_bytes_city"] = city
        out["map_hexagons"] = hexes
        cells = study_cells(districts, 10)
        counts = pd.Series(np.random.default_rng(0).poisson(1.0, len(cells)), index=cells)
        params = HotSpotParameters(resolution=10, permutations=999)
        out["gistar_cells"] = len(cells)
        out["gistar_s"] = round(_median_time(lambda: hot_spot_test(counts, cells, params)), 3)
        # The dashboard's own process (AppTest, caches, tables), apart from this one's
        # ingest and baseline work.
        out["peak_rss_mb"] = round(dashboard_rss, 1)
        out["bench_process_peak_rss_mb"] = round(_peak_rss_mb(), 1)
        url = settings.effective_database_url
        naive = [
            _median_time(lambda c=c: naive_rerun(url, c), runs=1)
            for c in ("deal_point", "delivery", None)
        ]
        out["rerun_naive_median_s"] = round(statistics.median(naive), 3)
        out["rerun_speedup"] = round(out["rerun_naive_median_s"] / out["rerun_median_s"], 1)
        store.close()
    return out


def main(n_tips: int, as_json: bool) -> int:
    result = run(n_tips)
    if as_json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:24s} {value}")
    return 0
