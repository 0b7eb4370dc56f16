"""Statistical disclosure control for published two-way tables (district × period).

A table is published with its row totals, column totals and grand total. Counts from
1 to k−1 are hidden (*primary* suppression, shown as ``< k``). Hidden cells could still
be worked out from the totals, so more cells are hidden (*secondary* suppression)
until no hidden cell can be recovered: a hidden zero is shown as ``< k`` too (which is
true, and keeps an outsider from knowing a ``< k`` cell is at least 1), a hidden count
of k or more as ``n.d.``.

"Recovered" is decided exactly. A two-way table with its margins is a network: each
cell lies on exactly two of the table's equations (its row and its column; a row total
on its row and on the equation of the row totals, …), so the constraint matrix is
totally unimodular. The smallest and largest value a hidden cell can take, given every
published number and what the labels say (``< k`` means 0..k−1, ``n.d.`` means at
least k), are therefore integers found by linear programming (HiGHS through
``scipy.optimize.linprog``): a cell is protected when that interval holds more than one
value. Cells are added greedily — the smallest published cell on a line of an exposed
cell that protects it — and the whole table is checked again after each addition, so
the result is verified, not assumed. This is the classical LP formulation of cell
suppression (Cox 1980; Fischetti and Salazar 1999) with a greedy choice of cells
instead of an optimal one: it may hide a few more cells than needed, never fewer.

Amounts that are not counts (grams seized) use the same machinery with their own
primary rule (fewer than k contributing operations) and bounds (any non-negative
amount).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

__all__ = [
    "PRIMARY",
    "PUBLISHED",
    "SECONDARY",
    "SECONDARY_ZERO",
    "Protected",
    "equations",
    "intervals",
    "UnprotectableTable",
    "protect",
    "with_margins",
]

PUBLISHED, PRIMARY, SECONDARY, SECONDARY_ZERO = 0, 1, 2, 3
#: Statuses shown as ``< k``; the others hidden are shown as ``n.d.``.
BELOW_K = (PRIMARY, SECONDARY_ZERO)


@dataclass(frozen=True)
class Protected:
    """A table with its margins (last row and last column are the totals) and the
    status of every cell."""

    values: np.ndarray  # (R+1, C+1) float or int
    status: np.ndarray  # (R+1, C+1) int8: PUBLISHED, PRIMARY, SECONDARY, SECONDARY_ZERO
    k: int

    @property
    def hidden(self) -> int:
        return int((self.status != PUBLISHED).sum())


def with_margins(interior: np.ndarray) -> np.ndarray:
    """The table with a row of column totals and a column of row totals appended."""
    interior = np.asarray(interior)
    rows = np.column_stack([interior, interior.sum(axis=1)])
    return np.vstack([rows, rows.sum(axis=0)])


def equations(shape: tuple[int, int]) -> np.ndarray:
    """The table's equations over its cells (flattened row-major, margins included):
    each row sums to its total, each column to its total, the totals to the grand
    total."""
    n_rows, n_cols = shape[0] - 1, shape[1] - 1
    eqs = []
    for r in range(n_rows):
        e = np.zeros(shape)
        e[r, :n_cols] = 1
        e[r, n_cols] = -1
        eqs.append(e.ravel())
    for c in range(n_cols):
        e = np.zeros(shape)
        e[:n_rows, c] = 1
        e[n_rows, c] = -1
        eqs.append(e.ravel())
    for axis_total in (0, 1):
        e = np.zeros(shape)
        if axis_total == 0:
            e[:n_rows, n_cols] = 1
        else:
            e[n_rows, :n_cols] = 1
        e[n_rows, n_cols] = -1
        eqs.append(e.ravel())
    return np.array(eqs)


def _bounds(
    status: np.ndarray | list, values: np.ndarray | list, k: int, counts: bool
) -> list[tuple[float, float | None]]:
    """What an outsider knows of each hidden cell from its label."""
    out: list[tuple[float, float | None]] = []
    for s, _v in zip(status, values, strict=True):
        if not counts:
            out.append((0.0, None))
        elif s in BELOW_K:
            out.append((0.0, float(k - 1)))
        else:
            out.append((float(k), None))
    return out


def intervals(
    values: np.ndarray,
    status: np.ndarray,
    k: int,
    counts: bool = True,
    only: list[int] | None = None,
    extra_bounds: dict[int, tuple[float | None, float | None]] | None = None,
    eqs: np.ndarray | None = None,
) -> dict[int, tuple[float, float]]:
    """For each hidden cell (flat index), the smallest and largest value it can take
    given the published cells and the labels (``inf`` when unbounded above). ``eqs``
    are the table's equations over its flattened cells (default: a two-way table with
    its margins, :func:`equations`)."""
    flat_values = np.asarray(values, dtype=float).ravel()
    flat_status = np.asarray(status).ravel()
    hidden = np.flatnonzero(flat_status != PUBLISHED)
    if hidden.size == 0:
        return {}
    a = equations(np.asarray(values).shape) if eqs is None else eqs
    published = flat_status == PUBLISHED
    a_eq = a[:, hidden]
    b_eq = -a[:, published] @ flat_values[published]
    keep = np.any(a_eq != 0, axis=1)
    a_eq, b_eq = a_eq[keep], b_eq[keep]
    bounds = _bounds(flat_status[hidden], flat_values[hidden], k, counts)
    for j, cell in enumerate(hidden.tolist()):
        if extra_bounds and cell in extra_bounds:
            lo, hi = extra_bounds[cell]
            base_lo, base_hi = bounds[j]
            new_lo = base_lo if lo is None else max(base_lo, lo)
            new_hi = base_hi if hi is None else (hi if base_hi is None else min(base_hi, hi))
            bounds[j] = (new_lo, new_hi)
    targets: list[int] = (
        hidden.tolist() if only is None else [c for c in only if flat_status[c] != PUBLISHED]
    )
    position = {int(c): j for j, c in enumerate(hidden)}
    out: dict[int, tuple[float, float]] = {}
    for cell in targets:
        j = position[int(cell)]
        objective = np.zeros(hidden.size)
        objective[j] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if low.status != 0:
            # The published figures and labels always admit the true table, so the
            # problem is feasible; anything else is a bug worth stopping on.
            raise RuntimeError(f"disclosure check failed: {low.message}")
        top = float("inf") if high.status == 3 else -float(high.fun)
        out[int(cell)] = (float(low.fun), top)
    return out


def _exposed(
    values, status, k, counts, min_width, extra_bounds, only=None, eqs=None
) -> list[tuple[int, float]]:
    found = intervals(values, status, k, counts, only=only, extra_bounds=extra_bounds, eqs=eqs)
    widths = np.broadcast_to(np.asarray(min_width, dtype=float), np.asarray(values).size)
    return [(cell, hi - lo) for cell, (lo, hi) in found.items() if hi - lo < widths[cell] - 1e-9]


def _lines(eqs: np.ndarray, cell: int) -> np.ndarray:
    """Cells sharing an equation with ``cell`` (for a two-way table: its row and its
    column, the totals included)."""
    mask = np.any(eqs[eqs[:, cell] != 0] != 0, axis=0)
    mask[cell] = False
    return mask


def protect(
    values: np.ndarray,
    k: int,
    primary: np.ndarray | None = None,
    counts: bool = True,
    min_width: float | np.ndarray = 1.0,
    extra_bounds: dict[int, tuple[float | None, float | None]] | None = None,
    start: np.ndarray | None = None,
    eqs: np.ndarray | None = None,
    frozen: np.ndarray | None = None,
) -> Protected:
    """Hide the cells of ``values`` (a table *with* its margins, see
    :func:`with_margins`) so that none can be recovered.

    ``primary`` defaults to the counts from 1 to k−1. Secondary cells are chosen among
    the published cells, smallest first. ``min_width`` is
    the least width of the interval an outsider can narrow a hidden cell down to (1:
    at least two possible counts). ``extra_bounds`` adds what an outsider knows from
    other published tables (flat index → (low, high)). ``start`` is a status to start
    from (cells already hidden stay hidden).
    """
    values = np.asarray(values)
    shape = values.shape
    flat = values.ravel().astype(float)
    if eqs is None:
        eqs = equations(shape)
    if primary is None:
        primary = (values >= 1) & (values <= k - 1)
    status = np.where(np.asarray(primary), PRIMARY, PUBLISHED).astype(np.int8).ravel()
    if start is not None:
        status = np.maximum(status, np.asarray(start, dtype=np.int8).ravel())
    widths = np.broadcast_to(np.asarray(min_width, dtype=float), flat.shape)
    # A secondary cell that other tables already pin down protects nothing: show it.
    free = _free(flat, k, counts, extra_bounds, widths)
    status[~free & (status != PRIMARY)] = PUBLISHED
    if frozen is not None:
        frozen_flat = np.asarray(frozen, dtype=bool).ravel()
        free = free & ~frozen_flat
        # A line of zeros whose total stays published as 0: every cell of it is known.
        for line in eqs:
            cells = line != 0
            if (frozen_flat & cells).any() and not flat[cells].any():
                free &= ~cells
    # Hiding one more cell only widens what an outsider can say of the others (an
    # equality becomes a range holding the same value), so a cell found protected stays
    # protected: only the cells not yet found so are checked again.
    unchecked = [int(c) for c in np.flatnonzero(status != PUBLISHED)]
    while True:
        grid = status.reshape(shape)
        exposed = _exposed(
            values, grid, k, counts, min_width, extra_bounds, only=unchecked, eqs=eqs
        )
        if not exposed:
            return Protected(values, grid.copy(), k)
        unchecked = [cell for cell, _width in exposed]
        # Work from the cell hidden last: its partner closes the cycle being built.
        target = exposed[-1][0]
        eligible = (status == PUBLISHED) & free
        near = np.flatnonzero(eligible & _lines(eqs, target))
        candidates = near if near.size else np.flatnonzero(eligible)
        if candidates.size == 0:
            if status[target] == PRIMARY:
                raise UnprotectableTable("no cell left to hide that would protect the table")
            # A secondary cell that nothing can protect is known anyway: hiding it
            # protects nothing either, so it is shown.
            status[target] = PUBLISHED
            free[target] = False
            unchecked.remove(target)
            continue
        candidates = candidates[np.argsort(flat[candidates], kind="stable")]
        chosen = candidates[0]
        for cell in candidates[:CANDIDATES_TRIED]:
            trial = status.copy()
            trial[cell] = _secondary(flat[cell], counts)
            if not _exposed(
                values, trial.reshape(shape), k, counts, min_width, extra_bounds, [target], eqs
            ):
                chosen = cell
                break
        status[chosen] = _secondary(flat[chosen], counts)
        unchecked.append(int(chosen))


#: Cells tried (smallest first) for one that protects an exposed cell on its own.
CANDIDATES_TRIED = 12


def _free(flat, k, counts, extra_bounds, widths) -> np.ndarray:
    """Cells that, once hidden, could still take values over the needed width given
    what an outsider knows from other tables (a zero whose cell is capped at zero
    elsewhere protects nothing)."""
    free = np.ones(flat.shape, dtype=bool)
    for cell, (lo, hi) in (extra_bounds or {}).items():
        status = _secondary(flat[cell], counts)
        base_lo, base_hi = _bounds([status], [flat[cell]], k, counts)[0]
        top = base_hi if hi is None else (hi if base_hi is None else min(base_hi, hi))
        bottom = base_lo if lo is None else max(base_lo, lo)
        if top is not None and top - bottom < widths[cell] - 1e-9:
            free[cell] = False
    return free


def _secondary(value: float, counts: bool) -> int:
    return SECONDARY_ZERO if counts and value == 0 else SECONDARY


class UnprotectableTable(ValueError):
    """No choice of hidden cells protects the table: publish a coarser one."""
