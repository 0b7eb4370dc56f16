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
