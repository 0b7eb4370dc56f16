"""Command line: ``python -m hotspots COMMAND``.

Machine-readable output is one JSON object per line on stdout; progress and
messages go to stderr. Exit status 0 on success (quarantined rows included), 2 with
a one-line reason when an input or setting cannot be used.

Why one module of this size: it is the command line's whole contract (every command,
its arguments and the fields it prints, which outside checks read); each command is a
few lines from arguments to :mod:`hotspots.services` and the other modules, kept side
by side so that the contract reads in one file.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from hotspots.config import Settings, SettingsError, load_settings
from hotspots.filters import DEFAULT_RESOLUTION
from hotspots.private_files import private_dir

__all__ = ["main"]

EXIT_USAGE = 2
EXIT_REFUSED = 3
PROGRESS_MIN_BYTES = 5_000_000


def _print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from exc


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings()
    if getattr(args, "db", None):
        settings = replace(settings, database_url=args.db, ingest_database_url=None)
    if settings.data_dir.exists():
        private_dir(settings.data_dir)  # tightened, with a warning, when found looser
    return settings


def _cmd_demo_data(args: argparse.Namespace) -> int:
    from hotspots.demo import write_demo_files

    files = write_demo_files(Path(args.out), n_tips=args.tips, seed=args.seed)
    _print_json({name: str(path) for name, path in files.items()})
    return 0


def _cmd_setup_demo(args: argparse.Namespace) -> int:
    from hotspots.bootstrap import ensure_demo_database

    summaries = ensure_demo_database(_settings(args), n_tips=args.tips, seed=args.seed)
    if not summaries:
        print("the database already holds data: left as it is", file=sys.stderr)
    for summary in summaries:
        _print_json(summary.as_dict())
    return 0


def _progress_bar(path: Path, label: str):
    """A tqdm bar on stderr for large files, else ``None``."""
    from tqdm import tqdm

    size = path.stat().st_size if path.exists() else 0
    if size < PROGRESS_MIN_BYTES:
        return None
    return tqdm(total=size, unit="B", unit_scale=True, desc=label, file=sys.stderr, leave=False)


def _cmd_ingest(args: argparse.Namespace) -> int:
    import getpass

    from hotspots.ingest import ingest_file
    from hotspots.schema import RecordKind
    from hotspots.sources import ColumnMapping, load_mapping
    from hotspots.store import Store

    settings = _settings(args)
    mappings = {
        RecordKind.TIPS: load_mapping(Path(args.mapping), RecordKind.TIPS)
        if args.mapping
        else None,
        RecordKind.OPERATIONS: load_mapping(Path(args.operations_mapping), RecordKind.OPERATIONS)
        if args.operations_mapping
        else None,
    }
    if args.sheet:
        mappings = {
            k: replace(m, sheet=args.sheet) if m else ColumnMapping(sheet=args.sheet)
            for k, m in mappings.items()
        }
    user = args.user or getpass.getuser()
    store = Store.open(settings.effective_ingest_url)
    results = []
    try:
        if args.data_since:
            from hotspots.periods import DATA_SINCE_KEY

            with store.transaction() as conn:
                store.set_meta(conn, DATA_SINCE_KEY, args.data_since.isoformat())
                store.bump_data_version(conn)
        jobs = [(Path(args.tips_file), RecordKind.TIPS)]
        if args.operations:
            jobs.append((Path(args.operations), RecordKind.OPERATIONS))
        for path, kind in jobs:
            bar = _progress_bar(path, kind.value)

            def advance(done: int, _total: int, bar=bar) -> None:
                if bar is not None:
                    bar.update(done - bar.n)

            try:
                summary = ingest_file(
                    path, kind, store, settings, on_progress=advance, workers=2,
                    mapping=mappings[kind], user=user,
                )  # fmt: skip
            finally:
                if bar is not None:
                    bar.close()
            results.append(summary.as_dict())
            _print_json(results[-1])
    finally:
        store.close()
    if len(results) > 1:
        total: dict[str, object] = {
            k: sum(int(r[k]) for r in results)  # type: ignore[call-overload]
            for k in ("read", "ingested", "duplicates", "quarantined")
        }
        files = [r["quarantine_file"] for r in results if r["quarantine_file"]]
        total["quarantine_file"] = files[0] if files else None
        total["quarantine_files"] = files
        total["tips"] = results[0]
        total["operations"] = results[1]
        _print_json(total)
    return 0


def _cmd_imports(args: argparse.Namespace) -> int:
    from hotspots.store import Store

    store = Store.open(_settings(args).effective_database_url)
    try:
        for row in store.imports(args.limit):
            _print_json(row)
    finally:
        store.close()
    return 0


def _cmd_undo_import(args: argparse.Namespace) -> int:
    import getpass
    import time

    from hotspots.store import Store

    store = Store.open(_settings(args).effective_ingest_url)
    try:
        removed = store.undo_import(args.run_id, args.user or getpass.getuser(), int(time.time()))
    finally:
        store.close()
    _print_json({"run_id": args.run_id, "removed": removed})
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from hotspots.analysis import resolve_district, stats
    from hotspots.areas import load_area
    from hotspots.store import Store

    settings = _settings(args)
    area = load_area(settings)
    district = resolve_district(area.districts, args.district) if args.district else None
    communes = area.resolve(args.area) if args.area else ()
    store = Store.open(settings.effective_database_url)
    try:
        _print_json(stats(store, area, args.date_from, args.date_to, district, communes))
    finally:
        store.close()
    return 0


def _cmd_geocode(args: argparse.Namespace) -> int:
    from hotspots.geocode import load_geocoder

    settings = _settings(args)
    if args.ban:
        settings = replace(settings, ban_file=Path(args.ban))
    geocoder = load_geocoder(settings)
    queries = sys.stdin if args.queries == ["-"] else args.queries
    for query in queries:
        _print_json(geocoder.geocode(query.rstrip("\n")).as_dict())
    return 0


def _cmd_build_districts(args: argparse.Namespace) -> int:
    from hotspots import district_builder as builder

    settings = load_settings()
    points, labels = builder.read_labelled_points(Path(args.streets))
    print(f"{len(points)} labelled street points; building the quartiers…", file=sys.stderr)
    collection = builder.build_districts(
        points,
        labels,
        builder.commune_of(settings.geodata_dir, points),
        builder.quartier_names(settings.geodata_dir),
        cell_m=args.cell,
    )
    out = Path(args.out)
    out.write_text(json.dumps(collection, ensure_ascii=False) + "\n", encoding="utf-8")
    codes = [f["properties"]["code"] for f in collection["features"]]
    _print_json({"districts": len(codes), "codes": codes, "points": len(points), "out": str(out)})
    return 0


def _selection(args: argparse.Namespace, preset: str = "all", resolution: int | None = None):
    """The store's tables and the filters of a command's ``--area``, ``--from`` and
    ``--to``: ``(settings, area, tips, operations, latest day, filters)``. Without dates,
    ``preset`` (``all``: every record); with one date only, the other is the first day
    of ``preset``'s period or the latest record."""
    from hotspots.areas import load_area
    from hotspots.filters import Filters
    from hotspots.store import Store
    from hotspots.tables import latest_day, load_ops, load_tips

    settings = _settings(args)
    area = load_area(settings)
    communes = area.resolve(args.area) if args.area else ()
    store = Store.open(settings.effective_database_url)
    try:
        table, ops = load_tips(store, area), load_ops(store, area)
    finally:
        store.close()
    latest = latest_day(table, ops)
    res = resolution or DEFAULT_RESOLUTION
    filters = Filters(preset=preset, communes=communes, resolution=res)
    if args.date_from or args.date_to:
        first = date(2000, 1, 1) if preset == "all" else filters.period(latest)[0]
        filters = Filters(
            preset="custom",
            start=args.date_from or first,
            end=args.date_to or latest,
            communes=communes,
            resolution=res,
        )
    return settings, area, table, ops, latest, filters


def _cmd_hotspots(args: argparse.Namespace) -> int:
    import h3
    import numpy as np

    from hotspots.hotspot_figures import hot_spots
    from hotspots.hotspot_stats import HotSpotParameters
    from hotspots.roles import Role

    settings, area, table, _ops, latest, filters = _selection(args)
    params = HotSpotParameters(
        resolution=args.res, k=args.k, permutations=args.permutations, seed=args.seed
    )
    result, used = hot_spots(
        table,
        filters,
        latest,
        area,
        params,
        role=Role.ANALYST,  # the cell's analysts
    )
    from hotspots.landmarks import load_landmarks

    centres = np.array([h3.cell_to_latlng(c) for c in result["h3"]])
    result["place"] = load_landmarks(settings.geodata_dir, area.districts).places_of(
        centres[:, 0], centres[:, 1]
    )
    out = Path(args.out)
    result.to_csv(out, index=False)
    first, last = filters.period(latest)
    _print_json(
        {
            "out": str(out),
            "from": first.isoformat(),
            "to": last.isoformat(),
            "area": used["zone"],
            "cells": len(result),
            "tips": int(result["count"].sum()),
            "hot_99": int((result["bin"] == 3).sum()),
            "hot_95": int((result["bin"] >= 2).sum()),
            "cold_95": int((result["bin"] <= -2).sum()),
            "parameters": params.as_dict(),
        }
    )
    return 0


def _cmd_outcomes(args: argparse.Namespace) -> int:
    from hotspots.outcomes import operation_outcomes, outcome_summary
    from hotspots.roles import Role

    _settings_, _area, table, ops, latest, filters = _selection(args)
    frame = operation_outcomes(
        table, ops, filters, latest, resolution=args.res, weeks=args.weeks, role=Role.ANALYST
    )
    out = Path(args.out)
    frame.drop(columns=["key64"]).assign(
        started_at=[d.isoformat() for d in frame["started_at"]]
    ).to_csv(out, index=False, float_format="%.6g")
    summary = outcome_summary(frame)
    _print_json({"out": str(out), "weeks": args.weeks, "resolution": args.res, **summary})
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    import getpass

    from hotspots import roles, services
    from hotspots.areas import load_area
    from hotspots.filters import Filters
    from hotspots.store import Store
    from hotspots.tables import latest_day, load_ops, load_tips

    role = roles.parse_role(args.role)
    if role is None:
        raise ValueError(f"unknown role {args.role!r}: use commandement, analyste or presse")
    parts = [p.strip() for p in args.by.split(",") if p.strip()]
    hexagons = parts[:1] in (["hex"], ["h3"])
    roles.require(role, "analyst_export" if hexagons else "press_export")
    if not hexagons and (parts[:1] not in (["district"], ["commune"]) or len(parts) != 2):
        raise ValueError(
            f"--by {args.by!r}: use district,month, district,quarter, district,year, "
            "district,ytd (the same with commune for rows by commune) or hex[,RES]"
        )
    settings = _settings(args)
    area = load_area(settings)
    districts = area.districts
    user = args.user or getpass.getuser()
    store = Store.open(settings.effective_database_url)
    try:
        table, ops = load_tips(store, area), load_ops(store, area)
        if hexagons:
            latest = latest_day(table, ops)
            filters = Filters(preset="all")
            if args.date_from or args.date_to:
                filters = Filters(
                    preset="custom",
                    start=_date(args.date_from) if args.date_from else date(2000, 1, 1),
                    end=_date(args.date_to) if args.date_to else latest,
                )
            resolution = int(parts[1]) if len(parts) > 1 else DEFAULT_RESOLUTION
            made = services.analyst_hexagons(
                store,
                table,
                filters,
                latest,
                resolution,
                districts,
                user,
                role,
                args.format,
                settings.lang,
            )
        else:
            request = services.PressRequest(
                parts[1], args.date_from, args.date_to, args.k, rows=parts[0]
            )
            press = services.press_table(
                store, table, ops, districts, settings, role, request, date.today(), settings.lang
            )
            view = services.press_view(store, press)
            if args.revision:
                view = services.press_revision(store, view, user, role)
            elif press.revision_refused:
                print(
                    "data arrived since this release, but no revision can be issued: "
                    f"{press.revision_refused}",
                    file=sys.stderr,
                )
            elif view.changes:
                print(
                    f"{len(view.changes)} published cell(s) of this release would change with "
                    "the data that arrived since: the file is the release as it was issued; "
                    "add --revision to issue a revision",
                    file=sys.stderr,
                )
            made = services.press_release(store, view, districts, settings, user, role, args.format)
        out = Path(args.out)
        out.write_bytes(made.data)
    finally:
        store.close()
    _print_json(
        {
            "out": str(out),
            "role": str(role),
            "format": args.format,
            "rows": made.rows,
            "bytes": len(made.data),
            "sha256": made.sha256,
            **made.parameters,
        }
    )
    return 0


def _cmd_briefing(args: argparse.Namespace) -> int:
    import getpass

    from hotspots import roles, services
    from hotspots.filters import Filters
    from hotspots.store import Store

    role = roles.parse_role(args.role)
    if role is None:
        raise ValueError(f"unknown role {args.role!r}: use commandement, analyste or presse")
    roles.require(role, "map")
    user = args.user or getpass.getuser()
    # the page's default period: the year so far
    settings, _area, table, ops, latest, filters = _selection(args, Filters.preset, args.res)
    store = Store.open(settings.effective_database_url)
    try:
        made = services.briefing(
            store, table, ops, settings, filters, latest, user, role, args.lang or settings.lang
        )
        out = Path(args.out)
        out.write_bytes(made.data)
    finally:
        store.close()
    _print_json(
        {
            "out": str(out),
            "role": str(role),
            "user": user,
            "bytes": len(made.data),
            "sha256": made.sha256,
            **made.parameters,
        }
    )
    return 0


def _cmd_grants(args: argparse.Namespace) -> int:
    from hotspots.grants import grant_statements

    for statement in grant_statements(args.schema, args.reader, args.writer):
        print(statement)
    return 0


def _cmd_add_user(args: argparse.Namespace) -> int:
    import getpass

    from hotspots.auth import add_user, users_file

    settings = _settings(args)
    path = Path(args.file) if args.file else users_file(settings)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            raise ValueError("the two passwords differ")
    add_user(path, args.name, args.role, password)
    _print_json({"users_file": str(path), "user": args.name, "role": args.role})
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    root = Path(__file__).resolve().parents[1]
    if not (root / "benchmarks" / "pipeline.py").exists():
        raise ValueError(f"the benchmarks come with the source checkout; none in {root}")
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from benchmarks.pipeline import main as bench_main

    return bench_main(args.tips, args.json)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m hotspots",
        description="Hotspots: anonymous tips → hot-spot maps and figures.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser(
        "demo-data", help="write fictitious, calibrated tips and operations files"
    )
    demo.add_argument("--out", required=True, help="folder to write tips.csv and operations.csv to")
    demo.add_argument("--tips", type=int, default=186, help="number of tips (default 186)")
    demo.add_argument("--seed", type=int, default=2025)
    demo.set_defaults(func=_cmd_demo_data)

    setup = sub.add_parser("setup-demo", help="fill an empty database with the demo data")
    setup.add_argument("--db", help="database URL (default: HOTSPOTS_DATABASE_URL or data/)")
    setup.add_argument("--tips", type=int, default=186)
    setup.add_argument("--seed", type=int, default=2025)
    setup.set_defaults(func=_cmd_setup_demo)

    ingest = sub.add_parser("ingest", help="load a tips file (and an operations file)")
    ingest.add_argument("tips_file", help="tips file, CSV or JSON Lines")
    ingest.add_argument("--operations", help="operations file, CSV or JSON Lines")
    ingest.add_argument("--db", help="database URL (default: HOTSPOTS_DATABASE_URL or data/)")
    ingest.add_argument(
        "--data-since",
        type=_date,
        help="the day from which the source's tips are complete (YYYY-MM-DD), when it is "
        "not the first tip's: periods before it are never compared as zero",
    )
    ingest.add_argument(
        "--mapping",
        help="TOML file naming the tips file's columns ([columns]) and translating values "
        "([values.COLUMN]); see the README",
    )
    ingest.add_argument("--operations-mapping", help="the same for the operations file")
    ingest.add_argument("--sheet", help="the sheet of an Excel workbook (default: the first)")
    ingest.add_argument("--user", help="name recorded with the import (default: system user)")
    ingest.set_defaults(func=_cmd_ingest)

    imp = sub.add_parser("imports", help="the imports, newest first (one JSON object each)")
    imp.add_argument("--db", help="database URL")
    imp.add_argument("--limit", type=int, default=50)
    imp.set_defaults(func=_cmd_imports)
    undo = sub.add_parser("undo-import", help="remove exactly the rows an import added")
    undo.add_argument("run_id", type=int, help="the import's number (see imports)")
    undo.add_argument("--db", help="database URL")
    undo.add_argument("--user", help="name recorded with the undo (default: system user)")
    undo.set_defaults(func=_cmd_undo_import)

    st = sub.add_parser("stats", help="headline figures as one JSON object")
    st.add_argument("--db", help="database URL")
    st.add_argument("--from", dest="date_from", type=_date, help="first day, YYYY-MM-DD")
    st.add_argument("--to", dest="date_to", type=_date, help="last day (included), YYYY-MM-DD")
    st.add_argument("--district", help="district code or name")
    st.add_argument(
        "--area",
        nargs="+",
        metavar="AREA",
        help="communes: INSEE codes, names or presets (besancon, montbeliard, doubs…)",
    )
    st.set_defaults(func=_cmd_stats)
    geo = sub.add_parser("geocode", help="place texts → point, district, H3 cell (offline)")
    geo.add_argument("--ban", help="BAN address file (adresses-XX.csv); default HOTSPOTS_BAN_FILE")
    geo.add_argument("queries", nargs="+", metavar="TEXT", help="place texts, or - to read lines")
    geo.set_defaults(func=_cmd_geocode)
    bd = sub.add_parser(
        "build-districts", help="quartier polygons from the city's street list (GeoJSON)"
    )
    bd.add_argument("--streets", required=True, help="the street list (city's CSV format)")
    bd.add_argument("--out", required=True, help="GeoJSON file to write")
    bd.add_argument("--cell", type=float, default=25.0, help="grid step in metres (25)")
    bd.set_defaults(func=_cmd_build_districts)
    hs = sub.add_parser("hotspots", help="Getis-Ord Gi* hot spots per H3 cell, as CSV")
    hs.add_argument("--db", help="database URL")
    hs.add_argument(
        "--res",
        type=int,
        default=DEFAULT_RESOLUTION,
        choices=range(6, 12),
        help=f"H3 resolution ({DEFAULT_RESOLUTION}; the pages offer 8 to 10, any of 6-11 here)",
    )
    hs.add_argument("--k", type=int, default=1, help="neighbourhood: k-ring distance (1)")
    hs.add_argument(
        "--area",
        nargs="+",
        metavar="AREA",
        help="the test's area: INSEE codes, commune names or presets (default: every commune)",
    )
    hs.add_argument("--from", dest="date_from", type=_date, help="first day, YYYY-MM-DD")
    hs.add_argument("--to", dest="date_to", type=_date, help="last day (included), YYYY-MM-DD")
    hs.add_argument("--permutations", type=int, default=0, help="permutation check (0: none)")
    hs.add_argument("--seed", type=int, default=12345)
    hs.add_argument("--out", required=True, help="CSV file to write")
    hs.set_defaults(func=_cmd_hotspots)
    oc = sub.add_parser(
        "outcomes", help="tips before and after each operation, in its cell and ring, and WDQ"
    )
    oc.add_argument("--db", help="database URL")
    oc.add_argument("--weeks", type=int, default=8, help="weeks before and after (8)")
    oc.add_argument(
        "--res",
        type=int,
        default=DEFAULT_RESOLUTION,
        choices=range(6, 12),
        help=f"H3 resolution of the operation's cell ({DEFAULT_RESOLUTION})",
    )
    oc.add_argument(
        "--area", nargs="+", metavar="AREA", help="INSEE codes, commune names or presets"
    )
    oc.add_argument("--from", dest="date_from", type=_date, help="operations from, YYYY-MM-DD")
    oc.add_argument("--to", dest="date_to", type=_date, help="operations to (included)")
    oc.add_argument("--out", required=True, help="CSV file to write")
    oc.set_defaults(func=_cmd_outcomes)
    ex = sub.add_parser("export", help="press tables or analyst files, recorded in the audit")
    ex.add_argument("--db", help="database URL")
    ex.add_argument("--role", required=True, help="commandement, analyste or presse")
    ex.add_argument(
        "--by",
        default="district,month",
        help="district,month | district,quarter | district,year | district,ytd (the year so "
        "far; press), the same with commune (rows: the communes the area's presets name, "
        "the others in one row) or hex[,RES] (analyst)",
    )
    ex.add_argument(
        "--format",
        required=True,
        help="csv, xlsx, geojson, pdf (press); geojson, gpkg, csv (hexagons)",
    )
    ex.add_argument(
        "--from",
        dest="date_from",
        help="first period: 2025, 2025-T1, 2025-01 or the date a period starts",
    )
    ex.add_argument("--to", dest="date_to", help="last period (included)")
    ex.add_argument(
        "--k",
        type=int,
        help="suppression threshold: HOTSPOTS_K (5 by default) or higher, never lower",
    )
    ex.add_argument("--user", help="name recorded in the audit (default: the system user)")
    ex.add_argument(
        "--revision",
        action="store_true",
        help="press: issue today's figures as a revision of a table already released "
        "(without it, a released table is written as it was released)",
    )
    ex.add_argument("--out", required=True, help="file to write")
    ex.set_defaults(func=_cmd_export)
    br = sub.add_parser(
        "briefing",
        help="the commanders' one-page briefing sheet (PDF, internal), recorded in the audit",
    )
    br.add_argument("--db", help="database URL")
    br.add_argument("--role", required=True, help="commandement or analyste")
    br.add_argument("--user", help="name recorded in the audit (default: the system user)")
    br.add_argument("--from", dest="date_from", type=_date, help="first day, YYYY-MM-DD")
    br.add_argument("--to", dest="date_to", type=_date, help="last day (included), YYYY-MM-DD")
    br.add_argument(
        "--area",
        nargs="+",
        metavar="AREA",
        help="communes: INSEE codes, names or presets (besancon, pays-de-montbeliard…)",
    )
    br.add_argument(
        "--res",
        type=int,
        default=DEFAULT_RESOLUTION,
        choices=(8, 9, 10),
        help=f"hexagon size as on the pages: H3 resolution 8, 9 or 10 ({DEFAULT_RESOLUTION})",
    )
    br.add_argument("--lang", choices=("fr", "en"), help="language (default: HOTSPOTS_LANG)")
    br.add_argument("--out", required=True, help="PDF file to write")
    br.set_defaults(func=_cmd_briefing)
    au = sub.add_parser("add-user", help="add or replace a user of the local users file")
    au.add_argument("name")
    au.add_argument("--role", required=True, help="commandement, analyste or presse")
    au.add_argument("--file", help="users file (default: HOTSPOTS_USERS_FILE or data/users.toml)")
    au.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    au.add_argument("--db", help=argparse.SUPPRESS)
    au.set_defaults(func=_cmd_add_user)
    gr = sub.add_parser(
        "grants", help="PostgreSQL GRANT statements: a reading dashboard, a writing ingest"
    )
    gr.add_argument("--reader", required=True, help="role of the dashboard (reads)")
    gr.add_argument("--writer", required=True, help="role of the ingest (writes)")
    gr.add_argument("--schema", default="public", help="schema of the tables (public)")
    gr.set_defaults(func=_cmd_grants)
    bench = sub.add_parser("bench", help="speed and memory against the naive approach")
    bench.add_argument("--tips", type=int, default=100_000, help="demo tips in the store")
    bench.add_argument("--json", action="store_true", help="one JSON object on stdout")
    bench.set_defaults(func=_cmd_bench)
    return parser


def _lang() -> str:
    """The deployment's language for messages (French when it cannot be read)."""
    try:
        return load_settings().lang
    except SettingsError:
        return "fr"


def main(argv: list[str] | None = None) -> int:
    from hotspots.reading import InputError
    from hotspots.store import StoreError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"error: {exc.text(_lang())}", file=sys.stderr)
        return EXIT_USAGE
    except (StoreError, SettingsError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PermissionError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED
