"""``build-districts``: quartier polygons from the city's street list, measured as the
issue asks — build on four fifths of the streets, place the other fifth's points with
``geocode "lat, lon"`` — and the output loads with ``HOTSPOTS_DISTRICTS_FILE`` alone."""

from __future__ import annotations

import csv
import json
import random
from dataclasses import replace
from pathlib import Path

import shapely
from shapely.geometry import shape

from hotspots.areas import load_area
from hotspots.cli import main
from hotspots.config import load_settings
from hotspots.geo import districts_for
from hotspots.geocode import load_geocoder

ROOT = Path(__file__).resolve().parents[1]
CITY_COLUMNS = ("voie", "quartiers", "quartier_codes", "lat", "lon", "geo_flags")


def city_rows() -> list[dict[str, str]]:
    """The shipped street list written back in the city's format."""
    with (ROOT / "geodata" / "streets.csv").open(encoding="utf-8") as fh:
        return [
            {
                "voie": r["name"],
                "quartiers": r["quartiers"],
                "quartier_codes": r["quartiers"],
                "lat": r["lat"],
                "lon": r["lon"],
                "geo_flags": "suspect"
                if r["doubtful"] == "1"
                else ("" if r["lat"] else "no_coordinates"),
            }
            for r in csv.DictReader(fh)
        ]


def write_city_list(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, CITY_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def build(rows, tmp_path: Path, name: str, capsys) -> Path:
    out = tmp_path / f"{name}.geojson"
    streets = write_city_list(rows, tmp_path / f"{name}.csv")
    assert main(["build-districts", "--streets", str(streets), "--out", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["districts"] == 14
    return out


def test_five_fold_cross_validation_agrees_with_the_city_for_95_percent(tmp_path, capsys):
    rows = city_rows()
    trusted = [r for r in rows if r["lat"] and not r["geo_flags"]]
    random.Random(5).shuffle(trusted)
    folds = [trusted[i::5] for i in range(5)]
    agree = placed = 0
    for i, held in enumerate(folds):
        kept = [r for j, fold in enumerate(folds) if j != i for r in fold]
        out = build(kept, tmp_path, f"fold{i}", capsys)
        geocoder = load_geocoder(replace(load_settings({}), districts_file=out))
        for row in held:
            result = geocoder.geocode(f"{row['lat']}, {row['lon']}")
            placed += 1
            agree += result.district_code in row["quartier_codes"].split("|")
    assert placed > 900
    assert agree / placed >= 0.95, agree / placed  # measured: 96.0 %


def test_the_full_list_tiles_the_commune_and_loads_alone(tmp_path, capsys, monkeypatch):
    out = build(city_rows(), tmp_path, "all", capsys)
    monkeypatch.setenv("HOTSPOTS_DISTRICTS_FILE", str(out))
    monkeypatch.delenv("HOTSPOTS_DISTRICTS_COLUMN", raising=False)
    settings = load_settings()
    districts = districts_for(settings)
    assert len(districts.codes) == 14 and "Battant" in districts.names
    commune = load_area(settings).detailed_outline()
    union = shapely.union_all(districts.polygons)
    assert union.symmetric_difference(commune).area / commune.area < 1e-4
    overlap = sum(p.area for p in districts.polygons) - union.area
    assert overlap / commune.area < 1e-6
    # the shipped polygons are this command's output on the full list
    with (ROOT / "geodata" / "districts.geojson").open(encoding="utf-8") as fh:
        shipped = {f["properties"]["code"]: shape(f["geometry"]) for f in json.load(fh)["features"]}
    for code, polygon in zip(districts.codes, districts.polygons, strict=True):
        assert shipped[code].symmetric_difference(polygon).area / polygon.area < 1e-3, code


def test_a_list_without_the_expected_columns_is_refused_with_what_was_found(tmp_path, capsys):
    bad = tmp_path / "rues.csv"
    bad.write_text("nom;quartier\nRUE BATTANT;BAT\n", encoding="utf-8")
    code = main(["build-districts", "--streets", str(bad), "--out", str(tmp_path / "o.json")])
    err = capsys.readouterr().err
    assert code == 2 and "quartier_codes" in err and "nom;quartier" in err
    assert not (tmp_path / "o.json").exists()
