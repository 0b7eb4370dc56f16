import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotspots.config import load_settings
from hotspots.geocode import GeocodeResult, load_geocoder
from hotspots.place_text import normalise_place
from hotspots.schema import PRECISIONS


@pytest.fixture(scope="module")
def geocoder():
    return load_geocoder(load_settings({}))


@pytest.mark.parametrize(
    ("text", "key", "number"),
    [
        ("Près du 12 bis r. Battant", "rue battant", "12 bis"),
        ("devant le 3 AV. DE LA PAIX", "avenue paix", "3"),
        ("12 r. du Gal Lecourbe", "rue general lecourbe", "12"),
        ("à côté de l'église St-Ferjeux", "eglise saint ferjeux", None),
        ("au pied de la tour", "tour", None),
        ("Bd Ouest", "boulevard ouest", None),
        ("les Orchamps", "orchamps", None),
    ],
)
def test_normalisation(text, key, number):
    assert normalise_place(text) == (key, number)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Planoise", "PC"),
        ("planoise", "PC"),
        ("planoize", "PC"),  # one spelling mistake
        ("quartier des Clairs-Soleils", "VCS"),
        ("HAUTS DE ST CLAUDE", "SCT"),
        ("vers Fontaine Ecu", "MM"),
        ("près de la dalle à Planoise", "PC"),  # a district named in a longer text
        ("centre-ville", "CCB"),
        ("Prés-de-Vaux", "BRE"),
    ],
)
def test_district_names_give_district_precision(geocoder, text, code):
    result = geocoder.geocode(text)
    assert (result.precision, result.district_code) == ("district", code)
    assert result.h3 is None  # a district-only place is never put in a hexagon
    assert result.lat is not None


def test_coordinate_pairs_are_points_with_their_district(geocoder):
    result = geocoder.geocode("47.2397, 6.0226")
    assert result.precision == "point" and (result.lat, result.lon) == (47.2397, 6.0226)
    assert result.district_code is not None and len(result.h3) == 15
    assert geocoder.geocode("47,2397; 6,0226").lat == 47.2397
    assert geocoder.geocode("48.8566, 2.3522").precision == "unresolved"  # Paris


@pytest.mark.parametrize(
    "text", ["chez moi", "en bas de la tour", "", "   ", "rue inconnue", "Paris"]
)
def test_unknown_places_stay_unresolved(geocoder, text):
    result = geocoder.geocode(text)
    assert result.precision == "unresolved"
    assert result.lat is None and result.lon is None and result.district_code is None


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300))
def test_any_string_gives_a_well_formed_result(geocoder, text):
    result = geocoder.geocode(text)
    assert isinstance(result, GeocodeResult)
    assert result.query == text
    assert result.precision in PRECISIONS
    assert 0 <= result.score <= 100
    if result.precision == "unresolved":
        assert result.lat is None and result.district_code is None
    else:
        assert math.isfinite(result.lat) and math.isfinite(result.lon)
    json.dumps(result.as_dict())


def test_geocode_many_matches_one_by_one(geocoder):
    import pandas as pd

    texts = pd.Series(["Planoise", "chez moi", "Planoise", None], index=[10, 11, 12, 13])
    frame = geocoder.geocode_many(texts)
    assert list(frame.index) == [10, 11, 12, 13]
    assert frame["precision"].tolist() == ["district", "unresolved", "district", "unresolved"]
