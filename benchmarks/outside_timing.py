"""Time the dashboard from outside: a real ``streamlit run`` server and a headless
Chromium, on an existing store.

    python -m benchmarks.outside_timing --data-dir DIR [--db URL] [--rounds 3] [--page P]
                                        [--floor] [--json]

Each filter change is made in the sidebar as a user would (choose a category or a
triage status, then reset), and timed from the click until the page shows the new
filter line and the script has finished (``stApp`` leaves the running state). The
first load of a session is timed too. With ``--floor`` the same changes are timed, in
the same run, on :mod:`benchmarks.floor_app` (the framework alone), and the ratio of the
medians is printed: the figure to compare across machines. Needs Debian's Chromium at
/usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 600_000
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def _server(env: dict[str, str], port: int, log: Path, app: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app),
         "--server.headless=true", f"--server.port={port}", "--server.address=127.0.0.1",
         "--browser.gatherUsageStats=false"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            url = f"http://127.0.0.1:{port}/_stcore/health"  # loopback only
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"the dashboard did not start: {log.read_text()[-2000:]}")


def _settled(tab, line_has: str | None, line_lacks: str | None) -> None:
    line = tab.get_by_text("Filtres actifs").first
    if line_has:
        line.filter(has_text=line_has).wait_for(timeout=TIMEOUT_MS)
    if line_lacks:
        tab.wait_for_function(
            "([t]) => ![...document.querySelectorAll('[data-testid=stCaptionContainer]')]"
            ".some(e => e.innerText.includes('Filtres actifs') && e.innerText.includes(t))",
            arg=[line_lacks],
            timeout=TIMEOUT_MS,
        )
    tab.locator(IDLE).wait_for(timeout=TIMEOUT_MS)


def measure(
    env: dict[str, str], rounds: int, page: str = "", app: Path = ROOT / "dashboard.py"
) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    port = 8600 + os.getpid() % 300
    with tempfile.TemporaryDirectory() as folder:
        server = _server(env, port, Path(folder) / "server.log", app)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                tab = browser.new_page(viewport={"width": 1500, "height": 1200})
                start = time.perf_counter()
                tab.goto(f"http://127.0.0.1:{port}/{page}?period=all", timeout=TIMEOUT_MS)
                tab.get_by_text("Filtres actifs").first.wait_for(timeout=TIMEOUT_MS)
                tab.locator(IDLE).wait_for(timeout=TIMEOUT_MS)
                first_load = time.perf_counter() - start
                changes: list[float] = []
                for _ in range(rounds):
                    for box, option in (("Catégories", "Point de deal"), ("Tri", "Exploitable")):
                        tab.get_by_role("combobox", name=box).click()
                        start = time.perf_counter()
                        tab.get_by_role("option", name=option, exact=True).click()
                        _settled(tab, option, None)
                        changes.append(time.perf_counter() - start)
                        tab.keyboard.press("Escape")
                        start = time.perf_counter()
                        tab.get_by_role("button", name="Réinitialiser les filtres").click()
                        _settled(tab, None, option)
                        changes.append(time.perf_counter() - start)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {
        "first_load_s": round(first_load, 3),
        "changes": len(changes),
        "change_median_s": round(statistics.median(changes), 3),
        "change_max_s": round(max(changes), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", required=True, help="HOTSPOTS_DATA_DIR of the store")
    parser.add_argument("--db", help="HOTSPOTS_DATABASE_URL (default: the data dir's SQLite)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of 4 changes")
    parser.add_argument("--page", default="", help="URL path of the page (default: the map, carte)")
    parser.add_argument("--floor", action="store_true", help="also time the framework alone")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items()}
    env.update({"HOTSPOTS_DATA_DIR": args.data_dir, "HOTSPOTS_TILES": "none"})
    env.setdefault("HOTSPOTS_AUTH", "none")
    if args.db:
        env["HOTSPOTS_DATABASE_URL"] = args.db
    result = measure(env, args.rounds, args.page)
    if args.floor:
        floor = measure(env, args.rounds, app=ROOT / "benchmarks" / "floor_app.py")
        result["floor_change_median_s"] = floor["change_median_s"]
        result["change_ratio_to_floor"] = round(
            float(result["change_median_s"]) / float(floor["change_median_s"]), 2
        )
    print(json.dumps(result) if args.json else "\n".join(f"{k:18s} {v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
