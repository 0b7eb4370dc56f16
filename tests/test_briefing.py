"""The commanders' briefing sheet through the command line: one page that poppler
renders, holding the figures of the selection as the Carte page writes them, marked
internal, recorded in the audit; refused to the press office."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date

import pytest

from hotspots import services
from hotspots.areas import load_area
from hotspots.cli import main
from hotspots.config import load_settings
from hotspots.figures import indicators
from hotspots.filters import Filters
from hotspots.hotspot_figures import hot_spot_places, hot_spots
from hotspots.hotspot_stats import HotSpotParameters
from hotspots.i18n import format_date, format_int, format_p, format_signed, translate
from hotspots.landmarks import load_landmarks
from hotspots.store import Store
from hotspots.tables import latest_day, load_ops, load_tips
from tests.conftest import STRICT

POPPLER = ("pdftoppm", "pdftotext", "pdfinfo")
A4_POINTS = (595, 842)


def require_poppler() -> None:
    missing = [tool for tool in POPPLER if not shutil.which(tool)]
    if missing:
        message = f"{', '.join(missing)} not found (apt-get install poppler-utils)"
        if STRICT:
            pytest.fail(f"HOTSPOTS_STRICT_TESTS=1 and {message}")
        pytest.skip(message)


@pytest.fixture
def demo_db(tmp_path, monkeypatch):
    require_poppler()
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("HOTSPOTS_LANG", raising=False)
    db = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    assert main(["setup-demo", "--db", db]) == 0
    monkeypatch.setenv("HOTSPOTS_DATABASE_URL", db)
    return db


def text_of(pdf, *crop: int) -> str:
    """``pdftotext -layout`` of the page, or of the box ``x y w h`` (points)."""
    box = dict(zip(("-x", "-y", "-W", "-H"), map(str, crop), strict=False))
    options = [part for pair in box.items() for part in pair]
    return subprocess.run(
        ["pdftotext", "-layout", *options, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def render_one_page(pdf, tmp_path) -> None:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info.stdout, re.M)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1 and pages[0].stat().st_size > 10_000


def selection(db: str, f: Filters):
    settings = load_settings()
    area = load_area(settings)
    store = Store.open(db)
    try:
        table, ops = load_tips(store, area), load_ops(store, area)
    finally:
        store.close()
    latest = latest_day(table, ops)
    figures = indicators(table, ops, f, latest)
    tested, _ = hot_spots(table, f, latest, area, HotSpotParameters(9), role="commandement")
    landmarks = load_landmarks(settings.geodata_dir, area.districts)
    places = hot_spot_places(tested, table, ops, f, latest, 9, landmarks, role="commandement")
    return figures, places


def test_the_briefing_shows_the_page_s_figures_and_is_audited(demo_db, tmp_path, capsys):
    out = tmp_path / "note.pdf"
    code = main(["briefing", "--from", "2025-07-01", "--to", "2025-09-30", "--area",
                 "besancon", "--user", "capitaine.martin", "--role", "commandement",
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["internal"] is True and summary["disclosure_control"] is False
    render_one_page(out, tmp_path)

    settings = load_settings()
    communes = load_area(settings).resolve(["besancon"])
    f = Filters(preset="custom", start=date(2025, 7, 1), end=date(2025, 9, 30), communes=communes)
    figures, places = selection(demo_db, f)
    change = figures["change"]
    assert change.verdict != "not_comparable" and figures["tips"] and figures["operations"]

    page = text_of(out)
    words = flat(page)
    assert "Note de situation — usage interne" in words
    assert "Document interne — non soumis au contrôle de divulgation — ne pas diffuser" in words
    assert "DONNÉES FICTIVES" in words
    assert "du 1er juillet 2025 au 30 septembre 2025 (92 jours)" in words
    assert "Zone : Besançon" in words and "par capitaine.martin (Commandement)" in words
    # the figures column, as the Carte page writes them (kpis.show)
    column = flat(text_of(out, 350, 100, 245, 330))
    for label, value in (
        ("Signalements", figures["tips"]),
        ("Opérations", figures["operations"]),
        ("Interpellations", figures["arrests"]),
        ("À trier", figures["pending"]),
    ):
        assert f"{label} {flat(format_int(value, 'fr'))}" in column, label
    previous = translate(
        "kpi_change",
        "fr",
        sign=format_signed(figures["tips"] - change.previous, "fr"),
        n=format_int(change.previous, "fr"),
        first=format_date(change.first, "fr"),
        last=format_date(change.last, "fr"),
    )
    key = "kpi_not_significant" if change.verdict == "no_significant_change" else "kpi_significant"
    assert flat(previous) in column
    assert flat(translate(key, "fr", p=format_p(change.p_value, "fr"))) in column
    # the ranked list: the first hot place, its level and its last operation
    top = places.iloc[0]
    assert top["place"] in page
    assert "Lieux chauds, par ordre" in words and "Dernière opération" in words
    if top["last_operation"] is not None:
        assert (
            f"{format_date(top['last_operation'], 'fr')} (il y a {int(top['days_since'])} j)"
            in page
        )
    assert "Opérations de la période et leurs résultats" in words

    store = Store.open(demo_db)
    try:
        log = services.list_exports(store, "analyste")
    finally:
        store.close()
    made = log.iloc[0]
    assert (made["kind"], made["format"], made["user_name"], made["role"]) == (
        "briefing",
        "pdf",
        "capitaine.martin",
        "commandement",
    )
    assert json.loads(made["parameters"])["internal"] is True
    assert made["size_bytes"] == out.stat().st_size


def test_a_period_without_a_previous_one_says_so(demo_db, tmp_path, capsys):
    out = tmp_path / "note.pdf"
    assert main(["briefing", "--role", "analyste", "--user", "a", "--out", str(out)]) == 0
    render_one_page(out, tmp_path)
    column = flat(text_of(out, 350, 100, 245, 330))
    assert "Signalements 186" in column and "période précédente non couverte" in column


def test_the_press_office_gets_no_briefing(demo_db, tmp_path, capsys):
    out = tmp_path / "note.pdf"
    code = main(["briefing", "--role", "presse", "--user", "press", "--out", str(out)])
    assert code == 3 and not out.exists()
    assert "refused" in capsys.readouterr().err
    store = Store.open(demo_db)
    try:
        log = services.list_exports(store, "analyste")
    finally:
        store.close()
    assert "briefing" not in set(log["kind"])
