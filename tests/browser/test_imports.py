"""An analyst imports a police export as it comes (French headers, Windows-1252, a column
no name gives away), keeps the correspondence, imports a second file with it, undoes
the first import, and reads the count on the map page each time."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ANALYST_PASSWORD, SCREENSHOTS, download_on
from tests.browser.test_walk import UPLOADER_TEXTS

pytestmark = pytest.mark.browser
TIMEOUT_MS = 60_000
HEADER = "N° signalement;Date;Heure;Secteur;Commentaire;Exploitable"


def write_export(path, prefix: str, rows: int, bad: bool = False):
    lines = [HEADER]
    places = ["place Marulaz", "rue Battant", "Planoise", "12 rue de Belfort, Audincourt"]
    for i in range(rows):
        lines.append(
            f"{prefix}-{i};{14 + i}/03/2025;21h30;{places[i % 4]};"
            f"Guetteur à l'entrée, allées et venues;oui"
        )
    if bad:
        lines.append(f"{prefix}-X;31/02/2025;21h;Planoise;date impossible;oui")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def tips_on_the_map(tab, server) -> int:
    tab.get_by_role("link", name="Carte", exact=True).click()  # the same session
    metric = tab.locator('[data-testid="stMetricValue"]').first
    expect(metric).to_have_text(re.compile(r"^\d[\d\s\u202f\u00a0]*$"), timeout=TIMEOUT_MS)
    return int(re.sub(r"\D", "", metric.inner_text()))


def expect_tips(tab, server, count: int) -> None:
    tab.get_by_role("link", name="Carte", exact=True).click()
    metric = tab.locator('[data-testid="stMetricValue"]').first
    expect(metric).to_have_text(re.compile(rf"^{count}$"), timeout=TIMEOUT_MS)


def open_data_page(tab, server):
    tab.get_by_role("link", name="Données", exact=True).click()
    tab.get_by_text("Charger des données").first.wait_for(timeout=TIMEOUT_MS)


def choose(tab, label: str, option: str) -> None:
    tab.get_by_role("combobox", name=label).click()
    tab.get_by_role("option", name=option, exact=True).click()


def test_import_with_a_saved_correspondence_then_undo(page, real_server, tmp_path):
    page.goto(f"{real_server.url}/")
    page.get_by_label("Identifiant").fill("alice")
    page.get_by_label("Mot de passe").fill(ANALYST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Filtres actifs").first.wait_for(timeout=TIMEOUT_MS)
    before = tips_on_the_map(page, real_server)

    # 1. the first file: « Secteur » is no usual name for a place, the rest is recognised
    open_data_page(page, real_server)
    page.locator('[data-testid="stFileUploaderDropzone"]').wait_for(timeout=TIMEOUT_MS)
    assert page.evaluate(UPLOADER_TEXTS) == [
        '"Choisir un fichier"',
        '"200 Mo au plus par fichier • CSV, TXT, TSV, JSONL, NDJSON, XLSX"',
    ]
    first = write_export(tmp_path / "export_police_mars.csv", "P1", 4, bad=True)
    page.locator('input[type="file"]').set_input_files(str(first))
    expect(page.get_by_text("Colonnes obligatoires non renseignées")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(page.get_by_role("button", name="Importer")).to_be_disabled()
    expect(page.get_by_text("Guetteur à l'entrée").first).to_be_attached()  # read as 1252
    choose(page, "Lieu (adresse, rue, commune…) *", "Secteur")
    expect(page.get_by_text("Colonnes obligatoires non renseignées")).to_have_count(0)
    page.get_by_label("Nom de la correspondance").fill("Export police")
    page.get_by_role("button", name="Enregistrer cette correspondance").click()
    expect(page.get_by_text("Correspondance « Export police » enregistrée.")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    page.screenshot(path=str(SCREENSHOTS / "import-correspondance.png"), full_page=True)
    page.get_by_role("button", name="Importer").click()
    done = "5 lignes lues : 4 importées, 0 doublons, 1 en quarantaine"
    expect(page.get_by_text(done)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Fichier lu en WINDOWS-1252")).to_be_visible()
    expect(page.get_by_text("Lignes en quarantaine")).to_be_visible()
    download = download_on(page, page.get_by_role("button", name="Télécharger la quarantaine"))
    quarantine = download.path().read_text(encoding="utf-8-sig")
    assert "P1-X" in quarantine and "31/02/2025" in quarantine
    assert "/tmp" not in page.content()  # the file is named as the analyst named it
    page.screenshot(path=str(SCREENSHOTS / "import-resume.png"), full_page=True)
    expect_tips(page, real_server, before + 4)

    # 2. the second file, with the saved correspondence
    open_data_page(page, real_server)
    second = write_export(tmp_path / "export_police_avril.csv", "P2", 3)
    page.locator('input[type="file"]').set_input_files(str(second))
    expect(page.get_by_text("Colonnes obligatoires non renseignées")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    choose(page, "Correspondance enregistrée", "Export police")
    expect(page.get_by_text("Colonnes obligatoires non renseignées")).to_have_count(0)
    page.get_by_role("button", name="Importer").click()
    done = "3 lignes lues : 3 importées, 0 doublons, 0 en quarantaine"
    expect(page.get_by_text(done)).to_be_visible(timeout=TIMEOUT_MS)
    expect_tips(page, real_server, before + 7)

    # 3. the first import undone: its four tips leave, the second's stay
    open_data_page(page, real_server)
    runs = page.locator('[data-testid="stDataFrame"]').last
    expect(runs).to_be_visible(timeout=TIMEOUT_MS)
    number = int(real_server_runs(real_server)["export_police_mars.csv"])
    choose(page, "n°", str(number))
    page.get_by_role("button", name=f"Annuler l'import n° {number}").click()
    expect(page.get_by_text(f"Import n° {number} annulé : 4 signalements")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect_tips(page, real_server, before + 3)
    assert page.external_requests == []


def real_server_runs(server) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(server.data_dir / "hotspots.sqlite") as db:
        rows = db.execute("SELECT file_name, run_id FROM ingest_runs").fetchall()
    return {name: run for name, run in rows}
