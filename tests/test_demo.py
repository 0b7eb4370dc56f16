"""Fictitious demo data: calibration, determinism, links between tips and operations."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hotspots.demo import (
    CITY_BOUNDS_DEG,
    DEAL_POINTS,
    DEMO_BOUNDS_DEG,
    DEMO_PERIOD_END,
    DEMO_PERIOD_START,
    DEMO_TIPS_DEFAULT,
    demo_operations,
    demo_tips,
    write_demo_files,
)
from hotspots.schema import OPERATION_COLUMNS, TIP_COLUMNS

CATEGORY_NAMES = {
    "deal_point", "delivery", "stash", "consumption", "other",
    "point_de_deal", "livraison", "stockage", "consommation", "autre",
}  # fmt: skip
OBSERVED_VALUES = {
    "", "matin", "8h-12h", "9h-12h", "après-midi", "14h-18h", "13:00-17:00", "soir",
    "18h-22h", "17:00-23:00", "19h-23h", "nuit", "22h-2h", "21h-1h", "23:00-03:00",
}  # fmt: skip
SEIZURE_ITEM = re.compile(r"^[a-z_]+:\d+ (g|kg|pieces)$")
PERIOD_FIRST = datetime.combine(DEMO_PERIOD_START, datetime.min.time())
PERIOD_LAST = datetime.combine(DEMO_PERIOD_END, datetime.min.time()) + timedelta(days=1, minutes=-1)
SUBSTANCE_WORDS = "cannabis|résine|shit|herbe|cocaïne|coke|héroïne|crack|kétamine|ecstasy"
METRES_PER_DEGREE_LAT = 111_200.0
METRES_PER_DEGREE_LON = 75_600.0


@pytest.fixture(scope="module")
def tips() -> pd.DataFrame:
    return demo_tips()


@pytest.fixture(scope="module")
def operations(tips: pd.DataFrame) -> pd.DataFrame:
    return demo_operations(tips)


@pytest.fixture(scope="module")
def many_tips() -> pd.DataFrame:
    return demo_tips(20_000, seed=7)


def _times(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, format="%Y-%m-%dT%H:%M:%S")


def _distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(
        np.hypot((lat1 - lat2) * METRES_PER_DEGREE_LAT, (lon1 - lon2) * METRES_PER_DEGREE_LON)
    )


def _point(name: str) -> tuple[float, float]:
    p = next(p for p in DEAL_POINTS if p.name == name)
    return p.lat, p.lon


def _seizures(operations: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for op_id, text in zip(operations["operation_id"], operations["seizures"], strict=True):
        for item in filter(None, (s.strip() for s in text.split(";"))):
            name, amount = item.split(":")
            rows.append((op_id, name, float(amount.split()[0])))
    return pd.DataFrame(rows, columns=["operation_id", "substance", "quantity"])


# ---------------------------------------------------------------------------- tips


def test_default_counts_and_triage(tips: pd.DataFrame) -> None:
    assert len(tips) == DEMO_TIPS_DEFAULT == 186
    assert tips["exploitable"].value_counts().to_dict() == {"oui": 120, "non": 60, "": 6}


def test_pending_tips_are_the_most_recent(tips: pd.DataFrame) -> None:
    received = _times(tips["received_at"])
    pending = tips["exploitable"] == ""
    assert received[pending].min() > received[~pending].max()
    assert received[pending].min() >= PERIOD_LAST - timedelta(days=14)


def test_columns_ids_and_string_values(tips: pd.DataFrame, operations: pd.DataFrame) -> None:
    assert tuple(tips.columns) == TIP_COLUMNS
    assert tuple(operations.columns) == OPERATION_COLUMNS
    for frame in (tips, operations):
        assert frame.map(lambda v: isinstance(v, str)).all().all()
    assert tips["tip_id"].str.fullmatch(r"DEMO-T\d{6}").all()
    assert tips["tip_id"].is_unique
    assert tips["received_at"].is_monotonic_increasing
    assert operations["operation_id"].str.fullmatch(r"DEMO-O\d{4}").all()
    assert operations["operation_id"].is_unique
    assert operations["started_at"].is_monotonic_increasing


def test_period_bounds_and_monthly_spread(tips: pd.DataFrame) -> None:
    received = _times(tips["received_at"])
    assert received.min() >= PERIOD_FIRST
    assert received.max() <= PERIOD_LAST
    per_month = received.dt.month.value_counts()
    assert set(per_month.index) == set(range(1, 12))
    assert per_month.loc[1:10].between(11, 24).all()


def test_same_seed_same_frames_other_seed_other_frames() -> None:
    first, again, other = demo_tips(seed=11), demo_tips(seed=11), demo_tips(seed=12)
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(demo_operations(first, 11), demo_operations(again, 11))
    assert not first.equals(other)
    assert not demo_operations(first, 11).equals(demo_operations(other, 12))


def test_location_kinds(tips: pd.DataFrame) -> None:
    has_coords = tips["lat"] != ""
    assert 0.35 <= has_coords.mean() <= 0.55
    assert ((tips["lon"] != "") == has_coords).all()
    assert (tips.loc[has_coords, "location"] == "").all()
    assert (tips.loc[~has_coords, "location"] != "").all()
    assert tips.loc[has_coords, "lat"].str.fullmatch(r"4[67]\.\d{6}").all()
    assert tips.loc[has_coords, "lon"].str.fullmatch(r"[56]\.\d{6}").all()
    texts = tips.loc[~has_coords, "location"]
    assert texts.str.match(r"(près de|devant|derrière|au pied de|en face de|à côté de) ").any()
    assert texts.str.match(r"\d+ ").any()
    assert texts.isin(["Planoise", "Battant", "Montrapon"]).any()


def test_location_mix_on_many_tips(many_tips: pd.DataFrame) -> None:
    has_coords = many_tips["lat"] != ""
    assert 0.42 <= has_coords.mean() <= 0.48
    unresolved = many_tips["location"].str.lower().isin(["chez moi", "en bas de la tour"])
    assert unresolved.mean() > 0.003


def test_coordinates_within_bounds(tips: pd.DataFrame, many_tips: pd.DataFrame) -> None:
    lat_min, lon_min, lat_max, lon_max = DEMO_BOUNDS_DEG
    c_lat_min, c_lon_min, c_lat_max, c_lon_max = CITY_BOUNDS_DEG
    assert lat_min <= c_lat_min and lon_min <= c_lon_min
    assert lat_max >= c_lat_max and lon_max >= c_lon_max
    for frame in (tips, many_tips, demo_operations(many_tips, seed=7)):
        located = frame["lat"] != ""
        lat = frame.loc[located, "lat"].astype(float)
        lon = frame.loc[located, "lon"].astype(float)
        assert lat.between(lat_min, lat_max).all()
        assert lon.between(lon_min, lon_max).all()


def test_categories_observed_and_descriptions(tips: pd.DataFrame, many_tips: pd.DataFrame) -> None:
    assert tips["category"].isin(CATEGORY_NAMES).all()
    assert tips["observed"].isin(OBSERVED_VALUES).all()
    assert tips["description"].ne("").all()
    french = many_tips["category"].isin(
        ["point_de_deal", "livraison", "stockage", "consommation", "autre"]
    )
    assert 0.17 <= french.mean() <= 0.23
    assert 0.35 <= (many_tips["observed"] != "").mean() <= 0.45
    description = many_tips["description"].str.lower()
    assert 0.07 <= description.str.contains("scooter").mean() <= 0.15
    assert 0.11 <= description.str.contains("guetteur|chouf").mean() <= 0.20
    assert 0.52 <= description.str.contains(SUBSTANCE_WORDS).mean() <= 0.70


def test_nuisance_tips_are_mostly_not_exploitable(many_tips: pd.DataFrame) -> None:
    nuisance = many_tips["category"].isin(["other", "autre"]) & (many_tips["exploitable"] != "")
    assert (many_tips.loc[nuisance, "exploitable"] == "non").mean() > 0.7
    dealing = many_tips["category"].isin(["deal_point", "point_de_deal"])
    assert (many_tips.loc[dealing, "exploitable"] == "oui").mean() > 0.75


def test_other_sizes_scale_the_proportions() -> None:
    tips = demo_tips(1_000, seed=3)
    assert tips["exploitable"].value_counts().to_dict() == {"oui": 645, "non": 323, "": 32}
    assert len(demo_operations(tips, seed=3)) == 70
    empty = demo_tips(0)
    assert tuple(empty.columns) == TIP_COLUMNS and empty.empty
    assert demo_operations(empty).empty
    with pytest.raises(ValueError, match="n_tips"):
        demo_tips(-1)


# ---------------------------------------------------------------------- operations


def test_thirteen_operations(operations: pd.DataFrame) -> None:
    assert len(operations) == 13
    assert operations["kind"].isin(["surveillance", "arrest", "search"]).all()
    started = _times(operations["started_at"])
    assert started.min() >= PERIOD_FIRST and started.max() <= PERIOD_LAST


def test_july_city_centre_arrest(tips: pd.DataFrame, operations: pd.DataFrame) -> None:
    july = operations[operations["started_at"] == "2025-07-29T18:00:00"]
    assert len(july) == 1
    op = july.iloc[0]
    assert (op["kind"], op["arrests"], op["cash_eur"]) == ("arrest", "3", "550")
    assert op["seizures"] == "ketamine:5 g; cannabis_herb:24 g; cocaine:12 g"
    near = min(
        _distance_m(float(op["lat"]), float(op["lon"]), *_point(name))
        for name in ("Battant", "Centre – Révolution")
    )
    assert near < 100
    tip = tips.set_index("tip_id").loc[op["tip_ids"]]
    assert tip["category"] in ("delivery", "livraison")
    assert "scooter" in tip["description"].lower()


def test_october_saint_ferjeux_search(operations: pd.DataFrame) -> None:
    october = operations[operations["started_at"] == "2025-10-28T06:30:00"]
    assert len(october) == 1
    op = october.iloc[0]
    assert (op["kind"], op["arrests"], op["cash_eur"]) == ("search", "1", "")
    assert op["seizures"] == "cannabis_resin:950 g; packaging:1 pieces"
    assert _distance_m(float(op["lat"]), float(op["lon"]), *_point("Saint-Ferjeux")) < 100


def test_resin_and_ketamine_only_in_the_article_operations(operations: pd.DataFrame) -> None:
    items = _seizures(operations)
    by_id = operations.set_index("operation_id")["started_at"]
    resin = items[items["substance"] == "cannabis_resin"]
    ketamine = items[items["substance"] == "ketamine"]
    assert by_id[resin["operation_id"]].tolist() == ["2025-10-28T06:30:00"]
    assert by_id[ketamine["operation_id"]].tolist() == ["2025-07-29T18:00:00"]
    assert resin["quantity"].sum() == 950 and ketamine["quantity"].sum() == 5
    assert set(items["substance"]) <= {
        "cannabis_resin", "cannabis_herb", "cocaine", "heroin", "ketamine", "packaging",
    }  # fmt: skip


def test_operation_fields(operations: pd.DataFrame) -> None:
    assert operations["arrests"].astype(int).between(0, 3).all()
    assert (operations.loc[operations["kind"] == "surveillance", "arrests"] == "0").all()
    cash = operations["cash_eur"]
    assert cash[cash != ""].astype(int).between(0, 550).all()
    for text in operations["seizures"]:
        assert all(SEIZURE_ITEM.match(item) for item in filter(None, text.split("; ")))
    located = operations["lat"] != ""
    assert (operations.loc[~located, "location"] != "").all()
    assert (operations.loc[located, "location"] == "").all()


@pytest.mark.parametrize("n_tips, seed", [(186, 2025), (186, 5), (3_000, 9)])
def test_operations_follow_exploitable_tips(n_tips: int, seed: int) -> None:
    tips = demo_tips(n_tips, seed)
    operations = demo_operations(tips, seed)
    links = operations.assign(tip_id=operations["tip_ids"].str.split(";")).explode("tip_id")
    assert links.groupby("operation_id").size().between(1, 3).all()
    assert links["tip_id"].isin(tips["tip_id"]).all()
    linked = links.merge(tips, on="tip_id", suffixes=("_op", "_tip"), validate="many_to_one")
    assert (linked["exploitable"] == "oui").all()
    delay = _times(linked["started_at"]) - _times(linked["received_at"])
    assert delay.between(pd.Timedelta(days=3), pd.Timedelta(days=40)).all()
    both = linked[(linked["lat_op"] != "") & (linked["lat_tip"] != "")]
    gap_m = np.hypot(
        (both["lat_op"].astype(float) - both["lat_tip"].astype(float)) * METRES_PER_DEGREE_LAT,
        (both["lon_op"].astype(float) - both["lon_tip"].astype(float)) * METRES_PER_DEGREE_LON,
    )
    assert (gap_m < 600).all()


def test_small_sizes_still_get_the_article_operations() -> None:
    tips = demo_tips(10, seed=1)
    operations = demo_operations(tips, seed=1)
    assert {"2025-07-29T18:00:00", "2025-10-28T06:30:00"} <= set(operations["started_at"])
    assert set(";".join(operations["tip_ids"]).split(";")) <= set(tips["tip_id"])


# --------------------------------------------------------------------------- files


def test_write_demo_files_round_trip(
    tmp_path: Path, tips: pd.DataFrame, operations: pd.DataFrame
) -> None:
    paths = write_demo_files(tmp_path / "demo")
    assert set(paths) == {"tips", "operations", "readme"}
    assert [p.name for p in paths.values()] == [
        "tips.csv",
        "operations.csv",
        "LISEZMOI_DONNEES_FICTIVES.txt",
    ]
    for key, expected in (("tips", tips), ("operations", operations)):
        back = pd.read_csv(paths[key], dtype=str, keep_default_na=False, encoding="utf-8")
        pd.testing.assert_frame_equal(back, expected)
    assert paths["tips"].read_text(encoding="utf-8").splitlines()[0] == ",".join(TIP_COLUMNS)
    readme = paths["readme"].read_text(encoding="utf-8")
    assert "FICTIVES" in readme and "FICTITIOUS" in readme
    assert "186 signalements reçus" in readme and "186 tips received" in readme
    assert "13 opérations liées" in readme and "seed 2025" in readme


@pytest.mark.slow
def test_proportions_at_scale() -> None:
    tips = demo_tips(200_000, seed=2025)
    exploitable = tips["exploitable"]
    pending = (exploitable == "").mean()
    triaged = exploitable[exploitable != ""]
    assert abs(pending - 6 / 186) < 1e-4
    assert abs((triaged == "oui").mean() - 2 / 3) < 1e-4
    assert 0.43 <= (tips["lat"] != "").mean() <= 0.47
    received = _times(tips["received_at"])
    assert received[exploitable == ""].min() >= PERIOD_LAST - timedelta(days=14)
    operations = demo_operations(tips, seed=2025)
    assert len(operations) == round(13 * 200_000 / 186)
    items = _seizures(operations)
    assert items.loc[items["substance"] == "cannabis_resin", "quantity"].sum() == 950


def test_located_demo_tips_fall_in_the_doubs_mostly_in_besancon_and_montbeliard():
    """Spread as a police zone sees it: most in Besançon (in a quartier) and the Pays de
    Montbéliard, some in Pontarlier and small towns, none outside the département."""
    from hotspots.areas import load_area
    from hotspots.config import Settings

    tips = demo_tips(2000, seed=5)
    located = tips[tips["lat"] != ""]
    area = load_area(Settings())
    lat, lon = located["lat"].astype(float).to_numpy(), located["lon"].astype(float).to_numpy()
    assert area.in_area(lat, lon).all()
    communes, districts = area.locate(lat, lon)
    share = pd.Series(communes).value_counts(normalize=True)
    montbeliard = share.reindex(list(area.preset("pays-de-montbeliard").communes)).sum()
    assert 0.6 <= share["25056"] <= 0.85 and 0.1 <= montbeliard <= 0.25
    assert 0.01 <= share.get("25462", 0) <= 0.08  # Pontarlier
    in_besancon = communes == "25056"
    assert np.mean([d is not None for d in districts[in_besancon]]) >= 0.98
