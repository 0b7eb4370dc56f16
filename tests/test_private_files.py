"""The store, its journals, the data folder and the users file are owner-only, and
are tightened (with a warning) when found looser."""

from __future__ import annotations

import logging
import os
import stat

from hotspots import auth
from hotspots.cli import main
from hotspots.store import Store


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_sqlite_store_and_its_journals_are_owner_only(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "umask", os.umask)  # keep the test's umask as it is
    old = os.umask(0o022)
    try:
        db = tmp_path / "data" / "hotspots.sqlite"
        store = Store.open(f"sqlite:///{db}")
        with store.transaction() as conn:
            store.set_meta(conn, "probe", "1")
        journals = [p for p in db.parent.iterdir() if p.name != db.name]
        assert journals, "WAL mode writes -wal and -shm beside the store"
        for path in [db, *journals]:
            assert mode(path) == 0o600, path
        assert mode(db.parent) == 0o700
        store.close()
    finally:
        os.umask(old)


def test_a_store_found_readable_is_tightened_with_a_warning(tmp_path, caplog):
    db = tmp_path / "store.sqlite"
    Store.open(f"sqlite:///{db}").close()
    os.chmod(db, 0o644)  # noqa: S103
    with caplog.at_level(logging.WARNING, logger="hotspots"):
        Store.open(f"sqlite:///{db}").close()
    assert mode(db) == 0o600
    assert "readable by other accounts" in caplog.text and "0644" in caplog.text


def test_the_data_folder_is_tightened_when_a_command_runs(tmp_path, monkeypatch, caplog):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)  # noqa: S103 (the looser folder under test)
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(data))
    monkeypatch.setenv("HOTSPOTS_SECRET", "private-files-test-secret-0123456789")
    with caplog.at_level(logging.WARNING, logger="hotspots"):
        assert main(["stats"]) == 0
    assert mode(data) == 0o700
    assert mode(data / "hotspots.sqlite") == 0o600
    assert str(data) in caplog.text


def test_add_user_tightens_an_existing_users_file(tmp_path):
    path = tmp_path / "users.toml"
    path.write_text("# users\n")
    os.chmod(path, 0o644)  # noqa: S103
    auth.add_user(path, "alice", "analyste", "correct horse battery")
    assert mode(path) == 0o600
