"""Build ``streets.csv``: every street of Besançon with its official quartier(s).

Source: the city's open dataset « Rues et quartiers » (Ville de Besançon / Grand
Besançon Métropole: 1,040 streets, each in one or more of the 14 quartiers), joined
with one Base Adresse Nationale point per street (Licence Ouverte). Run from the
repository root with the public list as it was transcribed::

    python geodata/build_streets.py path/to/besancon_streets_quartiers.csv

Columns written: ``name`` (the city's spelling), ``quartiers`` (codes, ``|``),
``lat``, ``lon`` (empty when the address service had no point), ``doubtful`` (1 when
the point is suspect: the address service gave another street's point, or the point
lies far from the street's own quartier; the street and its quartier still hold).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = ("name", "quartiers", "lat", "lon", "doubtful")


def build(source: Path, target: Path) -> int:
    with source.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in sorted(rows, key=lambda r: r["voie"]):
            flags = row["geo_flags"]
            located = bool(row["lat"] and row["lon"])
            doubtful = located and bool(flags) and flags != "no_coordinates"
            writer.writerow(
                [row["voie"], row["quartier_codes"], row["lat"], row["lon"], int(doubtful)]
            )
    return len(rows)


if __name__ == "__main__":
    count = build(Path(sys.argv[1]), HERE / "streets.csv")
    print(f"{count} streets written to {HERE / 'streets.csv'}")
