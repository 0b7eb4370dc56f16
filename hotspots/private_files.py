"""Files and folders only their owner may read: the store, its journals, the data
folder, the users file. Tips name places where people live; other accounts on the
machine have no business reading them."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

__all__ = ["DIR_MODE", "FILE_MODE", "private_dir", "private_file", "private_sqlite_files"]

FILE_MODE = 0o600
DIR_MODE = 0o700
#: What SQLite writes beside a database in WAL mode.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")

log = logging.getLogger("hotspots")


def _tighten(path: Path, mode: int) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if current & 0o077:
        os.chmod(path, mode)
        log.warning(
            "%s was readable by other accounts (mode %04o): tightened to %04o", path, current, mode
        )


def private_dir(path: Path) -> Path:
    """Create ``path`` and every missing parent owner-only, or tighten ``path`` with a
    warning when it exists (existing parents are left as they are: they are not ours)."""
    path = Path(path)
    if path.exists():
        _tighten(path, DIR_MODE)
        return path
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    return path


def private_file(path: Path) -> Path:
    """Tighten an existing file to owner-only with a warning (nothing when absent)."""
    path = Path(path)
    if path.exists():
        _tighten(path, FILE_MODE)
    return path


def private_sqlite_files(database: Path) -> None:
    """Create the SQLite file owner-only before SQLite does (its journal files then take
    the same mode), and tighten the file and its journals when found looser."""
    database = Path(database)
    if not database.parent.exists():
        private_dir(database.parent)
    if not database.exists():
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    for path in (database, *(Path(f"{database}{s}") for s in SQLITE_COMPANIONS)):
        private_file(path)
