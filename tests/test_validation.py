import numpy as np
import pandas as pd
import pytest

from hotspots.schema import RecordKind
from hotspots.validation import parse_numbers, parse_observed, parse_seizures, parse_times, validate

NOW = pd.Timestamp("2025-12-01T12:00", tz="UTC")


def everywhere(lat, lon):
    return np.ones(len(lat), dtype=bool)


def test_times_naive_are_paris_and_aware_keep_their_offset():
    got = parse_times(
        pd.Series(
            [
                "2025-07-01T20:30",
                "2025-07-01T20:30:00+02:00",
                "2025-01-15 08:00Z",
                "14/03/2025 21h30",
                "2025-02-30",
            ]
        )
    )
    assert got[0] == pd.Timestamp("2025-07-01T18:30", tz="UTC")  # CEST = UTC+2
    assert got[1] == pd.Timestamp("2025-07-01T18:30", tz="UTC")
    assert got[2] == pd.Timestamp("2025-01-15T08:00", tz="UTC")
    assert got[3] == pd.Timestamp("2025-03-14T20:30", tz="UTC")  # CET = UTC+1
    assert pd.isna(got[4])


def test_daylight_saving_edges_do_not_fail():
    got = parse_times(pd.Series(["2025-03-30T02:30", "2025-10-26T02:30"]))
    assert got[0] == pd.Timestamp("2025-03-30T01:00", tz="UTC")  # nonexistent: shifted forward
    assert got[1] == pd.Timestamp("2025-10-26T00:30", tz="UTC")  # ambiguous: summer time


def test_numbers_accept_french_decimal_comma():
    got = parse_numbers(pd.Series(["47,2397", "6.0226", "abc", "1,2,3", ""]))
    assert got[0] == pytest.approx(47.2397)
    assert got[1] == pytest.approx(6.0226)
    assert got[2:].isna().all()


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("18h-22h", 18, 22),
        ("18:00-22:00", 18, 22),
        ("de 21h à 2h", 21, 2),
        ("18h30-22h30", 18, 23),
        ("soir", 18, 24),
        ("Nuit", 22, 6),
        ("après-midi", 12, 18),
        ("22h-0h", 22, 24),
    ],
)
def test_observed_windows(text, start, end):
    got_start, got_end, unparsed = parse_observed(pd.Series([text]))
    assert (got_start[0], got_end[0], unparsed[0]) == (start, end, False)


@pytest.mark.parametrize("text", ["tout le temps", "25h-26h", "18h-18h"])
def test_unreadable_observed_is_flagged(text):
    start, _end, unparsed = parse_observed(pd.Series([text]))
    assert pd.isna(start[0]) and bool(unparsed[0])


def test_seizures_are_parsed_and_converted():
    items, error = parse_seizures(
        "cannabis_resin:950 g; Cocaïne: 12,5 g; herbe:1 kg; packaging:3 pieces"
    )
    assert error is None
    assert sorted(items) == [
        ("cannabis_herb", 1000.0, "g"),
        ("cannabis_resin", 950.0, "g"),
        ("cocaine", 12.5, "g"),
        ("packaging", 3.0, "pieces"),
    ]


@pytest.mark.parametrize(
    "text", ["cannabis 950 g", "cocaine:12 litres", "cocaine:-3 g", ":5 g", "cocaine:5"]
)
def test_malformed_seizures_have_a_reason(text):
    items, error = parse_seizures(text)
    assert items == [] and error.startswith("seizures:")


def frame(rows, columns):
    df = pd.DataFrame(
        [[r.get(c, "") for c in columns] for r in rows], columns=columns, dtype=object
    )
    df["source_line"] = range(2, 2 + len(rows))
    return df


TIP_COLS = [
    "tip_id",
    "received_at",
    "location",
    "lat",
    "lon",
    "category",
    "observed",
    "description",
    "exploitable",
]


def test_each_bad_tip_gets_each_of_its_reasons():
    rows = [
        {
            "tip_id": "ok",
            "received_at": "2025-03-01T21:40",
            "lat": "47.24",
            "lon": "6.02",
            "category": "livraison",
        },
        {"tip_id": "", "received_at": "yesterday", "location": "Battant"},
        {"tip_id": "t", "received_at": "2025-03-01", "lat": "91", "lon": "6"},
        {
            "tip_id": "t2",
            "received_at": "2025-12-05",
            "location": "Battant",
            "exploitable": "peut-être",
        },
        {"tip_id": "t3", "received_at": "2025-03-01", "category": "bizarre", "location": "Battant"},
    ]
    result = validate(frame(rows, TIP_COLS), RecordKind.TIPS, NOW, everywhere)
    assert result.clean["record_id"].tolist() == ["ok", "t3"]
    reasons = dict(zip(result.rejected["source_line"], result.rejected["reason"], strict=True))
    assert "tip_id: missing" in reasons[3] and "received_at: 'yesterday'" in reasons[3]
    assert "lat: '91' is out of range" in reasons[4]
    assert "more than a day in the future" in reasons[5] and "exploitable" in reasons[5]
    ok = result.clean.iloc[0]
    assert ok["category"] == "delivery"
    assert ok["ts"] % 3600 == 0 and ok["hour_local"] == 21
    assert result.unknown_categories == 1
    assert result.clean.iloc[1]["category"] == "other"


def test_operations_counts_and_cash():
    cols = [
        "operation_id",
        "started_at",
        "location",
        "lat",
        "lon",
        "kind",
        "tip_ids",
        "arrests",
        "seizures",
        "cash_eur",
    ]
    rows = [
        {
            "operation_id": "O1",
            "started_at": "2025-07-29T18:00",
            "location": "centre",
            "kind": "interpellation",
            "tip_ids": "T1; T2;T1",
            "arrests": "3",
            "seizures": "ketamine:5 g",
            "cash_eur": "1 550,50 €",
        },
        {"operation_id": "O2", "started_at": "2025-07-29", "location": "centre", "arrests": "-1"},
        {
            "operation_id": "O3",
            "started_at": "2025-07-29",
            "location": "centre",
            "arrests": "1.5",
            "cash_eur": "-2",
        },
        {"operation_id": "O4", "started_at": "2025-07-29", "location": "centre", "kind": "raid"},
    ]
    result = validate(frame(rows, cols), RecordKind.OPERATIONS, NOW, everywhere)
    assert result.clean["record_id"].tolist() == ["O1"]
    op = result.clean.iloc[0]
    assert (op["kind"], op["arrests"], op["cash_eur"], op["tip_ids"]) == (
        "arrest",
        3,
        1550.5,
        ["T1", "T2"],
    )
    reasons = result.rejected["reason"].tolist()
    assert "negative count" in reasons[0]
    assert "not a whole number" in reasons[1] and "cash_eur" in reasons[1]
    assert "kind: 'raid'" in reasons[2]
