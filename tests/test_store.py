import pytest
from sqlalchemy import text, update

from hotspots.store import SCHEMA_VERSION, Store, StoreError, schema_info


def test_schema_is_created_and_versioned(db_url):
    store = Store.open(db_url)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version FROM schema_info")).scalar() == SCHEMA_VERSION
    store.close()
    Store.open(db_url).close()  # a second open finds it as it is


def test_other_schema_version_is_refused(db_url):
    store = Store.open(db_url)
    with store.transaction() as conn:
        conn.execute(update(schema_info).values(version=SCHEMA_VERSION + 1))
    store.close()
    with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1}"):
        Store.open(db_url)


def test_foreign_database_is_refused(db_url):
    store = Store.open(db_url)
    with store.transaction() as conn:
        conn.execute(text("DROP TABLE schema_info"))
    store.close()
    with pytest.raises(StoreError, match="not a Hotspots database"):
        Store.open(db_url)


def test_unsupported_url_is_refused():
    with pytest.raises(StoreError, match="only sqlite"):
        Store.open("mysql://localhost/x")


def test_older_stores_are_upgraded_in_place(db_url):
    """A store of schema version 1 (no audit, no sign-ins, no release register, no
    commune column) gets the tables and columns added since, keeps its rows, and is
    recorded at the current version."""
    from hotspots.store import COLUMN_MIGRATIONS, MIGRATIONS, metadata

    added = {name for names in MIGRATIONS.values() for name in names}
    store = Store.open(db_url)
    with store.transaction() as conn:
        store.set_meta(conn, "dataset", "kept")
        for name in added:
            metadata.tables[name].drop(conn)
        for table, column in (c for cs in COLUMN_MIGRATIONS.values() for c in cs):
            conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        conn.execute(
            text(
                "INSERT INTO tips (key64, tip_key, received_ts, hour_local, weekday_local,"
                " category, tags, h3, precision, district)"
                " VALUES (7, 'k', 3600, 1, 0, 'other', '', NULL, 'district', 'BAT')"
            )
        )
        conn.execute(text("DELETE FROM schema_info"))
        conn.execute(schema_info.insert().values(version=1))
    store.close()
    store = Store.open(db_url)
    try:
        with store.engine.connect() as conn:
            versions = [v for (v,) in conn.execute(text("SELECT version FROM schema_info"))]
        assert max(versions) == SCHEMA_VERSION
        assert store.get_meta("dataset") == "kept"
        with store.engine.connect() as conn:
            row = conn.execute(text("SELECT district, commune FROM tips WHERE key64 = 7")).one()
        assert tuple(row) == ("BAT", None)
        assert store.record_release("month|2025", 0, 1, "alice", "presse", 1, "{}")
        assert not store.record_release("month|2025", 0, 2, "bob", "presse", 2, "{}")
        assert store.release("month|2025")["user_name"] == "alice"
    finally:
        store.close()
