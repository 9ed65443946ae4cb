"""The shape a language's number scanner hands to ``core.numbers``, and a regex helper they share.

Why: each language has its own numeral grammar (``core.numbers_en``, ``core.numbers_intl``) but what a
number means — claim or not, hedge, unit, interval, range — is decided once, in ``core.numbers``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["NUMBER_GROUPS", "Candidate", "alt"]

# Candidate groups that are numbers (the rest are number-like strings that are never claims).
NUMBER_GROUPS = frozenset({"digits", "word", "vague", "fraction"})  # fraction: "a third", "one in six"


class Candidate(NamedTuple):
    """A number-like string at ``text[start:end]``.

    ``group`` says what it looks like: ``digits`` ("35,000", "3.5bn"), ``word`` ("twenty-one"),
    ``vague`` ("dozens"; ``low``/``high`` set), or a non-number:
    ``date``, ``time``, ``phone``, ``ordinal``, ``name``. ``value`` has any written scale applied and
    ``scale`` is that scale (1e6 for "4 million", 1 when none is written), so a range's first number can
    share it ("3-4 billion"). A named tuple: one is built per number-like string of every article.
    """

    group: str
    start: int
    end: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    scale: float = 1.0


def alt(words: list[str]) -> str:
    """A regex alternation, longest first so "seventeen" is preferred to "seven"; spaces match any whitespace."""
    escaped = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return "|".join(e.replace(re.escape(" "), r"\s+") for e in escaped)
