"""The store: SQLAlchemy Core tables on SQLite (default) or PostgreSQL.

Only anonymised values are kept: keyed pseudonyms, whole-hour times, H3 cells at
resolution 11, precision and district codes, closed-vocabulary codes. The schema is
versioned; a database made by another version is refused with an explicit message.

Why one module of this size: it holds every SQL statement of the application (the
tables, the schema's versions and migrations, the bulk inserts of the ingest, the
audit, the sign-ins and the release register), so that what reaches the database, and
with which rights (see :mod:`hotspots.grants`), can be read in one place.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    any_,
    bindparam,
    create_engine,
    event,
    func,
    inspect,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, ProgrammingError

from hotspots.private_files import private_sqlite_files

__all__ = [
    "SCHEMA_VERSION",
    "Store",
    "StoreError",
    "exports_log",
    "metadata",
    "press_releases",
    "sign_ins",
    "operation_tips",
    "operations",
    "seizures",
    "tips",
]

SCHEMA_VERSION = 6
#: Tables added since an older version, created when such a database is opened.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: ("exports_log",),
    2: ("sign_ins",),
    3: ("press_releases",),
    4: (),
    5: ("column_mappings",),
}
#: Columns added since an older version: (table, column), added when such a database is
#: opened. Rows stored before keep NULL there (the commune of a row stored before v5 is
#: read from its cell or its district: :func:`hotspots.tables.load_tips`).
COLUMN_MIGRATIONS: dict[int, tuple[tuple[str, str], ...]] = {
    4: (("tips", "commune"), ("operations", "commune")),
    5: tuple(
        ("ingest_runs", c)
        for c in ("file_name", "sha256", "user_name", "unlocated", "undone_ts", "undone_by")
    ),
}
KEY_CHARS = 64  # hex HMAC-SHA256
#: SQLite refuses statements with more bound parameters than this (older builds: 999).
SQL_PARAMS_PER_STATEMENT = 900
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: Page cache per SQLite connection; the key index of a million tips fits in it.
SQLITE_CACHE_KIB = 65_536

metadata = MetaData()

schema_info = Table("schema_info", metadata, Column("version", Integer, primary_key=True))

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(256), nullable=False),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("started_ts", BigInteger, nullable=False),
    Column("finished_ts", BigInteger),
    Column("read", Integer),
    Column("ingested", Integer),
    Column("duplicates", Integer),
    Column("quarantined", Integer),
    Column("file_name", String(255), comment="the file's name as the user gave it"),
    Column("sha256", String(64), comment="of the file as given"),
    Column("user_name", String(120)),
    Column("unlocated", Integer, comment="rows stored without a place"),
    Column("undone_ts", BigInteger, comment="when the import was undone (its rows deleted)"),
    Column("undone_by", String(120)),
)

column_mappings = Table(
    "column_mappings",
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("name", String(120), primary_key=True),
    Column("toml", Text, nullable=False, comment="as hotspots.sources.load_mapping reads it"),
    Column("saved_by", String(120)),
    Column("saved_ts", BigInteger, nullable=False),
)

tips = Table(
    "tips",
    metadata,
    Column(
        "key64",
        BigInteger,
        primary_key=True,
        autoincrement=False,
        comment="first 64 bits of tip_key, for compact lookups and joins",
    ),
    Column("tip_key", String(KEY_CHARS), nullable=False, comment="HMAC-SHA256 of the tip id"),
    Column("received_ts", BigInteger, nullable=False, index=True, comment="Unix s, whole UTC hour"),
    Column("hour_local", SmallInteger, nullable=False, comment="0-23, Europe/Paris"),
    Column("weekday_local", SmallInteger, nullable=False, comment="0=Monday"),
    Column("category", String(16), nullable=False),
    Column("exploitable", Boolean, comment="NULL while triage is pending"),
    Column("observed_from", SmallInteger, comment="first hour of the observed window"),
    Column("observed_to", SmallInteger, comment="hour after the window (24 = midnight)"),
    Column("tags", String(400), nullable=False, default=""),
    Column("h3", BigInteger, comment="H3 cell, resolution 11; NULL if not point-located"),
    Column("precision", String(12), nullable=False),
    Column("district", String(16)),
    Column("commune", String(10), comment="INSEE code; NULL if unresolved (or stored before v5)"),
    Column("run_id", Integer),
)

operations = Table(
    "operations",
    metadata,
    Column("key64", BigInteger, primary_key=True, autoincrement=False),
    Column("op_key", String(KEY_CHARS), nullable=False, comment="HMAC-SHA256 of the operation id"),
    Column("started_ts", BigInteger, nullable=False, index=True),
    Column("hour_local", SmallInteger, nullable=False),
    Column("weekday_local", SmallInteger, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("arrests", Integer, nullable=False, default=0),
    Column("cash_eur", Float),
    Column("h3", BigInteger),
    Column("precision", String(12), nullable=False),
    Column("district", String(16)),
    Column("commune", String(10), comment="INSEE code; NULL if unresolved (or stored before v5)"),
    Column("run_id", Integer),
)

operation_tips = Table(
    "operation_tips",
    metadata,
    Column("op_key64", BigInteger, primary_key=True, autoincrement=False),
    Column(
        "tip_key64",
        BigInteger,
        primary_key=True,
        autoincrement=False,
        index=True,
        comment="key64 of a tip, which may arrive after the operation",
    ),
)

seizures = Table(
    "seizures",
    metadata,
    Column("op_key64", BigInteger, primary_key=True, autoincrement=False),
    Column("substance", String(40), primary_key=True),
    Column("unit", String(8), primary_key=True, comment="g or pieces"),
    Column("quantity", Float, nullable=False),
)

exports_log = Table(
    "exports_log",
    metadata,
    Column("export_id", Integer, primary_key=True, autoincrement=True),
    Column("made_ts", BigInteger, nullable=False, comment="Unix s"),
    Column("user_name", String(120), nullable=False),
    Column("role", String(16), nullable=False),
    Column("kind", String(16), nullable=False, comment="press or analyst"),
    Column("format", String(8), nullable=False),
    Column("parameters", String(2000), nullable=False, comment="JSON"),
    Column("rows", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
)

sign_ins = Table(
    "sign_ins",
    metadata,
    Column("sign_in_id", Integer, primary_key=True, autoincrement=True),
    Column("at_ts", BigInteger, nullable=False, index=True, comment="Unix s"),
    Column("user_name", String(120), nullable=False, index=True),
    Column("outcome", String(16), nullable=False, comment="success, failure or locked"),
)

#: The register of press releases: every table as it was published, append-only. The
#: current release of a scope is its highest revision; (scope, revision) is unique, so
#: two servers issuing the same first release at once record it once.
press_releases = Table(
    "press_releases",
    metadata,
    Column("release_id", Integer, primary_key=True, autoincrement=True),
    Column("scope", String(120), nullable=False, index=True, comment="what was asked"),
    Column("revision", Integer, nullable=False, comment="0, then 1, 2 … on request"),
    Column("issued_ts", BigInteger, nullable=False, comment="Unix s"),
    Column("user_name", String(120), nullable=False),
    Column("role", String(16), nullable=False),
    Column("data_version", BigInteger, nullable=False, comment="the store's when issued"),
    Column("table_json", Text, nullable=False, comment="the cells as published, JSON"),
    Column("sha256", String(64), nullable=False, comment="of table_json"),
    UniqueConstraint("scope", "revision", name="press_releases_scope_revision"),
)

#: The ``dataset`` metadata value of the fictitious demo store.
DEMO_DATASET = "demo"

_KEYED_TABLES = {"tips": (tips, tips.c.tip_key), "operations": (operations, operations.c.op_key)}


def _add_column(conn: Connection, column: Column) -> None:
    """``ALTER TABLE … ADD COLUMN`` for a nullable column of the current schema, unless
    the table has it already (names come from the schema, never from input; the type is
    compiled by the dialect)."""
    present = {c["name"] for c in inspect(conn).get_columns(column.table.name)}
    if column.name in present:
        return
    preparer = conn.dialect.identifier_preparer
    kind = column.type.compile(dialect=conn.dialect)
    conn.exec_driver_sql(
        f"ALTER TABLE {preparer.format_table(column.table)} "
        f"ADD COLUMN {preparer.format_column(column)} {kind}"
    )


class StoreError(RuntimeError):
    """The database cannot be used as it is; the message says why and what to do."""


@dataclass(frozen=True)
class StoreInfo:
    url: str
    dialect: str
    schema_version: int


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - driver hook
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get WAL journaling, their folder created and
    the file and its journals made owner-only (:mod:`hotspots.private_files`)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"database URL {url!r} is not valid: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            private_sqlite_files(Path(parsed.database))
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        # No server-side prepared statements: a generic plan made while a table is still
        # empty (a sequential scan) would be reused as the table grows to millions of rows.
        return create_engine(parsed, pool_pre_ping=True, connect_args={"prepare_threshold": None})
    raise StoreError(f"database URL {url!r}: only sqlite:/// and postgresql:// are supported")


class Store:
    """An opened, schema-checked database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect, create the schema on first use, and check its version."""
        store = cls(make_engine(url))
        store._ensure_schema(url)
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            private_sqlite_files(Path(parsed.database))  # the journals now exist
        return store

    def close(self) -> None:
        self.engine.dispose()

    def _ensure_schema(self, url: str) -> None:
        shown = make_url(url).render_as_string(hide_password=True)
        try:
            names = set(inspect(self.engine).get_table_names())
        except OperationalError as exc:
            raise StoreError(f"cannot open the database {shown}: {exc.orig}") from exc
        if not names:
            with self.engine.begin() as conn:
                metadata.create_all(conn, checkfirst=True)
                if conn.execute(select(schema_info.c.version)).first() is None:
                    conn.execute(schema_info.insert().values(version=SCHEMA_VERSION))
            return
        if "schema_info" not in names:
            raise StoreError(
                f"{shown} holds tables but is not a Hotspots database (no schema_info table); "
                "point HOTSPOTS_DATABASE_URL at an empty or Hotspots database"
            )
        with self.engine.connect() as conn:
            version = conn.execute(select(func.max(schema_info.c.version))).scalar()
        while version in MIGRATIONS:
            try:
                with self.engine.begin() as conn:
                    added = [metadata.tables[name] for name in MIGRATIONS[version]]
                    metadata.create_all(conn, tables=added, checkfirst=True)
                    for table_name, column_name in COLUMN_MIGRATIONS.get(version, ()):
                        _add_column(conn, metadata.tables[table_name].c[column_name])
                    conn.execute(schema_info.insert().values(version=version + 1))
            except (IntegrityError, ProgrammingError, OperationalError):
                # another process migrated at the same moment: read what it left
                pass
            with self.engine.connect() as conn:
                found = conn.execute(select(func.max(schema_info.c.version))).scalar()
            if found == version:
                raise StoreError(f"{shown}: could not upgrade schema version {version}")
            version = found
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{shown} has schema version {version}, this Hotspots expects {SCHEMA_VERSION}; "
                "use the matching Hotspots version or re-ingest into a new database"
            )

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        with self.engine.begin() as conn:
            yield conn

    # --- export audit -------------------------------------------------------------
    def record_export(
        self,
        user: str,
        role: str,
        kind: str,
        fmt: str,
        parameters: dict,
        rows: int,
        data: bytes,
        made_ts: int,
    ) -> str:
        """One file that left: who, role, when, what, how many rows, its SHA-256 and
        size. Returns the SHA-256."""
        digest = hashlib.sha256(data).hexdigest()
        with self.transaction() as conn:
            conn.execute(
                exports_log.insert().values(
                    made_ts=made_ts,
                    user_name=str(user)[:120],
                    role=str(role)[:16],
                    kind=kind[:16],
                    format=fmt[:8],
                    parameters=json.dumps(parameters, ensure_ascii=False, sort_keys=True)[:2000],
                    rows=int(rows),
                    sha256=digest,
                    size_bytes=len(data),
                )
            )
        return digest

    def recent_exports(self, limit: int = 500) -> list[tuple]:
        """The audit's rows, newest first (columns of ``exports_log``)."""
        query = select(exports_log).order_by(exports_log.c.export_id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(query).all()]

    # --- press release register ---------------------------------------------------
    def record_release(
        self,
        scope: str,
        revision: int,
        issued_ts: int,
        user: str,
        role: str,
        data_version: int,
        table_json: str,
    ) -> bool:
        """Record a release; ``False`` when this scope already has this revision (another
        process issued it first: read it back with :meth:`release`)."""
        try:
            with self.transaction() as conn:
                conn.execute(
                    press_releases.insert().values(
                        scope=scope[:120],
                        revision=int(revision),
                        issued_ts=int(issued_ts),
                        user_name=str(user)[:120],
                        role=str(role)[:16],
                        data_version=int(data_version),
                        table_json=table_json,
                        sha256=hashlib.sha256(table_json.encode()).hexdigest(),
                    )
                )
        except IntegrityError:
            return False
        return True

    def release(self, scope: str, revision: int | None = None) -> dict | None:
        """A release of ``scope`` (the current one: its highest revision), or ``None``."""
        query = select(press_releases).where(press_releases.c.scope == scope[:120])
        if revision is not None:
            query = query.where(press_releases.c.revision == int(revision))
        query = query.order_by(press_releases.c.revision.desc()).limit(1)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return dict(row) if row else None

    def release_tables(self) -> list[dict]:
        """Every release with its table, oldest first (what the joint protection of a
        new release reads: everything ever published)."""
        query = select(press_releases).order_by(press_releases.c.release_id)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings().all()]

    def releases(self, limit: int = 500) -> list[dict]:
        """The register without the tables, newest first."""
        columns = [c for c in press_releases.columns if c.name != "table_json"]
        query = select(*columns).order_by(press_releases.c.release_id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings().all()]

    def is_demo(self) -> bool:
        """Whether the store holds the fictitious demo data set."""
        return self.get_meta("dataset") == DEMO_DATASET

    # --- sign-ins -----------------------------------------------------------------
    def record_sign_in(self, user_name: str, outcome: str, at_ts: int) -> None:
        """One sign-in attempt: who (as typed, cut to 120 characters), when, and
        ``success``, ``failure`` or ``locked``. Never the password."""
        with self.transaction() as conn:
            conn.execute(
                sign_ins.insert().values(at_ts=at_ts, user_name=user_name[:120], outcome=outcome)
            )

    def failed_sign_ins(self, user_name: str, since_ts: int) -> int:
        """Failed attempts for ``user_name`` since ``since_ts``, from every server process
        of the deployment (they share the store)."""
        query = select(func.count()).where(
            sign_ins.c.user_name == user_name[:120],
            sign_ins.c.outcome == "failure",
            sign_ins.c.at_ts >= since_ts,
        )
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    # --- key/value metadata -------------------------------------------------------
    def get_meta(self, key: str, conn: Connection | None = None) -> str | None:
        query = select(meta.c.value).where(meta.c.key == key)
        if conn is not None:
            return conn.execute(query).scalar()
        with self.engine.connect() as own:
            return own.execute(query).scalar()

    def set_meta(self, conn: Connection, key: str, value: str) -> None:
        """Insert or replace one metadata value."""
        insert = pg_insert if self.dialect == "postgresql" else sqlite_insert
        stmt = insert(meta).values(key=key, value=value)
        conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))

    def data_version(self) -> int:
        """A number that grows with every committed change of the data (for caches)."""
        return int(self.get_meta("data_version") or 0)

    def bump_data_version(self, conn: Connection) -> None:
        current = int(self.get_meta("data_version", conn) or 0)
        self.set_meta(conn, "data_version", str(current + 1))

    # --- writing ------------------------------------------------------------------
    def last_rowid(self, conn: Connection, table: str) -> int:
        """SQLite: the highest row id of ``table`` (0 when empty)."""
        stored, _ = _KEYED_TABLES[table]
        query: Any = select(func.max(literal_column("rowid"))).select_from(stored)
        return int(conn.execute(query).scalar() or 0)

    def stored_keys(
        self, conn: Connection, table: str, key64s: list[int], up_to_rowid: int | None = None
    ) -> dict[int, str]:
        """Stored ``key64 → full key`` for those of ``key64s`` already in ``table``
        (``"tips"`` or ``"operations"``); on SQLite, ``up_to_rowid`` leaves out rows
        stored after that row id."""
        stored, full_key = _KEYED_TABLES[table]
        if not key64s:
            return {}
        # One statement per batch, the keys travelling as one parameter: an array on
        # PostgreSQL, a JSON array unpacked by json_each on SQLite (a hundred IN (…)
        # statements of 900 parameters took ten times longer).
        query: Any
        if self.dialect == "postgresql":
            keys = bindparam("keys", value=[int(k) for k in key64s], type_=ARRAY(BigInteger))
            query = select(stored.c.key64, full_key).where(stored.c.key64 == any_(keys))
        else:
            listed: Any = select(literal_column("value")).select_from(
                func.json_each(bindparam("keys", value=json.dumps([int(k) for k in key64s])))
            )
            query = select(stored.c.key64, full_key).where(stored.c.key64.in_(listed))
            if up_to_rowid is not None:
                query = query.where(literal_column("rowid") <= up_to_rowid)
        return {int(row[0]): str(row[1]) for row in conn.execute(query)}

    def insert_rows(
        self, conn: Connection, table: Table, columns: list[str], rows: list[tuple]
    ) -> int:
        """Insert value tuples in the order of ``columns``; a row whose primary key is
        already stored is left as it is. Returns the number of rows inserted.

        Statements are built from the table's own column names and every value travels
        as a parameter (or COPY data); rows go to the driver in bulk, without per-row
        processing: ``executemany`` on SQLite, COPY into a temporary table then one
        ``INSERT … SELECT`` on PostgreSQL.
        """
        if not rows:
            return 0
        unknown = set(columns) - set(table.c.keys())
        if unknown:
            raise ValueError(f"no column(s) {sorted(unknown)} in table {table.name}")
        names = ", ".join(columns)
        keys = ", ".join(c.name for c in table.primary_key.columns)
        if self.dialect == "postgresql":
            return self._copy_rows(conn, table, names, keys, rows)
        markers = ", ".join(["?"] * len(columns))
        result = conn.exec_driver_sql(
            f"INSERT INTO {table.name} ({names}) VALUES ({markers}) "  # noqa: S608 (names from metadata)
            f"ON CONFLICT ({keys}) DO NOTHING",
            rows,
        )
        return result.rowcount

    @staticmethod
    def _copy_rows(conn: Connection, table: Table, names: str, keys: str, rows: list[tuple]) -> int:
        staging = f"load_{table.name}"
        driver = conn.connection.driver_connection
        assert driver is not None  # an open connection
        cursor = driver.cursor()
        with cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} "
                f"(LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
            )
            with cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table.name} ({names}) SELECT {names} FROM {staging} "  # noqa: S608
                f"ON CONFLICT ({keys}) DO NOTHING"
            )
            inserted = cursor.rowcount
            cursor.execute(f"DELETE FROM {staging}")  # noqa: S608 (name from metadata)
        return inserted

    def start_run(
        self, kind: str, started_ts: int, file_name: str = "", sha256: str = "", user: str = ""
    ) -> int:
        """Record an import as it starts: its kind, when, the file's name as the user
        gave it and its SHA-256, who imports it."""
        with self.transaction() as conn:
            result = conn.execute(
                ingest_runs.insert().values(
                    kind=kind,
                    started_ts=started_ts,
                    file_name=file_name[-255:],
                    sha256=sha256,
                    user_name=user[:120],
                )
            )
            key = result.inserted_primary_key
            assert key is not None  # an insert into a table with an integer key
            return int(key[0])

    def finish_run(self, run_id: int, finished_ts: int, counts: dict[str, int]) -> None:
        with self.transaction() as conn:
            conn.execute(
                update(ingest_runs)
                .where(ingest_runs.c.run_id == run_id)
                .values(finished_ts=finished_ts, **counts)
            )

    def save_mapping(self, kind: str, name: str, toml: str, user: str, at_ts: int) -> None:
        """Keep a column mapping under a name (a mapping of that name is replaced)."""
        with self.transaction() as conn:
            conn.execute(
                column_mappings.delete().where(
                    (column_mappings.c.kind == kind) & (column_mappings.c.name == name[:120])
                )
            )
            conn.execute(
                column_mappings.insert().values(
                    kind=kind, name=name[:120], toml=toml, saved_by=user[:120], saved_ts=at_ts
                )
            )

    def mappings(self, kind: str) -> dict[str, str]:
        """The saved column mappings of a kind of file: name → TOML text."""
        query = (
            select(column_mappings.c.name, column_mappings.c.toml)
            .where(column_mappings.c.kind == kind)
            .order_by(column_mappings.c.name)
        )
        with self.engine.connect() as conn:
            return {r.name: r.toml for r in conn.execute(query)}

    def imports(self, limit: int = 200) -> list[dict]:
        """The imports, newest first: every column of ``ingest_runs``."""
        query = select(ingest_runs).order_by(ingest_runs.c.run_id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def undo_import(self, run_id: int, user: str, at_ts: int) -> dict[str, int]:
        """Delete exactly the rows import ``run_id`` added (its tips; its operations,
        their links and seizures), in one transaction that bumps the data version; the
        import's line stays, marked undone, by whom and when. Raises ``ValueError`` for
        an unknown or already undone import."""
        with self.transaction() as conn:
            run = conn.execute(select(ingest_runs).where(ingest_runs.c.run_id == run_id)).first()
            if run is None:
                raise ValueError(f"no import number {run_id}: see the list of imports")
            if run.undone_ts is not None:
                raise ValueError(f"import {run_id} was already undone")
            ops = select(operations.c.key64).where(operations.c.run_id == run_id)
            removed = {
                "links": conn.execute(
                    operation_tips.delete().where(operation_tips.c.op_key64.in_(ops))
                ).rowcount,
                "seizures": conn.execute(
                    seizures.delete().where(seizures.c.op_key64.in_(ops))
                ).rowcount,
                "operations": conn.execute(
                    operations.delete().where(operations.c.run_id == run_id)
                ).rowcount,
                "tips": conn.execute(tips.delete().where(tips.c.run_id == run_id)).rowcount,
            }
            conn.execute(
                update(ingest_runs)
                .where(ingest_runs.c.run_id == run_id)
                .values(undone_ts=at_ts, undone_by=user[:120])
            )
            self.bump_data_version(conn)
        return removed
