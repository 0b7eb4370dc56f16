"""Exports: press tables after disclosure control (CSV, XLSX, GeoJSON, PDF sheet) and
analyst files for GIS tools (hexagons as GeoJSON / GeoPackage, aggregates as CSV).

Press tables are district × calendar month, quarter or year, over whole buckets that
have ended: never free dates, so two exports cannot be subtracted to isolate a handful
of tips. Every count goes through :mod:`hotspots.disclosure`.
"""

from __future__ import annotations

from hotspots.exports.analyst import ANALYST_FORMATS, analyst_hex_frame, write_analyst
from hotspots.exports.periods import (
    BUCKETS,
    ExportError,
    UnprotectableRelease,
    bucket_first_day,
    bucket_label,
    bucket_last_day,
    bucket_of_month,
    bucket_range,
    column_spans,
    data_year_span,
    parse_bucket,
    press_period,
)
from hotspots.exports.press import (
    COLUMNS,
    HIDDEN_TEXT,
    MEASURES,
    PressTable,
    press_scope,
    press_table,
)
from hotspots.exports.press_files import (
    MONTHS_SHORT_FR,
    PRESS_FORMATS,
    city_name,
    decimal_text,
    key_sentence,
    press_csv,
    press_geojson,
    press_pdf,
    press_xlsx,
    rules_text,
    write_press,
)
from hotspots.exports.press_rows import KINDS, OTHER_COMMUNES, CommuneRows

__all__ = [
    "ANALYST_FORMATS",
    "BUCKETS",
    "ExportError",
    "UnprotectableRelease",
    "COLUMNS",
    "KINDS",
    "OTHER_COMMUNES",
    "CommuneRows",
    "HIDDEN_TEXT",
    "MEASURES",
    "MONTHS_SHORT_FR",
    "PRESS_FORMATS",
    "PressTable",
    "analyst_hex_frame",
    "bucket_first_day",
    "bucket_label",
    "bucket_last_day",
    "bucket_of_month",
    "bucket_range",
    "data_year_span",
    "press_period",
    "city_name",
    "decimal_text",
    "key_sentence",
    "parse_bucket",
    "press_csv",
    "press_geojson",
    "press_pdf",
    "press_table",
    "press_scope",
    "column_spans",
    "press_xlsx",
    "rules_text",
    "write_analyst",
    "write_press",
]
