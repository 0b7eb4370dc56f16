"""Pseudonyms and closed-vocabulary tags: what lets the store keep no free text."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from hotspots.text import fold, per_unique

__all__ = [
    "TAG_KEYWORDS",
    "TAGS",
    "extract_tags",
    "key64",
    "pseudonymise",
    "secret_fingerprint",
]

_FINGERPRINT_MESSAGE = b"hotspots:secret-fingerprint:v1"


def pseudonymise(ids: Iterable[str], secret: str) -> list[str]:
    """Keyed HMAC-SHA256 of each id (surrounding spaces removed), as 64 hex characters.

    The same id and secret always give the same pseudonym, so duplicates and links
    between tips and operations survive; without the secret, ids cannot be recovered
    by trying candidate values.

    HMAC as RFC 2104 defines it, with the two keyed SHA-256 states computed once and
    copied for each id (the same digests as :func:`hmac.digest`, 2.3 times faster on a
    million ids, since the key is not padded and hashed again for each one).
    """
    key = secret.encode("utf-8")
    if len(key) > _SHA256_BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_SHA256_BLOCK, b"\0")
    inner_copy = hashlib.sha256(key.translate(_INNER_PAD)).copy
    outer_copy = hashlib.sha256(key.translate(_OUTER_PAD)).copy
    out: list[str] = []
    append = out.append
    for i in ids:
        inner = inner_copy()
        inner.update(str(i).strip().encode("utf-8"))
        outer = outer_copy()
        outer.update(inner.digest())
        append(outer.hexdigest())
    return out


_SHA256_BLOCK = 64
_INNER_PAD = bytes(b ^ 0x36 for b in range(256))
_OUTER_PAD = bytes(b ^ 0x5C for b in range(256))


def key64(pseudonyms: Iterable[str]) -> list[int]:
    """The first 64 bits of each pseudonym as a signed integer: the store's compact key."""
    heads = "".join(p[:16] for p in pseudonyms)
    return np.frombuffer(bytes.fromhex(heads), dtype=">i8").astype(np.int64).tolist()


def secret_fingerprint(secret: str) -> str:
    """A short public value that tells whether two secrets are the same one."""
    return hmac.digest(secret.encode("utf-8"), _FINGERPRINT_MESSAGE, hashlib.sha256).hex()[:16]


#: Closed vocabulary: tag → keywords (folded: lower case, no accents).
TAG_KEYWORDS: dict[str, tuple[str, ...]] = {
    "cannabis": (
        "cannabis",
        "shit",
        "beuh",
        "herbe",
        "resine",
        "haschich",
        "hasch",
        "hash",
        "weed",
        "pochon",
        "pochons",
        "barrette",
        "barrettes",
        "bedo",
        "bedos",
        "joint",
        "joints",
        "zeb",
    ),
    "cocaine": ("cocaine", "coke", "coc", "la blanche"),
    "crack": ("crack", "caillou", "cailloux", "galette", "galettes"),
    "heroin": ("heroine", "hero", "brown"),
    "ketamine": ("ketamine", "keta"),
    "mdma": ("mdma", "ecstasy", "extasy", "ecsta", "cachets"),
    "nitrous_oxide": ("protoxyde", "proto", "gaz hilarant", "ballons"),
    "scooter": ("scooter", "scooters", "scoot", "moto", "motos", "deux-roues", "deux roues"),
    "car": ("voiture", "voitures", "vehicule", "vehicules", "berline", "utilitaire", "camionnette"),
    "lookout": ("guetteur", "guetteurs", "chouf", "choufs", "choufeur", "choufeurs", "guet"),
    "stairwell": (
        "cage d'escalier",
        "cage d escalier",
        "cages d'escalier",
        "escalier",
        "escaliers",
        "hall",
        "halls",
        "entree de l'immeuble",
        "entree d'immeuble",
    ),
    "comings_goings": (
        "va-et-vient",
        "va et vient",
        "allees et venues",
        "file d'attente",
        "defile",
        "defilement",
    ),
    "delivery": ("livraison", "livraisons", "livreur", "livreurs", "livrent"),
    "cash": ("billets", "liasse", "liasses", "argent liquide", "especes"),
    "weapon": ("arme", "armes", "pistolet", "couteau", "kalach", "kalachnikov", "fusil"),
    "minors": ("mineur", "mineurs", "gamins", "ados", "adolescents", "enfants"),
    "cellar": ("cave", "caves"),
    "parking": ("parking", "parkings", "garage", "garages"),
    "noise": ("bruit", "bruits", "bruyant", "bruyants", "tapage", "nuisance", "nuisances"),
    "gathering": ("groupe", "attroupement", "rassemblement", "squat", "squattent"),
}
TAGS = tuple(sorted(TAG_KEYWORDS))
_KEYWORD_TAG = {kw: tag for tag, kws in TAG_KEYWORDS.items() for kw in kws}


def _trie_pattern(words) -> str:
    """A regular expression matching exactly ``words``, their common prefixes factored
    out (the engine then tries one branch per next character instead of every word at
    every position: tags of 100,000 distinct descriptions 1.8 times faster). At a
    given position it takes the longest word whose end passes the pattern's next test,
    as an alternation of the words sorted longest first does."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict) -> str:
        options = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not options:
            return ""
        body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
        return f"(?:{body})?" if "" in node else body

    return branch(trie)


_KEYWORD_RE = re.compile(r"(?<![a-z0-9])(" + _trie_pattern(_KEYWORD_TAG) + r")(?![a-z0-9])")


def extract_tags(descriptions: pd.Series) -> pd.Series:
    """Closed-vocabulary tags found in each description, as sorted ``","``-joined codes.

    Only the tag codes of :data:`TAGS` can come out, never words of the text itself;
    an empty string means no tag.
    """
    return per_unique(descriptions, _tags_of_distinct)


def _tags_of_distinct(descriptions: pd.Series) -> pd.Series:
    found = descriptions.map(lambda text: _KEYWORD_RE.findall(fold(text)))
    return found.map(lambda words: ",".join(sorted({_KEYWORD_TAG[w] for w in words})))
