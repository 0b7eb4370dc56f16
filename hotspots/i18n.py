"""Interface words in French (default) and English, and number formats."""

from __future__ import annotations

__all__ = ["MESSAGES", "format_int", "format_number", "format_percent", "translate"]

NARROW_NBSP = "\u202f"

MESSAGES: dict[str, dict[str, str]] = {
    "app_title": {
        "fr": "Hotspots — signalements de trafic de stupéfiants",
        "en": "Hotspots — drug-dealing tips",
    },
    "page_overview": {"fr": "Carte", "en": "Map"},
    "demo_banner": {
        "fr": "Données fictives : base de démonstration, aucun signalement réel.",
        "en": "Fictitious data: demo database, no real tips.",
    },
    "kpi_tips": {"fr": "Signalements", "en": "Tips"},
    "kpi_per_month": {"fr": "par mois", "en": "per month"},
    "kpi_exploitable": {"fr": "Exploitables", "en": "Exploitable"},
    "kpi_pending": {"fr": "À trier", "en": "Pending triage"},
    "kpi_operations": {"fr": "Opérations", "en": "Operations"},
    "kpi_arrests": {"fr": "Interpellations", "en": "Arrests"},
    "kpi_cash": {"fr": "Numéraire saisi", "en": "Cash seized"},
    "period_line": {"fr": "Période : du {start} au {end}", "en": "Period: {start} to {end}"},
    "empty_store": {
        "fr": "La base ne contient encore aucun signalement. Chargez un fichier avec "
        "`python -m hotspots ingest`.",
        "en": "The database holds no tips yet. Load a file with `python -m hotspots ingest`.",
    },
    "language": {"fr": "Langue", "en": "Language"},
    "store_error": {
        "fr": "Base de données inutilisable : {error}",
        "en": "Database unusable: {error}",
    },
}


def translate(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (French when the language is unknown)."""
    entry = MESSAGES[key]
    return entry.get(lang, entry["fr"]).format(**values)


def format_int(value: int, lang: str) -> str:
    """``12345`` → ``"12 345"`` (narrow no-break space) in French, ``"12,345"`` in English."""
    text = f"{int(value):,}"
    return text.replace(",", NARROW_NBSP) if lang == "fr" else text


def format_number(value: float, lang: str, decimals: int = 1) -> str:
    """A decimal number with the language's separators (``1 234,5`` in French)."""
    text = f"{value:,.{decimals}f}"
    if lang == "fr":
        text = text.replace(",", NARROW_NBSP).replace(".", ",")
    return text


def format_percent(share: float | None, lang: str) -> str:
    """``0.6667`` → ``"66,7 %"`` in French, ``"66.7%"`` in English; ``"–"`` when unknown."""
    if share is None:
        return "–"
    number = format_number(100 * share, lang, 1)
    return f"{number}{NARROW_NBSP}%" if lang == "fr" else f"{number}%"
