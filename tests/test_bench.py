"""The benchmark command runs end to end and reports every figure (its speed targets
are checked by running it, not here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KEYS = {
    "tips",
    "ingest_tips_per_s",
    "district_points_per_s",
    "geocode_texts_per_s",
    "rerun_median_s",
    "rerun_naive_median_s",
    "map_bytes_per_hex",
    "map_bytes_city",
    "gistar_s",
    "peak_rss_mb",
    "ingest_mixed_tips_per_s",
    "bench_process_peak_rss_mb",
    "sqlite_insert_tips_per_s",
    "ingest_share_of_sqlite_insert",
}


@pytest.mark.slow
def test_bench_prints_every_figure(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTSPOTS_")}
    done = subprocess.run(
        [sys.executable, "-m", "hotspots", "bench", "--tips", "3000", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(figures) >= KEYS
    assert figures["tips"] == 3000
    assert all(figures[k] > 0 for k in KEYS)
    # SQLite alone, on the same rows, is the ingest's ceiling
    assert figures["ingest_tips_per_s"] < figures["sqlite_insert_tips_per_s"]
    # the compact hexagon layer: well under the 250-byte budget per hexagon
    assert figures["map_bytes_per_hex"] <= 250
    assert figures["map_bytes_city"] > figures["map_bytes_per_hex"] * 10
    # the dashboard's own process: a Python with Streamlit, pandas and the tables,
    # not a copy of the bench process's figure
    assert 100 < figures["peak_rss_mb"] != figures["bench_process_peak_rss_mb"]
