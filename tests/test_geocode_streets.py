"""Every street of the city's official list, written as people write it, resolves to its
point and its quartier; and a set of well-known places, half of it kept aside while
the matching was written, does too (goal: 85 % within 500 m and in the right
quartier)."""

from __future__ import annotations

import csv
import math
import random
from pathlib import Path

import pytest

from hotspots.config import load_settings
from hotspots.geocode import load_geocoder

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "place_queries.csv"
STREETS = ROOT / "geodata" / "streets.csv"
WITHIN_M = 500.0

#: How people shorten a kind of way, and what they put before it.
SHORT = {"RUE": ["r.", "rue"], "AVENUE": ["av.", "av", "ave"], "BOULEVARD": ["bd", "boulevard"],
         "PLACE": ["pl.", "place"], "CHEMIN": ["ch.", "chemin"], "IMPASSE": ["imp."]}  # fmt: skip
LEAD_INS = ["", "", "près du ", "en face du ", "devant le ", "vers le ", "au niveau du "]


@pytest.fixture(scope="module")
def geocoder():
    return load_geocoder(load_settings({}))


@pytest.fixture(scope="module")
def streets() -> dict[str, dict[str, str]]:
    with STREETS.open(encoding="utf-8") as fh:
        return {row["name"]: row for row in csv.DictReader(fh)}


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    kx = math.cos(math.radians(lat1)) * 111_320.0
    return math.hypot((lon2 - lon1) * kx, (lat2 - lat1) * 110_574.0)


def found(result, street: dict[str, str]) -> bool:
    """Within 500 m of the street's point and in one of its official quartiers."""
    return (
        result.lat is not None
        and metres(float(street["lat"]), float(street["lon"]), result.lat, result.lon) <= WITHIN_M
        and result.district_code in street["quartiers"].split("|")
    )


def as_people_write(name: str, rng: random.Random) -> str:
    """« RUE DU GENERAL BRULARD » → « près du 12 r. du general brulard »: lower case, a
    shortened kind of way, sometimes a house number and a lead-in."""
    kind, _, rest = name.partition(" ")
    kind = rng.choice(SHORT.get(kind, [kind.lower()]))
    text = f"{kind} {rest.lower()}".strip()
    if rng.random() < 0.3:
        text = f"{rng.randint(1, 60)} {text}"
    return rng.choice(LEAD_INS) + text


def test_every_located_street_written_as_people_write_it_is_found(geocoder, streets):
    rng = random.Random(2025)
    located = [s for s in streets.values() if s["lat"]]
    missed = [
        (text, result.matched, result.district_code)
        for street in located
        for text in [as_people_write(street["name"], rng)]
        for result in [geocoder.geocode(text)]
        if not found(result, street)
    ]
    share = 1 - len(missed) / len(located)
    assert len(located) > 950
    assert share >= 0.97, (share, missed[:20])


def test_a_street_of_one_quartier_is_in_it_even_where_its_point_is_not(geocoder, streets):
    """The list is authoritative: a point that falls across a border keeps the street's
    own quartier."""
    result = geocoder.geocode("chemin de la Bousserotte")  # point in PC's polygon, list: VEL
    assert result.precision == "street" and result.district_code == "VEL"


def test_a_street_without_a_point_is_known_to_its_quartier(geocoder):
    result = geocoder.geocode("allée des Bousbots")
    assert result.precision == "district" and result.district_code == "BAT"


def test_a_street_is_found_from_some_of_its_words_only_when_one_street_holds_them(geocoder):
    assert geocoder.geocode("rue Jouchoux").matched == "RUE AUGUSTE JOUCHOUX"
    assert geocoder.geocode("rue").precision == "unresolved"  # a kind of way alone


@pytest.mark.parametrize("part", ["tune", "held_out"])
def test_well_known_places_as_people_write_them(geocoder, streets, part):
    """``tune``: the queries the matching was written against; ``held_out``: the ones
    kept aside until it was done (measured once: 37 of 38)."""
    with QUERIES.open(encoding="utf-8") as fh:
        queries = [q for q in csv.DictReader(fh) if q["set"] == part]
    hits = [found(geocoder.geocode(q["query"]), streets[q["street"]]) for q in queries]
    assert len(queries) >= 35
    assert sum(hits) / len(hits) >= 0.85, [
        q["query"] for q, h in zip(queries, hits, strict=True) if not h
    ]
