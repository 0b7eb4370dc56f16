"""The whole Doubs: every located tip gets its commune, points outside the département
are quarantined, commune names are places, and the area filter and the hot-spot test
work on the selected communes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text

from hotspots.areas import AreaError, load_area
from hotspots.cli import main
from hotspots.config import load_settings
from hotspots.filters import Filters
from hotspots.geocode import load_geocoder
from hotspots.ingest import ingest_file
from hotspots.schema import RecordKind
from hotspots.store import Store
from hotspots.tables import load_ops, load_tips
from tests.conftest import TEST_SECRET
from tests.helpers import table_frame, write_csv

#: Ten towns of the Doubs: a point in each (public town-centre coordinates) and its
#: INSEE code, as the national register gives them.
TOWNS = {
    "Montbéliard": (47.5099, 6.7985, "25388"),
    "Audincourt": (47.4833, 6.8500, "25031"),
    "Valentigney": (47.4631, 6.8328, "25580"),
    "Bethoncourt": (47.5353, 6.8039, "25057"),
    "Grand-Charmont": (47.5310, 6.8230, "25284"),
    "Pontarlier": (46.9044, 6.3547, "25462"),
    "Morteau": (47.0575, 6.6072, "25411"),
    "Baume-les-Dames": (47.3522, 6.3606, "25047"),
    "Besançon": (47.2380, 6.0240, "25056"),
    "Sochaux": (47.5150, 6.8300, "25547"),
}
#: Towns of the Haute-Saône near the Doubs (outside the area by several kilometres).
HAUTE_SAONE = {
    "Héricourt": (47.5778, 6.7617),
    "Rioz": (47.4253, 6.0664),
    "Villersexel": (47.5517, 6.4333),
}

AREA = load_area(load_settings({}))
GEODATA = Path(load_settings({}).geodata_dir)


def _tips(points: list[tuple[float, float]], prefix: str) -> list[dict]:
    return [
        {
            "tip_id": f"{prefix}-{i}",
            "received_at": f"2025-{1 + i % 10:02d}-{1 + i % 27:02d}T21:00",
            "lat": f"{lat:.5f}",
            "lon": f"{lon:.5f}",
        }
        for i, (lat, lon) in enumerate(points)
    ]


def _spread(rng: np.random.Generator, lat: float, lon: float, n: int) -> list[tuple[float, float]]:
    """``n`` points within about 200 m of a town centre."""
    return [(lat + d, lon + e) for d, e in rng.normal(0, 0.0006, size=(n, 2))]


def _points_past_the_northern_border(distance_m: float) -> list[tuple[float, float]]:
    """Ten points about ``distance_m`` outside the département, north of its border with
    the Haute-Saône (west of the Territoire de Belfort): each is that far from the
    outline, and the point 1.5 × that distance south of it is in the area."""
    lat, lon = np.meshgrid(np.linspace(47.25, 47.75, 120), np.linspace(5.75, 6.60, 120))
    lat, lon = lat.ravel(), lon.ravel()
    x, y = AREA.communes.to_metres(lat, lon)
    import shapely

    distance = shapely.distance(AREA._outline_m, shapely.points(x, y))
    south = AREA.in_area(lat - 1.5 * distance_m / 110_574.0, lon)
    found = np.flatnonzero((np.abs(distance - distance_m) < 0.1 * distance_m) & south)
    chosen = found[np.linspace(0, len(found) - 1, 10).astype(int)] if len(found) else found
    return [(float(lat[i]), float(lon[i])) for i in chosen]


def test_tips_in_ten_towns_are_ingested_whole_each_in_its_commune(tmp_path, settings):
    rng = np.random.default_rng(5)
    points, expected = [], []
    for lat, lon, code in TOWNS.values():
        points += _spread(rng, lat, lon, 20)
        expected += [code] * 20
    path = write_csv(tmp_path / "doubs.csv", _tips(points, "D"))
    store = Store.open(settings.effective_database_url)
    try:
        summary = ingest_file(path, RecordKind.TIPS, store, settings)
        assert (summary.read, summary.ingested, summary.quarantined) == (200, 200, 0)
        stored = table_frame(settings.effective_database_url, "tips")
        assert sorted(stored["commune"]) == sorted(expected)
        # a quartier only where the commune has them
        in_besancon = stored["commune"] == "25056"
        assert stored.loc[in_besancon, "district"].notna().all()
        assert stored.loc[~in_besancon, "district"].isna().all()
        table = load_tips(store, AREA)
        by_code = pd.Series(np.array(table.commune_codes)[table.commune]).value_counts()
        assert by_code.to_dict() == {code: 20 for _lat, _lon, code in TOWNS.values()}
    finally:
        store.close()


def test_the_same_points_five_kilometres_into_the_haute_saone_are_quarantined(tmp_path, settings):
    outside = _points_past_the_northern_border(5_000)
    assert len(outside) >= 8
    towns = list(HAUTE_SAONE.values())
    near = _points_past_the_northern_border(400)  # within the margin: kept
    path = write_csv(tmp_path / "border.csv", _tips(outside + towns + near, "HS"))
    store = Store.open(settings.effective_database_url)
    try:
        summary = ingest_file(path, RecordKind.TIPS, store, settings)
    finally:
        store.close()
    assert summary.quarantined == len(outside) + len(towns)
    assert summary.ingested == len(near)
    quarantine = pd.read_csv(summary.quarantine_file, dtype=str)
    assert quarantine["reason"].str.contains("outside the area").all()
    stored = table_frame(settings.effective_database_url, "tips")
    assert stored["commune"].notna().all()  # the margin's points take the nearest commune


def test_commune_names_are_places_and_a_commune_after_a_place_says_where_it_is():
    geocoder = load_geocoder(load_settings({}))
    montbeliard = geocoder.geocode("Montbéliard")
    assert (montbeliard.precision, montbeliard.commune_code, montbeliard.h3) == (
        "commune",
        "25388",
        None,
    )
    assert geocoder.geocode("montbeliard").commune_code == "25388"
    assert geocoder.geocode("vers la mairie d'Audincourt").commune_code == "25031"
    # a Besançon place followed by its commune is the place
    battant = geocoder.geocode("rue Battant, Besançon")
    assert (battant.precision, battant.district_code, battant.commune_code) == (
        "street",
        "BAT",
        "25056",
    )
    # a place followed by another commune is not Besançon's place of that name
    gare = geocoder.geocode("gare de Montbéliard")
    assert (gare.precision, gare.commune_code) == ("commune", "25388")
    # a way named after a commune is not in that commune
    assert geocoder.geocode("route de Morre").commune_code != "25410"
    assert geocoder.geocode("rue de Belfort").commune_code == "25056"
    # a Besançon street keeps its quartier and gets its commune
    marulaz = geocoder.geocode("place Marulaz")
    assert (marulaz.district_code, marulaz.commune_code) == ("BAT", "25056")
    planoise = geocoder.geocode("Planoise")
    assert (planoise.precision, planoise.commune_code) == ("district", "25056")


def test_geocode_command_gives_the_commune(capsys):
    assert main(["geocode", "Montbéliard", "47.4833, 6.8500"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["commune_code"] == "25388" and lines[0]["commune"] == "Montbéliard"
    assert lines[1]["commune_code"] == "25031" and lines[1]["precision"] == "point"


def test_stats_counts_every_commune_and_the_area_option_selects(
    tmp_path, db_url, monkeypatch, capsys
):
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOTSPOTS_SECRET", TEST_SECRET)
    rng = np.random.default_rng(8)
    points = []
    for lat, lon, _code in TOWNS.values():
        points += _spread(rng, lat, lon, 10)
    rows = _tips(points, "S")
    rows.append({"tip_id": "S-text", "received_at": "2025-03-03T20:00", "location": "Pontarlier"})
    path = write_csv(tmp_path / "doubs.csv", rows)
    assert main(["ingest", str(path), "--db", db_url]) == 0
    capsys.readouterr()
    period = ["--from", "2025-01-01", "--to", "2025-12-31"]
    assert main(["stats", "--db", db_url, *period]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["tips"] == 101
    assert main(["stats", "--db", db_url, *period, "--area", "pays-de-montbeliard"]) == 0
    # Montbéliard, Audincourt, Valentigney, Bethoncourt, Grand-Charmont, Sochaux
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["tips"] == 60
    assert main(["stats", "--db", db_url, *period, "--area", "agglo-pontarlier", "25411"]) == 0
    # the tip located only to its commune counts in its commune
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["tips"] == 21
    assert main(["stats", "--db", db_url, *period, "--area", "Atlantis"]) == 2
    assert "unknown area 'Atlantis'" in capsys.readouterr().err


def test_area_names_resolve_to_codes_and_unknown_ones_are_refused():
    assert AREA.resolve(["doubs"]) == ()
    assert AREA.resolve(["Besançon"]) == ("25056",)
    assert AREA.resolve(["besancon"]) == ("25056",)
    assert AREA.resolve(["Pays de Montbéliard"]) == AREA.preset("pays-de-montbeliard").communes
    assert AREA.resolve(["MONTBELIARD"]) == ("25388",)  # the commune, not the preset
    assert AREA.resolve(["25388", "Pontarlier"]) == ("25388", "25462")
    with pytest.raises(AreaError, match="unknown area"):
        AREA.resolve(["Belfort"])  # in the Territoire de Belfort, not the Doubs
    assert len(AREA.communes.codes) == 576
    assert AREA.communes_with_districts() == ("25056",)


def test_filters_keep_the_communes_in_the_address():
    f = Filters(communes=("25031", "25388"), districts=())
    params = f.to_params()
    assert params["communes"] == "25031,25388"
    back, problems = Filters.from_params(params, AREA.districts.codes, AREA.communes.codes)
    assert back.communes == f.communes and not problems
    bad, problems = Filters.from_params({"communes": "99999"}, (), AREA.communes.codes)
    assert bad.communes == () and problems == ["communes=99999"]


def test_the_hot_spot_test_runs_over_the_selected_communes_only(tmp_path, db_url, monkeypatch):
    monkeypatch.setenv("HOTSPOTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOTSPOTS_SECRET", TEST_SECRET)
    rng = np.random.default_rng(3)
    points = []
    for name, n in (("Montbéliard", 15), ("Audincourt", 15), ("Besançon", 30)):
        lat, lon, _code = TOWNS[name]
        points += _spread(rng, lat, lon, n)
    path = write_csv(tmp_path / "t.csv", _tips(points, "H"))
    assert main(["ingest", str(path), "--db", db_url]) == 0
    out = tmp_path / "hs.csv"
    assert (
        main(["hotspots", "--db", db_url, "--area", "pays-de-montbeliard", "--out", str(out)]) == 0
    )
    result = pd.read_csv(out)
    from hotspots.hotspot_figures import study_area

    cells, _weights = study_area(AREA.selection(AREA.preset("pays-de-montbeliard").communes), 9)
    assert len(result) == len(cells)  # no tip outside the selection entered the test
    assert result["count"].sum() == 30
    # over Besançon alone, the Montbéliard tips are not counted
    assert main(["hotspots", "--db", db_url, "--area", "besancon", "--out", str(out)]) == 0
    assert pd.read_csv(out)["count"].sum() == 30


def test_rows_stored_before_communes_were_recorded_get_theirs_on_reading(db_url):
    """A store upgraded from schema 4 has NULL communes: a tip with a cell gets the
    commune of its cell, one known to its quartier the quartier's commune."""
    import h3.api.basic_int as h3i

    store = Store.open(db_url)
    try:
        cell = h3i.latlng_to_cell(47.5099, 6.7985, 11)
        with store.transaction() as conn:
            for key, h3, district in ((1, cell, None), (2, None, "BAT"), (3, None, None)):
                conn.execute(
                    text(
                        "INSERT INTO tips (key64, tip_key, received_ts, hour_local,"
                        " weekday_local, category, tags, h3, precision, district)"
                        " VALUES (:k, :t, 3600, 1, 0, 'other', '', :h, 'point', :d)"
                    ),
                    {"k": key, "t": f"k{key}", "h": h3, "d": district},
                )
                conn.execute(
                    text(
                        "INSERT INTO operations (key64, op_key, started_ts, hour_local,"
                        " weekday_local, kind, arrests, h3, precision, district)"
                        " VALUES (:k, :t, 3600, 1, 0, 'surveillance', 0, :h, 'point', :d)"
                    ),
                    {"k": key, "t": f"o{key}", "h": h3, "d": district},
                )
        table = load_tips(store, AREA)
        ops = load_ops(store, AREA)
    finally:
        store.close()
    found = {
        int(k): (table.commune_codes[c] if c >= 0 else None)
        for k, c in zip(table.key64, table.commune, strict=True)
    }
    assert found == {1: "25388", 2: "25056", 3: None}
    found_ops = dict(zip(ops.ops["key64"], ops.ops["commune"], strict=True))
    assert found_ops == {1: "25388", 2: "25056", 3: None}


def _map_words() -> dict:
    keys = (
        "layer_tiles tiles_attribution layer_districts layer_district_names layer_communes "
        "layer_commune_names layer_commune_choropleth commune tips district legend_title "
        "layer_hexagons layer_operations layer_district_choropleth"
    )
    return {**{k: k for k in keys.split()}, "hex_words": {}}


def test_the_map_draws_the_zone_s_communes_names_them_and_shades_them():
    from dataclasses import replace

    from hotspots.maps import build_map

    empty = {"geojson": {"type": "FeatureCollection", "features": []}, "legend": []}
    zone = AREA.selection(("25031", "25388"))
    # a commune name from a file is text, never markup
    hostile = replace(zone, names=("<img src=x onerror=alert(1)>", "Montbéliard"))
    html_page = (
        build_map(
            empty,
            AREA.districts,
            pd.DataFrame(),
            _map_words(),
            tiles="none",
            communes=hostile,
            commune_counts={"25388": 7},
            show_district_choropleth=True,
        )
        .get_root()
        .render()
    )
    assert html_page.count('"className": "hs-commune"') == 1
    assert "<img src=x" not in html_page
    assert html_page.count("\\u0026lt;img src=x") == 2  # the outline's name and the label
    assert "Montb\\u00e9liard" in html_page or "Montbéliard" in html_page
    assert "layer_commune_choropleth" in html_page
    # the whole Doubs: its outline and the communes with tips, not 576 outlines
    doubs = build_map(
        empty,
        AREA.districts,
        pd.DataFrame(),
        _map_words(),
        tiles="none",
        communes=AREA.selection(()),
        commune_counts={"25056": 100, "25388": 3},
    )
    size = len(doubs.get_root().render())
    assert size < 150_000, size


def test_the_tram_lines_run_through_their_stops_in_order(tmp_path):
    """Line T2's 20 stops in their order make a line of 8.6 km straight between stops
    (the track is 9.6 km): stops out of order would zig-zag far longer. A stop the
    gazetteer does not place is said, with the file and line."""
    import math
    import shutil

    from hotspots.landmarks import tram_lines
    from hotspots.maps import build_map

    lines = dict(tram_lines(GEODATA))
    assert sorted(lines) == ["T1", "T2"] and len(lines["T2"]) == 20

    def metres(a, b):
        lat = math.radians((a[0] + b[0]) / 2)
        dy, dx = math.radians(b[0] - a[0]), math.radians(b[1] - a[1]) * math.cos(lat)
        return 6_371_000 * math.hypot(dx, dy)

    length = sum(metres(a, b) for a, b in zip(lines["T2"], lines["T2"][1:], strict=False))
    assert 8_000 < length < 9_600, length
    assert lines["T1"][:18] == lines["T2"][:18]  # one track to Parc Micaud
    empty = {"geojson": {"type": "FeatureCollection", "features": []}, "legend": []}
    words = {**_map_words(), "layer_tram": "Tramway"}
    page = build_map(empty, AREA.districts, pd.DataFrame(), words, tram=list(lines.items()))
    rendered = page.get_root().render()
    assert rendered.count('"className": "hs-tram"') == 2 and "Tramway" in rendered
    for name in ("gazetteer.csv", "tram.csv"):
        shutil.copy(GEODATA / name, tmp_path / name)
    (tmp_path / "tram.csv").write_text("line,order,stop\nT9,1,Arrêt de tram Nulle Part\n")
    with pytest.raises(ValueError, match=r"tram.csv, line 2: stop 'Arrêt de tram Nulle Part'"):
        tram_lines(tmp_path)
