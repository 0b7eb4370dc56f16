import csv
import stat
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hotspots.analysis import stats
from hotspots.areas import load_area
from hotspots.ingest import ingest_file
from hotspots.privacy import key64, pseudonymise
from hotspots.schema import RecordKind
from hotspots.store import Store, StoreError
from tests.conftest import TEST_SECRET
from tests.helpers import database_text, table_frame, write_csv, write_operations

CANARY = "CANARY-7f3a9-Jean-Dupont-06 12 34 56 78"
NOW = pd.Timestamp("2025-12-01T12:00", tz="UTC")


@pytest.fixture
def store(settings):
    opened = Store.open(settings.database_url)
    yield opened
    opened.close()


def ingest(store, settings, path, kind=RecordKind.TIPS):
    return ingest_file(path, kind, store, settings, now=NOW)


def hostile_file(path):
    """Every kind of bad row, plus good rows and duplicates."""
    rows = [
        b"tip_id,received_at,location,lat,lon,category,observed,description,exploitable",
        b"G1,2025-03-01T21:00,,47.2397,6.0226,deal_point,18h-22h,guetteurs,oui",
        b"G2,2025-03-02T22:00,12 rue Battant,,,livraison,soir,scooter,non",
        b'G3,2025-03-03T23:00,,"47,2480","6,0030",autre,,,',
        b"G1,2025-03-01T21:00,,47.2397,6.0226,deal_point,,,oui",  # duplicate in file
        b"B1,2025-02-30T10:00,,47.24,6.02,,,,",  # impossible date
        b"B2,not a date,,47.24,6.02,,,,",
        b"B3,2099-01-01,,47.24,6.02,,,,",  # future
        b",2025-01-01,Battant,,,,,,",  # missing id
        b"B5,2025-01-01,,nan,inf,,,,",
        b"B6,2025-01-01,,47.24,,,,,",  # half given
        b"B7,2025-01-01,,95,6.02,,,,",  # out of range
        b"B8,2025-01-01,,48.85,2.35,,,,",  # Paris: outside the study area
        b"B9,2025-01-01,,,,,,,",  # no location
        b"B10,2025-01-01,X,,",  # ragged
        b"B11,2025-01-01,\xff\xfe\xfa,,,,,,",  # binary junk
        b"B12,2025-01-01,X,,,,,," + b"d" * 6000 + b",",  # huge field
        b"B13,2025-01-01,X,,,,,,peut-etre",
        b'B14,2025-01-01,"unclosed,,,,,,',
        b"G4,2025-03-04T20:00,Planoise,,,inconnue,,,",  # unknown category: ingested as other
    ]
    path.write_bytes(b"\n".join(rows) + b"\n")
    return path


def test_hostile_file_loses_nothing_and_reingest_adds_nothing(store, settings, tmp_path):
    path = hostile_file(tmp_path / "hostile.csv")
    first = ingest(store, settings, path)
    assert first.read == 19
    assert (first.ingested, first.duplicates, first.quarantined) == (4, 1, 14)
    assert first.unknown_categories == 1
    assert first.unresolved_locations == 0  # "12 rue Battant" and "Planoise" name districts

    with open(first.quarantine_file, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 14 and all(r["reason"] for r in rows)
    assert sorted(int(r["source_line"]) for r in rows) == list(range(6, 20))
    mode = stat.S_IMODE(__import__("os").stat(first.quarantine_file).st_mode)
    assert mode == 0o600

    second = ingest(store, settings, path)
    assert (second.read, second.ingested, second.duplicates, second.quarantined) == (19, 0, 5, 14)
    assert len(table_frame(settings.database_url, "tips")) == 4


def test_canary_text_never_reaches_the_store(store, settings, tmp_path):
    path = write_csv(
        tmp_path / "t.csv",
        [
            {
                "tip_id": "C1",
                "received_at": "2025-05-01T20:00",
                "location": f"12 rue {CANARY}",
                "description": f"{CANARY} vend de la résine dans le hall",
            },
            {
                "tip_id": "C2",
                "received_at": "2025-05-01T20:00",
                "lat": "47.2397",
                "lon": "6.0226",
                "location": CANARY,
                "description": CANARY,
            },
        ],
    )
    summary = ingest(store, settings, path)
    assert summary.ingested == 2
    store.close()
    text = database_text(settings.database_url)
    assert "CANARY" not in text and "Dupont" not in text
    assert "C1" not in text  # ids are pseudonymised
    tips = table_frame(settings.database_url, "tips").set_index("tip_key")
    key = pseudonymise(["C1"], TEST_SECRET)[0]
    assert tips.loc[key, "tags"] == "cannabis,stairwell"


def test_stored_values_are_coarsened(store, settings, tmp_path):
    path = write_csv(
        tmp_path / "t.csv",
        [
            {
                "tip_id": "P1",
                "received_at": "2025-05-01T20:47:13",
                "lat": "47.239712",
                "lon": "6.022634",
                "observed": "18h-22h",
                "exploitable": "oui",
            }
        ],
    )
    ingest(store, settings, path)
    row = table_frame(settings.database_url, "tips").iloc[0]
    assert row["received_ts"] == int(pd.Timestamp("2025-05-01T18:00", tz="UTC").timestamp())
    assert (row["hour_local"], row["observed_from"], row["observed_to"]) == (20, 18, 22)
    assert row["precision"] == "point" and row["district"] is not None
    import h3

    assert h3.get_resolution(h3.int_to_str(int(row["h3"]))) == 11
    assert set(table_frame(settings.database_url, "tips").columns).isdisjoint(
        {"lat", "lon", "location"}
    )


def test_operations_link_to_tips_and_sum_seizures(store, settings, tmp_path):
    tips = write_csv(
        tmp_path / "t.csv",
        [
            {
                "tip_id": f"T{i}",
                "received_at": "2025-07-01T20:00",
                "lat": "47.2397",
                "lon": "6.0226",
                "exploitable": "oui" if i < 3 else "non",
            }
            for i in range(5)
        ],
    )
    ops = write_operations(
        tmp_path / "o.csv",
        [
            {
                "operation_id": "O1",
                "started_at": "2025-07-29T18:00",
                "lat": "47.2397",
                "lon": "6.0226",
                "kind": "arrest",
                "tip_ids": "T0;T1",
                "arrests": "3",
                "seizures": "ketamine:5 g; cannabis_herb:24 g; cocaine:12 g",
                "cash_eur": "550",
            },
            {
                "operation_id": "O2",
                "started_at": "2025-10-28T06:30",
                "location": "Saint-Ferjeux",
                "kind": "search",
                "tip_ids": "T2",
                "arrests": "1",
                "seizures": "cannabis_resin:0,95 kg; packaging:1 pieces",
            },
            {
                "operation_id": "O3",
                "started_at": "2025-10-28",
                "location": "x",
                "seizures": "cocaine 5 g",
            },
        ],
    )
    ingest(store, settings, tips)
    summary = ingest(store, settings, ops, RecordKind.OPERATIONS)
    assert (summary.read, summary.ingested, summary.quarantined) == (3, 2, 1)
    links = table_frame(settings.database_url, "operation_tips")
    assert len(links) == 3
    assert set(links["tip_key64"]) == set(key64(pseudonymise(["T0", "T1", "T2"], TEST_SECRET)))
    figures = stats(store, load_area(settings))
    assert figures["tips"] == 5 and figures["exploitable_share"] == 0.6
    assert figures["operations"] == 2 and figures["arrests"] == 4 and figures["cash_eur"] == 550
    assert figures["seizures"] == {
        "cannabis_herb_g": 24.0,
        "cannabis_resin_g": 950.0,
        "cocaine_g": 12.0,
        "ketamine_g": 5.0,
        "packaging_pieces": 1.0,
    }
    again = ingest(store, settings, ops, RecordKind.OPERATIONS)
    assert (again.ingested, again.duplicates) == (0, 2)
    assert len(table_frame(settings.database_url, "seizures")) == 5


def test_jsonl_tips_are_ingested(store, settings, tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(
        '{"tip_id": "J1", "received_at": "2025-04-01T19:00:00+02:00", '
        '"lat": 47.2397, "lon": 6.0226}\n'
        '{"tip_id": "J2", "received_at": "2025-04-01", "location": "Planoise", '
        '"exploitable": true}\n'
        '{"tip_id": "J3", "received_at": "2025-04-01", "lat": 47.2}\n'
    )
    summary = ingest(store, settings, path)
    assert (summary.read, summary.ingested, summary.quarantined) == (3, 2, 1)
    with open(summary.quarantine_file, encoding="utf-8") as fh:
        assert '"J3"' in fh.read()  # the raw JSON line is kept


def test_a_json_line_that_breaks_the_parser_is_quarantined_not_fatal(store, settings, tmp_path):
    """A line nested 3,000 levels deep ended the whole import with a RecursionError, and
    a 5,000-digit number with a ValueError: each is now one quarantined line."""
    path = tmp_path / "t.jsonl"
    good = '{{"tip_id": "G{}", "received_at": "2025-04-01", "location": "Planoise"}}\n'
    path.write_text(
        "".join(good.format(i) for i in range(5))
        + '{"tip_id": "D", "x": '
        + "[" * 3000
        + "]" * 3000
        + "}\n"
        + '{"tip_id": "N", "received_at": "2025-04-01", "lat": '
        + "9" * 5000
        + "}\n"
        + "".join(good.format(i) for i in range(5, 10))
    )
    summary = ingest(store, settings, path)
    assert (summary.read, summary.ingested, summary.quarantined) == (12, 10, 2)
    reasons = pd.read_csv(summary.quarantine_file)["reason"].tolist()
    assert any("nested" in r for r in reasons) and any("digits" in r for r in reasons)


def test_another_secret_is_refused(store, settings, tmp_path):
    path = write_csv(
        tmp_path / "t.csv", [{"tip_id": "S1", "received_at": "2025-01-02", "location": "x"}]
    )
    ingest(store, settings, path)
    other = replace(settings, secret="another-secret-0123456789abcdef")
    with pytest.raises(StoreError, match="another pseudonymisation secret"):
        ingest(store, other, path)


def test_batches_commit_separately(store, settings, tmp_path):
    rows = [
        {"tip_id": f"B{i}", "received_at": "2025-01-02T10:00", "lat": "47.24", "lon": "6.02"}
        for i in range(250)
    ]
    rows.append(rows[10])  # a duplicate in a later batch
    path = write_csv(tmp_path / "t.csv", rows)
    summary = ingest_file(path, RecordKind.TIPS, store, settings, now=NOW, chunk_rows=100)
    assert (summary.read, summary.ingested, summary.duplicates) == (251, 250, 1)
    assert store.data_version() == 3


def test_a_64_bit_key_collision_is_quarantined_not_lost(store, settings, tmp_path, monkeypatch):
    import hotspots.ingest

    monkeypatch.setattr(hotspots.ingest, "key64", lambda keys: [42] * len(keys))
    first = write_csv(
        tmp_path / "a.csv", [{"tip_id": "K1", "received_at": "2025-01-02", "location": "x"}]
    )
    ingest(store, settings, first)
    second = write_csv(
        tmp_path / "b.csv",
        [{"tip_id": f"K{i}", "received_at": "2025-01-02", "location": "x"} for i in (1, 2, 3)],
    )
    summary = ingest(store, settings, second)
    assert (summary.read, summary.ingested, summary.duplicates, summary.quarantined) == (3, 0, 1, 2)
    with open(summary.quarantine_file, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["tip_id"] for r in rows] == ["K2", "K3"]
    assert all("collision" in r["reason"] for r in rows)


def test_unusable_file_records_nothing(store, settings, tmp_path):
    from hotspots.reading import InputError

    path = tmp_path / "t.csv"
    path.write_text("tip_id,location\nT1,X\n")
    with pytest.raises(InputError):
        ingest(store, settings, path)
    assert len(table_frame(settings.database_url, "ingest_runs")) == 0
    assert not settings.quarantine_dir.exists()


def test_place_texts_are_located_by_the_offline_geocoder(store, settings, tmp_path):
    path = write_csv(
        tmp_path / "t.csv",
        [
            {
                "tip_id": "L1",
                "received_at": "2025-05-01T20:00",
                "location": "près de la dalle à Planoise",
            },
            {"tip_id": "L2", "received_at": "2025-05-01T20:00", "location": "chez moi"},
            {"tip_id": "L3", "received_at": "2025-05-01T20:00", "location": "47,2397 ; 6,0226"},
        ],
    )
    summary = ingest(store, settings, path)
    assert (summary.ingested, summary.unresolved_locations) == (3, 1)
    rows = table_frame(settings.database_url, "tips").set_index("tip_key")
    keys = pseudonymise(["L1", "L2", "L3"], TEST_SECRET)
    district_only, unknown, point = (rows.loc[k] for k in keys)
    assert (district_only["precision"], district_only["district"]) == ("district", "PC")
    assert pd.isna(district_only["h3"])  # never in a hexagon
    assert unknown["precision"] == "unresolved" and pd.isna(unknown["district"])
    assert point["precision"] == "point" and not pd.isna(point["h3"])


def test_a_second_process_gives_the_same_result(tmp_path, monkeypatch):
    """The parallel path (checks in a worker process) stores and quarantines exactly what
    the serial path does, on a file with bad rows, in-file and cross-batch duplicates."""
    import hotspots.ingest as ingest_module
    from hotspots.config import Settings
    from hotspots.demo import write_demo_files

    monkeypatch.setattr(ingest_module, "PARALLEL_MIN_BYTES", 0)
    files = write_demo_files(tmp_path / "demo", n_tips=9_000, seed=3)
    lines = files["tips"].read_bytes().splitlines()
    bad = hostile_file(tmp_path / "bad.csv").read_bytes().splitlines()[1:]
    mixed = tmp_path / "mixed.csv"
    # bad rows at the start, a duplicate of an early row far later (another batch)
    mixed.write_bytes(b"\n".join([lines[0], *bad, *lines[1:], lines[5], *bad[:3]]) + b"\n")
    results = {}
    for workers in (1, 2):
        url = f"sqlite:///{tmp_path / f'store{workers}.sqlite'}"
        settings = Settings(data_dir=tmp_path / f"data{workers}", database_url=url,
                            secret=TEST_SECRET)  # fmt: skip
        store = Store.open(url)
        summary = ingest_file(mixed, RecordKind.TIPS, store, settings, now=NOW,
                              chunk_rows=2_000, workers=workers)  # fmt: skip
        store.close()
        quarantine = Path(summary.quarantine_file).read_text(encoding="utf-8-sig")
        tips = table_frame(url, "tips").drop(columns=["run_id"])
        results[workers] = (summary, quarantine, tips.sort_values("key64", ignore_index=True))
    (one, q1, t1), (two, q2, t2) = results[1], results[2]
    for field in ("read", "ingested", "duplicates", "quarantined", "unknown_categories",
                  "observed_unparsed", "unresolved_locations"):  # fmt: skip
        assert getattr(one, field) == getattr(two, field), field
    assert one.read == one.ingested + one.duplicates + one.quarantined
    assert one.duplicates >= 4 and one.quarantined >= 10
    assert q1 == q2
    pd.testing.assert_frame_equal(t1, t2)


def test_keys_stay_integers_when_a_batch_comes_out_empty(store, settings, tmp_path, monkeypatch):
    """A file of a whole number of batches ends with an empty one; storing it in one
    transaction with the batch before must not turn the keys into floats (SQLite would
    store them rounded)."""
    import hotspots.ingest

    monkeypatch.setattr(hotspots.ingest, "BATCH_ROWS", 50)
    rows = [
        {"tip_id": f"E{i}", "received_at": "2025-01-02T10:00", "lat": "47.24", "lon": "6.02"}
        for i in range(150)
    ]
    path = write_csv(tmp_path / "t.csv", rows)
    summary = ingest_file(path, RecordKind.TIPS, store, settings, now=NOW, chunk_rows=100)
    assert summary.ingested == 150
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT key64, tip_key FROM tips").all()
    assert len(stored) == 150
    assert [k for k, _ in stored] == key64([full for _, full in stored])
    again = ingest_file(path, RecordKind.TIPS, store, settings, now=NOW, chunk_rows=100)
    assert (again.ingested, again.duplicates) == (0, 150)


def test_a_collision_with_a_stored_tip_is_quarantined(store, settings, tmp_path, monkeypatch):
    """One new id whose 64-bit key is already stored under another id: the insert skips
    it and the lookup after it tells a collision from a duplicate."""
    import hotspots.ingest

    monkeypatch.setattr(hotspots.ingest, "key64", lambda keys: [42] * len(keys))
    first = write_csv(
        tmp_path / "a.csv", [{"tip_id": "K1", "received_at": "2025-01-02", "location": "x"}]
    )
    ingest(store, settings, first)
    for tip_id, expected in (("K2", (0, 0, 1)), ("K1", (0, 1, 0))):
        path = write_csv(
            tmp_path / f"{tip_id}.csv",
            [{"tip_id": tip_id, "received_at": "2025-01-02", "location": "x"}],
        )
        summary = ingest(store, settings, path)
        assert (summary.ingested, summary.duplicates, summary.quarantined) == expected


def test_new_and_stored_tips_in_one_file(store, settings, tmp_path):
    rows = [
        {"tip_id": f"M{i}", "received_at": "2025-01-02T10:00", "lat": "47.24", "lon": "6.02"}
        for i in range(30)
    ]
    ingest(store, settings, write_csv(tmp_path / "a.csv", rows[:20]))
    version = store.data_version()
    summary = ingest(store, settings, write_csv(tmp_path / "b.csv", rows[10:] + rows[25:27]))
    assert (summary.read, summary.ingested, summary.duplicates) == (22, 10, 12)
    assert store.data_version() == version + 1
    again = ingest(store, settings, write_csv(tmp_path / "c.csv", rows))
    assert (again.ingested, again.duplicates) == (0, 30)
    assert store.data_version() == version + 1


@pytest.mark.slow
def test_a_file_of_junk_costs_a_batch_of_memory_and_a_bounded_quarantine(tmp_path):
    """A valid header and 60 MB of random bytes: the process stays under 500 MB (about
    200 MB measured; it took 988 MB for 100 MB before rejects counted towards a
    batch) and the quarantine holds at most QUARANTINE_MAX_ROWS rows, a fraction of the
    input (it was 2.65 times the input); every line is still counted."""
    import json
    import os
    import subprocess
    import sys

    from hotspots.quarantine import QUARANTINE_MAX_ROWS

    path = tmp_path / "junk.csv"
    with path.open("wb") as fh:
        fh.write(b"tip_id,received_at,location,lat,lon\n")
        fh.write(np.random.default_rng(7).bytes(60 << 20))
    size = path.stat().st_size
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forking parent
    # (pytest, hundreds of MB late in the suite), VmHWM belongs to this process alone.
    script = (
        "import json, re, sys\n"
        "from hotspots.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "status = open('/proc/self/status').read()\n"
        "hwm = int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1))\n"
        "print(json.dumps({'peak_kb': hwm}))\n"
        "sys.exit(code)\n"
    )
    env = {
        **os.environ,
        "HOTSPOTS_DATA_DIR": str(tmp_path / "data"),
        "HOTSPOTS_SECRET": TEST_SECRET,
    }
    done = subprocess.run(
        [sys.executable, "-c", script, "ingest", str(path), "--db",
         f"sqlite:///{tmp_path / 's.db'}"],
        capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [json.loads(line) for line in done.stdout.strip().splitlines()]
    summary, memory = lines[-2], lines[-1]
    assert summary["read"] == summary["quarantined"] > 200_000
    assert summary["quarantine_unwritten"] == summary["quarantined"] - QUARANTINE_MAX_ROWS
    assert sum(summary["quarantine_unwritten_reasons"].values()) == summary["quarantine_unwritten"]
    assert Path(summary["quarantine_file"]).stat().st_size < 0.2 * size
    assert memory["peak_kb"] < 500 * 1024, memory


def test_an_odd_file_name_writes_only_in_the_quarantine_folder(store, settings, tmp_path):
    odd = tmp_path / "..%2F..%2Fetc" / "=cmd|'calc'!A0;..\\x .csv"
    odd.parent.mkdir()
    odd.write_text("tip_id,received_at,location\nA,not a date,Planoise\n")
    summary = ingest(store, settings, odd)
    assert summary.quarantined == 1
    written = Path(summary.quarantine_file)
    assert written.parent == settings.quarantine_dir.resolve()
    assert sorted(p.name for p in settings.quarantine_dir.iterdir()) == [written.name]
