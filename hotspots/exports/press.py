"""The press table: quartier × period or commune × period counts after disclosure
control (every count goes through :mod:`hotspots.disclosure`, every release of a year
read with every earlier one through :mod:`hotspots.release_protection`)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from hotspots import disclosure, release_protection, roles
from hotspots.exports.periods import (
    ExportError,
    UnprotectableRelease,
    bucket_first_day,
    bucket_label,
    column_spans,
    period_columns,
)
from hotspots.exports.press_rows import (
    OTHER_COMMUNES,
    CommuneRows,
    grid_of,
    header,
    op_pieces,
    rest_name,
    tip_pieces,
)
from hotspots.geo import Districts
from hotspots.i18n import translate
from hotspots.periods import day_number
from hotspots.release_protection import ALL_ROWS, VIRTUAL, Cell, Release, row_pieces
from hotspots.tables import OpsTable, TipTable, latest_day

__all__ = ["COLUMNS", "HIDDEN_TEXT", "MEASURES", "PressTable", "press_scope", "press_table"]


MEASURES = ("tips", "exploitable", "operations", "arrests", "seizures_g")


HIDDEN_TEXT = "n.d."


COLUMNS = ("district", "code", "period", *MEASURES)


@dataclass
class PressTable:
    """Measures per district × period after disclosure control.

    By month or quarter: one calendar year, its periods and a ``Total`` column (the
    year). By year: one column per year (each year's ``Total`` column of its table by
    month), no total across years. The table by quarter keeps the year column of the
    table by month as it is (published cells stay published, hidden ones hidden).
    """

    by: str
    first: int
    last: int
    k: int
    row_codes: list[str]
    row_names: list[str]
    protected: dict[str, disclosure.Protected]  # the columns shown, totals row last
    pending: int  # pending tips of the last year (for the exploitable share)
    latest: date | None
    lang: str = "fr"
    dataset_demo: bool = False
    through: date | None = None  # last day covered, for a year not yet ended
    version: int = 0  # the data version the table was computed from
    #: why today's data cannot be issued as a revision of this release ("" when they can)
    revision_refused: str = ""
    #: a revision of an earlier release: it does not hold back for finer tables of its
    #: data (they are protected, or refused, when asked for)
    revises: bool = False
    #: whether its protection held back for the finer tables of the same days
    hold_back: bool = True
    #: the counts behind the table, for the checks of later releases (never published):
    #: year → measure → piece (a district code, ``@`` and a commune code for the rest of
    #: a commune, ``""`` for no commune) → 12 months
    atoms: dict[int, dict[str, dict[str, list[float]]]] = field(default_factory=dict)
    #: ``district`` or ``commune`` (see :data:`KINDS`)
    kind: str = "district"
    #: a table by commune: each row as the pieces it sums
    groups: dict[str, list[str]] = field(default_factory=dict)

    @property
    def buckets(self) -> list[int]:
        return [self.first] if self.by == "ytd" else list(range(self.first, self.last + 1))

    @property
    def period_labels(self) -> list[str]:
        if self.by == "ytd":
            return [translate("press_ytd_col", self.lang, year=self.year)]
        return [bucket_label(b, self.by, self.lang) for b in self.buckets]

    @property
    def column_labels(self) -> list[str]:
        total = [] if self.by in ("year", "ytd") else [header("total_col", self.lang)]
        return [*self.period_labels, *total]

    @property
    def spans(self) -> list[tuple[int, int, int]]:
        """Each column as (year, first month, last month), see :func:`column_spans`."""
        return column_spans(self.by, self.first, self.last)

    @property
    def year(self) -> int:
        """The last calendar year of the table (the one the headline speaks of)."""
        if self.by == "year":
            return self.last
        return bucket_first_day(self.first, "month" if self.by == "ytd" else self.by).year

    def covered(self) -> tuple[date, date]:
        """The days the headline speaks of: from the 1st of January of :attr:`year` to
        the day the table covers to (the year so far), the end of the year, or the last
        day of data when the data stop before it."""
        start = date(self.year, 1, 1)
        if self.through is not None:
            return start, self.through
        end = date(self.year, 12, 31)
        if self.latest is not None and start <= self.latest < end:
            end = self.latest
        return start, end

    def release(self, year: int) -> Release | None:
        """The cells this table publishes of ``year``, for the joint protection (``None``
        when it publishes nothing of that year)."""
        codes = [*self.row_codes, ALL_ROWS]
        cells: list[Cell] = []
        positions: list[tuple[str, int, int]] = []
        for c, (y, a, b) in enumerate(self.spans):
            if y != year:
                continue
            for measure in MEASURES:
                p = self.protected[measure]
                for r, code in enumerate(codes):
                    cells.append(
                        Cell(measure, code, (a, b), float(p.values[r, c]), int(p.status[r, c]))
                    )
                    positions.append((measure, r, c))
                if "" not in self.row_codes:
                    # the row of the rest, left out because empty: known to be 0
                    cells.append(Cell(measure, "", (a, b), 0.0))
                    positions.append((measure, -1, -1))
        # the months and quarters a finer table of the same days may publish later: kept
        # protectable now (a later table can hide its own cells, not this one's)
        covered = [(a, b) for y, a, b in self.spans if y == year]
        if covered and year in self.atoms and self.hold_back and not self.revises:
            start, end = min(a for a, _b in covered), max(b for _a, b in covered)
            finer = {"month": [3], "quarter": [1], "year": [1, 3], "ytd": [1, 3]}[self.by]
            spans = {
                (m, m + size - 1)
                for size in finer
                for m in range(start, end + 1, size)
                if m % size == 0 and m + size - 1 <= end
            } - set(covered)
            for measure in MEASURES:
                grid = self.atoms[year][measure]
                for a, b in sorted(spans):
                    for code in codes:
                        rows = self.pieces(code, grid)
                        value = sum(sum(grid.get(r, [0.0] * 12)[a : b + 1]) for r in rows)
                        cells.append(Cell(measure, code, (a, b), float(value), VIRTUAL))
                        positions.append((measure, -1, -1))
        if not cells:
            return None
        through = self.through.toordinal() if self.through else 10**7
        key = (self.version, through)  # one day cut from the same data is other counts
        return Release(key, cells, self.atoms.get(year), self.scope, self.k, positions, self.groups)

    def pieces(self, code: str, counts: Mapping[str, object]) -> list[str]:
        """The pieces of ``counts`` a row sums."""
        return row_pieces(code, self.groups, counts)

    def take_statuses(self, year: int, release: Release) -> None:
        """Write the statuses the joint protection chose back into the table."""
        for cell, (measure, r, c) in zip(release.cells, release.positions, strict=True):
            if r >= 0:
                self.protected[measure].status[r, c] = cell.status

    def text(self, measure: str, r: int, c: int) -> str | int | float:
        """What is published in a cell: the number, ``< k`` or ``n.d.``."""
        p = self.protected[measure]
        status = int(p.status[r, c])
        if status in disclosure.BELOW_K and measure != "seizures_g":
            return f"< {self.k}"
        if status != disclosure.PUBLISHED:
            return HIDDEN_TEXT
        value = p.values[r, c]
        return round(float(value), 1) if measure == "seizures_g" else int(value)

    def total(self, measure: str) -> str | int | float:
        """The city's figure for the (last) year."""
        return self.text(measure, -1, -1)

    def rows(self) -> list[dict]:
        """Long format: one row per district (and all districts) and column, in the
        order of the table."""
        names = [*self.row_names, header("total_row", self.lang)]
        codes = [*self.row_codes, ""]
        out = []
        for r, (name, code) in enumerate(zip(names, codes, strict=True)):
            for c, period in enumerate(self.column_labels):
                row: dict[str, object] = {"district": name, "code": code, "period": period}
                for measure in MEASURES:
                    row[measure] = self.text(measure, r, c)
                out.append(row)
        return out

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.rows())
        names = {k: header(k, self.lang) for k in COLUMNS}
        if self.kind == "commune":
            names["district"] = header("commune", self.lang)
        return frame.rename(columns=names)

    def hidden_counts(self) -> dict[str, int]:
        return {m: p.hidden for m, p in self.protected.items()}

    @property
    def scope(self) -> str:
        """What was asked, as the release register names it: the same scope is the
        same published table (whatever the language it is shown in)."""
        return press_scope(self.by, self.first, self.last, self.k, self.through, self.kind)

    def to_json(self) -> str:
        """The table as published, for the release register: every cell's value and
        status per measure (hidden cells with their value at release, which only the
        store's own checks read), the rows, the pending tips, the last day of data."""
        return json.dumps(
            {
                "by": self.by,
                "first": self.first,
                "last": self.last,
                "k": self.k,
                "row_codes": self.row_codes,
                "row_names": self.row_names,
                "pending": self.pending,
                "latest": self.latest.isoformat() if self.latest else None,
                "dataset_demo": self.dataset_demo,
                "through": self.through.isoformat() if self.through else None,
                "revises": self.revises,
                "hold_back": self.hold_back,
                "version": self.version,
                "kind": self.kind,
                "groups": self.groups,
                "atoms": {str(y): a for y, a in self.atoms.items()},
                "measures": {
                    m: {"values": p.values.tolist(), "status": p.status.tolist()}
                    for m, p in self.protected.items()
                },
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str, lang: str = "fr") -> PressTable:
        """A table read back from the register, shown in ``lang``."""
        data = json.loads(text)
        k = int(data["k"])
        kind = data.get("kind", "district")
        names = [
            rest_name(code, kind, lang) or name
            for code, name in zip(data["row_codes"], data["row_names"], strict=True)
        ]
        return cls(
            by=data["by"],
            first=int(data["first"]),
            last=int(data["last"]),
            k=k,
            row_codes=list(data["row_codes"]),
            row_names=names,
            protected={
                m: disclosure.Protected(
                    np.asarray(cells["values"], dtype=float),
                    np.asarray(cells["status"], dtype=np.int8),
                    k,
                )
                for m, cells in data["measures"].items()
            },
            pending=int(data["pending"]),
            latest=date.fromisoformat(data["latest"]) if data["latest"] else None,
            lang=lang,
            dataset_demo=bool(data["dataset_demo"]),
            through=date.fromisoformat(data["through"]) if data.get("through") else None,
            version=int(data.get("version", 0)),
            revises=bool(data.get("revises", False)),
            hold_back=bool(data.get("hold_back", True)),
            atoms={int(y): a for y, a in data.get("atoms", {}).items()},
            kind=kind,
            groups={r: list(p) for r, p in data.get("groups", {}).items()},
        )

    def published_cells(self) -> dict[tuple[str, str, str], str | int | float]:
        """Every cell as the public reads it, keyed by (measure, row code, column)."""
        codes = [*self.row_codes, "*"]
        return {
            (measure, code, column): self.text(measure, r, c)
            for measure in MEASURES
            for r, code in enumerate(codes)
            for c, column in enumerate(self.column_labels)
        }


def press_scope(
    by: str, first: int, last: int, k: int, through: date | None, kind: str = "district"
) -> str:
    """The register's name of a press table: the same name is the same table."""
    scope = f"{kind}|{by}|{first}|{last}|k{k}"
    return scope if through is None else f"{scope}|{through.isoformat()}"


def press_table(
    table: TipTable,
    ops: OpsTable,
    districts: Districts,
    by: str,
    first: int,
    last: int,
    k: int,
    role: roles.Role | str | None,
    lang: str = "fr",
    earlier: Sequence[PressTable] = (),
    version: int = 0,
    through: date | None = None,
    keep_hidden: PressTable | None = None,
    communes: CommuneRows | None = None,
) -> PressTable:
    """Tips, exploitable tips, operations, arrests and grams seized per district (or,
    with ``communes``, per commune) and period (see :func:`bucket_range` for the
    periods), protected by primary and secondary suppression read together with every
    ``earlier`` release of the same years, by quartier and by commune (see
    :mod:`hotspots.release_protection`).

    ``version`` is the data version the table is computed from; ``through`` the last
    day a table of a year not yet ended covers (the current month then counts so far);
    ``keep_hidden`` a release this table revises: its hidden cells stay hidden.
    Raises :class:`ExportError` with a coarser suggestion when the table cannot be
    protected."""
    roles.require(role, "press_export")
    if k < 2:
        raise ExportError(f"the suppression threshold k must be at least 2 (got {k})")
    spans = column_spans(by, first, last)
    years = sorted({y for y, _a, _b in spans})
    codes = list(table.district_codes)
    base = years[0] * 12
    n_months = (years[-1] - years[0] + 1) * 12
    tips_kept = np.ones(len(table), dtype=bool)
    ops_frame = ops.ops
    if through is not None:
        tips_kept = table.day <= day_number(through)
        ops_frame = ops_frame[ops_frame["day"].to_numpy() <= day_number(through)]
    tip_cols = table.month[tips_kept].astype(np.int64) - base
    names, tip_ids = tip_pieces(table, tips_kept)
    known = {p: i for i, p in enumerate(names)}
    op_ids = [known.setdefault(p, len(known)) for p in op_pieces(ops_frame, codes)]
    names = list(known)  # with the pieces of operations outside the tips' communes
    # the districts and the rest always; the pieces outside them that hold something
    present = sorted({*range(len(codes)), known[""], *np.unique(tip_ids).tolist(), *op_ids})
    pieces = [names[i] for i in present]
    renumber = np.full(len(names), -1, dtype=np.int64)
    renumber[present] = np.arange(len(pieces))
    where = {p: i for i, p in enumerate(pieces)}
    tip_rows = renumber[tip_ids]
    op_rows = renumber[np.asarray(op_ids, dtype=np.int64)]
    op_cols = ops_frame["month"].to_numpy(np.int64) - base
    grams = ops.seized[ops.seized["unit"] == "g"].groupby("op_key64")["quantity"].sum()
    op_grams = ops_frame["key64"].map(grams).fillna(0.0).to_numpy(float)
    n_pieces = len(pieces)
    triage = table.triage[tips_kept]
    fine = {
        "tips": grid_of(tip_rows, tip_cols, None, n_pieces, n_months),
        "exploitable": grid_of(tip_rows, tip_cols, triage == 1, n_pieces, n_months),
        "operations": grid_of(op_rows, op_cols, None, n_pieces, n_months),
        "arrests": grid_of(
            op_rows, op_cols, ops_frame["arrests"].to_numpy(float), n_pieces, n_months
        ),
        "seizures_g": grid_of(op_rows, op_cols, np.round(op_grams, 1), n_pieces, n_months),
        "seizing": grid_of(op_rows, op_cols, op_grams > 0, n_pieces, n_months),
        "pending": grid_of(tip_rows, tip_cols, triage == 2, n_pieces, n_months),
    }
    atoms = {
        year: {
            m: {
                piece: [float(v) for v in fine[m][r, (year - years[0]) * 12 :][:12]]
                for r, piece in enumerate(pieces)
            }
            for m in MEASURES
        }
        for year in years
    }
    press = PressTable(
        by=by, first=first, last=last, k=k, row_codes=[], row_names=[], protected={},
        pending=0, latest=None, lang=lang, through=through, version=version, atoms=atoms,
        kind="district" if communes is None else "commune",
        groups={} if communes is None else communes.groups(),
    )  # fmt: skip
    if communes is None:
        row_codes = [*codes]
        row_names = [*districts.names] if tuple(districts.codes) == tuple(codes) else [*codes]
    else:
        row_codes, row_names = [*communes.codes], [*communes.names]
        if communes.others:
            row_codes.append(OTHER_COMMUNES)
            row_names.append(header("other_communes", lang))
    membership = np.zeros((len(row_codes) + 1, n_pieces))  # the rest's row last
    for r, code in enumerate([*row_codes, ""]):
        for piece in press.pieces(code, dict.fromkeys(pieces)):
            if piece in where:
                membership[r, where[piece]] = 1.0
    grids = {m: membership @ g for m, g in fine.items()}
    # The row of the rest (no district, or no commune), only when it holds any.
    if grids["tips"][-1].any() or grids["operations"][-1].any():
        row_codes.append("")
        row_names.append(rest_name("", press.kind, lang))
    else:
        grids = {m: g[:-1] for m, g in grids.items()}
    last_year = slice((years[-1] - years[0]) * 12, n_months)
    pending = int(fine["pending"][:, last_year].sum())
    protected: dict[str, disclosure.Protected] = {}
    for measure in MEASURES:
        values = period_columns(grids[measure], spans, years[0])
        seizing = period_columns(grids["seizing"], spans, years[0])
        counted = seizing if measure == "seizures_g" else values
        status = np.where((counted >= 1) & (counted <= k - 1), disclosure.PRIMARY, 0)
        protected[measure] = disclosure.Protected(values, status.astype(np.int8), k)
    press.row_codes, press.row_names, press.protected = row_codes, row_names, protected
    press.pending = pending
    press.latest = latest_day(table, ops) if (len(table) or len(ops.ops)) else None
    if keep_hidden is not None:
        _keep_hidden(press, keep_hidden)
        press.revises = True
    start = {m: p.status.copy() for m, p in press.protected.items()}
    used = 0  # the protection's work for this table, every attempt and year together
    for year in years:
        before = [r for r in (e.release(year) for e in earlier) if r is not None]
        for hold_back in (True, False):
            # first holding back for the finer tables of the same days; when that leaves
            # a cell of this table unprotectable (their labels alone would narrow it),
            # without: the finer table is then protected, or refused, when asked for
            press.hold_back = hold_back
            for measure, status in start.items():
                press.protected[measure].status[...] = status
            new = press.release(year)
            if new is None:
                break
            try:
                budget = release_protection.MAX_WORK - used
                done = release_protection.protect_release(before, new, k, max_work=budget)
            except disclosure.UnprotectableTable as error:
                used += getattr(error, "work", 0)
                reason = getattr(error, "reason", "leak")  # too hidden or too long: final
                if hold_back and reason == "leak":
                    continue
                coarser = {"month": "quarter", "quarter": "year", "ytd": None, "year": None}[by]
                raise UnprotectableRelease(f"{error}; {_coarser(by)}", coarser, reason) from error
            used += done.work
            press.take_statuses(year, new)
            start = {m: p.status.copy() for m, p in press.protected.items()}
            break
    return press


def _keep_hidden(press: PressTable, release: PressTable) -> None:
    """Cells hidden in ``release`` stay hidden in its revision ``press``."""
    index = {code: r for r, code in enumerate(release.row_codes)}
    for measure, p in press.protected.items():
        old = release.protected.get(measure)
        if old is None:
            continue
        for r, code in enumerate([*press.row_codes, ALL_ROWS]):
            r_old = index.get(code, len(release.row_codes) if code == ALL_ROWS else None)
            if r_old is None or old.values.shape[1] != p.values.shape[1]:
                continue
            for c in range(p.values.shape[1]):
                if old.status[r_old, c] != disclosure.PUBLISHED and p.status[r, c] == 0:
                    zero = p.values[r, c] == 0 and measure != "seizures_g"
                    p.status[r, c] = disclosure.SECONDARY_ZERO if zero else disclosure.SECONDARY


def _coarser(by: str) -> str:
    """What to publish instead of a table that cannot be protected."""
    return {
        "month": "publish the table by quarter instead",
        "quarter": "publish the table by year instead",
        "ytd": "publish the year so far later, or the ended year's table",
        "year": "raise k or publish fewer years at a time",
    }[by]
