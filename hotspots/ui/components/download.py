"""Downloads that only the signed-in user who clicks can fetch, once, within a minute.

Streamlit serves a download button's bytes from ``/media/<id>``, a route that knows no
session: a file handed to the button at render time could be fetched by anyone who
learnt its address (browser history, a proxy's log) for as long as the session lived.
Here the bytes are made only when the button is clicked (Streamlit's deferred
download: the request comes through the clicking session's own connection), the audit
line is written at that moment, and the file is removed from the server once the
browser has fetched it, or after :data:`DOWNLOAD_TTL_S` if nobody fetches it.

"Once the browser has fetched it" is two requests, not one: on a click, Streamlit's
page asks the server for the new address, then fires its own check of that address (a
full ``GET`` it does not wait for) and the download itself, in an order no one
controls. A file removed at its first fetch was, one click in a few under load, gone
before the download asked for it (the browser reports a cancelled download). So a
file answers :data:`FETCHES_PER_FILE` requests, then 404, like any address after
:data:`DOWNLOAD_TTL_S`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import streamlit as st

__all__ = ["DOWNLOAD_TTL_S", "FETCHES_PER_FILE", "install_single_use_downloads", "show"]

#: A made file nobody fetched is dropped after this long (the browser fetches it at
#: once: this only bounds what an unfetched file can wait for).
DOWNLOAD_TTL_S = 60

#: The requests a made file answers: the page's check of the address and the download.
FETCHES_PER_FILE = 2


def show(
    label: str,
    make: Callable[[], bytes],
    *,
    file_name: str,
    mime: str,
    key: str,
) -> None:
    """A download button whose bytes ``make`` builds on the click (it records them in
    the audit itself: see :mod:`hotspots.services`). It may not use Streamlit: it runs
    outside the page's script run."""
    st.download_button(label, make, file_name=file_name, mime=mime, key=key, on_click="ignore")


def install_single_use_downloads() -> None:
    """Make every downloadable media file single-use and short-lived in this server
    process (idempotent). Images and other media are left as they are."""
    from streamlit.runtime.media_file_storage import MediaFileKind, MediaFileStorageError
    from streamlit.runtime.memory_media_file_storage import (
        MemoryMediaFileStorage,
        get_extension_for_mimetype,
    )

    storage = MemoryMediaFileStorage
    if getattr(storage, "_hotspots_single_use", False):
        return
    original_load = storage.load_and_get_id
    original_get = storage.get_file

    def made_at(self) -> dict[str, float]:
        return self.__dict__.setdefault("_hotspots_made_at", {})

    def fetched(self) -> dict[str, int]:
        return self.__dict__.setdefault("_hotspots_fetched", {})

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        now = time.monotonic()
        for stale in [f for f, t in made_at(self).items() if now - t > DOWNLOAD_TTL_S]:
            made_at(self).pop(stale, None)
            fetched(self).pop(stale, None)
            self.delete_file(stale)
        file_id = original_load(self, path_or_data, mimetype, kind, filename)
        if kind == MediaFileKind.DOWNLOADABLE:  # made again (same bytes, same id): fresh
            made_at(self)[file_id] = now
            fetched(self).pop(file_id, None)
        return file_id

    def get_url(self, file_id):
        media_file = original_get(self, file_id)  # an address, not a fetch
        return f"{self._media_endpoint}/{file_id}{get_extension_for_mimetype(media_file.mimetype)}"

    def get_file(self, filename):
        media_file = original_get(self, filename)
        if media_file.kind == MediaFileKind.DOWNLOADABLE:
            file_id = os.path.splitext(filename)[0]
            made = made_at(self).get(file_id)
            times = fetched(self)[file_id] = fetched(self).get(file_id, 0) + 1
            if made is None or time.monotonic() - made > DOWNLOAD_TTL_S:
                times = FETCHES_PER_FILE + 1
            if times >= FETCHES_PER_FILE:  # this request is the last one served
                made_at(self).pop(file_id, None)
                fetched(self).pop(file_id, None)
                self.delete_file(file_id)
            if times > FETCHES_PER_FILE:
                raise MediaFileStorageError(f"download {file_id} has expired")
        return media_file

    # Replacing three methods of the pinned Streamlit's storage class, on purpose: its
    # media route has no hook to check a session (tests/browser/test_downloads.py).
    setattr(storage, "load_and_get_id", load_and_get_id)  # noqa: B010
    setattr(storage, "get_url", get_url)  # noqa: B010
    setattr(storage, "get_file", get_file)  # noqa: B010
    setattr(storage, "_hotspots_single_use", True)  # noqa: B010
