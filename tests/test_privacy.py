"""Pseudonyms are HMAC-SHA256 exactly, whatever the secret's length."""

import hmac

from hypothesis import given
from hypothesis import strategies as st

from hotspots.privacy import key64, pseudonymise


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
