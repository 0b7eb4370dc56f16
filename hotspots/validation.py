"""Check and normalise raw records, column by column, vectorised.

Each check marks the rows it rejects with a reason naming the column and what to
do; a row with any reason goes to quarantine. What passes comes out typed:
times as whole UTC hours, coordinates as floats, vocabularies as codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hotspots.periods import LOCAL_TIMEZONE
from hotspots.reading import RAW_COLUMN
from hotspots.schema import (
    CATEGORY_ALIASES,
    FALSE_WORDS,
    FIELD_LIMIT_CHARS,
    ID_COLUMN,
    KIND_ALIASES,
    OBSERVED_NAMED_HOURS,
    OTHER_FIELD_LIMIT_CHARS,
    SEIZURE_UNITS,
    SUBSTANCE_ALIASES,
    TIME_COLUMN,
    TIME_OF_DAY,
    TRUE_WORDS,
    Category,
    OperationKind,
    RecordKind,
)
from hotspots.text import fold, fold_series, per_unique, slug

__all__ = ["Validated", "parse_seizures", "validate"]

#: Records dated more than this after "now" are rejected (clock skew allowance).
MAX_FUTURE_S = 86_400
#: Records dated before this are taken for data-entry errors.
MIN_DATE = pd.Timestamp("2000-01-01", tz="UTC")
SECONDS_PER_HOUR = 3600
_SHOWN_VALUE_CHARS = 40

_ISO_AWARE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$"
)
_ISO_NAIVE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_FRENCH_DATE = re.compile(
    r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:(?:[ T]|\s+(?:a|à)\s+)\s*(?P<H>\d{1,2})\s*[:h]\s*(?P<M>\d{2})?(?::(?P<S>\d{2}))?)?$"
)
#: An hour written alone, as police files write it: ``21:30``, ``21h30``, ``21 h``, ``9h``.
_HOUR = re.compile(r"^(?P<H>\d{1,2})\s*(?:[:h]\s*(?P<M>\d{2})?(?::(?P<S>\d{2}))?)?\s*$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_OBSERVED_RANGE = re.compile(
    r"^(?:de |entre )?(?P<h1>\d{1,2})\s*(?:h|:)\s*(?P<m1>\d{2})?\s*(?:-|–|a|à|et|to)\s*"
    r"(?P<h2>\d{1,2})\s*(?:h|:)?\s*(?P<m2>\d{2})?\s*h?$"
)
_SEIZURE_ITEM = re.compile(
    r"^(?P<name>[^:]+?)\s*:\s*(?P<qty>[+-]?\d+(?:[.,]\d+)?)\s*(?P<unit>[^\d\s]\S*)?$"
)


@dataclass
class Validated:
    """Rows that passed (typed columns) and the reasons of those that did not."""

    clean: pd.DataFrame
    rejected: pd.DataFrame  # the raw rows, with a "reason" column
    unknown_categories: int = 0
    observed_unparsed: int = 0


class _Reasons:
    """Collects, per row, the reasons to quarantine it."""

    def __init__(self, index: pd.Index) -> None:
        self.text = pd.Series("", index=index, dtype=object)

    def add(self, mask: pd.Series, message: str, values: pd.Series | None = None) -> None:
        """Add ``message`` to the rows of ``mask``; ``{value}`` in it shows each row's value
        (quoted and cut short), computed only for those rows."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        if values is None:
            msg: str | pd.Series = message
        else:
            before, _, after = message.partition("{value}")
            msg = before + _shown(values[mask]) + after
        current = self.text[mask]
        self.text.loc[mask] = current.where(current == "", current + "; ") + msg

    @property
    def bad(self) -> pd.Series:
        return self.text != ""


def _shown(values: pd.Series) -> pd.Series:
    """Values quoted and cut short (numbers with thousands separators), for reasons."""
    if pd.api.types.is_integer_dtype(values):
        return values.map("{:,}".format).astype(object)
    text = values.astype(str)
    cut = text.str.slice(0, _SHOWN_VALUE_CHARS)
    return "'" + cut.where(text.str.len() <= _SHOWN_VALUE_CHARS, cut + "…") + "'"


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name].fillna("").str.strip()
    return pd.Series("", index=frame.index, dtype=object)


def parse_times(values: pd.Series) -> pd.Series:
    """ISO 8601 (naive = Europe/Paris) or DD/MM/YYYY [HH:MM] → UTC timestamps; NaT if invalid."""
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    aware = values.str.match(_ISO_AWARE)
    naive = values.str.match(_ISO_NAIVE)
    # Only what is not ISO 8601 is tried as a French date (extracting groups is slow).
    rest = ~(aware.fillna(False) | naive.fillna(False))
    french = values[rest].str.extract(_FRENCH_DATE).reindex(values.index)
    is_french = french["y"].notna()
    if is_french.any():
        f = french[is_french].fillna({"H": "0", "M": "00", "S": "0"})
        iso = (
            f["y"]
            + "-"
            + f["m"].str.zfill(2)
            + "-"
            + f["d"].str.zfill(2)
            + "T"
            + f["H"].str.zfill(2)
            + ":"
            + f["M"]
            + ":"
            + f["S"].str.zfill(2)
        )
        values = values.copy()
        values.loc[is_french] = iso
        naive = naive | is_french
    if aware.any():
        out.loc[aware] = pd.to_datetime(values[aware], format="ISO8601", utc=True, errors="coerce")
    if naive.any():
        local = pd.to_datetime(values[naive], format="ISO8601", errors="coerce")
        ambiguous = np.ones(len(local), dtype=bool)  # the repeated autumn hour: take summer time
        localised = local.dt.tz_localize(
            LOCAL_TIMEZONE, ambiguous=ambiguous, nonexistent="shift_forward"
        )
        out.loc[naive] = localised.dt.tz_convert("UTC")
    return out


def _with_hour(dates: pd.Series, hours: pd.Series) -> pd.Series:
    """A date and, from its own column, its hour (« 21h30 », « 21:30 », « 21 h »), as
    one text; a date that already holds a time, or a row without an hour, as it is."""
    given = (hours != "") & (dates != "") & ~dates.str.contains(r"[T ]\d|\d[:h]\d", regex=True)
    if not given.any():
        return dates
    parts = hours[given].str.extract(_HOUR)
    ok = parts["H"].notna()
    text = (
        parts["H"].str.zfill(2) + ":" + parts["M"].fillna("00")
        + (":" + parts["S"]).fillna("")
    )  # fmt: skip
    out = dates.copy()
    joined = dates[given][ok] + " " + text[ok]
    out.loc[joined.index] = joined
    bad = given & ~ok.reindex(dates.index, fill_value=True)
    out.loc[bad] = dates[bad] + " " + hours[bad]  # not an hour: the date is then invalid
    return out


def parse_numbers(values: pd.Series) -> pd.Series:
    """Numbers with ``.`` or a French decimal comma; NaN when not a number."""
    fixed = values.where(
        ~values.str.match(_DECIMAL_COMMA), values.str.replace(",", ".", regex=False)
    )
    return pd.to_numeric(fixed, errors="coerce").astype(float)


def parse_observed(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(from_hour, to_hour, unparsed) of observed windows; to is exclusive, 24 wraps."""
    parsed = per_unique(values, _parse_observed_distinct)
    return parsed["start"].astype("Int8"), parsed["end"].astype("Int8"), parsed["unparsed"]


def _parse_observed_distinct(values: pd.Series) -> pd.DataFrame:
    folded = values.map(fold).str.strip()
    named_key = folded.str.replace(r"[\s'\-]+", "_", regex=True)
    start = pd.Series(np.nan, index=values.index)
    end = pd.Series(np.nan, index=values.index)
    named = named_key.map(lambda k: OBSERVED_NAMED_HOURS.get(k))
    has_name = named.notna()
    start[has_name] = named[has_name].map(lambda v: v[0])
    end[has_name] = named[has_name].map(lambda v: v[1])
    parts = folded.str.extract(_OBSERVED_RANGE)
    ranged = parts["h1"].notna() & ~has_name
    if ranged.any():
        h1 = pd.to_numeric(parts.loc[ranged, "h1"])
        h2 = pd.to_numeric(parts.loc[ranged, "h2"])
        m2 = pd.to_numeric(parts.loc[ranged, "m2"]).fillna(0)
        h2 = h2 + (m2 > 0)  # 22h30 ends within the 22 o'clock hour: count it whole
        ok = (h1 <= 24) & (h2 <= 24) & (h1 % 24 != h2 % 24)
        start[ranged] = (h1 % 24).where(ok)
        end[ranged] = h2.where(ok).where(h2 != 0, 24)
    unparsed = (folded != "") & start.isna()
    return pd.DataFrame({"start": start, "end": end, "unparsed": unparsed})


def parse_seizures(text: str) -> tuple[list[tuple[str, float, str]], str | None]:
    """``"cannabis_resin:950 g; cocaine:12 g"`` → ([(substance, quantity, unit)], None),
    quantities in grams or pieces; or ([], reason) when malformed."""
    items: dict[tuple[str, str], float] = {}
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        m = _SEIZURE_ITEM.match(part)
        if not m:
            return [], f"seizures: {part[:_SHOWN_VALUE_CHARS]!r} is not 'substance:quantity unit'"
        name = slug(m["name"])
        if not name:
            return [], f"seizures: {part[:_SHOWN_VALUE_CHARS]!r} has no substance name"
        quantity = float(m["qty"].replace(",", "."))
        if quantity < 0:
            return [], f"seizures: negative quantity in {part[:_SHOWN_VALUE_CHARS]!r}"
        unit_key = slug(m["unit"] or "")
        if unit_key not in SEIZURE_UNITS:
            return [], (
                f"seizures: unit {m['unit'] or '(none)'!r} in {part[:_SHOWN_VALUE_CHARS]!r}; "
                "use g, kg or pieces"
            )
        unit, factor = SEIZURE_UNITS[unit_key]
        substance = SUBSTANCE_ALIASES.get(name, name)[:40]
        items[(substance, unit)] = items.get((substance, unit), 0.0) + quantity * factor
    return [(s, q, u) for (s, u), q in items.items()], None


def validate(frame: pd.DataFrame, kind: RecordKind, now: pd.Timestamp, in_study_area) -> Validated:
    """Check one chunk of raw records of ``kind``.

    ``in_study_area(lat, lon)`` tells whether coordinates fall in the area (its
    communes and their margin: :meth:`hotspots.areas.Area.in_area`).
    """
    reasons = _Reasons(frame.index)
    columns = [c for c in frame.columns if c not in ("source_line", RAW_COLUMN)]
    for col in columns:
        limit = FIELD_LIMIT_CHARS.get(col, OTHER_FIELD_LIMIT_CHARS)
        lengths = frame[col].str.len().fillna(0).astype("int64")
        reasons.add(
            lengths > limit,
            f"{col}: value of {{value}} characters, over the {limit:,} limit",
            lengths,
        )

    id_col = ID_COLUMN[kind]
    ids = _column(frame, id_col)
    reasons.add(ids == "", f"{id_col}: missing identifier")

    time_col = TIME_COLUMN[kind]
    raw_times = _with_hour(_column(frame, time_col), _column(frame, TIME_OF_DAY[kind]))
    times = parse_times(raw_times)
    reasons.add(raw_times == "", f"{time_col}: missing date")
    reasons.add(
        (raw_times != "") & times.isna(),
        f"{time_col}: {{value}} is not a valid date (use ISO 8601, e.g. 2025-03-14T21:30)",
        raw_times,
    )
    reasons.add(
        times > now + pd.Timedelta(seconds=MAX_FUTURE_S),
        f"{time_col}: {{value}} is more than a day in the future",
        raw_times,
    )
    reasons.add(times < MIN_DATE, f"{time_col}: {{value}} is before 2000", raw_times)

    location = _column(frame, "location")
    raw_lat, raw_lon = _column(frame, "lat"), _column(frame, "lon")
    lat, lon = parse_numbers(raw_lat), parse_numbers(raw_lon)
    has_lat, has_lon = raw_lat != "", raw_lon != ""
    reasons.add(has_lat & ~has_lon, "lon: missing while lat is given (give both or neither)")
    reasons.add(has_lon & ~has_lat, "lat: missing while lon is given (give both or neither)")
    for name, raw, value, bound in (("lat", raw_lat, lat, 90), ("lon", raw_lon, lon, 180)):
        given = raw != ""
        reasons.add(given & value.isna(), f"{name}: {{value}} is not a number", raw)
        reasons.add(
            given & value.notna() & ~np.isfinite(value),
            f"{name}: {{value}} is not finite",
            raw,
        )
        reasons.add(
            given & np.isfinite(value) & (value.abs() > bound),
            f"{name}: {{value}} is out of range (±{bound})",
            raw,
        )
    both = (
        has_lat
        & has_lon
        & np.isfinite(lat)
        & np.isfinite(lon)
        & (lat.abs() <= 90)
        & (lon.abs() <= 180)
    )
    if both.any():
        inside = pd.Series(True, index=frame.index)
        inside[both] = in_study_area(lat[both].to_numpy(), lon[both].to_numpy())
        reasons.add(
            both & ~inside,
            "lat, lon: {value} is outside the area (its communes plus 1 km)",
            raw_lat + ", " + raw_lon,
        )
    reasons.add(
        ~has_lat & ~has_lon & (location == ""),
        "location: no usable location (give location text, or lat and lon)",
    )

    clean = pd.DataFrame(index=frame.index)
    clean["source_line"] = frame["source_line"]
    clean["record_id"] = ids
    clean["lat"] = lat.where(both)
    clean["lon"] = lon.where(both)
    clean["location"] = location.where(~both, "")
    extra = _validate_tips(frame, clean, reasons) if kind is RecordKind.TIPS else (0, 0)
    if kind is RecordKind.OPERATIONS:
        _validate_operations(frame, clean, reasons)

    ok_times = times.where(~reasons.bad)
    epoch = (ok_times - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1)
    clean["ts"] = (epoch // SECONDS_PER_HOUR * SECONDS_PER_HOUR).astype("Int64")
    local = ok_times.dt.tz_convert(LOCAL_TIMEZONE)
    clean["hour_local"] = local.dt.hour.astype("Int8")
    clean["weekday_local"] = local.dt.day_of_week.astype("Int8")

    bad = reasons.bad
    rejected = frame[bad].copy()
    rejected["reason"] = reasons.text[bad]
    return Validated(clean[~bad].copy(), rejected, *extra)


_CATEGORY_SEPARATORS = re.compile(r"[\s\-']+")


def _category_codes(values: pd.Series) -> pd.Series:
    """Category code of each distinct raw value, ``""`` when it is not a known one."""
    return values.map(
        lambda v: str(CATEGORY_ALIASES.get(_CATEGORY_SEPARATORS.sub("_", fold(v)), ""))
    ).astype(object)


def _folded_words(values: pd.Series) -> pd.Series:
    return values.map(lambda v: fold(v).strip()).astype(object)


def _validate_tips(frame: pd.DataFrame, clean: pd.DataFrame, reasons: _Reasons) -> tuple[int, int]:
    from hotspots.privacy import extract_tags

    raw_category = _column(frame, "category")
    category = per_unique(raw_category, _category_codes)
    unknown = (raw_category != "") & (category == "")
    clean["category"] = category.where(category != "", Category.OTHER.value)

    raw_exploitable = per_unique(_column(frame, "exploitable"), _folded_words)
    is_true = raw_exploitable.isin(TRUE_WORDS)
    is_false = raw_exploitable.isin(FALSE_WORDS)
    reasons.add(
        (raw_exploitable != "") & ~is_true & ~is_false,
        "exploitable: {value} is not oui/non/true/false/1/0 "
        "(leave it empty while triage is pending)",
        _column(frame, "exploitable"),
    )
    clean["exploitable"] = pd.Series(pd.NA, index=frame.index, dtype="boolean")
    clean.loc[is_true, "exploitable"] = True
    clean.loc[is_false, "exploitable"] = False

    start, end, unparsed = parse_observed(_column(frame, "observed"))
    clean["observed_from"] = start
    clean["observed_to"] = end
    clean["tags"] = extract_tags(_column(frame, "description"))
    ok = ~reasons.bad
    return int((unknown & ok).sum()), int((unparsed & ok).sum())


def _validate_operations(frame: pd.DataFrame, clean: pd.DataFrame, reasons: _Reasons) -> None:
    raw_kind = _column(frame, "kind")
    kind = fold_series(raw_kind).map(lambda k: KIND_ALIASES.get(k.strip()))
    reasons.add(
        (raw_kind != "") & kind.isna(),
        "kind: {value} is not surveillance, arrest or search",
        raw_kind,
    )
    clean["kind"] = kind.fillna(OperationKind.SURVEILLANCE.value).map(str)

    raw_arrests = _column(frame, "arrests")
    arrests = parse_numbers(raw_arrests)
    given = raw_arrests != ""
    reasons.add(given & arrests.isna(), "arrests: {value} is not a number", raw_arrests)
    reasons.add(given & (arrests < 0), "arrests: {value} is a negative count", raw_arrests)
    reasons.add(
        given & (arrests >= 0) & ((arrests % 1 != 0) | ~np.isfinite(arrests)),
        "arrests: {value} is not a whole number",
        raw_arrests,
    )
    clean["arrests"] = (
        arrests.where(np.isfinite(arrests) & (arrests >= 0), 0).fillna(0).astype("int64")
    )

    raw_cash = _column(frame, "cash_eur").str.replace(r"[\s\u202f\u00a0€]", "", regex=True)
    cash = parse_numbers(raw_cash)
    cash_given = raw_cash != ""
    reasons.add(cash_given & cash.isna(), "cash_eur: {value} is not a number", raw_cash)
    reasons.add(
        cash_given & cash.notna() & ~np.isfinite(cash),
        "cash_eur: {value} is not finite",
        raw_cash,
    )
    reasons.add(cash_given & (cash < 0), "cash_eur: {value} is negative", raw_cash)
    clean["cash_eur"] = cash.where(np.isfinite(cash))

    parsed = _column(frame, "seizures").map(parse_seizures)
    seizure_error = parsed.map(lambda p: p[1] or "")
    reasons.add(seizure_error != "", seizure_error)
    clean["seizures"] = parsed.map(lambda p: p[0])

    tip_ids = _column(frame, "tip_ids").map(
        lambda s: sorted({t.strip() for t in s.split(";") if t.strip()})
    )
    too_long = tip_ids.map(lambda ids: any(len(t) > FIELD_LIMIT_CHARS["tip_id"] for t in ids))
    reasons.add(too_long, "tip_ids: an id is longer than 200 characters")
    clean["tip_ids"] = tip_ids
