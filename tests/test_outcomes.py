"""What followed each operation: counts in the cell, the ring and the control, the exact
test, the weighted displacement quotient, and the attention list."""

from __future__ import annotations

import csv
import json
import math
from datetime import date, timedelta

import h3
import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest

from hotspots.cli import main
from hotspots.config import Settings
from hotspots.filters import Filters
from hotspots.outcomes import (
    MIN_TESTABLE,
    attention_list,
    attention_text,
    operation_outcomes,
    outcome_summary,
    outcome_text,
    wdq,
)
from hotspots.roles import Forbidden
from tests.conftest import TEST_SECRET
from tests.helpers import write_csv, write_operations

RES = 9
#: The operation's cell: the Boucle, in the centre of Besançon.
CELL = h3.latlng_to_cell(47.2370, 6.0260, RES)
RING = sorted(set(h3.grid_disk(CELL, 1)) - {CELL})
#: Control cells, far from the operation: Planoise and the Chaprais.
CONTROL = [h3.latlng_to_cell(47.2160, 5.9580, RES), h3.latlng_to_cell(47.2470, 6.0400, RES)]
OP_DAY = date(2025, 6, 15)


def _tips(counts: dict[str, tuple[int, int]], op_day: date = OP_DAY, weeks: int = 8):
    """Tip rows: for each place (cell, ring, control) ``(before, after)`` tips spread
    over the windows, the first control tip on the window's first day and the last on
    its last day (so the data cover both windows), plus tips on the operation's day,
    which count in neither window."""
    places = {"cell": [CELL], "ring": RING, "control": CONTROL}
    rows = []
    span = 7 * weeks
    usual = counts.pop("usual", 0)  # in the cell, over the 26 weeks before the windows
    for i in range(usual):
        day = op_day - timedelta(days=span + 1 + (i * (182 - 1)) // max(usual - 1, 1))
        lat, lon = h3.cell_to_latlng(CELL)
        rows.append(
            {
                "tip_id": f"usual-{i}",
                "received_at": f"{day.isoformat()}T21:00",
                "lat": f"{lat:.6f}",
                "lon": f"{lon:.6f}",
            }
        )
    for name, (before, after) in counts.items():
        for side, n in (("b", before), ("a", after)):
            for i in range(n):
                offset = 1 + (i * (span - 1)) // max(n - 1, 1) if n > 1 else 1
                if name == "control" and i == 0:
                    offset = span if side == "b" else 1
                if name == "control" and i == n - 1:
                    offset = 1 if side == "b" else span
                day = op_day - timedelta(days=offset) if side == "b" else op_day + timedelta(offset)
                cell = places[name][i % len(places[name])]
                lat, lon = h3.cell_to_latlng(cell)
                rows.append(
                    {
                        "tip_id": f"{name}-{side}-{i}",
                        "received_at": f"{day.isoformat()}T21:00",
                        "lat": f"{lat:.6f}",
                        "lon": f"{lon:.6f}",
                    }
                )
    for i in range(3):  # the operation's own day: in neither window
        lat, lon = h3.cell_to_latlng(CELL)
        rows.append(
            {
                "tip_id": f"op-day-{i}",
                "received_at": f"{op_day.isoformat()}T10:00",
                "lat": f"{lat:.6f}",
                "lon": f"{lon:.6f}",
            }
        )
    return rows


def _ingest(tmp_path, monkeypatch, db_url, tips, operations):
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOTSPOTS_SECRET", TEST_SECRET)
    tips_file = write_csv(tmp_path / "tips.csv", tips)
    ops_file = write_operations(tmp_path / "ops.csv", operations)
    args = ["ingest", str(tips_file), "--operations", str(ops_file), "--db", db_url]
    assert main(args) == 0


def _operation(op_id: str, cell: int, day: date = OP_DAY) -> dict:
    lat, lon = h3.cell_to_latlng(cell)
    return {
        "operation_id": op_id,
        "started_at": f"{day.isoformat()}T06:00",
        "lat": f"{lat:.6f}",
        "lon": f"{lon:.6f}",
        "kind": "search",
    }


def _outcomes(tmp_path, db_url, capsys, *extra) -> tuple[list[dict], dict]:
    out = tmp_path / "outcomes.csv"
    capsys.readouterr()
    assert main(["outcomes", "--db", db_url, "--out", str(out), *extra]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    with out.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh)), summary


def test_the_seeded_operation_gives_its_four_counts_and_wdq(tmp_path, monkeypatch, db_url, capsys):
    counts = {"cell": (30, 4), "ring": (6, 16), "control": (20, 22)}
    _ingest(tmp_path, monkeypatch, db_url, _tips(counts), [_operation("OP-1", CELL)])
    rows, summary = _outcomes(tmp_path, db_url, capsys)
    assert len(rows) == 1
    row = rows[0]
    assert row["h3"] == CELL
    assert row["started_at"] == "2025-06-15"
    assert row["window_days"] == "56"
    got = {k: int(row[k]) for k in ("tips_before", "tips_after", "ring_before", "ring_after")}
    assert got == {"tips_before": 30, "tips_after": 4, "ring_before": 6, "ring_after": 16}
    assert (int(row["control_before"]), int(row["control_after"])) == (20, 22)
    expected = (16 / 22 - 6 / 20) / (4 / 22 - 30 / 20)
    assert float(row["wdq"]) == pytest.approx(expected, abs=0.01)
    assert row["wdq_reading"] == "displacement"  # −0.32: some displacement, net benefit
    assert float(row["p_value"]) == pytest.approx(binomtest(4, 34, 0.5).pvalue, rel=1e-4)
    # the data start with the before window: no usual level to tell an effect from a
    # peak falling back
    assert row["verdict"] == "fall_unconfirmed" and row["baseline_days"] == "0"
    assert row["district"] and row["commune"] == "25056"
    assert summary["operations"] == 1 and summary["tested"] == 1
    assert summary["falls"] == 0 and summary["unconfirmed"] == 1
    assert summary["median_wdq"] == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(
    ("usual", "verdict"),
    [(52, "fall"), (13, "back_to_usual")],  # 2 a week, then ½ a week, before the peak
)
def test_a_fall_counts_only_below_the_usual_level(
    tmp_path, monkeypatch, db_url, capsys, usual, verdict
):
    """30 → 4 after the operation: below the usual level of 2 tips a week (16 in
    8 weeks) it is a fall; at ½ a week (4 in 8 weeks) the peak merely fell back."""
    counts = {"cell": (30, 4), "ring": (6, 16), "control": (20, 22), "usual": usual}
    _ingest(tmp_path, monkeypatch, db_url, _tips(counts), [_operation("OP-1", CELL)])
    (row,), summary = _outcomes(tmp_path, db_url, capsys)
    assert (row["baseline_days"], row["baseline_tips"]) == ("182", str(usual))
    assert row["verdict"] == verdict
    expected = (16 / 22 - 6 / 20) / (4 / 22 - 30 / 20)  # the quotient does not change
    assert float(row["wdq"]) == pytest.approx(expected, abs=0.01)
    assert summary["falls"] == (verdict == "fall")


def test_an_operation_with_no_tip_after(tmp_path, monkeypatch, db_url, capsys):
    counts = {"cell": (9, 0), "ring": (2, 0), "control": (10, 12)}
    _ingest(tmp_path, monkeypatch, db_url, _tips(counts), [_operation("OP-1", CELL)])
    (row,), _ = _outcomes(tmp_path, db_url, capsys)
    assert (row["tips_before"], row["tips_after"], row["ring_before"], row["ring_after"]) == (
        "9",
        "0",
        "2",
        "0",
    )
    assert row["verdict"] == "fall_unconfirmed"  # 9 → 0: p = 2 × 0.5⁹ = 0.0039
    # the ring fell as much as it could: diffusion of benefits, (0 − 2/10) / (0 − 9/10)
    assert float(row["wdq"]) == pytest.approx((0 - 2 / 10) / (0 - 9 / 10), abs=1e-6)
    assert row["wdq_reading"] == "diffusion"


def test_too_few_tips_say_nothing(tmp_path, monkeypatch, db_url, capsys):
    counts = {"cell": (3, 1), "ring": (1, 0), "control": (5, 6)}
    _ingest(tmp_path, monkeypatch, db_url, _tips(counts), [_operation("OP-1", CELL)])
    (row,), summary = _outcomes(tmp_path, db_url, capsys)
    assert row["verdict"] == "too_few"
    assert summary["tested"] == 0 and summary["fall_share"] is None
    # the cell fell against the control (1/6 < 3/5), but 4 tips are noise: no quotient
    assert row["wdq"] == "" and row["wdq_reading"] == "too_few"


def test_a_cell_that_did_not_fall_has_no_wdq_and_says_why(tmp_path, monkeypatch, db_url, capsys):
    counts = {"cell": (4, 8), "ring": (3, 3), "control": (10, 10)}
    _ingest(tmp_path, monkeypatch, db_url, _tips(counts), [_operation("OP-1", CELL)])
    (row,), _ = _outcomes(tmp_path, db_url, capsys)
    assert row["wdq"] == "" and row["wdq_reading"] == "no_fall"


def test_an_operation_at_the_edge_of_the_zone_keeps_its_whole_ring(
    tmp_path, monkeypatch, db_url, capsys
):
    """Besançon's border with Chalezeule: with the zone set to Besançon, the ring's
    tips across the border still count in the ring; the control stays in the zone."""
    from hotspots.areas import load_area

    area = load_area(Settings(data_dir=tmp_path / "data"))
    # walk east from the centre to the last cell whose centre is in Besançon
    lat, lon = 47.2550, 6.0200
    edge = None
    for _ in range(200):
        cell = h3.latlng_to_cell(lat, lon, RES)
        ring = set(h3.grid_disk(cell, 1)) - {cell}
        centres = np.array([h3.cell_to_latlng(c) for c in [cell, *sorted(ring)]])
        communes = area.locate(centres[:, 0], centres[:, 1])[0]
        if communes[0] == "25056" and any(c not in (None, "25056") for c in communes[1:]):
            edge = cell
            outside = [c for c, k in zip(sorted(ring), communes[1:], strict=True) if k != "25056"]
            break
        lon += 0.001
    assert edge is not None, "no edge cell found east of the centre"
    global CELL, RING  # noqa: PLW0603 (the tip builder reads them)
    saved = CELL, RING
    try:
        CELL, RING = edge, outside  # the ring tips all across the border
        counts = {"cell": (12, 2), "ring": (3, 5), "control": (10, 10)}
        tips = _tips(counts)
    finally:
        CELL, RING = saved
    _ingest(tmp_path, monkeypatch, db_url, tips, [_operation("OP-1", edge)])
    (row,), _ = _outcomes(tmp_path, db_url, capsys, "--area", "25056")
    assert (row["ring_before"], row["ring_after"]) == ("3", "5")
    assert (row["control_before"], row["control_after"]) == ("10", "10")
    assert row["verdict"] == "fall_unconfirmed"


def test_wdq_readings_and_undefined_cases():
    assert math.isnan(wdq(10, 2, 3, 3, 0, 5)[0]) and wdq(10, 2, 3, 3, 0, 5)[1] == "no_control"
    assert wdq(10, 2, 3, 3, 5, 0)[1] == "no_control"
    assert wdq(5, 5, 3, 9, 10, 10)[1] == "no_fall"  # no change against the control
    assert wdq(10, 2, 4, 4, 10, 10) == (0.0, "neutral")
    assert wdq(10, 2, 4, 0, 10, 10)[1] == "diffusion"  # (0 − .4)/(.2 − 1) = 0.5
    assert wdq(10, 2, 10, 0, 10, 10)[1] == "diffusion_more"  # 1.25
    assert wdq(10, 2, 4, 8, 10, 10)[1] == "displacement"  # −0.5
    assert wdq(10, 2, 4, 14, 10, 10)[1] == "displacement_more"  # −1.25


def test_the_test_keeps_its_level_on_pure_chance_at_real_counts():
    """No operation changes anything: tips before and after are Poisson at the same
    rate, from a fifth of a tip to 10 per window (a cell of the demo sees 0 to 13 a
    year). The exact test calls a fall or a rise at most 5 % of the time at every rate
    (it is conservative: fewer at small counts), and ``too_few`` takes the rest."""
    from hotspots.outcomes import _exact_p, _verdict

    rng = np.random.default_rng(19)
    for rate in (0.2, 1, 3, 6, 10):
        before = rng.poisson(rate, 4000)
        after = rng.poisson(rate, 4000)
        verdicts = [_verdict(b, a, _exact_p(b, a)) for b, a in zip(before, after, strict=True)]
        called = np.isin(verdicts, ["fall_unconfirmed", "rise"]).mean()  # no usual level
        assert called <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / 4000), (rate, called)
        falls = (np.array(verdicts) == "fall_unconfirmed").mean()
        assert falls <= 0.025 + 3 * math.sqrt(0.025 * 0.975 / 4000), (rate, falls)
        small = (before + after) < MIN_TESTABLE
        assert all(v == "too_few" for v, s in zip(verdicts, small, strict=True) if s)


def test_no_effect_is_called_a_fall_when_operations_follow_peaks():
    """Pure chance at the demo's counts: every cell has the same rate before, during
    and after; the operation goes to the busiest of 30 cells in the 8 weeks before (a
    commander acting on a peak). The before/after test alone calls that a significant
    fall 11–18 % of the time; with the usual level (26 weeks before) a ``fall`` stays
    within the 2.5 % of a one-sided 5 % test; the rest is said to be a return to
    normal."""
    from hotspots.outcomes import _exact_p, _usual_p, _verdict

    rng = np.random.default_rng(2025)
    runs = 1500
    for rate in (1, 3, 6, 12):  # tips per 8 weeks in a cell
        verdicts = []
        for _ in range(runs):
            before = rng.poisson(rate, 30)
            cell = int(before.argmax())
            after = int(rng.poisson(rate))
            usual = int(rng.poisson(rate * 182 / 56))
            p = _exact_p(int(before[cell]), after)
            p_usual = _usual_p(after, 56, usual, 182)
            verdicts.append(_verdict(int(before[cell]), after, p, (56, usual, 182, p_usual)))
        verdicts = np.array(verdicts)
        bound = 0.025 + 3 * math.sqrt(0.025 * 0.975 / runs)
        assert (verdicts == "fall").mean() <= bound, (rate, (verdicts == "fall").mean())
        # the naive reading would have claimed many more
        naive = np.isin(verdicts, ["fall", "back_to_usual"]).mean()
        if rate >= 3:
            assert naive > 0.08, (rate, naive)


def test_outcomes_in_words_and_roles(tmp_path, monkeypatch, db_url):
    from hotspots.areas import load_area
    from hotspots.store import Store
    from hotspots.tables import latest_day, load_ops, load_tips

    counts = {"cell": (30, 4), "ring": (6, 16), "control": (20, 22)}
    _ingest(tmp_path, monkeypatch, db_url, _tips(counts), [_operation("OP-1", CELL)])
    area = load_area(Settings(data_dir=tmp_path / "data"))
    store = Store.open(db_url)
    try:
        table, ops = load_tips(store, area), load_ops(store, area)
    finally:
        store.close()
    latest = latest_day(table, ops)
    f = Filters(preset="all")
    frame = operation_outcomes(table, ops, f, latest, role="commandement")
    text = outcome_text(frame.iloc[0], "fr")
    assert "30 → 4 signalements dans l'hexagone" in text
    assert "6 → 16 autour" in text
    assert "Baisse depuis le pic" in text and "retour à la normale" in text
    assert "WDQ = −0,32" in text.replace("-", "−") and "déplacement" in text
    assert "usual level unknown" in outcome_text(frame.iloc[0], "en")
    with pytest.raises(Forbidden):
        operation_outcomes(table, ops, f, latest, role="presse")
    assert outcome_summary(frame)["fall_share"] == 0.0


def test_attention_list_reasons():
    day = date(2025, 11, 20)
    places = pd.DataFrame(
        {
            "rank": [1, 2, 3, 4],
            "place": ["A", "B", "C", "D"],
            "last_operation": [None, *(day - timedelta(n) for n in (120, 20, 10))],
            "days_since": [None, 120, 20, 10],
            "since_tips": [0, 4, 3, 1],
        }
    )
    listed = attention_list(places, days=90)
    assert list(listed["place"]) == ["A", "B", "C"]
    assert list(listed["reason"]) == ["no_operation", "stale", "returned"]
    assert "aucune opération" in attention_text(listed.iloc[0], "fr").lower()
    assert attention_text(listed.iloc[1], "fr").endswith("(il y a 120 j). 4 signalements depuis.")
    assert attention_text(listed.iloc[2], "fr").startswith("3 signalements depuis")
    assert list(attention_list(places, days=15)["place"]) == [
        "A",
        "B",
        "C",
    ]
    assert list(attention_list(places, days=5)["reason"]) == [
        "no_operation",
        "stale",
        "stale",
        "stale",
    ]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_verdict_and_reading_is_said_in_words(lang):
    """Each verdict and each WDQ reading has its words on every surface (the table's
    short words, the sentence of the drill-down and popup, the briefing's column)."""
    from hotspots.i18n import translate
    from hotspots.outcomes import TESTED

    verdicts = (*TESTED, "too_few", "not_comparable", "no_cell")
    readings = {
        "diffusion_more": 1.5,
        "diffusion": 0.5,
        "neutral": 0.0,
        "displacement": -0.5,
        "displacement_more": -1.5,
        "no_control": math.nan,
        "no_fall": math.nan,
    }
    for verdict in verdicts:
        assert translate(f"oc_v_{verdict}", lang)
        for reading, q in readings.items():
            row = {
                "verdict": verdict,
                "window_days": 56,
                "tips_before": 12,
                "tips_after": 2,
                "ring_before": 3,
                "ring_after": 4,
                "baseline_tips": 20,
                "baseline_days": 182,
                "p_value": 0.01,
                "wdq": q,
                "wdq_reading": reading if verdict in TESTED else verdict,
            }
            text = outcome_text(row, lang)
            assert "{" not in text and text.strip()
    for reading in ("no_control", "no_fall", "too_few", "not_comparable", "no_cell"):
        assert translate(f"oc_r_{reading}", lang)
    for reading in ("diffusion_more", "diffusion", "neutral", "displacement", "displacement_more"):
        assert translate(f"oc_reading_{reading}", lang)
