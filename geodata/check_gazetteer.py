"""Check ``geodata/gazetteer.csv``: a development tool, not used by the project or its tests.

Usage (from the project root)::

    PYTHONPATH=. .venv/bin/python geodata/check_gazetteer.py [REFERENCE_CSV] [--all]

It validates every row of the gazetteer and exits with status 1 when a row is invalid:

* the header and the required fields (name, kind, precision, district; lat and lon
  except on district-precision rows);
* the vocabularies: ``kind`` (quartier and sub-area for district rows, else street,
  square, landmark…), ``precision`` (district, street, place) and the pairing of the two
  (a street is at street precision, a quartier or sub-area at district precision, any
  other place at place precision);
* ``district`` is one of the 14 official quartier codes;
* coordinates are numbers with 5 decimals inside the commune's bounding box;
* no name or alias is used by two rows, neither after folding case, accents and
  punctuation nor after the geocoder's own normalisation (abbreviations, lead-ins,
  articles), since the geocoder would silently keep only the first row.

It also warns (without failing) about a point more than 150 m outside the commune
outline, a point that the project's quartier polygons put in another quartier than
the row's code (the polygons are a fitted approximation: about 9 % of streets fall
in a neighbour), aliases that repeat the row's own name and pairs of keys of two rows
so alike that a misspelt query could reach the wrong one; an alias that the geocoder
reads as the same key as another name of its row (it adds nothing).

With REFERENCE_CSV (columns ``street,quartier_codes,lat,lon``: upper-case ASCII
street names, ``|``-separated quartier codes, one point on each street) it reports,
for each gazetteer street whose name or alias matches a reference street (case,
accents, hyphens and apostrophes folded), the distance from the gazetteer point to
the reference point and whether the quartiers agree, then a summary. The reference
is for finding mistakes only: its rows are never copied into the gazetteer. ``--all``
lists every matched street, not only the ones more than 300 m off or in another
quartier.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely
from rapidfuzz import fuzz

from hotspots.areas import load_area
from hotspots.config import load_settings
from hotspots.geo import load_districts
from hotspots.geocode import MATCH_THRESHOLD, normalise_place
from hotspots.text import fold

GEODATA = Path(__file__).resolve().parent
GAZETTEER = GEODATA / "gazetteer.csv"
HEADER = ["name", "aliases", "kind", "precision", "district", "lat", "lon"]
CODES = (
    "BAT", "BRE", "BG", "CCB", "CHL", "CC", "MM", "POS", "PC", "SCT", "SFR", "TIL", "VCS", "VEL",
)  # fmt: skip
DISTRICT_KINDS = {"quartier", "sub-area"}
STREET_KINDS = {"street"}
PLACE_KINDS = {
    "square", "landmark", "station", "tram_stop", "shopping_centre", "school", "park",
    "car_park", "estate", "bridge", "sports", "hospital",
}  # fmt: skip
PRECISION_OF_KIND = {
    **{k: "district" for k in DISTRICT_KINDS},
    **{k: "street" for k in STREET_KINDS},
    **{k: "place" for k in PLACE_KINDS},
}
#: Commune bounding box (WGS84).
LAT_MIN, LAT_MAX = 47.20073, 47.31990
LON_MIN, LON_MAX = 5.94091, 6.08356
OUTSIDE_TOLERANCE_M = 150.0
NEAR_M, FAR_M = 300.0, 500.0
FIVE_DECIMALS = re.compile(r"^-?\d{1,3}\.\d{5}$")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
EARTH_RADIUS_M = 6_371_000.0


def fold_key(text: str) -> str:
    """Case, accents, hyphens, apostrophes and other punctuation folded:
    ``"Allée de l'Île-aux-Moineaux"`` → ``"allee de l ile aux moineaux"``."""
    return _NON_ALNUM.sub(" ", fold(text)).strip()


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def names_of(row: dict[str, str]) -> list[str]:
    """The row's name followed by its aliases."""
    return [row["name"], *[a for a in row["aliases"].split("|")]]


def validate(rows: list[dict[str, str]], errors: list[str], warnings: list[str]) -> None:
    """Append a message to ``errors`` for each invalid field of each row, and to
    ``warnings`` for what deserves a look."""
    for line, row in enumerate(rows, start=2):
        where = f"line {line} ({row.get('name') or '?'})"
        missing = [f for f in ("name", "kind", "precision", "district") if not row.get(f)]
        if missing:
            errors.append(f"{where}: missing {', '.join(missing)}")
        kind, precision = row.get("kind", ""), row.get("precision", "")
        if kind not in PRECISION_OF_KIND:
            errors.append(f"{where}: unknown kind {kind!r}")
        elif precision != PRECISION_OF_KIND[kind]:
            errors.append(
                f"{where}: a {kind} is at {PRECISION_OF_KIND[kind]} precision, not {precision!r}"
            )
        if row.get("district") and row["district"] not in CODES:
            errors.append(f"{where}: unknown quartier code {row['district']!r}")
        if any(a.strip() != a or not a for a in names_of(row)[1:]) and row["aliases"]:
            errors.append(f"{where}: empty alias or alias with outer spaces in {row['aliases']!r}")
        lat, lon = row.get("lat", ""), row.get("lon", "")
        if not lat and not lon:
            if precision != "district":
                errors.append(f"{where}: no coordinates (only district rows may have none)")
            continue
        if not (FIVE_DECIMALS.match(lat) and FIVE_DECIMALS.match(lon)):
            errors.append(f"{where}: lat/lon {lat!r}, {lon!r} are not numbers with 5 decimals")
            continue
        if not (LAT_MIN <= float(lat) <= LAT_MAX and LON_MIN <= float(lon) <= LON_MAX):
            errors.append(f"{where}: {lat}, {lon} is outside the commune's bounding box")
        seen: set[str] = set()
        for text in names_of(row):
            key = normalise_place(text)[0] if text else ""
            if key and key in seen:
                warnings.append(f"{where}: alias {text!r} only repeats another name of the row")
            seen.add(key)


def check_keys(rows: list[dict[str, str]], errors: list[str], warnings: list[str]) -> None:
    """No key (folded, or as the geocoder normalises it) may name two rows; warn about
    keys of two rows close enough for a misspelt query to hesitate between them."""
    for label, key_of in (("folded", fold_key), ("geocoder", lambda t: normalise_place(t)[0])):
        owners: dict[str, set[int]] = defaultdict(set)
        for i, row in enumerate(rows):
            for text in names_of(row):
                key = key_of(text) if text else ""
                if key:
                    owners[key].add(i)
                elif text:
                    errors.append(f"{row['name']}: {text!r} has an empty {label} key")
        for key, idx in sorted(owners.items()):
            if len(idx) > 1:
                shared = ", ".join(rows[i]["name"] for i in sorted(idx))
                errors.append(f"{label} key {key!r} is shared by: {shared}")
    keyed = sorted(
        {(normalise_place(t)[0], i) for i, row in enumerate(rows) for t in names_of(row) if t}
    )
    keys = [k for k, _ in keyed if k]
    owner = [i for k, i in keyed if k]
    for a in range(len(keys)):
        for b in range(a + 1, len(keys)):
            if owner[a] == owner[b]:
                continue
            score = fuzz.ratio(keys[a], keys[b])
            if score >= MATCH_THRESHOLD:
                warnings.append(
                    f"close keys ({score:.0f}): {keys[a]!r} ({rows[owner[a]]['name']}) ~ "
                    f"{keys[b]!r} ({rows[owner[b]]['name']})"
                )


def check_geography(rows: list[dict[str, str]], warnings: list[str]) -> None:
    """Warn about points outside the commune outline or in another quartier polygon."""
    located = [
        r
        for r in rows
        if FIVE_DECIMALS.match(r.get("lat", "")) and FIVE_DECIMALS.match(r.get("lon", ""))
    ]
    if not located:
        return
    lat = np.array([float(r["lat"]) for r in located])
    lon = np.array([float(r["lon"]) for r in located])
    districts = load_districts(GEODATA)
    polygon_codes = districts.district_of_points(lat, lon)
    x, y = districts.to_metres(lat, lon)
    outline = load_area(load_settings({"HOTSPOTS_GEODATA_DIR": str(GEODATA)})).detailed_outline()
    metric_outline = shapely.transform(
        outline, lambda xy: np.column_stack(districts.to_metres(xy[:, 1], xy[:, 0]))
    )
    outside = shapely.distance(metric_outline, shapely.points(x, y))
    for row, code, off in zip(located, polygon_codes, outside, strict=True):
        if off > OUTSIDE_TOLERANCE_M:
            warnings.append(f"{row['name']}: {off:.0f} m outside the commune outline")
        elif code is not None and code != row["district"]:
            warnings.append(
                f"{row['name']}: quartier {row['district']}, the polygons say {code} "
                "(check it; the polygons are approximate)"
            )


def compare(rows: list[dict[str, str]], reference: Path, show_all: bool) -> None:
    """Print the distance and quartier agreement of gazetteer streets found in the
    reference, then a summary."""
    with reference.open(encoding="utf-8", newline="") as fh:
        ref = {
            fold_key(r["street"]): (r["street"], r["quartier_codes"].split("|"), r)
            for r in csv.DictReader(fh)
        }
    streets, others = [], []
    for row in rows:
        if not row.get("lat"):
            continue
        for text in names_of(row):
            found = ref.get(fold_key(text)) if text else None
            if found is None:
                continue
            ref_name, ref_codes, ref_row = found
            d = distance_m(
                float(row["lat"]), float(row["lon"]), float(ref_row["lat"]), float(ref_row["lon"])
            )
            item = (d, row, ref_name, ref_codes, row["district"] in ref_codes)
            (streets if row["precision"] == "street" else others).append(item)
            break

    def show(items: list[tuple]) -> None:
        for d, row, ref_name, ref_codes, agrees in sorted(items, key=lambda t: -t[0]):
            if show_all or d > NEAR_M or not agrees:
                flag = "" if agrees else f"  QUARTIER {row['district']} vs {'|'.join(ref_codes)}"
                print(f"  {d:7.0f} m  {row['name']}  [{ref_name}]{flag}")

    print(f"\nReference {reference} ({len(ref)} streets)")
    print(f"Gazetteer streets matching a reference street: {len(streets)}")
    show(streets)
    if streets:
        n = len(streets)
        near = sum(d <= NEAR_M for d, *_ in streets)
        far = sum(d <= FAR_M for d, *_ in streets)
        agree = sum(t[4] for t in streets)
        distances = sorted(d for d, *_ in streets)
        print(
            f"Summary: {n} streets matched; within {NEAR_M:.0f} m: {near}/{n} "
            f"({near / n:.1%}); within {FAR_M:.0f} m: {far}/{n} ({far / n:.1%}); "
            f"quartier agrees: {agree}/{n} ({agree / n:.1%}); "
            f"median distance {distances[n // 2]:.0f} m"
        )
    if others:
        print(f"Other rows (squares, places) named like a reference street: {len(others)}")
        show(others)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", nargs="?", type=Path, help="street_points_sample.csv")
    parser.add_argument("--all", action="store_true", help="list every matched street")
    parser.add_argument("--gazetteer", type=Path, default=GAZETTEER)
    args = parser.parse_args(argv)
    with args.gazetteer.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = [{k: (v or "") for k, v in r.items()} for r in reader]
    errors: list[str] = []
    warnings: list[str] = []
    if header != HEADER:
        errors.append(f"header {header} is not {HEADER}")
    validate(rows, errors, warnings)
    check_keys(rows, errors, warnings)
    check_geography(rows, warnings)
    kinds: dict[str, int] = defaultdict(int)
    for row in rows:
        kinds[row["kind"]] += 1
    print(f"{args.gazetteer}: {len(rows)} rows ({', '.join(f'{k} {n}' for k, n in kinds.items())})")
    for message in warnings:
        print(f"warning: {message}")
    for message in errors:
        print(f"ERROR: {message}")
    print(f"{len(errors)} validation errors, {len(warnings)} warnings")
    if args.reference is not None:
        compare(rows, args.reference, args.all)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
