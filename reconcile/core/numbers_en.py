"""English number candidates: one compiled regex that finds every number-like string and says what it
looks like (digits, number words, vague quantity, date, time, phone...), with its value.

Why separate from ``core.numbers``: this is the grammar of English numerals; what a number *is* (a
claim or not, its hedge, unit and interval) is decided by ``core.numbers`` the same way for every
language. English keeps its own grammar instead of ``text2num`` (used for German, French, Spanish)
because news English needs phrases text2num does not read ("a dozen", "half a million", "two-million")
and because one regex pass is what keeps the finder fast on every article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reconcile.core.candidates import Candidate, alt
from reconcile.core.vague import COUPLE, DOZENS, many, several

__all__ = ["candidates", "vague_bounds", "words_to_number"]

_UNITS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES: dict[str, int] = {
    "dozen": 12, "score": 20, "hundred": 100, "thousand": 1_000, "million": 1_000_000,
    "billion": 1_000_000_000, "trillion": 1_000_000_000_000, "crore": 10_000_000, "crores": 10_000_000,
    "lakh": 100_000, "lakhs": 100_000,
}  # fmt: skip
# Scale abbreviations glued to digits (or after one space for the unambiguous ones): "€3.5bn", "2.1m", "80k".
SCALE_ABBREVIATIONS: dict[str, int] = {
    "k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000, "bln": 1_000_000_000,
    "tn": 1_000_000_000_000, "trn": 1_000_000_000_000, "trln": 1_000_000_000_000,
}  # fmt: skip

_FEW_WORDS = ("several", "a few")
_FIGURES = {"single": 1, "double": 2, "triple": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}

_UNIT = rf"(?:{alt(list(_UNITS))})"
_UNIT19 = rf"(?:{alt([w for w, v in _UNITS.items() if v < 10])})"
_TEN = rf"(?:{alt(list(_TENS))})"
_SMALL = rf"(?:{_TEN}(?:[-\s]{_UNIT19}(?![\w]))?|{_UNIT})(?!\w)"
_GROUP = rf"(?:{_SMALL}(?:\s+hundred(?:\s+(?:and\s+)?{_SMALL})?(?!\w))?)"
_BIG_WORDS = "thousand|million|billion|trillion|crores|crore|lakhs|lakh"  # crore, lakh: South Asian 10^7, 10^5
_BIG_SCALE = rf"(?:{_BIG_WORDS})(?!\w)"
_WORDNUM = (
    r"(?:half\s+a\s+(?:dozen|hundred|thousand|million|billion)(?!\w)"
    rf"|{_SMALL}[\s-]+and[\s-]+a[\s-]+half(?![\w-])"  # "seven and a half", "three-and-a-half"
    r"|twice(?=\s+(?:as|the)\b)"  # "twice as fast", "twice the performance": a multiplier (core.numbers)
    rf"|(?:{_GROUP}|a\s+hundred|a)[\s-]+{_BIG_SCALE}(?:\s+(?:and\s+)?{_GROUP})?"
    rf"|a\s+hundred(?:\s+and\s+{_SMALL})?(?!\w)"
    rf"|(?:{_SMALL}|a)\s+dozen(?!\w)"
    rf"|{_GROUP})"
)
_PLURAL_SCALE = r"(?:dozens|hundreds|thousands|millions|billions)"
_VAGUE = (
    r"(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)(?!\w)"
    r"|(?:several|a\s+few)\s+(?:dozen|hundred|thousand|million|billion)(?!\w)"
    rf"|{_PLURAL_SCALE}(?!\w)"
    r"|scores(?=\s+of\b)"
    r"|(?:(?:low|mid|high)[\s-]+)?(?:single|double|triple|four|five|six|seven|eight|nine)-(?:figure|digit)(?!\w)"
    r"|(?:several|a\s+few|a\s+handful)(?!\w)"
    r"|a\s+couple(?=\s+of\b))"
)
_MONTH = (
    r"(?-i:(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![\w])"
)
_DAYNUM = r"\d{1,2}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2})?(?![\w])"
_YEARTAIL = r"(?:,?\s+\d{4}(?!\d))?"
# A place described by its size in apposition ("Manokwari, a city of 160,000 people, ..."): a property of
# the place, not a figure of the event. Only after a comma and an article: "a village of 300 people was
# evacuated" counts the evacuated, and "in the region of 20,000" means about 20,000.
POPULATION_BEFORE = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:city|town|village|country|nation|province|state|island|district|"
    r"region|municipality|metropolis|capital|community)\s+of\s+\Z",
    re.IGNORECASE,
)
# not glued to a word ("G7", "Covid-19") or a number; "magnitude-6.1" is a magnitude (core.units.magnitude_before)
NUMSTART = r"(?<![\w.,/@#:+])(?:(?<![A-Za-z]-)|(?<=[Mm]agnitude-)|(?<=\d-of-)|(?<=\d-for-))"  # "9-for-15"
# Dates that start with a month name, and those that start with a digit (tried before times and counts).
_DATE_MONTH = rf"(?:{_MONTH}\s+{_DAYNUM}{_YEARTAIL}|{_MONTH}\s+\d{{4}}(?!\d))"
_DATE_DIGIT = (
    rf"(?:{_DAYNUM}\s+(?:of\s+)?{_MONTH}{_YEARTAIL}"
    r"|\d{4}[-/]\d{1,2}[-/]\d{1,2}(?!\d)"
    r"|\d{1,2}/\d{1,2}/\d{2,4}(?!\d)"
    r"|(?:1[89]|20)\d{2}\s*[-–/]\s*(?:(?:1[89]|20)\d{2}|\d{2})(?!\d))"
)
_AMPM = r"(?:a\.m\.|p\.m\.|am|pm)(?!\w)"
# 9:15, 9:15:02 am, 7 pm, 10.45 p.m., and the wire services' 0315 GMT
_TIME = (
    rf"(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*{_AMPM})?|\d{{1,2}}\.\d{{2}}\s*{_AMPM}|\d{{1,2}}\s*{_AMPM}"
    r"|(?:[01]\d|2[0-3])[0-5]\d\s*(?-i:GMT|UTC)(?!\w))"
)
_NAMED = r"(?-i:France\s+24)(?!\w)"
# Phone numbers: an international prefix, a bracketed area code, or the dashed/dotted 3-3-4 form.
PHONE = (
    r"(?:\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]\d{2,4}){1,4}"
    r"|\(\d{2,4}\)[\s.-]?\d{3,4}[\s.-]\d{3,4}"
    r"|\d{3}[.-]\d{3}[.-]\d{4})(?![\w])"
)
_ORDINAL = r"\d+(?:st|nd|rd|th)(?!\w)"
# Units that may be glued to digits ("10km", "25%"): the digits end there; ``core.units`` reads the unit.
GLUED_UNIT = (
    r"(?:km/h|km²|km2|km|kg|cm|mm|mph|kph|ft|ha|MW|GW|kWh|(?-i:GB|TB|MB|GHz|MHz|mAh|MP|kW|hp|rpm|in|g|W|lbs|lb|oz|pc|p|c))"
    r"(?![A-Za-z])"
)
_SCALE_ABBR = r"(?:\s?(?:bln|bn|mn|mln|trln|tn|trn)|[mkK])(?![A-Za-z])"
_DIGITS = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    rf"(?:[\s-]+(?:dozen|hundred|{_BIG_WORDS})(?!\w)|{_SCALE_ABBR})?"
    rf"(?:(?={GLUED_UNIT})|(?![\w/]|[.,:]\d))"
)
# Words a word-number or vague quantity can start with: a cheap gate tried once per word, so the
# long alternations below run only where they can match (this keeps 5 MB near a second).
_FIRST_WORDS = alt(
    [*_UNITS, *_TENS, *_FIGURES, "a", "half", "twice", "several", "tens", "dozens", "hundreds", "thousands", "millions",
     "billions", "scores", "low", "mid", "high"]
)  # fmt: skip

_MASTER = re.compile(
    rf"(?=[\d+(]){NUMSTART}(?:(?P<date>{_DATE_DIGIT})|(?P<time>{_TIME})|(?P<phone>{PHONE})|(?P<ordinal>{_ORDINAL})"
    rf"|(?P<digits>{_DIGITS}))"
    rf"|(?-i:(?=[JFMASOND]))(?:(?P<mdate>{_DATE_MONTH})|(?P<named>{_NAMED}))"
    rf"|\b(?=[abdefhlmnost])(?=(?:{_FIRST_WORDS})(?!\w))(?:(?P<vague>{_VAGUE})|(?P<word>{_WORDNUM}))",
    re.IGNORECASE,
)
_GROUPS = {"mdate": "date", "named": "name"}


def words_to_number(phrase: str) -> float:
    """The value of an English number phrase ("twenty-one", "a dozen", "half a million", "4 million", "3.5bn").

    Accepts what the scanner matches: number words, digits with optional thousands separators,
    "a"/"and", scale words and glued scale abbreviations. Raises ``ValueError`` on anything else, so a
    scanner bug surfaces instead of producing a wrong value.
    """
    tokens = re.findall(r"\d[\d,]*(?:\.\d+)?|[^\W\d]+", phrase.strip().lower())
    if tokens == ["twice"]:
        return 2.0
    if tokens[-3:] == ["and", "a", "half"] and len(tokens) > 3:  # "seven and a half"
        return words_to_number(" ".join(tokens[:-3])) + 0.5
    total = 0.0
    current = 0.0
    half = False
    seen = False
    for token in tokens:
        if token == "and":
            continue
        if token == "half":
            half = True
            continue
        if token in ("a", "an"):
            current += 1
        elif token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", token):
            current += float(token.replace(",", ""))
        elif token in ("dozen", "hundred"):
            current = (current or 1) * SCALES[token]
        elif token in SCALES:
            total += (current or 1) * SCALES[token]
            current = 0
        elif token in SCALE_ABBREVIATIONS and seen:
            total += current * SCALE_ABBREVIATIONS[token]
            current = 0
        else:
            raise ValueError(f"not a number word: {token!r} in {phrase!r}")
        seen = True
    if not seen:
        raise ValueError(f"no number in {phrase!r}")
    value = total + current
    return value / 2 if half else value


def vague_bounds(phrase: str) -> tuple[float, float]:
    """The interval of an English vague quantity, by the one convention of ``core.vague``; ``ValueError``
    for a phrase that is not one ("lots")."""
    words = phrase.lower().replace("-", " ").split()
    if not words:
        raise ValueError("an empty phrase is no vague quantity")
    if words[-1] in ("figure", "digit") and len(words) >= 2 and words[-2] in _FIGURES:
        digits = _FIGURES[words[-2]]  # "a low six-figure number": a number of that many digits
        floor = 10 ** (digits - 1)
        low, high = (floor if digits > 1 else 1), 10 * floor - 1
        band = {"low": (low, 3 * floor), "mid": (3 * floor, 7 * floor), "high": (7 * floor, high)}
        return band.get(words[0], (low, high))
    if words[0] in ("tens", "hundreds") and len(words) == 3 and words[1] == "of" and words[2][:-1] in SCALES:
        return many(SCALES[words[2][:-1]] * (10 if words[0] == "tens" else 100)).bounds()  # tens of thousands
    head = " ".join(words[:-1])
    if words[-1] in SCALES and head in _FEW_WORDS:  # several hundred, a few thousand, several dozen
        return several(SCALES[words[-1]]).bounds()
    if words == ["dozens"]:
        return DOZENS.bounds()
    if len(words) == 1 and words[0].endswith("s") and words[0][:-1] in SCALES:  # hundreds, thousands, scores
        return many(SCALES[words[0][:-1]]).bounds()
    if words == ["a", "couple"]:
        return COUPLE.bounds()
    if " ".join(words) in (*_FEW_WORDS, "a handful"):
        return several().bounds()
    raise ValueError(f"{phrase!r} is not a vague quantity")


def candidates(text: str) -> Iterator[Candidate]:
    """Every number-like string of an English ``text``, in order, with its value when it is a number."""
    for match in _MASTER.finditer(text):
        group = match.lastgroup
        assert group is not None
        group = _GROUPS.get(group, group)
        start, end = match.span()
        body = match.group()
        if group == "digits" and body.isdigit():  # the common case, without the word parser
            yield Candidate(group, start, end, value=float(body))
        elif group == "digits" or group == "word":
            yield Candidate(group, start, end, value=words_to_number(body), scale=_scale(body))
        elif group == "vague":
            low, high = vague_bounds(body)
            yield Candidate(group, start, end, low=low, high=high)
        else:
            yield Candidate(group, start, end)


_SCALE_AT_END = re.compile(rf"(?<![^\W\d_])(?:{_BIG_WORDS}|bln|bn|mn|mln|trln|tn|trn|m|k)$", re.IGNORECASE)


def _scale(body: str) -> float:
    """The big scale a number ends in ("4 million" -> 1e6, "3.5bn" -> 1e9), else 1: a range's first
    number shares it ("3-4 billion")."""
    found = _SCALE_AT_END.search(body)
    if found is None:
        return 1.0
    word = found.group().lower()
    return float(SCALES.get(word) or SCALE_ABBREVIATIONS[word])
