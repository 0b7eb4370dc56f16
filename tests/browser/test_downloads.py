"""Export bytes reach only a signed-in session that asks for them: nothing is on the
server before the click, the file answers the click's own two requests (the page's
check of the address and the download) and nothing after, and a second client without
the session's connection gets nothing, even with the address."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import ANALYST_PASSWORD, download_on

pytestmark = pytest.mark.browser
TIMEOUT_MS = 30_000


def fetch_without_session(url: str) -> int:
    """The HTTP status a cookie-less client gets for ``url`` (loopback only)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_an_export_is_made_on_the_click_and_served_to_that_click_only(page, signed_server):
    page.goto(f"{signed_server.url}/")
    page.get_by_label("Identifiant").fill("alice")
    page.get_by_label("Mot de passe").fill(ANALYST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Filtres actifs").first.wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Exports", exact=True).click()  # same session
    button = page.get_by_role("button", name="Télécharger (CSV)").first  # district × month
    button.wait_for(timeout=TIMEOUT_MS)
    # before the click no export is on the server: no address to find in the page
    assert not re.search(r"/media/[0-9a-f]{20,}", page.content())

    download = download_on(page, button)
    data = download.path().read_bytes()
    url = download.url
    assert "/media/" in url and data.startswith(b"\xef\xbb\xbf")
    # the same address, from a client without the session: gone
    assert fetch_without_session(url) == 404
    # every byte that left is in the audit log, with its digest and the user
    with sqlite3.connect(signed_server.data_dir / "hotspots.sqlite") as db:
        rows = db.execute("SELECT user_name, format, sha256 FROM exports_log").fetchall()
    assert ("alice", "csv", hashlib.sha256(data).hexdigest()) in rows

    # a second click makes the file again (and audits it again)
    again = download_on(page, button)
    assert again.path().read_bytes() == data
    assert fetch_without_session(again.url) == 404
    with sqlite3.connect(signed_server.data_dir / "hotspots.sqlite") as db:
        audited = db.execute("SELECT count(*) FROM exports_log WHERE user_name = 'alice'")
        assert audited.fetchone()[0] == 2
