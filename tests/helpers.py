"""Small tools shared by the tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
from sqlalchemy import MetaData, Table, create_engine, inspect, select
from sqlalchemy.engine import make_url

from hotspots.schema import OPERATION_COLUMNS, TIP_COLUMNS


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
