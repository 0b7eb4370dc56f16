"""Données: analysts load a tips or operations file (CSV in UTF-8 or Windows-1252, JSON
Lines, Excel), check how its columns are read, keep that correspondence for next time,
read what became of each row, and undo an import."""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from hotspots.i18n import format_date, format_int
from hotspots.ingest import ingest_file
from hotspots.periods import LOCAL_TIMEZONE
from hotspots.reading import JSON_SUFFIXES, InputError
from hotspots.schema import (
    COLUMNS,
    ID_COLUMN,
    TIME_COLUMN,
    TIME_OF_DAY,
    RecordKind,
    missing_required,
)
from hotspots.sources import (
    ColumnMapping,
    MappingError,
    parse_mapping,
    prepare_source,
    preview,
    recognise,
    template,
)
from hotspots.store import StoreError
from hotspots.ui.components import download
from hotspots.ui.components.streamlit_texts import file_uploader
from hotspots.ui.context import get_store, open_page, t

page = open_page("data_title", "ingest", with_filters=False)
session = st.session_state["hs_session"]
lang = page.lang
store = get_store(page.settings.effective_ingest_url)  # the writing role, if any
st.caption(t("data_help"))
if store.is_demo():
    st.warning(t("input_demo_store"))
    st.stop()
kind = st.radio(
    t("data_kind"),
    (RecordKind.TIPS, RecordKind.OPERATIONS),
    format_func=lambda k: t(f"data_kind_{k.value}"),
    horizontal=True,
)
templates = st.columns(2)
for column, fmt in zip(templates, ("csv", "xlsx"), strict=True):
    column.download_button(
        t("data_template", fmt=fmt.upper()),
        template(kind, fmt),
        file_name=f"modele-{kind.value}.{fmt}",
        key=f"template_{fmt}",
    )
upload = file_uploader(t("data_file"), ("csv", "txt", "tsv", "jsonl", "ndjson", "xlsx"), page.lang)


@st.cache_data(show_spinner=False, max_entries=8)
def _preview(data: bytes, name: str) -> tuple[list[str], list[list[str]], str]:
    with tempfile.TemporaryDirectory(prefix="hotspots-preview-") as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        source = prepare_source(path, Path(folder), name, head_only=True)
        header, rows = preview(source)
        return header, rows, source.encoding


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _choose_columns(header: list[str], digest: str) -> ColumnMapping | None:
    """The correspondence as the user sets it (pre-filled by recognition or by a saved
    one); ``None`` while a required column is not set."""
    saved = store.mappings(kind.value)
    chosen = st.selectbox(
        t("map_saved"),
        ["", *saved],
        format_func=lambda n: n or t("map_auto"),
        key=f"map_saved_{kind.value}",
    )
    base = None
    if chosen:
        try:
            base = parse_mapping(saved[chosen], kind, chosen)
            found = recognise(header, kind, base)
        except MappingError as exc:
            st.warning(t("map_saved_unfit", name=chosen, error=str(exc)))
            base = None
            found = recognise(header, kind)
    else:
        found = recognise(header, kind)
    by_name = {name: cell for name, cell in zip(found.names, header, strict=True)}
    wanted = [*COLUMNS[kind]]
    wanted.insert(wanted.index(TIME_COLUMN[kind]) + 1, TIME_OF_DAY[kind])
    required = {ID_COLUMN[kind], TIME_COLUMN[kind], "location"}
    st.caption(t("map_help"))
    options = ["", *header]
    picked: dict[str, str] = {}
    grid = st.columns(3)
    for i, column in enumerate(wanted):
        default = by_name.get(column, "") if column in found.how else ""
        label = t(f"map_col_{column}") + (" *" if column in required else "")
        picked[column] = grid[i % 3].selectbox(
            label,
            options,
            index=options.index(default),
            format_func=lambda h: h or t("map_none"),
            key=f"map_{digest}_{kind.value}_{chosen}_{column}",
        )
    taken = [h for h in picked.values() if h]
    twice = sorted({h for h in taken if taken.count(h) > 1})
    for header_cell in twice:
        st.warning(t("map_twice", header=header_cell))
    missing = missing_required({c for c, h in picked.items() if h}, kind)
    if missing:
        st.warning(t("map_missing", missing=", ".join(t(f"map_col_{c}") for c in missing)))
    if missing or twice:
        return None
    columns: dict[str, tuple[str, ...]] = {}
    for column, cell in picked.items():
        if not cell or column == TIME_OF_DAY[kind]:
            continue
        hour = picked[TIME_OF_DAY[kind]] if column == TIME_COLUMN[kind] else ""
        columns[column] = (cell, hour) if hour else (cell,)
    return ColumnMapping(columns, base.values if base else {})


def _save(mapping: ColumnMapping) -> None:
    line = st.columns([3, 2], vertical_alignment="bottom")
    name = line[0].text_input(t("map_name"), key=f"map_name_{kind.value}", max_chars=120)
    if line[1].button(t("map_save"), key=f"map_save_{kind.value}"):
        if not name.strip():
            st.warning(t("map_name_needed"))
        else:
            store.save_mapping(
                kind.value, name.strip(), mapping.to_toml(), session.user, int(time.time())
            )
            st.success(t("map_saved_done", name=name.strip()))


mapping: ColumnMapping | None = None
ready = upload is not None
if upload is not None and not upload.name.lower().endswith(JSON_SUFFIXES):
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()[:16]
    try:
        header, rows, encoding = _preview(data, upload.name)
    except InputError as exc:
        st.error(t("data_unusable", error=exc.text(lang)))
        st.stop()
    st.subheader(t("map_title"))
    st.caption(t("map_preview"))
    st.dataframe(pd.DataFrame(rows, columns=_unique(header)), hide_index=True)
    mapping = _choose_columns(header, digest)
    ready = mapping is not None
    if mapping is not None:
        _save(mapping)

if upload is not None and st.button(t("data_run"), type="primary", disabled=not ready):
    bar = st.progress(0.0, text=t("data_progress", n=0))
    with tempfile.TemporaryDirectory(prefix="hotspots-upload-") as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getbuffer())

        def progress(done: int, total: int) -> None:
            bar.progress(min(done / total, 1.0) if total else 1.0, text=t("data_progress", n=done))

        try:
            summary = ingest_file(
                path, kind, store, page.settings, on_progress=progress, mapping=mapping,
                name=Path(upload.name).name, user=session.user,
            )  # fmt: skip
        except (InputError, StoreError) as exc:
            bar.empty()
            message = exc.text(lang) if isinstance(exc, InputError) else str(exc)
            st.error(t("data_unusable", error=message))
            st.stop()
    bar.progress(1.0)
    st.success(
        t(
            "data_done",
            read=format_int(summary.read, lang),
            ingested=format_int(summary.ingested, lang),
            duplicates=format_int(summary.duplicates, lang),
            quarantined=format_int(summary.quarantined, lang),
        )
    )
    if summary.unresolved_locations:
        st.info(t("data_done_unlocated", unlocated=format_int(summary.unresolved_locations, lang)))
    read_as = {"xlsx": "Excel (xlsx)"}.get(summary.encoding, summary.encoding.upper())
    st.caption(
        t(
            "data_encoding",
            encoding=read_as,
            columns=", ".join(f"{h} → {t(f'map_col_{c}')}" for c, h in summary.columns.items())
            or "—",
        )
    )
    if summary.quarantine_file:
        quarantine = Path(summary.quarantine_file)
        with quarantine.open(encoding="utf-8-sig", newline="") as fh:
            first = list(csv.reader(io.StringIO("".join(fh.readlines()[:21]))))
        if len(first) > 1:
            st.caption(t("data_quarantine_preview"))
            shown = pd.DataFrame(first[1:], columns=_unique(first[0]))
            if lang == "fr" and "motif" in shown.columns:
                shown = shown.drop(columns="reason")  # the same, in French
            st.dataframe(shown, hide_index=True)
        download.show(
            t("data_quarantine"),
            quarantine.read_bytes,
            file_name=quarantine.name,
            mime="text/csv",
            key="quarantine_download",
        )

st.subheader(t("data_runs"))
if "hs_undone" in st.session_state:
    st.success(st.session_state.pop("hs_undone"))
runs = store.imports(50)
if runs:
    frame = pd.DataFrame(runs)
    when = pd.to_datetime(frame["started_ts"], unit="s", utc=True).dt.tz_convert(LOCAL_TIMEZONE)
    undone = [
        t("data_run_undone", date=format_date(pd.Timestamp(ts, unit="s").date(), lang))
        if pd.notna(ts)
        else ""
        for ts in frame["undone_ts"]
    ]
    st.dataframe(
        pd.DataFrame(
            {
                "n°": frame["run_id"],
                t("data_run_when"): when.dt.strftime("%d/%m/%Y %H:%M"),
                t("data_kind"): [t(f"data_kind_{k}") for k in frame["kind"]],
                t("data_run_file"): frame["file_name"].fillna(""),
                t("data_run_user"): frame["user_name"].fillna(""),
                t("data_done_read"): frame["read"],
                t("data_done_ingested"): frame["ingested"],
                t("data_done_quarantined"): frame["quarantined"],
                t("data_run_state"): undone,
            }
        ),
        hide_index=True,
    )
    open_runs = [int(r["run_id"]) for r in runs if r["undone_ts"] is None and r["ingested"]]
    if open_runs:
        line = st.columns([2, 3], vertical_alignment="bottom")
        run = line[0].selectbox("n°", open_runs, key="undo_run")
        if line[1].button(t("data_undo", run=run), key="undo_button"):
            removed = store.undo_import(int(run), session.user, int(time.time()))
            st.session_state["hs_undone"] = t(
                "data_undone", run=run, tips=removed["tips"], operations=removed["operations"]
            )
            st.rerun()
