import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

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

    assert main(["stats", "--db", db_url, "--district", "saint-ferjeux-rosemont"]) == 0
    assert last_json(capsys.readouterr().out)["district"] == "SFR"


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
        ("tip_id,location\nT1,X\n", "missing required column(s) received_at"),
        (None, "cannot open the file"),
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
        "h3",
        "matched",
        "score",
    }


def test_hotspots_writes_the_gi_star_csv(db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    assert main(["setup-demo", "--db", db_url]) == 0
    capsys.readouterr()
    out = tmp_path / "hot.csv"
    assert main(["hotspots", "--db", db_url, "--res", "9", "--out", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    frame = pd.read_csv(out)
    assert {"h3", "count", "gi_z", "p_value", "bin"} <= set(frame.columns)
    assert summary["cells"] == len(frame) > 600  # every cell of the city, empty ones too
    assert frame["count"].sum() == summary["tips"] >= 30
    assert frame["bin"].between(-3, 3).all()
    assert summary["hot_95"] > 0  # the demo's deal points stand out
    assert summary["parameters"]["correction"] == "Benjamini-Hochberg FDR"
    # November alone holds too few located tips: refused with the reason, exit 2
    code = main(["hotspots", "--db", db_url, "--from", "2025-11-15", "--out", str(out)])
    assert code == 2
    assert "needs at least 30" in capsys.readouterr().err
