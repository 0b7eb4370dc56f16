"""The national address file (Base Adresse Nationale, ``adresses-XX.csv``) as a street
index.

The file is read as published (UTF-8, ``;``, one row per address point). The streets of
the communes that have quartiers answer a place text alone (``streets``); the streets of
every other commune of the area are kept apart, per commune (``elsewhere``), and answer
only a text that names their commune ("12 rue de Belfort, Audincourt"), so a street of
the same name in another commune can never answer. The index (street → house numbers →
points, plus one representative point per street) is cached as JSON beside the data,
keyed on the file's size and time, so a restart does not parse the file again.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from hotspots.place_text import normalise_place

__all__ = ["BanIndex", "load_ban", "number_key"]

BAN_COLUMNS = ("numero", "rep", "nom_voie", "code_insee", "lon", "lat")
CACHE_VERSION = 2
_REP_ALIASES = {"b": "bis", "t": "ter", "q": "quater"}


def number_key(number: str, rep: str = "") -> str:
    """``("12", "B")`` → ``"12 bis"``; the form house numbers are matched in."""
    rep = rep.strip().lower()
    rep = _REP_ALIASES.get(rep, rep)
    digits = str(number).strip().lstrip("0") or "0"
    return f"{digits} {rep}" if rep else digits


@dataclass(frozen=True)
class Street:
    name: str
    point: tuple[float, float]  # representative (lat, lon)
    numbers: dict[str, tuple[float, float]]


class BanIndex:
    """Streets of the communes with quartiers, by normalised street name, and those of
    the other communes by commune (INSEE code), then name."""

    def __init__(
        self, streets: dict[str, Street], elsewhere: dict[str, dict[str, Street]] | None = None
    ) -> None:
        self.streets = streets
        self.elsewhere = elsewhere or {}

    def __len__(self) -> int:
        return len(self.streets)


def _build(frame: pd.DataFrame) -> dict[str, Street]:

    streets: dict[str, Street] = {}
    frame = frame.assign(key=frame["nom_voie"].map(lambda n: normalise_place(n)[0]))
    for key, group in frame.groupby("key", sort=True):
        if not key:
            continue
        lat = group["lat"].to_numpy(float)
        lon = group["lon"].to_numpy(float)
        middle = np.argmin((lat - np.median(lat)) ** 2 + (lon - np.median(lon)) ** 2)
        numbers = {
            number_key(n, r): (round(a, 6), round(b, 6))
            for n, r, a, b in zip(group["numero"], group["rep"], lat, lon, strict=True)
        }
        streets[key] = Street(
            str(group["nom_voie"].iloc[0]), (round(lat[middle], 6), round(lon[middle], 6)), numbers
        )
    return streets


def read_ban(
    path: Path, communes: tuple[str, ...], elsewhere: tuple[str, ...] = ()
) -> tuple[dict[str, Street], dict[str, dict[str, Street]]]:
    """Parse a BAN CSV: the streets of ``communes`` (INSEE codes) together, and those of
    ``elsewhere`` per commune; rows with coordinates only."""
    try:
        frame = pd.read_csv(
            path,
            sep=";",
            dtype=str,
            usecols=list(BAN_COLUMNS),
            keep_default_na=False,
            encoding="utf-8",
        )
    except (OSError, ValueError) as exc:
        raise ValueError(
            f"{path}: not a readable BAN address file ({exc}); expected the published "
            f"adresses-XX.csv with columns {', '.join(BAN_COLUMNS)}"
        ) from exc
    frame = frame[frame["code_insee"].isin((*communes, *elsewhere)) & (frame["nom_voie"] != "")]
    frame = frame.assign(
        lat=pd.to_numeric(frame["lat"], errors="coerce"),
        lon=pd.to_numeric(frame["lon"], errors="coerce"),
    ).dropna(subset=["lat", "lon"])
    detailed = frame["code_insee"].isin(communes)
    others = {str(code): _build(group) for code, group in frame[~detailed].groupby("code_insee")}
    return _build(frame[detailed]), others


def _cache_path(path: Path, communes: tuple[str, ...], cache_dir: Path) -> Path:
    stat = path.stat()
    ident = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{','.join(communes)}"
    ident += f"|{CACHE_VERSION}"
    return cache_dir / f"ban-{hashlib.sha256(ident.encode()).hexdigest()[:20]}.json"


def _streets_of(raw: dict) -> dict[str, Street]:
    return {
        k: Street(v["name"], tuple(v["point"]), {n: tuple(p) for n, p in v["numbers"].items()})
        for k, v in raw.items()
    }


def _payload(streets: dict[str, Street]) -> dict:
    return {k: {"name": s.name, "point": s.point, "numbers": s.numbers} for k, s in streets.items()}


def load_ban(
    path: Path, communes: tuple[str, ...], cache_dir: Path, elsewhere: tuple[str, ...] = ()
) -> BanIndex:
    """The street index of a BAN file (see :func:`read_ban`), from the cache when the
    file has not changed."""
    path = Path(path)
    if not path.exists():
        raise ValueError(f"BAN file {path} does not exist (HOTSPOTS_BAN_FILE or --ban)")
    cached = _cache_path(path, (*communes, "|", *elsewhere), cache_dir)
    if cached.exists():
        raw = json.loads(cached.read_text(encoding="utf-8"))
        return BanIndex(
            _streets_of(raw["streets"]),
            {code: _streets_of(v) for code, v in raw["elsewhere"].items()},
        )
    streets, others = read_ban(path, communes, elsewhere)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    payload = {
        "streets": _payload(streets),
        "elsewhere": {code: _payload(v) for code, v in others.items()},
    }
    tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, cached)
    return BanIndex(streets, others)
