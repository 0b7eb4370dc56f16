"""The dashboard's figures, checked against values worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import h3
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotspots.areas import load_area
from hotspots.config import load_settings
from hotspots.figures import (
    district_changes,
    drilldown,
    hex_counts,
    hour_weekday,
    indicators,
    monthly,
    operation_cells,
    operations_view,
)
from hotspots.filters import ALL_HOURS, Filters
from hotspots.hotspot_figures import emerging, hot_spots
from hotspots.store import Store
from hotspots.tables import cell_parents, latest_day, load_ops, load_tips
from tests.helpers import fill_small_store


@pytest.fixture
def loaded(tmp_path, monkeypatch, db_url):
    """The small store of :func:`tests.helpers.fill_small_store`, as tables."""
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOTSPOTS_SECRET", "views-test-secret-0123456789abcdef")
    fill_small_store(tmp_path, db_url)
    store = Store.open(db_url)
    area = load_area(load_settings())
    districts = area.districts
    table, ops = load_tips(store, area), load_ops(store, area)
    store.close()
    return table, ops, districts


def test_tables_hold_every_record(loaded):
    table, ops, _ = loaded
    assert len(table) == 8
    assert len(ops.ops) == 3
    assert latest_day(table, ops) == date(2025, 3, 15)
    assert (table.h3 != 0).sum() == 7  # T7 is located to its district only


def test_indicators_by_hand(loaded):
    table, ops, _ = loaded
    figures = indicators(table, ops, Filters(), date(2025, 3, 15))
    assert (figures["from"], figures["to"], figures["days"]) == (
        date(2025, 1, 1),
        date(2025, 3, 15),
        74,
    )
    assert figures["tips"] == 7  # T8 is in 2024
    # The data start with T8 on 20/12/2024: the 74 days before 1 January are not covered.
    assert figures["change"].verdict == "not_comparable"
    assert figures["change"].previous is None and figures["change"].p_value is None
    assert figures["exploitable"] == 3
    assert figures["exploitable_share"] == pytest.approx(3 / 5)  # 3 of 5 triaged
    assert figures["pending"] == 2  # T4, T7
    assert figures["operations"] == 2  # O3 is in 2024
    assert figures["arrests"] == 2
    assert figures["cash_eur"] == 500
    assert figures["seizures"] == {("cannabis_resin", "g"): 1500.0, ("cocaine", "g"): 12.0}
    # O1: 01/03 06:00 - T1 10/01 20:00 = 49 days 10 h; O2: 14/03 06:00 - T5 12/03 09:00 = 1 d 21 h
    assert figures["median_delay_days"] == pytest.approx((49 + 10 / 24 + 1 + 21 / 24) / 2)


def test_filters_narrow_the_indicators(loaded):
    table, ops, districts = loaded
    latest = date(2025, 3, 15)
    centre_code = districts.district_of_points(np.array([47.2370]), np.array([6.0260]))[0]
    only_centre = Filters(districts=(centre_code,))
    figures = indicators(table, ops, only_centre, latest)
    assert figures["tips"] == 4 and figures["operations"] == 1
    pending = indicators(table, ops, Filters(triage=("pending",)), latest)
    assert pending["tips"] == 2
    deals = indicators(table, ops, Filters(categories=("deal_point",)), latest)
    assert deals["tips"] == 4  # T1 T2 T4 T6
    # 00h-06h: T2's window 22h-2h overlaps it; nobody else
    night = indicators(table, ops, Filters(hours=(0, 6)), latest)
    assert night["tips"] == 1
    # 21h-23h: T1 (18-22) and T2 (22-2) overlap it; T3, T4 were received at 20 h
    late = indicators(table, ops, Filters(hours=(21, 23)), latest)
    assert late["tips"] == 2
    fridays = indicators(table, ops, Filters(weekdays=(4,)), latest)
    assert fridays["tips"] == 2  # 10/01/2025 (T1) and 14/03/2025 (T6) were Fridays
    custom = Filters(preset="custom", start=date(2025, 3, 12), end=date(2025, 3, 13))
    assert indicators(table, ops, custom, latest)["tips"] == 2  # T5, T7


def test_hexagons_leave_out_district_only_tips(loaded):
    table, _ops, districts = loaded
    hexes = hex_counts(table, Filters(), date(2025, 3, 15), 9, districts, role="analyste")
    assert hexes["count"].sum() == 6  # T1..T6; T7 has no cell, T8 is outside the period
    assert sorted(hexes["count"]) == [2, 4]
    centre = hexes[hexes["count"] == 4].iloc[0]
    assert centre["category"] == "deal_point"  # T1 T2 T4 against one delivery
    expected = h3.latlng_to_cell(47.2370, 6.0260, 9)
    assert centre["cell"] == expected


def test_aoristic_weights(loaded):
    table, _ops, _ = loaded
    matrix, observed, received = hour_weekday(table, Filters(), date(2025, 3, 15))
    assert (observed, received) == (2, 5)
    assert matrix.sum() == pytest.approx(7)
    friday = 4  # T1 on Friday 10/01, "18h-22h": a quarter on 18, 19, 20 and 21 h
    assert matrix[friday, 18:22].tolist() == pytest.approx([0.25] * 4)
    monday = 0  # T2 on Monday 10/02, "22h-2h": a quarter on 22, 23, 0 and 1 h
    assert [matrix[monday, h] for h in (22, 23, 0, 1)] == pytest.approx([0.25] * 4)
    assert matrix[monday, 20] == 1  # T3, Monday 10/03 at 20 h, no window


def test_monthly_shows_every_covered_month_and_no_uncovered_year(loaded):
    table, _ops, _ = loaded
    months = monthly(table, Filters(preset="12m"), date(2025, 3, 15))
    # 12 months back would start in March 2024; the data start on 20/12/2024.
    assert list(months["month"]) == [date(2024, 12, 1), *(date(2025, m, 1) for m in (1, 2, 3))]
    assert list(months["tips"]) == [1, 1, 1, 5]  # zeros would show too: every month is here
    assert list(months["coverage"]) == ["partial", "full", "full", "partial"]
    assert months["previous_year"].isna().all()  # 2024 is not covered: no data, not 0


def test_monthly_months_without_tips_are_zero_when_covered(loaded):
    table, _ops, _ = loaded
    declared = replace(table, data_since="2024-01-01")
    months = monthly(declared, Filters(preset="12m"), date(2025, 3, 15))
    assert months["month"].iloc[0] == date(2024, 3, 1) and len(months) == 13
    assert months["tips"].iloc[0] == 0 and months["coverage"].iloc[0] == "partial"
    assert months["tips"].iloc[1] == 0 and months["coverage"].iloc[1] == "full"
    assert months["previous_year"].iloc[:10].isna().all()  # 2023 is still not covered
    assert list(months["previous_year"].iloc[10:]) == [0, 0, 0]  # Jan-Mar 2024 are


def test_drilldown_of_the_centre(loaded):
    table, ops, _ = loaded
    cell = h3.str_to_int(h3.latlng_to_cell(47.2370, 6.0260, 9))
    detail = drilldown(table, ops, Filters(), date(2025, 3, 15), cell, 9, role="analyste")
    assert detail["tips"] == 4
    assert detail["by_month"].to_dict() == {
        date(2025, 1, 1): 1,
        date(2025, 2, 1): 1,
        date(2025, 3, 1): 2,
    }
    assert detail["month_coverage"] == ["full", "full", "partial"]
    assert detail["categories"]["deal_point"] == 3
    assert detail["tags"] == {"lookout": 1}
    assert len(detail["operations"]) == 1
    assert detail["operations"].iloc[0]["seized"] == [
        ("cannabis_resin", 1500.0, "g"),
        ("cocaine", 12.0, "g"),
    ]


def test_operations_funnel_and_districts(loaded):
    table, ops, _ = loaded
    view = operations_view(table, ops, Filters(), date(2025, 3, 15))
    assert view["funnel"] == {
        "tips": 7,
        "exploitable": 3,
        "led_to_operation": 3,  # T1 T2 (O1), T5 (O2)
        "led_to_arrests": 2,  # T1 T2
    }
    rows = view["per_district"].set_index("district")
    assert rows["operations"].sum() == 2 and rows["arrests"].sum() == 2
    assert rows["seized_g"].sum() == 1512
    hit = rows.loc[rows["operations"] > 0, "hit_rate"]
    assert sorted(hit) == [0.0, 1.0]


def test_filters_round_trip_through_the_url():
    f = Filters(
        preset="custom",
        start=date(2025, 2, 1),
        end=date(2025, 2, 28),
        districts=("PC", "BAT"),
        categories=("deal_point",),
        triage=("pending",),
        hours=(22, 6),
        weekdays=(4, 5),
    )
    params = f.to_params()
    back, problems = Filters.from_params(params, ("BAT", "PC"))
    assert problems == []
    assert back == Filters(**{**f.__dict__, "districts": ("BAT", "PC")})
    assert Filters().to_params() == {}


def test_bad_url_values_are_named_and_dropped():
    f, problems = Filters.from_params(
        {"period": "fortnight", "districts": "PC,XX", "hours": "25-3", "weekdays": "9"}, ("PC",)
    )
    assert f == Filters(districts=("PC",))
    assert set(problems) == {"period=fortnight", "hours=25-3", "weekdays=9", "districts=XX"}


@pytest.mark.parametrize(
    ("preset", "first"),
    [
        ("7d", date(2025, 3, 9)),
        ("30d", date(2025, 2, 14)),
        ("3m", date(2024, 12, 16)),
        ("12m", date(2024, 3, 16)),
        ("ytd", date(2025, 1, 1)),
    ],
)
def test_presets_end_on_the_latest_day(preset, first):
    assert Filters(preset=preset).period(date(2025, 3, 15)) == (first, date(2025, 3, 15))


def test_hour_masks():
    assert Filters(hours=(18, 22)).hour_mask() == sum(1 << h for h in (18, 19, 20, 21))
    assert Filters(hours=(22, 2)).hour_mask() == sum(1 << h for h in (22, 23, 0, 1))
    assert Filters().hour_mask() == ALL_HOURS


@settings(max_examples=200, deadline=None)
@given(
    st.floats(47.0, 47.5),
    st.floats(5.8, 6.2),
    st.integers(11, 15),
    st.integers(0, 10),
)
def test_cell_parents_equal_h3(lat, lon, res, parent_res):
    cell = h3.str_to_int(h3.latlng_to_cell(lat, lon, res))
    parent_res = min(parent_res, res)
    expected = h3.str_to_int(h3.cell_to_parent(h3.int_to_str(cell), parent_res))
    got = cell_parents(np.array([cell, 0], dtype=np.uint64), parent_res)
    assert got.tolist() == [expected, 0]


def test_operations_are_grouped_per_map_cell(loaded):
    table, ops, _ = loaded
    cells = operation_cells(ops, Filters(preset="all"), date(2025, 3, 15), 8, role="analyste")
    assert sorted(cells["operations"]) == [1, 2]  # O1 + O3 in the centre, O2 in Planoise
    centre = cells[cells["operations"] == 2].iloc[0]
    assert centre["arrests"] == 3 and centre["cash_eur"] == 500
    assert centre["seized"] == [("cannabis_resin", 1500.0, "g"), ("cocaine", 12.0, "g")]
    assert int(centre["cell"]) == h3.str_to_int(h3.latlng_to_cell(47.2370, 6.0260, 8))
    this_year = operation_cells(ops, Filters(), date(2025, 3, 15), 8, role="commandement")
    assert this_year["operations"].sum() == 2


def test_change_against_the_previous_period_is_tested_exactly():
    from hotspots.change_test import compare_counts
    from hotspots.periods import Coverage

    covered = Coverage(date(2024, 1, 1), date(2025, 12, 31))
    period, before = (date(2025, 3, 1), date(2025, 3, 8)), (date(2025, 2, 21), date(2025, 2, 28))
    # equal lengths: conditional on 8 tips in all, 7 against 1 has P = 2 * 9 / 2^8
    change = compare_counts(7, 1, period, before, covered)
    assert change.p_value == pytest.approx(18 / 256)
    assert change.verdict == "no_significant_change"  # p = 0.07
    assert compare_counts(10, 0, period, before, covered).verdict == "increase"
    assert compare_counts(0, 10, period, before, covered).verdict == "decrease"
    assert compare_counts(0, 0, period, before, covered).p_value is None
    late = Coverage(date(2025, 2, 25), date(2025, 12, 31))
    assert compare_counts(10, 0, period, before, late).verdict == "not_comparable"
    early = Coverage(date(2024, 1, 1), date(2025, 3, 7))  # the period is not over
    assert compare_counts(10, 0, period, before, early).verdict == "not_comparable"


def test_whole_months_are_compared_with_the_months_before():
    from scipy.stats import binomtest

    from hotspots.change_test import compare_counts
    from hotspots.periods import Coverage, previous_period

    q3 = (date(2025, 7, 1), date(2025, 9, 30))
    assert previous_period(*q3) == (date(2025, 4, 1), date(2025, 6, 30))
    assert previous_period(date(2025, 3, 1), date(2025, 3, 31)) == (
        date(2025, 2, 1),
        date(2025, 2, 28),
    )
    assert previous_period(date(2025, 3, 2), date(2025, 3, 8)) == (
        date(2025, 2, 23),
        date(2025, 3, 1),
    )
    change = compare_counts(
        30, 20, q3, previous_period(*q3), Coverage(date(2025, 1, 1), date(2025, 11, 21))
    )
    assert change.p_value == pytest.approx(binomtest(30, 50, 92 / (92 + 91)).pvalue)


def test_indicators_carry_the_change_test_when_covered(loaded):
    table, ops, _ = loaded
    declared = replace(table, data_since="2024-10-01")  # a source that started before
    figures = indicators(declared, ops, Filters(), date(2025, 3, 15))
    assert (figures["change"].previous, figures["change"].verdict) == (
        1,
        "no_significant_change",
    )
    assert figures["change"].p_value == pytest.approx(18 / 256)


def test_district_changes_are_tested_per_district(loaded):
    table, _ops, districts = loaded
    centre = districts.district_of_points(np.array([47.2370]), np.array([6.0260]))[0]
    uncovered = district_changes(table, Filters(), date(2025, 3, 15))
    assert set(uncovered["verdict"]) == {"not_comparable"}
    assert uncovered["previous"].isna().all() and uncovered["p_value"].isna().all()
    declared = replace(table, data_since="2024-10-01")
    changes = district_changes(declared, Filters(), date(2025, 3, 15))
    changes = changes.set_index("district")
    assert (changes.loc[centre, "tips"], changes.loc[centre, "previous"]) == (4, 1)  # T8
    assert changes.loc[centre, "p_value"] == pytest.approx(
        12 / 32
    )  # P(X ≥ 4) + P(X ≤ 1), X ~ B(5, ½)
    assert changes["tips"].sum() == 7
    empty = changes[(changes["tips"] == 0) & (changes["previous"] == 0)]
    assert empty["p_value"].isna().all()


def test_drilldown_compares_with_the_previous_period(loaded):
    table, ops, _ = loaded
    cell = h3.str_to_int(h3.latlng_to_cell(47.2370, 6.0260, 9))
    f, day = Filters(), date(2025, 3, 15)
    detail = drilldown(table, ops, f, day, cell, 9, role="analyste")
    assert detail["change"].verdict == "not_comparable"
    declared = replace(table, data_since="2024-10-01")
    detail = drilldown(declared, ops, f, day, cell, 9, role="analyste")
    assert (detail["tips"], detail["change"].previous) == (4, 1)
    assert detail["change"].p_value == pytest.approx(12 / 32)


def test_view_functions_refuse_roles_they_are_not_for(loaded):
    """Below the pages: the figures a role may not see are refused by the functions."""
    from hotspots.roles import Forbidden

    table, ops, districts = loaded
    f, day = Filters(), date(2025, 3, 15)
    cell = int(table.parents(9)[table.h3 != 0][0])
    for role in ("presse", None):
        with pytest.raises(Forbidden):
            hex_counts(table, f, day, 9, districts, role=role)
        with pytest.raises(Forbidden):
            operation_cells(ops, f, day, 8, role=role)
        with pytest.raises(Forbidden):
            hot_spots(table, f, day, districts, role=role)
    for role in ("presse", "commandement"):
        with pytest.raises(Forbidden):
            drilldown(table, ops, f, day, cell, 9, role=role)
        with pytest.raises(Forbidden):
            emerging(table, f, day, districts, role=role)
    assert drilldown(table, ops, f, day, cell, 9, role="analyste")["tips"] >= 1


def test_the_resolution_is_a_filter_with_its_address():
    f, problems = Filters.from_params({"res": "10", "period": "12m"}, ())
    assert (f.resolution, problems) == (10, [])
    assert f.to_params() == {"period": "12m", "res": "10"}
    assert Filters().to_params() == {}  # the default resolution is not written
    bad, problems = Filters.from_params({"res": "15"}, ())
    assert bad.resolution == 9 and problems == ["res=15"]


def test_a_hot_place_counts_as_the_figures_count_its_cells(loaded):
    """The ranked list counts every place in one pass; each place's figures equal those
    computed cell by cell with the drill-down's comparison."""
    import pandas as pd

    from hotspots.figures import compare_with_previous
    from hotspots.hotspot_figures import hot_spot_places
    from hotspots.landmarks import Landmarks

    table, ops, districts = loaded
    declared = replace(table, data_since="2024-10-01")
    f, day = Filters(), date(2025, 3, 15)
    centre = h3.str_to_int(h3.latlng_to_cell(47.2370, 6.0260, 9))
    ring = [h3.str_to_int(c) for c in h3.grid_disk(h3.int_to_str(centre), 1)]
    result = pd.DataFrame(
        {
            "h3": [format(c, "x") for c in ring],
            "count": [4] + [0] * 6,
            "neighbourhood": [4] * 7,
            "p_fdr": [0.001] * 7,
            "bin": [3] * 7,
        }
    )
    no_landmarks = Landmarks((), np.zeros(0), np.zeros(0), districts)
    places = hot_spot_places(result, declared, ops, f, day, 9, no_landmarks, role="analyste")
    assert len(places) == 1 and places.loc[0, "cells"] == 7
    inside = np.isin(declared.parents(9), np.array(ring, dtype=np.uint64))
    tips = int((declared.mask(f, day) & inside).sum())
    assert places.loc[0, "tips"] == tips == 4
    assert places.loc[0, "change"] == compare_with_previous(declared, f, day, tips, inside)
    op_cells = cell_parents(ops.ops["h3"].to_numpy(), 9)
    here = ops.ops[np.isin(op_cells, np.array(ring, dtype=np.uint64))]
    assert places.loc[0, "last_operation"] == max(
        date(1970, 1, 1) + timedelta(days=int(d)) for d in here["day"]
    )
