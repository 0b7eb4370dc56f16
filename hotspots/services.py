"""What a person asks for, done once for the command line and the pages: the role is
checked, the period worked out, the table built, the file written and the audit line
recorded. The CLI parses arguments and prints; a page shows and offers the download;
neither repeats any of this."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pandas as pd

from hotspots import exports, roles
from hotspots.areas import load_area
from hotspots.config import Settings
from hotspots.figures import district_month_table, to_safe_csv
from hotspots.filters import Filters
from hotspots.geo import Districts
from hotspots.i18n import translate
from hotspots.store import Store, exports_log
from hotspots.tables import OpsTable, TipTable

__all__ = [
    "ExportFile",
    "PressRequest",
    "PressView",
    "list_releases",
    "press_revision",
    "press_view",
    "AGGREGATE_COLUMNS",
    "aggregates_frame",
    "analyst_aggregates",
    "analyst_hexagons",
    "briefing",
    "list_exports",
    "press_release",
    "press_table",
    "record_export",
]


@dataclass(frozen=True)
class ExportFile:
    """A file that left, as recorded in the audit."""

    data: bytes
    rows: int
    kind: str  # press or analyst
    fmt: str
    parameters: dict = field(default_factory=dict)
    sha256: str = ""


def record_export(
    store: Store,
    user: str,
    role: roles.Role | str,
    kind: str,
    fmt: str,
    parameters: dict,
    rows: int,
    data: bytes,
) -> str:
    """Record a file that leaves (who, role, when, what, rows, SHA-256); returns the
    SHA-256."""
    return store.record_export(
        user,
        str(roles.parse_role(role) or role),
        kind,
        fmt,
        parameters,
        rows,
        data,
        int(datetime.now(UTC).timestamp()),
    )


def list_exports(store: Store, role: roles.Role | str | None, limit: int = 500) -> pd.DataFrame:
    """The most recent exports, newest first (analysts only)."""
    roles.require(role, "audit")
    frame = pd.DataFrame(store.recent_exports(limit), columns=[c.name for c in exports_log.columns])
    frame["made_at"] = pd.to_datetime(frame["made_ts"], unit="s", utc=True)
    return frame.drop(columns="made_ts")


# --- press releases -------------------------------------------------------------------
def list_releases(store: Store, role: roles.Role | str | None, limit: int = 500) -> pd.DataFrame:
    """The release register, newest first (whoever may issue press tables)."""
    roles.require(role, "press_export")
    frame = pd.DataFrame(store.releases(limit))
    if len(frame):
        frame["issued_at"] = pd.to_datetime(frame["issued_ts"], unit="s", utc=True)
        frame = frame.drop(columns="issued_ts")
    return frame


@dataclass(frozen=True)
class PressRequest:
    """A press table as asked: by ``month``, ``quarter`` or ``year``, from/to as typed
    (None: the default whole ended years), the threshold k (None: the deployment's),
    rows by quartier (``district``) or by ``commune``."""

    by: str
    start: str | None = None
    end: str | None = None
    k: int | None = None
    rows: str = "district"


def _threshold(settings: Settings, k: int | None) -> int:
    """k for a press export: the deployment's ``HOTSPOTS_K`` is a floor."""
    chosen = settings.suppression_k if k is None else k
    if chosen < settings.suppression_k:
        raise PermissionError(
            f"--k {chosen} would publish counts that the deployment hides: HOTSPOTS_K = "
            f"{settings.suppression_k} is the floor of every press export; a press export "
            "may raise k, never lower it"
        )
    return chosen


def press_table(
    store: Store,
    table: TipTable,
    ops: OpsTable,
    districts: Districts,
    settings: Settings,
    role: roles.Role | str | None,
    request: PressRequest,
    today: date,
    lang: str = "fr",
) -> exports.PressTable:
    """The protected press table of ``request``: role checked, k at least the floor,
    whole ended calendar years only."""
    roles.require(role, "press_export")
    k = _threshold(settings, request.k)
    by = request.by
    first, last, through = exports.press_period(table, ops, by, today, request.start, request.end)
    if request.rows not in exports.KINDS:
        raise ValueError(
            f"press tables have rows by {' or '.join(exports.KINDS)}, not {request.rows!r}"
        )
    version = store.data_version()
    scope = exports.press_scope(by, first, last, k, through, request.rows)
    released = store.release(scope)
    if released is not None and int(released["data_version"]) == version:
        return exports.PressTable.from_json(released["table_json"], lang)  # nothing new
    earlier = [exports.PressTable.from_json(r["table_json"]) for r in store.release_tables()]
    try:
        press = exports.press_table(
            table,
            ops,
            districts,
            by,
            first,
            last,
            k,
            role,
            lang=lang,
            earlier=earlier,
            version=version,
            through=through,
            keep_hidden=exports.PressTable.from_json(released["table_json"]) if released else None,
            communes=exports.CommuneRows.of_area(load_area(settings))
            if request.rows == "commune"
            else None,
        )
    except exports.UnprotectableRelease as refused:
        if released is None:
            raise
        # the release stands as issued; today's data cannot revise it
        press = exports.PressTable.from_json(released["table_json"], lang)
        press.revision_refused = str(refused)
        return press
    press.dataset_demo = store.is_demo()
    return press


@dataclass(frozen=True)
class PressView:
    """A press table as the register has it. ``press`` is what is shown and issued: the
    current release of its scope, or, never issued, the table of today's data (``fresh``).
    ``release`` is the register's row of the current release (``None``: never issued),
    ``changes`` the published cells a revision would change, as
    ``(measure, row code, column, published, would be)``."""

    press: exports.PressTable
    fresh: exports.PressTable
    release: dict | None
    changes: list[tuple]


def press_view(store: Store, fresh: exports.PressTable) -> PressView:
    """The register's view of ``fresh`` (from :func:`press_table`): a table already
    released is shown as released, whatever arrived since."""
    release = store.release(fresh.scope)
    if release is None:
        return PressView(fresh, fresh, None, [])
    released = exports.PressTable.from_json(release["table_json"], fresh.lang)
    now = fresh.published_cells()
    changes = [
        (*cell, shown, now.get(cell))
        for cell, shown in released.published_cells().items()
        if now.get(cell) != shown
    ]
    info = {k: v for k, v in release.items() if k != "table_json"}
    return PressView(released, fresh, info, changes)


def _issue(store: Store, press: exports.PressTable, revision: int, user: str, role) -> bool:
    return store.record_release(
        press.scope,
        revision,
        int(datetime.now(UTC).timestamp()),
        user,
        str(roles.parse_role(role) or role),
        store.data_version(),
        press.to_json(),
    )


def press_revision(store: Store, view: PressView, user: str, role: roles.Role | str) -> PressView:
    """Issue the table of today's data as a revision of the current release (only when
    a press officer asks: a release never changes by itself). Refused when nothing
    published would change."""
    roles.require(role, "press_export")
    if view.release is None:
        raise ValueError("this table has not been released yet: issue it before revising it")
    if view.fresh.revision_refused:
        raise ValueError(f"no revision can be issued: {view.fresh.revision_refused}")
    if not view.changes:
        raise ValueError("nothing published would change: no revision is needed")
    _issue(store, view.fresh, int(view.release["revision"]) + 1, user, role)
    return press_view(store, view.fresh)


def press_release(
    store: Store,
    press: exports.PressTable | PressView,
    districts: Districts,
    settings: Settings,
    user: str,
    role: roles.Role | str,
    fmt: str,
) -> ExportFile:
    """The file of a press table, recorded in the audit. A table never issued is
    recorded in the release register first (revision 0); a released one is written as
    it was released, whatever arrived since (see :func:`press_view`)."""
    roles.require(role, "press_export")
    view = press if isinstance(press, PressView) else press_view(store, press)
    if view.release is None:
        _issue(store, view.fresh, 0, user, role)  # False: another server issued it first
        view = press_view(store, view.fresh)
    press = view.press
    if fmt not in exports.PRESS_FORMATS:
        raise ValueError(f"press tables export as {', '.join(exports.PRESS_FORMATS)}, not {fmt}")
    city = exports.city_name(settings)
    if press.kind == "commune":  # the communes' outlines, the area's name
        area = load_area(settings)
        districts = area.selection(tuple(c for c in press.row_codes if c in area.communes.codes))
        whole = area.preset_of(())
        city = whole.name(press.lang).split(" (")[0] if whole else ""  # « Doubs »
    data = exports.write_press(press, fmt, districts, city)
    parameters = {
        "kind": press.kind,
        "by": press.by,
        "from": exports.bucket_label(press.first, press.by),
        "to": exports.bucket_label(press.last, press.by),
        "k": press.k,
        "hidden": press.hidden_counts(),
        "release": view.release["release_id"] if view.release else None,
        "revision": view.release["revision"] if view.release else None,
    }
    rows = len(press.rows())
    digest = record_export(store, user, role, "press", fmt, parameters, rows, data)
    return ExportFile(data, rows, "press", fmt, parameters, digest)


# --- analyst files --------------------------------------------------------------------
def analyst_hexagons(
    store: Store,
    table: TipTable,
    filters: Filters,
    latest: date,
    resolution: int,
    districts: Districts,
    user: str,
    role: roles.Role | str,
    fmt: str,
    lang: str = "fr",
) -> ExportFile:
    """Hexagons with their counts at the filters, for GIS tools, recorded in the
    audit (columns named in ``lang``)."""
    if fmt not in exports.ANALYST_FORMATS:
        raise ValueError(f"hexagons export as {', '.join(exports.ANALYST_FORMATS)}, not {fmt}")
    frame = exports.analyst_hex_frame(table, filters, latest, resolution, districts, role, lang)
    data = exports.write_analyst(frame, fmt)
    parameters = {"by": f"hex,{resolution}", **filters.to_params()}
    digest = record_export(store, user, role, "analyst", fmt, parameters, len(frame), data)
    return ExportFile(data, len(frame), "analyst", fmt, parameters, digest)


#: The columns of the analysts' table per district and month, named in the user's
#: language (``aggcol_<name>``; the district code is kept beside its name for machines).
AGGREGATE_COLUMNS = ("district", "district_name", "month", "tips", "exploitable", "pending")


def aggregates_frame(
    table: TipTable, filters: Filters, latest: date, districts: Districts, lang: str = "fr"
) -> pd.DataFrame:
    """Tips, exploitable and pending tips per district and month, with the districts'
    names, columns named in ``lang``."""
    frame = district_month_table(table, filters, latest)
    names = dict(zip(districts.codes, districts.names, strict=True))
    unlocated = translate("press_col_unlocated", lang)
    frame.insert(1, "district_name", [names.get(c, unlocated) for c in frame["district"]])
    return frame.rename(columns={c: translate(f"aggcol_{c}", lang) for c in AGGREGATE_COLUMNS})


def analyst_aggregates(
    store: Store,
    table: TipTable,
    filters: Filters,
    latest: date,
    districts: Districts,
    user: str,
    role: roles.Role | str,
    lang: str = "fr",
) -> ExportFile:
    """:func:`aggregates_frame` as a CSV whose cells cannot start a formula, recorded
    in the audit."""
    roles.require(role, "analyst_export")
    frame = aggregates_frame(table, filters, latest, districts, lang)
    data = to_safe_csv(frame)
    parameters = {"by": "district,month", **filters.to_params()}
    digest = record_export(store, user, role, "analyst", "csv", parameters, len(frame), data)
    return ExportFile(data, len(frame), "analyst", "csv", parameters, digest)


# --- commanders' briefing sheet -------------------------------------------------------
def briefing(
    store: Store,
    table: TipTable,
    ops: OpsTable,
    settings: Settings,
    filters: Filters,
    latest: date,
    user: str,
    role: roles.Role | str,
    lang: str = "fr",
) -> ExportFile:
    """The one-page briefing sheet (PDF) of the selection at ``filters`` (their
    resolution), for whoever may see the map: internal, not disclosure-controlled, and
    recorded in the audit as such (kind ``briefing``)."""
    from hotspots.briefing import briefing_pdf
    from hotspots.briefing_figures import briefing_figures
    from hotspots.landmarks import load_landmarks
    from hotspots.periods import LOCAL_TZ

    roles.require(role, "map")
    area = load_area(settings)
    made = briefing_figures(
        table,
        ops,
        filters,
        latest,
        area,
        load_landmarks(settings.geodata_dir, area.districts),
        role=role,
        lang=lang,
        demo=store.is_demo(),
    )
    who = str(roles.parse_role(role) or role)
    data = briefing_pdf(made, user, who, datetime.now(LOCAL_TZ))
    first, last = filters.period(latest)
    parameters = {
        "internal": True,
        "disclosure_control": False,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "res": filters.resolution,
        "lang": lang,
        **{k: v for k, v in filters.to_params().items() if k not in ("from", "to", "res")},
        "hot_places": len(made.places),
        "operations": len(made.outcomes),
    }
    rows = len(made.hexes)
    digest = record_export(store, user, role, "briefing", "pdf", parameters, rows, data)
    return ExportFile(data, rows, "briefing", "pdf", parameters, digest)
