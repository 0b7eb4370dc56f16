"""Map tiles from a local file, served by the app itself: no request leaves the machine.

``HOTSPOTS_TILES`` may name a raster MBTiles file (``…/doubs.mbtiles``) or a folder of
XYZ tiles (``…/tiles/{z}/{x}/{y}.png``). On start the tiles are written once into the
app's ``static/tiles/<key>/`` folder (``key``: the source's path, size and time, so a
new file is written again and an unchanged one is not) and Streamlit serves them at
``/app/static/tiles/<key>/{z}/{x}/{y}.<ext>``. MBTiles stores rows bottom-up (TMS):
a tile's row is flipped to the XYZ ``y`` on the way. Vector MBTiles (``pbf``) need a
renderer in the browser and are refused with that reason.

Written here rather than taken from a library: reading an MBTiles is one SQL query on
its documented ``tiles`` table, and the tile servers on PyPI run their own HTTP server,
which the deployment would have to expose beside Streamlit's.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

__all__ = ["TileSetError", "install_tiles", "is_local_tiles", "tile_source"]

#: Where Streamlit serves the app's ``static/tiles`` folder.
TILES_URL = "/app/static/tiles"
RASTER_FORMATS = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "webp": "webp"}


class TileSetError(ValueError):
    """A local tile source that cannot be used; the message says why and what to do."""


def is_local_tiles(setting: str) -> bool:
    """Whether the tile setting names a local file or folder (not ``none``, not
    ``OpenStreetMap``, not a URL template)."""
    text = setting.strip()
    return bool(text) and "://" not in text and text.lower() not in ("none", "openstreetmap")


def _key(source: Path) -> str:
    stat = source.stat()
    text = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def install_tiles(source: Path, static_dir: Path) -> tuple[str, str]:
    """Write the tiles of ``source`` (MBTiles or XYZ folder) under ``static_dir/tiles``
    once; return ``(url_template, attribution)``. Raises :class:`TileSetError`."""
    source = Path(source)
    if not source.exists():
        raise TileSetError(
            f"HOTSPOTS_TILES: no tile file or folder at {source}; give an MBTiles file, "
            "a folder of {z}/{x}/{y} tiles, 'none' or a tile URL template"
        )
    target = Path(static_dir) / "tiles" / _key(source)
    done = target / ".complete"
    if done.exists():
        ext, attribution = done.read_text(encoding="utf-8").split("\n", 1)
        return f"{TILES_URL}/{target.name}/{{z}}/{{x}}/{{y}}.{ext}", attribution
    if target.exists():
        shutil.rmtree(target)  # an interrupted earlier run
    if source.is_dir():
        ext, attribution = _copy_folder(source, target), ""
    else:
        ext, attribution = _unpack_mbtiles(source, target)
    done.write_text(f"{ext}\n{attribution}", encoding="utf-8")
    return f"{TILES_URL}/{target.name}/{{z}}/{{x}}/{{y}}.{ext}", attribution


def _copy_folder(source: Path, target: Path) -> str:
    found = {p.suffix.lstrip(".").lower() for p in source.glob("*/*/*.*")}
    raster = sorted(found & set(RASTER_FORMATS))
    if len(raster) != 1:
        raise TileSetError(
            f"HOTSPOTS_TILES: {source} should hold raster tiles as {{z}}/{{x}}/{{y}}.png "
            f"(or .jpg, .webp), one format; found: {', '.join(sorted(found)) or 'none'}"
        )
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".*"))
    return raster[0]


def _unpack_mbtiles(source: Path, target: Path) -> tuple[str, str]:
    try:
        db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            metadata = dict(db.execute("SELECT name, value FROM metadata").fetchall())
            fmt = str(metadata.get("format", "png")).lower()
            if fmt not in RASTER_FORMATS:
                raise TileSetError(
                    f"HOTSPOTS_TILES: {source.name} holds {fmt} tiles; only raster MBTiles "
                    "(png, jpg, webp) can be drawn: export raster tiles (QGIS: « Generate XYZ "
                    "tiles (MBTiles) »)"
                )
            ext = RASTER_FORMATS[fmt]
            rows = db.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles")
            written = 0
            for zoom, column, row, data in rows:
                y = (1 << int(zoom)) - 1 - int(row)  # TMS rows count from the bottom
                folder = target / str(int(zoom)) / str(int(column))
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{y}.{ext}").write_bytes(data)
                written += 1
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise TileSetError(
            f"HOTSPOTS_TILES: {source.name} is not a readable MBTiles file ({exc})"
        ) from exc
    if not written:
        raise TileSetError(f"HOTSPOTS_TILES: {source.name} holds no tiles")
    return ext, str(metadata.get("attribution", ""))


def tile_source(setting: str, static_dir: Path) -> tuple[str, str]:
    """The map's tile setting made usable: ``("none", "")``, ``("OpenStreetMap", "")``,
    a URL template as given, or a local source installed by :func:`install_tiles`."""
    if is_local_tiles(setting):
        return install_tiles(Path(setting.strip()).expanduser(), static_dir)
    return setting, ""
