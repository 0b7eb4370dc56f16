"""The triage queue: corroboration (place, days, hours), factual elements, the order of
reading and its words."""

from __future__ import annotations

from datetime import date

import h3
import numpy as np
import pytest

from hotspots.areas import load_area
from hotspots.filters import Filters
from hotspots.ingest import ingest_file
from hotspots.periods import day_number
from hotspots.roles import Forbidden
from hotspots.schema import PRECISIONS, RecordKind
from hotspots.store import Store
from hotspots.tables import TipTable, load_tips
from hotspots.triage import explain, triage_queue
from tests.helpers import CENTRE, SMALL_NOW, write_csv

ALL = Filters(preset="all")


def cell_centre(cell: str) -> tuple[str, str]:
    lat, lon = h3.cell_to_latlng(cell)
    return f"{lat:.6f}", f"{lon:.6f}"


CENTRE_CELL = h3.latlng_to_cell(float(CENTRE[0]), float(CENTRE[1]), 9)
RING_1 = cell_centre(sorted(h3.grid_ring(CENTRE_CELL, 1))[0])
RING_2 = cell_centre(sorted(h3.grid_ring(CENTRE_CELL, 2))[0])


def tip(tip_id, received, where=CENTRE, observed="", triage="oui", text=""):
    return {
        "tip_id": tip_id,
        "received_at": received,
        "lat": where[0] if where else "",
        "lon": where[1] if where else "",
        "location": "" if where else "Planoise",
        "observed": observed,
        "exploitable": triage,
        "category": "deal_point",
        "description": text,
    }


@pytest.fixture
def queue_store(tmp_path, settings):
    """A pending tip in the centre (point, observed 18h-22h, lookouts and comings and
    goings) with three corroborating tips and four that do not corroborate it, a ring
    neighbour, and a pending tip placed only in Planoise about a noisy group."""
    rows = [
        tip("P1", "2025-03-10T20:00", observed="18h-22h", triage="", text="Guetteurs, va-et-vient"),
        tip("C1", "2025-02-01T21:00"),  # 37 days before
        tip("C2", "2025-03-25T19:00", triage="non"),  # 15 days after, another triage
        tip("C3", "2025-05-09T20:00", triage=""),  # 60 days after
        tip("N1", "2025-03-10T21:00"),  # the same day
        tip("N2", "2025-01-08T20:00"),  # 61 days before
        tip("N3", "2025-03-20T10:00"),  # hours that do not meet
        tip("N4", "2025-03-15T20:00", where=RING_2),  # two rings away
        tip("R1", "2025-03-12T20:00", where=RING_1),  # a neighbouring cell
        tip("D1", "2025-03-13T10:00", where=None, triage="", text="Un groupe fait du bruit"),
    ]
    path = write_csv(tmp_path / "tips.csv", rows)
    store = Store.open(settings.database_url)
    ingest_file(path, RecordKind.TIPS, store, settings, now=SMALL_NOW)
    table = load_tips(store, load_area(settings))
    store.close()
    return table


def test_a_precise_corroborated_tip_comes_before_a_district_only_noisy_group(queue_store):
    table = queue_store
    queue = triage_queue(table, ALL, table.latest_day, role="analyste")
    assert list(queue["rank"]) == [1, 2, 3]  # P1, C3 and D1 are pending
    first, last = queue.iloc[0], queue.iloc[-1]
    assert first["day"] == date(2025, 3, 10) and first["precision"] == "point"
    # C1, C2, C3 and the ring neighbour; not the same day, 61 days, other hours, 2 rings
    assert first["corroborating"] == 4
    assert first["factual"] == ["street_or_better", "hours", "lookout", "comings_goings"]
    assert first["score"] == 8 and not first["nuisance_only"]
    assert last["precision"] == "district" and last["corroborating"] == 0
    assert last["factual"] == [] and last["nuisance"] == ["noise", "gathering"]
    assert last["nuisance_only"]
    assert explain(first) == (
        "4 signalements concordants (même secteur, ±60 jours, mêmes heures) ; adresse "
        "précise ; horaires observés ; guetteur, allées et venues"
    )
    assert explain(last) == (
        "Quartier seulement, sans lieu à recouper ; nuisances seulement (nuisances "
        "sonores, attroupement) : aucun comportement de point de deal décrit"
    )
    assert explain(last, "en").startswith("District only")
    words = " ".join(explain(r, lang) for _, r in queue.iterrows() for lang in ("fr", "en"))
    for verdict in ("fiable", "faux", "vrai", "reliable", "false", "true"):
        assert verdict not in words.lower()


def test_the_filters_choose_the_pending_tips_listed(queue_store):
    table = queue_store
    march = Filters(preset="custom", start=date(2025, 3, 1), end=date(2025, 3, 31))
    queue = triage_queue(table, march, table.latest_day, role="analyste")
    assert list(queue["day"]) == [date(2025, 3, 10), date(2025, 3, 13)]
    # evidence outside the filters' period still corroborates
    assert queue["corroborating"].iloc[0] == 4


def test_only_analysts_get_the_queue(queue_store):
    with pytest.raises(Forbidden):
        triage_queue(queue_store, ALL, queue_store.latest_day, role="presse")
    with pytest.raises(Forbidden):
        triage_queue(queue_store, ALL, queue_store.latest_day, role="commandement")


# --- each rule of corroboration, on a table built by hand ----------------------------

DAY = day_number(date(2025, 3, 10))
EVENING = sum(1 << h for h in range(18, 22))


def hand_table(others: list[tuple[str, int, int]]) -> TipTable:
    """A pending tip in the centre cell on DAY at 18h-22h, and ``others``: (H3 cell at
    resolution 11 as a string, day offset, 24-bit hour mask), every one exploitable."""
    cells = [h3.cell_to_center_child(CENTRE_CELL, 11)] + [c for c, _d, _h in others]
    n = len(cells)
    return TipTable(
        key64=np.arange(n, dtype=np.int64),
        received_ts=np.zeros(n, dtype=np.int64),
        day=np.array([DAY] + [DAY + d for _c, d, _h in others], dtype=np.int32),
        month=np.zeros(n, dtype=np.int32),
        hour=np.zeros(n, dtype=np.int8),
        weekday=np.zeros(n, dtype=np.int8),
        category=np.zeros(n, dtype=np.int8),
        triage=np.array([2] + [1] * (n - 1), dtype=np.int8),
        hours=np.array([EVENING] + [h for _c, _d, h in others], dtype=np.int32),
        observed=np.array([True] + [False] * (n - 1)),
        h3=np.array([h3.str_to_int(c) for c in cells], dtype=np.uint64),
        district=np.zeros(n, dtype=np.int8),
        commune=np.zeros(n, dtype=np.int16),
        tags=np.array(["lookout"] + [""] * (n - 1), dtype=object),
        district_codes=("BOUCLE",),
        commune_codes=("25056",),
        precision=np.full(n, PRECISIONS.index("point"), dtype=np.int8),
    )


def child(cell: str) -> str:
    return h3.cell_to_center_child(cell, 11)


NEIGHBOUR = sorted(h3.grid_ring(CENTRE_CELL, 1))[0]
TWO_AWAY = sorted(h3.grid_ring(CENTRE_CELL, 2))[0]
AT_20 = 1 << 20


@pytest.mark.parametrize(
    ("cell", "offset", "hours", "counts"),
    [
        (child(CENTRE_CELL), 5, AT_20, True),
        (child(CENTRE_CELL), -60, AT_20, True),
        (child(CENTRE_CELL), 60, 1 << 21, True),
        (child(CENTRE_CELL), 0, AT_20, False),  # the same day: maybe the same caller
        (child(CENTRE_CELL), 61, AT_20, False),
        (child(CENTRE_CELL), -61, AT_20, False),
        (child(CENTRE_CELL), 5, 1 << 10, False),  # hours that do not meet
        (child(CENTRE_CELL), 5, 1 << 22, False),  # 22h: the window ends before
        (child(NEIGHBOUR), 5, AT_20, True),
        (child(TWO_AWAY), 5, AT_20, False),
    ],
)
def test_each_rule_of_corroboration(cell, offset, hours, counts):
    table = hand_table([(cell, offset, hours)])
    queue = triage_queue(table, ALL, date(2025, 12, 31), role="analyste")
    assert list(queue["corroborating"]) == [int(counts)]


def test_a_tip_without_a_cell_is_never_corroborated_and_nor_does_it_corroborate():
    table = hand_table([(child(CENTRE_CELL), 5, AT_20)])
    table.h3[1] = 0
    assert triage_queue(table, ALL, date(2025, 12, 31), role="analyste")["corroborating"][0] == 0
    table = hand_table([(child(CENTRE_CELL), 5, AT_20)])
    table.h3[0] = 0
    queue = triage_queue(table, ALL, date(2025, 12, 31), role="analyste")
    assert queue["corroborating"][0] == 0


def test_the_order_is_stated_in_one_sentence():
    """Nuisance-only last; then score (corroborating + factual elements), highest first;
    then the oldest first."""
    table = hand_table([(child(CENTRE_CELL), 3, AT_20), (child(TWO_AWAY), 1, AT_20)])
    table.triage[:] = 2
    table.tags[:] = ["noise", "lookout,cash", "lookout"]
    table.observed[:] = False
    queue = triage_queue(table, ALL, date(2025, 12, 31), role="analyste")
    # key 1: 1 corroborating + point + lookout + cash = 4; key 2: 0 + point + lookout
    # = 2, on day +1; key 0: noise only, last whatever its score (1 + point = 2)
    assert list(queue["key64"]) == [1, 2, 0]
    assert list(queue["score"]) == [4, 2, 2]
    table.tags[:] = ["", "lookout", "lookout"]
    queue = triage_queue(table, ALL, date(2025, 12, 31), role="analyste")
    # keys 0 and 1 corroborate each other: key 1 scores 1 + point + lookout = 3; key 0
    # (1 + point) and key 2 (point + lookout) tie at 2: the older, key 0, first
    assert list(queue["key64"]) == [1, 0, 2]
    assert list(queue["score"]) == [3, 2, 2]


def test_a_table_built_without_precisions_says_nothing_of_the_place():
    table = hand_table([])
    table.precision = np.zeros(0, dtype=np.int8)
    queue = triage_queue(table, ALL, date(2025, 12, 31), role="analyste")
    assert queue["precision"][0] is None and "street_or_better" not in queue["factual"][0]
    assert explain(queue.iloc[0], "en") == "Observed hours; lookout"


def test_an_empty_queue_has_the_columns():
    table = hand_table([])
    table.triage[:] = 1
    queue = triage_queue(table, ALL, date(2025, 12, 31), role="analyste")
    assert queue.empty and "rank" in queue.columns and "corroborating" in queue.columns
