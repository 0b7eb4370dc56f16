import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from scipy.stats import binomtest

from hotspots.cli import main
from tests.conftest import TEST_SECRET

ROOT = Path(__file__).resolve().parents[1]


def run_cli(args, tmp_path, extra_env=None):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOTSPOTS_DATA_DIR": str(tmp_path / "data"),
        "HOTSPOTS_SECRET": TEST_SECRET,
        **(extra_env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "hotspots", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def last_json(stdout: str) -> dict:
    return json.loads(stdout.strip().splitlines()[-1])


def test_demo_files_ingest_to_the_published_figures(db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOTSPOTS_SECRET", TEST_SECRET)
    assert main(["demo-data", "--out", str(tmp_path / "demo")]) == 0
    capsys.readouterr()
    tips, ops = tmp_path / "demo" / "tips.csv", tmp_path / "demo" / "operations.csv"
    assert main(["ingest", str(tips), "--operations", str(ops), "--db", db_url]) == 0
    summary = last_json(capsys.readouterr().out)
    assert summary["read"] == summary["ingested"] + summary["duplicates"] + summary["quarantined"]
    assert summary["tips"]["ingested"] == 186 and summary["quarantined"] == 0

    assert main(["stats", "--db", db_url, "--from", "2025-01-01", "--to", "2025-11-21"]) == 0
    figures = last_json(capsys.readouterr().out)
    assert figures["tips"] == 186
    assert 15 <= figures["tips_per_month"] <= 18
    assert figures["exploitable_share"] == pytest.approx(2 / 3, abs=0.02)
    seized = figures["seizures"]
    assert {"ketamine_g", "cocaine_g", "cannabis_resin_g"} <= set(seized)
    assert 900 <= seized["cannabis_resin_g"] <= 1000
    assert figures["cash_eur"] >= 550
    assert 10 <= figures["operations"] <= 15
    # the data start in January 2025: the 325 days before are no data, not zero
    assert figures["previous"] == {
        "from": "2024-02-11",
        "to": "2024-12-31",
        "tips": None,
        "p_value": None,
        "verdict": "not_comparable",
    }
    # July-September against April-June, both covered: the exact conditional test with
    # the periods' lengths (92 and 91 days)
    assert main(["stats", "--db", db_url, "--from", "2025-07-01", "--to", "2025-09-30"]) == 0
    q3 = last_json(capsys.readouterr().out)
    previous = q3["previous"]
    assert (previous["from"], previous["to"]) == ("2025-04-01", "2025-06-30")
    expected = binomtest(q3["tips"], q3["tips"] + previous["tips"], 92 / 183).pvalue
    assert previous["p_value"] == pytest.approx(expected)
    assert previous["verdict"] in ("increase", "decrease", "no_significant_change")
    assert (previous["verdict"] == "no_significant_change") == (expected >= 0.05)

    assert main(["stats", "--db", db_url, "--district", "saint-ferjeux-rosemont"]) == 0
    assert last_json(capsys.readouterr().out)["district"] == "SFR"


def test_a_declared_start_makes_earlier_periods_comparable(db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOTSPOTS_SECRET", TEST_SECRET)
    path = tmp_path / "t.csv"
    path.write_text("tip_id,received_at,location\nA,2025-03-02T10:00,Planoise\n")
    args = ["ingest", str(path), "--db", db_url]
    assert main([*args, "--data-since", "2025-01-01"]) == 0
    capsys.readouterr()
    assert main(["stats", "--db", db_url, "--from", "2025-03-01", "--to", "2025-03-02"]) == 0
    previous = last_json(capsys.readouterr().out)["previous"]
    assert (previous["from"], previous["tips"], previous["verdict"]) == (
        "2025-02-27",
        0,
        "no_significant_change",
    )
    # a period running past the last tip (2 March) is not over: no comparison either
    assert main(["stats", "--db", db_url, "--from", "2025-03-01", "--to", "2025-03-31"]) == 0
    assert last_json(capsys.readouterr().out)["previous"]["verdict"] == "not_comparable"
    assert main(["stats", "--db", db_url, "--from", "2024-12-01", "--to", "2024-12-31"]) == 0
    assert last_json(capsys.readouterr().out)["previous"]["verdict"] == "not_comparable"


def test_ingest_prints_one_summary_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "tip_id;received_at;lat;lon\nA;2025-01-01;47,24;6,02\nA;2025-01-01;47,24;6,02\nB;x;1;1\n"
    )
    result = run_cli(["ingest", str(path), "--db", f"sqlite:///{tmp_path / 's.db'}"], tmp_path)
    assert result.returncode == 0, result.stderr
    summary = last_json(result.stdout)
    assert {k: summary[k] for k in ("read", "ingested", "duplicates", "quarantined")} == {
        "read": 3,
        "ingested": 1,
        "duplicates": 1,
        "quarantined": 1,
    }
    assert Path(summary["quarantine_file"]).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("tip_id,location\nT1,X\n", "introuvable(s) pour un fichier de signalements : date"),
        (None, "le fichier ne peut pas être ouvert"),
    ],
)
def test_unusable_input_exits_2_with_one_line(tmp_path, content, message):
    path = tmp_path / "t.csv"
    if content is not None:
        path.write_text(content)
    result = run_cli(["ingest", str(path), "--db", f"sqlite:///{tmp_path / 's.db'}"], tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_unknown_district_is_explained(tmp_path):
    result = run_cli(
        ["stats", "--db", f"sqlite:///{tmp_path / 's.db'}", "--district", "Paris"], tmp_path
    )
    assert result.returncode == 2 and "unknown district 'Paris'" in result.stderr


def test_geocode_reads_queries_from_stdin(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "hotspots", "geocode", "-"],
        cwd=ROOT,
        input="Planoise\n47.2397, 6.0226\nchez moi\n",
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOTSPOTS_DATA_DIR": str(tmp_path / "data")},
    )
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["precision"] for a in answers] == ["district", "point", "unresolved"]
    assert set(answers[0]) == {
        "query",
        "lat",
        "lon",
        "precision",
        "district",
        "district_code",
        "commune",
        "commune_code",
        "h3",
        "matched",
        "score",
    }


def test_hotspots_writes_the_hot_spot_csv(db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    assert main(["setup-demo", "--db", db_url]) == 0
    capsys.readouterr()
    out = tmp_path / "hot.csv"
    assert main(["hotspots", "--db", db_url, "--res", "9", "--out", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    frame = pd.read_csv(out)
    assert {"h3", "count", "gi_z", "p_value", "bin", "place"} <= set(frame.columns)
    hottest = frame.sort_values("neighbourhood", ascending=False).iloc[0]
    assert hottest["bin"] == 3 and "," in hottest["place"]  # « landmark, district »
    assert summary["cells"] == len(frame) > 600  # every cell of the city, empty ones too
    assert frame["count"].sum() == summary["tips"] >= 30
    assert frame["bin"].between(-3, 3).all()
    assert summary["hot_95"] > 0  # the demo's deal points stand out
    assert summary["parameters"]["correction"] == "Benjamini-Hochberg FDR"
    # November alone holds too few located tips: refused with the reason, exit 2
    code = main(["hotspots", "--db", db_url, "--from", "2025-11-15", "--out", str(out)])
    assert code == 2
    assert "needs at least 30" in capsys.readouterr().err
