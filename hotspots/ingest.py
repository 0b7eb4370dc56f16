"""Files → validated, anonymised, located rows → store; rejected rows → quarantine.

Every row read ends in exactly one of: ingested, duplicate (its pseudonymised id is
already in the file or in the store), quarantined. Rows are committed in batches,
each in one transaction that also bumps the data version, so a process killed at
any moment leaves a consistent store and running the same ingest again completes it.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import tempfile
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from hotspots.config import DEMO_SECRET, Settings, resolve_secret
from hotspots.geo import cells_of_points
from hotspots.geocode import Geocoder, load_geocoder
from hotspots.privacy import key64, pseudonymise, secret_fingerprint
from hotspots.quarantine import QuarantineFile
from hotspots.reading import Chunk, InputError, read_chunks
from hotspots.schema import STORED_H3_RESOLUTION, Precision, RecordKind
from hotspots.sources import ColumnMapping, SourceFile, apply_values, prepare_source, recognise
from hotspots.store import Store, StoreError
from hotspots.storing import collector_paused, collision_rows, store_chunk
from hotspots.validation import validate

__all__ = ["DemoStoreRefused", "IngestSummary", "ingest_file", "secret_for_store"]

#: Rows stored per transaction: at a million stored tips, transactions of 100,000
#: rows fill SQLite 1.5 times faster than of 20,000 (each one rewrites the key index's
#: pages it touches, nearly all of them at that size).
CHUNK_ROWS = 100_000
#: Rows checked per batch (in a worker process when there is one).
BATCH_ROWS = 20_000
#: Precisions whose records are placed in a hexagon; district-only ones never are.
CELL_PRECISIONS = (Precision.POINT, Precision.STREET, Precision.PLACE)


@dataclass
class IngestSummary:
    """What became of each row of one file."""

    kind: str
    file: str
    read: int = 0
    ingested: int = 0
    duplicates: int = 0
    quarantined: int = 0
    quarantine_file: str | None = None
    quarantine_unwritten: int = 0
    quarantine_unwritten_reasons: dict[str, int] = field(default_factory=dict)
    unknown_categories: int = 0
    observed_unparsed: int = 0
    unresolved_locations: int = 0
    encoding: str = "utf-8"
    #: documented column → the file's header it was read from
    columns: dict[str, str] = field(default_factory=dict)
    run_id: int = 0
    seconds: float = 0.0
    extra: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out.pop("extra")
        out.update(self.extra)
        return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def secret_for_store(store: Store, settings: Settings) -> str:
    """The pseudonymisation key that matches this store, recorded on first use.

    The demo database always uses the public demo key. Any other database uses
    :func:`hotspots.config.resolve_secret`; a key other than the one the store was
    filled with is refused, since its pseudonyms would match nothing already stored.
    """
    secret = DEMO_SECRET if store.is_demo() else resolve_secret(settings)
    fingerprint = secret_fingerprint(secret)
    stored = store.get_meta("secret_fingerprint")
    if stored is None:
        with store.transaction() as conn:
            store.set_meta(conn, "secret_fingerprint", fingerprint)
    elif stored != fingerprint:
        raise StoreError(
            f"this database was filled with another pseudonymisation secret (fingerprint {stored}, "
            f"current {fingerprint}); set HOTSPOTS_SECRET (or data/secret.key) back to that secret"
        )
    return secret


def locate(clean: pd.DataFrame, geocoder: Geocoder) -> pd.DataFrame:
    """H3 cell, precision, district and commune of each row: from its coordinates, else
    from its place text through the offline geocoder.

    A place known only to its district or its commune gets them and no cell; a text the
    geocoder cannot place stays ``unresolved`` (no cell, no district, no commune).
    """
    has_point = clean["lat"].notna().to_numpy()
    lat = clean["lat"].to_numpy(dtype=float).copy()
    lon = clean["lon"].to_numpy(dtype=float).copy()
    precision = np.where(has_point, Precision.POINT.value, Precision.UNRESOLVED.value).astype(
        object
    )
    district = pd.Series(None, index=clean.index, dtype=object)
    commune = pd.Series(None, index=clean.index, dtype=object)
    if has_point.any():
        commune[has_point], district[has_point] = geocoder.area.locate(
            lat[has_point], lon[has_point]
        )
    by_text = ~has_point & (clean["location"] != "").to_numpy()
    if by_text.any():
        found = geocoder.geocode_many(clean.loc[by_text, "location"])
        precision[by_text] = found["precision"].to_numpy()
        district[by_text] = found["district_code"].to_numpy()
        commune[by_text] = found["commune_code"].to_numpy()
        in_cell = found["h3"].notna()
        rows = np.flatnonzero(by_text)[in_cell.to_numpy()]
        lat[rows] = found.loc[in_cell, "lat"].to_numpy(dtype=float)
        lon[rows] = found.loc[in_cell, "lon"].to_numpy(dtype=float)
    in_hexagon = np.isin(precision, [p.value for p in CELL_PRECISIONS])
    h3 = pd.Series(pd.NA, index=clean.index, dtype="Int64")
    if in_hexagon.any():
        h3[in_hexagon] = cells_of_points(lat[in_hexagon], lon[in_hexagon], STORED_H3_RESOLUTION)
    return pd.DataFrame(
        {"h3": h3, "precision": precision, "district": district, "commune": commune},
        index=clean.index,
    )


PARALLEL_MIN_BYTES = 40_000_000


@dataclass
class _Prepared:
    """A batch checked, pseudonymised, without in-batch duplicates, located."""

    clean: pd.DataFrame
    rejected: pd.DataFrame
    unknown_categories: int
    observed_unparsed: int
    in_chunk_duplicates: int


@collector_paused()
def _prepare(
    records: pd.DataFrame,
    kind: RecordKind,
    now: pd.Timestamp,
    secret: str,
    run_id: int,
    geocoder: Geocoder,
) -> _Prepared:
    checked = validate(records, kind, now, geocoder.area.in_area)
    clean = checked.clean
    clean["key"] = pseudonymise(clean["record_id"].tolist(), secret)
    in_chunk_dup = clean["key"].duplicated()
    clean = clean[~in_chunk_dup]
    clean["key64"] = np.array(key64(clean["key"].tolist()), dtype=np.int64)
    clean = clean.join(locate(clean, geocoder))
    clean["run_id"] = run_id
    return _Prepared(
        clean,
        checked.rejected,
        checked.unknown_categories,
        checked.observed_unparsed,
        int(in_chunk_dup.sum()),
    )


_worker_geocoder: Geocoder | None = None


def _start_worker(settings: Settings) -> None:
    global _worker_geocoder
    _worker_geocoder = load_geocoder(settings)


def _prepare_in_worker(
    records: pd.DataFrame, kind: RecordKind, now: pd.Timestamp, secret: str, run_id: int
) -> _Prepared:
    assert _worker_geocoder is not None  # set by the pool's initializer
    return _prepare(records, kind, now, secret, run_id, _worker_geocoder)


def _worker_pool(settings: Settings, workers: int, size: int) -> ProcessPoolExecutor | None:
    if workers < 2 or size < PARALLEL_MIN_BYTES:
        return None
    return ProcessPoolExecutor(
        max_workers=workers - 1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(settings,),
    )


class DemoStoreRefused(InputError):
    """Real data offered to the demo database, whose pseudonym key is public."""

    def text(self, lang: str) -> str:
        from hotspots.i18n import translate

        return translate("input_demo_store", lang)


def ingest_file(
    path: Path,
    kind: RecordKind,
    store: Store,
    settings: Settings,
    *,
    now: pd.Timestamp | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    chunk_rows: int = CHUNK_ROWS,
    workers: int = 1,
    mapping: ColumnMapping | None = None,
    name: str | None = None,
    user: str = "",
    demo_data: bool = False,
) -> IngestSummary:
    """Read, check, anonymise, locate and store one tips or operations file.

    The file may be UTF-8 or Windows-1252 CSV, JSON Lines or an Excel workbook, its
    columns named as the README documents, by their common French or English names, or
    by ``mapping`` (see :mod:`hotspots.sources`); ``name`` is how the summary and the
    messages call it (the name the user gave it), ``user`` who imports it (recorded
    with the import, which :func:`undo_import` can take back).

    ``on_progress(bytes_done, bytes_total)`` is called after each chunk. With
    ``workers=2`` and a file of at least :data:`PARALLEL_MIN_BYTES`, batches are
    checked, pseudonymised and located in a second process while this one reads and
    writes (the result is the same, row for row).
    Raises :class:`hotspots.reading.InputError` for a file that cannot be used at all,
    :class:`DemoStoreRefused` for the demo database (unless ``demo_data``: its own
    fictitious files).
    """
    if store.is_demo() and not demo_data:
        raise DemoStoreRefused(
            "this is the demo database, whose pseudonym key is public: real tips go into a "
            "store of their own (--db or HOTSPOTS_DATABASE_URL naming a new database)"
        )
    shown = name or str(path)
    with tempfile.TemporaryDirectory(prefix="hotspots-import-") as work:
        source = prepare_source(Path(path), Path(work), shown, mapping.sheet if mapping else None)
        return _ingest(
            source, Path(path), kind, store, settings, now, on_progress, chunk_rows, workers,
            mapping, user,
        )  # fmt: skip


def _ingest(
    source: SourceFile,
    original: Path,
    kind: RecordKind,
    store: Store,
    settings: Settings,
    now: pd.Timestamp | None,
    on_progress: Callable[[int, int], None] | None,
    chunk_rows: int,
    workers: int,
    mapping: ColumnMapping | None,
    user: str,
) -> IngestSummary:
    started = time.monotonic()
    path = source.path
    now = pd.Timestamp.now(tz="UTC") if now is None else now
    secret = secret_for_store(store, settings)
    geocoder = load_geocoder(settings)
    total_bytes = path.stat().st_size if path.exists() else 0
    done_bytes = 0
    summary = IngestSummary(kind=kind.value, file=source.name, encoding=source.encoding)

    def rename(cells: list[str]) -> list[str]:
        found = recognise(cells, kind, mapping)
        summary.columns = {c: h for c, h in zip(found.names, cells, strict=True) if c in found.how}
        return found.names

    chunks = read_chunks(path, kind, min(chunk_rows, BATCH_ROWS), rename=rename, name=source.name)
    first = next(chunks)  # an unusable file raises here, before anything is recorded
    run_id = store.start_run(kind.value, int(time.time()), source.name, _sha256(original), user)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + f"-run{run_id}"
    quarantine: QuarantineFile | None = None
    pool = _worker_pool(settings, workers, total_bytes)
    batch_rows = min(chunk_rows, BATCH_ROWS)
    # Enough batches queued for the workers to go on while a transaction is written.
    in_flight = max(workers - 1, 1) + -(-chunk_rows // batch_rows)
    pending: deque[tuple[Future | _Prepared, Chunk]] = deque()

    group: list[pd.DataFrame] = []
    group_rows = 0
    group_bytes = 0

    def take(job: Future | _Prepared, chunk: Chunk) -> None:
        """Account for one checked batch; its rows wait in ``group`` to be stored."""
        nonlocal quarantine, group_rows, group_bytes
        prepared = job.result() if isinstance(job, Future) else job
        if quarantine is None:
            quarantine = QuarantineFile(
                settings.quarantine_dir,
                Path(source.name),
                kind.value,
                list(chunk.records.columns),
                stamp,
                settings.lang,
            )
        quarantine.add_rejects(chunk.rejects)
        quarantine.add_rows(prepared.rejected)
        summary.read += len(chunk.records) + len(chunk.rejects)
        summary.quarantined += len(chunk.rejects) + len(prepared.rejected)
        summary.unknown_categories += prepared.unknown_categories
        summary.observed_unparsed += prepared.observed_unparsed
        summary.duplicates += prepared.in_chunk_duplicates
        if len(prepared.clean):
            group.append(prepared.clean)
        group_rows += len(chunk.records)
        group_bytes += chunk.bytes_read
        if group_rows >= chunk_rows:
            store_group()

    def store_group() -> None:
        """Store the waiting batches in one transaction."""
        nonlocal done_bytes, group_rows, group_bytes
        if group:
            clean = group[0] if len(group) == 1 else pd.concat(group, ignore_index=True)
            stored = store_chunk(store, kind, clean, secret)
            if len(stored.collisions):
                assert quarantine is not None  # opened by the batch's first take()
                quarantine.add_rows(collision_rows(stored.collisions, kind))
                summary.quarantined += len(stored.collisions)
            kept = clean.index.difference(stored.collisions.index)
            summary.unresolved_locations += int(
                (clean.loc[kept, "precision"] == Precision.UNRESOLVED).sum()
            )
            summary.ingested += stored.ingested
            summary.duplicates += stored.duplicates
        done_bytes += group_bytes
        group.clear()
        group_rows = group_bytes = 0
        if on_progress:
            on_progress(min(done_bytes, total_bytes), total_bytes)

    try:
        for chunk in itertools.chain([first], chunks):
            chunk.records = apply_values(chunk.records, mapping)
            if pool is None:
                take(_prepare(chunk.records, kind, now, secret, run_id, geocoder), chunk)
                continue
            # Worker processes check, pseudonymise and locate the next batches while
            # this one reads and writes: batches are still stored in file order.
            job = pool.submit(_prepare_in_worker, chunk.records, kind, now, secret, run_id)
            pending.append((job, chunk))
            while len(pending) > in_flight:
                take(*pending.popleft())
        while pending:
            take(*pending.popleft())
        store_group()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if quarantine is not None:
            quarantine.close()
            written = quarantine.written_path
            summary.quarantine_file = str(written.resolve()) if written else None
            summary.quarantine_unwritten = quarantine.unwritten
            summary.quarantine_unwritten_reasons = dict(quarantine.unwritten_reasons)
    summary.run_id = run_id
    summary.seconds = round(time.monotonic() - started, 3)
    store.finish_run(
        run_id,
        int(time.time()),
        {
            **{k: getattr(summary, k) for k in ("read", "ingested", "duplicates", "quarantined")},
            "unlocated": summary.unresolved_locations,
        },
    )
    return summary
