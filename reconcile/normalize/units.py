"""The unit class a counted phrase names, from the active profile's unit words.

Why: "35 Russian diplomats", "14 embassy staff", "3,000 residents" say what is counted right after
the number; the text beats the model. The earliest unit word in the phrase is its head ("spies posing
as diplomats" are spies). A union whose second member contains the first ("diplomats and embassy
workers") counts the wider class.
"""

from __future__ import annotations

import re

from reconcile.profile.spec import Profile

_UNION_GAP = re.compile(r"^[\s,]*(?:and|or|&|plus|as\s+well\s+as)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _matches(phrase: str, profile: Profile) -> list[tuple[int, int, str]]:
    """Every unit word in ``phrase`` as (start, end, unit), leftmost first, longest first at one position."""
    found = [
        (match.start(), match.end(), name)
        for name, unit in profile.units.items()
        if unit.word_pattern is not None
        for match in unit.word_pattern.finditer(phrase)
    ]
    return sorted(found, key=lambda hit: (hit[0], hit[0] - hit[1]))


def unit_of(phrase: str, profile: Profile) -> str | None:
    """The profile unit class ``phrase`` counts, or ``None`` when it names none."""
    normal = phrase.replace("’", "'").replace("\u00a0", " ")
    matches = _matches(normal, profile)
    if not matches:
        return None
    _, head_end, head = matches[0]
    for start, _end, name in matches[1:]:
        if start < head_end:
            continue  # a shorter word inside the head phrase
        if name != head and name in profile.unit_ancestors(head) and _UNION_GAP.match(normal[head_end:start]):
            return name
        break
    return head


def units_comparable(a: str, b: str, profile: Profile) -> bool:
    """Two units count the same thing only when equal; nested classes (diplomats ⊂ staff) are not."""
    return a == b


def units_overlap(a: str, b: str, profile: Profile) -> bool:
    """One class contains the other (or they are equal): the claims may count the same people."""
    return a in profile.unit_ancestors(b) or b in profile.unit_ancestors(a)
