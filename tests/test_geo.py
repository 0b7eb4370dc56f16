import json

import numpy as np
import shapely
from shapely.geometry import shape

from hotspots.areas import load_area
from hotspots.config import load_settings
from hotspots.geo import cells_of_points, load_districts

GEODATA = load_settings({}).geodata_dir
TILING_TOLERANCE = (
    1e-4  # of the commune's area: the outline is simplified with the borders (3e-5 seen)
)


def commune():
    communes = json.loads((GEODATA / "communes.geojson").read_text())["features"]
    return next(shape(f["geometry"]) for f in communes if f["properties"]["code_insee"] == "25056")


def test_the_fourteen_quartiers_tile_the_commune():
    districts = load_districts(GEODATA)
    assert len(districts.codes) == 14 == len(set(districts.codes))
    union = shapely.union_all(districts.polygons)
    area = commune().area
    assert union.symmetric_difference(commune()).area / area < TILING_TOLERANCE  # no gap
    overlap = sum(p.area for p in districts.polygons) - union.area
    assert overlap / area < TILING_TOLERANCE  # no overlap
    assert all(p.is_valid and p.geom_type == "Polygon" for p in districts.polygons)


def test_points_get_their_district_and_outside_points_none():
    districts = load_districts(GEODATA)
    lat = np.array([47.2418, 47.2186, 47.2312, 48.8566, 47.2702])
    lon = np.array([6.0188, 5.9510, 5.9928, 2.3522, 6.0780])
    assert districts.district_of_points(lat, lon).tolist() == ["BAT", "PC", "SFR", None, None]
    area = load_area(load_settings({}))
    assert area.in_area(lat, lon).tolist() == [True, True, True, False, True]
    communes, _ = area.locate(lat, lon)
    # the last point is past Besançon's edge, in the next commune (Thise)
    assert communes.tolist() == ["25056", "25056", "25056", None, "25560"]


def test_cells_are_resolution_11_and_zero_for_missing():
    import h3

    cells = cells_of_points(np.array([47.24, np.nan]), np.array([6.02, 6.02]), 11)
    assert h3.get_resolution(h3.int_to_str(int(cells[0]))) == 11 and cells[1] == 0


def test_an_official_boundary_file_replaces_the_built_in_districts(tmp_path):
    import geopandas
    import pytest
    from shapely.geometry import box

    # Two halves of the city, west and east of 6.0°E, in Lambert-93 as official files are.
    west, east = box(5.93, 47.19, 6.0, 47.33), box(6.0, 47.19, 6.09, 47.33)
    frame = geopandas.GeoDataFrame(
        {"NOM_QUARTIER": ["Ouest", "Est"]}, geometry=[west, east], crs=4326
    )
    path = tmp_path / "quartiers.gpkg"
    frame.to_crs(2154).to_file(path)

    districts = load_districts(GEODATA, path, "NOM_QUARTIER")
    assert sorted(districts.codes) == ["Est", "Ouest"]
    got = districts.district_of_points(np.array([47.22, 47.24]), np.array([5.95, 6.05]))
    assert got.tolist() == ["Ouest", "Est"]
    with pytest.raises(ValueError, match="no column 'NOM'"):
        load_districts(GEODATA, path, "NOM")
