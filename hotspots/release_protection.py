"""Joint disclosure control of every press release of a calendar year.

A journalist keeps every table the cell ever published: the table by month, by quarter,
the year, the year so far at the end of each month, the revision after late tips. Read
together they are one system of equations, and a cell hidden in one table may be worked
out from the others (a quarter's published total minus the two months published in the
month table). Each release is therefore protected against the union of every earlier
release of its year and itself, as an outsider would read them:

- every published cell is a sum of *atomic* counts (one month or a run of months of
  one or more *pieces* of the area: a quartier, the rest of a commune outside its
  quartiers, the tips placed in no commune) of the data as they were when it was issued:
  a table by quartier and a table by commune are read together (Besançon's row is the
  sum of its quartiers' rows and of its tips in no quartier);
- a hidden cell says ``< k`` (0..k−1) or ``n.d.`` (at least k), a hidden amount only
  that it is not negative;
- exploitable tips never exceed tips; arrests and grams seized exist only where an
  operation does;
- releases issued from the same data share their atomic counts; between two data
  versions the outsider assumes late data only add (each atomic count of the later
  version is at least the earlier one), wherever that is true.

A hidden cell is safe when the smallest and largest values it can take under all of
this are far enough apart: two values at least, and for a true count of 1..k−1 a range
of k−1 values (``[0, 3]`` or ``[1, 4]`` for k = 5, not ``[1, 2]``); a hidden amount
keeps a range of half its value. The bounds come from linear programming with HiGHS
(``highspy``), one model per year and family of measures, kept warm: moving from one
cell's bound to the next changes one cost, and each solution seen also widens the known
range of every other cell (a cell already seen at both ends of its need is not solved
for at all). Cells are hidden greedily among the new release's published cells that
share counts with an exposed cell, smallest first, the first that protects it; a cell
found safe stays safe as more are hidden (hiding only relaxes the system).

The bounds are those of the linear relaxation: an outsider with integer programming
could in principle narrow a range further. The tests attack every release with an
integer program built from the published files and check the ranges hold.

Why one module of this size: the outsider's model, the search for the cells to hide and
the loop over exposed cells share one HiGHS model's column and row bookkeeping (cells,
atoms, links, moves); split, each part would reach into the others' indices.

The formulation and greedy search are written here rather than taken from a library:
the statistical-disclosure packages (sdcTable, tau-argus) are R and Java programs, and
none of them models releases of different data versions read together.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np

from hotspots.disclosure import (
    BELOW_K,
    PUBLISHED,
    SECONDARY,
    SECONDARY_ZERO,
    UnprotectableTable,
)

__all__ = [
    "ALL_ROWS",
    "FAMILIES",
    "VIRTUAL",
    "Cell",
    "Release",
    "ReleaseTooHidden",
    "ReleaseTooLong",
    "MAX_WORK",
    "protect_release",
    "required_width",
    "row_pieces",
]

#: The row code of a cell that sums every row (the totals row).
ALL_ROWS = "*"

#: Measures protected together: tips with exploitable tips, operations with what they
#: found (arrests and amounts seized exist only where an operation does).
FAMILIES = (("tips", "exploitable"), ("operations", "arrests", "seizures_g"))

#: Measures that exist only where an operation does.
OUTCOMES = ("arrests", "seizures_g")

#: Measures that are amounts, not counts (hidden: any non-negative amount).
AMOUNTS = ("seizures_g",)

#: A sum a later release may publish (a quarter of a table by month), not published by
#: this one. It is read with the least its own table will say of it (``< k`` or at
#: least k, as if hidden) and, holding 1..k−1, protected like a hidden cell: the later
#: table can then always hide it.
VIRTUAL = 9


@dataclass
class Cell:
    """One published figure: a measure over one row and a run of months of the year
    (0 = January, inclusive). A row is a piece (a district code), a group of pieces its
    release names (:attr:`Release.groups`), ``""`` (unless named: the tips in no
    district, every piece but the districts) or :data:`ALL_ROWS` (every piece)."""

    measure: str
    row: str
    months: tuple[int, int]
    value: float
    status: int = PUBLISHED


@dataclass
class Release:
    """The cells of one release of a year, the data version they were computed from,
    and (when known) the atomic counts of that version: measure → {row: 12 months}."""

    version: tuple[int, int]  # (data version, last day covered): same key, same counts
    cells: list[Cell]
    #: measure → {piece: 12 months}; a piece absent counts 0 (see :data:`OUTSIDE`)
    atoms: dict[str, dict[str, list[float]]] | None = None
    name: str = ""
    k: int = 0  # the release's own threshold (0: the one it is protected with)
    #: where each cell sits in the table it came from (the caller's own bookkeeping)
    positions: list = field(default_factory=list)
    #: rows that are sums of pieces (a commune: its districts and its rest)
    groups: dict[str, list[str]] = field(default_factory=dict)


#: The prefix of a piece that is the part of a commune outside its districts
#: (``"@25388"``: Montbéliard; ``"@25056"``: Besançon's tips in no quartier); the piece
#: ``""`` holds what is in no commune.
OUTSIDE = "@"


def row_pieces(
    code: str, groups: Mapping[str, Sequence[str]], universe: Iterable[str]
) -> list[str]:
    """The pieces of ``universe`` a row sums: every piece for :data:`ALL_ROWS`, a
    group's for a row its release names, every piece outside the districts for ``""``
    (a table by district's rest), else the row's own."""
    if code == ALL_ROWS:
        return list(universe)
    if code in groups:
        return list(groups[code])
    if code == "":
        return [p for p in universe if p == "" or p.startswith(OUTSIDE)]
    return [code]


class _Parts:
    """The pieces the outsider's model counts, as few as the releases allow: pieces no
    published row tells apart (every commune but those named, in a table by quartier and
    one by commune read together) are one count, their sum. Merging them changes no
    bound: a sum of counts that only ever appear together can take the values the sum
    can."""

    def __init__(self, releases: Sequence[Release], measures: Sequence[str]):
        universe: set[str] = {""}
        for release in releases:
            for counts in (release.atoms or {}).values():
                universe.update(counts)
            for members in release.groups.values():
                universe.update(members)
            universe.update(
                c.row for c in release.cells if c.row != ALL_ROWS and c.row not in release.groups
            )
        signature: dict[str, list[tuple[int, str]]] = {p: [] for p in universe}
        self._rows: dict[tuple[int, str], list[str]] = {}
        for i, release in enumerate(releases):
            for row in sorted({c.row for c in release.cells if c.measure in measures}):
                if row == ALL_ROWS:
                    continue
                for piece in set(row_pieces(row, release.groups, universe)):
                    signature[piece].append((i, row))
        merged: dict[tuple, list[str]] = {}
        for piece in sorted(universe):
            merged.setdefault(tuple(signature[piece]), []).append(piece)
        #: each count of the model: the pieces it sums (named by the first)
        self.members = {pieces[0]: pieces for pieces in merged.values()}
        self.names = sorted(self.members)
        for sig, pieces in merged.items():
            for key in sig:
                self._rows.setdefault(key, []).append(pieces[0])

    def of(self, release: int, row: str) -> list[str]:
        """The model's counts a row of ``release`` sums."""
        if row == ALL_ROWS:
            return self.names
        return self._rows.get((release, row), [])

    def count(
        self, atoms: dict[str, dict[str, list[float]]], measure: str, name: str, month: int
    ) -> float:
        """One count of the model in a release's atoms."""
        counts = atoms.get(measure, {})
        return sum(counts.get(p, [0.0] * 12)[month] for p in self.members[name])


class ReleaseTooHidden(UnprotectableTable):
    """Protecting the release would hide too much of it: publish a coarser table."""

    reason = "hidden"


class ReleaseTooLong(UnprotectableTable):
    """Protecting the release against so many earlier ones takes longer than a press
    officer can wait for: publish a coarser table (fewer cells to search)."""

    reason = "long"


#: The work a table's protection may do before it is given up, all its attempts
#: together, counted as simplex iterations times the model's size (rows and columns):
#: not a clock, so the answer is the same on a busy machine, and a small model's many
#: cheap solves weigh what they cost. On the demo an ended year's table takes up to
#: 2 × 10⁸; the ended year after nine monthly year-so-far releases 9 × 10⁹ (90 s here);
#: its quarter table after them runs past this and is refused (about three minutes).
MAX_WORK = 2 * 10**10


def required_width(cell: Cell, k: int) -> float:
    """How wide the range an outsider can narrow a hidden cell to must stay."""
    if cell.measure in AMOUNTS:
        return max(0.5 * abs(cell.value), 1.0)
    if 1 <= cell.value <= k - 1:
        return float(max(1, k - 2))  # k−1 values: [0, 3] or [1, 4] for k = 5
    return 1.0


#: From this many hidden cells to check, they are first pushed down and up together
#: (:meth:`_Model.sweep`) before any is solved alone.
SWEEP_FROM = 8

#: How much dearer hiding a cell of the totals row is than a district's.
TOTALS_PRICE = 10.0

#: The largest value any cell is let take (no bound said more; kept finite so that
#: no bound is unbounded, which would cost HiGHS its warm basis).
CAP = 1e7


def _cell_bounds(cell: Cell, k: int) -> tuple[float, float]:
    inf = CAP
    if cell.status == PUBLISHED:
        return float(cell.value), float(cell.value)
    if cell.measure in AMOUNTS:
        return 0.0, inf
    if cell.status in BELOW_K or (cell.status == VIRTUAL and cell.value < k):
        return 0.0, float(k - 1)
    return float(k), inf


def _secondary(cell: Cell) -> int:
    if cell.measure in AMOUNTS:
        return SECONDARY
    return SECONDARY_ZERO if cell.value == 0 else SECONDARY


class _Model:
    """The outsider's system for one family of measures of one year, in HiGHS."""

    def __init__(self, releases: Sequence[Release], measures: Sequence[str], k: int):
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("presolve", "off")  # keeps the basis warm between bounds
        versions = sorted({r.version for r in releases})
        self.parts = _Parts(releases, measures)
        rows = self.parts.names
        self.rows = rows
        # the months each data version's cells speak of (the sums a later table may
        # publish included): a count of a month no cell of its version speaks of is only
        # ever bounded by the same count in the versions before and after it, and is
        # left out, its two bounds joined (a ≤ b ≤ c is a ≤ c); the year so far in March
        # has three months, not twelve
        spoken: dict[tuple[int, int], set[int]] = {v: set() for v in versions}
        for release in releases:
            for c in release.cells:
                if c.measure in measures:
                    spoken[release.version].update(range(c.months[0], c.months[1] + 1))
        atom: dict[tuple[tuple[int, int], str, str, int], int] = {}
        for v in versions:
            for m in measures:
                for row in rows:
                    for month in sorted(spoken[v]):
                        atom[(v, m, row, month)] = len(atom)
        self.n_atoms = len(atom)
        self.cells: list[tuple[int, int]] = []  # (release index, cell index)
        self.cell_of: dict[tuple[int, int], int] = {}
        self.releases = releases
        for i, release in enumerate(releases):
            for j, cell in enumerate(release.cells):
                if cell.measure in measures:
                    self.cell_of[(i, j)] = len(self.cells)
                    self.cells.append((i, j))
        n = self.n_atoms + len(self.cells)
        inf = highspy.kHighsInf
        self.ks = [releases[i].k or k for i, _j in self.cells]
        lower = np.zeros(n)
        upper = np.full(n, inf)
        for col, (i, j) in enumerate(self.cells):
            lower[self.n_atoms + col], upper[self.n_atoms + col] = _cell_bounds(
                releases[i].cells[j], self.ks[col]
            )
        empty_i = np.array([], dtype=np.int32)
        self.highs.addCols(n, np.zeros(n), lower, upper, 0, empty_i, empty_i, np.array([]))
        rows_lo: list[float] = []
        rows_hi: list[float] = []
        starts: list[int] = []
        index: list[int] = []
        coef: list[float] = []

        def add(entries: Iterable[tuple[int, float]], lo: float, hi: float) -> None:
            starts.append(len(index))
            for c, a in entries:
                index.append(c)
                coef.append(a)
            rows_lo.append(lo)
            rows_hi.append(hi)

        for col, (i, j) in enumerate(self.cells):
            release, cell = releases[i], releases[i].cells[j]
            terms = [(self.n_atoms + col, 1.0)]
            for row in self.parts.of(i, cell.row):
                for month in range(cell.months[0], cell.months[1] + 1):
                    terms.append((atom[(release.version, cell.measure, row, month)], -1.0))
            add(terms, 0.0, 0.0)
        for v in versions:
            for row in rows:
                for month in sorted(spoken[v]):
                    if "exploitable" in measures:
                        add(
                            [(atom[(v, "exploitable", row, month)], 1.0),
                             (atom[(v, "tips", row, month)], -1.0)],
                            -inf, 0.0,
                        )  # fmt: skip
        # arrests and amounts seized only where an operation is: a published count of 0
        # operations means none; published arrests (k or more), or arrests said to be at
        # least k, mean one operation at least; a published amount, k operations (fewer
        # are hidden). Each rule holds while its cell is published, so its bounds follow
        # the cell's status.
        self.links: dict[int, list[int]] = {}
        if "operations" in measures:
            for col, (i, j) in enumerate(self.cells):
                release, cell = releases[i], releases[i].cells[j]
                spans = [
                    (row, month)
                    for row in self.parts.of(i, cell.row)
                    for month in range(cell.months[0], cell.months[1] + 1)
                ]
                targets = OUTCOMES if cell.measure == "operations" else ("operations",)
                for measure in targets:
                    if measure not in measures:
                        continue
                    self.links.setdefault(col, []).append(len(rows_lo))
                    lo, hi = self._link_bounds(cell, self.ks[col])
                    add([(atom[(release.version, measure, r, m)], 1.0) for r, m in spans], lo, hi)
        # late data only add, where that is true of the data (atoms known for both),
        # from each count kept to the next kept in version order
        known = {r.version: r.atoms for r in releases if r.atoms is not None}

        def grows(m: str, row: str, month: int, earlier: tuple, later: tuple) -> bool:
            if earlier not in known or later not in known:
                return False
            before = self.parts.count(known[earlier], m, row, month)
            return before <= self.parts.count(known[later], m, row, month) + 1e-9

        for m in measures:
            for row in rows:
                for month in range(12):
                    kept = [i for i, v in enumerate(versions) if month in spoken[v]]
                    for first, then in zip(kept, kept[1:], strict=False):
                        if all(
                            grows(m, row, month, versions[i], versions[i + 1])
                            for i in range(first, then)
                        ):
                            add(
                                [(atom[(versions[first], m, row, month)], 1.0),
                                 (atom[(versions[then], m, row, month)], -1.0)],
                                -inf, 0.0,
                            )  # fmt: skip
        self.highs.addRows(
            len(rows_lo),
            np.array(rows_lo),
            np.array(rows_hi),
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(coef),
        )
        # Each cell of the new release may move from its value, at a price, in the search
        # for the cells to hide (see :meth:`cycle`): y − up + down = value, a row free
        # outside that search.
        last = len(releases) - 1
        self.new_cols = np.array([c for c, (i, _j) in enumerate(self.cells) if i == last], int)
        first_dev = self.highs.getNumCol()
        n_new = len(self.new_cols)
        zeros = np.zeros(2 * n_new)
        self.highs.addCols(2 * n_new, zeros, zeros, zeros, 0, empty_i, empty_i, np.array([]))
        self.dev_up = first_dev + np.arange(n_new)
        self.dev_down = first_dev + n_new + np.arange(n_new)
        starts_d = np.arange(n_new, dtype=np.int32) * 3
        index_d = np.column_stack(
            [self.n_atoms + self.new_cols, self.dev_up, self.dev_down]
        ).ravel()
        coef_d = np.tile([1.0, -1.0, 1.0], n_new)
        self.dev_row = self.highs.getNumRow() + np.arange(n_new)
        free = np.full(n_new, highspy.kHighsInf)
        index_d = index_d.astype(np.int32)
        self.highs.addRows(n_new, -free, free, 3 * n_new, starts_d, index_d, coef_d)
        new_spans: list[tuple[int, int]] = [self.cell(int(c)).months for c in self.new_cols]
        self.widest = max(new_spans, key=lambda s: s[1] - s[0]) if new_spans else (0, 11)
        self.seen_low = np.full(len(self.cells), math.inf)
        self.seen_high = np.full(len(self.cells), -math.inf)
        self.solves = 0
        self.work = 0
        self.max_work = MAX_WORK
        self.size = self.highs.getNumCol() + self.highs.getNumRow()
        self.given_up: set[int] = set()

    def cycle(self, target: int, low_goal: float | None, high_goal: float | None) -> list[int]:
        """The published cells of the new release to hide so that ``target`` can reach
        ``low_goal`` (at most) or ``high_goal`` (at least): every such cell is let take
        any value its label would allow, at a price for moving (one, plus the square root
        of its value: small cells first, few of them), and the cheapest move that reaches
        the goal names them (a cycle of cells, found in one solve); the totals row costs
        :data:`TOTALS_PRICE` times more (the figures the press reads first), the grand
        total that again. Empty when the goal
        cannot be reached at all."""
        members = [
            (n, int(col))
            for n, col in enumerate(self.new_cols)
            if self.cell(int(col)).status == PUBLISHED and int(col) not in self.given_up
            and int(col) != target
        ]  # fmt: skip
        if not members:
            return []
        target_cell = self.cell(target)
        saved = _cell_bounds(target_cell, self.ks[target])
        hidden_bounds = []
        for _n, col in members:
            cell = self.cell(col)
            hidden = Cell(cell.measure, cell.row, cell.months, cell.value, _secondary(cell))
            hidden_bounds.append((col, _cell_bounds(hidden, self.ks[col]), hidden))
        h = self.highs
        for (n, col), (_c, (lo, hi), hidden) in zip(members, hidden_bounds, strict=True):
            h.changeColBounds(self.n_atoms + col, lo, hi)
            for row in self.links.get(col, []):
                h.changeRowBounds(row, *self._link_bounds(hidden, self.ks[col]))
            price = 1.0 + math.sqrt(max(self.cell(col).value, 0.0))
            if self.cell(col).row == ALL_ROWS:
                price *= TOTALS_PRICE
                if self.cell(col).months == self.widest:
                    price *= TOTALS_PRICE  # the figure of the headline
            h.changeRowBounds(int(self.dev_row[n]), self.cell(col).value, self.cell(col).value)
            for dev in (self.dev_up[n], self.dev_down[n]):
                h.changeColBounds(int(dev), 0.0, CAP)
                h.changeColCost(int(dev), price)
        if low_goal is not None:
            h.changeColBounds(self.n_atoms + target, saved[0], low_goal)
        else:
            assert high_goal is not None
            h.changeColBounds(self.n_atoms + target, high_goal, saved[1])
        self._run()
        found: list[int] = []
        self.last_cycle_status = h.getModelStatus()
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            solution = h.getSolution()
            x = np.asarray(solution.col_value)
            activity = np.asarray(solution.row_value)
            for n, col in members:
                moved = x[self.dev_up[n]] + x[self.dev_down[n]] > 1e-7
                # a cell whose rule was needed off (a count of 0 operations under
                # arrests) must be hidden even when its own value stays
                lo, hi = self._link_bounds(self.cell(col), self.ks[col])
                ruled = any(
                    activity[row] < lo - 1e-7 or activity[row] > hi + 1e-7
                    for row in self.links.get(col, [])
                )
                if moved or ruled:
                    found.append(col)
        for (n, col), (_c, _b, _hidden) in zip(members, hidden_bounds, strict=True):
            value = self.cell(col).value
            h.changeColBounds(self.n_atoms + col, value, value)
            for row in self.links.get(col, []):
                h.changeRowBounds(row, *self._link_bounds(self.cell(col), self.ks[col]))
            inf = highspy.kHighsInf
            h.changeRowBounds(int(self.dev_row[n]), -inf, inf)
            for dev in (self.dev_up[n], self.dev_down[n]):
                h.changeColBounds(int(dev), 0.0, 0.0)
                h.changeColCost(int(dev), 0.0)
        h.changeColBounds(self.n_atoms + target, *saved)
        return found

    def _run(self) -> None:
        """One linear program, its work counted against :data:`MAX_WORK`."""
        if self.work >= self.max_work:
            raise ReleaseTooLong(
                f"protecting this table against the {len(self.releases) - 1} earlier releases "
                f"of its year takes longer than allowed ({self.solves} solves)"
            )
        self.highs.run()
        self.solves += 1
        self.work += max(1, self.highs.getInfo().simplex_iteration_count) * self.size

    @staticmethod
    def _link_bounds(cell: Cell, k: int) -> tuple[float, float]:
        """Bounds of the sum a cell's linking rule speaks of (see the constructor)."""
        inf = highspy.kHighsInf
        if cell.measure == "operations":
            return (0.0, 0.0) if cell.status == PUBLISHED and cell.value == 0 else (0.0, inf)
        if cell.measure in AMOUNTS:
            return (float(k), inf) if cell.status == PUBLISHED and cell.value > 0 else (0.0, inf)
        at_least_k = cell.status == SECONDARY or cell.status == VIRTUAL and cell.value >= k
        shown = cell.status == PUBLISHED and cell.value > 0
        return (1.0, inf) if shown or at_least_k else (0.0, inf)

    def cell(self, col: int) -> Cell:
        i, j = self.cells[col]
        return self.releases[i].cells[j]

    def set_status(self, col: int, status: int) -> None:
        cell = self.cell(col)
        if status == PUBLISHED and cell.status != PUBLISHED:
            # showing a cell narrows the system: what was seen may no longer be feasible
            self.seen_low[:] = math.inf
            self.seen_high[:] = -math.inf
        cell.status = status
        lo, hi = _cell_bounds(cell, self.ks[col])
        self.highs.changeColBounds(self.n_atoms + col, lo, hi)
        for row in self.links.get(col, []):
            self.highs.changeRowBounds(row, *self._link_bounds(cell, self.ks[col]))

    def _solve(self, col: int, sense: float, record: bool) -> float:
        var = self.n_atoms + col
        self.highs.changeColCost(var, sense)
        self._run()
        status = self.highs.getModelStatus()
        self.highs.changeColCost(var, 0.0)
        if status == highspy.HighsModelStatus.kUnbounded:
            return math.inf if sense < 0 else -math.inf
        if status != highspy.HighsModelStatus.kOptimal:
            # The published figures always admit the true data: anything else is a bug.
            raise RuntimeError(f"joint disclosure check failed: {status}")
        values = np.asarray(self.highs.getSolution().col_value)[
            self.n_atoms : self.n_atoms + len(self.cells)
        ]
        if record:
            self._record(values)
        return float(values[col])

    def width(self, col: int, record: bool = True) -> float:
        """The width of the integer range (counts) or range (amounts) of a hidden cell,
        solving only for the ends not already seen far enough apart."""
        cell = self.cell(col)
        need = required_width(cell, self.ks[col])
        if record and self._seen_width(col) >= need - 1e-9:
            return self._seen_width(col)
        low = self._solve(col, 1.0, record)
        high = self._solve(col, -1.0, record)
        return self._width(cell, low, high)

    def _seen_width(self, col: int) -> float:
        return self._width(self.cell(col), self.seen_low[col], self.seen_high[col])

    def _width(self, cell: Cell, low: float, high: float) -> float:
        if cell.measure in AMOUNTS or not (math.isfinite(low) and math.isfinite(high)):
            return high - low if low <= high else -math.inf
        return math.floor(high + 1e-6) - math.ceil(low - 1e-6)

    def sweep(self, cols: Sequence[int]) -> None:
        """Push every cell of ``cols`` down at once, then up at once, then half of them
        down and half up (cells that share a published sum move apart) and the other way
        round, recording what each solution shows of every cell: four solves settle
        many cells' ranges, where two per cell would cost hundreds."""
        if not cols:
            return
        var = np.asarray(cols, dtype=np.int32) + self.n_atoms
        rng = np.random.default_rng(len(cols))  # same cells, same sweeps: reproducible
        signs = rng.choice([-1.0, 1.0], len(var))
        for costs in (np.ones(len(var)), -np.ones(len(var)), signs, -signs):
            self.highs.changeColsCost(len(var), var, costs)
            self._run()
            status = self.highs.getModelStatus()
            self.highs.changeColsCost(len(var), var, np.zeros(len(var)))
            if status != highspy.HighsModelStatus.kOptimal:
                continue  # an unbounded sum says nothing of one cell: each is solved alone
            self._record(
                np.asarray(self.highs.getSolution().col_value)[
                    self.n_atoms : self.n_atoms + len(self.cells)
                ]
            )

    def _record(self, values: np.ndarray) -> None:
        """Widen every cell's range seen so far by one solution's values."""
        np.minimum(self.seen_low, values, out=self.seen_low)
        np.maximum(self.seen_high, values, out=self.seen_high)

    def _needs_range(self, col: int) -> bool:
        """A hidden cell, or a sum a later table may publish holding 1..k−1: a cell
        whose range must stay wide."""
        cell = self.cell(col)
        if cell.status == VIRTUAL:
            return cell.measure not in AMOUNTS and 1 <= cell.value < self.ks[col]
        return cell.status != PUBLISHED

    def exposed(self, cols: Iterable[int], record: bool = True) -> list[int]:
        checked = [col for col in cols if self._needs_range(col)]
        if record and len(checked) > SWEEP_FROM:
            self.sweep(
                [
                    col
                    for col in checked
                    if self._seen_width(col) < required_width(self.cell(col), self.ks[col]) - 1e-9
                ]
            )
        return [
            col
            for col in checked
            if self.width(col, record) < required_width(self.cell(col), self.ks[col]) - 1e-9
        ]


@dataclass
class Outcome:
    """What the protection did: cells hidden per measure, LP solves, their work."""

    hidden: dict[str, int] = field(default_factory=dict)
    solves: int = 0
    work: int = 0


def protect_release(
    earlier: Sequence[Release],
    new: Release,
    k: int,
    max_hidden_share: float = 0.8,
    max_work: int | None = None,
) -> Outcome:
    """Hide cells of ``new`` (whose primary cells are marked :data:`PRIMARY`, the
    rest :data:`PUBLISHED`; statuses are updated in place) until every hidden cell of
    every release, ``new`` included, is safe read together.

    Raises :class:`UnprotectableTable` when a primary cell or an earlier hidden cell
    cannot be protected by hiding cells of ``new``, :class:`ReleaseTooHidden` when more
    than ``max_hidden_share`` of its tips cells would be hidden (operations, rarer, are
    mostly hidden in fine tables: that is their honest state, not a reason to refuse),
    :class:`ReleaseTooLong` past ``max_work`` (default :data:`MAX_WORK`).
    """
    max_work = MAX_WORK if max_work is None else max_work
    releases = [*earlier, new]
    outcome = Outcome()
    for measures in FAMILIES:
        if not any(c.measure in measures for c in new.cells):
            continue
        model = _Model(releases, measures, k)
        model.max_work = max_work - outcome.work
        try:
            _greedy(model, len(releases) - 1)
        except UnprotectableTable as error:
            error.work = outcome.work + model.work  # type: ignore[attr-defined]
            raise
        outcome.solves += model.solves
        outcome.work += model.work
    for measure in {c.measure for c in new.cells}:
        cells = [c for c in new.cells if c.measure == measure]
        cells = [c for c in cells if c.status != VIRTUAL]
        hidden = sum(c.status != PUBLISHED for c in cells)
        outcome.hidden[measure] = hidden
        if cells and hidden > max_hidden_share * len(cells) and measure == "tips":
            raise ReleaseTooHidden(
                f"protecting this table would hide {hidden} of its {len(cells)} "
                f"{measure} cells read with the earlier releases"
            )
    return outcome


def _greedy(model: _Model, new_index: int) -> None:
    # hidden cells of the new release shown after all (nothing protects them: their
    # value is known anyway), and sums left to their own later table
    given_up: set[int] = set()
    model.given_up = given_up
    while True:
        hidden = [
            col
            for col in range(len(model.cells))
            if model.cell(col).status != PUBLISHED and col not in given_up
        ]
        queue = model.exposed(hidden)
        if not queue:
            return
        # one exposed cell at a time, until it is safe: hiding only relaxes the system,
        # so a cell found safe stays safe; the final pass above checks them all again
        while queue:
            target = queue.pop()
            target_cell = model.cell(target)
            if target in given_up or not model.exposed([target]):
                continue
            found = _cycle_for(model, target)
            if found:
                for col in found:
                    model.set_status(col, _secondary(model.cell(col)))
                queue.extend([*found, target])
                continue
            i, _j = model.cells[target]
            if target_cell.status == VIRTUAL:
                given_up.add(target)  # a sum not published yet: its own table will say
                continue
            if i == new_index and target_cell.status in (SECONDARY, SECONDARY_ZERO):
                # a secondary cell nothing protects is known anyway (or, an amount, known
                # closely enough): show it (the final pass checks everything again)
                model.set_status(target, PUBLISHED)
                given_up.add(target)
                continue
            where = "an earlier release" if i != new_index else "this table"
            raise UnprotectableTable(
                f"a hidden {target_cell.measure} cell of {where} ({target_cell.row or '-'}, "
                f"months {target_cell.months[0] + 1}–{target_cell.months[1] + 1}) cannot be "
                "protected by hiding more of this table"
            )


def _cycle_for(model: _Model, target: int) -> list[int]:
    """Cells of the new release whose hiding widens ``target`` to its need: first so
    that it can go down (to its value less the need, not below its label), then up."""
    cell = model.cell(target)
    k = model.ks[target]
    need = required_width(cell, k)
    label_low, label_high = _cell_bounds(cell, k)
    low = model._solve(target, 1.0, record=False)
    high = model._solve(target, -1.0, record=False)
    wanted_low = max(label_low, cell.value - need)
    if cell.measure not in AMOUNTS:
        low, high, wanted_low = (
            math.ceil(low - 1e-6),
            math.floor(high + 1e-6),
            math.floor(wanted_low),
        )
    found: list[int] = []
    if low > wanted_low + 1e-9:
        found = model.cycle(target, wanted_low, None)
        if found:
            return found
    for goal in (min(label_high, wanted_low + need), min(label_high, low + need)):
        if high < goal - 1e-9:
            found = model.cycle(target, None, goal)
            if found:
                return found
    return []
