"""Read tips and operations files record by record, without ever losing a line.

CSV (UTF-8 with or without BOM, ``,`` or ``;`` detected from the header, quoted
fields, quoted line breaks) and JSON Lines. Every non-blank line after the header
ends up either in a record or in a :class:`Reject` with its reason: a line that is
not UTF-8, holds NUL bytes, is too long, opens a quote it never closes or has the
wrong number of fields does not stop the file.

Why one module of this size: the two CSV paths (blocks of plain lines through Arrow's
parser, any other block line by line) must give the same records, rejects and byte
counts, which a property test checks; they and the JSON Lines reader share the line
splitting, the long-line and reject bounds and the chunking, kept private here so that
no other module can read a file some other way.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
from pyarrow import csv as pa_csv

from hotspots.schema import COLUMNS, RecordKind, missing_required

__all__ = [
    "RAW_COLUMN",
    "Chunk",
    "InputError",
    "MissingColumns",
    "Reject",
    "detect_delimiter",
    "detect_format",
    "read_chunks",
]

#: A line longer than this is quarantined unread.
MAX_LINE_CHARS = 100_000
#: Bytes of a line kept in memory at most; the rest of a longer line is only hashed.
MAX_LINE_BYTES = MAX_LINE_CHARS * 4
#: A quarantined line keeps at most this many characters — a spreadsheet cell's limit —
#: with the whole line's byte length and SHA-256 beside it.
QUARANTINE_RAW_CHARS = 32_767
#: A chunk is handed on once it holds this many rejected lines, whatever its records:
#: memory follows the batch, not the file, even when a file is all junk (a 100 MB file
#: of random bytes took 988 MB with rejects gathered per 100,000 records).
MAX_REJECTS_PER_CHUNK = 2_000
#: A quoted field may span at most this many lines before the quote counts as unclosed.
MAX_RECORD_LINES = 50
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
#: Column holding a record's whole original line when its fields are not the file's own
#: columns (JSON Lines); kept for the quarantine only.
RAW_COLUMN = "_raw"
_BOM = b"\xef\xbb\xbf"


class InputError(ValueError):
    """The file as a whole cannot be used (unreadable, no header, missing column)."""

    def text(self, lang: str) -> str:
        """The message in ``lang`` (see :func:`hotspots.reasons.file_error_text`)."""
        from hotspots.reasons import file_error_text

        return file_error_text(str(self), lang)


class MissingColumns(InputError):
    """The file lacks a required column: which, and the columns it has."""

    def __init__(self, name: str, kind: RecordKind, missing: list[str], found: list[str]):
        self.name, self.kind, self.missing, self.found = name, kind, missing, found
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        from hotspots.i18n import translate

        return translate(
            "input_missing_columns",
            lang,
            name=self.name,
            missing=", ".join(translate(f"input_col_{c}", lang) for c in self.missing),
            found=", ".join(f"« {c} »" for c in self.found) or "—",
            kind=translate(f"input_kind_{self.kind.value}", lang),
        )


@dataclass(frozen=True)
class Reject:
    """A line that could not be turned into a record: ``raw`` is its text cut to
    :data:`QUARANTINE_RAW_CHARS`, ``raw_bytes`` and ``raw_sha256`` describe the whole
    line (computed from ``raw`` when not given)."""

    source_line: int
    reason: str
    raw: str
    raw_bytes: int = -1
    raw_sha256: str = ""

    def __post_init__(self) -> None:
        if self.raw_bytes < 0:
            data = self.raw.encode("utf-8", errors="surrogatepass")
            object.__setattr__(self, "raw_bytes", len(data))
            object.__setattr__(self, "raw_sha256", hashlib.sha256(data).hexdigest())
        if len(self.raw) > QUARANTINE_RAW_CHARS:
            object.__setattr__(self, "raw", self.raw[:QUARANTINE_RAW_CHARS])

    @classmethod
    def of_bytes(cls, source_line: int, reason: str, raw: bytes) -> Reject:
        """A reject for a line known as bytes (perhaps only its head: see
        :class:`_LongLine`)."""
        if isinstance(raw, _LongLine):
            return cls(source_line, reason, _lossy(raw), raw.total, raw.sha256)
        return cls(source_line, reason, _lossy(raw), len(raw), hashlib.sha256(raw).hexdigest())


class _LongLine(bytes):
    """The first :data:`MAX_LINE_BYTES` bytes of a longer line, with the whole line's
    length and SHA-256 (the rest was read and hashed, never kept)."""

    total: int
    sha256: str


def _size(raw: bytes) -> int:
    """Bytes of the file that ``raw`` stands for, without its end of line (a long line's
    whole length)."""
    return raw.total if isinstance(raw, _LongLine) else len(raw)


def _long_line(fh: BinaryIO, head: bytes) -> _LongLine:
    """Read the rest of the line that starts with ``head`` a megabyte at a time,
    keeping only the head."""
    digest = hashlib.sha256()
    total = 0
    piece = head
    while True:
        ends = piece.endswith(b"\n")
        body = piece[:-1] if ends else piece
        digest.update(body)
        total += len(body)
        if ends:
            break
        piece = fh.readline(1 << 20)
        if not piece:
            break
    out = _LongLine(head[:MAX_LINE_BYTES])
    out.total, out.sha256 = total, digest.hexdigest()
    return out


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


def check_columns(
    columns: list[str], kind: RecordKind, path: Path | str, found: list[str] | None = None
) -> None:
    """Raise :class:`InputError` when a required column is missing or repeated
    (:class:`MissingColumns` naming ``found``, the file's own headers)."""
    seen = set()
    for col in columns:
        if col in seen:
            raise InputError(f"{path}: column {col!r} appears twice in the header")
        seen.add(col)
    missing = missing_required(seen, kind)
    if missing:
        raise MissingColumns(str(path), kind, missing, found if found is not None else columns)


def _decode(raw: bytes) -> tuple[str | None, str | None]:
    """The text of one line, or a reason why it cannot be read."""
    length = raw.total if isinstance(raw, _LongLine) else len(raw)
    if length > MAX_LINE_BYTES:
        return None, f"line is {length:,} bytes long, over the {MAX_LINE_CHARS:,}-character limit"
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


def detect_delimiter(header: str) -> str:
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
    rename: Callable[[list[str]], list[str]] | None = None,
    name: str | None = None,
) -> Iterator[Chunk]:
    """Yield the file's records in chunks; raise :class:`InputError` for an unusable file.

    ``rename`` gives a CSV header's cells their documented names (see
    :func:`hotspots.sources.recognise`; without it, the header cells lower-cased);
    ``name`` is how messages call the file (the name the user gave it)."""
    path = Path(path)
    shown: Path | str = name or path
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"{shown}: cannot open the file ({exc.strerror})") from exc
    with fh:
        head = fh.read(4096)
        fh.seek(0)
        if detect_format(Path(name) if name else path, head) == "jsonl":
            yield from _read_jsonl(fh, shown, kind, chunk_rows, on_bytes)
        else:
            yield from _read_csv(fh, shown, kind, chunk_rows, on_bytes, rename)


def _lines(fh: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, bytes without end of line); a BOM on line 1 is dropped. A
    line over :data:`MAX_LINE_BYTES` comes as a :class:`_LongLine` (its head only)."""
    number = 0
    while True:
        raw = fh.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            yield number, _long_line(fh, raw)
            continue
        line = _strip_eol(raw)
        if number == 1 and line.startswith(_BOM):
            line = line[len(_BOM) :]
        yield number, line


#: Files are read a block of whole lines at a time.
BLOCK_BYTES = 4 << 20


@dataclass
class _Block:
    """Whole lines of the file (the last one may lack its end of line)."""

    first_number: int
    raw: bytes

    def lines(self) -> list[tuple[int, str | None, bytes]]:
        """(line number, text or ``None`` when it cannot be read, bytes without end of
        line), decoded all at once when the block is clean, else line by line."""
        if isinstance(self.raw, _LongLine):
            return [(self.first_number, None, self.raw)]
        raws = self.raw.split(b"\n")
        if self.raw.endswith(b"\n"):
            raws.pop()
        raws = [r[:-1] if r.endswith(b"\r") else r for r in raws]
        numbers = range(self.first_number, self.first_number + len(raws))
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
            decoded: list[str | None] = [_decode(raw)[0] for raw in raws]
            return list(zip(numbers, decoded, raws, strict=True))
        return list(zip(numbers, texts, raws, strict=True))


def _blocks(fh: BinaryIO, first_number: int) -> Iterator[_Block]:
    """Blocks of about :data:`BLOCK_BYTES` of whole lines; a line over
    :data:`MAX_LINE_BYTES` is a block of its own holding a :class:`_LongLine`."""
    number = first_number
    while True:
        raw = fh.read(BLOCK_BYTES)
        if not raw:
            return
        if not raw.endswith(b"\n"):
            tail = fh.readline(MAX_LINE_BYTES + 1)
            start = raw.rfind(b"\n") + 1
            if len(raw) - start + len(tail) > MAX_LINE_BYTES and not tail.endswith(b"\n"):
                if start:
                    yield _Block(number, raw[:start])
                    number += raw.count(b"\n", 0, start)
                yield _Block(number, _long_line(fh, raw[start:] + tail))
                number += 1
                continue
            raw += tail
        yield _Block(number, raw)
        number += raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)


def _fast_records(block: _Block, header: list[str], delimiter: str) -> pd.DataFrame | None:
    """The block's records parsed by Arrow's CSV reader, or ``None`` when the block needs
    the line-by-line reader (any line that is not one plain record).

    Taken only when every line is one record of exactly the header's width, readable
    UTF-8 without NUL, within the length limit, with quoted fields closed on the same
    line, and every line holding a quote splits without error under Python's strict
    CSV rules too; on such lines both parsers give the same fields (a property test
    checks it), so the result is what the line-by-line reader would give.
    """
    raw = block.raw
    if b"\x00" in raw or (b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n")):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    data = np.frombuffer(raw, dtype=np.uint8)
    ends = np.flatnonzero(data == ord("\n"))
    if not raw.endswith(b"\n"):
        ends = np.append(ends, len(raw))
    starts = np.concatenate(([0], ends[:-1] + 1))
    if int((ends - starts).max()) > MAX_LINE_CHARS:  # bytes ≥ characters
        return None
    quotes = np.flatnonzero(data == ord('"'))
    quoted_lines = np.empty(0, dtype=np.int64)
    if len(quotes):
        per_line = np.bincount(np.searchsorted(ends, quotes), minlength=len(ends))
        if (per_line % 2).any():  # a quoted field goes on to the next line
            return None
        quoted_lines = np.flatnonzero(per_line)
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(raw),
            read_options=pa_csv.ReadOptions(column_names=header, use_threads=False),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    if table.num_rows != len(ends):  # blank lines are not records: the slow reader skips them
        return None
    if len(quoted_lines):
        lines = text.split("\n")
        quoted = [lines[i].removesuffix("\r") for i in quoted_lines]
        width = len(header)
        try:
            split = list(csv.reader(quoted, delimiter=delimiter, strict=True))
        except csv.Error:
            return None
        if len(split) != len(quoted) or any(len(fields) != width for fields in split):
            return None
    frame = table.to_pandas()
    frame["source_line"] = np.arange(
        block.first_number, block.first_number + len(frame), dtype=np.int64
    )
    return frame


def _records_frame(records: list[list[str]], numbers: list[int], header: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=header, dtype="str")
    frame["source_line"] = pd.Series(numbers, dtype="int64")
    return frame


class _Assembler:
    """Gathers records and rejects in file order into chunks of ``chunk_rows`` records."""

    def __init__(
        self, header: list[str], chunk_rows: int, on_bytes: Callable[[int], None] | None
    ) -> None:
        self.header = header
        self.chunk_rows = chunk_rows
        self.on_bytes = on_bytes
        self.frames: list[pd.DataFrame] = []
        self.rows = 0
        self.rejects: list[Reject] = []
        self.bytes = 0

    def add(
        self, frame: pd.DataFrame | None, rejects: list[Reject], nbytes: int
    ) -> Iterator[Chunk]:
        if frame is not None and len(frame):
            self.frames.append(frame)
            self.rows += len(frame)
        self.rejects.extend(rejects)
        self.bytes += nbytes
        while self.rows >= self.chunk_rows:
            yield self._emit(self.chunk_rows)
        if len(self.rejects) >= MAX_REJECTS_PER_CHUNK:
            yield self._emit(self.rows)

    def finish(self) -> Chunk:
        return self._emit(self.rows)

    def _emit(self, rows: int) -> Chunk:
        if not self.frames:
            frame = _records_frame([], [], self.header)
        elif len(self.frames) == 1:
            frame = self.frames[0]
        else:
            frame = pd.concat(self.frames, ignore_index=True)
        out, rest = frame.iloc[:rows].reset_index(drop=True), frame.iloc[rows:]
        self.frames, self.rows = ([rest] if len(rest) else []), len(rest)
        chunk = Chunk(out, self.rejects, self.bytes)
        if self.on_bytes:
            self.on_bytes(self.bytes)
        self.rejects, self.bytes = [], 0
        return chunk


def _read_csv(
    fh: BinaryIO,
    path: Path | str,
    kind: RecordKind,
    chunk_rows: int,
    on_bytes: Callable[[int], None] | None,
    rename: Callable[[list[str]], list[str]] | None = None,
) -> Iterator[Chunk]:
    header_text = None
    number = 0
    for number, raw in _lines(fh):
        text, problem = _decode(raw)
        if problem:
            raise InputError(f"{path}: the header (line {number}) cannot be read: {problem}")
        assert text is not None  # decoded when there is no problem
        if text.strip():
            header_text = text
            break
    if header_text is None:
        raise InputError(f"{path}: the file is empty (no header line)")
    delimiter = detect_delimiter(header_text)
    try:
        cells = [c.strip() for c in next(csv.reader([header_text], delimiter=delimiter))]
    except csv.Error as exc:
        raise InputError(f"{path}: the header line cannot be split: {exc}") from exc
    header = rename(cells) if rename else [_normalise_column(c) for c in cells]
    check_columns(header, kind, path, cells)
    header_bytes = fh.tell()  # a BOM and blank lines before the header included

    splitter = _RecordSplitter(delimiter, len(header))
    assembler = _Assembler(header, chunk_rows, on_bytes)
    blocks = _blocks(fh, number + 1)
    pending: deque[tuple[int, str | None, bytes]] = deque()
    new_bytes = header_bytes

    def slow_records() -> Iterator[Chunk]:
        records, numbers, rejects = splitter.flush()
        return assembler.add(_records_frame(records, numbers, header), rejects, 0)

    def next_line() -> tuple[int, str | None, bytes] | None:
        nonlocal new_bytes
        while not pending:
            block = next(blocks, None)
            if block is None:
                return None
            new_bytes += _size(block.raw) + isinstance(block.raw, _LongLine)
            pending.extend(block.lines())
        return pending.popleft()

    while True:
        if not pending:
            block = next(blocks, None)
            if block is None:
                break
            fast = (
                None
                if isinstance(block.raw, _LongLine)
                else _fast_records(block, header, delimiter)
            )
            if fast is not None:
                if splitter.size or splitter.rejects:  # keep the file's order
                    yield from slow_records()
                yield from assembler.add(fast, [], new_bytes + len(block.raw))
                new_bytes = 0
                continue
            new_bytes += _size(block.raw) + isinstance(block.raw, _LongLine)
            pending.extend(block.lines())
        number, text, raw = pending.popleft()
        if text is None:
            reason = _decode(raw)[1] or "the line cannot be read"
            splitter.rejects.append(Reject.of_bytes(number, reason, raw))
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
                splitter.add("\n".join(parts), number)
            else:
                splitter.rejects.append(
                    Reject(number, "unclosed quote: a field opens a quote that never closes", text)
                )
                pending.extendleft(reversed(taken))
        if splitter.size >= chunk_rows or len(splitter.rejects) >= MAX_REJECTS_PER_CHUNK:
            yield from slow_records()
        if new_bytes:
            yield from assembler.add(None, [], new_bytes)
            new_bytes = 0
    yield from slow_records()
    yield from assembler.add(None, [], new_bytes)
    yield assembler.finish()


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
            split = [self._split_one(t) for t in self.texts]  # type: ignore[misc]
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
    if on_bytes:
        on_bytes(bytes_done)
    return Chunk(_records_frame(records, numbers, header), rejects, bytes_done)


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
    path: Path | str,
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
        if len(records) >= chunk_rows or len(rejects) >= MAX_REJECTS_PER_CHUNK:
            yield _chunk(records, numbers, [*columns, RAW_COLUMN], rejects, bytes_done, on_bytes)
            records, numbers, rejects, bytes_done = [], [], [], 0
        bytes_done += _size(raw) + 1
        text, problem = _decode(raw)
        if problem:
            rejects.append(Reject.of_bytes(number, problem, raw))
            continue
        assert text is not None  # decoded when there is no problem
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            rejects.append(Reject(number, f"not valid JSON: {exc.msg} at column {exc.colno}", text))
            continue
        except RecursionError:
            rejects.append(
                Reject(number, "JSON nested too deeply to read; expected a flat object", text)
            )
            continue
        except ValueError as exc:  # e.g. an integer of more digits than Python converts
            rejects.append(Reject(number, f"not usable JSON: {exc}", text))
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
    yield _chunk(records, numbers, [*columns, RAW_COLUMN], rejects, bytes_done, on_bytes)
