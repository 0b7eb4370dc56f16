"""Names a person knows for a point: the nearest landmark of the gazetteer (tram stop,
square, school, …) within walking distance, and the district."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hotspots.geo import Districts

__all__ = ["LANDMARK_MAX_M", "Landmarks", "load_landmarks"]

#: A landmark farther than this from the point does not name it (a 5-minute walk;
#: a resolution-9 cell is about 350 m across).
LANDMARK_MAX_M = 400.0


@dataclass(frozen=True)
class Landmarks:
    """Gazetteer entries that have coordinates: names and positions in metres."""

    names: tuple[str, ...]
    x: np.ndarray
    y: np.ndarray
    districts: Districts

    def place_of(self, lat: float, lon: float) -> str:
        """« <landmark>, <district> », or the district alone when no landmark is within
        :data:`LANDMARK_MAX_M` (« – » outside every district)."""
        return self.places_of(np.array([lat]), np.array([lon]))[0]

    def places_of(self, lat: np.ndarray, lon: np.ndarray) -> list[str]:
        """:meth:`place_of` for arrays of points."""
        codes = self.districts.district_of_points(lat, lon)
        near: list[str | None] = [None] * len(codes)
        if self.names and len(codes):
            px, py = self.districts.to_metres(lat, lon)
            distance = np.hypot(self.x[None, :] - px[:, None], self.y[None, :] - py[:, None])
            best = distance.argmin(axis=1)
            close = distance[np.arange(len(best)), best] <= LANDMARK_MAX_M
            near = [self.names[b] if ok else None for b, ok in zip(best, close, strict=True)]
        out = []
        for landmark, code in zip(near, codes, strict=True):
            parts = [p for p in (landmark, self.districts.name_of(code) if code else None) if p]
            out.append(", ".join(parts) if parts else "–")
        return out


def load_landmarks(geodata_dir: Path, districts: Districts) -> Landmarks:
    """The landmarks of ``geodata_dir/gazetteer.csv`` (rows with lat and lon)."""
    path = Path(geodata_dir) / "gazetteer.csv"
    names: list[str] = []
    lats: list[float] = []
    lons: list[float] = []
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row.get("lat") and row.get("lon"):
                    names.append(row["name"])
                    lats.append(float(row["lat"]))
                    lons.append(float(row["lon"]))
    x, y = districts.to_metres(np.array(lats, dtype=float), np.array(lons, dtype=float))
    return Landmarks(tuple(names), np.asarray(x), np.asarray(y), districts)


#: Words kept in lower case inside a street's name (« Rue de la République »).
_SMALL_WORDS = frozenset(
    {"de", "du", "des", "la", "le", "les", "et", "au", "aux", "sur", "en", "a"}
)


def street_display_name(name: str) -> str:
    """A street of the city's list (written in capitals, without accents) as a map
    label: « RUE DE LA REPUBLIQUE » → « Rue de la Republique », « QUAI VEIL PICARD » →
    « Quai Veil Picard », « ALLEE D'ORLEANS » → « Allée d'Orleans » (capitals carry no
    accents in the list; only the kind of way gets its accent back)."""
    words = []
    for i, word in enumerate(name.lower().split()):
        if "'" in word:
            head, _, tail = word.partition("'")
            word = f"{head}'{tail.capitalize()}" if head in ("d", "l") else word.capitalize()
        elif i > 0 and word in _SMALL_WORDS:
            pass
        else:
            word = "-".join(part.capitalize() for part in word.split("-"))
        words.append(word)
    text = " ".join(words)
    for plain, accented in (("Allee ", "Allée "), ("Montee ", "Montée ")):
        if text.startswith(plain):
            text = accented + text[len(plain) :]
    return text


#: Gazetteer kinds that are not drawn as landmark names (streets come from the list,
#: quartiers and sub-areas are areas).
_NOT_LANDMARKS = frozenset({"street", "quartier", "sub-area"})


def map_places(geodata_dir: Path) -> tuple[list[tuple[float, float, str]], ...]:
    """Names to draw on the map, offline: ``(streets, landmarks)``, each a list of
    ``(lat, lon, name)``; streets from ``streets.csv`` (points not flagged doubtful),
    landmarks from the gazetteer's located places."""
    folder = Path(geodata_dir)
    streets: list[tuple[float, float, str]] = []
    if (folder / "streets.csv").exists():
        with (folder / "streets.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["lat"] and row["lon"] and row["doubtful"] != "1":
                    name = street_display_name(row["name"])
                    streets.append((float(row["lat"]), float(row["lon"]), name))
    landmarks = [
        (lat, lon, name) for name, kind, lat, lon in _placed(folder) if kind not in _NOT_LANDMARKS
    ]
    return streets, landmarks


def _placed(folder: Path) -> list[tuple[str, str, float, float]]:
    """The gazetteer's rows with a point: (name, kind, lat, lon); ``[]`` without it."""
    if not (folder / "gazetteer.csv").exists():
        return []
    with (folder / "gazetteer.csv").open(encoding="utf-8") as fh:
        return [
            (row["name"], row["kind"], float(row["lat"]), float(row["lon"]))
            for row in csv.DictReader(fh)
            if row.get("lat") and row.get("lon")
        ]


def tram_lines(geodata_dir: Path) -> list[tuple[str, list[tuple[float, float]]]]:
    """The tram lines of ``tram.csv`` as ``(line, [(lat, lon), …])`` through their stops
    in order (the stops' points from the gazetteer); ``[]`` without the file. A stop
    the gazetteer does not place is an error in the shipped data, said as such."""
    folder = Path(geodata_dir)
    if not (folder / "tram.csv").exists():
        return []
    points = {name: (lat, lon) for name, _kind, lat, lon in _placed(folder)}
    lines: dict[str, list[tuple[int, tuple[float, float]]]] = {}
    with (folder / "tram.csv").open(encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            if row["stop"] not in points:
                raise ValueError(
                    f"{folder / 'tram.csv'}, line {n}: stop {row['stop']!r} is not a placed "
                    "name of gazetteer.csv; correct the name or add the stop there"
                )
            lines.setdefault(row["line"], []).append((int(row["order"]), points[row["stop"]]))
    return [(line, [p for _o, p in sorted(stops)]) for line, stops in sorted(lines.items())]
