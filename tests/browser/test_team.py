"""The team deployment: two dashboard processes on one PostgreSQL database, two
browser sessions reading while an ingest writes."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, Server
from tests.conftest import TEST_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
TIMEOUT_MS = 60_000


def cli(env: dict[str, str], *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "hotspots", *args],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def tips_shown(tab) -> int:
    """The « Signalements » indicator, once it shows a number (the page draws its
    indicators before the map and may redraw them: wait for the state, by its label,
    not for the first metric that happens to be on the page)."""
    metric = tab.locator('[data-testid="stMetric"]').filter(has_text="Signalements").first
    value = metric.locator('[data-testid="stMetricValue"]')
    expect(value).to_have_text(re.compile(r"\d"), timeout=TIMEOUT_MS)
    return int(re.sub(r"\D", "", value.inner_text()))


def test_two_dashboards_on_postgresql_while_an_ingest_runs(browser, postgres_url, tmp_path):
    env_vars = {
        "HOTSPOTS_DATABASE_URL": postgres_url,
        "HOTSPOTS_SECRET": TEST_SECRET,
        "HOTSPOTS_AUTH": "none",
    }
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    servers = [Server(tmp_path / "one", env_vars), Server(tmp_path / "two", env_vars)]
    try:
        env = servers[0].env
        cli(env, "demo-data", "--out", str(tmp_path / "first"), "--tips", "3000", "--seed", "1")
        cli(env, "demo-data", "--out", str(tmp_path / "more"), "--tips", "150000", "--seed", "2")
        first = cli(env, "ingest", str(tmp_path / "first" / "tips.csv"))
        tabs = [browser.new_context().new_page() for _ in servers]
        errors: list[str] = []
        for tab, server in zip(tabs, servers, strict=True):
            tab.on("pageerror", lambda e: errors.append(str(e)))
            tab.goto(f"{server.url}/?period=all")
            assert tips_shown(tab) == first["ingested"]

        ingest = subprocess.Popen(
            [sys.executable, "-m", "hotspots", "ingest", str(tmp_path / "more" / "tips.csv")],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        seen: list[int] = []
        while ingest.poll() is None:
            for tab in tabs:
                tab.reload()
                seen.append(tips_shown(tab))
                assert tab.locator('[data-testid="stException"]').count() == 0
                assert tab.locator('[data-testid="stAlertContentError"]').count() == 0
        out, err = ingest.communicate()
        assert ingest.returncode == 0, err
        more = json.loads(out.strip().splitlines()[-1])
        assert more["ingested"] > 100_000
        total = first["ingested"] + more["ingested"]
        # Each figure shown while the ingest ran was a committed state: whole batches.
        assert all(first["ingested"] <= n <= total for n in seen)
        assert len(seen) >= 4
        for tab in tabs:
            tab.reload()
            assert tips_shown(tab) == total
        assert errors == []
    finally:
        for server in servers:
            server.stop()
    for name in ("one", "two"):
        log = (tmp_path / name / "server.log").read_text()
        assert "Traceback" not in log and "deadlock" not in log.lower(), log[-2000:]
