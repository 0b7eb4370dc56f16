"""Pseudonyms are HMAC-SHA256 exactly, whatever the secret's length."""

import hmac
import re

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from hotspots.privacy import _KEYWORD_RE, _KEYWORD_TAG, extract_tags, key64, pseudonymise


@given(
    secret=st.text(min_size=1, max_size=200),
    ids=st.lists(st.text(max_size=40), max_size=20),
)
def test_pseudonyms_are_rfc_2104_hmac_sha256(secret, ids):
    expected = [hmac.digest(secret.encode(), i.strip().encode(), "sha256").hex() for i in ids]
    assert pseudonymise(ids, secret) == expected


@given(st.lists(st.binary(min_size=32, max_size=32), max_size=20))
def test_key64_is_the_signed_first_64_bits(digests):
    pseudonyms = [d.hex() for d in digests]
    assert key64(pseudonyms) == [int.from_bytes(d[:8], "big", signed=True) for d in digests]


def test_known_value():
    # RFC 4231 test case 2
    assert pseudonymise(["what do ya want for nothing?"], "Jefe")[0] == (
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )


# --- tags: the factored keyword pattern finds what the plain alternation finds -------

#: The plain pattern: every keyword, longest first.
_PLAIN = re.compile(
    r"(?<![a-z0-9])("
    + "|".join(re.escape(k) for k in sorted(_KEYWORD_TAG, key=len, reverse=True))
    + r")(?![a-z0-9])"
)
_PIECES = st.sampled_from(
    sorted(_KEYWORD_TAG)
    + [k[:-1] for k in _KEYWORD_TAG]
    + [" ", "'", "-", "\n", "x", "7", "s", "e", "é", "cage d", "deux"]
)


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_factored_pattern_finds_what_the_plain_one_finds(text):
    assert _KEYWORD_RE.findall(text) == _PLAIN.findall(text)


def test_every_pair_of_keywords_is_found_alike():
    keywords = sorted(_KEYWORD_TAG)
    for a in keywords:
        for b in keywords:
            for sep in (" ", "", "'", "-"):
                text = a + sep + b
                assert _KEYWORD_RE.findall(text) == _PLAIN.findall(text), text


def test_tags_keep_the_index_and_read_missing_as_empty():
    series = pd.Series(["Un guetteur à la CAVE", None, "rien"], index=[7, 3, 5])
    tags = extract_tags(series)
    assert list(tags.index) == [7, 3, 5]
    assert tags.tolist() == ["cellar,lookout", "", ""]


# --- tags: French negation -----------------------------------------------------------

#: Sentences as citizens type them (accents or none, capitals, ’ and '), with the exact
#: tags expected; about half of them negate a keyword.
NEGATION_CASES = [
    # negated: no tag for the negated keyword
    ("Pas de guetteurs.", set()),
    ("pas de guetteur mais des va-et-vient", {"comings_goings"}),
    ("Il n’y a plus de livraisons depuis lundi", set()),
    ("il n'y a pas de guetteur devant le hall", {"stairwell"}),
    ("Aucun chouf, mais du bruit tous les soirs", {"noise"}),
    ("AUCUNE LIVRAISON EN SCOOTER", set()),
    ("Sans arme apparemment", set()),
    ("je n'ai jamais vu d'arme", set()),
    ("Personne n'a vu de guetteur", set()),
    ("Ni guetteur ni va et vient, juste un groupe", {"gathering"}),
    ("je n’ai pas vu le moindre guetteur", set()),
    ("aucune trace de cocaïne", set()),
    ("Pas de guetteurs, par contre des allées et venues", {"comings_goings"}),
    ("c'est pas dans la cave en revanche du cannabis", {"cannabis"}),
    ("Zéro guetteur. Des motos", {"scooter"}),
    ("des guetteurs non armés", {"lookout"}),
    # not negations: quantities, restrictions, set phrases
    ("Pas mal de guetteurs le soir", {"lookout"}),
    ("Va-et-vient sans arrêt", {"comings_goings"}),
    ("sans arret des va et vient, livreurs en scooter", {"comings_goings", "delivery", "scooter"}),
    ("Il n'y a que des guetteurs", {"lookout"}),
    ("il n’y a plus que des guetteurs", {"lookout"}),
    ("Pas que des guetteurs : aussi des livraisons", {"lookout", "delivery"}),
    ("Non seulement des guetteurs mais une arme", {"lookout", "weapon"}),
    ("sans doute des guetteurs", {"lookout"}),
    ("De plus en plus de guetteurs", {"lookout"}),
    ("Jamais vu autant de guetteurs", {"lookout"}),
    ("Non loin du hall, des choufs", {"lookout", "stairwell"}),
    ("va et vient non-stop de clients", {"comings_goings"}),
    ("Une personne fait le guet dans l'escalier", {"lookout", "stairwell"}),
    ("Aucun souci avec les guetteurs", {"lookout"}),
    ("Un nombre non négligeable de livreurs", {"delivery"}),
    ("Des guetteurs et une cave", {"lookout", "cellar"}),
]


def test_negated_keywords_give_no_tag():
    texts = pd.Series([text for text, _ in NEGATION_CASES])
    got = [set(tags.split(",")) - {""} for tags in extract_tags(texts)]
    wrong = [
        (text, expected, found)
        for (text, expected), found in zip(NEGATION_CASES, got, strict=True)
        if found != expected
    ]
    assert wrong == []
    assert sum("lookout" not in e for t, e in NEGATION_CASES if "guet" in t.lower()) >= 6
