"""Press exports (disclosure control, CSV, XLSX through LibreOffice, GeoJSON through
pyogrio, PDF through poppler), analyst exports, the audit log and the command line."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pyogrio
import pytest
from sqlalchemy import text

from hotspots import exports, release_protection, services
from hotspots.areas import load_area
from hotspots.bootstrap import ensure_demo_database
from hotspots.cli import main
from hotspots.config import Settings
from hotspots.filters import Filters
from hotspots.roles import Forbidden
from hotspots.store import SCHEMA_VERSION, Store
from hotspots.tables import OpsTable, TipTable, latest_day, load_ops, load_tips
from tests.test_disclosure import attack

# The briefing of 21 November 2025 said « environ 16 par mois »: 186 tips over the 10.7
# months from 1 January to 21 November are 17.4 a month (16 needs twelve months).
YEAR_SO_FAR_SENTENCE = (
    "Depuis le 1er janvier 2025, 186 signalements ont été reçus, soit environ 17 par mois ; "
    "deux tiers ont été jugés exploitables."
)
# The same year once ended, over the days its data cover (they stop on 21 November).
KEY_SENTENCE = (
    "Du 1er janvier au 21 novembre 2025, 186 signalements ont été reçus, soit environ 17 par "
    "mois ; deux tiers ont été jugés exploitables."
)
COUNT_COLUMNS = ("signalements", "signalements_exploitables", "opérations", "interpellations")
TODAY = date(2026, 11, 29)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'demo.sqlite'}")
    ensure_demo_database(settings)
    store = Store.open(settings.effective_database_url)
    area = load_area(settings)
    districts = area.districts
    table, ops = load_tips(store, area), load_ops(store, area)
    yield settings, store, districts, table, ops
    store.close()


def press_for(demo, by, role="presse", start=None, end=None, k=5):
    _settings, _store, districts, table, ops = demo
    first, last = exports.bucket_range(table, ops, by, TODAY, start, end)
    return exports.press_table(table, ops, districts, by, first, last, k, role)


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def grid_of(rows: list[dict[str, str]], column: str) -> list[list[object]]:
    """Rebuild the district × period grid (totals last) of one column of the CSV."""
    districts = list(dict.fromkeys(r["quartier"] for r in rows))
    periods = list(dict.fromkeys(r["période"] for r in rows))
    cell = {(r["quartier"], r["période"]): r[column] for r in rows}
    return [
        [int(v) if v.isdigit() else v for v in (cell[(d, p)] for p in periods)] for d in districts
    ]


def test_the_demo_year_gives_the_key_sentence(demo):
    press = press_for(demo, "year")
    assert press.period_labels == ["2025"]
    assert press.total("tips") == 186
    assert exports.key_sentence(press) == KEY_SENTENCE


@pytest.mark.parametrize("by", ["ytd", "month", "quarter"])
def test_the_year_so_far_on_21_november_2025_gives_the_briefing_sentence(demo, by):
    _settings, _store, districts, table, ops = demo
    briefing = date(2025, 11, 21)
    first, last, through = exports.press_period(table, ops, by, briefing)
    assert through == briefing
    press = exports.press_table(
        table, ops, districts, by, first, last, 5, "presse", through=through
    )
    assert press.total("tips") == 186
    assert exports.key_sentence(press) == YEAR_SO_FAR_SENTENCE
    assert press.scope.endswith("|2025-11-21")
    if by == "ytd":
        assert press.column_labels == ["Cumul 2025"]
    else:
        assert press.column_labels[-1] == "Total"


def test_a_table_whose_protection_runs_too_long_is_refused_with_that_reason(demo, monkeypatch):
    """Counted work, not a clock, bounds the search: the same on a busy machine."""
    monkeypatch.setattr(release_protection, "MAX_WORK", 1000)
    with pytest.raises(exports.UnprotectableRelease) as refused:
        press_for(demo, "month")
    assert refused.value.reason == "long" and refused.value.coarser == "quarter"
    assert "longer than allowed" in str(refused.value) and "quarter instead" in str(refused.value)
    monkeypatch.setattr(release_protection, "MAX_WORK", 10**12)
    assert press_for(demo, "month").total("tips") == 186


@pytest.mark.parametrize("by", ["month", "quarter", "year"])
def test_published_csv_resists_an_outside_attack(demo, by):
    rows = read_csv(exports.press_csv(press_for(demo, by)))
    last = "2025" if by == "year" else "Total"  # no total across years
    assert rows[-1]["quartier"] == "Ensemble" and rows[-1]["période"] == last
    assert rows[-1]["signalements"] == "186"
    for column in COUNT_COLUMNS:
        grid = grid_of(rows, column)
        for row in grid:
            for value in row:
                assert isinstance(value, str) or value == 0 or value >= 5, (column, value)
                assert not isinstance(value, str) or value in ("< 5", "n.d.")
        for cell, (low, high) in attack(grid, 5, row_totals=by != "year").items():
            assert high - low >= 1, (column, cell, low, high)
    hidden = [r for r in rows if r["signalements"] == "< 5"]
    assert hidden, "the demo has small district counts: some must be hidden"


def test_the_threshold_is_a_setting(demo):
    rows = read_csv(exports.press_csv(press_for(demo, "year", k=10)))
    values = [r["signalements"] for r in rows]
    assert "< 10" in values
    assert not any(v.isdigit() and 1 <= int(v) <= 9 for v in values)


def test_only_whole_ended_years(demo):
    _settings, _store, _districts, table, ops = demo
    with pytest.raises(exports.ExportError, match="whole calendar"):
        exports.bucket_range(table, ops, "month", TODAY, "2025-01-15")
    # overlapping ranges could be subtracted: a table by month is one whole year
    with pytest.raises(exports.ExportError, match="one whole calendar year"):
        exports.bucket_range(table, ops, "month", TODAY, "2025-03", "2025-06")
    with pytest.raises(exports.ExportError, match="has not ended"):
        exports.bucket_range(table, ops, "year", TODAY, None, "2026")
    with pytest.raises(exports.ExportError, match="no calendar year holding data has ended"):
        exports.bucket_range(table, ops, "month", date(2025, 11, 29))
    assert exports.bucket_range(table, ops, "quarter", TODAY, "2025-T1", "2025-12-31") == (
        2025 * 4,
        2025 * 4 + 3,
    )
    assert exports.bucket_range(table, ops, "month", TODAY) == (2025 * 12, 2025 * 12 + 11)
    assert exports.bucket_range(table, ops, "year", TODAY, "2024") == (2024, 2025)


def test_tables_of_one_year_issued_in_turn_agree(demo):
    """By month, then by quarter, then by year, each protected with the ones before: the
    year's column agrees wherever two of them publish it, and a later table never
    publishes a cell an earlier one hid when it covers the same days (it would give the
    hidden cell away)."""
    _settings, _store, districts, table, ops = demo
    issued: list[exports.PressTable] = []
    for by in ("month", "quarter", "year"):
        first, last = exports.bucket_range(table, ops, by, TODAY)
        issued.append(
            exports.press_table(table, ops, districts, by, first, last, 5, "presse", earlier=issued)
        )
    for measure in exports.MEASURES:
        texts = [[t.text(measure, r, -1) for r in range(len(t.row_codes) + 1)] for t in issued]
        for earlier, later in [(0, 1), (0, 2), (1, 2)]:
            for x, y in zip(texts[earlier], texts[later], strict=True):
                if isinstance(x, str):
                    assert isinstance(y, str), (measure, x, y)
                elif not isinstance(y, str):
                    assert x == y, measure


def test_csv_is_formula_safe_with_decimal_commas(demo):
    settings, store, districts, table, ops = demo
    names = list(districts.names)
    names[0] = '=HYPERLINK("http://x","clic")'
    hostile = replace(districts, names=tuple(names))
    first, last = exports.bucket_range(table, ops, "year", TODAY)
    press = exports.press_table(table, ops, hostile, "year", first, last, 5, "presse")
    data = exports.press_csv(press)
    rows = read_csv(data)
    assert list(rows[0])[0] == "quartier"
    assert any(r["quartier"].startswith("'=HYPERLINK") for r in rows)
    cells = [v for r in rows for v in r.values()]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in cells)
    assert exports.decimal_text(1.5) == "1,5" and exports.decimal_text(950.0) == "950"


@pytest.fixture(scope="module")
def soffice():
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    return path


def test_xlsx_opens_in_libreoffice(demo, soffice, tmp_path):
    settings, store, districts, table, ops = demo
    names = list(districts.names)
    names[1] = "=1+1"
    first, last = exports.bucket_range(table, ops, "quarter", TODAY)
    press = exports.press_table(
        table, ops, replace(districts, names=tuple(names)), "quarter", first, last, 5, "presse"
    )
    path = tmp_path / "press.xlsx"
    path.write_bytes(exports.press_xlsx(press))
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "csv:Text - txt - csv (StarCalc):59,34,76", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    converted = (tmp_path / "press.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(converted), delimiter=";"))
    assert rows[0][:3] == ["quartier", "code", "période"]
    assert rows[-1][:4] == ["Ensemble", "", "Total", "186"]
    assert any(r[0] == "=1+1" for r in rows), "a text cell must stay text, not become 2"
    assert not any(r[0] == "2" for r in rows)
    assert sum(1 for r in rows for v in r if v == "< 5") > 0
    assert len(rows) == len(press.rows()) + 1


def test_geojson_reads_back_with_pyogrio(demo, tmp_path):
    settings, store, districts, table, ops = demo
    press = press_for(demo, "year")
    path = tmp_path / "press.geojson"
    path.write_bytes(exports.press_geojson(press, districts))
    frame = pyogrio.read_dataframe(path)
    assert len(frame) == len(districts.codes)  # each district × 2025
    assert set(frame["code"]) == set(districts.codes)
    small = frame[frame["signalements_libelle"] == "< 5"]
    assert len(small) and small["signalements"].isna().all()
    shown = frame["signalements"].dropna()
    assert not ((shown >= 1) & (shown <= 4)).any()
    assert frame.geometry.is_valid.all()


def test_pdf_press_sheet(demo, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils is not installed")
    settings, store, districts, table, ops = demo
    press = press_for(demo, "month")
    press.dataset_demo = True
    path = tmp_path / "sheet.pdf"
    path.write_bytes(exports.press_pdf(press, districts, "Besançon"))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(tmp_path / "page")], check=True)
    png = tmp_path / "page-1.png"
    assert png.stat().st_size > 10_000
    words = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(words.split())
    assert "186 signalements ont été reçus" in flat
    assert "environ 17 par mois" in flat and "deux tiers" in flat
    assert "DONNÉES FICTIVES" in flat
    # the year's operations as the table publishes them (13 and 16, or hidden when a
    # quarter of them would otherwise be worked out)
    assert f"Opérations : {press.total('operations')}" in flat
    assert f"Interpellations : {press.total('arrests')}" in flat
    assert {press.total("operations"), press.total("arrests")} <= {13, 16, "n.d."}
    assert "< 5" in flat  # the suppression note


def test_pdf_draws_names_as_text(demo, tmp_path):
    """A boundary file's name with TeX markup is drawn as it is, not parsed."""
    settings, store, districts, table, ops = demo
    names = list(districts.names)
    names[0] = "$\\frac{1}{0$ Battant"
    first, last = exports.bucket_range(table, ops, "year", TODAY)
    odd = replace(districts, names=tuple(names))
    press = exports.press_table(table, ops, odd, "year", first, last, 5, "presse")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(exports.press_pdf(press, odd, "Besançon"))
    words = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "$\\frac{1}{0$" in words


def test_analyst_hexagons_for_gis(demo, tmp_path):
    settings, store, districts, table, ops = demo
    latest = latest_day(table, ops)
    f = Filters(preset="all")
    frame = exports.analyst_hex_frame(table, f, latest, 9, districts, "analyste")
    located = int((table.h3 != 0).sum())
    assert frame["signalements"].sum() == located
    for fmt in ("geojson", "gpkg"):
        path = tmp_path / f"hex.{fmt}"
        path.write_bytes(exports.write_analyst(frame, fmt))
        back = pyogrio.read_dataframe(path)
        assert len(back) == len(frame) and back["signalements"].sum() == located
        assert set(back["h3"]) == set(frame["h3"])
    csv_rows = read_csv(exports.write_analyst(frame, "csv"))
    assert sum(int(r["signalements"]) for r in csv_rows) == located
    assert list(csv_rows[0]) == [
        "h3",
        "signalements",
        "code_quartier",
        "quartier",
        "categorie_principale",
        "categorie_code",
        "heure_pic",
        "resolution",
    ]
    assert {r["categorie_principale"] for r in csv_rows} <= {
        "Point de deal",
        "Livraison",
        "Stockage",
        "Consommation",
        "Autre",
    }
    english = exports.analyst_hex_frame(table, f, latest, 9, districts, "analyste", "en")
    assert {"tips", "district", "category_code", "peak_hour"} <= set(english.columns)
    for role in ("presse", "commandement", None):
        with pytest.raises(Forbidden):
            exports.analyst_hex_frame(table, f, latest, 9, districts, role)


def test_roles_are_checked_by_the_data_functions(demo):
    settings, store, districts, table, ops = demo
    with pytest.raises(Forbidden):
        exports.press_table(table, ops, districts, "year", 2025, 2025, 5, None)
    with pytest.raises(Forbidden):
        services.list_exports(store, "presse")


def test_every_export_is_audited(tmp_path, settings):
    store = Store.open(settings.effective_database_url)
    try:
        digest = services.record_export(
            store, "alice", "analyste", "analyst", "gpkg", {"by": "hex,9"}, 12, b"abc"
        )
        services.record_export(store, "bob", "presse", "press", "pdf", {"by": "year"}, 30, b"x")
        log = services.list_exports(store, "analyste")
    finally:
        store.close()
    assert list(log["user_name"]) == ["bob", "alice"]
    assert (
        log.iloc[1]["sha256"]
        == digest
        == ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    )
    assert json.loads(log.iloc[1]["parameters"]) == {"by": "hex,9"}
    assert log.iloc[0]["role"] == "presse" and log.iloc[0]["rows"] == 30


def test_an_older_store_gains_the_audit_table(tmp_path, settings):
    store = Store.open(settings.effective_database_url)
    with store.transaction() as conn:
        conn.execute(text("DROP TABLE exports_log"))
        conn.execute(text("UPDATE schema_info SET version = 1"))
    store.close()
    store = Store.open(settings.effective_database_url)
    try:
        assert services.list_exports(store, "analyste").empty
        with store.engine.connect() as conn:
            version = conn.execute(text("SELECT max(version) FROM schema_info")).scalar()
            assert version == SCHEMA_VERSION
    finally:
        store.close()


def cli_env(monkeypatch, demo):
    settings = demo[0]
    monkeypatch.setenv("HOTSPOTS_DATABASE_URL", settings.effective_database_url)
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(settings.data_dir))


def test_the_press_threshold_can_be_raised_never_lowered(demo, tmp_path, monkeypatch, capsys):
    """``--k 3`` published counts of 3 and 4 that the deployment's k = 5 hides. A table
    at k = 8 published, the same table at k = 5 would give its hidden 5s to 7s away
    (its own store: the release stays in the register)."""
    db = f"sqlite:///{tmp_path / 'own.sqlite'}"
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    assert main(["setup-demo", "--db", db]) == 0
    monkeypatch.setenv("HOTSPOTS_DATABASE_URL", db)
    monkeypatch.setenv("HOTSPOTS_K", "5")
    out = tmp_path / "low.csv"
    code = main(["export", "--role", "presse", "--by", "district,year", "--format", "csv",
                 "--k", "3", "--out", str(out)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 3 and not out.exists()
    assert "refused" in err and "HOTSPOTS_K" in err and "5" in err
    higher = tmp_path / "high.csv"
    code = main(["export", "--role", "presse", "--by", "district,year", "--format", "csv",
                 "--k", "8", "--out", str(higher)])  # fmt: skip
    assert code == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["k"] == 8
    code = main(["export", "--role", "presse", "--by", "district,year", "--format", "csv",
                 "--out", str(tmp_path / "k5.csv")])  # fmt: skip
    assert code == 2 and "cannot be protected" in capsys.readouterr().err


def test_cli_press_export_and_refusals(demo, tmp_path, monkeypatch, capsys):
    cli_env(monkeypatch, demo)
    out = tmp_path / "press.csv"
    code = main(["export", "--role", "presse", "--by", "district,year", "--format", "csv",
                 "--out", str(out), "--user", "press-office"])  # fmt: skip
    assert code == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["rows"] == len(read_csv(out.read_bytes())) and summary["from"] == "2025"
    hexes = tmp_path / "hex.geojson"
    code = main(["export", "--role", "presse", "--by", "hex", "--format", "geojson",
                 "--out", str(hexes)])  # fmt: skip
    assert code == 3 and not hexes.exists()
    assert "refused" in capsys.readouterr().err
    code = main(["export", "--role", "presse", "--by", "district,month", "--format", "csv",
                 "--from", "2025-01-15", "--out", str(tmp_path / "x.csv")])  # fmt: skip
    assert code == 2 and "whole calendar" in capsys.readouterr().err
    code = main(["export", "--role", "analyste", "--by", "hex,10", "--format", "gpkg",
                 "--out", str(tmp_path / "hex.gpkg")])  # fmt: skip
    assert code == 0
    store = Store.open(demo[0].effective_database_url)
    try:
        log = services.list_exports(store, "analyste")
    finally:
        store.close()
    made = log[log["user_name"] == "press-office"]
    assert len(made) == 1 and made.iloc[0]["format"] == "csv"
    assert made.iloc[0]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert (log["format"] == "gpkg").sum() == 1


def test_press_tables_on_random_stores_are_safe(tmp_path):
    """Data the code has never seen: random district/month counts through the whole
    export path, attacked from the CSV."""
    rng = np.random.default_rng(7)
    for _ in range(3):
        n = int(rng.integers(30, 400))
        codes = ("A", "B", "C", "D", "E", "F")
        table = TipTable(
            key64=np.arange(n, dtype=np.int64),
            received_ts=np.zeros(n, dtype=np.int64),
            day=np.zeros(n, dtype=np.int32),
            month=rng.integers(2024 * 12, 2024 * 12 + 12, n).astype(np.int32),
            hour=np.zeros(n, dtype=np.int8),
            weekday=np.zeros(n, dtype=np.int8),
            category=np.zeros(n, dtype=np.int8),
            triage=rng.integers(0, 3, n).astype(np.int8),
            hours=np.zeros(n, dtype=np.int32),
            observed=np.zeros(n, dtype=bool),
            h3=np.zeros(n, dtype=np.uint64),
            district=rng.choice(
                [-1, 0, 1, 2, 3, 4, 5], n, p=[0.05, 0.4, 0.3, 0.1, 0.1, 0.04, 0.01]
            ).astype(np.int8),
            commune=np.zeros(n, dtype=np.int16),
            tags=np.array([""] * n, dtype=object),
            district_codes=codes,
            commune_codes=("25056",),
        )
        ops = OpsTable(
            ops=pd.DataFrame(
                {"key64": [], "day": [], "month": [], "district": [], "commune": [], "arrests": []}
            ).astype({"key64": "int64", "day": "int32", "month": "int32", "arrests": "int64"}),
            links=pd.DataFrame(columns=["op_key64", "tip_key64"]),
            seized=pd.DataFrame(columns=["op_key64", "substance", "unit", "quantity"]),
        )
        districts = type("D", (), {"codes": codes, "names": codes})()
        press = exports.press_table(table, ops, districts, "month", 2024 * 12, 2024 * 12 + 11,
                                    5, "presse")  # fmt: skip
        rows = read_csv(exports.press_csv(press))
        for column in ("signalements", "signalements_exploitables"):
            grid = grid_of(rows, column)
            for cell, (low, high) in attack(grid, 5).items():
                assert high - low >= 1, (column, cell)
            assert all(isinstance(v, str) or v == 0 or v >= 5 for row in grid for v in row)
        assert rows[-1]["signalements"] == str(n)


def test_a_table_by_commune_has_fixed_rows_and_besancon_sums_its_quartiers(demo):
    """Rows: the communes the presets name (zeros included: a row shown only where
    there were tips would say so), « Autres communes », then the unlocated; Besançon's
    row is its quartiers' tips and its tips in none; the totals agree with the table by
    quartier of the same year."""
    settings, _store, districts, table, ops = demo
    area = load_area(settings)
    rows = exports.CommuneRows.of_area(area)
    first, last = exports.bucket_range(table, ops, "year", TODAY)
    press = exports.press_table(
        table, ops, districts, "year", first, last, 5, "presse", communes=rows
    )
    assert press.kind == "commune" and press.scope.startswith("commune|year|")
    assert press.row_codes[: len(rows.codes)] == list(rows.codes)
    assert len(rows.codes) == 31 and rows.codes[0] == "25056"
    assert press.row_codes[len(rows.codes)] == exports.OTHER_COMMUNES
    assert press.row_names[len(rows.codes)] == "Autres communes"
    by_quartier = press_for(demo, "year")
    values = press.protected["tips"].values
    quartiers = by_quartier.protected["tips"].values[: len(districts.codes), 0].sum()
    besancon = int(values[0, 0])
    rest = int(
        ((table.district < 0) & (table.commune == list(table.commune_codes).index("25056"))).sum()
    )
    assert besancon == quartiers + rest == 131
    assert values[-1, 0] == by_quartier.protected["tips"].values[-1, 0] == 186
    assert (values[:-1, 0] == 0).sum() > 10  # communes without tips keep their row
    frame = read_csv(exports.press_csv(press))
    assert list(frame[0])[0] == "commune" and frame[0]["commune"] == "Besançon"


def test_cli_exports_a_table_by_commune_with_its_map(demo, tmp_path, monkeypatch, capsys):
    """``--by commune,year``: the CSV, the GeoJSON with the communes' outlines, the
    PDF sheet « par commune »; the release register keeps it apart from the table by
    quartier."""
    cli_env(monkeypatch, demo)
    made = {}
    for fmt in ("csv", "geojson", "pdf"):
        out = tmp_path / f"communes.{fmt}"
        code = main(["export", "--role", "presse", "--by", "commune,year", "--format", fmt,
                     "--out", str(out)])  # fmt: skip
        assert code == 0, capsys.readouterr().err
        summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        assert summary["kind"] == "commune" and summary["rows"] > 31
        made[fmt] = out
    rows = read_csv(made["csv"].read_bytes())
    assert rows[0]["commune"] == "Besançon" and rows[-1]["commune"] == "Ensemble"
    frame = pyogrio.read_dataframe(made["geojson"])
    assert "25388" in set(frame["code"]) and frame.geometry.is_valid.all()
    assert "commune" in frame.columns
    words = subprocess.run(
        ["pdftotext", "-raw", str(made["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(words.split())
    assert "Signalements par commune" in flat and "Doubs" in flat
    assert "Besançon : 131" in flat
