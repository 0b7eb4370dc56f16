"""PostgreSQL roles for a team deployment: the dashboard reads, the ingest writes.

The dashboard's role may read every table and add to three: the audit of exports, the
sign-in log and the register of press releases (append-only records of what people
did). Tips, operations and
the store's settings are written only by the ingest's role, which owns the schema's
changes. ``python -m hotspots grants`` prints the statements; an administrator runs
them once the schema exists (after the first ``setup-demo`` or ``ingest``).
"""

from __future__ import annotations

import re

from hotspots.store import exports_log, metadata, press_releases, sign_ins

__all__ = ["APPEND_ONLY_TABLES", "grant_statements"]

#: Tables the dashboard's role may add rows to (never change or delete).
APPEND_ONLY_TABLES = (exports_log.name, sign_ins.name, press_releases.name)
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _quoted(name: str, what: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(
            f"{what} {name!r}: use lower-case letters, digits and _ (a PostgreSQL "
            "identifier of at most 63 characters, starting with a letter or _)"
        )
    return f'"{name}"'


def grant_statements(schema: str, reader: str, writer: str) -> list[str]:
    """The GRANT statements giving ``reader`` the dashboard's rights and ``writer`` the
    ingest's, on the Hotspots tables of ``schema``."""
    schema_q, reader_q, writer_q = (
        _quoted(schema, "schema"),
        _quoted(reader, "reader role"),
        _quoted(writer, "writer role"),
    )
    tables = ", ".join(f"{schema_q}.{_quoted(t, 'table')}" for t in sorted(metadata.tables))
    appended = ", ".join(f"{schema_q}.{_quoted(t, 'table')}" for t in APPEND_ONLY_TABLES)
    sequences = ", ".join(
        f"{schema_q}.{_quoted(f'{table.name}_{column.name}_seq', 'sequence')}"
        for table in (exports_log, sign_ins, press_releases)
        for column in table.primary_key.columns
    )
    return [
        f"GRANT USAGE ON SCHEMA {schema_q} TO {reader_q}, {writer_q};",
        f"GRANT CREATE ON SCHEMA {schema_q} TO {writer_q};",
        f"GRANT SELECT ON {tables} TO {reader_q};",
        f"GRANT INSERT ON {appended} TO {reader_q};",
        f"GRANT USAGE ON SEQUENCE {sequences} TO {reader_q};",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {writer_q};",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema_q} TO {writer_q};",
    ]
