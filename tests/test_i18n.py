"""The message table: every text in both languages, with the same placeholders."""

from __future__ import annotations

import string

from hotspots.i18n import MESSAGES, long_date


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_message_has_french_and_english_with_the_same_placeholders():
    problems = []
    for key, texts in MESSAGES.items():
        if set(texts) != {"fr", "en"} or not all(t.strip() for t in texts.values()):
            problems.append(f"{key}: {sorted(texts)}")
        elif _fields(texts["fr"]) != _fields(texts["en"]):
            problems.append(f"{key}: {_fields(texts['fr'])} / {_fields(texts['en'])}")
    assert problems == []


def test_long_dates():
    from datetime import date

    assert long_date(date(2025, 1, 1), "fr") == "1er janvier 2025"
    assert long_date(date(2025, 11, 21), "fr") == "21 novembre 2025"
    assert long_date(date(2025, 1, 1), "en") == "1 January 2025"
