"""The national address file: read as published, study communes only, cached."""

from pathlib import Path

import pytest

from hotspots.ban import load_ban, number_key
from hotspots.config import load_settings
from hotspots.geocode import Geocoder, load_geocoder

HEADER = (
    "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
    "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;"
    "libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;"
    "cad_parcelles"
)


def ban_row(numero, rep, voie, insee, commune, lon, lat):
    return (
        f"{insee}_x_{numero};;{numero};{rep};{voie};25000;{insee};{commune};;;0;0;{lon};{lat};"
        f"entrée;;;{commune.upper()};{voie.upper()};commune;commune;1;"
    )


@pytest.fixture
def ban_file(tmp_path) -> Path:
    rows = [
        ban_row(1, "", "Rue Battant", "25056", "Besançon", 6.01900, 47.24180),
        ban_row(12, "", "Rue Battant", "25056", "Besançon", 6.01870, 47.24230),
        ban_row(12, "bis", "Rue Battant", "25056", "Besançon", 6.01860, 47.24240),
        ban_row(30, "", "Rue Battant", "25056", "Besançon", 6.01820, 47.24300),
        ban_row(3, "", "Avenue de la Paix", "25056", "Besançon", 6.02030, 47.24590),
        ban_row(7, "", "Rue de la République", "25056", "Besançon", 6.02700, 47.24050),
        # also in the built-in gazetteer (as a street without numbers)
        ban_row(12, "", "Rue de Vesoul", "25056", "Besançon", 6.01650, 47.25640),
        # decoys: the same street names in other communes must never answer
        ban_row(12, "", "Rue Battant", "25047", "Beure", 6.00500, 47.20500),
        ban_row(3, "", "Avenue de la Paix", "25620", "Thise", 6.08000, 47.28000),
        ban_row(5, "", "Rue des Décoys", "25620", "Thise", 6.08000, 47.28000),
        # streets of other communes of the Doubs, known when the text names the commune
        ban_row(12, "", "Rue de Belfort", "25031", "Audincourt", 6.85000, 47.48330),
        ban_row(40, "", "Rue de Belfort", "25031", "Audincourt", 6.85400, 47.48500),
        ban_row(4, "bis", "Avenue Wilson", "25388", "Montbéliard", 6.79850, 47.50990),
    ]
    path = tmp_path / "adresses-25.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def geocoder(ban_file, tmp_path) -> Geocoder:
    settings = load_settings(
        {"HOTSPOTS_BAN_FILE": str(ban_file), "HOTSPOTS_DATA_DIR": str(tmp_path / "data")}
    )
    return load_geocoder(settings)


def test_number_keys():
    assert number_key("012", "B") == "12 bis"
    assert number_key("3", "") == "3"


@pytest.mark.parametrize(
    ("query", "lat", "lon", "precision"),
    [
        ("12 rue battant", 47.24230, 6.01870, "point"),
        ("12 bis r. Battant", 47.24240, 6.01860, "point"),
        ("devant le 30 RUE BATTANT", 47.24300, 6.01820, "point"),
        ("3 av de la paix", 47.24590, 6.02030, "point"),
        ("3 av de la pais", 47.24590, 6.02030, "point"),  # spelling mistake
        ("rue battant", 47.24230, 6.01870, "street"),  # the street's middle point
        ("99 rue battant", 47.24230, 6.01870, "street"),  # unknown number: the street
    ],
)
def test_addresses_resolve_in_the_study_commune_only(geocoder, query, lat, lon, precision):
    result = geocoder.geocode(query)
    assert (result.lat, result.lon, result.precision) == (lat, lon, precision)
    assert result.district_code == "BAT"
    assert len(result.h3) == 15


def test_the_address_file_wins_over_a_gazetteer_street(geocoder, tmp_path):
    gazetteer_only = load_geocoder(load_settings({"HOTSPOTS_DATA_DIR": str(tmp_path / "g")}))
    assert gazetteer_only.geocode("12 rue de vesoul").precision == "street"
    result = geocoder.geocode("devant le 12 r. de vesoul")
    assert (result.lat, result.lon, result.precision) == (47.2564, 6.0165, "point")
    assert geocoder.geocode("12 rue de vesoull").precision == "point"  # misspelt


def test_left_out_words_still_match(geocoder):
    result = geocoder.geocode("7 rue republique")  # for "Rue de la République"
    assert (result.lat, result.lon, result.precision) == (47.2405, 6.027, "point")


def test_streets_of_other_communes_are_not_known(geocoder):
    assert geocoder.geocode("5 rue des decoys").precision == "unresolved"


@pytest.mark.parametrize(
    ("query", "precision", "commune", "point"),
    [
        ("12 rue de Belfort, 25400 Audincourt", "point", "25031", (47.4833, 6.85)),
        ("près du 40 r. de Belfort à Audincourt", "point", "25031", (47.485, 6.854)),
        ("rue de belfort audincourt", "street", "25031", None),
        ("4 bis av Wilson Montbéliard", "point", "25388", (47.5099, 6.7985)),
        ("avenue Wilsonn, Montbeliard", "street", "25388", None),  # misspelt
        ("rue de la Gare, Montbéliard", "commune", "25388", None),  # not in the file
    ],
)
def test_addresses_of_other_communes_resolve_when_the_text_names_the_commune(
    geocoder, query, precision, commune, point
):
    result = geocoder.geocode(query)
    assert (result.precision, result.commune_code, result.district_code) == (
        precision,
        commune,
        None,
    )
    if point is not None:
        assert (result.lat, result.lon) == point


def test_a_street_of_another_commune_never_answers_a_text_without_its_commune(geocoder):
    # Besançon has its own rue de Belfort (the city's list): a text alone is Besançon's
    assert geocoder.geocode("12 rue de Belfort").commune_code == "25056"
    assert geocoder.geocode("4 avenue Wilson").commune_code != "25388"
    # a house number before a Besançon street followed by its commune is kept
    battant = geocoder.geocode("12 rue Battant, 25000 Besançon")
    assert (battant.precision, battant.lat, battant.lon) == ("point", 47.2423, 6.0187)


def test_the_index_is_cached(ban_file, tmp_path):
    cache = tmp_path / "cache"
    first = load_ban(ban_file, ("25056",), cache)
    assert len(list(cache.glob("ban-*.json"))) == 1
    ban_file.write_text("not the BAN any more")  # same name, changed file: parsed again
    with pytest.raises(ValueError, match="not a readable BAN address file"):
        load_ban(ban_file, ("25056",), cache)
    assert sorted(first.streets) == ["avenue paix", "rue battant", "rue republique", "rue vesoul"]


def test_cache_is_used_when_the_file_is_unchanged(ban_file, tmp_path, monkeypatch):
    import hotspots.ban

    cache = tmp_path / "cache"
    load_ban(ban_file, ("25056",), cache)

    def no_parse(*_args):
        raise AssertionError("parsed again")

    monkeypatch.setattr(hotspots.ban, "read_ban", no_parse)
    again = load_ban(ban_file, ("25056",), cache)
    assert again.streets["rue battant"].numbers["12 bis"] == (47.2424, 6.0186)
