"""Files as units and platforms export them: their column names, their encoding, Excel.

A police export says ``N° signalement;Date;Heure;Adresse;Commentaire;Exploitable``, in
Windows-1252, or is an Excel sheet. Before the reader (:mod:`hotspots.reading`) sees
it, a file is brought to the documented form without touching its rows' meaning:

- **encoding**: UTF-8 (with or without BOM) is read as it is; a file that is not UTF-8
  and reads as Windows-1252 text (no control characters, no undefined byte) is
  converted line for line, so line numbers stay the file's own; a UTF-8 file with a
  few unreadable lines stays UTF-8 and those lines go to the quarantine;
- **Excel** (``.xlsx``): the first sheet, or the one named, written as UTF-8 CSV, one
  line per sheet row (a line break inside a cell becomes a space), dates as ISO 8601;
- **columns**: each header is recognised from common French and English names (case,
  accents and punctuation ignored) or named by a mapping file; a date and an hour in
  two columns are read together;
- **values**: a mapping file may translate values (``"Transmis" = "oui"``).

The conversion and recognition are written here: pandas and openpyxl read the cells,
but no library knows the names police files give their columns.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hotspots.reading import InputError, detect_delimiter
from hotspots.schema import COLUMNS, TIME_COLUMN, TIME_OF_DAY, RecordKind
from hotspots.text import fold

__all__ = [
    "ColumnMapping",
    "MappingError",
    "Recognised",
    "SourceFile",
    "TIME_OF_DAY",
    "apply_values",
    "header_key",
    "load_mapping",
    "parse_mapping",
    "prepare_source",
    "preview",
    "recognise",
    "template",
]

#: Common names of each column (compared by :func:`header_key`), beyond its own.
ALIASES: dict[str, tuple[str, ...]] = {
    "tip_id": (
        "numero", "n", "no", "num", "n signalement", "numero signalement",
        "numero du signalement", "reference", "ref", "ref plateforme", "reference plateforme",
        "id", "identifiant", "id signalement", "tip", "tip id", "signalement",
    ),
    "operation_id": (
        "numero", "n", "no", "num", "n operation", "numero operation", "reference", "ref",
        "id", "identifiant", "id operation", "operation",
    ),
    "received_at": (
        "date", "date du signalement", "date signalement", "recu le", "date de reception",
        "reception", "horodatage", "date et heure", "date heure", "received", "received at",
        "received on", "timestamp",
    ),
    "started_at": (
        "date", "date de l operation", "date operation", "debut", "date de debut", "le",
        "horodatage", "date et heure", "date heure", "started", "started at", "start",
    ),
    "received_time": ("heure", "horaire", "heure du signalement", "a", "time", "hour"),
    "started_time": ("heure", "horaire", "heure de debut", "a", "time", "hour"),
    "location": (
        "adresse", "lieu", "localisation", "emplacement", "commune", "ville", "rue",
        "adresse du lieu", "lieu signale", "address", "place", "where",
    ),
    "lat": ("latitude", "y", "lat wgs84", "latitude wgs84"),
    "lon": ("longitude", "x", "lng", "long", "lon wgs84", "longitude wgs84"),
    "category": ("categorie", "type", "nature", "type de signalement", "motif"),
    "observed": (
        "heures observees", "horaires observes", "creneau", "plage horaire", "observe",
        "observation", "quand",
    ),
    "description": (
        "commentaire", "commentaires", "texte", "observations", "details", "detail",
        "message", "contenu", "resume", "comment", "text", "details du signalement",
    ),
    "exploitable": (
        "suite", "suite donnee", "decision", "statut", "etat", "exploitabilite", "retenu",
        "usable", "status", "triage",
    ),
    "kind": ("type", "type d operation", "nature", "categorie"),
    "tip_ids": ("signalements", "signalements lies", "tips", "numeros des signalements"),
    "arrests": ("interpellations", "nombre d interpellations", "gav", "gardes a vue"),
    "seizures": ("saisies", "saisie", "seized"),
    "cash_eur": ("numeraire", "numeraire saisi", "especes", "argent", "cash", "montant"),
}  # fmt: skip


class MappingError(InputError):
    """A mapping file that cannot be used: what is wrong and where."""


def header_key(name: str) -> str:
    """How header names are compared: folded, every run of punctuation a space
    (« N° signalement » → ``n signalement``, « Reçu le » → ``recu le``)."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(str(name))).split())


@dataclass(frozen=True)
class ColumnMapping:
    """What a mapping file says: for each documented column the file's header(s) that
    hold it (two for a date and its hour), the values to translate per column, the
    sheet of a workbook."""

    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    sheet: str | None = None

    def to_toml(self) -> str:
        """The mapping as a file :func:`load_mapping` reads back."""
        lines = []
        if self.sheet:
            lines += [f"sheet = {json.dumps(self.sheet, ensure_ascii=False)}", ""]
        lines.append("[columns]")
        for column, names in self.columns.items():
            value = names[0] if len(names) == 1 else list(names)
            lines.append(f"{column} = {json.dumps(value, ensure_ascii=False)}")
        for column, table in self.values.items():
            lines += ["", f"[values.{column}]"]
            lines += [
                f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v, ensure_ascii=False)}"
                for k, v in table.items()
            ]
        return "\n".join(lines) + "\n"


def load_mapping(path: Path, kind: RecordKind, shown: str | None = None) -> ColumnMapping:
    """Read a mapping file (TOML): ``[columns]`` documented column = header or
    [date header, hour header]; ``[values.<column>]`` file value = documented value;
    ``sheet`` = a workbook's sheet. Raises :class:`MappingError`."""
    name = shown or Path(path).name
    try:
        body = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"{name}: the mapping file cannot be read ({exc})") from exc
    return parse_mapping(body, kind, name)


def parse_mapping(body: str, kind: RecordKind, name: str) -> ColumnMapping:
    """A mapping from its TOML text (see :func:`load_mapping`)."""
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"{name}: not a TOML file ({exc})") from exc
    known = set(COLUMNS[kind]) | {TIME_OF_DAY[kind]}
    columns: dict[str, tuple[str, ...]] = {}
    for column, value in dict(data.get("columns", {})).items():
        if column not in known:
            raise MappingError(
                f"{name}: [columns] {column!r} is not a column of a {kind.value} file; "
                f"use {', '.join(sorted(known))}"
            )
        names = (value,) if isinstance(value, str) else tuple(value)
        if not 1 <= len(names) <= 2 or not all(isinstance(n, str) and n for n in names):
            raise MappingError(
                f"{name}: [columns] {column} must be a header, or a date header and an hour header"
            )
        if len(names) == 2 and column != TIME_COLUMN[kind]:
            raise MappingError(f"{name}: [columns] only {TIME_COLUMN[kind]} takes two headers")
        columns[column] = names
    values: dict[str, dict[str, str]] = {}
    for column, table in dict(data.get("values", {})).items():
        if column not in known or not isinstance(table, dict):
            raise MappingError(f"{name}: [values.{column}] is not a column's table of values")
        values[column] = {str(k): str(v) for k, v in table.items()}
    sheet = data.get("sheet")
    return ColumnMapping(columns, values, str(sheet) if sheet else None)


@dataclass(frozen=True)
class Recognised:
    """The documented name given to each header (``""``: a column kept aside, only for
    the quarantine), and how each was found."""

    names: list[str]
    how: dict[str, str]  # documented column → "mapping", "name" or "alias"


def recognise(
    headers: list[str], kind: RecordKind, mapping: ColumnMapping | None = None
) -> Recognised:
    """Documented names for a file's headers: the mapping's first, then a header that
    is a documented name, then the common names of :data:`ALIASES` (first header
    first). A header none of them claims keeps its own name (it stays beside the row,
    for the quarantine), unless that name is a documented column another header holds:
    the two then share it and the reader refuses the file as ambiguous."""
    keys = [header_key(h) for h in headers]
    names = [""] * len(headers)
    how: dict[str, str] = {}
    wanted = [*COLUMNS[kind], TIME_OF_DAY[kind]]
    if mapping is not None:
        for column, sources in mapping.columns.items():
            targets = [column] if len(sources) == 1 else [column, TIME_OF_DAY[kind]]
            for source, target in zip(sources, targets, strict=True):
                where = [i for i, k in enumerate(keys) if k == header_key(source)]
                if not where:
                    raise MappingError(
                        f"the mapping names the column « {source} » for {target}, and the "
                        f"file has no such column; its columns: {', '.join(headers)}"
                    )
                names[where[0]] = target
                how[target] = "mapping"
    for column in wanted:
        if column in how:
            continue
        for i, k in enumerate(keys):
            if not names[i] and k.replace(" ", "_") == column:
                names[i], how[column] = column, "name"
                break
    for column in wanted:
        if column in how:
            continue
        aliases = {header_key(a) for a in ALIASES.get(column, ())}
        for i, k in enumerate(keys):
            if not names[i] and k in aliases:
                names[i], how[column] = column, "alias"
                break
    taken = set(how)
    out = []
    for i, name in enumerate(names):
        if name:
            out.append(name)
            continue
        own = keys[i].replace(" ", "_") or f"column_{i + 1}"
        if own in how:  # a second column of a documented name: ambiguous, said as such
            out.append(own)
            continue
        while own in taken:
            own += "_"
        taken.add(own)
        out.append(own)
    if TIME_OF_DAY[kind] in how and TIME_COLUMN[kind] not in how:
        # an hour alone is not a date: give the name back
        j = out.index(TIME_OF_DAY[kind])
        out[j] = keys[j].replace(" ", "_") or f"column_{j + 1}"
        del how[TIME_OF_DAY[kind]]
    return Recognised(out, how)


def apply_values(records: pd.DataFrame, mapping: ColumnMapping | None) -> pd.DataFrame:
    """The mapping's value translations applied (values compared as headers are)."""
    if mapping is None or not mapping.values:
        return records
    for column, table in mapping.values.items():
        if column not in records.columns:
            continue
        lookup = {header_key(k): v for k, v in table.items()}
        values = records[column]
        keys = values.fillna("").map(header_key)
        found = keys.map(lookup)
        records[column] = values.where(found.isna(), found)
    return records


# --- encodings and workbooks ------------------------------------------------------------
#: Bytes Windows-1252 leaves undefined: a file holding them is not Windows-1252 text.
_UNDEFINED_1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class SourceFile:
    """A file ready for the reader: ``path`` (the file itself or its UTF-8 CSV
    conversion), the encoding or format it came in (``utf-8``, ``windows-1252``,
    ``xlsx``), the name the user gave it."""

    path: Path
    encoding: str
    name: str


#: Characters beyond ASCII that French and European police files hold: a line decoded
#: as Windows-1252 with any other (« þ », « ¤ », « ¬ »…) is junk, not text.
_PLAUSIBLE = frozenset(
    "ÀÂÄÇÈÉÊËÎÏÔÖÙÛÜŸàâäçèéêëîïôöùûüÿÆæŒœáíóúñÁÍÓÚÑãõåøßÃÕÅØ°«»€’‘“”–—…²³§µ·\xa0"
)


def _is_1252(raw: bytes) -> bool:
    if any(b in _UNDEFINED_1252 for b in raw):
        return False
    text = raw.decode("cp1252")
    if _CONTROL.search(text):
        return False
    return all(c.isascii() or c in _PLAUSIBLE for c in text)


def detect_encoding(path: Path) -> str:
    """``utf-8`` or ``windows-1252``, by the lines that hold bytes beyond ASCII: the
    file is Windows-1252 when more of them read as Windows-1252 text (and not as UTF-8)
    than read as UTF-8, and no fewer than those that read as neither (binary junk,
    which the reader then quarantines line by line)."""
    utf8 = text_1252 = junk = 0
    with Path(path).open("rb") as fh:
        while block := fh.read(1 << 20):
            block += fh.readline()
            if block.isascii():
                continue
            for raw in block.splitlines():
                if raw.isascii():
                    continue
                try:
                    raw.decode("utf-8")
                    utf8 += 1
                except UnicodeDecodeError:
                    if _is_1252(raw):
                        text_1252 += 1
                    else:
                        junk += 1
            if utf8 >= 1000 and not text_1252:
                break  # plainly UTF-8
    return "windows-1252" if text_1252 > utf8 and text_1252 >= junk else "utf-8"


def _to_utf8(path: Path, out: Path) -> None:
    decoder = codecs.getincrementaldecoder("cp1252")()
    with Path(path).open("rb") as src, out.open("w", encoding="utf-8", newline="") as dst:
        while block := src.read(1 << 20):
            dst.write(decoder.decode(block))
        dst.write(decoder.decode(b"", final=True))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):  # a date cell (Excel keeps dates as midnight)
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if not value.second else "seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).splitlines()) if isinstance(value, str) else str(value)


def _xlsx_to_csv(
    path: Path, out: Path, sheet: str | None, name: str, max_rows: int | None = None
) -> None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise MappingError(f"{name}: the workbook cannot be opened ({exc})") from exc
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise MappingError(
                f"{name}: no sheet named « {sheet} »; its sheets: {', '.join(book.sheetnames)}"
            )
        rows = (
            book[sheet].iter_rows(values_only=True)
            if sheet
            else book.worksheets[0].iter_rows(values_only=True)
        )
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter=";", lineterminator="\n")
            for n, row in enumerate(rows):
                if max_rows is not None and n >= max_rows:
                    break
                writer.writerow([_cell_text(v) for v in row])
    finally:
        book.close()


#: One example row per kind of file, for the templates.
_EXAMPLES = {
    RecordKind.TIPS: {
        "tip_id": "2025-000123", "received_at": "14/03/2025 21:30", "location": "place Marulaz",
        "category": "point_de_deal", "observed": "18h-22h",
        "description": "guetteur à l'entrée, allées et venues", "exploitable": "oui",
    },
    RecordKind.OPERATIONS: {
        "operation_id": "OP-2025-017", "started_at": "29/07/2025 06:00",
        "location": "rue Battant", "kind": "interpellation", "tip_ids": "2025-000123",
        "arrests": "1", "seizures": "résine 120 g", "cash_eur": "500",
    },
}  # fmt: skip


def template(kind: RecordKind, fmt: str) -> bytes:
    """A file of the documented columns with one example row: ``csv`` (UTF-8 with BOM,
    ``;``) or ``xlsx``."""
    header = list(COLUMNS[kind])
    example = [_EXAMPLES[kind].get(c, "") for c in header]
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        book.active.append(header)
        book.active.append(example)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerows([header, example])
    return text.getvalue().encode("utf-8-sig")


def preview(source: SourceFile, rows: int = 5) -> tuple[list[str], list[list[str]]]:
    """The header cells and the first ``rows`` records of a CSV file ready for the
    reader (for the import page's preview; JSON Lines has no header to map)."""
    with source.path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        head = ""
        while not head.strip():
            line = fh.readline()
            if not line:
                raise InputError(f"{source.name}: the file is empty (no header line)")
            head = line
        delimiter = detect_delimiter(head)
        header = [c.strip() for c in next(csv.reader(io.StringIO(head), delimiter=delimiter))]
        body = csv.reader(fh, delimiter=delimiter)
        records = []
        for record in body:
            if any(c.strip() for c in record):
                records.append((record + [""] * len(header))[: len(header)])
            if len(records) >= rows:
                break
    return header, records


#: How much of a file the import page's preview reads.
PREVIEW_BYTES = 256 << 10
PREVIEW_ROWS = 50


def prepare_source(
    path: Path,
    workdir: Path,
    name: str | None = None,
    sheet: str | None = None,
    head_only: bool = False,
) -> SourceFile:
    """The file as the reader reads it, converted into ``workdir`` when it is an Excel
    workbook or Windows-1252 text (``workdir`` is the caller's private folder); with
    ``head_only``, its first lines only (a preview)."""
    path = Path(path)
    name = name or path.name
    try:
        path.open("rb").close()
    except OSError as exc:
        raise InputError(f"{name}: cannot open the file ({exc.strerror})") from exc
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        out = Path(workdir) / (Path(name).stem + ".csv")
        _xlsx_to_csv(path, out, sheet, name, PREVIEW_ROWS if head_only else None)
        return SourceFile(out, "xlsx", name)
    if head_only:
        with path.open("rb") as fh:
            head = fh.read(PREVIEW_BYTES)
        cut = head[: head.rfind(b"\n") + 1] or head
        path = Path(workdir) / ("head-" + Path(name).name)
        path.write_bytes(cut)
    if detect_encoding(path) == "windows-1252":
        out = Path(workdir) / (Path(name).stem + Path(name).suffix)
        _to_utf8(path, out)
        return SourceFile(out, "windows-1252", name)
    return SourceFile(path, "utf-8", name)
