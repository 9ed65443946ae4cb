"""Deterministic number finding: every count-like number in a text, with its hedge and exact span.

Why deterministic and first: the model is only asked to *attribute* numbers that this module has
already found, so a stored value can never be a number the model invented or mis-located. Offsets
are Python string indices into the text given (``Article.text``), and for every mention
``text[m.span.start:m.span.end] == m.text`` (and likewise for ``hedge_span``/``hedge_text``).

What is found
-------------
* Digits: ``40``, ``35,000``, ``1.5``, ``4 million``, ``2 dozen`` (a following scale word is part
  of the span, so ``"4 million"`` has value 4000000).
* Number words: ``three``, ``twenty-one``, ``three hundred and forty-two``, ``a hundred``,
  ``a dozen`` (12), ``two dozen``, ``half a million`` (500000), ``four million``.
* Vague quantities (hedge ``VAGUE``, ``value`` None): ``dozens`` [24, 99], ``hundreds``
  [200, 999], ``thousands`` [2000, 9999], ``millions`` (any plural scale X: [2X, 10X-1]),
  ``tens of thousands`` [20000, 99999], ``hundreds of thousands`` [200000, 999999],
  ``several``/``a few``/``a handful`` [3, 9], ``a couple`` (of) [2, 3], and
  ``several hundred``/``a few thousand``/... [3X, 9X]. ``several`` is included because "several
  diplomats" is a real, if weak, claim about a count; the interval says how weak. "a number of"
  and "many" are not numbers and are not found.
* Implicit counts: every singular ``ambassador`` ("its ambassador", "Russia's ambassador", "the
  Russian ambassador") is a mention of value 1 with ``alignment=IMPLICIT`` whose span is the word
  "ambassador". Whether that ambassador is being acted on is left to the model.

What is kept on purpose (the model is told to reject non-claims; ``number_kind`` labels them)
-------------------------------------------------------------------------------------------------
* Percentages (``40 percent``, ``25%``): kept, ``number_kind`` says ``PERCENT``. They are real
  figures in the source; dropping them silently would hide them from review, and a deterministic
  label lets the prompt mark them not-a-count before the model sees them.
* Money (``$10 billion``): kept, ``MONEY``.
* Durations (``72 hours``, ``15 days``, ``a few days``): kept, ``DURATION``.

What is excluded (``scan_numbers`` returns each exclusion with its reason, for debugging)
-----------------------------------------------------------------------------------------
* Dates: ``April 4, 2022``, ``February 24``, ``Feb. 24, 2022``, ``1 March``, ``April 30``,
  ``April 2022``, ``2022-04-05``, ``4/5/2022``, ``2021-22``. Month names are matched
  case-sensitively so the verb "may" and the noun "march" are not months.
* Years: a bare four-digit number from 1800 to 2099 without a thousands separator, unless a hedge
  precedes it ("some 2000"). News style writes counts of a thousand or more with a comma
  ("2,000"), so a bare 1800–2099 is almost always a year.
* Times: ``10:30``, ``10 a.m.``, ``3pm``.
* Ordinals (``third``, ``3rd``, ``first``) are never matched; so "every third" yields nothing.
* Compound modifiers: a number joined by a hyphen to a following word (``one-month``,
  ``72-hour``, ``40-year-old``, ``two-thirds``) — an adjective or fraction, not a count — except
  ``-strong`` ("a 35-strong delegation" is a count).
* Ages: ``aged 40``, ``age 40``, ``age of 40``, ``40 years old``.
* Labels: ``No. 1``, ``Number 10``, ``Article 5``, ``Resolution 2758``, ``Flight 17`` and the
  broadcaster name ``France 24``.
* Bare ``one`` as a pronoun: ``one of``, ``no one``, ``one another``, ``the one``, ``every one``,
  ``one day``, ``one said``, or ``one`` before punctuation. It is a count only when followed by
  a word that can start a noun phrase ("one Russian diplomat").
* Anything glued to letters (``G7``, ``Covid-19``, ``MH17``, URL fragments).

Hedges and intervals (``low``/``high``; ``None`` = unbounded)
--------------------------------------------------------------
The hedge is the phrase immediately before the number, separated only by whitespace.

===============  ===========================================================  ======================
Hedge            Phrases                                                      Interval for value v
===============  ===========================================================  ======================
EXACT            (none), ``a total of``, ``exactly``, ``precisely``            [v, v]
AT_LEAST         ``at least``, ``a minimum of``, ``no fewer/less than``        [v, None]
MORE_THAN        ``more than``, ``over``, ``upwards of``, ``in excess of``     [v, None] (v is the
                                                                              infimum; openness is
                                                                              carried by the hedge)
NEARLY           ``nearly``, ``almost``, ``just under``, ``close to``          [floor(0.9v), v]
ABOUT            ``some``, ``about``, ``around``, ``roughly``,                 [floor(0.9v),
                 ``approximately``, ``an estimated``, ``circa``                ceil(1.1v)]
UP_TO            ``up to``, ``as many as``                                     [0, v]
FEWER_THAN       ``fewer than``, ``less than``, ``under``                      [0, v]
FURTHER          ``a further``, ``another``, ``an additional``                 [v, v] (an increment on
                                                                              an earlier figure)
VAGUE            (the vague quantities above; no preceding hedge is applied)  per quantity, value None
===============  ===========================================================  ======================

"Rounded sensibly": counts are whole, so for a whole v the NEARLY/ABOUT bounds are widened to
whole numbers (floor of the low, ceiling of the high: about 25 -> [22, 28], about 200 ->
[180, 220]). For a fractional v (e.g. 1.5 percent) the bounds are 0.9v and 1.1v rounded to 6
decimal places. "a total of" is EXACT but keeps its ``hedge_span`` so a reader can see that the
figure is a sum.

Performance: one compiled regex, one ``finditer`` pass; the per-match checks look at a few dozen
characters around the match, so the cost is linear in the text (5 MB in well under two seconds).
No library is used for number words: the candidates (``word2number``, ``number-parser``) give no
spans and get the phrases news uses wrong (``word2number`` reads "half a million" as 1000000;
``number-parser`` does not read "a dozen", "a hundred" or "half a million"), and the regex that
finds the span already has to enumerate the words, so the value is a small table lookup.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum

from reconcile.core.types import AlignmentStatus, Hedge, NumberMention, Span

__all__ = [
    "Excluded",
    "NumberKind",
    "find_numbers",
    "hedge_interval",
    "number_kind",
    "scan_numbers",
    "words_to_number",
]

# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------

_UNITS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES: dict[str, int] = {
    "dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000,
    "billion": 1_000_000_000, "trillion": 1_000_000_000_000,
}  # fmt: skip

_HEDGES: dict[str, Hedge] = {
    "at least": Hedge.AT_LEAST,
    "a minimum of": Hedge.AT_LEAST,
    "no fewer than": Hedge.AT_LEAST,
    "no less than": Hedge.AT_LEAST,
    "not less than": Hedge.AT_LEAST,
    "more than": Hedge.MORE_THAN,
    "over": Hedge.MORE_THAN,
    "upwards of": Hedge.MORE_THAN,
    "in excess of": Hedge.MORE_THAN,
    "nearly": Hedge.NEARLY,
    "almost": Hedge.NEARLY,
    "just under": Hedge.NEARLY,
    "close to": Hedge.NEARLY,
    "just shy of": Hedge.NEARLY,
    "some": Hedge.ABOUT,
    "about": Hedge.ABOUT,
    "around": Hedge.ABOUT,
    "roughly": Hedge.ABOUT,
    "approximately": Hedge.ABOUT,
    "an estimated": Hedge.ABOUT,
    "estimated": Hedge.ABOUT,
    "circa": Hedge.ABOUT,
    "up to": Hedge.UP_TO,
    "as many as": Hedge.UP_TO,
    "fewer than": Hedge.FEWER_THAN,
    "less than": Hedge.FEWER_THAN,
    "under": Hedge.FEWER_THAN,
    "a further": Hedge.FURTHER,
    "another": Hedge.FURTHER,
    "an additional": Hedge.FURTHER,
    "a total of": Hedge.EXACT,
    "exactly": Hedge.EXACT,
    "precisely": Hedge.EXACT,
}

# Words after a bare "one" that show it is a pronoun or idiom, not a count ("one of", "one day").
_ONE_NEXT_BLOCK = frozenset(
    {
        "of",
        "another",
        "or",
        "and",
        "nor",
        "who",
        "whom",
        "whose",
        "that",
        "which",
        "but",
        "side",
        "hand",
        "day",
        "time",
        "way",
        "thing",
        "point",
        "is",
        "was",
        "has",
        "had",
        "have",
        "can",
        "could",
        "would",
        "will",
        "should",
        "might",
        "must",
        "may",
        "does",
        "did",
        "do",
        "says",
        "said",
        "in",
        "on",
        "at",
        "to",
        "by",
        "for",
        "with",
        "from",
        "as",
        "if",
        "than",
        "more",
        "less",
        "else",
        "too",
        "where",
        "when",
        "while",
        "after",
        "before",
    }
)
# Words before a bare "one" that make it a pronoun ("no one", "the one", "every one").
_ONE_PREV_BLOCK = frozenset(
    {"no", "any", "every", "each", "the", "this", "that", "which", "such", "someone", "anyone", "last"}
)

_VAGUE_FEW: tuple[float, float] = (3, 9)  # several, a few, a handful
_VAGUE_COUPLE: tuple[float, float] = (2, 3)

# ---------------------------------------------------------------------------------------------
# The master pattern
# ---------------------------------------------------------------------------------------------


def _alt(words: list[str]) -> str:
    """A regex alternation, longest first so "seventeen" is preferred to "seven"."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_UNIT = rf"(?:{_alt(list(_UNITS))})"
_UNIT19 = rf"(?:{_alt([w for w, v in _UNITS.items() if v < 10])})"
_TEN = rf"(?:{_alt(list(_TENS))})"
_SMALL = rf"(?:{_TEN}(?:[-\s]{_UNIT19}(?![\w]))?|{_UNIT})(?!\w)"
_GROUP = rf"(?:{_SMALL}(?:\s+hundred(?:\s+(?:and\s+)?{_SMALL})?(?!\w))?)"
_BIG_WORDS = "thousand|million|billion|trillion"
_BIG_SCALE = rf"(?:{_BIG_WORDS})(?!\w)"
_WORDNUM = (
    r"(?:half\s+a\s+(?:dozen|hundred|thousand|million|billion)(?!\w)"
    rf"|(?:{_GROUP}|a\s+hundred|a)\s+{_BIG_SCALE}(?:\s+(?:and\s+)?{_GROUP})?"
    rf"|a\s+hundred(?:\s+and\s+{_SMALL})?(?!\w)"
    rf"|(?:{_SMALL}|a)\s+dozen(?!\w)"
    rf"|{_GROUP})"
)
_PLURAL_SCALE = r"(?:dozens|hundreds|thousands|millions|billions)"
_VAGUE = (
    r"(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)(?!\w)"
    r"|(?:several|a\s+few)\s+(?:dozen|hundred|thousand|million|billion)(?!\w)"
    rf"|{_PLURAL_SCALE}(?!\w)"
    r"|(?:several|a\s+few|a\s+handful)(?!\w)"
    r"|a\s+couple(?=\s+of\b))"
)
_MONTH = (
    r"(?-i:(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![\w])"
)
_DAYNUM = r"\d{1,2}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2})?(?![\w])"
_YEARTAIL = r"(?:,?\s+\d{4}(?!\d))?"
_NUMSTART = r"(?<![\w.,/@#:])(?<![A-Za-z]-)"  # not glued to a word ("G7", "Covid-19") or a number
# Dates that start with a month name, and those that start with a digit (tried before times and counts).
_DATE_MONTH = rf"(?:{_MONTH}\s+{_DAYNUM}{_YEARTAIL}|{_MONTH}\s+\d{{4}}(?!\d))"
_DATE_DIGIT = (
    rf"(?:{_DAYNUM}\s+(?:of\s+)?{_MONTH}{_YEARTAIL}"
    r"|\d{4}[-/]\d{1,2}[-/]\d{1,2}(?!\d)"
    r"|\d{1,2}/\d{1,2}/\d{2,4}(?!\d)"
    r"|(?:1[89]|20)\d{2}\s*[-–/]\s*(?:\d{4}|\d{2})(?!\d))"
)
_AMPM = r"(?:a\.m\.|p\.m\.|am|pm)(?!\w)"
_TIME = rf"(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*{_AMPM})?|\d{{1,2}}\s*{_AMPM})"
_NAMED = r"(?-i:France\s+24)(?!\w)"
_DIGITS = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    rf"(?:\s+(?:dozen|hundred|{_BIG_WORDS})(?!\w))?(?![\w/]|[.,:]\d)"
)
_AMBASSADOR = r"ambassador(?!\w)"
# Words a word-number or vague quantity can start with: a cheap gate tried once per word, so the
# long alternations below run only where they can match (this keeps 5 MB near a second).
_FIRST_WORDS = _alt(
    [*_UNITS, *_TENS, "a", "half", "several", "tens", "dozens", "hundreds", "thousands", "millions", "billions"]
)

_MASTER = re.compile(
    rf"(?=\d){_NUMSTART}(?:(?P<date>{_DATE_DIGIT})|(?P<time>{_TIME})|(?P<digits>{_DIGITS}))"
    rf"|(?-i:(?=[JFMASOND]))(?P<mdate>{_DATE_MONTH})"
    rf"|(?-i:(?=F))(?P<named>{_NAMED})"
    rf"|\b(?=[abdefhmnost])(?=(?:{_FIRST_WORDS})(?!\w))(?:(?P<vague>{_VAGUE})|(?P<word>{_WORDNUM}))"
    rf"|\b(?=a)(?P<amb>{_AMBASSADOR})",
    re.IGNORECASE,
)
_HEDGE_ALT = _alt(list(_HEDGES)).replace(re.escape(" "), r"\s+")  # any whitespace between a hedge's words
_HEDGE = re.compile(rf"(?<![\w'’-])(?P<h>{_HEDGE_ALT})\s+\Z", re.IGNORECASE)
_COMPOUND_AFTER = re.compile(r"-(?!strong\b)[A-Za-z]")
_AGE_BEFORE = re.compile(r"(?<!\w)(?:aged|age|age\s+of)\s+\Z", re.IGNORECASE)
_AGE_AFTER = re.compile(r"\s+years?\s+old\b", re.IGNORECASE)
_LABEL_BEFORE = re.compile(
    r"(?<!\w)(?:No\.|Nos\.|Number|Article|Resolution|Flight|Chapter|Section|Paragraph|Page)\s*\Z"
)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s+\Z")
_WORD_AFTER = re.compile(r"\s+([A-Za-z]+)")
_WINDOW = 40  # characters looked at before a number for its hedge or an exclusion cue


@dataclass(frozen=True, slots=True)
class Excluded:
    """A number-like match that is deliberately not a mention, and why (for tests and debugging)."""

    span: Span
    text: str
    reason: str  # "date", "time", "year", "age", "compound", "label", "name", "pronoun"


# ---------------------------------------------------------------------------------------------
# Values and intervals
# ---------------------------------------------------------------------------------------------


def words_to_number(phrase: str) -> float:
    """The value of an English number phrase ("twenty-one", "a dozen", "half a million", "4 million").

    Accepts what the scanner matches: number words, digits with optional thousands separators,
    "a"/"and", and scale words. Raises ``ValueError`` on anything else, so a scanner bug surfaces
    instead of producing a wrong value.
    """
    tokens = re.split(r"[\s-]+", phrase.strip().lower())
    total = 0.0
    current = 0.0
    half = False
    seen = False
    for token in tokens:
        if token in ("", "and"):
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
            current = (current or 1) * _SCALES[token]
        elif token in _SCALES:
            total += (current or 1) * _SCALES[token]
            current = 0
        else:
            raise ValueError(f"not a number word: {token!r} in {phrase!r}")
        seen = True
    if not seen:
        raise ValueError(f"no number in {phrase!r}")
    value = total + current
    return value / 2 if half else value


def _whole(x: float) -> bool:
    return abs(x - round(x)) < 1e-9


def hedge_interval(hedge: Hedge, value: float) -> tuple[float | None, float | None]:
    """The ``(low, high)`` interval a hedge implies for a point value (see the module table).

    ``VAGUE`` has no point value, so it is an error here; vague bounds come from the quantity.
    """
    if hedge in (Hedge.EXACT, Hedge.FURTHER):
        return value, value
    if hedge in (Hedge.AT_LEAST, Hedge.MORE_THAN):
        return value, None
    if hedge in (Hedge.UP_TO, Hedge.FEWER_THAN):
        return 0, value
    if hedge is Hedge.NEARLY:
        if _whole(value):
            return float(math.floor(value * 0.9 + 1e-9)), value
        return round(value * 0.9, 6), value
    if hedge is Hedge.ABOUT:
        if _whole(value):
            return float(math.floor(value * 0.9 + 1e-9)), float(math.ceil(value * 1.1 - 1e-9))
        return round(value * 0.9, 6), round(value * 1.1, 6)
    raise ValueError(f"{hedge} has no interval for a point value")


def _vague_bounds(phrase: str) -> tuple[float, float]:
    words = phrase.lower().split()
    if words[0] in ("tens", "hundreds") and len(words) == 3:  # tens/hundreds of thousands/millions/...
        base = _SCALES[words[2][:-1]] * (10 if words[0] == "tens" else 100)
        return 2 * base, 10 * base - 1
    if words[-1] in _SCALES:  # several hundred, a few thousand, several dozen
        base = _SCALES[words[-1]]
        return _VAGUE_FEW[0] * base, _VAGUE_FEW[1] * base
    if words[-1] == "dozens":
        return 24, 99
    if words[-1].endswith("s") and words[-1][:-1] in _SCALES:  # hundreds, thousands, millions
        base = _SCALES[words[-1][:-1]]
        return 2 * base, 10 * base - 1
    if words[-1] == "couple":
        return _VAGUE_COUPLE
    return _VAGUE_FEW  # several, a few, a handful


# ---------------------------------------------------------------------------------------------
# Scanning
# ---------------------------------------------------------------------------------------------


def _hedge_before(text: str, start: int) -> tuple[Hedge, Span, str] | None:
    found = _HEDGE.search(text, max(0, start - _WINDOW), start)
    if found is None:
        return None
    phrase = " ".join(found.group("h").lower().split())
    return _HEDGES[phrase], Span(found.start("h"), found.end("h")), found.group("h")


def _pronoun_one(text: str, start: int, end: int) -> bool:
    """True when a bare "one" is a pronoun or idiom rather than a count (see the module docstring)."""
    before = _WORD_BEFORE.search(text, max(0, start - _WINDOW), start)
    if before and before.group(1).lower() in _ONE_PREV_BLOCK:
        return True
    after = _WORD_AFTER.match(text, end)
    return after is None or after.group(1).lower() in _ONE_NEXT_BLOCK


def _exclusion(text: str, kind: str, start: int, end: int, body: str, hedged: bool) -> str | None:
    """Why a digit or word match is not a count, or None when it is one."""
    if _COMPOUND_AFTER.match(text, end):
        return "compound"
    window = max(0, start - _WINDOW)
    if _AGE_BEFORE.search(text, window, start) or _AGE_AFTER.match(text, end):
        return "age"
    if _LABEL_BEFORE.search(text, window, start):
        return "label"
    if kind == "digits" and re.fullmatch(r"(?:18|19|20)\d\d", body) and not hedged:
        return "year"
    if kind == "word" and body.lower() == "one" and _pronoun_one(text, start, end):
        return "pronoun"
    return None


def scan_numbers(text: str) -> tuple[list[NumberMention], list[Excluded]]:
    """All number mentions in ``text`` sorted by start, and the number-like matches excluded.

    A single ``finditer`` over one alternation: dates, times and names are tried first at each
    position so their digits are consumed and never seen as counts.
    """
    mentions: list[NumberMention] = []
    excluded: list[Excluded] = []
    for match in _MASTER.finditer(text):
        kind = match.lastgroup
        assert kind is not None
        start, end = match.span()
        body = match.group()
        if kind in ("date", "mdate", "time", "named"):
            excluded.append(Excluded(Span(start, end), body, {"mdate": "date", "named": "name"}.get(kind, kind)))
            continue
        span = Span(start, end)
        if kind == "amb":
            mentions.append(NumberMention(span, body, 1, 1, 1, alignment=AlignmentStatus.IMPLICIT))
            continue
        if kind == "vague":
            vague_low, vague_high = _vague_bounds(body)
            mentions.append(NumberMention(span, body, None, vague_low, vague_high, Hedge.VAGUE))
            continue
        hedge = _hedge_before(text, start)
        reason = _exclusion(text, kind, start, end, body, hedge is not None)
        if reason is not None:
            excluded.append(Excluded(span, body, reason))
            continue
        value = words_to_number(body)
        if hedge is None:
            mentions.append(NumberMention(span, body, value, value, value))
            continue
        hedge_kind, hedge_span, hedge_text = hedge
        low, high = hedge_interval(hedge_kind, value)
        mentions.append(NumberMention(span, body, value, low, high, hedge_kind, hedge_span, hedge_text))
    return mentions, excluded


def find_numbers(text: str) -> list[NumberMention]:
    """Every number mention in ``text``, sorted by start (see the module docstring for the rules)."""
    return scan_numbers(text)[0]


# ---------------------------------------------------------------------------------------------
# Labelling what a number measures
# ---------------------------------------------------------------------------------------------


class NumberKind(StrEnum):
    """What a mention measures, judged from the words right next to it."""

    COUNT = "count"
    PERCENT = "percent"
    MONEY = "money"
    DURATION = "duration"
    REMAINING = "remaining"  # a stock left behind ("there will remain 58"), not a number acted upon


_PERCENT_AFTER = re.compile(r"\s*(?:%|per\s*cent\b|percent\b|percentage\s+points?\b)", re.IGNORECASE)
_MONEY_BEFORE = re.compile(r"(?:[$€£¥₽]|\b(?:US|USD|EUR|GBP)\s*\$?)\s*\Z")
_MONEY_AFTER = re.compile(
    r"\s+(?:(?:US\s+)?dollars?|euros?|pounds?(?:\s+sterling)?|r[o]?ubles?|yuan|USD|EUR|GBP)\b", re.IGNORECASE
)
_DURATION_AFTER = re.compile(
    r"\s+(?:of\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", re.IGNORECASE
)


_REMAINING_BEFORE = re.compile(r"\b(?:remain|remains|remaining|left\s+with|leaving(?:\s+only)?)\s+\Z", re.IGNORECASE)
_REMAINING_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?(?:remain|remaining|left\s+behind)\b", re.IGNORECASE)


def counted_phrase(text: str, mention: NumberMention, max_chars: int = 60) -> str:
    """The words right after a number, to the end of its noun phrase: "Russian diplomats" in
    "expel 35 Russian diplomats on Monday". Read deterministically, so the unit and whose people are
    counted can be taken from the text itself whenever the text states them next to the number."""
    if mention.alignment is AlignmentStatus.IMPLICIT:
        return mention.text
    tail = text[mention.span.end : mention.span.end + max_chars]
    stop = _PHRASE_END.search(tail)
    return (tail[: stop.start()] if stop else tail).strip()


# The counted noun phrase ends at punctuation or at a word that starts a clause or a new phrase.
_PHRASE_END = re.compile(
    r"[,.;:!?()\[\]\"“”]|\b(?:who|whom|which|that|were|was|are|is|have|has|had|will|would|must|can|could|should|"
    r"may|might|shall|to|in|on|at|as|since|"
    r"after|before|because|but|over|amid|for)\b"
)


def number_kind(text: str, mention: NumberMention) -> NumberKind:
    """Label a mention as a count, percentage, money amount or duration.

    Deterministic so the prompt can tell the model "n7 is a percentage" instead of trusting it to
    notice; implicit mentions ("ambassador") are always counts.
    """
    if mention.alignment is AlignmentStatus.IMPLICIT:
        return NumberKind.COUNT
    end = mention.span.end
    if _PERCENT_AFTER.match(text, end):
        return NumberKind.PERCENT
    if _MONEY_BEFORE.search(text, max(0, mention.span.start - 8), mention.span.start) or _MONEY_AFTER.match(text, end):
        return NumberKind.MONEY
    if _DURATION_AFTER.match(text, end):
        return NumberKind.DURATION
    before = text[max(0, mention.span.start - 30) : mention.span.start]
    if _REMAINING_BEFORE.search(before) or _REMAINING_AFTER.match(text, end):
        return NumberKind.REMAINING
    return NumberKind.COUNT
