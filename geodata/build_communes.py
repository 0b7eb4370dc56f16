"""Build ``communes.geojson``: the communes of the Doubs (INSEE code, name, outline).

Source: IGN Admin Express COG 2018 (Licence Ouverte / Etalab), simplified with
mapshaper (Visvalingam weighted 25 %, coordinates to 1e-5°) as republished in the
public repository gregoiredavid/france-geojson (commit 5d34ee6). Run from the
repository root with that file::

    python geodata/build_communes.py path/to/doubs_communes_2018.geojson

Each feature keeps its geometry as published and gets the properties ``code_insee``
and ``name``; features are sorted by code so that the file diffs cleanly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = "IGN Admin Express COG 2018 (Licence Ouverte / Etalab), simplified (mapshaper)"


def build(source: Path, target: Path) -> int:
    collection = json.loads(source.read_text(encoding="utf-8"))
    features = sorted(collection["features"], key=lambda f: f["properties"]["code"])
    out = {
        "type": "FeatureCollection",
        "source": SOURCE,
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "code_insee": f["properties"]["code"],
                    "name": f["properties"]["nom"],
                },
                "geometry": f["geometry"],
            }
            for f in features
        ],
    }
    text = json.dumps(out, ensure_ascii=False, separators=(",", ":"))
    # one feature per line: readable diffs, still compact
    text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"')
    target.write_text(text + "\n", encoding="utf-8")
    return len(features)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python geodata/build_communes.py doubs_communes_2018.geojson")
    count = build(Path(sys.argv[1]), HERE / "communes.geojson")
    print(f"{count} communes written to {HERE / 'communes.geojson'}")
