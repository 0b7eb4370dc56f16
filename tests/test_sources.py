"""Files as units export them: French headers, Windows-1252, Excel, a mapping file,
the demo database's refusal, and undoing an import."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import text

from hotspots.bootstrap import ensure_demo_database
from hotspots.cli import main
from hotspots.ingest import DemoStoreRefused, ingest_file
from hotspots.reading import MissingColumns, read_chunks
from hotspots.schema import RecordKind
from hotspots.sources import (
    ColumnMapping,
    MappingError,
    detect_encoding,
    load_mapping,
    recognise,
)
from hotspots.store import Store
from tests.helpers import database_text, table_frame

NOW = pd.Timestamp("2025-12-01T12:00", tz="UTC")
POLICE_HEADER = "N° signalement;Date;Heure;Adresse;Commentaire;Exploitable"
POLICE_ROWS = [
    "A-001;14/03/2025;21h30;place Marulaz;Guetteur à l'entrée, allées et venues;oui",
    "A-002;15/03/2025;21 h;rue Battant;Scooter qui livre;non",
    "A-003;16/03/2025;9:05;Planoise;Regroupement bruyant;",
    "A-004;17/03/2025;;12 rue de Belfort, Audincourt;Échanges près du hall;oui",
]


def police_file(path, encoding: str):
    path.write_bytes(("\r\n".join([POLICE_HEADER, *POLICE_ROWS]) + "\r\n").encode(encoding))
    return path


def ingest(settings, path, **kwargs):
    store = Store.open(settings.database_url)
    try:
        return ingest_file(path, RecordKind.TIPS, store, settings, now=NOW, **kwargs)
    finally:
        store.close()


def test_french_headers_are_recognised_and_a_mapping_names_the_rest():
    found = recognise(POLICE_HEADER.split(";"), RecordKind.TIPS)
    assert found.names == [
        "tip_id", "received_at", "received_time", "location", "description", "exploitable",
    ]  # fmt: skip
    common = recognise(["Réf. plateforme", "Reçu le", "à", "Lieu"], RecordKind.TIPS)
    assert common.names == ["tip_id", "received_at", "received_time", "location"]
    odd = ["Clé", "Jour", "Vers", "Secteur / lieu", "Obs."]
    alone = recognise(odd, RecordKind.TIPS)
    assert alone.how == {}
    mapping = ColumnMapping(
        {"tip_id": ("Clé",), "received_at": ("Jour", "vers"), "location": ("secteur lieu",)}
    )
    named = recognise(odd, RecordKind.TIPS, mapping)
    assert named.names[:4] == ["tip_id", "received_at", "received_time", "location"]
    assert named.how["tip_id"] == "mapping" and named.names[4] == "obs"
    with pytest.raises(MappingError, match="« Numéro » .* its columns: Clé"):
        recognise(odd, RecordKind.TIPS, ColumnMapping({"tip_id": ("Numéro",)}))
    # an hour with no date column is no date: it keeps its own name
    assert "received_time" not in recognise(["id", "heure", "lieu"], RecordKind.TIPS).how


def test_encodings_are_told_apart(tmp_path):
    assert detect_encoding(police_file(tmp_path / "a.csv", "cp1252")) == "windows-1252"
    assert detect_encoding(police_file(tmp_path / "b.csv", "utf-8")) == "utf-8"
    assert detect_encoding(police_file(tmp_path / "c.csv", "utf-8-sig")) == "utf-8"
    # UTF-8 text with a line of binary junk stays UTF-8 (the line is quarantined)
    junk = tmp_path / "d.csv"
    junk.write_bytes(b"tip_id,received_at,location\n1,2025-03-01,Planoise\n" + b"\x00\xff\x01\n")
    assert detect_encoding(junk) == "utf-8"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig"])
def test_a_police_export_is_ingested_whole_with_no_option(settings, tmp_path, encoding):
    """``N° signalement;Date;Heure;Adresse;Commentaire;Exploitable``, in Windows-1252
    or UTF-8: every row ingested, at its hour (« 21h30 », « 21 h », « 9:05 »), the
    encoding named in the summary."""
    summary = ingest(settings, police_file(tmp_path / "export_police_fr.csv", encoding))
    assert (summary.read, summary.ingested, summary.quarantined) == (4, 4, 0)
    assert summary.encoding == ("windows-1252" if encoding == "cp1252" else "utf-8")
    assert summary.columns["tip_id"] == "N° signalement"
    assert summary.columns["received_time"] == "Heure"
    stored = table_frame(settings.database_url, "tips").sort_values("received_ts")
    assert list(stored["hour_local"]) == [21, 21, 9, 0]
    assert stored["exploitable"].tolist()[:2] == [True, False]
    assert stored["commune"].tolist()[3] == "25031"  # Audincourt
    assert "lookout" in stored["tags"].iloc[0]  # « Guetteur » read with its accent


def workbook(path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Suivi"
    sheet.append(["Clé", "Jour", "Vers", "Secteur / lieu", "Obs.", "Traitement"])
    sheet.append(["X-1", dt.date(2025, 4, 2), dt.time(22, 15), "place de la Révolution",
                  "deal\nrépété", "Transmis"])  # fmt: skip
    sheet.append(["X-2", dt.datetime(2025, 4, 3, 18, 0), None, "Planoise", "bruit", "Classé"])
    sheet.append(["X-3", "04/04/2025", "23h", "Montbéliard", "", "En attente"])
    book.create_sheet("Notes").append(["rien"])
    book.save(path)
    return path


MAPPING = """
[columns]
tip_id = "Clé"
received_at = ["Jour", "Vers"]
location = "Secteur / lieu"
description = "Obs."
exploitable = "Traitement"

[values.exploitable]
"Transmis" = "oui"
"Classé" = "non"
"en attente" = ""
"""


def test_an_excel_sheet_with_headers_no_one_could_guess_needs_its_mapping(
    settings, tmp_path, monkeypatch, capsys
):
    book = workbook(tmp_path / "suivi.xlsx")
    mapping_file = tmp_path / "suivi.toml"
    mapping_file.write_text(MAPPING, encoding="utf-8")
    monkeypatch.setenv("HOTSPOTS_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("HOTSPOTS_LANG", "fr")
    assert main(["ingest", str(book)]) == 2
    err = capsys.readouterr().err
    assert "colonne(s) obligatoire(s) introuvable(s)" in err and "« Clé »" in err
    assert str(tmp_path) in err  # the path as the user typed it, no server folder
    assert main(["ingest", str(book), "--mapping", str(mapping_file), "--user", "ana"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (summary["read"], summary["ingested"], summary["encoding"]) == (3, 3, "xlsx")
    stored = table_frame(settings.database_url, "tips").sort_values("received_ts")
    assert list(stored["hour_local"]) == [22, 18, 23]
    assert stored["exploitable"].tolist()[:2] == [True, False]
    assert pd.isna(stored["exploitable"].tolist()[2])  # « En attente »: pending
    assert list(stored["commune"])[2] == "25388"
    assert main(["imports"]) == 0
    run = json.loads(capsys.readouterr().out.strip().splitlines()[0])
    assert run["file_name"] == str(book) and run["user_name"] == "ana"
    assert len(run["sha256"]) == 64 and run["ingested"] == 3


def test_a_mapping_file_is_checked(tmp_path):
    def read(body: str) -> ColumnMapping:
        path = tmp_path / f"{uuid.uuid4().hex}.toml"
        path.write_text(body, encoding="utf-8")
        return load_mapping(path, RecordKind.TIPS)

    good = read(MAPPING)
    assert good.columns["received_at"] == ("Jour", "Vers")
    assert good.values["exploitable"]["Transmis"] == "oui"
    assert read(good.to_toml()) == good  # what the page saves reads back
    with pytest.raises(MappingError, match="'numero' is not a column of a tips file"):
        read('[columns]\nnumero = "N°"\n')
    with pytest.raises(MappingError, match="only received_at takes two headers"):
        read('[columns]\nlocation = ["a", "b"]\n')
    with pytest.raises(MappingError, match="not a TOML file"):
        read("[columns\n")


def test_unknown_headers_exit_2_in_french_naming_the_columns_found(tmp_path, monkeypatch, capsys):
    path = tmp_path / "inconnu.csv"
    path.write_text("Foo;Bar;Baz\n1;2;3\n", encoding="utf-8")
    monkeypatch.setenv("HOTSPOTS_DATABASE_URL", f"sqlite:///{tmp_path / 'real.sqlite'}")
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOTSPOTS_LANG", "fr")
    assert main(["ingest", str(path)]) == 2
    err = capsys.readouterr().err
    assert "numéro du signalement (tip_id)" in err and "date de réception" in err
    assert "Colonnes trouvées : « Foo », « Bar », « Baz »" in err
    with pytest.raises(MissingColumns) as caught:
        list(read_chunks(path, RecordKind.TIPS))
    assert "Columns found" in caught.value.text("en")


def test_the_demo_database_refuses_real_data(tmp_path, monkeypatch, capsys):
    from hotspots.config import Settings

    folder = tmp_path / "demo"
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'demo.sqlite'}")
    ensure_demo_database(settings)
    before = database_text(settings.database_url)
    with pytest.raises(DemoStoreRefused):
        ingest(settings, police_file(tmp_path / "vrai.csv", "cp1252"))
    monkeypatch.setenv("HOTSPOTS_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(folder))
    monkeypatch.setenv("HOTSPOTS_LANG", "fr")
    assert main(["ingest", str(tmp_path / "vrai.csv")]) == 2
    assert "base de démonstration" in capsys.readouterr().err
    assert database_text(settings.database_url) == before


def _content(url: str) -> str:
    """The store's rows and aggregates, without the import register and the data
    version (which an import and its undo move on)."""
    store = Store.open(url)
    try:
        with store.engine.connect() as conn:
            parts = []
            for table in ("tips", "operations", "operation_tips", "seizures"):
                rows = conn.execute(text(f"SELECT * FROM {table}")).fetchall()  # noqa: S608
                parts.append(f"{table}: {sorted(map(tuple, rows), key=repr)}")
        return "\n".join(parts)
    finally:
        store.close()


def test_an_import_then_its_undo_leaves_the_store_as_it_was(
    settings, tmp_path, monkeypatch, capsys
):
    first = ingest(settings, police_file(tmp_path / "premier.csv", "cp1252"))
    before = _content(settings.database_url)
    extra = tmp_path / "second.csv"
    extra.write_text(
        POLICE_HEADER + "\n" + "\n".join(r.replace("A-", "B-") for r in POLICE_ROWS)
        + "\nA-001;14/03/2025;21h30;place Marulaz;doublon;oui\n",
        encoding="utf-8",
    )  # fmt: skip
    second = ingest(settings, extra, user="ana")
    assert (second.ingested, second.duplicates) == (4, 1)
    assert _content(settings.database_url) != before
    monkeypatch.setenv("HOTSPOTS_DATABASE_URL", settings.database_url)
    assert main(["undo-import", str(second.run_id), "--user", "chef"]) == 0
    removed = json.loads(capsys.readouterr().out.strip())["removed"]
    assert removed["tips"] == 4
    assert _content(settings.database_url) == before  # the duplicate's tip is the first's
    assert main(["undo-import", str(second.run_id)]) == 2
    assert "already undone" in capsys.readouterr().err
    runs = {r["run_id"]: r for r in Store.open(settings.database_url).imports()}
    assert runs[second.run_id]["undone_by"] == "chef" and runs[first.run_id]["undone_ts"] is None


# --- property: any mapping, any encoding ------------------------------------------------
cell = st.one_of(
    # French text: accented small letters, quotes (Windows-1252 bytes that happen to be
    # a UTF-8 sequence, « é«» », make a line UTF-8: such lines are not French text)
    st.text(alphabet="abcéèàçôûù '-;,\"\n", max_size=12),
    st.sampled_from(["", "14/03/2025", "2025-03-14T21:30", "21h30", "oui", "Planoise", "=1+1"]),
)


@hsettings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(st.lists(cell, min_size=5, max_size=5), max_size=12),
    names=st.permutations(["Réf", "Reçu", "Heure", "Où", "Texte"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "xlsx"]),
)
def test_any_mapping_and_encoding_accounts_for_every_row_and_undoes_exactly(
    settings, tmp_path, rows, names, encoding
):
    run = uuid.uuid4().hex[:8]
    columns = {"tip_id": (names[0],), "received_at": (names[1], names[2]),
               "location": (names[3],), "description": (names[4],)}  # fmt: skip
    mapping = ColumnMapping(columns, {"location": {"planoise": "Planoise, Besançon"}})
    body = [[f"{run}-{i}-{r[0]}", *r[1:]] for i, r in enumerate(rows)]
    if encoding == "xlsx":
        path = tmp_path / f"{run}.xlsx"
        book = Workbook()
        book.active.append(names)
        for values in body:
            book.active.append(values)
        book.save(path)
    else:
        path = tmp_path / f"{run}.csv"
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows(body)
        path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    before = _content(settings.database_url)
    summary = ingest(settings, path, mapping=mapping)
    assert summary.read == summary.ingested + summary.duplicates + summary.quarantined
    assert summary.read == len(rows)
    store = Store.open(settings.database_url)
    try:
        store.undo_import(summary.run_id, "test", 0)
    finally:
        store.close()
    assert _content(settings.database_url) == before


def test_every_quarantine_reason_is_also_given_in_french(settings, tmp_path):
    """The hostile file of the ingest tests: each quarantined row's ``motif`` is its
    ``reason`` in French (no reason the checks write is left in English)."""
    import csv as csv_module

    from tests.test_ingest import hostile_file

    summary = ingest(settings, hostile_file(tmp_path / "hostile.csv"))
    with open(summary.quarantine_file, encoding="utf-8", newline="") as fh:
        rows = list(csv_module.DictReader(fh))
    assert len(rows) == summary.quarantined >= 10
    for row in rows:
        assert row["motif"] and row["motif"] != row["reason"], row["reason"]
    assert any("n'est pas une date valide" in r["motif"] for r in rows)
    assert any("hors de la zone" in r["motif"] for r in rows)


def test_a_file_that_cannot_be_used_is_explained_in_french(tmp_path, monkeypatch, capsys):
    """Each reason a whole file is refused, on the command line in the deployment's
    language: empty, unreadable header, a column twice, a mapping that does not fit."""
    monkeypatch.setenv("HOTSPOTS_DATABASE_URL", f"sqlite:///{tmp_path / 'real.sqlite'}")
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOTSPOTS_LANG", "fr")
    cases = {
        b"": "le fichier est vide (aucune ligne d'en-t\\u00eate)",
        b"tip_id,tip_id,received_at,location\n": "appara\\u00eet deux fois dans l'en-t\\u00eate",
        b"\x00\x01id,date\n": "l'en-t\\u00eate (ligne 1) est illisible : la ligne contient",
    }
    for n, (body, words) in enumerate(cases.items()):
        path = tmp_path / f"f{n}.csv"
        path.write_bytes(body)
        assert main(["ingest", str(path)]) == 2
        err = capsys.readouterr().err
        assert words.encode().decode("unicode_escape") in err, err
        assert f"« {path} »" in err
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\ntip_id = "Numéro CROSS"\n', encoding="utf-8")
    police = police_file(tmp_path / "p.csv", "utf-8")
    assert main(["ingest", str(police), "--mapping", str(mapping)]) == 2
    err = capsys.readouterr().err
    assert "la correspondance nomme la colonne « Numéro CROSS » pour tip_id" in err
    assert "ses colonnes : N° signalement, Date, Heure" in err
