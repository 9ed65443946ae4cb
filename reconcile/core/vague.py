"""The conventional intervals of vague quantities: one definition, for the number finder in every language
and for the gold builders and validators (``reconcile.evaluation``), so a scorecard never counts an
interval error that is only two tables disagreeing.

Why these bounds: a vague plural scale X ("hundreds", "thousands", "tens of thousands", "Tausende",
"des centaines", "miles") covers every figure a writer would call so, from two X up to just below the
next order of magnitude: "hundreds" is [200, 999] (950 people are "hundreds"; a thousand would be "a
thousand"). That is the shape of ``dozens`` [24, 99] (two dozen and more, below a hundred) and of an
N-figure number [10^(N-1), 10^N - 1]. "several X" / "a few X" is [3X, 9X], read literally; "a couple"
[2, 3]. The bounds are wide on purpose: an interval too narrow turns two compatible reports into a
false disagreement, while one too wide only makes a weak claim weak.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = ["COUPLE", "DOZENS", "Vague", "many", "several"]


@dataclass(frozen=True, slots=True)
class Vague:
    """``[low * base, high * base]``, the top lowered by one when ``below_next`` ("below a thousand")."""

    low: float
    high: float
    base: float = 1.0
    below_next: bool = False

    def bounds(self) -> tuple[float, float]:
        return float(self.low * self.base), float(self.high * self.base - (1 if self.below_next else 0))

    def times(self, factor: float) -> Vague:
        """The same quantity of a larger unit: "des dizaines de milliers" is ``many(10).times(1000)``."""
        return replace(self, base=self.base * factor)


def many(base: float) -> Vague:
    """A plural scale: "hundreds" (base 100) is [200, 999]; "tens of thousands" (base 10,000) [20000, 99999]."""
    return Vague(2, 10, base, below_next=True)


def several(base: float = 1.0) -> Vague:
    """ "several", "a few", "a handful" [3, 9]; "several hundred", "a few thousand" [3X, 9X]."""
    return Vague(3, 9, base)


DOZENS = Vague(24, 100, below_next=True)  # two dozen and more, below a hundred: [24, 99]
COUPLE = Vague(2, 3)  # "a couple of"
