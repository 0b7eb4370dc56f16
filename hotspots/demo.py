"""Fictitious demo data: tips and operations shaped like Besançon's, entirely synthetic.

No record comes from a real tip. Twelve deal points sit in the priority
neighbourhoods and the city centre; every tip is drawn at random around them (or
scattered over the city as background noise), and two operations copy the figures
of operations reported in the local press in 2025. Generation is vectorised and
deterministic for a given ``(n_tips, seed)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from hotspots.config import Settings
from hotspots.geo import commune_outline
from hotspots.schema import OPERATION_COLUMNS, TIP_COLUMNS
from hotspots.text import fold, strip_accents

__all__ = [
    "DEAL_POINTS",
    "DEMO_BOUNDS_DEG",
    "DEMO_OPERATIONS_DEFAULT",
    "DEMO_PERIOD_END",
    "DEMO_PERIOD_START",
    "DEMO_TIPS_DEFAULT",
    "DealPoint",
    "demo_operations",
    "demo_tips",
    "write_demo_files",
]

DEMO_PERIOD_START = date(2025, 1, 1)
DEMO_PERIOD_END = date(2025, 11, 21)
DEMO_TIPS_DEFAULT = 186
DEMO_OPERATIONS_DEFAULT = 13

#: Share of tips still waiting for triage (the most recent ones): 6 of 186.
PENDING_SHARE = 6 / DEMO_TIPS_DEFAULT
#: Share of triaged tips found exploitable.
EXPLOITABLE_SHARE = 2 / 3
#: Share of tips about one of the deal points; the rest is background noise.
DEAL_POINT_SHARE = 0.70

METRES_PER_DEGREE_LAT = 111_200.0
METRES_PER_DEGREE_LON = 75_600.0  # at 47.2° N
#: (lat_min, lon_min, lat_max, lon_max) of the box background tips are drawn in.
CITY_BOUNDS_DEG = (47.205, 5.945, 47.300, 6.075)
CITY_CENTRE_DEG = (47.2405, 6.0200)
#: Background tips are kept within this distance of the city centre.
BACKGROUND_RADIUS_M = 4_500.0
#: Gaussian scatters are cut at this many standard deviations.
SCATTER_CUTOFF_SIGMAS = 3.0
OPERATION_JITTER_M = 30.0
#: A tip with coordinates belongs to the nearest deal point within this distance.
DEAL_POINT_MATCH_RADIUS_M = 450.0

#: Share of tips received some time after the activity was seen, and the longest delay.
RECEIPT_DELAY_SHARE = 0.35
RECEIPT_DELAY_MAX_MIN = 20 * 60
#: Operations start this many whole days after the day of the tip that led to them
#: (so 3 to 40 days after the tip itself).
OPERATION_DELAY_DAYS = (4, 39)
OPERATION_LINK_MIN_DAYS = 3
OPERATION_LINK_MAX_DAYS = 40
OPERATION_START_TIMES_MIN = (360, 390, 420, 540, 840, 1050, 1080, 1200, 1290, 1320)
OPERATION_TEXT_SHARE = 0.2
OPERATION_ARREST_SHARE = 0.6
OPERATION_CASH_SHARE = 0.6
OPERATION_CASH_MAX_EUR = 400
#: Extra tips (besides the first) linked to an ordinary operation: 0, 1 or 2.
OPERATION_EXTRA_TIP_SHARES = (0.5, 0.3, 0.2)

MONTH_FACTORS = (0.85, 0.85, 0.95, 1.0, 1.05, 1.15, 1.15, 1.0, 1.05, 1.0, 0.95, 0.9)
WEEKDAY_FACTORS = (0.85, 0.85, 0.95, 1.0, 1.35, 1.4, 0.9)  # Monday first

# fmt: off
#: Relative activity by hour of day (index = hour, local time).
HOUR_PROFILES: dict[str, tuple[float, ...]] = {
    "evening": (3, 2, 1, 0.5, 0.3, 0.3, 0.3, 0.5, 0.5, 0.7, 1, 1.2,
                1.5, 1.5, 2, 3, 4, 7, 9, 10, 10, 9, 7, 5),
    "night": (6, 5, 3, 1.5, 0.6, 0.3, 0.2, 0.3, 0.3, 0.5, 0.6, 0.8,
              1, 1, 1.5, 2, 3, 5, 7, 8, 9, 10, 10, 8),
    "afternoon": (1.5, 1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 0.8, 1, 1.5, 2,
                  3, 3.5, 5, 6, 7, 8, 8, 7, 6, 5, 3.5, 2.5),
    "nuisance": (5, 3, 1.5, 0.5, 0.3, 0.3, 0.3, 0.5, 0.8, 1, 1.2, 1.5,
                 2, 2, 2.5, 3, 4, 5, 6, 7, 8, 9, 9, 7),
}
# fmt: on


@dataclass(frozen=True)
class DealPoint:
    """A fictitious deal point: where, how busy, when, and how people name the place."""

    name: str
    district: str
    lat: float
    lon: float
    weight: float
    sigma_m: float
    profile: str
    streets: tuple[str, ...]
    landmarks: tuple[tuple[str, str], ...]  # (article, noun)
    district_names: tuple[str, ...]


DEAL_POINTS: tuple[DealPoint, ...] = (
    DealPoint(
        "Planoise – Île-de-France", "PC", 47.2186, 5.9448, 1.6, 110.0, "evening",
        ("rue de Cologne", "avenue de l'Île-de-France"),
        (("le ", "centre commercial Île-de-France"), ("la ", "dalle à Planoise"),
         ("l'", "arrêt de tram Île-de-France")),
        ("Planoise",),
    ),
    DealPoint(
        "Planoise – Époisses", "PC", 47.2152, 5.9520, 1.2, 90.0, "night",
        ("rue des Époisses", "avenue du Parc Planoise", "avenue du Parc"),
        (("le ", "parking des Époisses"), ("les ", "tours des Époisses")),
        ("Planoise",),
    ),
    DealPoint(
        "Planoise – Fribourg", "PC", 47.2170, 5.9410, 1.0, 80.0, "evening",
        ("rue de Fribourg", "12 rue de Fribourg"),
        (("le ", "parking de la rue de Fribourg"), ("l'", "arrêt de bus rue de Fribourg")),
        ("Planoise",),
    ),
    DealPoint(
        "Battant", "BAT", 47.2418, 6.0188, 1.3, 70.0, "night",
        ("rue Battant", "24 rue Battant", "quai de Strasbourg", "place Bacchus",
         "rue du Petit-Battant"),
        (("la ", "place Bacchus"), ("le ", "pont Battant"), ("l'", "église Sainte-Madeleine")),
        ("Battant", "quartier Battant"),
    ),
    DealPoint(
        "Centre – Révolution", "CCB", 47.2394, 6.0222, 0.9, 60.0, "afternoon",
        ("place de la Révolution", "rue des Granges"),
        (("le ", "marché couvert"), ("la ", "place de la Révolution"),
         ("le ", "musée des Beaux-Arts")),
        ("centre-ville",),
    ),
    DealPoint(
        "Centre – Chamars/Pasteur", "CCB", 47.2357, 6.0205, 0.6, 80.0, "afternoon",
        ("promenade Chamars", "place Pasteur"),
        (("la ", "promenade Chamars"), ("la ", "place Pasteur")),
        ("centre-ville", "Chamars"),
    ),
    DealPoint(
        "Montrapon – Fontaine-Écu", "MM", 47.2545, 5.9985, 0.8, 100.0, "evening",
        ("rue de Fontaine-Écu", "avenue de Montrapon"),
        (("les ", "tours de Fontaine-Écu"), ("le ", "city stade de Montrapon")),
        ("Montrapon", "Fontaine-Écu"),
    ),
    DealPoint(
        "Palente – Orchamps", "POS", 47.2615, 6.0460, 0.9, 100.0, "night",
        ("rue de Vesoul Palente",),
        (("le ", "parking des Orchamps"), ("les ", "immeubles des Orchamps")),
        ("Palente", "Orchamps", "les Orchamps"),
    ),
    DealPoint(
        "Clairs-Soleils", "VCS", 47.2486, 6.0540, 0.9, 90.0, "evening",
        ("rue de Chalezeule", "place des Clairs-Soleils"),
        (("la ", "place des Clairs-Soleils"), ("le ", "parking des Clairs-Soleils")),
        ("Clairs-Soleils",),
    ),
    DealPoint(
        "Hauts de Saint-Claude", "SCT", 47.2655, 6.0140, 0.7, 110.0, "night",
        ("rue de Vesoul", "chemin des Torcols"),
        (("les ", "Hauts de Saint-Claude"), ("le ", "parking des Torcols")),
        ("Saint-Claude", "Hauts de Saint-Claude"),
    ),
    DealPoint(
        "Saint-Ferjeux", "SFR", 47.2312, 5.9928, 0.6, 90.0, "evening",
        ("rue de Dole", "parking derrière l'église Saint-Ferjeux"),
        (("l'", "église Saint-Ferjeux"), ("le ", "parking de l'église Saint-Ferjeux")),
        ("Saint-Ferjeux",),
    ),
    DealPoint(
        "Gare Viotte", "CC", 47.2470, 6.0225, 0.7, 80.0, "afternoon",
        ("avenue de la Paix",),
        (("la ", "gare Viotte"), ("la ", "gare")),
        ("Viotte", "quartier de la gare"),
    ),
)  # fmt: skip
_POINT = {p.name: i for i, p in enumerate(DEAL_POINTS)}
_BACKGROUND = len(DEAL_POINTS)  # source code of background tips

#: Approximate district centres (as in geodata/quartiers.csv) and how people name them.
BACKGROUND_DISTRICTS: tuple[tuple[float, float, tuple[str, ...]], ...] = (
    (47.24235, 6.01969, ("Battant",)),
    (47.23961, 6.04292, ("Bregille",)),
    (47.23578, 6.01170, ("Butte", "la Butte")),
    (47.23480, 6.02767, ("centre-ville", "la Boucle")),
    (47.24937, 6.03106, ("Chaprais", "les Chaprais", "Cras")),
    (47.24961, 5.99903, ("Montrapon", "Montboucons")),
    (47.26302, 6.04064, ("Palente", "Saragosse")),
    (47.21889, 5.96420, ("Planoise", "Châteaufarine")),
    (47.26173, 6.01756, ("Saint-Claude", "Torcols")),
    (47.22989, 5.99277, ("Saint-Ferjeux", "Rosemont")),
    (47.23764, 5.97615, ("Tilleroyes",)),
    (47.24897, 6.04871, ("Clairs-Soleils", "la Vaîte")),
    (47.21969, 6.00476, ("Velotte",)),
)
UNRESOLVED_PLACES = (
    "chez moi", "en bas de chez moi", "en bas de la tour", "vers le city stade",
    "dans mon immeuble", "au parc", "à côté de l'arrêt de bus", "dans le quartier",
    "derrière le supermarché", "sur le parking",
)  # fmt: skip
LEAD_INS = ("", "près de", "devant", "derrière", "au pied de", "en face de", "à côté de")

LOCATION_KINDS = ("coordinates", "street", "landmark", "district", "unresolved")
_KIND = {name: i for i, name in enumerate(LOCATION_KINDS)}
DEAL_LOCATION_SHARES = (0.32, 0.36, 0.21, 0.04, 0.07)
BACKGROUND_LOCATION_SHARES = (0.75, 0.0, 0.0, 0.25, 0.0)
#: Case and accent variants of place texts: as written, lower, no accents, upper, both.
TEXT_VARIANT_SHARES = (0.70, 0.12, 0.10, 0.05, 0.03)
HOUSE_NUMBER_SHARE = 0.3
HOUSE_NUMBER_MAX = 80

CATEGORIES = ("deal_point", "delivery", "stash", "consumption", "other")
CATEGORIES_FR = ("point_de_deal", "livraison", "stockage", "consommation", "autre")
FRENCH_CATEGORY_SHARE = 0.2
DEAL_CATEGORY_SHARES = (0.62, 0.20, 0.10, 0.08, 0.0)
BACKGROUND_CATEGORY_SHARES = (0.0, 0.0, 0.0, 0.4, 0.6)
#: Relative chance of being found exploitable at triage, by category.
DEAL_TRIAGE_WEIGHTS = (3.0, 3.0, 3.0, 1.0, 1.0)
BACKGROUND_TRIAGE_WEIGHTS = (1.0, 1.0, 1.0, 0.5, 0.2)
UNRESOLVED_TRIAGE_FACTOR = 0.4

OBSERVED_SHARE = 0.4
#: Observed-window wordings for morning, afternoon, evening and night.
OBSERVED_WORDINGS = (
    ("matin", "8h-12h", "9h-12h"),
    ("après-midi", "14h-18h", "13:00-17:00"),
    ("soir", "18h-22h", "17:00-23:00", "19h-23h"),
    ("nuit", "22h-2h", "21h-1h", "23:00-03:00"),
)
#: Row of ``OBSERVED_WORDINGS`` for each hour of the day.
_HOUR_WORDING = np.array([3] * 6 + [0] * 6 + [1] * 5 + [2] * 5 + [3] * 2)

DESCRIPTION_CORES = (
    (  # deal_point
        "Point de deal actif, va-et-vient permanent",
        "Vente en bas de l'immeuble, plusieurs personnes postées",
        "Trafic dans la cage d'escalier, les clients défilent",
        "Deal dans le hall, allées et venues toute la soirée",
        "Des jeunes vendent au pied de l'immeuble",
        "Échanges de main à main, clients qui arrivent en voiture",
        "Va-et-vient de clients, certains repartent en voiture",
        "Transactions rapides près de l'arrêt de bus",
    ),
    (  # delivery
        "Livraisons en scooter, le livreur repart aussitôt",
        "Un scooter fait des allers-retours pour livrer",
        "Livreur en scooter qui passe plusieurs fois par soir",
        "Voiture qui s'arrête quelques minutes, livraison de petits paquets",
        "Livraison à pied, sachets remis dans le hall",
    ),
    (  # stash
        "Appartement qui servirait de nourrice, sacs montés le soir",
        "Stockage probable dans une cave, allées et venues",
        "Paquets déposés dans un garage puis récupérés",
        "Marchandise cachée dans le local poubelles",
    ),
    (  # consumption
        "Consommation dans le hall de l'immeuble",
        "Personnes qui consomment dans la cage d'escalier",
        "Consommation sur les bancs du square",
        "Seringues retrouvées près de l'aire de jeux",
    ),
    (  # other (nuisance)
        "Groupe bruyant en bas de l'immeuble",
        "Jeunes qui squattent le hall",
        "Rodéos en scooter le soir",
        "Musique forte et bruit tard le soir sur le parking",
        "Rassemblements nocturnes sur le parking",
        "Personnes qui traînent devant l'entrée",
    ),
)
SUBSTANCE_PHRASES = (
    "de cannabis", "de résine", "de shit", "d'herbe", "de cocaïne", "de coke",
    "d'héroïne", "de crack", "de kétamine", "d'ecstasy",
)  # fmt: skip
SUBSTANCE_WEIGHTS = (0.25, 0.15, 0.15, 0.12, 0.12, 0.08, 0.04, 0.03, 0.03, 0.03)
#: Sentences around the substance phrase, for trafficking and for consumption tips.
SUBSTANCE_FRAMES = (
    ("Vente {}.", "Il s'agirait {}.", "Sachets {} vus.", "Trafic {} apparemment."),
    ("Consommation {}.", "Restes {} par terre.", "Odeur {} dans l'entrée."),
)
SUBSTANCE_MENTION_SHARES = (0.80, 0.75, 0.80, 0.60, 0.10)  # by category
LOOKOUT_SENTENCES = (
    "Présence de guetteurs.",
    "Des guetteurs surveillent l'entrée.",
    "Un chouf posté au coin de la rue.",
    "Guetteurs qui sifflent quand une voiture arrive.",
)
LOOKOUT_SHARES = (0.30, 0.05, 0.08, 0.03, 0.06)  # by category

#: (smallest, largest) seizure of an ordinary arrest, in grams.
HERB_RANGE_G = (3, 60)
COCAINE_RANGE_G = (1, 15)
HEROIN_RANGE_G = (1, 10)
#: Chance that an ordinary arrest seizes herb, cocaine, heroin.
SEIZURE_SHARES = (0.6, 0.4, 0.15)


@dataclass(frozen=True)
class _ArticleOperation:
    """An operation reported in the press, and the tip that led to it."""

    started_at: str
    deal_points: tuple[int, ...]  # deal points the linked tip may belong to
    location_point: int
    kind: str
    arrests: int
    seizures: str
    cash_eur: str
    tip_category: int
    tip_keyword: str
    tip_description: str
    tip_lead_days: int


ARTICLE_OPERATIONS = (
    _ArticleOperation(
        started_at="2025-07-29T18:00:00",
        deal_points=(
            _POINT["Battant"],
            _POINT["Centre – Révolution"],
            _POINT["Centre – Chamars/Pasteur"],
        ),
        location_point=_POINT["Centre – Révolution"],
        kind="arrest",
        arrests=3,
        seizures="ketamine:5 g; cannabis_herb:24 g; cocaine:12 g",
        cash_eur="550",
        tip_category=CATEGORIES.index("delivery"),
        tip_keyword="scooter",
        tip_description=(
            "Livraisons en scooter près de la place, le vendeur remet des sachets aux clients "
            "qui attendent. Kétamine, herbe et coke proposées."
        ),
        tip_lead_days=12,
    ),
    _ArticleOperation(
        started_at="2025-10-28T06:30:00",
        deal_points=(_POINT["Saint-Ferjeux"],),
        location_point=_POINT["Saint-Ferjeux"],
        kind="search",
        arrests=1,
        seizures="cannabis_resin:950 g; packaging:1 pieces",
        cash_eur="",
        tip_category=CATEGORIES.index("stash"),
        tip_keyword="nourrice",
        tip_description=(
            "Appartement qui servirait de nourrice, gros sacs montés le soir. "
            "Odeur de résine dans la cage d'escalier."
        ),
        tip_lead_days=14,
    ),
)


def _demo_bounds() -> tuple[float, float, float, float]:
    lat_min, lon_min, lat_max, lon_max = CITY_BOUNDS_DEG
    for p in DEAL_POINTS:
        dlat = SCATTER_CUTOFF_SIGMAS * p.sigma_m / METRES_PER_DEGREE_LAT
        dlon = SCATTER_CUTOFF_SIGMAS * p.sigma_m / METRES_PER_DEGREE_LON
        lat_min, lat_max = min(lat_min, p.lat - dlat), max(lat_max, p.lat + dlat)
        lon_min, lon_max = min(lon_min, p.lon - dlon), max(lon_max, p.lon + dlon)
    return (lat_min, lon_min, lat_max, lon_max)


#: (lat_min, lon_min, lat_max, lon_max) holding every generated coordinate: the city
#: box plus the cut-off scatter of the deal points (two Planoise ones lie west of it).
DEMO_BOUNDS_DEG = _demo_bounds()

_MINUTE = np.timedelta64(1, "m")
_DAY = np.timedelta64(1, "D")
_PERIOD_LAST_MINUTE = np.datetime64(DEMO_PERIOD_END, "m") + _DAY - _MINUTE
_DST_GAP = (np.datetime64("2025-03-30T02:00", "m"), np.datetime64("2025-03-30T03:00", "m"))
_HOUSE_NUMBER = re.compile(r"^\s*\d+\s*(?:bis|ter)?\s*,?\s*")


# --------------------------------------------------------------------------- helpers


def _with_lead_in(lead: str, article: str, noun: str) -> str:
    if not lead:
        return noun
    text = f"{lead} {article}{noun}"
    return re.sub(r"\bde les ", "des ", re.sub(r"\bde le ", "du ", text))


def _landmark_texts(point: DealPoint) -> list[str]:
    return [_with_lead_in(lead, a, n) for a, n in point.landmarks for lead in LEAD_INS]


def _exact_labels(rng: np.random.Generator, n: int, shares: Sequence[float]) -> np.ndarray:
    """Labels ``0..k-1`` in shuffled order, counts as close to ``shares * n`` as possible."""
    p = np.asarray(shares, dtype=float)
    raw = p / p.sum() * n
    counts = np.floor(raw).astype(np.int64)
    short = n - int(counts.sum())
    counts[np.argsort(counts - raw, kind="stable")[:short]] += 1
    return rng.permutation(np.repeat(np.arange(len(p)), counts))


def _cut_normal(rng: np.random.Generator, n: int) -> np.ndarray:
    """Standard normal draws, redrawn beyond ``SCATTER_CUTOFF_SIGMAS``."""
    z = rng.standard_normal(n)
    bad = np.abs(z) > SCATTER_CUTOFF_SIGMAS
    while bad.any():
        z[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(z) > SCATTER_CUTOFF_SIGMAS
    return z


def _distance_m(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    return np.hypot((lat - lat0) * METRES_PER_DEGREE_LAT, (lon - lon0) * METRES_PER_DEGREE_LON)


def _format_deg(values: np.ndarray) -> np.ndarray:
    return np.array([f"{v:.6f}" for v in values.tolist()], dtype=object)


def _join(columns: Sequence[np.ndarray], sep: str) -> np.ndarray:
    """Element-wise join of object arrays of strings, skipping empty ones."""
    out = columns[0]
    for col in columns[1:]:
        out = np.where(out == "", col, np.where(col == "", out, out + sep + col))
    return out


@dataclass(frozen=True)
class _Pool:
    """Groups of texts (each with its variants) to draw from, one group per row."""

    texts: np.ndarray  # object, (n_texts, n_variants)
    offsets: np.ndarray
    counts: np.ndarray

    def index(self, rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
        """Row of ``texts`` drawn uniformly within each row's group."""
        return self.offsets[group] + (rng.random(len(group)) * self.counts[group]).astype(np.int64)

    def pick(self, rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
        """A text drawn within each row's group, in a random case/accent variant."""
        idx = self.index(rng, group)
        if self.texts.shape[1] == 1:
            return self.texts[idx, 0]
        variant = rng.choice(len(TEXT_VARIANT_SHARES), size=len(group), p=TEXT_VARIANT_SHARES)
        return self.texts[idx, variant]


def _pool(groups: Sequence[Sequence[str]], variants: bool = False) -> _Pool:
    flat = [t for g in groups for t in g]
    rows: list[tuple[str, ...]]
    if variants:
        rows = [(t, t.lower(), strip_accents(t), t.upper(), strip_accents(t.lower())) for t in flat]
    else:
        rows = [(t,) for t in flat]
    counts = np.array([len(g) for g in groups], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    texts = np.empty((len(rows), len(rows[0])), dtype=object)
    texts[:] = rows
    return _Pool(texts, offsets, counts)


@cache
def _place_pools() -> dict[str, _Pool]:
    return {
        "street": _pool([p.streets for p in DEAL_POINTS], variants=True),
        "landmark": _pool([_landmark_texts(p) for p in DEAL_POINTS], variants=True),
        "district": _pool([p.district_names for p in DEAL_POINTS], variants=True),
        "background_district": _pool([d[2] for d in BACKGROUND_DISTRICTS], variants=True),
        "unresolved": _pool([UNRESOLVED_PLACES], variants=True),
        "operation": _pool([p.streets + tuple(n for _, n in p.landmarks) for p in DEAL_POINTS]),
    }


@cache
def _text_pools() -> dict[str, _Pool]:
    return {
        "core": _pool(DESCRIPTION_CORES),
        "frame": _pool(SUBSTANCE_FRAMES),
        "observed": _pool(OBSERVED_WORDINGS),
    }


@cache
def _place_lookup() -> dict[str, int]:
    """Folded street or landmark text → deal point index (-1 when it names several)."""
    lookup: dict[str, int] = {}
    for i, p in enumerate(DEAL_POINTS):
        for text in (*p.streets, *_landmark_texts(p)):
            key = _HOUSE_NUMBER.sub("", fold(text).strip())
            lookup[key] = i if lookup.get(key, i) == i else -1
    return lookup


# ------------------------------------------------------------------------------ tips


def _draw_times(rng: np.random.Generator, source: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(observed, received) local times, minute resolution; days stratified over the period."""
    n = len(source)
    days = np.arange(
        np.datetime64(DEMO_PERIOD_START),
        np.datetime64(DEMO_PERIOD_END) + _DAY,
        dtype="datetime64[D]",
    )
    weekday = (days.astype(np.int64) + 3) % 7
    month = days.astype("datetime64[M]").astype(np.int64) % 12
    weight = np.asarray(MONTH_FACTORS)[month] * np.asarray(WEEKDAY_FACTORS)[weekday]
    cdf = np.cumsum(weight) / weight.sum()
    u = (np.arange(n) + rng.random(n)) / max(n, 1)
    day = days[np.minimum(np.searchsorted(cdf, u, side="right"), len(days) - 1)]

    profile_names = [p.profile for p in DEAL_POINTS] + ["nuisance"]
    profiles = np.array([HOUR_PROFILES[name] for name in profile_names], dtype=float)
    hour_cdf = np.cumsum(profiles, axis=1) / profiles.sum(axis=1, keepdims=True)
    hour_cdf[:, -1] = 1.0
    shifted = (hour_cdf + np.arange(len(profiles))[:, None]).ravel()
    hour = np.searchsorted(shifted, source + rng.random(n), side="right") - 24 * source
    hour = np.minimum(hour, 23)
    minute = rng.integers(0, 60, n)
    observed = day.astype("datetime64[m]") + (hour * 60 + minute) * _MINUTE

    delayed = rng.random(n) < RECEIPT_DELAY_SHARE
    delay = rng.integers(0, RECEIPT_DELAY_MAX_MIN + 1, n) * delayed
    received = observed + delay * _MINUTE
    received = np.where(received > _PERIOD_LAST_MINUTE, observed, received)
    in_gap = (received >= _DST_GAP[0]) & (received < _DST_GAP[1])
    received = np.where(in_gap, received + 60 * _MINUTE, received)
    return observed, received


def _plant_article_tips(received: np.ndarray, source: np.ndarray) -> np.ndarray:
    """Pick (and if needed re-date) the tip behind each press-article operation."""
    anchors = []
    taken = np.zeros(len(received), dtype=bool)
    for op in ARTICLE_OPERATIONS:
        start = np.datetime64(op.started_at, "m")
        target = start - op.tip_lead_days * _DAY
        gap = np.abs((received - target).astype(np.int64)).astype(float)
        gap[taken] = np.inf
        i = int(np.argmin(gap))
        in_window = (
            start - OPERATION_LINK_MAX_DAYS * _DAY
            <= received[i]
            <= start - (OPERATION_LINK_MIN_DAYS * _DAY)
        )
        if not in_window:
            received[i] = target
        source[i] = op.location_point
        taken[i] = True
        anchors.append(i)
    return np.array(anchors, dtype=np.int64)


def _draw_points(rng: np.random.Generator, source: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each tip happened: around its deal point, or anywhere in the inner city."""
    n = len(source)
    lat = np.empty(n)
    lon = np.empty(n)
    deal = source < _BACKGROUND
    centres = np.array([(p.lat, p.lon, p.sigma_m) for p in DEAL_POINTS])
    c = centres[source[deal]]
    lat[deal] = c[:, 0] + _cut_normal(rng, len(c)) * c[:, 2] / METRES_PER_DEGREE_LAT
    lon[deal] = c[:, 1] + _cut_normal(rng, len(c)) * c[:, 2] / METRES_PER_DEGREE_LON
    lat[~deal], lon[~deal] = _background_points(rng, int((~deal).sum()))
    return lat, lon


def _commune() -> shapely.Geometry:
    return commune_outline(Settings().geodata_dir)


def _background_points(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    lat_min, lon_min, lat_max, lon_max = CITY_BOUNDS_DEG
    lats, lons, have = [np.zeros(0)], [np.zeros(0)], 0
    while have < n:
        k = 2 * (n - have) + 16
        lat = rng.uniform(lat_min, lat_max, k)
        lon = rng.uniform(lon_min, lon_max, k)
        keep = (
            _distance_m(lat, lon, *CITY_CENTRE_DEG) <= BACKGROUND_RADIUS_M
        ) & shapely.contains_xy(_commune(), lon, lat)
        lats.append(lat[keep])
        lons.append(lon[keep])
        have += int(keep.sum())
    return np.concatenate(lats)[:n], np.concatenate(lons)[:n]


def _nearest_background_district(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    best = np.zeros(len(lat), dtype=np.int64)
    best_d = np.full(len(lat), np.inf)
    for i, (dlat, dlon, _) in enumerate(BACKGROUND_DISTRICTS):
        d = _distance_m(lat, lon, dlat, dlon)
        closer = d < best_d
        best[closer] = i
        best_d[closer] = d[closer]
    return best


def _place_texts(
    rng: np.random.Generator, kind: np.ndarray, source: np.ndarray, lat: np.ndarray, lon: np.ndarray
) -> np.ndarray:
    """The location text of each tip ("" for tips located by coordinates)."""
    pools = _place_pools()
    text = np.full(len(kind), "", dtype=object)
    deal = source < _BACKGROUND
    for name in ("street", "landmark", "district"):
        rows = np.flatnonzero((kind == _KIND[name]) & deal)
        text[rows] = pools[name].pick(rng, source[rows])
    rows = np.flatnonzero((kind == _KIND["district"]) & ~deal)
    text[rows] = pools["background_district"].pick(
        rng, _nearest_background_district(lat[rows], lon[rows])
    )
    rows = np.flatnonzero(kind == _KIND["unresolved"])
    text[rows] = pools["unresolved"].pick(rng, np.zeros(len(rows), dtype=np.int64))

    streets = np.flatnonzero(kind == _KIND["street"])
    numbered = streets[
        (rng.random(len(streets)) < HOUSE_NUMBER_SHARE)
        & ~pd.Series(text[streets], dtype=object).str.match(r"\d").to_numpy(dtype=bool)
    ]
    numbers = rng.integers(1, HOUSE_NUMBER_MAX + 1, len(numbered)).astype(str).astype(object)
    text[numbered] = numbers + " " + text[numbered]
    return text


def _descriptions(rng: np.random.Generator, category: np.ndarray) -> np.ndarray:
    """French free text from templates: what was seen, the substance, lookouts.

    Each row draws small indices (core text, substance sentence, lookout sentence);
    the strings are built once per distinct combination.
    """
    n = len(category)
    pools = _text_pools()
    core = pools["core"].index(rng, category)
    consumption = (category >= CATEGORIES.index("consumption")).astype(np.int64)
    frame = pools["frame"].index(rng, consumption)
    substance = rng.choice(
        len(SUBSTANCE_PHRASES), size=n, p=np.asarray(SUBSTANCE_WEIGHTS) / sum(SUBSTANCE_WEIGHTS)
    )
    mentions = rng.random(n) < np.asarray(SUBSTANCE_MENTION_SHARES)[category]
    sentence = np.where(mentions, 1 + frame * len(SUBSTANCE_PHRASES) + substance, 0)
    lookout = np.where(
        rng.random(n) < np.asarray(LOOKOUT_SHARES)[category],
        1 + rng.integers(0, len(LOOKOUT_SENTENCES), n),
        0,
    )
    n_sentences = 1 + len(pools["frame"].texts) * len(SUBSTANCE_PHRASES)
    n_lookouts = 1 + len(LOOKOUT_SENTENCES)
    distinct, inverse = np.unique(
        (core * n_sentences + sentence) * n_lookouts + lookout, return_inverse=True
    )
    texts = []
    for code in distinct.tolist():
        rest, look = divmod(code, n_lookouts)
        c, sent = divmod(rest, n_sentences)
        parts = [pools["core"].texts[c, 0] + "."]
        if sent:
            f, sub = divmod(sent - 1, len(SUBSTANCE_PHRASES))
            parts.append(pools["frame"].texts[f, 0].format(SUBSTANCE_PHRASES[sub]))
        if look:
            parts.append(LOOKOUT_SENTENCES[look - 1])
        texts.append(" ".join(parts))
    return np.array(texts, dtype=object)[inverse]


def _triage(
    rng: np.random.Generator,
    weight: np.ndarray,
    anchors: np.ndarray,
    n_pending: int,
    n_exploitable: int,
) -> np.ndarray:
    """``exploitable`` values for tips in time order: the latest pending, then a weighted draw."""
    n = len(weight)
    out = np.full(n, "non", dtype=object)
    is_anchor = np.zeros(n, dtype=bool)
    is_anchor[anchors] = True
    pending = np.flatnonzero(~is_anchor)[n - len(anchors) - n_pending :]
    out[pending] = ""
    with np.errstate(divide="ignore"):
        key = np.log(rng.random(n)) / weight  # weighted sampling without replacement
    key[anchors] = np.inf
    key[pending] = -np.inf
    if n_exploitable:
        out[np.argpartition(-key, n_exploitable - 1)[:n_exploitable]] = "oui"
    return out


def _counts(n_tips: int) -> tuple[int, int]:
    """(pending, exploitable) tip counts for ``n_tips`` tips."""
    n_pending = int(n_tips * PENDING_SHARE + 0.5)
    return n_pending, int((n_tips - n_pending) * EXPLOITABLE_SHARE + 0.5)


def demo_tips(n_tips: int = DEMO_TIPS_DEFAULT, seed: int = 2025) -> pd.DataFrame:
    """Fictitious tips, in the input CSV format.

    Parameters
    ----------
    n_tips
        Number of tips (186 reproduces the calibrated demo).
    seed
        Seed of ``numpy.random.default_rng``; the same seed gives the same tips.

    Returns
    -------
    pandas.DataFrame
        Columns ``TIP_COLUMNS``, one tip per row in time order, every value a string
        (``""`` when missing).
    """
    if n_tips < 0:
        raise ValueError(f"n_tips must be >= 0, not {n_tips}")
    rng = np.random.default_rng(seed)
    n_pending, n_exploitable = _counts(n_tips)
    total_weight = sum(p.weight for p in DEAL_POINTS)
    shares = [DEAL_POINT_SHARE * p.weight / total_weight for p in DEAL_POINTS]
    shares.append(1 - DEAL_POINT_SHARE)
    source = _exact_labels(rng, n_tips, shares)
    observed, received = _draw_times(rng, source)
    plant = n_exploitable >= len(ARTICLE_OPERATIONS)
    anchors = _plant_article_tips(received, source) if plant else np.zeros(0, dtype=np.int64)

    deal = source < _BACKGROUND
    kind = np.empty(n_tips, dtype=np.int64)
    category = np.empty(n_tips, dtype=np.int64)
    kind[deal] = _exact_labels(rng, int(deal.sum()), DEAL_LOCATION_SHARES)
    kind[~deal] = _exact_labels(rng, int((~deal).sum()), BACKGROUND_LOCATION_SHARES)
    category[deal] = _exact_labels(rng, int(deal.sum()), DEAL_CATEGORY_SHARES)
    category[~deal] = _exact_labels(rng, int((~deal).sum()), BACKGROUND_CATEGORY_SHARES)
    kind[anchors] = _KIND["coordinates"]
    category[anchors] = [op.tip_category for op in ARTICLE_OPERATIONS[: len(anchors)]]

    lat, lon = _draw_points(rng, source)
    location = _place_texts(rng, kind, source, lat, lon)
    located = kind == _KIND["coordinates"]
    lat_text = np.full(n_tips, "", dtype=object)
    lon_text = np.full(n_tips, "", dtype=object)
    lat_text[located] = _format_deg(lat[located])
    lon_text[located] = _format_deg(lon[located])

    french = rng.random(n_tips) < FRENCH_CATEGORY_SHARE
    category_text = np.array([CATEGORIES, CATEGORIES_FR], dtype=object)[
        french.astype(int), category
    ]
    description = _descriptions(rng, category)
    description[anchors] = [op.tip_description for op in ARTICLE_OPERATIONS[: len(anchors)]]
    hour = (observed - observed.astype("datetime64[D]")).astype(np.int64) // 60
    observed_text = np.where(
        rng.random(n_tips) < OBSERVED_SHARE,
        _text_pools()["observed"].pick(rng, _HOUR_WORDING[hour]),
        "",
    )

    triage_weight = np.where(
        deal,
        np.asarray(DEAL_TRIAGE_WEIGHTS)[category],
        np.asarray(BACKGROUND_TRIAGE_WEIGHTS)[category],
    ) * np.where(kind == _KIND["unresolved"], UNRESOLVED_TRIAGE_FACTOR, 1.0)
    order = np.argsort(received, kind="stable")
    rank = np.empty(n_tips, dtype=np.int64)
    rank[order] = np.arange(n_tips)
    exploitable = _triage(
        rng, triage_weight[order], np.sort(rank[anchors]), n_pending, n_exploitable
    )

    width = max(6, len(str(n_tips)))
    columns = {
        "tip_id": np.array([f"DEMO-T{i:0{width}d}" for i in range(1, n_tips + 1)], dtype=object),
        "received_at": np.datetime_as_string(received[order].astype("datetime64[s]")),
        "location": location[order],
        "lat": lat_text[order],
        "lon": lon_text[order],
        "category": category_text[order],
        "observed": observed_text[order],
        "description": description[order],
        "exploitable": exploitable,
    }
    return pd.DataFrame({c: pd.Series(columns[c], dtype=str) for c in TIP_COLUMNS})


# ------------------------------------------------------------------------ operations


def _tip_deal_points(tips: pd.DataFrame) -> np.ndarray:
    """Deal point index of each tip from its coordinates or place text; -1 if none."""
    n = len(tips)
    lat = pd.to_numeric(tips["lat"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(tips["lon"], errors="coerce").to_numpy(dtype=float)
    point = np.full(n, -1, dtype=np.int64)
    best = np.full(n, DEAL_POINT_MATCH_RADIUS_M)
    for i, p in enumerate(DEAL_POINTS):
        d = _distance_m(lat, lon, p.lat, p.lon)
        closer = d < best
        point[closer] = i
        best[closer] = d[closer]

    texts = tips["location"].to_numpy(dtype=object)
    rows = np.flatnonzero(np.isnan(lat) & (texts != ""))
    codes, uniques = pd.factorize(texts[rows])
    lookup = _place_lookup()
    mapped = np.array(
        [lookup.get(_HOUSE_NUMBER.sub("", fold(str(u)).strip()), -1) for u in uniques],
        dtype=np.int64,
    )
    point[rows] = mapped[codes] if len(uniques) else -1
    return point


def _article_rows(
    tips: pd.DataFrame, received: np.ndarray, exploitable: np.ndarray, point: np.ndarray
) -> list[tuple[_ArticleOperation, int]]:
    """(operation, tip row) for each press-article operation that has a tip to link."""
    rows = []
    taken = np.zeros(len(tips), dtype=bool)
    for op in ARTICLE_OPERATIONS:
        start = np.datetime64(op.started_at, "m")
        window = np.flatnonzero(
            exploitable
            & ~taken
            & (received >= start - OPERATION_LINK_MAX_DAYS * _DAY)
            & (received <= start - OPERATION_LINK_MIN_DAYS * _DAY)
        )
        if not len(window):
            continue
        category = tips["category"].to_numpy(dtype=object)[window]
        wanted = (CATEGORIES[op.tip_category], CATEGORIES_FR[op.tip_category])
        keyword = (
            tips["description"].iloc[window].str.contains(op.tip_keyword, case=False, regex=False)
        )
        score = (
            4 * np.isin(point[window], op.deal_points)
            + 2 * np.isin(category, wanted)
            + 2 * keyword.to_numpy(dtype=bool)
        )
        best = window[np.lexsort((received[window], score))[-1]]
        taken[best] = True
        rows.append((op, int(best)))
    return rows


def _ordinary_operations(
    rng: np.random.Generator,
    n_ops: int,
    received: np.ndarray,
    candidates: np.ndarray,
    point: np.ndarray,
    tip_ids: np.ndarray,
) -> dict[str, np.ndarray]:
    """Surveillance and arrest operations, each led by 1–3 exploitable tips of one deal point."""
    last_day = np.datetime64(DEMO_PERIOD_END, "D")
    day = received.astype("datetime64[D]")
    first = candidates[day[candidates] <= last_day - OPERATION_DELAY_DAYS[0] * _DAY]
    m = min(n_ops, len(first))
    seeds = rng.choice(first, size=m, replace=False)

    delay = rng.integers(OPERATION_DELAY_DAYS[0], OPERATION_DELAY_DAYS[1] + 1, m)
    start_day = np.minimum(day[seeds] + delay * _DAY, last_day)
    start = start_day.astype("datetime64[m]") + rng.choice(OPERATION_START_TIMES_MIN, m) * _MINUTE
    # Leave the press-article start times to the press-article operations.
    article_starts = np.array([op.started_at for op in ARTICLE_OPERATIONS], dtype="datetime64[m]")
    start = np.where(np.isin(start, article_starts), start + 30 * _MINUTE, start)

    # Neighbours of the first tip among the same deal point's exploitable tips, in time order.
    pool = candidates[np.lexsort((received[candidates], point[candidates]))]
    position = np.full(len(received), -1, dtype=np.int64)
    position[pool] = np.arange(len(pool))
    extra_wanted = rng.choice(len(OPERATION_EXTRA_TIP_SHARES), size=m, p=OPERATION_EXTRA_TIP_SHARES)
    offsets = np.array([-1, 1, -2])
    q = position[seeds][:, None] + offsets
    inside = (q >= 0) & (q < len(pool))
    other = pool[np.clip(q, 0, max(len(pool) - 1, 0))]
    gap = start[:, None] - received[other]
    valid = (
        inside
        & (point[other] == point[seeds][:, None])
        & (gap >= OPERATION_LINK_MIN_DAYS * _DAY)
        & (gap <= OPERATION_LINK_MAX_DAYS * _DAY)
    )
    take = valid & (np.cumsum(valid, axis=1) <= extra_wanted[:, None])
    linked = [np.where(take[:, j], tip_ids[other[:, j]], "") for j in (2, 0)]
    linked += [tip_ids[seeds], np.where(take[:, 1], tip_ids[other[:, 1]], "")]

    arrest = rng.random(m) < OPERATION_ARREST_SHARE
    arrests = np.where(arrest, rng.choice([1, 2, 3], size=m, p=[0.5, 0.3, 0.2]), 0)
    items = []
    for name, (low, high), share in zip(
        ("cannabis_herb", "cocaine", "heroin"),
        (HERB_RANGE_G, COCAINE_RANGE_G, HEROIN_RANGE_G),
        SEIZURE_SHARES,
        strict=True,
    ):
        grams = rng.integers(low, high + 1, m).astype(str).astype(object)
        items.append(np.where(arrest & (rng.random(m) < share), name + ":" + grams + " g", ""))
    cash = (rng.integers(0, OPERATION_CASH_MAX_EUR // 10 + 1, m) * 10).astype(str).astype(object)
    cash = np.where(arrest & (rng.random(m) < OPERATION_CASH_SHARE), cash, "")

    at_point = point[seeds]
    as_text = rng.random(m) < OPERATION_TEXT_SHARE
    centres = np.array([(p.lat, p.lon) for p in DEAL_POINTS])[at_point]
    lat = centres[:, 0] + _cut_normal(rng, m) * OPERATION_JITTER_M / METRES_PER_DEGREE_LAT
    lon = centres[:, 1] + _cut_normal(rng, m) * OPERATION_JITTER_M / METRES_PER_DEGREE_LON
    return {
        "started_at": start,
        "location": np.where(as_text, _place_pools()["operation"].pick(rng, at_point), ""),
        "lat": np.where(as_text, "", _format_deg(lat)),
        "lon": np.where(as_text, "", _format_deg(lon)),
        "kind": np.where(arrest, "arrest", "surveillance").astype(object),
        "tip_ids": _join(linked, ";"),
        "arrests": arrests.astype(str).astype(object),
        "seizures": _join(items, "; "),
        "cash_eur": cash,
    }


def demo_operations(tips: pd.DataFrame, seed: int = 2025) -> pd.DataFrame:
    """Fictitious operations that follow up exploitable ``tips``.

    About 13 operations per 186 tips, each linked to 1–3 exploitable tips of one
    deal point received 3 to 40 days before it; two of them reproduce operations
    reported in the local press (end of July 2025, city centre; end of October
    2025, Saint-Ferjeux) when the tips allow it.

    Parameters
    ----------
    tips
        Tips as returned by :func:`demo_tips`.
    seed
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    pandas.DataFrame
        Columns ``OPERATION_COLUMNS`` in time order, every value a string (``""`` when
        missing).
    """
    rng = np.random.default_rng(seed)
    received = (
        pd.to_datetime(tips["received_at"], format="ISO8601").to_numpy().astype("datetime64[m]")
    )
    exploitable = (tips["exploitable"] == "oui").to_numpy(dtype=bool)
    point = _tip_deal_points(tips)
    tip_ids = tips["tip_id"].to_numpy(dtype=object)

    articles = _article_rows(tips, received, exploitable, point)
    used = np.zeros(len(tips), dtype=bool)
    used[[row for _, row in articles]] = True
    n_total = max(int(DEMO_OPERATIONS_DEFAULT * len(tips) / DEMO_TIPS_DEFAULT + 0.5), len(articles))
    candidates = np.flatnonzero(exploitable & (point >= 0) & ~used)
    ordinary = _ordinary_operations(
        rng, n_total - len(articles), received, candidates, point, tip_ids
    )

    records = [
        {
            "started_at": np.datetime64(op.started_at, "m"),
            "location": "",
            "lat": f"{DEAL_POINTS[op.location_point].lat:.6f}",
            "lon": f"{DEAL_POINTS[op.location_point].lon:.6f}",
            "kind": op.kind,
            "tip_ids": tip_ids[row],
            "arrests": str(op.arrests),
            "seizures": op.seizures,
            "cash_eur": op.cash_eur,
        }
        for op, row in articles
    ]
    merged = {
        c: np.concatenate([np.array([r[c] for r in records], dtype=ordinary[c].dtype), ordinary[c]])
        for c in ordinary
    }
    order = np.argsort(merged["started_at"], kind="stable")
    n_ops = len(order)
    width = max(4, len(str(n_ops)))
    merged["operation_id"] = np.array(
        [f"DEMO-O{i:0{width}d}" for i in range(1, n_ops + 1)], dtype=object
    )
    merged["started_at"] = np.datetime_as_string(
        merged["started_at"][order].astype("datetime64[s]")
    )
    for c in ordinary:
        if c != "started_at":
            merged[c] = merged[c][order]
    return pd.DataFrame({c: pd.Series(merged[c], dtype=str) for c in OPERATION_COLUMNS})


# ----------------------------------------------------------------------------- files


def _readme_text(n_tips: int, seed: int, tips: pd.DataFrame, operations: pd.DataFrame) -> str:
    exploitable = tips["exploitable"]
    n_yes, n_no = int((exploitable == "oui").sum()), int((exploitable == "non").sum())
    n_pending = int((exploitable == "").sum())
    first, last = DEMO_PERIOD_START.isoformat(), DEMO_PERIOD_END.isoformat()
    return f"""DONNÉES ENTIÈREMENT FICTIVES — ENTIRELY FICTITIOUS DATA
=======================================================

FR
--
Ces fichiers sont synthétiques. Aucun signalement, aucune opération, aucune
personne réelle : tout est tiré au hasard (graine {seed}, {n_tips} signalements
demandés). Les identifiants commencent par DEMO-.

- tips.csv : {len(tips)} signalements reçus entre le {first} et le {last}
  ({n_yes} exploitables, {n_no} non exploitables, {n_pending} en attente de tri).
- operations.csv : {len(operations)} opérations liées à des signalements exploitables.

Calibrage : douze points de deal placés dans les quartiers prioritaires et le
centre-ville de Besançon (positions, intensités et horaires inventés) ; volume
par défaut de 186 signalements (environ 16 par mois), deux tiers des
signalements triés exploitables, environ 3 % en attente ; 13 opérations pour
186 signalements ; deux opérations reprennent les chiffres d'opérations
relatées par la presse locale en 2025 (fin juillet, centre-ville : 3
interpellations, 5 g de kétamine, 24 g d'herbe, 12 g de cocaïne, 550 € ; fin
octobre, Saint-Ferjeux : 1 interpellation, 950 g de résine de cannabis). Les
autres opérations sont inventées. Ne pas utiliser comme statistique réelle.

EN
--
These files are synthetic. No real tip, operation or person: everything is
drawn at random (seed {seed}, {n_tips} tips requested). Identifiers start with DEMO-.

- tips.csv: {len(tips)} tips received between {first} and {last}
  ({n_yes} exploitable, {n_no} not exploitable, {n_pending} pending triage).
- operations.csv: {len(operations)} operations linked to exploitable tips.

Calibration: twelve deal points in Besançon's priority neighbourhoods and city
centre (positions, intensities and hours made up); 186 tips by default (about
16 a month), two thirds of triaged tips exploitable, about 3 % pending; 13
operations per 186 tips; two operations copy the figures of operations reported
in the local press in 2025 (end of July, city centre: 3 arrests, 5 g ketamine,
24 g herb, 12 g cocaine, EUR 550; end of October, Saint-Ferjeux: 1 arrest,
950 g cannabis resin). The other operations are made up. Not real statistics.
"""


def write_demo_files(
    out_dir: Path, n_tips: int = DEMO_TIPS_DEFAULT, seed: int = 2025
) -> dict[str, Path]:
    """Write ``tips.csv``, ``operations.csv`` and ``LISEZMOI_DONNEES_FICTIVES.txt``.

    Parameters
    ----------
    out_dir
        Folder to write into (created if missing).
    n_tips, seed
        As for :func:`demo_tips`.

    Returns
    -------
    dict
        ``{"tips": path, "operations": path, "readme": path}``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tips = demo_tips(n_tips, seed)
    operations = demo_operations(tips, seed)
    paths = {
        "tips": out_dir / "tips.csv",
        "operations": out_dir / "operations.csv",
        "readme": out_dir / "LISEZMOI_DONNEES_FICTIVES.txt",
    }
    tips.to_csv(paths["tips"], index=False, encoding="utf-8", lineterminator="\n")
    operations.to_csv(paths["operations"], index=False, encoding="utf-8", lineterminator="\n")
    paths["readme"].write_text(_readme_text(n_tips, seed, tips, operations), encoding="utf-8")
    return paths
