"""Whether a count changed against the previous period: the exact conditional test,
and no verdict at all where the data do not cover both periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hotspots.periods import Coverage

__all__ = ["Comparison", "SIGNIFICANCE", "compare_counts"]

#: A change is called significant below this p-value.
SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class Comparison:
    """A count against the previous period's: ``verdict`` is ``increase``,
    ``decrease``, ``no_significant_change`` (exact conditional binomial test, 5 %) or
    ``not_comparable`` (the data do not cover both periods; then ``previous`` and
    ``p_value`` are None)."""

    first: date
    last: date
    previous: int | None
    p_value: float | None
    verdict: str

    def as_dict(self) -> dict[str, object]:
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "tips": self.previous,
            "p_value": self.p_value,
            "verdict": self.verdict,
        }


def compare_counts(
    current: int,
    previous: int,
    period: tuple[date, date],
    before: tuple[date, date],
    coverage: Coverage,
) -> Comparison:
    """The exact test of ``current`` tips in ``period`` against ``previous`` in
    ``before``: given their sum, the current count is Binomial(sum, current days / all
    days) when the rate did not change."""
    from scipy.stats import binomtest

    if not coverage.covers(before[0], period[1]):
        return Comparison(before[0], before[1], None, None, "not_comparable")
    days_now = (period[1] - period[0]).days + 1
    days_before = (before[1] - before[0]).days + 1
    total = current + previous
    if total == 0:
        return Comparison(before[0], before[1], previous, None, "no_significant_change")
    p_value = float(binomtest(current, total, days_now / (days_now + days_before)).pvalue)
    expected = total * days_now / (days_now + days_before)
    if p_value >= SIGNIFICANCE:
        verdict = "no_significant_change"
    else:
        verdict = "increase" if current > expected else "decrease"
    return Comparison(before[0], before[1], previous, p_value, verdict)
