"""Read tips and operations files record by record, without ever losing a line.

CSV (UTF-8 with or without BOM, ``,`` or ``;`` detected from the header, quoted
fields, quoted line breaks) and JSON Lines. Every non-blank line after the header
ends up either in a record or in a :class:`Reject` with its reason: a line that is
not UTF-8, holds NUL bytes, is too long, opens a quote it never closes or has the
wrong number of fields does not stop the file.
"""

from __future__ import annotations

import csv
import json
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from hotspots.schema import COLUMNS, ID_COLUMN, TIME_COLUMN, RecordKind

__all__ = ["RAW_COLUMN", "Chunk", "InputError", "Reject", "detect_format", "read_chunks"]

#: A line longer than this is quarantined unread.
MAX_LINE_CHARS = 100_000
#: A quoted field may span at most this many lines before the quote counts as unclosed.
MAX_RECORD_LINES = 50
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
#: Column holding a record's whole original line when its fields are not the file's own
#: columns (JSON Lines); kept for the quarantine only.
RAW_COLUMN = "_raw"
_BOM = b"\xef\xbb\xbf"


class InputError(ValueError):
    """The file as a whole cannot be used (unreadable, no header, missing column)."""


@dataclass(frozen=True)
class Reject:
    """A line that could not be turned into a record."""

    source_line: int
    reason: str
    raw: str


@dataclass
class Chunk:
    """Up to ``chunk_rows`` records (all values ``str``) and the lines rejected meanwhile."""

    records: pd.DataFrame  # header columns + "source_line"
    rejects: list[Reject] = field(default_factory=list)
    bytes_read: int = 0


def detect_format(path: Path, head: bytes) -> str:
    """``"jsonl"`` or ``"csv"``, from the file suffix or, failing that, the first character."""
    if path.suffix.lower() in JSON_SUFFIXES:
        return "jsonl"
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        return "csv"
    return "jsonl" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "csv"


def _normalise_column(name: str) -> str:
    return name.strip().strip('"').strip().lower().replace(" ", "_")


def check_columns(columns: list[str], kind: RecordKind, path: Path) -> None:
    """Raise :class:`InputError` when a required column is missing or repeated."""
    seen = set()
    for col in columns:
        if col in seen:
            raise InputError(f"{path}: column {col!r} appears twice in the header")
        seen.add(col)
    missing = [c for c in (ID_COLUMN[kind], TIME_COLUMN[kind]) if c not in seen]
    has_location = "location" in seen or {"lat", "lon"} <= seen
    if missing or not has_location:
        needed = missing + ([] if has_location else ["location (or lat and lon)"])
        raise InputError(
            f"{path}: missing required column(s) {', '.join(needed)} for a {kind.value} file; "
            f"expected columns: {', '.join(COLUMNS[kind])}"
        )


def _decode(raw: bytes) -> tuple[str | None, str | None]:
    """The text of one line, or a reason why it cannot be read."""
    if len(raw) > MAX_LINE_CHARS * 4:
        return None, f"line is {len(raw):,} bytes long, over the {MAX_LINE_CHARS:,}-character limit"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, (
            f"bytes not valid UTF-8 at position {exc.start}; save the file as UTF-8 (CSV UTF-8)"
        )
    if "\x00" in text:
        return None, "line holds binary content (NUL bytes)"
    if len(text) > MAX_LINE_CHARS:
        return None, f"line is {len(text):,} characters long, over the {MAX_LINE_CHARS:,} limit"
    return text, None


def _lossy(raw: bytes) -> str:
    return (
        raw[: MAX_LINE_CHARS * 4]
        .decode("utf-8", errors="backslashreplace")
        .replace("\x00", "\\x00")
    )


def _strip_eol(raw: bytes) -> bytes:
    if raw.endswith(b"\n"):
        raw = raw[:-1]
    if raw.endswith(b"\r"):
        raw = raw[:-1]
    return raw


def _detect_delimiter(header: str) -> str:
    counts = {d: 0 for d in (",", ";", "\t")}
    in_quotes = False
    for ch in header:
        if ch == '"':
            in_quotes = not in_quotes
        elif not in_quotes and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_chunks(
    path: Path,
    kind: RecordKind,
    chunk_rows: int = 20_000,
    on_bytes: Callable[[int], None] | None = None,
) -> Iterator[Chunk]:
    """Yield the file's records in chunks; raise :class:`InputError` for an unusable file."""
    path = Path(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot open the file ({exc.strerror})") from exc
    with fh:
        head = fh.read(4096)
        fh.seek(0)
        if detect_format(path, head) == "jsonl":
            yield from _read_jsonl(fh, path, kind, chunk_rows, on_bytes)
        else:
            bom_bytes = len(_BOM) if head.startswith(_BOM) else 0
            yield from _read_csv(fh, path, kind, chunk_rows, on_bytes, bom_bytes)


def _lines(fh: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, bytes without end of line); a BOM on line 1 is dropped."""
    for number, raw in enumerate(fh, start=1):
        line = _strip_eol(raw)
        if number == 1 and line.startswith(_BOM):
            line = line[len(_BOM) :]
        yield number, line


#: Lines are read and decoded a block at a time; a block with any problem is decoded
#: again line by line.
DECODE_BLOCK_BYTES = 4 << 20


def _text_blocks(fh: BinaryIO, first_number: int) -> Iterator[list[tuple[int, str | None, bytes]]]:
    """Blocks of (line number, text or ``None`` when it cannot be read, raw bytes)."""
    number = first_number
    while True:
        raws = [_strip_eol(raw) for raw in fh.readlines(DECODE_BLOCK_BYTES)]
        if not raws:
            return
        numbers = range(number, number + len(raws))
        number += len(raws)
        try:
            texts = b"\n".join(raws).decode("utf-8").split("\n")
            clean = (
                len(texts) == len(raws)
                and max(map(len, texts)) <= MAX_LINE_CHARS
                and not any("\x00" in t for t in texts)
            )
        except UnicodeDecodeError:
            clean = False
        if not clean:
            texts = [_decode(raw)[0] for raw in raws]
        yield list(zip(numbers, texts, raws, strict=True))


def _read_csv(
    fh: BinaryIO,
    path: Path,
    kind: RecordKind,
    chunk_rows: int,
    on_bytes: Callable[[int], None] | None,
    bom_bytes: int,
) -> Iterator[Chunk]:
    header_text = None
    header_bytes = 0
    number = 0
    for number, raw in _lines(fh):
        header_bytes += len(raw) + 1
        text, problem = _decode(raw)
        if problem:
            raise InputError(f"{path}: the header (line {number}) cannot be read: {problem}")
        if text.strip():
            header_text = text
            break
    if header_text is None:
        raise InputError(f"{path}: the file is empty (no header line)")
    delimiter = _detect_delimiter(header_text)
    try:
        header = [
            _normalise_column(c) for c in next(csv.reader([header_text], delimiter=delimiter))
        ]
    except csv.Error as exc:
        raise InputError(f"{path}: the header line cannot be split: {exc}") from exc
    check_columns(header, kind, path)

    splitter = _RecordSplitter(delimiter, len(header))
    source = (line for block in _text_blocks(fh, number + 1) for line in block)
    pending: deque[tuple[int, str | None, bytes]] = deque()
    bytes_done = header_bytes + bom_bytes

    def next_line() -> tuple[int, str | None, bytes] | None:
        if pending:
            return pending.popleft()
        return next(source, None)

    while True:
        item = next_line()
        if item is None:
            break
        number, text, raw = item
        bytes_done += len(raw) + 1
        if text is None:
            splitter.rejects.append(Reject(number, _decode(raw)[1], _lossy(raw)))
        elif '"' not in text or text.count('"') % 2 == 0:
            if text.strip():  # blank lines are not records
                splitter.add(text, number)
        else:
            # A quoted field continues on the next lines; give up after MAX_RECORD_LINES.
            taken: list[tuple[int, str | None, bytes]] = []
            parts = [text]
            closed = False
            while len(taken) < MAX_RECORD_LINES:
                follow = next_line()
                if follow is None:
                    break
                taken.append(follow)
                if follow[1] is None:
                    break
                parts.append(follow[1])
                if sum(p.count('"') for p in parts) % 2 == 0:
                    closed = True
                    break
            if closed:
                bytes_done += sum(len(r) + 1 for _, _, r in taken)
                splitter.add("\n".join(parts), number)
            else:
                splitter.rejects.append(
                    Reject(number, "unclosed quote: a field opens a quote that never closes", text)
                )
                pending.extendleft(reversed(taken))
        if splitter.size >= chunk_rows:
            records, numbers, rejects = splitter.flush()
            yield _chunk(records, numbers, header, rejects, bytes_done, on_bytes)
            bytes_done = 0
    records, numbers, rejects = splitter.flush()
    yield _chunk(records, numbers, header, rejects, bytes_done, on_bytes)


class _RecordSplitter:
    """Splits record texts into fields, many at a time; a batch that trips the parser is
    redone one record at a time so the faulty record alone is rejected."""

    def __init__(self, delimiter: str, width: int) -> None:
        self.delimiter = delimiter
        self.width = width
        self.texts: list[str] = []
        self.numbers: list[int] = []
        self.rejects: list[Reject] = []

    @property
    def size(self) -> int:
        return len(self.texts)

    def add(self, text: str, number: int) -> None:
        self.texts.append(text)
        self.numbers.append(number)

    def flush(self) -> tuple[list[list[str]], list[int], list[Reject]]:
        try:
            split = list(csv.reader(self.texts, delimiter=self.delimiter, strict=True))
            if len(split) != len(self.texts):
                raise csv.Error("a record spans several texts")
        except csv.Error:
            split = [self._split_one(t) for t in self.texts]
        else:
            if all(len(fields) == self.width for fields in split):
                out = (split, self.numbers, self.rejects)
                self.texts, self.numbers, self.rejects = [], [], []
                return out
        records, numbers, rejects = [], [], self.rejects
        for fields, number, text in zip(split, self.numbers, self.texts, strict=True):
            if isinstance(fields, str):
                rejects.append(Reject(number, fields, text))
            elif len(fields) != self.width:
                reason = f"ragged line: {len(fields)} fields where the header has {self.width}"
                rejects.append(Reject(number, reason, text))
            else:
                records.append(fields)
                numbers.append(number)
        self.texts, self.numbers, self.rejects = [], [], []
        return records, numbers, rejects

    def _split_one(self, text: str) -> list[str] | str:
        """The fields of one record, or the reason it cannot be split."""
        try:
            return next(csv.reader([text], delimiter=self.delimiter, strict=True))
        except csv.Error as exc:
            return f"the CSV parser cannot split this line: {exc}"


def _chunk(
    records: list[list[str]],
    numbers: list[int],
    header: list[str],
    rejects: list[Reject],
    bytes_done: int,
    on_bytes: Callable[[int], None] | None,
) -> Chunk:
    frame = pd.DataFrame(records, columns=header, dtype="str")
    frame["source_line"] = pd.Series(numbers, dtype="int64")
    if on_bytes:
        on_bytes(bytes_done)
    return Chunk(frame, rejects, bytes_done)


_LIST_COLUMNS = ("tip_ids", "seizures")


def _json_value(key: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if (
        isinstance(value, list)
        and key in _LIST_COLUMNS
        and all(isinstance(v, str | int | float) for v in value)
    ):
        return ";".join(str(v) for v in value)
    raise ValueError(
        f"column {key!r} holds a JSON {type(value).__name__}; expected text or a number"
    )


def _read_jsonl(
    fh: BinaryIO,
    path: Path,
    kind: RecordKind,
    chunk_rows: int,
    on_bytes: Callable[[int], None] | None,
) -> Iterator[Chunk]:
    """JSON Lines: the contract's keys become columns; ``RAW_COLUMN`` keeps the whole line
    (other keys included) for the quarantine."""
    columns = list(COLUMNS[kind])
    records: list[list[str]] = []
    numbers: list[int] = []
    rejects: list[Reject] = []
    bytes_done = 0
    for number, raw in _lines(fh):
        bytes_done += len(raw) + 1
        text, problem = _decode(raw)
        if problem:
            rejects.append(Reject(number, problem, _lossy(raw)))
            continue
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            rejects.append(Reject(number, f"not valid JSON: {exc.msg} at column {exc.colno}", text))
            continue
        if not isinstance(obj, dict):
            rejects.append(Reject(number, f"a JSON {type(obj).__name__}, expected an object", text))
            continue
        try:
            row = {_normalise_column(str(k)): _json_value(str(k), v) for k, v in obj.items()}
        except ValueError as exc:
            rejects.append(Reject(number, str(exc), text))
            continue
        records.append([row.get(c, "") for c in columns] + [text])
        numbers.append(number)
        if len(records) >= chunk_rows:
            yield _chunk(records, numbers, [*columns, RAW_COLUMN], rejects, bytes_done, on_bytes)
            records, numbers, rejects, bytes_done = [], [], [], 0
    yield _chunk(records, numbers, [*columns, RAW_COLUMN], rejects, bytes_done, on_bytes)
