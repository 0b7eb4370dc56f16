"""The area the cell covers: its communes, the quartiers of the communes that have
them, and the named selections (presets) the pages offer.

A located point gets its commune (INSEE code) and, where its commune has quartiers,
its quartier. The quartier polygons win where they and the commune outlines disagree
by a few metres (both are simplified): a point in a quartier is in that quartier's
commune. A point outside the département by more than :data:`AREA_MARGIN_M` is outside
the area (the ingest quarantines it); a point within the margin (a GPS fix across the
border, a simplified outline) takes the nearest commune.

Files of ``geodata/``: ``communes.geojson`` (properties ``code_insee``, ``name``; see
``geodata/build_communes.py``) and ``areas.csv`` (presets: ``code``, ``name_fr``,
``name_en``, ``communes`` as ``|``-separated INSEE codes, ``*`` for every commune).
Another département is another folder: nothing here names the Doubs.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import shapely

from hotspots.geo import Districts, districts_for, read_named_polygons
from hotspots.text import fold

__all__ = ["AREA_MARGIN_M", "Area", "AreaError", "Preset", "load_area"]

#: Points this far outside the area's outline still belong to it (nearest commune).
AREA_MARGIN_M = 1_000.0


class AreaError(ValueError):
    """A commune or preset name that the area does not know; the message lists what is."""


@dataclass(frozen=True)
class Preset:
    """A named selection of communes; ``communes`` empty means every commune."""

    code: str
    name_fr: str
    name_en: str
    communes: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_fr


def name_key(text: str) -> str:
    """How commune and preset names are compared: folded, hyphens and apostrophes as
    spaces (« Pays-de-Montbéliard » = « pays de montbeliard »)."""
    return " ".join(fold(str(text)).replace("-", " ").replace("'", " ").split())


@dataclass(frozen=True, eq=False)
class Area:
    """The communes (as a :class:`~hotspots.geo.Districts` of communes), the quartiers,
    the commune of each quartier and the presets."""

    communes: Districts
    districts: Districts
    district_communes: tuple[str, ...]  # commune code of each district, in their order
    presets: tuple[Preset, ...]

    @cached_property
    def _outline_m(self) -> shapely.Geometry:
        outline = shapely.transform(
            self.communes.outline,
            lambda xy: np.column_stack(self.communes.to_metres(xy[:, 1], xy[:, 0])),
        )
        shapely.prepare(outline)
        return outline

    @cached_property
    def _by_folded_name(self) -> dict[str, str]:
        return {
            name_key(n): c for c, n in zip(self.communes.codes, self.communes.names, strict=True)
        }

    def in_area(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Whether each point lies in the area or within :data:`AREA_MARGIN_M` of it."""
        lat = np.asarray(lat, dtype=float)
        lon = np.asarray(lon, dtype=float)
        out = np.zeros(len(lat), dtype=bool)
        finite = np.isfinite(lat) & np.isfinite(lon)
        if finite.any():
            x, y = self.communes.to_metres(lat[finite], lon[finite])
            out[finite] = shapely.dwithin(self._outline_m, shapely.points(x, y), AREA_MARGIN_M)
        return out

    def locate(self, lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(commune code, district code) of each point; object arrays, ``None`` where
        the point is in no commune (outside the margin) or in no quartier."""
        district = self.districts.district_of_points(lat, lon)
        commune = self.communes.district_of_points(lat, lon, snap_m=AREA_MARGIN_M)
        of_district = dict(zip(self.districts.codes, self.district_communes, strict=True))
        for i in np.flatnonzero(district != None):  # noqa: E711 (element-wise comparison)
            commune[i] = of_district[district[i]]
        return commune, district

    def commune_name(self, code: str | None) -> str | None:
        return self.communes.name_of(code) if code in self.communes.codes else None

    def communes_with_districts(self) -> tuple[str, ...]:
        return tuple(c for c in dict.fromkeys(self.district_communes) if c)

    def detailed_outline(self) -> shapely.Geometry:
        """The communes that have quartiers, as one geometry (WGS84)."""
        return self.selection(self.communes_with_districts()).outline

    def named_communes(self) -> tuple[str, ...]:
        """The communes the presets name one by one (the police zones), in the presets'
        order and by name within each: the rows of a press table by commune."""
        out: list[str] = []
        for preset in self.presets:
            if preset.communes:
                named = sorted(preset.communes, key=lambda c: name_key(self.commune_name(c) or c))
                out.extend(named)
        return tuple(dict.fromkeys(out))

    def preset(self, code: str) -> Preset | None:
        return next((p for p in self.presets if p.code == code), None)

    def preset_of(self, communes: tuple[str, ...]) -> Preset | None:
        """The preset whose communes are exactly ``communes`` (``()``: every commune)."""
        wanted = set(communes) if communes else set(self.communes.codes)
        for p in self.presets:
            if set(p.communes or self.communes.codes) == wanted:
                return p
        return None

    def resolve(self, names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
        """INSEE codes of the communes that ``names`` give: codes, commune names (case
        and accents ignored) or preset codes; ``()`` for every commune. Raises
        :class:`AreaError` for a name the area does not know."""
        codes: list[str] = []
        for raw in names:
            name = str(raw).strip()
            preset = self.preset(name_key(name).replace(" ", "-"))
            if preset is not None:
                if not preset.communes:
                    return ()
                codes.extend(preset.communes)
            elif name in self.communes.codes:
                codes.append(name)
            elif name_key(name) in self._by_folded_name:
                codes.append(self._by_folded_name[name_key(name)])
            else:
                known = ", ".join(p.code for p in self.presets)
                raise AreaError(
                    f"unknown area {name!r}: give an INSEE code (25056), a commune name "
                    f"(Montbéliard) or a preset ({known})"
                )
        wanted = set(codes)
        ordered = tuple(c for c in self.communes.codes if c in wanted)
        return () if len(ordered) == len(self.communes.codes) else ordered

    def selection(self, communes: tuple[str, ...]) -> Districts:
        """The selected communes (every one for ``()``) as polygons, for the hot-spot
        test's study cells; the same object for the same selection."""
        return _selection(self, tuple(communes))

    def area_km2(self, communes: tuple[str, ...]) -> float:
        """Surface of the selected communes (every one for ``()``), in km²."""
        index = [self.communes.codes.index(c) for c in communes] or range(len(self.communes.codes))
        metric = self.communes._metric
        return float(sum(metric[i].area for i in index)) / 1e6


@cache
def _selection(area: Area, communes: tuple[str, ...]) -> Districts:
    if not communes:
        return area.communes
    index = [area.communes.codes.index(c) for c in communes]
    return Districts.of(
        communes,
        [area.communes.names[i] for i in index],
        [area.communes.polygons[i] for i in index],
    )


@cache
def load_communes(geodata_dir: Path) -> Districts:
    """``communes.geojson`` of ``geodata_dir`` as codes, names and polygons."""
    return read_named_polygons(Path(geodata_dir) / "communes.geojson", "code_insee")


def read_presets(geodata_dir: Path, communes: Districts) -> tuple[Preset, ...]:
    """The presets of ``areas.csv`` (only its communes that the area has); without the
    file, one preset of every commune."""
    path = Path(geodata_dir) / "areas.csv"
    if not path.exists():
        return (Preset("all", "Toute la zone", "Whole area", ()),)
    presets = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            listed = row["communes"].strip()
            codes = () if listed == "*" else tuple(c for c in listed.split("|") if c)
            listed_codes = set(codes)
            kept = tuple(c for c in communes.codes if c in listed_codes)
            if codes and not kept:
                continue
            presets.append(Preset(row["code"], row["name_fr"], row["name_en"], kept))
    return tuple(presets)


@cache
def _load_area(geodata_dir: Path, districts: Districts) -> Area:
    communes = load_communes(geodata_dir)
    points = [p.representative_point() for p in districts.polygons]
    found = communes.district_of_points(
        np.array([p.y for p in points]), np.array([p.x for p in points])
    )
    district_communes = tuple(str(c) if c is not None else "" for c in found)
    return Area(communes, districts, district_communes, read_presets(geodata_dir, communes))


def load_area(settings) -> Area:
    """The area the settings describe: ``communes.geojson`` and ``areas.csv`` of the
    geodata folder, and the districts of :func:`hotspots.geo.districts_for`."""
    return _load_area(Path(settings.geodata_dir), districts_for(settings))
