"""The quarantine file: every rejected row with its original fields and the reason."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd

from hotspots.csv_safety import formula_safe
from hotspots.reading import RAW_COLUMN, Reject

__all__ = ["QuarantineFile"]

FILE_MODE = 0o600  # it holds raw tip text
DIR_MODE = 0o700


class QuarantineFile:
    """A CSV opened on the first rejected row (mode 0600), one row per rejected record.

    Columns: ``source_line``, ``reason``, the input file's columns, and ``raw`` (the
    whole line, for lines that could not be split into fields). Cells that could start
    a spreadsheet formula are prefixed with ``'``.
    """

    def __init__(
        self, directory: Path, source: Path, kind: str, columns: list[str], stamp: str
    ) -> None:
        self.path = Path(directory) / f"{Path(source).stem}.{kind}.{stamp}.quarantine.csv"
        self.columns = [c for c in columns if c not in ("source_line", RAW_COLUMN)]
        self.count = 0
        self._fh = None
        self._writer = None

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(self.path.parent, DIR_MODE)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="", errors="backslashreplace")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(["source_line", "reason", *self.columns, "raw"])

    def _write(self, rows: list[list[object]]) -> None:
        if not rows:
            return
        if self._writer is None:
            self._open()
        self._writer.writerows([[formula_safe(v) for v in row] for row in rows])
        self.count += len(rows)

    def add_rejects(self, rejects: list[Reject]) -> None:
        """Lines that never became records: the raw text goes in ``raw``."""
        blanks = [""] * len(self.columns)
        self._write([[r.source_line, r.reason, *blanks, r.raw] for r in rejects])

    def add_rows(self, rejected: pd.DataFrame) -> None:
        """Records refused by validation, with their fields."""
        if rejected.empty:
            return
        fields = rejected.reindex(columns=self.columns).astype(object).fillna("")
        raw = (
            rejected[RAW_COLUMN] if RAW_COLUMN in rejected else pd.Series("", index=rejected.index)
        )
        rows = [
            [line, reason, *values, raw_line]
            for line, reason, values, raw_line in zip(
                rejected["source_line"].tolist(),
                rejected["reason"].tolist(),
                fields.itertuples(index=False, name=None),
                raw.tolist(),
                strict=True,
            )
        ]
        self._write(rows)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    @property
    def written_path(self) -> Path | None:
        """The file's path, or ``None`` when nothing was rejected."""
        return self.path if self.count else None
