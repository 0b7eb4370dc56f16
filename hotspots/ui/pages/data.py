"""Données: analysts load a tips or operations file."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from hotspots.i18n import format_int
from hotspots.ingest import ingest_file
from hotspots.reading import InputError
from hotspots.schema import RecordKind
from hotspots.store import StoreError
from hotspots.ui.components import download
from hotspots.ui.components.streamlit_texts import file_uploader
from hotspots.ui.context import get_store, open_page, t

page = open_page("data_title", "ingest", with_filters=False)
st.caption(t("data_help"))
kind = st.radio(
    t("data_kind"),
    (RecordKind.TIPS, RecordKind.OPERATIONS),
    format_func=lambda k: t(f"data_kind_{k.value}"),
    horizontal=True,
)
upload = file_uploader(t("data_file"), ("csv", "jsonl", "ndjson", "txt"), page.lang)
if upload is not None and st.button(t("data_run"), type="primary"):
    store = get_store(page.settings.effective_ingest_url)  # the writing role, if any
    bar = st.progress(0.0, text=t("data_progress", n=0))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getbuffer())

        def progress(done: int, total: int) -> None:
            bar.progress(min(done / total, 1.0) if total else 1.0, text=t("data_progress", n=done))

        try:
            summary = ingest_file(path, kind, store, page.settings, on_progress=progress)
        except (InputError, StoreError) as exc:
            bar.empty()
            st.error(t("data_unusable", error=str(exc)))
            st.stop()
    bar.progress(1.0)
    lang = page.lang
    st.success(
        t(
            "data_done",
            read=format_int(summary.read, lang),
            ingested=format_int(summary.ingested, lang),
            duplicates=format_int(summary.duplicates, lang),
            quarantined=format_int(summary.quarantined, lang),
        )
    )
    st.json(summary.as_dict(), expanded=False)
    if summary.quarantine_file:
        quarantine = Path(summary.quarantine_file)
        download.show(
            t("data_quarantine"),
            quarantine.read_bytes,
            file_name=quarantine.name,
            mime="text/csv",
            key="quarantine_download",
        )
