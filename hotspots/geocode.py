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

from hotspots.areas import Area, load_area
from hotspots.ban import BanIndex, Street, load_ban, number_key
from hotspots.config import Settings
from hotspots.geo import Districts
from hotspots.place_text import normalise_place
from hotspots.schema import STORED_H3_RESOLUTION, Precision

__all__ = ["GeocodeResult", "Geocoder", "load_geocoder"]

#: Lowest similarity (0–100) accepted for a spelling-tolerant match.
MATCH_THRESHOLD = 85.0
#: Score given to a district named inside a longer text ("la dalle à Planoise").
CONTAINED_DISTRICT_SCORE = 80.0
#: Score given to a commune named inside a longer text ("vers la mairie d'Audincourt").
CONTAINED_COMMUNE_SCORE = 80.0
#: A spelling-tolerant match this good is kept even when the text ends with a commune
#: name ("chemin de Mores" is Besançon's chemin de Morre, not the commune of Morre).
SURE_SCORE = 90.0
#: Words between a kind of way and the name it leads to ("route de", "chemin des").
_LINK_WORDS = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "a", "au", "aux"})
#: Precisions that name an area rather than a place.
_COARSE = frozenset({Precision.DISTRICT.value, Precision.COMMUNE.value})
#: Score given to the one street holding every word of the query ("rue Jouchoux").
WORDS_WITHIN_SCORE = 90.0
#: Kinds of way, as the place keys spell them (abbreviations expanded).
STREET_KINDS = frozenset(
    {"rue", "avenue", "boulevard", "place", "chemin", "allee", "impasse", "quai", "square",
     "passage", "route", "faubourg", "promenade", "esplanade", "rampe", "sentier", "pont",
     "cours", "montee", "voie", "ruelle", "parvis", "rond", "carrefour", "traverse"}
)  # fmt: skip
#: A French postcode inside a place text ("…, 25200 Montbéliard").
_POSTCODE_RE = re.compile(r"\b\d{5}\b")
_COORDINATES_RE = re.compile(
    r"^\s*([+-]?\d{1,2}(?:[.,]\d+)?)\s*[,;/ ]\s*([+-]?\d{1,3}(?:[.,]\d+)?)\s*$"
)


@dataclass(frozen=True)
class GeocodeResult:
    """One query's answer; ``lat``/``lon`` are ``None`` when unresolved, ``h3`` when the
    place is known only to its district or its commune."""

    query: str
    lat: float | None
    lon: float | None
    precision: str
    district: str | None
    district_code: str | None
    commune: str | None
    commune_code: str | None
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
    commune_code: str | None = None


class Geocoder:
    """Matches place texts against a gazetteer (names, aliases) and the communes of the
    area; places of the gazetteer and streets are in the communes that have quartiers."""

    def __init__(
        self,
        entries: list[tuple[list[str], _Entry]],
        area: Area,
        ban: BanIndex | None = None,
    ) -> None:
        self.area = area
        self.districts = area.districts
        self.ban = ban
        entries = [*entries, *_commune_entries(area)]
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
        self._contained_re = _any_of(district_keys)
        self._commune_keys = {
            k: e.commune_code for k, e in self._by_key.items() if e.precision == Precision.COMMUNE
        }
        self._commune_re = _any_of(list(self._commune_keys))
        self._detailed = frozenset(area.communes_with_districts())

    def _unresolved(
        self, query: str, score: float = 0.0, matched: str | None = None
    ) -> GeocodeResult:
        return GeocodeResult(
            query, None, None, Precision.UNRESOLVED.value, None, None, None, None, None, matched,
            score,
        )  # fmt: skip

    def _result(
        self,
        query: str,
        lat: float,
        lon: float,
        precision: str,
        code: str | None,
        matched: str,
        score: float,
        commune: str | None = None,
    ) -> GeocodeResult:
        coarse = precision in _COARSE
        if not coarse and code is None:
            commune, code = (v[0] for v in self.area.locate(np.array([lat]), np.array([lon])))
        elif code is not None:  # the list's quartier holds wherever the point falls
            commune = self.area.district_communes[self.districts.codes.index(code)]
        cell = None
        if not coarse:
            cell = h3i.int_to_str(h3i.latlng_to_cell(lat, lon, STORED_H3_RESOLUTION))
        return GeocodeResult(
            query,
            round(lat, 6),
            round(lon, 6),
            precision,
            self.districts.name_of(code),
            code,
            self.area.commune_name(commune),
            commune,
            cell,
            matched,
            round(score, 1),
        )

    def _entry_result(self, query: str, entry: _Entry, score: float) -> GeocodeResult:
        return self._result(
            query,
            entry.lat,
            entry.lon,
            entry.precision,
            entry.district_code,
            entry.name,
            score,
            entry.commune_code,
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
            if inside and self.area.in_area(np.array([lat]), np.array([lon]))[0]:
                return self._result(
                    text, lat, lon, Precision.POINT.value, None, "coordinates", 100.0
                )
            return self._unresolved(text)
        key, number = normalise_place(text)
        if not key:
            return self._unresolved(text)
        found = self._match(text, key, number)
        if key in self._by_key or self._commune_re is None:
            return found
        named = self._commune_re.search(key)
        confident = found.score >= SURE_SCORE and found.precision not in _COARSE
        if named is None or named.end() != len(key) or named.start() == 0 or confident:
            return found
        if _way_before(key, named.start()):
            return found  # "route de Morre": a way named after the commune, not in it
        return self._in_commune(text, key[: named.start()], named.group(1), number)

    def _commune_named(self, key: str) -> re.Match[str] | None:
        """The first commune named in ``key`` that is not the end of a way's name."""
        if self._commune_re is None:
            return None
        for found in self._commune_re.finditer(key):
            if not _way_before(key, found.start()):
                return found
        return None

    def _in_commune(
        self, text: str, rest: str, commune_key: str, number: str | None
    ) -> GeocodeResult:
        """A place followed by its commune ("rue Battant Besançon", "12 rue de Belfort,
        25400 Audincourt", "gare de Montbéliard"): the place where the commune has known
        places (its quartiers' streets and places, or its streets in the address file)
        and the place is one of them, else the commune."""
        code = self._commune_keys[commune_key]
        words = _POSTCODE_RE.sub(" ", rest).split()
        while words and words[-1] in _LINK_WORDS:
            words.pop()  # "rue de la Prairie à Montbéliard"
        rest = " ".join(words)
        if code in self._detailed and rest:
            found = self._match(text, rest, number)
            if found.commune_code == code:
                return found
        elif rest and self.ban is not None and code in self.ban.elsewhere:
            streets = self.ban.elsewhere[code]
            if rest in streets:
                return self._street(text, streets[rest], number, 100.0)
            best = process.extractOne(rest, list(streets), scorer=fuzz.ratio)
            if best is not None and best[1] >= MATCH_THRESHOLD:
                return self._street(text, streets[best[0]], number, float(best[1]))
        return self._entry_result(text, self._by_key[commune_key], 100.0)

    def _match(self, text: str, key: str, number: str | None) -> GeocodeResult:
        entry = self._by_key.get(key)
        score = 100.0
        street_entry = entry is not None and entry.precision == Precision.STREET.value
        ban_streets = self.ban.streets if self.ban is not None else {}
        if (entry is None or street_entry) and key in ban_streets:
            # the address file knows the street's house numbers: it wins over the gazetteer
            return self._street(text, ban_streets[key], number, 100.0)
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
                return self._street(text, ban_streets[street[0]], number, float(street[1]))
            if best is not None and best[1] >= MATCH_THRESHOLD:
                entry, score = self._by_key[best[0]], float(best[1])
            elif (within := self._street_holding(key)) is not None:
                entry, score = self._by_key[within], WORDS_WITHIN_SCORE
            else:
                named = self._contained_re.search(key) if self._contained_re else None
                commune = self._commune_named(key)
                if named is not None:
                    entry, score = self._by_key[named.group(1)], CONTAINED_DISTRICT_SCORE
                elif commune is not None:
                    entry, score = self._by_key[commune.group(1)], CONTAINED_COMMUNE_SCORE
                else:
                    return self._unresolved(
                        text, best[1] if best else 0.0, best[0] if best else None
                    )
        return self._entry_result(text, entry, score)

    def _street_holding(self, key: str) -> str | None:
        """The one street whose name holds every word of ``key``, which names a kind of
        way (« rue », « avenue »…) and something more; ``None`` when none or several."""
        words = set(key.split())
        if len(words) < 2 or not words & STREET_KINDS or not words - STREET_KINDS:
            return None
        found = [k for names, k in self._street_words if words <= names]
        return found[0] if len(found) == 1 else None

    def _street(
        self, query: str, street: Street, number: str | None, score: float
    ) -> GeocodeResult:
        """A BAN street: the numbered address when it exists, else the street's point."""
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


def _way_before(key: str, start: int) -> bool:
    """Whether the words before ``start`` end with a kind of way and link words
    ("route de", "rue des"): the name that follows is a way's, not a place's."""
    words = key[:start].split()
    while words and words[-1] in _LINK_WORDS:
        words.pop()
    return bool(words) and words[-1] in STREET_KINDS


def _any_of(keys: list[str]) -> re.Pattern[str] | None:
    """A pattern finding any of ``keys`` as whole words, the longest first."""
    if not keys:
        return None
    alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(r"\b(" + alternatives + r")\b")


def _commune_entries(area: Area) -> list[tuple[list[str], _Entry]]:
    """Each commune of the area by its name, at commune precision (its representative
    point stands for it; no cell is given to a tip located that way)."""
    entries = []
    communes = area.communes
    for code, name, polygon in zip(communes.codes, communes.names, communes.polygons, strict=True):
        point = polygon.representative_point()
        entries.append(
            ([name], _Entry(name, point.y, point.x, Precision.COMMUNE.value, None, code))
        )
    return entries


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
    """The geocoder the settings describe: the gazetteer of ``geodata/``, the area
    (:func:`hotspots.areas.load_area`: communes and districts) and, with ``ban_file``,
    the BAN streets of the communes that have quartiers."""
    area = load_area(settings)
    districts = area.districts
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
        communes = area.communes_with_districts()
        others = tuple(c for c in area.communes.codes if c not in communes)
        ban = load_ban(Path(settings.ban_file), communes, settings.cache_dir, others)
    return Geocoder(entries, area, ban)
