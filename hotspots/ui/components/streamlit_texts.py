"""Streamlit's own texts in the user's language, where Streamlit offers no parameter.

The file uploader writes its button (« Upload ») and its limit (« 200MB per file ») in
English: style rules hide that text (out of the page's text and of the button's
accessible name) and draw the translation in its place. The keyboard link « Skip to
main content » gets its text from a constant script. (Multiple choices lose their
English « Select all » through ``select_all=False``; empty placeholders are given.)"""

from __future__ import annotations

import json
from collections.abc import Sequence

import streamlit as st

from hotspots.i18n import translate

_BUTTON = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
_LIMIT = '[data-testid="stFileUploaderDropzoneInstructions"] span'


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string: quotes, backslashes, ``<`` and every character
    outside printable ASCII written as CSS hexadecimal escapes."""
    escaped = "".join(
        ch if 32 <= ord(ch) < 127 and ch not in '"\\<' else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{escaped}"'


def style_rules(lang: str, types: Sequence[str]) -> str:
    """The rules that put the translated texts in place of Streamlit's."""
    limit_mb = int(st.get_option("server.maxUploadSize"))
    browse = translate("up_browse", lang)
    limit = translate("up_limit", lang, mb=limit_mb, types=", ".join(t.upper() for t in types))
    return (
        f"{_BUTTON}, {_LIMIT} {{visibility: hidden; font-size: 0;}}\n"
        f"{_BUTTON}::after {{content: {_css_string(browse)}; visibility: visible;"
        " font-size: 0.875rem;}\n"
        f"{_LIMIT}::after {{content: {_css_string(limit)}; visibility: visible;"
        " font-size: 0.875rem;}"
    )


def file_uploader(label: str, types: Sequence[str], lang: str, key: str | None = None):
    """``st.file_uploader`` with its button and limit in ``lang``."""
    st.html(f"<style>{style_rules(lang, types)}</style>")
    return st.file_uploader(label, type=list(types), key=key)


def skip_link_text(lang: str) -> None:
    """Streamlit's keyboard link « Skip to main content » (shown when it has the focus)
    in the user's language: its text is set once by a constant script, the words coming
    from our own table."""
    words = json.dumps(translate("skip_to_content", lang), ensure_ascii=True)
    st.html(
        "<script>for (const a of window.parent.document.querySelectorAll("
        f"'[data-testid=\"stSkipToContent\"]')) a.textContent = {words};"
        "</script>",
        unsafe_allow_javascript=True,
    )
