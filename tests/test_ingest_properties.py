"""Arbitrary files never break the ingest's promise: every row is accounted for."""

import csv
import json
import uuid

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotspots.ingest import ingest_file
from hotspots.schema import TIP_COLUMNS, RecordKind
from hotspots.store import Store

NOW = pd.Timestamp("2025-12-01T12:00", tz="UTC")

field = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", "2025-03-01T21:00", "47,2397", "6.0226", "nan", "-inf", "1e400", "oui", "=1+1"]
    ),
    st.text(alphabet='",;\n\r\x00é ', max_size=8),
)
row = st.lists(field, min_size=0, max_size=len(TIP_COLUMNS) + 2)


def ingest_accounted(settings, path):
    """Ingest ``path`` and check that every row read is accounted for."""
    store = Store.open(settings.database_url)
    try:
        summary = ingest_file(path, RecordKind.TIPS, store, settings, now=NOW)
    finally:
        store.close()
    assert summary.read == summary.ingested + summary.duplicates + summary.quarantined
    return summary


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(row, max_size=25),
    junk=st.binary(max_size=40),
    delimiter=st.sampled_from([",", ";"]),
)
def test_every_row_is_ingested_duplicate_or_quarantined(settings, tmp_path, rows, junk, delimiter):
    run = uuid.uuid4().hex[:8]
    path = tmp_path / f"{run}.csv"
    with path.open("w", encoding="utf-8", newline="", errors="surrogatepass") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(TIP_COLUMNS)
        for values in rows:
            writer.writerow([f"{run}{v}" if i == 0 and v else v for i, v in enumerate(values)])
    with path.open("ab") as fh:
        fh.write(junk)
    summary = ingest_accounted(settings, path)
    if summary.quarantined:
        with open(summary.quarantine_file, newline="", encoding="utf-8") as fh:
            quarantined = list(csv.DictReader(fh))
        assert len(quarantined) == summary.quarantined
        assert all(r["reason"] for r in quarantined)
    else:
        assert summary.quarantine_file is None


json_value = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=20),
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
hostile_line = st.one_of(
    st.dictionaries(
        st.sampled_from([*TIP_COLUMNS, "extra", "é\u202e", "\x00"]), json_value, max_size=10
    ).map(json.dumps),
    st.integers(min_value=1, max_value=5000).map(lambda n: '{"tip_id": ' + "[" * n + "]" * n + "}"),
    st.integers(min_value=4000, max_value=6000).map(lambda n: '{"lat": ' + "7" * n + "}"),
    st.text(max_size=60),
    st.just('{"tip_id": "x", "received_at": "2025-01-01", "lat": 1e999, "lon": -1e999}'),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(hostile_line, max_size=12))
def test_hostile_json_lines_never_break_the_ingest(settings, tmp_path, lines):
    """Any line — nested thousands deep, numbers of thousands of digits, control and
    bidirectional characters, infinities — ends ingested, duplicate or quarantined."""
    path = tmp_path / f"{uuid.uuid4().hex[:8]}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    summary = ingest_accounted(settings, path)
    assert summary.read == sum(1 for raw in path.read_bytes().split(b"\n") if _not_blank(raw))


def _not_blank(raw: bytes) -> bool:
    """Whether the JSON Lines reader counts this line (undecodable lines count)."""
    try:
        return bool(raw.removesuffix(b"\r").decode("utf-8").strip())
    except UnicodeDecodeError:
        return True
