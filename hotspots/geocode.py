"""Offline geocoding of place texts as people write them in tips.

A query is folded (case and accents ignored), its abbreviations expanded, its
lead-ins ("près de", "devant le"…) and leading articles removed, and its house
number set aside; it is then matched against every street of the city's official list
(``geodata/streets.csv``: a street's quartier comes from the list, not from a polygon)
and the gazetteer's places, names and aliases, exactly or, failing that, with a
spelling-tolerant score (rapidfuzz), or as the one street whose name holds every word
of the query ("rue Jouchoux" for "rue Auguste Jouchoux"). Below ``MATCH_THRESHOLD`` the
answer is ``unresolved``: no place is better than a wrong one.
A query that is a coordinate pair ("47.2397, 6.0226") is that point.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

import h3.api.basic_int as h3i
import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from hotspots.ban import BanIndex, load_ban, number_key
from hotspots.config import Settings
from hotspots.geo import Districts, districts_for, study_communes
from hotspots.place_text import normalise_place
from hotspots.schema import STORED_H3_RESOLUTION, Precision

__all__ = ["GeocodeResult", "Geocoder", "load_geocoder"]

#: Lowest similarity (0–100) accepted for a spelling-tolerant match.
MATCH_THRESHOLD = 85.0
#: Score given to a district named inside a longer text ("la dalle à Planoise").
CONTAINED_DISTRICT_SCORE = 80.0
#: Score given to the one street holding every word of the query ("rue Jouchoux").
WORDS_WITHIN_SCORE = 90.0
#: Kinds of way, as the place keys spell them (abbreviations expanded).
STREET_KINDS = frozenset(
    {"rue", "avenue", "boulevard", "place", "chemin", "allee", "impasse", "quai", "square",
     "passage", "route", "faubourg", "promenade", "esplanade", "rampe", "sentier", "pont",
     "cours", "montee", "voie", "ruelle", "parvis", "rond", "carrefour", "traverse"}
)  # fmt: skip
_COORDINATES_RE = re.compile(
    r"^\s*([+-]?\d{1,2}(?:[.,]\d+)?)\s*[,;/ ]\s*([+-]?\d{1,3}(?:[.,]\d+)?)\s*$"
)


@dataclass(frozen=True)
class GeocodeResult:
    """One query's answer; ``lat``/``lon`` are ``None`` when unresolved, ``h3`` when the
    place is known only to its district."""

    query: str
    lat: float | None
    lon: float | None
    precision: str
    district: str | None
    district_code: str | None
    h3: str | None
    matched: str | None
    score: float

    def as_dict(self) -> dict[str, object]:
        # every field is a scalar: no need for asdict's deep copies (10× slower)
        return {name: getattr(self, name) for name in _RESULT_FIELDS}


_RESULT_FIELDS = tuple(f.name for f in fields(GeocodeResult))


@dataclass(frozen=True)
class _Entry:
    name: str
    lat: float
    lon: float
    precision: str
    district_code: str | None


class Geocoder:
    """Matches place texts against a gazetteer (names, aliases) within the districts."""

    def __init__(
        self,
        entries: list[tuple[list[str], _Entry]],
        districts: Districts,
        ban: BanIndex | None = None,
    ) -> None:
        self.districts = districts
        self.ban = ban
        self._street_keys = list(ban.streets) if ban else []
        self._by_key: dict[str, _Entry] = {}
        for names, entry in entries:
            for name in names:
                key, _number = normalise_place(name)
                if key:
                    self._by_key.setdefault(key, entry)
        self._keys = list(self._by_key)
        self._street_words = [
            (frozenset(k.split()), k)
            for k, e in self._by_key.items()
            if e.precision == Precision.STREET.value
        ]
        district_keys = [k for k, e in self._by_key.items() if e.precision == Precision.DISTRICT]
        self._contained_re = (
            re.compile(
                r"\b("
                + "|".join(re.escape(k) for k in sorted(district_keys, key=len, reverse=True))
                + r")\b"
            )
            if district_keys
            else None
        )

    def _unresolved(
        self, query: str, score: float = 0.0, matched: str | None = None
    ) -> GeocodeResult:
        return GeocodeResult(
            query, None, None, Precision.UNRESOLVED.value, None, None, None, matched, score
        )

    def _result(
        self,
        query: str,
        lat: float,
        lon: float,
        precision: str,
        code: str | None,
        matched: str,
        score: float,
    ) -> GeocodeResult:
        if code is None and precision != Precision.DISTRICT.value:
            code = self.districts.district_of_points(np.array([lat]), np.array([lon]))[0]
        cell = None
        if precision != Precision.DISTRICT.value:
            cell = h3i.int_to_str(h3i.latlng_to_cell(lat, lon, STORED_H3_RESOLUTION))
        return GeocodeResult(
            query,
            round(lat, 6),
            round(lon, 6),
            precision,
            self.districts.name_of(code),
            code,
            cell,
            matched,
            round(score, 1),
        )

    def geocode(self, query: str) -> GeocodeResult:
        """Locate one place text (never raises for any string)."""
        text = str(query)
        coordinates = _COORDINATES_RE.match(text)
        if coordinates:
            lat, lon = (float(v.replace(",", ".")) for v in coordinates.groups())
            inside = (
                math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180
            )
            if inside and self.districts.in_study_area(np.array([lat]), np.array([lon]))[0]:
                return self._result(
                    text, lat, lon, Precision.POINT.value, None, "coordinates", 100.0
                )
            return self._unresolved(text)
        key, number = normalise_place(text)
        if not key:
            return self._unresolved(text)
        entry = self._by_key.get(key)
        score = 100.0
        street_entry = entry is not None and entry.precision == Precision.STREET.value
        if (entry is None or street_entry) and key in (self.ban.streets if self.ban else {}):
            # the address file knows the street's house numbers: it wins over the gazetteer
            return self._street(text, key, number, 100.0)
        if entry is None:
            best = process.extractOne(key, self._keys, scorer=fuzz.ratio) if self._keys else None
            street = (
                process.extractOne(key, self._street_keys, scorer=fuzz.ratio)
                if self._street_keys
                else None
            )
            if (
                street is not None
                and street[1] >= MATCH_THRESHOLD
                and (
                    best is None
                    or street[1] > best[1]
                    or (
                        street[1] == best[1]
                        and self._by_key[best[0]].precision == Precision.STREET.value
                    )
                )
            ):
                return self._street(text, street[0], number, float(street[1]))
            if best is not None and best[1] >= MATCH_THRESHOLD:
                entry, score = self._by_key[best[0]], float(best[1])
            elif (within := self._street_holding(key)) is not None:
                entry, score = self._by_key[within], WORDS_WITHIN_SCORE
            else:
                named = self._contained_re.search(key) if self._contained_re else None
                if named is None:
                    return self._unresolved(
                        text, best[1] if best else 0.0, best[0] if best else None
                    )
                entry, score = self._by_key[named.group(1)], CONTAINED_DISTRICT_SCORE
        return self._result(
            text, entry.lat, entry.lon, entry.precision, entry.district_code, entry.name, score
        )

    def _street_holding(self, key: str) -> str | None:
        """The one street whose name holds every word of ``key``, which names a kind of
        way (« rue », « avenue »…) and something more; ``None`` when none or several."""
        words = set(key.split())
        if len(words) < 2 or not words & STREET_KINDS or not words - STREET_KINDS:
            return None
        found = [k for names, k in self._street_words if words <= names]
        return found[0] if len(found) == 1 else None

    def _street(self, query: str, key: str, number: str | None, score: float) -> GeocodeResult:
        """A BAN street: the numbered address when it exists, else the street's point."""
        assert self.ban is not None  # only called for a key found in the address file
        street = self.ban.streets[key]
        if number is not None:
            parts = number.split()
            found = street.numbers.get(number_key(parts[0], parts[1] if len(parts) > 1 else ""))
            if found is not None:
                lat, lon = found
                return self._result(
                    query, lat, lon, Precision.POINT.value, None, f"{number} {street.name}", score
                )
        lat, lon = street.point
        return self._result(query, lat, lon, Precision.STREET.value, None, street.name, score)

    def geocode_many(self, texts: pd.Series) -> pd.DataFrame:
        """:func:`geocode` of each text, computed once per distinct text."""
        distinct = pd.unique(texts.fillna("").astype(str))
        rows = {t: self.geocode(t).as_dict() for t in distinct}
        frame = pd.DataFrame([rows[t] for t in texts.fillna("").astype(str)], index=texts.index)
        return frame


def _read_gazetteer(path: Path, districts: Districts) -> list[tuple[list[str], _Entry]]:
    """Rows of ``gazetteer.csv``: name, aliases (``|``), kind, precision, district, lat, lon.

    District-precision rows without coordinates take their district's representative point.
    """
    entries = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["district"] or None
            if code is not None and code not in districts.codes:
                continue  # another boundary set: its own district names apply
            if row["lat"] and row["lon"]:
                lat, lon = float(row["lat"]), float(row["lon"])
            else:
                point = districts.polygons[districts.codes.index(code)].representative_point()
                lat, lon = point.y, point.x
            names = [row["name"], *[a for a in row["aliases"].split("|") if a]]
            entries.append((names, _Entry(row["name"], lat, lon, row["precision"], code)))
    return entries


def _read_streets(path: Path, districts: Districts) -> list[tuple[list[str], _Entry]]:
    """Rows of ``streets.csv`` (see ``geodata/build_streets.py``): every street of the
    city with its official quartier(s). A street of one quartier is in that quartier
    wherever its point falls; a street of several is in the one of its point (the first
    listed when the point is in none of them). A street without a point is known to its
    quartier only when it has one quartier; one of several without a point is left out
    (no way to say which of them a tip means)."""
    entries = []
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    located = [r for r in rows if r["lat"] and r["lon"]]
    lat = np.array([float(r["lat"]) for r in located])
    lon = np.array([float(r["lon"]) for r in located])
    where = dict(
        zip(
            (r["name"] for r in located),
            districts.district_of_points(lat, lon) if located else [],
            strict=True,
        )
    )
    for row in rows:
        codes = [c for c in row["quartiers"].split("|") if c in districts.codes]
        if not codes:
            continue  # another boundary set: its own streets apply
        if row["name"] in where:
            code = where[row["name"]] if where[row["name"]] in codes else codes[0]
            entry = _Entry(
                row["name"], float(row["lat"]), float(row["lon"]), Precision.STREET.value, code
            )
        elif len(codes) == 1:
            point = districts.polygons[districts.codes.index(codes[0])].representative_point()
            entry = _Entry(row["name"], point.y, point.x, Precision.DISTRICT.value, codes[0])
        else:
            continue
        entries.append(([row["name"]], entry))
    return entries


@cache
def load_geocoder(settings: Settings) -> Geocoder:
    """The geocoder the settings describe: the gazetteer of ``geodata/``, the districts
    (:func:`hotspots.geo.districts_for`) and, with ``ban_file``, the BAN streets."""
    districts = districts_for(settings)
    folder = Path(settings.geodata_dir)
    # the city's street list first: a street's official name answers with its quartier
    entries = (
        _read_streets(folder / "streets.csv", districts)
        if (folder / "streets.csv").exists()
        else []
    )
    path = folder / "gazetteer.csv"
    entries += _read_gazetteer(path, districts) if path.exists() else []
    ban = None
    if settings.ban_file is not None:
        communes = study_communes(settings.geodata_dir)
        ban = load_ban(Path(settings.ban_file), communes, settings.cache_dir)
    return Geocoder(entries, districts, ban)
