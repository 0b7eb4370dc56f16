"""Map tiles from a local MBTiles file or XYZ folder, written once into the app's
static folder and addressed there: no tile server, no request out."""

from __future__ import annotations

import io
import math
import sqlite3
from pathlib import Path

import pytest

from hotspots.local_tiles import TileSetError, install_tiles, is_local_tiles, tile_source


def png(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(out, format="PNG")
    return out.getvalue()


def tile_of(lat: float, lon: float, zoom: int) -> tuple[int, int]:
    """The XYZ tile (x, y) holding a point (Web Mercator)."""
    n = 1 << zoom
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


def make_mbtiles(path: Path, tiles: dict[tuple[int, int, int], bytes], fmt: str = "png") -> Path:
    """An MBTiles file (rows stored bottom-up, as the format says) of ``tiles`` keyed by
    XYZ (z, x, y)."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    db.execute(
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
        " tile_data BLOB)"
    )
    db.executemany(
        "INSERT INTO metadata VALUES (?, ?)",
        [("name", "test"), ("format", fmt), ("attribution", "© Test <b>maps</b>")],
    )
    db.executemany(
        "INSERT INTO tiles VALUES (?, ?, ?, ?)",
        [(z, x, (1 << z) - 1 - y, data) for (z, x, y), data in tiles.items()],
    )
    db.commit()
    db.close()
    return path


def city_tiles(zooms=range(11, 17)) -> dict[tuple[int, int, int], bytes]:
    """Tiles covering Besançon's centre at ``zooms``, a colour per zoom."""
    out = {}
    for z in zooms:
        x0, y0 = tile_of(47.30, 5.93, z)
        x1, y1 = tile_of(47.20, 6.10, z)
        data = png((200, 220 - 10 * (z - 11), 200))
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                out[(z, x, y)] = data
    return out


def test_an_mbtiles_file_is_written_once_as_xyz_tiles(tmp_path):
    tiles = {(3, 4, 2): png((10, 20, 30)), (3, 4, 5): png((40, 50, 60))}
    source = make_mbtiles(tmp_path / "t.mbtiles", tiles)
    url, attribution = install_tiles(source, tmp_path / "static")
    assert url.startswith("/app/static/tiles/") and url.endswith("/{z}/{x}/{y}.png")
    assert attribution == "© Test <b>maps</b>"  # escaped where it is shown
    folder = tmp_path / "static" / "tiles" / url.split("/")[4]
    # rows are flipped from the file's bottom-up order to XYZ
    assert (folder / "3" / "4" / "2.png").read_bytes() == tiles[(3, 4, 2)]
    assert (folder / "3" / "4" / "5.png").read_bytes() == tiles[(3, 4, 5)]
    written = (folder / "3" / "4" / "2.png").stat().st_mtime_ns
    assert install_tiles(source, tmp_path / "static") == (url, attribution)
    assert (folder / "3" / "4" / "2.png").stat().st_mtime_ns == written  # not written again


def test_a_folder_of_xyz_tiles_is_copied(tmp_path):
    source = tmp_path / "xyz"
    (source / "12" / "2116").mkdir(parents=True)
    (source / "12" / "2116" / "1436.png").write_bytes(png((1, 2, 3)))
    url, _ = install_tiles(source, tmp_path / "static")
    folder = tmp_path / "static" / "tiles" / url.split("/")[4]
    assert (folder / "12" / "2116" / "1436.png").read_bytes() == png((1, 2, 3))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: make_mbtiles(p / "v.mbtiles", {(1, 0, 0): b"x"}, fmt="pbf"), "raster"),
        (lambda p: make_mbtiles(p / "e.mbtiles", {}), "no tiles"),
        (lambda p: (p / "bad.mbtiles").write_text("not a database") and p / "bad.mbtiles",
         "not a readable MBTiles"),
        (lambda p: p / "missing.mbtiles", "no tile file or folder"),
        (lambda p: (p / "empty").mkdir() or p / "empty", "raster tiles as"),
    ],
)  # fmt: skip
def test_an_unusable_tile_source_is_refused_with_its_reason(tmp_path, make, message):
    with pytest.raises(TileSetError, match=message):
        install_tiles(make(tmp_path), tmp_path / "static")


def test_which_settings_name_local_tiles(tmp_path):
    assert not is_local_tiles("none") and not is_local_tiles("OpenStreetMap")
    assert not is_local_tiles("https://tiles.example.org/{z}/{x}/{y}.png")
    assert is_local_tiles("/srv/tiles/doubs.mbtiles") and is_local_tiles("tiles/xyz")
    assert tile_source("none", tmp_path) == ("none", "")
