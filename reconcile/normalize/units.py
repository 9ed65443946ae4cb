"""The unit class a counted phrase names, from the active profile's unit words.

Why: "35 Russian diplomats", "14 embassy staff", "3,000 residents" say what is counted right after
the number; the text beats the model. The earliest unit word in the phrase is its head ("spies posing
as diplomats" are spies), unless another unit word follows it directly: a noun compound's head is its
last noun ("pirate boats" are boats, "bomb victims" people). A union whose second member contains the
first ("diplomats and embassy workers") counts the wider class. The noun phrase ends at a verb: a
lower-case participle not followed by a unit word ("250 others injured and 800 homes destroyed": the
250 are not homes; "armed robbers" keeps its noun) or a preposition ("dozens more across the region"),
and a number followed by "and"/"or" counts no noun
of its own ("injured dozens and destroyed buildings").
"""

from __future__ import annotations

import re

from reconcile.profile.spec import Measure, Profile

_COMPOUND_GAP = re.compile(r"^[\s-]+$")  # "pirate boats", "bomb-victims": one noun phrase, head last
_STANDS_ALONE = re.compile(r"^(?:and|or|but|nor|while|then)\b", re.IGNORECASE)
_VERB_FORM = re.compile(r"\b[a-z]+(?:ed|ing)\b")  # lower case: "United Nations staff" is a name
_PLACE_OR_MANNER = re.compile(  # "dozens more across the affected region": where, not what is counted
    r"\b(?:across|near|around|through|into|from|with|by|during|inside|outside|within|along|against|towards?|"
    r"under|between|among|via|without|despite|like)\b",
    re.IGNORECASE,
)
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


def _phrase_end(phrase: str, unit_starts: set[int]) -> int:
    """Where the counted noun phrase ends: at a preposition of place or manner, or at the first participle
    that no unit word follows."""
    preposition = _PLACE_OR_MANNER.search(phrase)
    if preposition is not None:
        phrase = phrase[: preposition.start()]
    for verb in _VERB_FORM.finditer(phrase):
        if verb.start() in unit_starts:
            continue  # "building", "dwelling": the unit word itself
        rest = phrase[verb.end() :]
        if verb.end() + len(rest) - len(rest.lstrip()) not in unit_starts:
            return verb.start()
    return len(phrase)


def unit_of(phrase: str, profile: Profile) -> str | None:
    """The profile unit class ``phrase`` counts, or ``None`` when it names none."""
    normal = phrase.replace("’", "'").replace("\u00a0", " ")
    if _STANDS_ALONE.match(normal):
        return None
    matches = _matches(normal, profile)
    stop = _phrase_end(normal, {start for start, _, _ in matches})
    matches = [match for match in matches if match[0] < stop]
    if not matches:
        return None
    _, head_end, head = matches[0]
    for start, end, name in matches[1:]:
        if start < head_end:
            continue  # a shorter word inside the head phrase
        if _COMPOUND_GAP.match(normal[head_end:start]):
            head_end, head = end, name  # a modifier before the head noun
            continue
        if name != head and name in profile.unit_ancestors(head) and _UNION_GAP.match(normal[head_end:start]):
            return name
        break
    return head


def last_unit_in(text: str, profile: Profile) -> str | None:
    """The unit class of the last unit word in ``text``: what an anaphor after it ("two of them", "the
    other three", "several more") most likely counts."""
    matches = _matches(text.replace("’", "'").replace("\u00a0", " "), profile)
    return max(matches, key=lambda hit: (hit[0], hit[1] - hit[0]))[2] if matches else None


def units_comparable(a: str, b: str, profile: Profile) -> bool:
    """Two units count the same thing only when equal; nested classes (diplomats ⊂ staff) are not."""
    return a == b


def units_overlap(a: str, b: str, profile: Profile) -> bool:
    """One class contains the other (or they are equal): the claims may count the same people."""
    return a in profile.unit_ancestors(b) or b in profile.unit_ancestors(a)


def counts_unit(measure: Measure, unit: str, profile: Profile) -> bool:
    """Can figures of ``measure`` count things of class ``unit``? When one of its units overlaps it, or
    when the measure is a catch-all whose figures are compared by their words ("3 boats", "5 floors").
    Why: "six rifles" cannot be people arrested, nor "three boats" people displaced."""
    return measure.worded or any(units_overlap(unit, own, profile) for own in measure.units)
