"""Input columns, closed vocabularies and limits shared by reading, validation and the store."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CATEGORIES",
    "CATEGORY_ALIASES",
    "FIELD_LIMIT_CHARS",
    "KIND_ALIASES",
    "OPERATION_COLUMNS",
    "PRECISIONS",
    "STORED_H3_RESOLUTION",
    "SUBSTANCE_ALIASES",
    "TIP_COLUMNS",
    "missing_required",
    "Category",
    "OperationKind",
    "Precision",
    "RecordKind",
    "Role",
]


class RecordKind(StrEnum):
    """The two kinds of input file."""

    TIPS = "tips"
    OPERATIONS = "operations"


class Category(StrEnum):
    DEAL_POINT = "deal_point"
    DELIVERY = "delivery"
    STASH = "stash"
    CONSUMPTION = "consumption"
    OTHER = "other"


#: Category codes in a fixed order (array indexes in the in-memory tables).
CATEGORIES = tuple(c.value for c in Category)


class Precision(StrEnum):
    """How precisely a record was located, from best to worst."""

    POINT = "point"
    STREET = "street"
    PLACE = "place"
    DISTRICT = "district"
    COMMUNE = "commune"
    UNRESOLVED = "unresolved"


PRECISIONS = tuple(p.value for p in Precision)


class OperationKind(StrEnum):
    SURVEILLANCE = "surveillance"
    ARREST = "arrest"
    SEARCH = "search"


class Role(StrEnum):
    COMMANDER = "commandement"
    ANALYST = "analyste"
    PRESS = "presse"


#: Resolution of the H3 cell kept for each located record (~25 m edge).
STORED_H3_RESOLUTION = 11

#: Input columns, required ones first. ``location`` or ``lat``+``lon`` locate a record.
TIP_COLUMNS = (
    "tip_id",
    "received_at",
    "location",
    "lat",
    "lon",
    "category",
    "observed",
    "description",
    "exploitable",
)
OPERATION_COLUMNS = (
    "operation_id",
    "started_at",
    "location",
    "lat",
    "lon",
    "kind",
    "tip_ids",
    "arrests",
    "seizures",
    "cash_eur",
)
ID_COLUMN = {RecordKind.TIPS: "tip_id", RecordKind.OPERATIONS: "operation_id"}
#: An optional column holding the hour when the date column holds the date alone.
TIME_OF_DAY = {RecordKind.TIPS: "received_time", RecordKind.OPERATIONS: "started_time"}
TIME_COLUMN = {RecordKind.TIPS: "received_at", RecordKind.OPERATIONS: "started_at"}
COLUMNS = {RecordKind.TIPS: TIP_COLUMNS, RecordKind.OPERATIONS: OPERATION_COLUMNS}


def missing_required(present: set[str], kind: RecordKind) -> list[str]:
    """The required columns of a ``kind`` file not in ``present``: its id, its date,
    and ``location`` unless both ``lat`` and ``lon`` are there."""
    missing = [c for c in (ID_COLUMN[kind], TIME_COLUMN[kind]) if c not in present]
    if "location" not in present and not {"lat", "lon"} <= present:
        missing.append("location")
    return missing


#: Longest accepted value per column; longer values send the row to quarantine.
FIELD_LIMIT_CHARS = {
    "tip_id": 200,
    "operation_id": 200,
    "received_at": 64,
    "started_at": 64,
    "location": 500,
    "lat": 32,
    "lon": 32,
    "category": 64,
    "observed": 64,
    "description": 5000,
    "exploitable": 16,
    "kind": 64,
    "tip_ids": 20000,
    "arrests": 16,
    "seizures": 2000,
    "cash_eur": 32,
}
#: Limit for columns that are not part of the contract (kept only in the quarantine).
OTHER_FIELD_LIMIT_CHARS = 5000

#: Accepted spellings (after lower-casing, accent stripping, spaces/hyphens → ``_``).
CATEGORY_ALIASES = {
    "deal_point": Category.DEAL_POINT,
    "point_de_deal": Category.DEAL_POINT,
    "point_deal": Category.DEAL_POINT,
    "deal": Category.DEAL_POINT,
    "delivery": Category.DELIVERY,
    "livraison": Category.DELIVERY,
    "stash": Category.STASH,
    "stockage": Category.STASH,
    "nourrice": Category.STASH,
    "consumption": Category.CONSUMPTION,
    "consommation": Category.CONSUMPTION,
    "other": Category.OTHER,
    "autre": Category.OTHER,
}

KIND_ALIASES = {
    "surveillance": OperationKind.SURVEILLANCE,
    "arrest": OperationKind.ARREST,
    "interpellation": OperationKind.ARREST,
    "arrestation": OperationKind.ARREST,
    "search": OperationKind.SEARCH,
    "perquisition": OperationKind.SEARCH,
}

#: Canonical seizure names. Other names are kept as a lower-case ASCII slug.
SUBSTANCE_ALIASES = {
    "cannabis_resin": "cannabis_resin",
    "resine": "cannabis_resin",
    "resine_de_cannabis": "cannabis_resin",
    "haschich": "cannabis_resin",
    "hashish": "cannabis_resin",
    "hash": "cannabis_resin",
    "shit": "cannabis_resin",
    "cannabis_herb": "cannabis_herb",
    "herbe": "cannabis_herb",
    "herbe_de_cannabis": "cannabis_herb",
    "weed": "cannabis_herb",
    "beuh": "cannabis_herb",
    "marijuana": "cannabis_herb",
    "cannabis": "cannabis",
    "cocaine": "cocaine",
    "coke": "cocaine",
    "crack": "crack",
    "heroin": "heroin",
    "heroine": "heroin",
    "ketamine": "ketamine",
    "mdma": "mdma",
    "ecstasy": "mdma",
    "amphetamine": "amphetamine",
    "packaging": "packaging",
    "materiel_de_conditionnement": "packaging",
    "conditionnement": "packaging",
}

#: Units accepted in seizures, with the factor to the stored unit (grams or pieces).
SEIZURE_UNITS = {
    "g": ("g", 1.0),
    "gr": ("g", 1.0),
    "gramme": ("g", 1.0),
    "grammes": ("g", 1.0),
    "kg": ("g", 1000.0),
    "kilo": ("g", 1000.0),
    "kilos": ("g", 1000.0),
    "pieces": ("pieces", 1.0),
    "piece": ("pieces", 1.0),
    "pcs": ("pieces", 1.0),
    "pc": ("pieces", 1.0),
    "unites": ("pieces", 1.0),
    "unite": ("pieces", 1.0),
}

TRUE_WORDS = frozenset({"oui", "o", "true", "vrai", "yes", "y", "1"})
FALSE_WORDS = frozenset({"non", "n", "false", "faux", "no", "0"})

#: Named parts of the day and the hours they cover (start inclusive, end exclusive, 24 wraps).
OBSERVED_NAMED_HOURS = {
    "matin": (6, 12),
    "morning": (6, 12),
    "midi": (12, 14),
    "apres_midi": (12, 18),
    "afternoon": (12, 18),
    "fin_d_apres_midi": (16, 19),
    "soir": (18, 24),
    "soiree": (18, 24),
    "evening": (18, 24),
    "nuit": (22, 6),
    "night": (22, 6),
    "journee": (8, 18),
}
