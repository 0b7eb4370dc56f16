from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotspots import reading
from hotspots.reading import MAX_RECORD_LINES, InputError, read_chunks
from hotspots.schema import RecordKind

HEADER = "tip_id,received_at,location,lat,lon,category,observed,description,exploitable\n"


def read_all(path: Path, kind=RecordKind.TIPS, chunk_rows=20_000):
    chunks = list(read_chunks(path, kind, chunk_rows))
    records = [r for c in chunks for r in c.records.to_dict("records")]
    rejects = [r for c in chunks for r in c.rejects]
    return records, rejects


def test_bom_and_semicolon_are_detected(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(
        b"\xef\xbb\xbf" + HEADER.replace(",", ";").encode() + b"T1;2025-01-01;Battant;;;;;;\n"
    )
    records, rejects = read_all(path)
    assert rejects == []
    assert records[0]["tip_id"] == "T1" and records[0]["location"] == "Battant"


def test_quoted_delimiters_and_line_breaks_stay_in_their_field(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        HEADER
        + 'T1,2025-01-01,"rue A, côté B",,,,,"ligne 1\nligne ""2""",\nT2,2025-01-02,X,,,,,,\n'
    )
    records, rejects = read_all(path)
    assert rejects == []
    assert [r["source_line"] for r in records] == [2, 4]
    assert records[0]["location"] == "rue A, côté B"
    assert records[0]["description"] == 'ligne 1\nligne "2"'


def test_unclosed_quote_rejects_only_its_line(tmp_path):
    path = tmp_path / "t.csv"
    body = 'T1,2025-01-01,"never closed,,,,,,\n' + "".join(
        f"T{i},2025-01-01,X,,,,,,\n" for i in range(2, 80)
    )
    path.write_text(HEADER + body)
    records, rejects = read_all(path)
    assert [r.source_line for r in rejects] == [2]
    assert "unclosed quote" in rejects[0].reason
    assert len(records) == 78  # every following line was read again
    assert MAX_RECORD_LINES < 78


def test_broken_lines_are_rejected_with_reasons(tmp_path):
    path = tmp_path / "t.csv"
    content = (
        HEADER.encode()
        + b"T1,2025-01-01,X,,\n"  # ragged
        + b"T2,2025-01-01,\xff\xfe,,,,,,\n"  # not UTF-8
        + b"T3,2025-01-01,a\x00b,,,,,,\n"  # NUL
        + b"T4,"
        + b"x" * 200_000
        + b",,,,,,,\n"  # huge line
        + b'T5,2025-01-01,"a"b,,,,,,\n'  # quote inside a field
        + b"\n   \n"  # blank lines are not records
        + b"T6,2025-01-01,ok,,,,,,\n"
    )
    path.write_bytes(content)
    records, rejects = read_all(path)
    assert [r["tip_id"] for r in records] == ["T6"]
    reasons = {r.source_line: r.reason for r in rejects}
    assert set(reasons) == {2, 3, 4, 5, 6}
    assert "ragged" in reasons[2]
    assert "UTF-8" in reasons[3]
    assert "NUL" in reasons[4]
    assert "limit" in reasons[5]
    assert "cannot split" in reasons[6]


def test_jsonl_with_lists_and_bad_lines(tmp_path):
    path = tmp_path / "ops.jsonl"
    path.write_text(
        '{"operation_id": "O1", "started_at": "2025-07-29T18:00", "lat": 47.24, "lon": 6.02,'
        ' "tip_ids": ["T1", "T2"], "arrests": 3, "extra": "kept in raw"}\n'
        "not json\n"
        "[1, 2]\n"
        '{"operation_id": {"nested": 1}}\n'
    )
    records, rejects = read_all(path, RecordKind.OPERATIONS)
    assert records[0]["tip_ids"] == "T1;T2"
    assert records[0]["arrests"] == "3"
    assert "kept in raw" in records[0]["_raw"]
    assert [r.source_line for r in rejects] == [2, 3, 4]


def test_chunks_keep_every_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "".join(f"T{i},2025-01-01,X,,,,,,\n" for i in range(1000)))
    chunks = list(read_chunks(path, RecordKind.TIPS, chunk_rows=128))
    lines = [n for c in chunks for n in c.records["source_line"]]
    assert lines == list(range(2, 1002))
    assert sum(c.bytes_read for c in chunks) == path.stat().st_size


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("tip_id,location\nT1,X\n", "received_at"),
        ("tip_id,received_at\nT1,2025-01-01\n", r"place \(location\), or latitude and longitude"),
        ("tip_id,tip_id,received_at,location\n", "twice"),
    ],
)
def test_unusable_files_raise_a_clear_error(tmp_path, content, message):
    path = tmp_path / "t.csv"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        read_all(path)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot open"):
        read_all(tmp_path / "nope.csv")


# --- the Arrow fast path reads exactly what the line-by-line reader reads ------------

_TOKENS = st.sampled_from(
    [b"a", b"7", "é".encode(), b",", b";", b'"', b'""', b" ", b"\r\n", b"\r", b"\x00", b"\xff"]
    + [b'"x,y"', b'"a ""b"""', b'"\n"']
)
_FIELD = st.one_of(
    st.sampled_from([b"", b"T1", b"2025-01-01", b'"rue A, B"', b'"dit ""oui"""', b"a b"]),
    # quotes where Python's strict reader and Arrow's disagree, or where a line goes on
    st.sampled_from([b'"a"b', b'a"b', b'"a" ', b'""x', b' "a"', b'"a', b'a""', b'"a""']),
    st.lists(_TOKENS, max_size=4).map(b"".join),
)
#: Mostly lines of the header's width, where both parsers have to agree field by field.
_LINE = st.one_of(
    st.lists(_FIELD, min_size=9, max_size=9).map(b",".join),
    st.lists(_FIELD, max_size=11).map(b",".join),
    st.lists(_TOKENS, max_size=14).map(b"".join),
)


def _read_flat(path: Path, chunk_rows: int):
    chunks = list(read_chunks(path, RecordKind.TIPS, chunk_rows))
    records = pd.concat([c.records for c in chunks], ignore_index=True)
    rejects = sorted((r.source_line, r.reason, r.raw) for c in chunks for r in c.rejects)
    return records, rejects, sum(c.bytes_read for c in chunks)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(_LINE, max_size=30),
    plain=st.integers(0, 40),
    block=st.sampled_from([32, 64, 256, 1 << 20]),
    chunk_rows=st.sampled_from([3, 20_000]),
)
def test_fast_path_reads_what_the_line_reader_reads(tmp_path, lines, plain, block, chunk_rows):
    good = [
        b'T%d,2025-01-01,"rue A, c\xc3\xb4t\xc3\xa9 B",47.2,6.0,x,,"dit ""bonjour""",oui' % i
        for i in range(plain)
    ]
    path = tmp_path / "t.csv"
    path.write_bytes(HEADER.encode() + b"\n".join(good + lines))
    # a context per example: hypothesis runs every example in the same test call
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reading, "BLOCK_BYTES", block)
        fast = _read_flat(path, chunk_rows)
        patch.setattr(reading, "_fast_records", lambda *_: None)
        slow = _read_flat(path, chunk_rows)
    pd.testing.assert_frame_equal(fast[0], slow[0])
    assert fast[1:] == slow[1:]
    assert fast[2] == path.stat().st_size


def test_fast_path_is_taken_on_a_clean_file(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_text(
        HEADER + "".join(f'T{i},2025-01-01,"rue A, n° {i}",,,,,,\r\n' for i in range(500))
    )
    calls = []
    real = reading._fast_records
    monkeypatch.setattr(reading, "BLOCK_BYTES", 4096)
    monkeypatch.setattr(reading, "_fast_records", lambda *a: calls.append(r := real(*a)) or r)
    records, rejects, size = _read_flat(path, 128)
    assert len(calls) > 1 and all(c is not None for c in calls)
    assert list(records["source_line"]) == list(range(2, 502))
    assert records["location"].iloc[7] == "rue A, n° 7" and rejects == []
    assert size == path.stat().st_size


def test_junk_is_handed_on_in_small_chunks(tmp_path):
    """Rejects count towards a chunk: memory follows the batch, not the file."""
    rng = np.random.default_rng(1)
    path = tmp_path / "junk.csv"
    path.write_bytes(HEADER.encode() + rng.bytes(3 << 20))
    chunks = list(read_chunks(path, RecordKind.TIPS, 100_000))
    assert sum(len(c.rejects) for c in chunks) > 3 * reading.MAX_REJECTS_PER_CHUNK
    assert max(len(c.rejects) for c in chunks) <= 2 * reading.MAX_REJECTS_PER_CHUNK


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_line_of_megabytes_is_kept_cut_with_its_length_and_digest(tmp_path, suffix):
    import hashlib

    long_text = "x" * 3_000_000
    path = tmp_path / f"long{suffix}"
    if suffix == ".csv":
        good = "T1,2025-01-01,Battant,,,,,,\n"
        path.write_text(HEADER + good + f"T2,2025-01-01,{long_text},,,,,,\n" + good)
        line = f"T2,2025-01-01,{long_text},,,,,,"
    else:
        good = '{"tip_id": "T1", "received_at": "2025-01-01", "location": "Battant"}\n'
        line = '{"tip_id": "T2", "location": "' + long_text + '"}'
        path.write_text(good + line + "\n" + good)
    records, rejects = read_all(path)
    assert len(records) == 2 and len(rejects) == 1
    reject = rejects[0]
    assert reject.source_line == (3 if suffix == ".csv" else 2)
    assert "over the 100,000-character limit" in reject.reason
    assert len(reject.raw) == reading.QUARANTINE_RAW_CHARS
    assert reject.raw_bytes == len(line)
    assert reject.raw_sha256 == hashlib.sha256(line.encode()).hexdigest()
