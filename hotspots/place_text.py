"""Place texts as people write them, reduced to a key: folded, abbreviations
expanded, lead-ins (« en face de », « près du »), articles and the house number
removed. Shared by the gazetteer matching and the address file (BAN)."""

from __future__ import annotations

import re

from hotspots.text import fold

__all__ = ["MAX_QUERY_CHARS", "normalise_place"]

#: Queries longer than this are cut before matching (tips can be long).
MAX_QUERY_CHARS = 200

_ABBREVIATIONS = {
    "r": "rue",
    "bd": "boulevard",
    "bld": "boulevard",
    "boul": "boulevard",
    "av": "avenue",
    "ave": "avenue",
    "pl": "place",
    "imp": "impasse",
    "chem": "chemin",
    "ch": "chemin",
    "fbg": "faubourg",
    "fg": "faubourg",
    "st": "saint",
    "ste": "sainte",
    "rte": "route",
    "all": "allee",
    "sq": "square",
    "res": "residence",
    "prom": "promenade",
    "cc": "centre commercial",
    "gal": "general",
    "gen": "general",
    "mal": "marechal",
    "pdt": "president",
    "dr": "docteur",
    "cdt": "commandant",
    "lt": "lieutenant",
    "n": "notre",
    "nd": "notre dame",
}
_LEAD_INS = (
    "a cote de la",
    "a cote des",
    "a cote du",
    "a cote de l",
    "a cote de",
    "en face de la",
    "en face des",
    "en face du",
    "en face de l",
    "en face de",
    "au niveau de la",
    "au niveau des",
    "au niveau du",
    "au niveau de l",
    "au niveau de",
    "au pied de la",
    "au pied des",
    "au pied du",
    "au pied de l",
    "au pied de",
    "pres de la",
    "pres des",
    "pres du",
    "pres de l",
    "pres de",
    "devant la",
    "devant les",
    "devant le",
    "devant l",
    "devant",
    "derriere la",
    "derriere les",
    "derriere le",
    "derriere l",
    "derriere",
    "vers la",
    "vers les",
    "vers le",
    "vers l",
    "vers",
    "dans la",
    "dans les",
    "dans le",
    "dans l",
    "quartier de la",
    "quartier des",
    "quartier du",
    "quartier de",
    "quartier",
    "secteur de la",
    "secteur des",
    "secteur du",
    "secteur de",
    "secteur",
    "a la",
    "aux",
    "au",
    "a",
)
_ARTICLES = ("la", "le", "les", "l", "du", "des", "de la", "de")
_LEAD_IN_RE = re.compile(r"^(?:(?:" + "|".join(re.escape(x) for x in _LEAD_INS) + r")\s+)+")
_ARTICLE_RE = re.compile(r"^(?:" + "|".join(re.escape(x) for x in _ARTICLES) + r")\s+")
_HOUSE_NUMBER_RE = re.compile(r"^(\d{1,4})\s*(bis|ter|quater|[abt])?\b\s*")
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")
#: Words people drop or add at will ("rue République" for "rue de la République").
_FUNCTION_WORDS = frozenset({"de", "la", "le", "les", "du", "des", "d", "l"})


def normalise_place(text: str) -> tuple[str, str | None]:
    """``(key, house_number)`` of a place text: folded, abbreviations expanded, lead-ins,
    articles and the house number removed (``"Près du 12 bis r. Battant"`` →
    ``("rue battant", "12 bis")``; ``"av. de la Paix"`` → ``("avenue paix", None)``)."""
    words = _NON_WORD_RE.sub(" ", fold(text[:MAX_QUERY_CHARS])).split()
    words = [_ABBREVIATIONS.get(w, w) for w in words]
    key = _LEAD_IN_RE.sub("", " ".join(words))
    number = None
    match = _HOUSE_NUMBER_RE.match(key)
    if match:
        number = match.group(1) + (f" {match.group(2)}" if match.group(2) else "")
        key = key[match.end() :]
        key = _LEAD_IN_RE.sub("", key)
    key = _ARTICLE_RE.sub("", key).strip()
    key = " ".join(w for w in key.split() if w not in _FUNCTION_WORDS)
    return key, number
