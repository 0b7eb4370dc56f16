"""The release register: a press table, once issued, stays as it was issued; late data
make a revision only when a press officer asks for one."""

from __future__ import annotations

import json

from hotspots import services
from hotspots.cli import main
from hotspots.store import Store
from tests.conftest import TEST_SECRET
from tests.helpers import add_fictitious_tips, write_late_tips

QUARTERS = ["export", "--role", "presse", "--by", "district,quarter", "--format", "csv",
            "--from", "2025", "--to", "2025"]  # fmt: skip


def _export(db: str, out, *extra: str) -> int:
    return main([*QUARTERS, "--db", db, "--out", str(out), "--user", "presse-1", *extra])


def test_a_release_stays_as_issued_until_a_revision_is_asked(db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOTSPOTS_SECRET", TEST_SECRET)
    assert main(["setup-demo", "--db", db_url]) == 0
    first = tmp_path / "first.csv"
    assert _export(db_url, first) == 0
    issued = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert issued["revision"] == 0

    # three tips of 2025 arrive late
    late = write_late_tips(tmp_path / "late.csv", "Planoise", month=5)
    add_fictitious_tips(db_url, late, tmp_path / "data")
    capsys.readouterr()

    again = tmp_path / "again.csv"
    assert _export(db_url, again) == 0
    err = capsys.readouterr().err
    assert again.read_bytes() == first.read_bytes()  # the release, not today's figures
    assert "--revision" in err and "would change" in err

    revised = tmp_path / "revised.csv"
    assert _export(db_url, revised, "--revision") == 0
    made = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert made["revision"] == 1 and made["release"] != issued["release"]
    assert revised.read_bytes() != first.read_bytes()
    assert ";189" in revised.read_text(encoding="utf-8-sig")  # 186 + 3 in the year's total

    later = tmp_path / "later.csv"
    assert _export(db_url, later) == 0
    assert later.read_bytes() == revised.read_bytes()  # the revision is now the release
    assert _export(db_url, tmp_path / "nothing.csv", "--revision") == 2
    assert "nothing published would change" in capsys.readouterr().err

    store = Store.open(db_url)
    try:
        register = services.list_releases(store, "presse")
    finally:
        store.close()
    assert sorted(register["revision"]) == [0, 1]
    assert set(register["scope"]) == {"district|quarter|8100|8103|k5"}
    assert set(register["user_name"]) == {"presse-1"}
