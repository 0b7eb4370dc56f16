"""Shared fixtures: a store on each backend, settings in a temporary folder.

PostgreSQL tests use ``HOTSPOTS_TEST_POSTGRES_URL`` (one fresh schema per test).
With ``HOTSPOTS_STRICT_TESTS=1`` (set by ``.ci/run``) nothing may be skipped: a test
that would skip fails instead.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hotspots.config import Settings

POSTGRES_ENV = "HOTSPOTS_TEST_POSTGRES_URL"
STRICT = os.environ.get("HOTSPOTS_STRICT_TESTS") == "1"
TEST_SECRET = "test-secret-not-for-production-0123456789"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under HOTSPOTS_STRICT_TESTS=1: {report.longrepr}"


@pytest.fixture(autouse=True)
def _main_module_restored():
    """Streamlit's AppTest runs a page as ``__main__`` and leaves it there: a process
    pool started later (the parallel ingest, with ``spawn``) would run that page again
    in its workers. Each test starts and ends with the test runner's own ``__main__``."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


def postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set (PostgreSQL tests)")
    return url


@pytest.fixture
def postgres_url():
    """A PostgreSQL URL whose search_path is a new, empty schema dropped afterwards."""
    base = make_url(postgres_base_url()).set(drivername="postgresql+psycopg")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = base.update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path: Path) -> str:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=db_url, secret=TEST_SECRET)
