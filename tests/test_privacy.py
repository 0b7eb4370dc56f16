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
