"""Small tools shared by the tests."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd
from sqlalchemy import MetaData, Table, create_engine, inspect, select
from sqlalchemy.engine import make_url

from hotspots.config import load_settings
from hotspots.ingest import ingest_file
from hotspots.schema import OPERATION_COLUMNS, TIP_COLUMNS, RecordKind
from hotspots.store import Store


def write_csv(
    path: Path, rows: list[dict], columns=TIP_COLUMNS, delimiter: str = ",", bom=False
) -> Path:
    """A CSV file with ``columns``; missing values are empty."""
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
    return path


def write_late_tips(path: Path, district: str, month: int = 6) -> Path:
    """Three tips of 2025, placed in ``district`` (a name), as if they arrived late."""
    rows = [
        {"tip_id": f"LATE-{i}", "received_at": f"2025-{month:02d}-0{i}T22:00", "location": district}
        for i in range(1, 4)
    ]
    return write_csv(path, rows)


def add_fictitious_tips(db_url: str, path: Path, data_dir: Path | None = None) -> None:
    """Add the fictitious tips of ``path`` to a demo database, as the demo's own files
    go in (the CLI and the page refuse files there: they would be real tips)."""
    environ = {**os.environ, "HOTSPOTS_DATABASE_URL": db_url}
    if data_dir is not None:
        environ["HOTSPOTS_DATA_DIR"] = str(data_dir)
    settings = load_settings(environ)
    store = Store.open(db_url)
    try:
        ingest_file(path, RecordKind.TIPS, store, settings, demo_data=True)
    finally:
        store.close()


def write_operations(path: Path, rows: list[dict]) -> Path:
    return write_csv(path, rows, OPERATION_COLUMNS)


def database_text(url: str) -> str:
    """Everything a database holds, as text: the raw file bytes for SQLite, every
    table's rows for PostgreSQL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        db = Path(parsed.database)
        parts = [p.read_bytes() for p in db.parent.glob(db.name + "*")]
        return b"".join(parts).decode("latin-1")
    engine = create_engine(parsed.set(drivername="postgresql+psycopg"))
    chunks = []
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            reflected = Table(table, MetaData(), autoload_with=conn)
            chunks.append(pd.read_sql(select(reflected), conn).to_csv())
    engine.dispose()
    return "\n".join(chunks)


def table_frame(url: str, table: str) -> pd.DataFrame:
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed)
    with engine.connect() as conn:
        frame = pd.read_sql(select(Table(table, MetaData(), autoload_with=conn)), conn)
    engine.dispose()
    return frame


SMALL_NOW = pd.Timestamp("2025-12-01T12:00", tz="UTC")
CENTRE = ("47.2370", "6.0260")  # the Boucle
PLANOISE = ("47.2160", "5.9580")


def fill_small_store(tmp_path: Path, db_url: str) -> None:
    """Eight tips and three operations whose figures are worked out in the tests:

    - T1..T4 in the centre, received 10/01, 10/02, 10/03, 15/03 at 20:00 local;
      T1 observed "18h-22h", T2 observed "22h-2h" (across midnight);
    - T5, T6 in Planoise on 12/03 at 09:00 and 14/03 at 23:00;
    - T7 located only to a district (text "Planoise"), 13/03 at 10:00;
    - T8 in the centre on 20/12/2024 (before the year);
    - triage: T1 T2 T5 exploitable, T3 T6 not, T4 T7 T8 pending;
    - O1 (01/03, centre, 2 arrests, 500 €, cocaine 12 g + resin 1.5 kg, tips T1 T2),
      O2 (14/03, Planoise, no arrest, tip T5), O3 (01/12/2024, centre, 1 arrest).
    """
    rows = [
        ("T1", "2025-01-10T20:00", CENTRE, "18h-22h", "oui", "deal_point"),
        ("T2", "2025-02-10T20:00", CENTRE, "22h-2h", "oui", "deal_point"),
        ("T3", "2025-03-10T20:00", CENTRE, "", "non", "delivery"),
        ("T4", "2025-03-15T20:00", CENTRE, "", "", "deal_point"),
        ("T5", "2025-03-12T09:00", PLANOISE, "", "oui", "stash"),
        ("T6", "2025-03-14T23:00", PLANOISE, "", "non", "deal_point"),
        ("T7", "2025-03-13T10:00", None, "", "", "other"),
        ("T8", "2024-12-20T20:00", CENTRE, "", "", "deal_point"),
    ]
    tips = write_csv(
        tmp_path / "tips.csv",
        [
            {
                "tip_id": tip_id,
                "received_at": received,
                "lat": where[0] if where else "",
                "lon": where[1] if where else "",
                "location": "" if where else "Planoise",
                "observed": observed,
                "exploitable": triage,
                "category": category,
                "description": "guetteurs" if tip_id == "T1" else "",
            }
            for tip_id, received, where, observed, triage, category in rows
        ],
    )
    ops = write_operations(
        tmp_path / "ops.csv",
        [
            {
                "operation_id": "O1",
                "started_at": "2025-03-01T06:00",
                "lat": CENTRE[0],
                "lon": CENTRE[1],
                "kind": "arrest",
                "tip_ids": "T1;T2",
                "arrests": "2",
                "seizures": "cocaine:12 g; resine:1,5 kg",
                "cash_eur": "500",
            },
            {
                "operation_id": "O2",
                "started_at": "2025-03-14T06:00",
                "lat": PLANOISE[0],
                "lon": PLANOISE[1],
                "kind": "surveillance",
                "tip_ids": "T5",
                "arrests": "0",
            },
            {
                "operation_id": "O3",
                "started_at": "2024-12-01T06:00",
                "lat": CENTRE[0],
                "lon": CENTRE[1],
                "kind": "arrest",
                "arrests": "1",
            },
        ],
    )
    store = Store.open(db_url)
    settings_ = load_settings()
    ingest_file(tips, RecordKind.TIPS, store, settings_, now=SMALL_NOW)
    ingest_file(ops, RecordKind.OPERATIONS, store, settings_, now=SMALL_NOW)
    store.close()
