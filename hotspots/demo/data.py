"""The fixed tables of the demo: period and volumes, shares, hour profiles, the deal
points (twelve in Besançon, seven elsewhere in the Doubs) and how people name them,
background districts, place and description texts, seizure sizes, and the two
operations copied from the local press in 2025."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

__all__ = [
    "ARTICLE_OPERATIONS",
    "ArticleOperation",
    "BACKGROUND_CATEGORY_SHARES",
    "BACKGROUND_DISTRICTS",
    "BACKGROUND_LOCATION_SHARES",
    "BACKGROUND_RADIUS_M",
    "BACKGROUND_SOURCE",
    "BACKGROUND_TRIAGE_WEIGHTS",
    "CATEGORIES",
    "CATEGORIES_FR",
    "CITY_BOUNDS_DEG",
    "CITY_CENTRE_DEG",
    "COCAINE_RANGE_G",
    "DEAL_CATEGORY_SHARES",
    "DEAL_LOCATION_SHARES",
    "DEAL_POINTS",
    "DEAL_POINT_MATCH_RADIUS_M",
    "DEAL_POINT_SHARE",
    "DEAL_TRIAGE_WEIGHTS",
    "DEMO_BOUNDS_DEG",
    "DEMO_OPERATIONS_DEFAULT",
    "DEMO_PERIOD_END",
    "DEMO_PERIOD_START",
    "DEMO_TIPS_DEFAULT",
    "DESCRIPTION_CORES",
    "DealPoint",
    "EXPLOITABLE_SHARE",
    "FRENCH_CATEGORY_SHARE",
    "HERB_RANGE_G",
    "HEROIN_RANGE_G",
    "HOUR_PROFILES",
    "HOUR_WORDING",
    "HOUSE_NUMBER_MAX",
    "HOUSE_NUMBER_SHARE",
    "LEAD_INS",
    "LOCATION_KINDS",
    "LOOKOUT_SENTENCES",
    "LOOKOUT_SHARES",
    "METRES_PER_DEGREE_LAT",
    "METRES_PER_DEGREE_LON",
    "MONTH_FACTORS",
    "OBSERVED_SHARE",
    "OBSERVED_WORDINGS",
    "OPERATION_ARREST_SHARE",
    "OPERATION_CASH_MAX_EUR",
    "OPERATION_CASH_SHARE",
    "OPERATION_DELAY_DAYS",
    "OPERATION_EXTRA_TIP_SHARES",
    "OPERATION_JITTER_M",
    "OPERATION_LINK_MAX_DAYS",
    "OPERATION_LINK_MIN_DAYS",
    "OPERATION_START_TIMES_MIN",
    "OPERATION_TEXT_SHARE",
    "PENDING_SHARE",
    "RECEIPT_DELAY_MAX_MIN",
    "RECEIPT_DELAY_SHARE",
    "SCATTER_CUTOFF_SIGMAS",
    "SEIZURE_SHARES",
    "SUBSTANCE_FRAMES",
    "SUBSTANCE_MENTION_SHARES",
    "SUBSTANCE_PHRASES",
    "SUBSTANCE_WEIGHTS",
    "TEXT_VARIANT_SHARES",
    "UNRESOLVED_PLACES",
    "UNRESOLVED_TRIAGE_FACTOR",
    "WEEKDAY_FACTORS",
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
    # Elsewhere in the Doubs (no quartier: the commune is the finest area); the places
    # are named with their commune, as tips from outside Besançon are.
    DealPoint(
        "Montbéliard – Petite-Hollande", "", 47.4985, 6.8100, 1.6, 100.0, "evening",
        ("Petite-Hollande, Montbéliard", "quartier de la Petite-Hollande à Montbéliard"),
        (("le ", "centre commercial de la Petite-Hollande à Montbéliard"),
         ("les ", "immeubles de la Petite-Hollande, Montbéliard")),
        ("Montbéliard", "la Petite-Hollande à Montbéliard"),
    ),
    DealPoint(
        "Audincourt – Champs-Montants", "", 47.4810, 6.8420, 1.0, 80.0, "night",
        ("les Champs-Montants, Audincourt",),
        (("le ", "parking des Champs-Montants à Audincourt"),),
        ("Audincourt", "les Champs-Montants à Audincourt"),
    ),
    DealPoint(
        "Valentigney – Les Buis", "", 47.4610, 6.8330, 0.8, 90.0, "evening",
        ("quartier des Buis, Valentigney",),
        (("les ", "tours des Buis à Valentigney"),),
        ("Valentigney", "les Buis à Valentigney"),
    ),
    DealPoint(
        "Bethoncourt – Champvallon", "", 47.5370, 6.8000, 0.7, 90.0, "night",
        ("Champvallon, Bethoncourt",),
        (("le ", "city stade de Champvallon à Bethoncourt"),),
        ("Bethoncourt", "Champvallon à Bethoncourt"),
    ),
    DealPoint(
        "Pontarlier – centre", "", 46.9040, 6.3560, 0.9, 100.0, "afternoon",
        ("centre-ville de Pontarlier", "Grande Rue, Pontarlier"),
        (("la ", "gare de Pontarlier"), ("le ", "parking de la gare à Pontarlier")),
        ("Pontarlier",),
    ),
    DealPoint(
        "Morteau – centre", "", 47.0580, 6.6060, 0.3, 90.0, "evening",
        ("centre de Morteau",),
        (("la ", "gare de Morteau"),),
        ("Morteau",),
    ),
    DealPoint(
        "Baume-les-Dames – centre", "", 47.3530, 6.3600, 0.3, 90.0, "evening",
        ("centre de Baume-les-Dames",),
        (("la ", "place de la République à Baume-les-Dames"),),
        ("Baume-les-Dames",),
    ),
)  # fmt: skip
_POINT = {p.name: i for i, p in enumerate(DEAL_POINTS)}
BACKGROUND_SOURCE = len(DEAL_POINTS)  # source code of background tips

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
HOUR_WORDING = np.array([3] * 6 + [0] * 6 + [1] * 5 + [2] * 5 + [3] * 2)

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
class ArticleOperation:
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
    ArticleOperation(
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
    ArticleOperation(
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
