"""An ingest killed with SIGKILL leaves a consistent store; running it again completes it."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from hotspots.demo import write_demo_files
from hotspots.store import tips
from tests.conftest import TEST_SECRET
from tests.helpers import table_frame

ROOT = Path(__file__).resolve().parents[1]
TIPS_N = 120_000
KILL_DEADLINE_S = 120


def count_tips(url: str) -> int:
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(tips)).scalar()
    except Exception:  # the schema may not exist yet
        return 0
    finally:
        engine.dispose()


def ingest_command(tips_file: Path, url: str, data_dir: Path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOTSPOTS_SECRET": TEST_SECRET,
        "HOTSPOTS_DATA_DIR": str(data_dir),
    }
    args = [sys.executable, "-m", "hotspots", "ingest", str(tips_file), "--db", url]
    return args, env


@pytest.mark.slow
def test_sigkill_midway_then_rerun_equals_a_clean_ingest(db_url, tmp_path):
    files = write_demo_files(tmp_path / "demo", n_tips=TIPS_N, seed=11)
    args, env = ingest_command(files["tips"], db_url, tmp_path / "data")
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + KILL_DEADLINE_S
    while count_tips(db_url) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = count_tips(db_url)
    assert 0 < partial < TIPS_N, f"kill came too late or too early ({partial} tips stored)"
    assert partial % 20_000 == 0  # whole batches only

    if db_url.startswith("sqlite"):
        engine = create_engine(db_url)
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        engine.dispose()

    rerun = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr

    clean_url = f"sqlite:///{tmp_path / 'clean.sqlite'}"
    clean_args, _ = ingest_command(files["tips"], clean_url, tmp_path / "data")
    subprocess.run(clean_args, cwd=ROOT, env=env, check=True, capture_output=True)

    resumed = table_frame(db_url, "tips").drop(columns="run_id").sort_values("key64")
    clean = table_frame(clean_url, "tips").drop(columns="run_id").sort_values("key64")
    assert len(resumed) == len(clean) == TIPS_N
    assert resumed["tip_key"].tolist() == clean["tip_key"].tolist()
    assert (
        resumed.reset_index(drop=True)
        .astype(object)
        .equals(clean.reset_index(drop=True).astype(object))
    )
