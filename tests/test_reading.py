from pathlib import Path

import pytest

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
        ("tip_id,received_at\nT1,2025-01-01\n", r"location \(or lat and lon\)"),
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
