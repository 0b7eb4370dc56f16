import pandas as pd
from streamlit.testing.v1 import AppTest

from hotspots.config import load_settings
from hotspots.ingest import ingest_file
from hotspots.schema import RecordKind
from hotspots.store import Store
from tests.helpers import write_csv, write_operations
from tests.ui.conftest import APP_TIMEOUT_S, DASHBOARD

NOW = pd.Timestamp("2025-12-01T12:00", tz="UTC")


def fill(tmp_path, app_env):
    """7 tips (4 exploitable, 2 not, 1 pending) and 2 operations (3 arrests, 1 250,5 €)."""
    tips = write_csv(
        tmp_path / "t.csv",
        [
            {
                "tip_id": f"T{i}",
                "received_at": f"2025-0{1 + i % 3}-10T20:00",
                "lat": "47.2397",
                "lon": "6.0226",
                "exploitable": ["oui", "oui", "non"][i % 3] if i < 6 else "",
            }
            for i in range(7)
        ],
    )
    ops = write_operations(
        tmp_path / "o.csv",
        [
            {
                "operation_id": "O1",
                "started_at": "2025-03-01",
                "location": "x",
                "arrests": "2",
                "cash_eur": "1250,5",
            },
            {"operation_id": "O2", "started_at": "2025-03-02", "location": "x", "arrests": "1"},
        ],
    )
    store = Store.open(app_env)
    settings = load_settings()
    ingest_file(tips, RecordKind.TIPS, store, settings, now=NOW)
    ingest_file(ops, RecordKind.OPERATIONS, store, settings, now=NOW)
    store.close()


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_indicators_match_the_store(tmp_path, app_env):
    fill(tmp_path, app_env)
    at = AppTest.from_file(DASHBOARD, default_timeout=APP_TIMEOUT_S).run()
    assert not at.exception
    assert at.title[0].value.startswith("Hotspots")
    assert metrics(at) == {
        "Signalements": "7",
        "Exploitables": "66,7\u202f%",  # 4 of the 6 triaged
        "À trier": "1",
        "Opérations": "2",
        "Interpellations": "3",
        "Numéraire saisi": "1\u202f250\u202f€",
    }
    assert "du 10/01/2025 au 10/03/2025" in at.caption[0].value
    assert not at.warning  # not the demo database


def test_english_on_request(tmp_path, app_env):
    fill(tmp_path, app_env)
    at = AppTest.from_file(DASHBOARD, default_timeout=APP_TIMEOUT_S)
    at.query_params["lang"] = "en"
    at.run()
    assert metrics(at)["Exploitable"] == "66.7%"
    assert metrics(at)["Cash seized"] == "€1,250"


def test_empty_store_says_how_to_load(app_env):
    at = AppTest.from_file(DASHBOARD, default_timeout=APP_TIMEOUT_S).run()
    assert not at.exception
    assert "ingest" in at.info[0].value
    assert not at.metric


def test_unusable_database_shows_the_reason(app_env, monkeypatch, tmp_path):
    from sqlalchemy import update

    from hotspots.store import schema_info

    store = Store.open(app_env)
    with store.transaction() as conn:
        conn.execute(update(schema_info).values(version=99))
    store.close()
    at = AppTest.from_file(DASHBOARD, default_timeout=APP_TIMEOUT_S).run()
    assert not at.exception
    assert "schema version 99" in at.error[0].value
