"""Fractions and shares written in words: "a third of those tested", "half the budget", "two in five
voters", "7 out of every 10", "die Hälfte", "un tiers", "dos de cada tres". Language data and one scan.

Why its own scan: a share is one quantity written with two numerals or none ("one in six" is 1/6, not a
one and a six), so it is found before the numerals are and its span wins over theirs. Its value is the
share of one (0.5 for "half"); ``core.numbers`` gives it kind percent and unit ``fraction`` ("one-tenth
of a percentage point" is 0.1 percentage points instead).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from reconcile.core.candidates import Candidate, alt

__all__ = ["FRACTION_GROUP", "fraction_candidates", "share_unit_after"]

FRACTION_GROUP = "fraction"

_SMALL: dict[str, dict[str, int]] = {
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "a": 1, "an": 1},
    "de": {"ein": 1, "eine": 1, "einem": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
           "acht": 8, "neun": 9, "zehn": 10},
    "fr": {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
           "neuf": 9, "dix": 10},
    "es": {"un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
           "ocho": 8, "nueve": 9, "diez": 10},
}  # fmt: skip
# Denominator words, singular and plural: "a third", "two thirds", "ein Drittel", "deux tiers", "dos tercios".
_PARTS: dict[str, dict[str, int]] = {
    "en": {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
           "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
           "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10},
    "de": {"drittel": 3, "viertel": 4, "fünftel": 5, "sechstel": 6, "siebtel": 7, "achtel": 8, "zehntel": 10},
    "fr": {"tiers": 3, "quart": 4, "quarts": 4, "cinquième": 5, "cinquièmes": 5, "dixième": 10, "dixièmes": 10},
    "es": {"tercio": 3, "tercios": 3, "cuarto": 4, "cuartos": 4, "quinto": 5, "quintos": 5, "décimo": 10,
           "décimos": 10},
}  # fmt: skip
# "half" alone, when what it halves follows: "half of the jobs", "half the budget" (not "half a million": a number).
_HALF: dict[str, str] = {
    "en": r"half(?=\s+(?:of|the|its|their|his|her|our|those|these)\b)",
    "de": r"(?-i:[Dd]ie\s+Hälfte|der\s+Hälfte)",
    "fr": r"(?:la\s+)?moitié(?=\s+d)",
    "es": r"(?:la\s+)?mitad(?=\s+de)",
}
# "N in M", "N out of (every) M" (en); "N von M", "jeder zweite" are left out: "3 von 10" is as often a score.
_JOIN: dict[str, str] = {
    "en": r"\s+(?:in|out\s+of(?:\s+every)?)\s+",
    "de": r"\s+von\s+",
    "fr": r"\s+sur\s+",
    "es": r"\s+de\s+cada\s+",
}
# Singular part words that are ordinals too ("a third time", "un cuarto piso"): a share only when what it is a
# share of follows.
_ORDINAL_LIKE = frozenset({"third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "quarter",
                           "quart", "cinquième", "dixième", "cuarto", "quinto", "décimo"})  # fmt: skip
_OF_AFTER = re.compile(r"\s+(?:of|the|de|d['’]|del|der|des)(?!\w)", re.IGNORECASE)
_SHARE_UNIT = re.compile(r"\s+of\s+(?:a|one)\s+(?P<u>percentage\s+point|per\s*cent|percent)(?!\w)", re.IGNORECASE)


@cache
def _pattern(language: str) -> re.Pattern[str]:
    small, parts = _SMALL[language], _PARTS[language]
    numeral = rf"(?:\d{{1,3}}|{alt(list(small))})"
    count = rf"(?:\d{{1,3}}|{alt([w for w in small if small[w] > 1 or w in ('one', 'un', 'uno', 'ein')])})"
    return re.compile(
        rf"(?<![\w.,-])(?<!and )(?:(?P<part>{numeral}[\s-]+(?:{alt(list(parts))}))"
        rf"|(?P<ratio>{count}{_JOIN[language]}{count})"
        rf"|(?P<half>{_HALF[language]}))(?![\w-])",
        re.IGNORECASE,
    )


def _numeral(word: str, language: str) -> int:
    return int(word) if word.isdigit() else _SMALL[language][word.lower()]


def fraction_candidates(text: str, language: str) -> Iterator[Candidate]:
    """Every fraction or share of ``text`` with its value (share of one), in order."""
    if language not in _SMALL:
        return
    parts = _PARTS[language]
    for found in _pattern(language).finditer(text):
        body = found.group()
        if found.group("half"):
            value = 0.5
        elif found.group("part"):
            head, tail = re.split(r"[\s-]+", body, maxsplit=1)[0], re.split(r"[\s-]+", body)[-1]
            numerator, denominator = _numeral(head, language), parts[tail.lower()]
            if numerator >= denominator:
                continue
            if tail.lower() in _ORDINAL_LIKE and not _OF_AFTER.match(text, found.end()):
                continue  # "a third straight win", "el cuarto piso"
            value = numerator / denominator
        else:
            words = re.split(r"\s+", body)
            numerator, denominator = _numeral(words[0], language), _numeral(words[-1], language)
            if not 0 < numerator < denominator <= 100:
                continue  # "2 in 2014" is a count and a year; "10 in 3" no share
            value = numerator / denominator
        yield Candidate(FRACTION_GROUP, found.start(), found.end(), value=value)


def share_unit_after(text: str, end: int) -> tuple[str, int] | None:
    """ "one-tenth **of a percentage point**": the unit a fraction is a share of, and where it ends."""
    found = _SHARE_UNIT.match(text, end)
    if found is None:
        return None
    unit = "percentage_point" if "point" in found.group("u").lower() else "percent"
    return unit, found.end()
