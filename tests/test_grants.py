"""On PostgreSQL the dashboard's role reads and appends to the audit and sign-in logs;
only the ingest's role writes tips, operations and settings."""

from __future__ import annotations

import secrets
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from hotspots import services
from hotspots.config import Settings
from hotspots.grants import grant_statements
from hotspots.ingest import ingest_file
from hotspots.schema import RecordKind
from hotspots.store import Store
from tests.conftest import TEST_SECRET
from tests.helpers import write_csv

pytestmark = pytest.mark.postgres


@pytest.fixture
def roles(postgres_url):
    """A reader and a writer role (with passwords) granted as the README says, on a
    store created by the administrator; dropped afterwards."""
    admin_url = make_url(postgres_url)
    schema = admin_url.query["options"].split("search_path=")[1]
    Store.open(postgres_url).close()  # the administrator creates the schema's tables
    suffix = uuid.uuid4().hex[:8]
    names = {"reader": f"hs_reader_{suffix}", "writer": f"hs_writer_{suffix}"}
    passwords = {k: secrets.token_hex(12) for k in names}
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for key, name in names.items():
            conn.execute(text(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{passwords[key]}'"))
        for statement in grant_statements(schema, names["reader"], names["writer"]):
            conn.execute(text(statement))
    urls = {
        key: admin_url.set(username=name, password=passwords[key]).render_as_string(
            hide_password=False
        )
        for key, name in names.items()
    }
    yield urls
    with admin.connect() as conn:
        for name in names.values():
            conn.execute(text(f'DROP OWNED BY "{name}"'))
            conn.execute(text(f'DROP ROLE "{name}"'))
    admin.dispose()


def test_the_dashboard_role_reads_and_cannot_write(roles, tmp_path):
    writer = Store.open(roles["writer"])
    tips = write_csv(
        tmp_path / "t.csv",
        [{"tip_id": "A", "received_at": "2025-03-01T20:00", "location": "Planoise"}],
    )
    settings = Settings(data_dir=tmp_path / "data", secret=TEST_SECRET)
    assert ingest_file(tips, RecordKind.TIPS, writer, settings).ingested == 1
    writer.close()

    reader = Store.open(roles["reader"])
    try:
        with reader.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM tips")).scalar() == 1
        for statement in (
            "INSERT INTO tips (key64, tip_key, received_ts, hour_local, weekday_local, "
            "category, tags, precision) VALUES (1, 'x', 0, 0, 0, 'other', '', 'district')",
            "UPDATE tips SET category = 'other'",
            "DELETE FROM tips",
            "UPDATE meta SET value = 'x'",
            "DELETE FROM exports_log",
            "UPDATE press_releases SET table_json = '{}'",
            "DELETE FROM press_releases",
            "CREATE TABLE intruder (x int)",
        ):
            with (
                pytest.raises(ProgrammingError, match="permission denied"),
                reader.engine.begin() as conn,
            ):
                conn.execute(text(statement))
        # what the dashboard does write: the audit of exports, the sign-in log and the
        # register of press releases (append-only)
        services.record_export(reader, "alice", "analyste", "analyst", "csv", {}, 1, b"x")
        reader.record_sign_in("alice", "success", 1_700_000_000)
        assert reader.failed_sign_ins("alice", 0) == 0
        assert reader.record_release("s", 0, 1_700_000_000, "alice", "presse", 1, "{}")
        assert reader.release("s")["table_json"] == "{}"
    finally:
        reader.close()


def test_the_dashboard_runs_on_the_reading_role(roles, tmp_path, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from hotspots.cli import main
    from tests.ui.conftest import APP_TIMEOUT_S, DASHBOARD

    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOTSPOTS_DATABASE_URL", roles["reader"])
    monkeypatch.setenv("HOTSPOTS_INGEST_DATABASE_URL", roles["writer"])
    assert main(["setup-demo"]) == 0  # through the writing role
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(DASHBOARD, default_timeout=APP_TIMEOUT_S).run()
    assert not at.exception and not at.error
    assert next(m for m in at.metric if m.label == "Signalements").value == "186"
    st.cache_resource.clear()
