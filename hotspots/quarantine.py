"""The quarantine file: every rejected row with its original fields and the reason."""

from __future__ import annotations

import csv
import hashlib
import os
import re
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from hotspots.csv_safety import formula_safe
from hotspots.private_files import FILE_MODE, private_dir
from hotspots.reading import QUARANTINE_RAW_CHARS, RAW_COLUMN, Reject
from hotspots.reasons import reason_text

__all__ = ["QuarantineFile"]

#: Rows written to one quarantine file at most; further rejects are counted (with their
#: reasons) in the summary, not written: a file of junk cannot make a quarantine larger
#: than itself (200 MB of random bytes wrote 556 MB), and the first ten thousand
#: rejects are enough to see what is wrong with a file.
QUARANTINE_MAX_ROWS = 10_000


class QuarantineFile:
    """A CSV opened on the first rejected row (mode 0600), one row per rejected record.

    Columns: ``source_line``, ``reason`` (in English, the same in every deployment),
    with ``lang="fr"`` ``motif`` (the reason in French, :mod:`hotspots.reasons`), the
    input file's columns, ``raw`` (the line,
    for lines that could not be split into fields, and JSON Lines), ``raw_bytes`` and
    ``raw_sha256`` (of the whole line). Every cell is cut to
    :data:`hotspots.reading.QUARANTINE_RAW_CHARS` characters; cells that could start a
    spreadsheet formula are prefixed with ``'``. After :data:`QUARANTINE_MAX_ROWS`
    rows, rejects are counted in :attr:`unwritten` (and by reason in
    :attr:`unwritten_reasons`) instead of written.
    """

    def __init__(
        self,
        directory: Path,
        source: Path,
        kind: str,
        columns: list[str],
        stamp: str,
        lang: str = "en",
    ) -> None:
        self.lang = lang
        self.path = Path(directory) / f"{Path(source).stem}.{kind}.{stamp}.quarantine.csv"
        self.columns = [c for c in columns if c not in ("source_line", RAW_COLUMN)]
        self.count = 0
        self.unwritten = 0
        self.unwritten_reasons: dict[str, int] = {}
        self._fh: TextIO | None = None
        self._writer: Any = None  # a csv writer once the first row comes

    def _open(self) -> None:
        private_dir(self.path.parent)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        fh = os.fdopen(fd, "w", encoding="utf-8", newline="", errors="backslashreplace")
        self._fh = fh
        self._writer = csv.writer(fh)
        worded = ["motif"] if self.lang == "fr" else []
        self._writer.writerow(
            ["source_line", "reason", *worded, *self.columns, "raw", "raw_bytes", "raw_sha256"]
        )

    def _write(self, rows: list[list[object]]) -> None:
        if not rows:
            return
        room = max(QUARANTINE_MAX_ROWS - self.count, 0)
        for row in rows[room:]:
            reason = re.sub(r"(?<![A-Za-z-])\d[\d,.]*", "N", str(row[1]))[:120]
            self.unwritten_reasons[reason] = self.unwritten_reasons.get(reason, 0) + 1
        self.unwritten += len(rows[room:])
        rows = rows[:room]
        if not rows:
            return
        if self._writer is None:
            self._open()
        if self.lang == "fr":
            rows = [[row[0], row[1], reason_text(str(row[1]), "fr"), *row[2:]] for row in rows]
        self._writer.writerows([[formula_safe(_cut(v)) for v in row] for row in rows])
        self.count += len(rows)

    def add_rejects(self, rejects: list[Reject]) -> None:
        """Lines that never became records: the raw text goes in ``raw``."""
        blanks = [""] * len(self.columns)
        self._write(
            [[r.source_line, r.reason, *blanks, r.raw, r.raw_bytes, r.raw_sha256] for r in rejects]
        )

    def add_rows(self, rejected: pd.DataFrame) -> None:
        """Records refused by validation, with their fields."""
        if rejected.empty:
            return
        fields = rejected.reindex(columns=self.columns).astype(object).fillna("")
        raw = (
            rejected[RAW_COLUMN] if RAW_COLUMN in rejected else pd.Series("", index=rejected.index)
        )
        rows = [
            [line, reason, *values, raw_line, *_size_and_digest(raw_line)]
            for line, reason, values, raw_line in zip(
                rejected["source_line"].tolist(),
                rejected["reason"].tolist(),
                fields.itertuples(index=False, name=None),
                raw.tolist(),
                strict=True,
            )
        ]
        self._write(rows)

    @property
    def total(self) -> int:
        """Rejects seen: written and counted."""
        return self.count + self.unwritten

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    @property
    def written_path(self) -> Path | None:
        """The file's path, or ``None`` when nothing was rejected."""
        return self.path if self.count else None


def _cut(value: object) -> object:
    """A cell no longer than a spreadsheet cell holds."""
    if isinstance(value, str) and len(value) > QUARANTINE_RAW_CHARS:
        return value[:QUARANTINE_RAW_CHARS]
    return value


def _size_and_digest(raw: object) -> tuple[object, str]:
    """Byte length and SHA-256 of a kept line (empty when there is none)."""
    if not isinstance(raw, str) or not raw:
        return "", ""
    data = raw.encode("utf-8", errors="surrogatepass")
    return len(data), hashlib.sha256(data).hexdigest()
