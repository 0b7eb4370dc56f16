"""An outsider's attack on every press release of a year, read together.

The releases are issued as a press office would over a year: the year so far at the end
of every month (from the data received by then), then, the year ended, the tables by
year, by quarter and by month, then three tips of June arrive late and each of the
three is revised. The attacker reads the CSV files only (and, in its favour, which
files were made from the same data and in which order, and the day each year-so-far
file stops), builds its own integer program — every published figure, ``< k`` as
0..k−1, ``n.d.`` as at least k, exploitable ≤ tips, arrests and amounts only where an
operation is, late data only add — and bounds every hidden cell with HiGHS.

Safe means: no hidden cell is determined, and a hidden count whose true value is 1..k−1
keeps a range of at least k−1 values.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import fields, replace
from datetime import date, timedelta

import highspy
import numpy as np
import pandas as pd
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from hotspots import exports
from hotspots.areas import load_area
from hotspots.bootstrap import ensure_demo_database
from hotspots.config import Settings
from hotspots.exports.press_rows import header
from hotspots.periods import day_number, day_of
from hotspots.store import Store
from hotspots.tables import OpsTable, TipTable, load_ops, load_tips

K = 5
YEAR = 2025
COUNTS = ("tips", "exploitable", "operations", "arrests")
MEASURES = (*COUNTS, "seizures_g")


def _subset(table: TipTable, keep: np.ndarray) -> TipTable:
    n = len(table)
    changes = {
        f.name: getattr(table, f.name)[keep]
        for f in fields(table)
        if isinstance(getattr(table, f.name), np.ndarray) and len(getattr(table, f.name)) == n
    }
    return replace(table, **changes, _parents={})


def _ops_until(ops: OpsTable, last: date) -> OpsTable:
    frame = ops.ops[ops.ops["day"].to_numpy() <= day_number(last)]
    return OpsTable(frame, ops.links, ops.seized[ops.seized["op_key64"].isin(frame["key64"])])


def issue_year(
    table: TipTable,
    ops: OpsTable,
    districts,
    late: np.ndarray,
    monthly: bool,
    ended_by: tuple[str, ...] = ("year", "quarter", "month"),
    jointly: bool | str = True,
    communes: exports.CommuneRows | None = None,
):
    """Every release of the year, in the order issued, as (version, press table,
    published CSV), and the tables refused (with a coarser suggestion, not issued).
    ``monthly``: the year so far is issued at the end of every month first. ``late``:
    the tips that arrive after the ended year's tables (``ended_by``), each then
    revised. With ``communes`` each ended-year table is issued by quartier and then by
    commune. ``jointly=False`` protects each table alone, as before releases were
    protected together; ``"kind"`` each with the earlier tables of its kind only."""
    issued: list[tuple[int, exports.PressTable]] = []
    refused: list[str] = []

    def issue(version, *args, **kwargs) -> exports.PressTable | None:
        kind = "commune" if kwargs.get("communes") else "district"
        earlier = [p for _v, p in issued if jointly is True or p.kind == kind and jointly]
        try:
            press = exports.press_table(
                *args,
                K,
                "presse",
                earlier=earlier,
                version=version,
                **kwargs,
            )
        except exports.ExportError as error:
            assert "publish" in str(error) or "raise k" in str(error)  # says what instead
            refused.append(f"{args[3]} v{version}: {error}")
            return None
        issued.append((version, press))
        return press

    on_time = _subset(table, ~late)
    last_day = max(table.day.max(), ops.ops["day"].max())
    for month in range(1, 12 if monthly else 1):
        end = date(YEAR, month + 1, 1) - timedelta(days=1)
        if day_number(end) > last_day + 31:
            break
        seen = _subset(on_time, on_time.day <= day_number(end))
        seen_ops = _ops_until(ops, end)
        first, last, through = exports.press_period(seen, seen_ops, "ytd", end)
        issue(month, seen, seen_ops, districts, "ytd", first, last, through=through)
    today = date(YEAR + 1, 1, 15)
    ended: dict[tuple[str, str], exports.PressTable] = {}
    kinds = {"district": None} if communes is None else {"district": None, "commune": communes}
    for by in ended_by:
        for kind, rows in kinds.items():
            first, last = exports.bucket_range(on_time, ops, by, today)
            press = issue(20, on_time, ops, districts, by, first, last, communes=rows)
            if press is not None:
                ended[(by, kind)] = press
    for (by, kind), press in ended.items():
        first, last = exports.bucket_range(table, ops, by, today)
        issue(21, table, ops, districts, by, first, last, keep_hidden=press, communes=kinds[kind])
    return [(v, p, exports.press_csv(p)) for v, p in issued], refused


# --- the attacker: published files only -------------------------------------------------
def _spans(labels: list[str], through_month: int | None) -> list[tuple[int, int]]:
    spans: list[tuple[int, int] | None] = []
    for label in labels:
        if m := re.fullmatch(r"(\d{4})-(\d{2})", label):
            spans.append((int(m.group(2)) - 1, int(m.group(2)) - 1))
        elif m := re.fullmatch(r"(\d{4})-T([1-4])", label):
            q = int(m.group(2)) - 1
            spans.append((3 * q, 3 * q + 2))
        elif re.fullmatch(r"\d{4}", label):
            spans.append((0, 11))
        elif label.startswith("Cumul"):
            assert through_month is not None
            spans.append((0, through_month))
        else:
            spans.append(None)  # the Total column: every other column's months
    known = [s for s in spans if s is not None]
    whole = (min(a for a, _b in known), max(b for _a, b in known))
    return [s if s is not None else whole for s in spans]


def read_release(data: bytes, through_month: int | None) -> list[tuple]:
    """(measure, row, (first, last month), text) for every cell of a press CSV; row
    ``*`` is the totals row."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
    head = next(reader)
    names = {header(key, "fr"): key for key in exports.COLUMNS}
    names[header("commune", "fr")] = "district"
    col = {names[h]: i for i, h in enumerate(head)}
    rows = list(reader)
    labels = list(dict.fromkeys(r[col["period"]] for r in rows))
    span = dict(zip(labels, _spans(labels, through_month), strict=True))
    total = header("total_row", "fr")
    cells = []
    for r in rows:
        row = "*" if r[col["district"]] == total else r[col["code"]]
        for measure in MEASURES:
            cells.append((measure, row, span[r[col["period"]]], r[col[measure]]))
    return cells


FAMILIES = (("tips", "exploitable"), ("operations", "arrests", "seizures_g"))


def _by_commune(data: bytes) -> bool:
    return data.decode("utf-8-sig").startswith(header("commune", "fr") + ";")


def attack(
    files: list[tuple[int, bytes, int | None]],
    k: int,
    family: tuple[str, ...],
    quartiers: dict[str, tuple[str, ...]] | None = None,
):
    """Bounds of every hidden cell of ``family``'s measures in every file (no rule links
    the two families): {(file, cell index): (low, high, exact)}, and the cells read. A
    count is bounded exactly unless integer solutions already show it ranging over k−1
    values (enough, whatever its true value); an amount always is.

    Tables by commune are read with the public geography, ``quartiers``: a commune's
    row is its quartiers' tips and its tips in none (``@`` and its code), « Hors
    quartiers » every tip in no quartier, « Autres communes » (``~``) the communes not
    named."""

    def enough(measure: str) -> float | None:
        return None if measure == "seizures_g" else float(max(1, k - 2))

    versions = sorted({v for v, _d, _t in files})
    read = [(v, read_release(data, t)) for v, data, t in files]
    by_commune = [_by_commune(data) for _v, data, _t in files]
    MEASURES = family  # noqa: N806 - the measures attacked here
    quartiers = quartiers or {}
    rows = {""}
    for (_v, cells), communal in zip(read, by_commune, strict=True):
        for _m, row, _s, _t in cells:
            if row in ("*", ""):
                continue
            rows |= {"@" + row, *quartiers.get(row, ())} if communal else {row}
    rows = sorted(rows)
    outside = [r for r in rows if r == "" or r.startswith("@")]

    def members(f: int, row: str) -> list[str]:
        if row == "*":
            return rows
        if not by_commune[f]:
            return outside if row == "" else [row]
        if row in ("", "~"):
            return ["@~" if row == "~" else ""]
        return [*quartiers.get(row, ()), "@" + row]

    index: dict[tuple, int] = {}
    for v in versions:
        for m in MEASURES:
            for row in rows:
                for month in range(12):
                    index[(v, m, row, month)] = len(index)
    n = len(index)
    a_rows: list[dict[int, float]] = []
    lo: list[float] = []
    hi: list[float] = []
    inf = np.inf

    def atoms(v, m, row, span, f):
        return [index[(v, m, r, t)] for r in members(f, row) for t in range(span[0], span[1] + 1)]

    hidden: list[tuple[int, int, list[int]]] = []
    for f, (v, cells) in enumerate(read):
        listed = {row for _m, row, _s, _t in cells}
        for c, (m, row, span, text) in enumerate(cells):
            if m not in MEASURES:
                continue
            terms = atoms(v, m, row, span, f)
            a_rows.append(dict.fromkeys(terms, 1.0))
            if text == f"< {k}":
                lo.append(0), hi.append(k - 1)
                hidden.append((f, c, terms))
            elif text == "n.d.":
                lo.append(0 if m == "seizures_g" else k), hi.append(inf)
                hidden.append((f, c, terms))
            else:
                value = float(text.replace(",", "."))
                lo.append(value), hi.append(value)
                if m == "operations" and value == 0:
                    for outcome in ("arrests", "seizures_g"):
                        a_rows.append(dict.fromkeys(atoms(v, outcome, row, span, f), 1.0))
                        lo.append(0), hi.append(0)
            shown_some = text == "n.d." or (text != f"< {k}" and float(text.replace(",", ".")) > 0)
            if (
                m in ("arrests", "seizures_g")
                and shown_some
                and not (m == "seizures_g" and text == "n.d.")
            ):
                a_rows.append(dict.fromkeys(atoms(v, "operations", row, span, f), 1.0))
                lo.append(k if m == "seizures_g" else 1), hi.append(inf)
        if "" not in listed:  # a file without the row of tips without a district: none
            for m in MEASURES:
                a_rows.append(dict.fromkeys(atoms(v, m, "", (0, 11), f), 1.0))
                lo.append(0), hi.append(0)
    for v in versions if "tips" in MEASURES else []:
        for row in rows:
            for t in range(12):
                a_rows.append(
                    {index[(v, "exploitable", row, t)]: 1.0, index[(v, "tips", row, t)]: -1.0}
                )
                lo.append(-inf), hi.append(0)
    for earlier, later in zip(versions, versions[1:], strict=False):
        for m in MEASURES:
            for row in rows:
                for t in range(12):
                    a_rows.append(
                        {index[(earlier, m, row, t)]: 1.0, index[(later, m, row, t)]: -1.0}
                    )
                    lo.append(-inf), hi.append(0)
    matrix = lil_matrix((len(a_rows), n))
    for i, row in enumerate(a_rows):
        for j, a in row.items():
            matrix[i, j] = a
    matrix = matrix.tocsr()
    integral = np.array([0 if key[1] == "seizures_g" else 1 for key in index], dtype=np.int8)
    low_b, high_b = np.array(lo, float), np.array(hi, float)
    return _bound_all(matrix, low_b, high_b, integral, hidden, read, enough)


def _bound_all(matrix, low, high, integral, hidden, read, enough):
    """Every hidden cell's (low, high, exact). A count whose range, seen in integer
    solutions already found, is ``enough`` wide is not solved again (those solutions
    are data the files allow: the range is at least that); the rest are bounded
    exactly, by linear programming (HiGHS, warm from one bound to the next) and, where
    its optimum is fractional, integer programming."""
    n = matrix.shape[1]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")
    inf = highspy.kHighsInf
    empty = np.array([], dtype=np.int32)
    ok = highspy.HighsStatus.kOk
    assert h.addCols(n, np.zeros(n), np.zeros(n), np.full(n, 1e7), 0, empty, empty, []) == ok
    row_low = np.where(np.isfinite(low), low, -inf)
    row_high = np.where(np.isfinite(high), high, inf)
    starts = matrix.indptr[:-1].astype(np.int32)
    entries = matrix.indices.astype(np.int32)
    assert h.addRows(len(low), row_low, row_high, matrix.nnz, starts, entries, matrix.data) == ok
    sums = lil_matrix((len(hidden), n))
    for i, (_f, _c, terms) in enumerate(hidden):
        sums[i, terms] = 1.0
    sums = sums.tocsr()
    seen_low = np.full(len(hidden), np.inf)
    seen_high = np.full(len(hidden), -np.inf)
    ints = integral == 1

    def solve(terms, sense) -> float:
        columns = np.array(terms, dtype=np.int32)
        h.changeColsCost(len(columns), columns, np.full(len(columns), sense))
        h.run()
        status = h.getModelStatus()
        x = np.asarray(h.getSolution().col_value)
        h.changeColsCost(len(columns), columns, np.zeros(len(columns)))  # (resets the status)
        assert status == highspy.HighsModelStatus.kOptimal, h.modelStatusToString(status)
        value = sense * float(x[terms].sum())
        if np.all(np.abs(x[ints] - np.round(x[ints])) < 1e-6):
            values = sums @ x
            np.minimum(seen_low, values, out=seen_low)
            np.maximum(seen_high, values, out=seen_high)
            return value
        objective = np.zeros(n)
        objective[terms] = sense
        result = milp(
            objective,
            constraints=LinearConstraint(matrix, low, high),
            bounds=Bounds(np.zeros(n), np.full(n, 1e7)),
            integrality=integral,
        )
        assert result.status == 0, result.message
        return float(result.fun)

    out = {}
    for i, (f, c, terms) in enumerate(hidden):
        measure = read[f][1][c][0]
        wide = enough(measure)
        if wide is not None and seen_high[i] - seen_low[i] >= wide - 1e-6:
            out[(f, c)] = (seen_low[i], seen_high[i], False)
            continue
        low_end = solve(terms, 1.0)
        high_end = -solve(terms, -1.0)
        out[(f, c)] = (low_end, high_end, True)
    return out, read


def _late_tips(table: TipTable, district: str) -> np.ndarray:
    """Three tips of June 2025 in ``district`` (or wherever June has them), to arrive
    late."""
    june = table.month == YEAR * 12 + 5
    codes = list(table.district_codes)
    there = june & (table.district == codes.index(district)) if district in codes else june
    chosen = np.flatnonzero(there if there.sum() >= 3 else june)[:3]
    late = np.zeros(len(table), dtype=bool)
    late[chosen] = True
    return late


def check_year(table, ops, districts, late, monthly, **kwargs):
    issued, refused = issue_year(table, ops, districts, late, monthly, **kwargs)
    files = [(v, data, p.last % 12 if p.through else None) for v, p, data in issued]
    communes = kwargs.get("communes")
    quartiers = communes.districts if communes is not None else None
    exposed = []
    checked = 0
    for family in FAMILIES:
        bounds, read = attack(files, K, family, quartiers)
        for (f, c), (low, high, exact) in bounds.items():
            _v, press, _data = issued[f]
            measure, row, _span, text = read[f][1][c]
            truth = _truth(press)[c]
            checked += 1
            if measure == "seizures_g":
                need = max(0.5 * truth, 1.0)
            else:
                need = max(1, K - 2) if 1 <= truth <= K - 1 else 1
            if exact:  # the truth is a solution: inside its exact bounds
                assert low - 1e-6 <= truth <= high + 1e-6, (f, measure, row, truth, low, high)
            if high - low < need - 1e-6:
                exposed.append((press.scope, measure, row, _span, truth, (low, high)))
    return issued, refused, checked, exposed


def _truth(press: exports.PressTable) -> list[float]:
    """Every cell's true value, in the order of the CSV (rows, then columns, then
    measures)."""
    out = []
    for r in range(len(press.row_codes) + 1):
        for c in range(len(press.column_labels)):
            for measure in MEASURES:
                out.append(float(press.protected[measure].values[r, c]))
    return out


@pytest.fixture(scope="module")
def demo_tables(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attack")
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'demo.sqlite'}")
    ensure_demo_database(settings)
    store = Store.open(settings.effective_database_url)
    area = load_area(settings)
    yield load_tips(store, area), load_ops(store, area), area.districts, area
    store.close()


def test_every_release_of_the_demo_year_read_together_keeps_its_hidden_cells(demo_tables):
    """The ended year's tables, then their revisions after three late tips of June
    (a revision that cannot be protected is refused and not issued)."""
    table, ops, districts, _area = demo_tables
    issued, refused, checked, exposed = check_year(
        table, ops, districts, _late_tips(table, "PLA"), monthly=False
    )
    by = [(v, p.by) for v, p, _d in issued]
    assert {(20, "year"), (20, "quarter"), (20, "month"), (21, "year")} <= set(by)
    assert all("publish" in r or "raise k" in r for r in refused)
    assert checked > 400  # 448 hidden cells on the demo
    assert exposed == []


def test_the_year_so_far_each_month_then_the_year_and_its_revision_keep_their_cells(
    demo_tables,
):
    """The press office's year: the year so far by quartier at the end of every month
    (from the data received by then; a month whose table would be mostly hidden is
    refused), the ended year, and its revision after three late tips of June."""
    table, ops, districts, _area = demo_tables
    issued, refused, checked, exposed = check_year(
        table, ops, districts, _late_tips(table, "PLA"), monthly=True, ended_by=("year",)
    )
    by = [(v, p.by) for v, p, _d in issued]
    assert sum(b == "ytd" for _v, b in by) >= 8  # most months' year so far is published
    assert {(20, "year"), (21, "year")} <= set(by)
    assert all("publish" in r or "raise k" in r for r in refused)
    assert checked > 250  # 376 hidden cells on the demo
    assert exposed == []


def test_the_attack_finds_what_tables_protected_alone_give_away(demo_tables):
    """The attack has teeth: the demo's month, quarter and year tables, each protected
    on its own as they used to be, give hidden cells away when read together."""
    table, ops, districts, _area = demo_tables
    _issued, _refused, checked, exposed = check_year(
        table, ops, districts, np.zeros(len(table), dtype=bool), monthly=False, jointly=False
    )
    assert checked > 100
    assert len(exposed) >= 5, exposed


def test_tables_by_quartier_and_by_commune_read_together_keep_their_hidden_cells(demo_tables):
    """The ended year's tables by quartier and by commune (the Doubs demo: Besançon's
    row is its quartiers and its tips in none), then their revisions after three late
    tips of June in Planoise: read together with the public geography, no hidden cell
    is exposed."""
    table, ops, districts, area = demo_tables
    communes = exports.CommuneRows.of_area(area)
    issued, refused, checked, exposed = check_year(
        table, ops, districts, _late_tips(table, "PLA"), monthly=False, communes=communes
    )
    kinds = {(v, p.by, p.kind) for v, p, _d in issued}
    assert {(20, "year", "commune"), (21, "year", "commune")} <= kinds
    # after the quarter by quartier (its « Hors quartiers » row is every commune but
    # Besançon's quartiers) the small towns' quarters cannot all be hidden: refused
    assert all("publish" in r or "raise k" in r for r in refused)
    assert checked > 400
    assert exposed == []


def test_tables_by_commune_protected_apart_from_those_by_quartier_give_cells_away(demo_tables):
    """The teeth of the test above: each table protected only with the earlier tables
    of its own kind (by quartier, by commune) gives hidden cells away when the two kinds
    are read together."""
    table, ops, districts, area = demo_tables
    communes = exports.CommuneRows.of_area(area)
    _issued, _refused, checked, exposed = check_year(
        table, ops, districts, np.zeros(len(table), dtype=bool), monthly=False,
        communes=communes, jointly="kind",
    )  # fmt: skip
    assert checked > 100
    assert len(exposed) >= 1, exposed


def _random_year(seed: int) -> tuple[TipTable, OpsTable, object]:
    """A year of tips and operations the code has never seen: 60–300 tips over seven
    districts of very unequal size (and a few without a district), 8–30 operations
    with 0–6 arrests, half of them seizing 1–900 g."""
    rng = np.random.default_rng(seed)
    codes = ("A", "B", "C", "D", "E", "F", "G")
    n = int(rng.integers(60, 300))
    start = day_number(date(YEAR, 1, 1))
    days = np.sort(rng.integers(start, start + 365, n)).astype(np.int32)
    months = np.array([YEAR * 12 + day_of(d).month - 1 for d in days], dtype=np.int32)
    weights = np.array([0.04, 0.35, 0.25, 0.15, 0.1, 0.06, 0.04, 0.01])
    table = TipTable(
        key64=np.arange(n, dtype=np.int64),
        received_ts=days.astype(np.int64) * 86400,
        day=days,
        month=months,
        hour=np.zeros(n, dtype=np.int8),
        weekday=np.zeros(n, dtype=np.int8),
        category=np.zeros(n, dtype=np.int8),
        triage=rng.choice([0, 1, 2], n, p=[0.3, 0.65, 0.05]).astype(np.int8),
        hours=np.zeros(n, dtype=np.int32),
        observed=np.zeros(n, dtype=bool),
        h3=np.zeros(n, dtype=np.uint64),
        district=rng.choice([-1, 0, 1, 2, 3, 4, 5, 6], n, p=weights).astype(np.int8),
        commune=np.zeros(n, dtype=np.int16),
        tags=np.array([""] * n, dtype=object),
        district_codes=codes,
        commune_codes=("25056",),
    )
    m = int(rng.integers(8, 30))
    op_days = np.sort(rng.integers(start, start + 365, m)).astype(np.int32)
    frame = pd.DataFrame(
        {
            "key64": np.arange(1000, 1000 + m, dtype=np.int64),
            "day": op_days,
            "month": np.array([YEAR * 12 + day_of(d).month - 1 for d in op_days], dtype=np.int32),
            "district": rng.choice(list(codes), m, p=[0.35, 0.25, 0.15, 0.1, 0.07, 0.05, 0.03]),
            "commune": "25056",
            "arrests": rng.integers(0, 7, m).astype(np.int64),
        }
    )
    seizing = frame["key64"][rng.random(m) < 0.5]
    seized = pd.DataFrame(
        {
            "op_key64": seizing.to_numpy(),
            "substance": "cannabis_resin",
            "unit": "g",
            "quantity": rng.integers(1, 900, len(seizing)).astype(float),
        }
    )
    ops = OpsTable(frame, pd.DataFrame(columns=["op_key64", "tip_key64"]), seized)
    districts = type("Districts", (), {"codes": codes, "names": codes})()
    return table, ops, districts


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_every_release_of_a_random_year_read_together_keeps_its_hidden_cells(seed):
    table, ops, districts = _random_year(seed)
    issued, refused, checked, exposed = check_year(
        table, ops, districts, _late_tips(table, "B"), monthly=False
    )
    assert issued, refused  # at least the year is published
    assert all("publish" in r or "raise k" in r for r in refused)
    assert checked > 0
    assert exposed == []


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_the_year_so_far_each_month_of_a_random_year_keeps_its_hidden_cells(seed):
    """The year so far at the end of every month, the ended year and its revision,
    on data the code has never seen."""
    table, ops, districts = _random_year(seed)
    issued, refused, checked, exposed = check_year(
        table, ops, districts, _late_tips(table, "B"), monthly=True, ended_by=("year",)
    )
    assert any(p.by == "ytd" for _v, p, _d in issued), refused
    assert all("publish" in r or "raise k" in r for r in refused)
    assert checked > 0
    assert exposed == []
