"""Aggregations in SQL against the dashboard's in-memory columns, on one store.

    python -m benchmarks.pushdown --db URL [--runs 5]

For the map's hexagon counts and the headline counts after a filter change, compares:
(a) the dashboard's way — the tips read once per data version into columns, then numpy
per change; (b) the same figures computed by the database on every change (GROUP BY on
the H3 parent, computed from the stored cell's bits, and COUNT … FILTER). Prints one
JSON object with medians in seconds.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date

from sqlalchemy import text

from benchmarks.pipeline import _median_time
from hotspots.areas import load_area
from hotspots.config import load_settings
from hotspots.figures import hex_counts, indicators
from hotspots.filters import Filters
from hotspots.roles import Role
from hotspots.store import Store
from hotspots.tables import latest_day, load_ops, load_tips

#: H3 parent at resolution 9 from a resolution-11 cell: resolution bits set to 9, the
#: digits of resolutions 10 to 15 set to 7 (unused).
SQL_HEX = """
SELECT ((h3 & ~(15::bigint << 52)) | (9::bigint << 52) | 262143) AS cell, count(*) AS n
FROM tips
WHERE h3 IS NOT NULL AND received_ts >= :start AND received_ts < :end
  AND category = ANY(:categories)
GROUP BY cell
"""
SQL_COUNTS = """
SELECT count(*), count(*) FILTER (WHERE exploitable), count(*) FILTER (WHERE exploitable IS NULL)
FROM tips WHERE received_ts >= :start AND received_ts < :end AND category = ANY(:categories)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    settings = load_settings()
    store = Store.open(args.db)
    if store.dialect != "postgresql":
        raise SystemExit("the SQL side of this comparison is written for PostgreSQL")
    area = load_area(settings)
    districts = area.districts
    start = time.perf_counter()
    table = load_tips(store, area)
    ops = load_ops(store, area)
    load_s = time.perf_counter() - start
    latest = latest_day(table, ops)
    filters = Filters(preset="all", categories=("deal_point", "delivery"))
    first, last = filters.period(latest)
    bounds = {
        "start": int(time.mktime(date(first.year, first.month, first.day).timetuple())) - 86400,
        "end": int(time.mktime(last.timetuple())) + 2 * 86400,
        "categories": list(filters.categories),
    }

    def memory():
        hex_counts(table, filters, latest, 9, districts, role=Role.ANALYST)
        indicators(table, ops, filters, latest)

    def database():
        with store.engine.connect() as conn:
            conn.execute(text(SQL_HEX), bounds).all()
            conn.execute(text(SQL_COUNTS), bounds).one()

    with store.engine.connect() as conn:
        sql_cells = len(conn.execute(text(SQL_HEX), bounds).all())
    memory_cells = len(hex_counts(table, filters, latest, 9, districts, role=Role.ANALYST))
    result = {
        "tips": len(table),
        "load_once_s": round(load_s, 2),
        "per_change_memory_s": round(_median_time(memory, args.runs), 3),
        "per_change_sql_s": round(_median_time(database, args.runs), 3),
        "cells_memory": memory_cells,
        "cells_sql": sql_cells,
    }
    print(json.dumps(result))
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
