"""A real dashboard server and a headless Chromium (Debian's, at /usr/bin/chromium).

Without the browser these tests skip, which ``HOTSPOTS_STRICT_TESTS=1`` (CI) turns
into failures. Screenshots go to ``HOTSPOTS_SCREENSHOTS`` (default ``screenshots/``).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import TEST_SECRET

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("HOTSPOTS_SCREENSHOTS", ROOT / "screenshots"))
HOSTILE = '<img src=x onerror="window.__pwned=1;alert(1)">Battant'
HOSTILE_SCRIPT = "<script>window.__pwned=2;alert(2)</script>Centre"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, data_dir: Path, env: dict[str, str]):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("HOTSPOTS_")},
            "HOTSPOTS_DATA_DIR": str(data_dir),
            **env,  # no tile setting: the default must send no request out
        }
        self.log = (data_dir / "server.log").open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "dashboard.py"),
                "--server.headless=true",
                f"--server.port={self.port}",
                "--server.address=127.0.0.1",
                "--browser.gatherUsageStats=false",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                health = f"{self.url}/_stcore/health"  # http on the loopback only
                with urllib.request.urlopen(health, timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the dashboard did not start: {(data_dir / 'server.log').read_text()}")

    def cli(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "hotspots", *args], cwd=ROOT, env=self.env, check=True
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def click_until_drilldown(tab, hexagons, tries: int = 10) -> None:
    """Click hexagons of the map in turn until the drill-down opens beside it (an
    operation marker may cover the one clicked)."""
    for i in range(min(hexagons.count(), tries)):
        hexagons.nth(i).click(force=True)
        try:
            tab.get_by_text("Hexagone sélectionné").wait_for(timeout=8_000)
            return
        except Exception:  # noqa: S112 - covered: try the next one
            continue


def download_on(page, button):
    """Click ``button`` and return the finished download, once the page's own check of
    the file's address (Streamlit fetches it too, not waiting) has been answered as
    well: both requests of a click must be served, in whatever order they come."""

    def page_check(response) -> bool:
        return "/media/" in response.url and response.request.resource_type == "fetch"

    with page.expect_response(page_check) as check, page.expect_download() as download:
        button.click()
    assert download.value.failure() is None, f"download failed: {download.value.failure()}"
    assert check.value.status == 200, f"the page's check of the file got {check.value.status}"
    return download.value


def _setup_demo(data_dir: Path, env: dict[str, str]) -> None:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HOTSPOTS_")},
        "HOTSPOTS_DATA_DIR": str(data_dir),
        **env,
    }
    subprocess.run(
        [sys.executable, "-m", "hotspots", "setup-demo"],
        cwd=ROOT,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The dashboard on the demo database, as ``make run`` opens it (tiles off)."""
    data_dir = tmp_path_factory.mktemp("demo")
    _setup_demo(data_dir, {})
    server = Server(data_dir, {})
    yield server
    server.stop()


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory):
    """The dashboard on a store whose district names (from an official-looking boundary
    file) carry HTML and JavaScript."""
    data_dir = tmp_path_factory.mktemp("hostile")
    boundaries = json.loads((ROOT / "geodata" / "districts.geojson").read_text())
    for feature in boundaries["features"]:
        code = feature["properties"]["code"]
        if code == "BAT":
            feature["properties"]["name"] = HOSTILE
        elif code == "CCB":
            feature["properties"]["name"] = HOSTILE_SCRIPT
    path = data_dir / "boundaries.geojson"
    path.write_text(json.dumps(boundaries))
    env = {
        "HOTSPOTS_DISTRICTS_FILE": str(path),
        "HOTSPOTS_DISTRICTS_COLUMN": "name",
        "HOTSPOTS_SECRET": TEST_SECRET,
    }
    _setup_demo(data_dir, env)
    server = Server(data_dir, env)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1300}, locale="fr-FR")
    # closed network: anything that is not the dashboard itself is refused
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))
            else route.abort()
        ),
    )
    tab = context.new_page()
    tab.external_requests = []
    tab.on(
        "request",
        lambda r: (
            tab.external_requests.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))
            else None
        ),
    )
    yield tab
    context.close()


ANALYST_PASSWORD = "analyst long password"


@pytest.fixture(scope="session")
def signed_server(tmp_path_factory):
    """The demo data behind password sign-in, with one analyst."""
    data_dir = tmp_path_factory.mktemp("signed")
    users = data_dir / "users.toml"
    env = {"HOTSPOTS_AUTH": "password", "HOTSPOTS_USERS_FILE": str(users)}
    _setup_demo(data_dir, env)
    from hotspots import auth

    auth.add_user(users, "alice", "analyste", ANALYST_PASSWORD)
    server = Server(data_dir, env)
    server.data_dir = data_dir
    yield server
    server.stop()


@pytest.fixture(scope="session")
def real_server(tmp_path_factory):
    """A real store (its own secret, not the demo database) behind password sign-in,
    with one analyst, filled with the demo's files as an analyst would import them."""
    data_dir = tmp_path_factory.mktemp("real")
    users = data_dir / "users.toml"
    env = {
        "HOTSPOTS_AUTH": "password",
        "HOTSPOTS_USERS_FILE": str(users),
        "HOTSPOTS_SECRET": TEST_SECRET,
    }
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HOTSPOTS_")},
        "HOTSPOTS_DATA_DIR": str(data_dir),
        **env,
    }
    seed = data_dir / "seed"
    for args in (
        ["demo-data", "--out", str(seed)],
        ["ingest", str(seed / "tips.csv"), "--operations", str(seed / "operations.csv")],
    ):
        subprocess.run(
            [sys.executable, "-m", "hotspots", *args],
            cwd=ROOT, env=environment, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    from hotspots import auth

    auth.add_user(users, "alice", "analyste", ANALYST_PASSWORD)
    server = Server(data_dir, env)
    server.data_dir = data_dir
    yield server
    server.stop()
