"""Deterministic number finding: every number a news article states as a fact, with its kind, unit,
hedge, interval and exact span.

Why deterministic and first: the model is only asked to *attribute* numbers that this module has
already found, so a stored value can never be a number the model invented or mis-located. Offsets
are Python string indices into the text given (``Article.text``), and for every mention
``text[m.span.start:m.span.end] == m.text`` (and likewise for ``hedge_span``/``hedge_text``).

Languages: ``language`` is an ISO 639-1 code, ``en`` (the default), ``de``, ``fr`` or ``es``. English
numerals are read by ``core.numbers_en`` (one regex pass); German, French and Spanish by
``core.numbers_intl`` (digits with the language's separators, number words via ``text2num``). Everything
below applies to all four, with the words of ``core.number_words`` and ``core.units``.

What is found (``find_numbers``; each mention has a ``kind`` and ``unit``, see ``NumberKind``)
---------------------------------------------------------------------------------------------
* Digits: ``40``, ``35,000``, ``1.5``, ``4 million``, ``2 dozen``, ``3.5bn``, ``2.1m``, ``80k``; a scale
  word or abbreviation is part of the span and of the value ("€3.5bn" -> 3.5e9). German/French/Spanish:
  ``1.000``, ``1 000`` (also with a no-break or thin space), ``3,5``, ``3,5 Mrd.``, ``2 millions``.
* Number words: ``three``, ``twenty-one``, ``three hundred and forty-two``, ``a hundred``, ``a dozen``
  (12), ``two dozen``, ``half a million`` (500000), ``four million``, ``two-million``; ``vierzig``,
  ``zwei Millionen``, ``trente-cinq``, ``cuarenta y cinco``.
* Kinds and units (``core.units``): money when a currency symbol or code comes before ("$2 million",
  "€3.5bn", "US$5", "EUR 5m") or a currency word after ("80 million euros", "two-million-euro",
  "3,5 milliards d'euros"), unit = ISO 4217 code; percent ("25%", "40 per cent", "25 Prozent");
  measures ("magnitude 6.1", "6.1-magnitude", "10 km", "500 tonnes"); otherwise a count (unit None).
* Vague quantities (hedge ``VAGUE``, ``value`` None), X being the scale named:

  The bounds are one convention, ``core.vague`` (the gold uses it too, via ``vague_interval``):

  - ``hundreds``, ``thousands``, ``millions`` (any plural scale X): [2X, 10X - 1], from two X to just
    below the next order ("hundreds" [200, 999]); ``tens of thousands`` [20000, 99999], ``hundreds of
    millions`` [2e8, 1e9 - 1] likewise; ``scores`` [40, 199]; ``des dizaines`` / ``decenas`` [20, 99]
    (a dizaine/decena is ten); ``Tausende``, ``des centaines``, ``miles`` the same way.
  - ``dozens`` [24, 99] (two dozen and more, below a hundred); ``Dutzende`` the same.
  - ``several``, ``a few``, ``a handful`` [3, 9]; ``several hundred``, ``a few thousand``,
    ``quelques centaines``, ``algunos miles`` [3X, 9X]; ``a couple`` (of) [2, 3].
  - ``six-figure`` (any N-figure; ``double-digit``): [10^(N-1), 10^N - 1]; ``low`` / ``mid`` / ``high``
    narrow it to the first 1-3, 3-7 or 7-10 parts: "a low six-figure number" is [100000, 300000].

  "several" is included because "several diplomats" is a real, if weak, claim about a count; the
  interval says how weak. "a number of" and "many" are not numbers and are not found.
* Ranges (hedge ``RANGE``): "between 30 and 40", "from 30 to 40", "30 to 40", "30-40", "two or
  three", "zwischen 30 und 40", "de 30 à 40", "entre 30 y 40" are one mention whose span covers both
  numbers, ``low``/``high`` the two ends, ``value`` None: a range asserts no point, and a midpoint
  would be a figure the article never wrote (provenance), so it is treated like a vague quantity. A
  scale or unit written once applies to both ends ("$3-4 billion" is [3e9, 4e9] USD). "rose from 30 to
  40" is a change, not a range: two mentions.
* Implicit counts are not found here: which singular nouns count one ("its ambassador") is a profile's
  knowledge, so ``implicit_counts`` takes the nouns from its caller.

What is excluded (``scan_numbers`` returns each exclusion with its reason and ``NumberKind``)
------------------------------------------------------------------------------------------
* Durations: "72 hours", "within 15 days", "hundreds of years" (``duration``); dates: "April 4, 2022",
  "1 March", "2022-04-05", "2021-22", "3. Mai", "le 1er mai", "3 de mayo" (``date``); times: "10:30",
  "2:53 p.m.", "14.30 Uhr" (``time``); ordinals "3rd", "1er", "tercero" (``ordinal``); phone numbers
  "+33 1 23 45 67 89", "(555) 123-4567" (``phone``).
* Years vs counts by context, not magnitude: a bare 1800–2099 without a thousands separator is a year
  after a year cue ("in 2000", "since 2018", "im Jahr", "depuis", "desde") and when no counted noun
  follows ("the 2014 quake", "2014 was"); it is a count when a counted noun follows ("2000 people
  marched", "by 2000 votes", "2000 Menschen") or a hedge precedes ("some 2000").
* Compound modifiers: a number joined by a hyphen to a following word (``one-month``, ``72-hour``,
  ``40-year-old``, ``two-thirds``) — except a currency, a measure, a scale or ``-strong``
  ("two-million-euro", "6.1-magnitude", "a 35-strong delegation") — or to a preceding one (the second
  half of "a four-by-four").
* Ages: ``aged 40``, ``age 40``, ``40 years old``, ``22 year-old``, and in apposition after a person's name:
  ``Anna Berg, 34,``.
  Whether "X Y" is a person or a country ("United States, 60, Czech Republic, 18," is a tally) is world
  knowledge, not the finder's: the caller passes ``names_party`` (``normalize.parties.names_party``);
  without it every "X Y, 34," is read as a person's age.
  Populations in apposition: "Manokwari, a city of 160,000 people,", "Peru, a nation of some 33 million"
  (English; not "a village of 300 people was evacuated", nor "in the region of 20,000").
  Labels: ``No. 10``, ``Article 5``, ``Flight 17``, ``Highway 9``, ``Room 12``; model designations after an
  upper-case abbreviation: ``AK 47 rifles``.
  Names: ``France 24``, and a number right after a capitalised word when no counted noun follows it
  ("Boeing 737 crashed", "Apollo 11 landed"), but not in a tally ("Germany 40, France 35").
* Bare ``one`` as a pronoun (``one of``, ``no one``, ``one another``); a bare "ein"/"un"/"uno" (1) in
  German, French, Spanish is an article far more often than a count and is not found.
* Anything glued to letters (``G7``, ``Covid-19``, ``MH17``, URL fragments).

Hedges and intervals (``low``/``high``; ``None`` = unbounded)
--------------------------------------------------------------
The hedge is the phrase immediately before the number (or its currency symbol), separated only by
whitespace; ``core.number_words`` lists the phrases of each language.

===============  ===========================================================  ======================
Hedge            English phrases (de / fr / es in ``core.number_words``)      Interval for value v
===============  ===========================================================  ======================
EXACT            (none), ``a total of``, ``exactly``, ``precisely``            [v, v]
AT_LEAST         ``at least``, ``a minimum of``, ``no fewer/less than``        [v, None]
MORE_THAN        ``more than``, ``over``, ``upwards of``, ``in excess of``,    [v, None] (v is the
                 ``north of``                                                 infimum; openness is
                                                                              carried by the hedge)
NEARLY           ``nearly``, ``almost``, ``just under``, ``close to``,         [floor(0.9v), v]
                 ``just short of``, ``the best part of``, ``nigh on``
ABOUT            ``some``, ``about``, ``around``, ``roughly``,                 [floor(0.9v),
                 ``approximately``, ``circa``, ``in the region of``,           ceil(1.1v)]
                 ``on the order of`` (not ``an estimated``: a modality,
                 see ``core.number_words``)
UP_TO            ``up to``, ``as many as``, ``at most``, ``no more than``,      [0, v]
                 ``a maximum of``
FEWER_THAN       ``fewer than``, ``less than``, ``under``                      [0, v]
FURTHER          ``a further``, ``another``, ``an additional``                 [v, v] (an increment on
                                                                              an earlier figure)
VAGUE            (the vague quantities above; no preceding hedge is applied)  per quantity, value None
RANGE            ``between``/``from`` (kept as the hedge text), or none       [first, second], value None
===============  ===========================================================  ======================

"Rounded sensibly": counts are whole, so for a whole v the NEARLY/ABOUT bounds are widened to whole
numbers (floor of the low, ceiling of the high: about 25 -> [22, 28], about 200 -> [180, 220]). For a
fractional v (e.g. 1.5 percent) the bounds are 0.9v and 1.1v rounded to 6 decimal places.

Performance: English is one compiled regex and one ``finditer`` pass; the per-match checks look at a
few dozen characters around the match, so the cost is linear in the text. ``scripts/bench_numbers.py``
times it on the seeds.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from reconcile.core import numbers_en
from reconcile.core.candidates import NUMBER_GROUPS, Candidate
from reconcile.core.fractions import FRACTION_GROUP, fraction_candidates, share_unit_after
from reconcile.core.number_words import LANGUAGES, Rules, can_name, is_plural_noun, is_weak_year_cue, rules
from reconcile.core.rules import Rule, Stage, declare, first_firing
from reconcile.core.types import CLAIM_KINDS, AlignmentStatus, Change, Hedge, NumberKind, NumberMention, Span
from reconcile.core.units import UnitReading, currency_before, magnitude_before, unit_after

__all__ = [
    "CLAIM_KINDS",
    "Excluded",
    "NumberKind",
    "counted_phrase",
    "find_numbers",
    "hedge_interval",
    "number_kind",
    "resolve_language",
    "scan_numbers",
    "vague_interval",
    "words_to_number",
]

words_to_number = numbers_en.words_to_number

# Words after a bare "one" that show it is a pronoun or idiom, not a count ("one of", "one day").
_ONE_NEXT_BLOCK = frozenset(
    {"of", "another", "or", "and", "nor", "who", "whom", "whose", "that", "which", "but", "side", "hand", "day", "time",
     "way", "thing", "point", "is", "was", "has", "had", "have", "can", "could", "would", "will", "should", "might",
     "must", "may", "does", "did", "do", "says", "said", "in", "on", "at", "to", "by", "for", "with", "from", "as",
     "if", "than", "more", "less", "else", "too", "where", "when", "while", "after", "before"}
)  # fmt: skip
# Words before a bare "one" that make it a pronoun ("no one", "the one", "every one").
_ONE_PREV_BLOCK = frozenset(
    {"no", "any", "every", "each", "the", "this", "that", "which", "such", "someone", "anyone", "last"}
)
# "9-for-15", "6-of-6" are two counts (made/attempted), not a compound modifier.
_COMPOUND_AFTER = re.compile(r"-(?!strong\b|(?:for|of)-\d)[^\W\d_]")
# A number glued by a hyphen to a code that mixes letters and digits is part of the code: "J0034-00", "A320-200".
_CODE_BEFORE = re.compile(r"(?=[\w]*[^\W\d_])[\w]*\d[\w]*-\Z")
_PLUS_AFTER = re.compile(r"\+(?!\d)")  # "10,000+ employees": at least 10,000
# Two whole numbers joined by a hyphen with no space, "130-116", "4-13", "74-24": a score, a record or a tally,
# each side a count — a range only with a unit or a counted noun after it ("30-40 people") or an opener before.
_TIGHT_PAIR = re.compile(r"[-–]\Z")
_AGE_BEFORE = re.compile(r"(?<!\w)(?:aged|age|age\s+of|im\s+Alter\s+von|âgée?s?\s+de|de\s+edad)\s+\Z", re.IGNORECASE)
_AGE_AFTER = re.compile(r"[\s-]+(?:years?[\s-]+old|Jahre\s+alt|ans\b|años\s+de\s+edad)\b", re.IGNORECASE)
# An age in apposition: "Anna Berg, 34, was hurt", "Anna Berg, 34, and Ola Lind, both 29," — a person's name (two
# capitalised words that name no country or place: "United States, 60," is a tally), a comma, a number of one to three
# digits, then a comma or a closing bracket.
_APPOSITION_BEFORE = re.compile(r"(?P<name>(?-i:[A-Z][\w'’-]+\s+[A-Z][\w'’-]+)),\s+(?:both\s+)?\Z")
_APPOSITION_AFTER = re.compile(r"\s*[,)]")
_OLDEST = 110  # "Labour Party, 120," is a tally of seats, not an age
_LABEL_BEFORE = re.compile(
    r"(?<!\w)(?:No\.|Nos\.|Nr\.|Number|Article|Artikel|Resolution|Flight|Chapter|Section|Paragraph|Page|n°|nº|núm\.|"
    r"Highway|Route|Interstate|Motorway|Gate|Terminal|Platform|Room|Building)"
    r"\s*\Z"
)
# A model designation: an upper-case abbreviation right before the number ("AK 47 rifles", "SA 7 missiles"),
# unless the abbreviation names a party ("in the UK 40 died").
_DESIGNATION_BEFORE = re.compile(r"(?<![\w.'’-])[A-Z]{2,3}[ \u00a0]\Z")  # two letters at least: "A 6.1 quake"
# The second half of a number compound: "a four-by-four", "one-on-one" (the first half is ``_COMPOUND_AFTER``).
# (A dash written without spaces, "three bank workers-two women and a man", is not a compound.)
_COMPOUND_BEFORE = re.compile(r"(?<!\d)-(?:by|on|to|for|in)-\Z", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([^\W\d_]+(?:['’][^\W\d_]+)?)[\s\u00a0]+\Z")
_WORD_AFTER = re.compile(r"[\s\u00a0]+([^\W\d_]+)")
_CAPITAL_BEFORE = re.compile(r"(?<![\w.'’-])([A-ZÀ-ÖØ-Þ][^\W\d_]*[^\W\d_])[ \u00a0]\Z")
_TALLY_AFTER = re.compile(r"\s*(?:[,;:)]|$|and\b|or\b|und\b|et\b|y\b)|[-–]\d")
_YEAR = re.compile(r"(?:18|19|20)\d\d")
_ARTICLES = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that", "last", "next", "our"})
_GERMAN_VERBS = frozenset(
    {"wurde", "wurden", "hatte", "hatten", "sollte", "sollten", "musste", "mussten", "konnte", "konnten", "wollte",
     "wollten", "werde", "werden", "habe", "haben", "sagte", "sagten", "gab", "kamen", "starben"}
)  # fmt: skip
_WINDOW = 40  # characters looked at before a number for its hedge or an exclusion cue
_REASON_KIND = {
    "date": NumberKind.DATE, "time": NumberKind.TIME, "year": NumberKind.YEAR, "duration": NumberKind.DURATION,
    "ordinal": NumberKind.ORDINAL, "age": NumberKind.AGE, "compound": NumberKind.MODIFIER,
    "pronoun": NumberKind.PRONOUN, "label": NumberKind.IDENTIFIER, "name": NumberKind.IDENTIFIER,
    "phone": NumberKind.IDENTIFIER, "population": NumberKind.ATTRIBUTE, "denominator": NumberKind.ATTRIBUTE,
    "reference": NumberKind.IDENTIFIER,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Excluded:
    """A number-like match that is deliberately not a mention, and why (for tests and debugging)."""

    span: Span
    text: str
    reason: str  # "date", "time", "year", "duration", "age", "compound", "label", "name", "phone", "ordinal", "pronoun"
    kind: NumberKind = NumberKind.IDENTIFIER
    rule: str | None = None  # the registered rule that excluded it (``core.rules``): "finder.population"


# The finder's exclusions as registered rules (``core.rules``), in the order ``_read`` tries them; the first that
# fires is recorded. The candidates' own groups (dates, times, ordinals, phone numbers) are rules too.
def _finder_rule(what: str, doc: str, reason: str, languages: tuple[str, ...] = ()) -> tuple[Rule, str]:
    return declare(f"finder.{what}", Stage.FINDER, doc, languages=languages), reason


_GROUP_RULES: dict[str, Rule] = {
    group: declare(f"finder.{group}_pattern", Stage.FINDER, f"a {group} is not a quantity (a candidate pattern)")
    for group in ("date", "time", "year", "ordinal", "phone", "duration")
}
_VAGUE_DURATION = _finder_rule("vague_duration", '"dozens of years": a vague duration', "duration")
_CODE = _finder_rule("code_before", 'digits after a code ("Ahd 54", "PMC5168534")', "name")
_COMPOUND = _finder_rule("compound", 'a number hyphenated into a modifier ("one-month", "3-pointer")', "compound")
_AGE_PHRASE = _finder_rule("age_phrase", 'an age ("aged 34", "34 years old")', "age")
_APPOSED_AGE = _finder_rule("apposed_age", 'an age after a name ("Anna Berg, 34,")', "age")
_DURATION = _finder_rule("duration", 'a duration ("three weeks"): excluded on purpose', "duration")
_LABEL = _finder_rule("label", 'a label ("No. 1", "room 12")', "label")
_POPULATION = _finder_rule(
    "population", 'a population that describes a place ("a nation of 5 million")', "population", ("en",)
)
_DESIGNATION = _finder_rule("designation", 'digits after a designation that names no party ("Route 66")', "name")
_PRONOUN = _finder_rule("pronoun_one", '"one" as a pronoun ("one of them")', "pronoun")
_YEAR_RULE = _finder_rule("year", 'a year ("in 2000")', "year")
_ERA = _finder_rule("era_year", 'an era year ("A.D. 800", "300 BC")', "year")
_CAPITALISED = _finder_rule("capitalised_word", 'a number word in a name ("the Big Ten")', "name")
_NAME = _finder_rule("name", 'digits after a capitalised name ("Boeing 737", "Pixel 8")', "name")
_DENOMINATOR = _finder_rule(
    "rate_denominator", 'the denominator of a rate ("24.2 births per 1,000 women")', "denominator"
)
_REFERENCE = _finder_rule(
    "reference_marker", 'a citation marker after a word ("among children (1).", "(3,4)")', "reference"
)
# A citation marker: one to three digits alone in parentheses (or a list "(3,4)", "(2-5)") after a lower-case
# word, closing a clause; "Charlton Athletic (29)" after a name, "most cases (42) occurred" are counts.
_MARKER_BEFORE = re.compile(r"(?<![\w'’-])(?P<word>[^\W\d_][\w'’-]*)\s\((?P<list>(?:\d{1,3}[,–-])*)\Z")
_MARKER_AFTER = re.compile(r"(?P<list>(?:[,–-]\d{1,3})*)\)(?P<end>\s*(?:[.,;:]|\Z))?")


def _reference_marker(text: str, start: int, end: int) -> bool:
    """Whether digits are a citation marker ("amputations (1).", "remain (3,4), irrespective")."""
    before = _MARKER_BEFORE.search(text, max(0, start - 40), start)
    after = _MARKER_AFTER.match(text, end)
    if before is None or after is None or not before.group("word")[0].islower() or end - start > 3:
        return False
    return bool(before.group("list") or after.group("list") or after.group("end") is not None)


def _power_of_ten(value: float | None) -> bool:
    """100, 1,000, 100,000...: what a rate is counted per (a denominator is never "per 37")."""
    return value is not None and value >= 100 and _whole(math.log10(value))


# ---------------------------------------------------------------------------------------------
# Intervals
# ---------------------------------------------------------------------------------------------


def _whole(x: float) -> bool:
    return abs(x - round(x)) < 1e-9


def hedge_interval(hedge: Hedge, value: float) -> tuple[float | None, float | None]:
    """The ``(low, high)`` interval a hedge implies for a point value (see the module table).

    ``VAGUE`` and ``RANGE`` have no point value, so they are an error here; their bounds come from the text.
    """
    if hedge in (Hedge.EXACT, Hedge.FURTHER):
        return value, value
    if hedge in (Hedge.AT_LEAST, Hedge.MORE_THAN):
        return value, None
    if hedge in (Hedge.UP_TO, Hedge.FEWER_THAN):
        return 0.0, value
    low, high = round(value * 0.9, 6), round(value * 1.1, 6)  # rounded first: 1.1 * 102e6 is 112200000.00000001
    if hedge is Hedge.NEARLY:
        return (float(math.floor(low)) if _whole(value) else low), value
    if hedge is Hedge.ABOUT:
        return (float(math.floor(low)), float(math.ceil(high))) if _whole(value) else (low, high)
    raise ValueError(f"{hedge} has no interval for a point value")


def vague_interval(phrase: str, language: str = "en") -> tuple[float, float] | None:
    """The conventional interval of a vague quantity as the finder reads it ("tens of thousands" ->
    [20000, 99999], "des centaines" -> [200, 999]; ``core.vague``), or ``None`` when ``phrase`` is none.
    The gold builders and validators use this very function, so gold and engine share one table."""
    try:
        if language == "en":
            return numbers_en.vague_bounds(phrase)
        from reconcile.core import numbers_intl  # imported here: text2num loads only for other languages

        return numbers_intl.vague_bounds(phrase, language)
    except (ValueError, KeyError):
        return None


# ---------------------------------------------------------------------------------------------
# Reading the words around a candidate
# ---------------------------------------------------------------------------------------------


def _hedge_before(text: str, start: int, rule: Rules) -> tuple[Hedge, Span, str] | None:
    found = rule.hedge_before.search(text, max(0, start - _WINDOW), start)
    if found is None:
        return None
    phrase = " ".join(found.group("h").lower().split())
    return rule.hedges[phrase], Span(found.start("h"), found.end("h")), found.group("h")


def _word_before(text: str, start: int) -> str | None:
    found = _WORD_BEFORE.search(text, max(0, start - _WINDOW), start)
    return found.group(1) if found else None


def _words_after(text: str, end: int, count: int = 2) -> list[str]:
    words = []
    for _ in range(count):
        found = _WORD_AFTER.match(text, end)
        if found is None:
            break
        words.append(found.group(1))
        end = found.end()
    return words


_RANGE_TAIL = re.compile(r"\s*(?:[-–]|to|and|or|bis|und|oder|à|et|ou|a|y|o)\s*[\d.,\u00a0\u202f ]*\d")


def _counted_noun_follows(text: str, end: int, rule: Rules, after_article: bool) -> bool:
    """Whether a counted noun follows the number ("2000 people", "2000 Russian diplomats", "2000 Menschen"),
    looking past a range's second number ("between 2000 and 3000 people")."""
    tail = _RANGE_TAIL.match(text, end)
    words = _words_after(text, tail.end() if tail else end)
    if not words:
        return False
    if is_plural_noun(words[0], rule.language):
        return True
    if after_article or len(words) < 2:
        return False
    first = words[0]
    if rule.language == "en" and first.lower() not in ("and", "or", "was", "were", "is", "are", "to", "of"):
        return is_plural_noun(words[1], "en")
    if rule.nouns_capitalised and first.islower() and first.endswith(("e", "en", "er", "es", "em")):
        return first not in _GERMAN_VERBS and is_plural_noun(words[1], "de")
    return False


def _is_year(text: str, start: int, end: int, rule: Rules) -> bool:
    """A bare 1800–2099 is a year unless the words around it make it a count (module docstring)."""
    previous = _word_before(text, start)
    cue = previous.lower() if previous else None
    if cue in rule.year_cues and not is_weak_year_cue(cue):
        return True
    return not _counted_noun_follows(text, end, rule, after_article=cue in _ARTICLES)


def _pronoun_one(text: str, start: int, end: int) -> bool:
    """True when a bare "one" is a pronoun or idiom rather than a count (see the module docstring)."""
    before = _word_before(text, start)
    if before and before.lower() in _ONE_PREV_BLOCK:
        return True
    after = _WORD_AFTER.match(text, end)
    return after is None or after.group(1).lower() in _ONE_NEXT_BLOCK


NamesParty = Callable[[str], bool]  # whether a capitalised name names a country or body ("United States")


def _no_party(name: str) -> bool:
    """Without the caller's knowledge of party names, no name is a party."""
    return False


def _is_apposed_age(text: str, start: int, end: int, names_party: NamesParty) -> bool:
    """ "Anna Berg, 34," is an age; "United States, 60, Czech Republic, 18," is a tally of countries."""
    if not text[start:end].isdigit() or int(text[start:end]) > _OLDEST:
        return False
    before = _APPOSITION_BEFORE.search(text, max(0, start - _WINDOW), start)
    if before is None or not _APPOSITION_AFTER.match(text, end):
        return False
    return not names_party(before.group("name"))


_ERA_BEFORE = re.compile(r"(?<!\w)(?-i:A\.D\.|AD)\s*\Z")
_ERA_AFTER = re.compile(r"\s*(?-i:B\.C\.|BC|BCE|A\.D\.|AD|CE|v\.\s*Chr\.|av\.\s*J\.-C\.|a\.\s*C\.)(?!\w)")


def _capitalised_name(text: str, start: int) -> bool:
    """A capitalised number word after a capitalised word, not at a sentence's start: part of a name."""
    if not text[start : start + 1].isupper():
        return False
    found = _CAPITAL_BEFORE.search(text, max(0, start - _WINDOW), start)
    if found is None or not can_name(found.group(1)):
        return False
    return not (found.start(1) == 0 or text[: found.start(1)].rstrip().endswith((".", "!", "?", "\n", '"', "“")))


def _is_name(text: str, start: int, end: int, rule: Rules) -> bool:
    """A number right after a capitalised word, with no counted noun and no tally after it: "Boeing 737"."""
    found = _CAPITAL_BEFORE.search(text, max(0, start - _WINDOW), start)
    if found is None or not can_name(found.group(1)):
        return False
    if found.start(1) == 0 or text[: found.start(1)].rstrip().endswith((".", "!", "?", "\n", '"', "“")):
        return False  # a sentence's first word is capitalised anyway
    if _TALLY_AFTER.match(text, end):
        return False
    return not _counted_noun_follows(text, end, rule, after_article=True)


class _Reading(NamedTuple):
    """A candidate read in context: a mention's fields, or the reason it is not one."""

    candidate: Candidate
    start: int  # the candidate's start, or its currency symbol's when the hedge is looked for before that
    hedge: tuple[Hedge, Span, str] | None
    kind: NumberKind
    unit: str | None
    reason: str | None
    factor: float = 1.0  # the unit's: 0.01 for "cents"
    change: Change | None = None
    rule: str | None = None  # the finder rule that excluded it (``core.rules``)


# Words a number is hyphenated to that do not make it a count of them: idioms ("one-off", "two-way"), the first
# half of a compound number ("four-by-four"), basketball's "3-pointer" (a kind of shot).
_MODIFIER_WORDS = frozenset(
    {"time", "times", "way", "off", "fold", "sided", "by", "on", "to", "for", "in", "of", "and", "or", "pointer",
     "pointers", "odd", "ish", "something", "plus", "year", "years", "old"}
)  # fmt: skip


def _modifier(text: str, candidate: Candidate, after: UnitReading | None) -> bool:
    """A number hyphenated to a following word is a modifier ("one-month", "a 72-hour deadline": durations, and
    idioms) unless it counts that word: "a 12-point lead", "the six-bill package", "a 1,600-page package"."""
    found = _COMPOUND_AFTER.match(text, candidate.end)
    if found is None:
        return False
    if after is not None and after.kind is NumberKind.DURATION:
        return True
    word = re.match(r"-([^\W\d_]+)", text[candidate.end :])
    assert word is not None
    return (candidate.value or 0) < 2 or word.group(1).lower() in _MODIFIER_WORDS


def _change(text: str, lead: int, end: int, unit_end: int, rule: Rules, kind: NumberKind) -> Change | None:
    """Whether a number is the size of a change and which way (``number_words``' change words): a change word
    right before it (or its hedge), or right after it and its unit; for a percent or an amount also "lost" and
    "added"; "um" (de) or "by" (en) with a change word in the clause. A score ("up 21-19") is not a change."""
    if re.match(r"[-–]\d", text[end : end + 2]) or rule.level_before.search(text, max(0, lead - 8), lead):
        return None  # a score ("up 21-19"), or a level ("to $12.15", "auf 412,2 Millionen Dollar zulegte")
    window = max(0, lead - _WINDOW)
    found = rule.change_before.search(text, window, lead) or rule.change_after.match(text, unit_end)
    if found is None and rule.compared_after is not None:  # "7 percent below the long-term average"
        found = rule.compared_after.match(text, unit_end)
    if found is None and kind in (NumberKind.PERCENT, NumberKind.MONEY, NumberKind.MEASURE):
        found = rule.share_change_before.search(text, window, lead)  # "lost 1.2 percent", "adding 2 inches"
    if found is not None:
        return Change.INCREASE if found.group("up") else Change.DECREASE
    if kind is NumberKind.PERCENT:
        trend = _parenthesised_trend(text, lead, unit_end, rule)
        if trend is not None:
            return trend
    if rule.by_word and re.search(rf"(?<!\w){rule.by_word}\s+\Z", text[max(0, lead - 8) : lead], re.IGNORECASE):
        scope = text[max(0, lead - 80) : end + 80] if rule.by_scope == "clause" else text[max(0, lead - 60) : lead]
        clause = re.split(r"[.;:!?]" if rule.by_scope == "clause" else r"[.;:!?,]", scope)
        if rule.by_scope != "clause":
            clause = clause[-1:]  # English: the change verb comes first, in the same clause
        words = {w.lower() for part in clause for w in re.findall(r"[^\W\d_]+", part)}
        directions = {rule.change_words[w] for w in words if w in rule.change_words}
        if len(directions) == 1:
            return Change(directions.pop())
    return None


# A share alone in parentheses, closed or followed by a comma or a yearly rate: "(38%)", "(2.1% a year, ...)";
# not "(95% CI, ...)".
_PARENTHESISED_SHARE_END = re.compile(r"\s*(?:\)|,|\s+(?:annually|a\s+year|per\s+year|each\s+year)\b)")


def _parenthesised_trend(text: str, lead: int, unit_end: int, rule: Rules) -> Change | None:
    """A share alone in parentheses is the size of the one trend its clause states ("the steepest decline was
    in the north (38%)"): the direction of the clause's trend words (``number_words``), when there is one."""
    if rule.clause_breaks is None or not text[max(0, lead - 4) : lead].rstrip().endswith("("):
        return None
    if not _PARENTHESISED_SHARE_END.match(text, unit_end):
        return None
    before = text[max(0, lead - 200) : lead]
    clause = rule.clause_breaks.split(before)[-1]
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", clause)}
    directions = {rule.trend_words[w] for w in words if w in rule.trend_words}
    return Change(directions.pop()) if len(directions) == 1 else None


def _read(text: str, candidate: Candidate, rule: Rules, names_party: NamesParty) -> _Reading:
    """Hedge, kind, unit of a number candidate, or why it is excluded (rules in the module docstring)."""
    start, end = candidate.start, candidate.end
    currency = currency_before(text, start)
    outer = currency[1] if currency else start
    hedge = _hedge_before(text, outer, rule)
    after = unit_after(text, end, rule.language)
    kind, unit, factor = NumberKind.COUNT, None, 1.0
    if currency is not None:
        kind, unit = NumberKind.MONEY, currency[0]
    elif after is not None and after.kind is not NumberKind.DURATION:
        kind, unit, factor = after.kind, after.unit, after.factor
    elif magnitude_before(text, start):
        kind, unit = NumberKind.MEASURE, "magnitude"
    if hedge is None and _PLUS_AFTER.match(text, end):  # "10,000+"
        hedge = Hedge.AT_LEAST, Span(end, end + 1), "+"
    if hedge is None and candidate.group == "digits" and rule.negative_before.search(text, max(0, outer - 12), outer):
        factor = -factor  # "a margin of negative 29.1%": a level below zero, not a change
    unit_end = after.end if after is not None and currency is None else end
    lead = hedge[1].start if hedge is not None else outer
    change = _change(text, lead, end, unit_end, rule, kind)

    def excluded(reason: str, by: tuple[Rule, str] | Rule) -> _Reading:
        fired = by if isinstance(by, Rule) else by[0]
        return _Reading(candidate, outer, hedge, _REASON_KIND[reason], None, reason, rule=fired.name)

    if candidate.group == FRACTION_GROUP:  # "a third of", "one in six": a share of one, or of a percent
        share = share_unit_after(text, end)
        share_unit = share[0] if share else "fraction"
        return _Reading(candidate, outer, hedge, NumberKind.PERCENT, share_unit, None, 1.0, change)
    if candidate.group == "word" and text[start:end].lower() == "twice":
        return _Reading(candidate, outer, hedge, NumberKind.MEASURE, "times", None, 1.0, Change.INCREASE)
    if candidate.group == "vague":
        if after is not None and after.kind is NumberKind.DURATION:
            return excluded("duration", _VAGUE_DURATION)
        return _Reading(candidate, start, None, kind, unit, None, factor, change)
    window = max(0, start - _WINDOW)
    body = text[start:end]
    digits, worded, bare_count = candidate.group == "digits", candidate.group == "word", kind is NumberKind.COUNT

    def designation() -> bool:
        found = _DESIGNATION_BEFORE.search(text, window, start)
        return found is not None and not names_party(found.group().strip())  # "in the UK 40 died"

    checks: tuple[tuple[tuple[Rule, str], Callable[[], bool]], ...] = (
        (_CODE, lambda: digits and bool(_CODE_BEFORE.search(text, max(0, start - 12), start))),
        (_COMPOUND, lambda: bare_count and bool(
            _COMPOUND_BEFORE.search(text, max(0, start - 5), start) or _modifier(text, candidate, after))),
        (_AGE_PHRASE, lambda: bool(_AGE_BEFORE.search(text, window, start) or _AGE_AFTER.match(text, end))),
        (_APPOSED_AGE, lambda: digits and hedge is None and _is_apposed_age(text, start, end, names_party)),
        (_DURATION, lambda: after is not None and after.kind is NumberKind.DURATION and currency is None),
        (_LABEL, lambda: bool(_LABEL_BEFORE.search(text, window, start))),
        (_POPULATION, lambda: bare_count and bool(  # "a nation of some 5 million"
            numbers_en.POPULATION_BEFORE.search(text, max(0, lead - _WINDOW), lead))),
        (_DESIGNATION, lambda: digits and hedge is None and bare_count and body.isdigit() and designation()),
        (_PRONOUN, lambda: worded and body.lower() == "one" and _pronoun_one(text, start, end)),
        (_YEAR_RULE, lambda: bare_count and hedge is None and digits and bool(_YEAR.fullmatch(body))
         and _is_year(text, start, end, rule)),
        (_ERA, lambda: bare_count and hedge is None and digits and bool(
            _ERA_BEFORE.search(text, max(0, start - 8), start) or _ERA_AFTER.match(text, end))),
        (_CAPITALISED, lambda: bare_count and hedge is None and worded and _capitalised_name(text, start)),
        (_NAME, lambda: bare_count and hedge is None and digits and _is_name(text, start, end, rule)),
        (_DENOMINATOR, lambda: bare_count and hedge is None and rule.rate_per is not None and _power_of_ten(
            candidate.value) and bool(rule.rate_per.search(text, max(0, start - 12), start))),
        (_REFERENCE, lambda: bare_count and hedge is None and digits and _reference_marker(text, start, end)),
    )  # fmt: skip
    fired = first_firing([(r, check) for (r, _), check in checks], rule.language)
    if fired is not None:
        reason = next(reason for (r, reason), _ in checks if r is fired)
        return excluded(reason, fired)
    return _Reading(candidate, outer, hedge, kind, unit, None, factor, change)


def _mention(text: str, reading: _Reading) -> NumberMention:
    candidate = reading.candidate
    span = Span(candidate.start, candidate.end)
    body = text[candidate.start : candidate.end]
    fields = {"kind": reading.kind, "unit": reading.unit, "change": reading.change}
    if candidate.group == "vague":
        low, high = (None if b is None else b * reading.factor for b in (candidate.low, candidate.high))
        return NumberMention(span, body, None, low, high, Hedge.VAGUE, **fields)  # type: ignore[arg-type]
    assert candidate.value is not None
    value = round(candidate.value * reading.factor, 9) if reading.factor != 1.0 else candidate.value
    if reading.hedge is None:
        return NumberMention(span, body, value, value, value, **fields)  # type: ignore[arg-type]
    hedge, hedge_span, hedge_text = reading.hedge
    low, high = hedge_interval(hedge, value)
    return NumberMention(span, body, value, low, high, hedge, hedge_span, hedge_text, **fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Ranges
# ---------------------------------------------------------------------------------------------


def _range(text: str, first: _Reading, second: _Reading, rule: Rules) -> NumberMention | None:
    """One ``RANGE`` mention for two numbers written as a range ("between 30 and 40", "30-40"), or None."""
    a, b = first.candidate, second.candidate
    if a.group not in ("digits", "word") or b.group not in ("digits", "word") or second.hedge is not None:
        return None
    if first.change is not None:
        return None  # "grew by $3.1 billion to $96.4 billion": a change, then a level
    assert a.value is not None and b.value is not None
    joiner = text[a.end : second.start]
    if first.kind is second.kind and first.kind in (NumberKind.PERCENT, NumberKind.MEASURE):  # "32% to 39%"
        written = unit_after(text, a.end, rule.language)
        joiner = text[written.end : second.start] if written is not None and written.end <= second.start else joiner
    if len(joiner) > 12:  # no joiner is longer ("  and  "): most neighbours are far apart
        return None
    word = " ".join(joiner.split()).lower()
    opener = rule.range_opener_before.search(text, max(0, first.start - _WINDOW), first.start)
    if opener is not None and word in rule.range_openers[opener.group("h").lower()]:
        verb_before = opener.start()
    elif word in rule.range_alone or word == "—":
        opener, verb_before = None, first.start
    else:
        return None
    if opener is None and word in ("-", "–") and _score_pair(text, first, second, rule):
        return None
    if word not in ("-", "–") and rule.change_verb_before.search(text, max(0, verb_before - _WINDOW), verb_before):
        return None  # "rose from 30 to 40": a change between two figures, not a range
    low, high = a.value, b.value
    if b.scale > 1 and a.scale == 1 and low * b.scale <= high:  # "$3-4 billion": the scale applies to both
        low *= b.scale
    if not low < high:
        return None  # "3-0" is a score, "40-35" a vote: not ranges
    kinds = {first.kind, second.kind} - {NumberKind.COUNT}
    units = {first.unit, second.unit} - {None}
    if len(kinds) > 1 or len(units) > 1:
        return None
    kind = kinds.pop() if kinds else NumberKind.COUNT
    unit = units.pop() if units else None
    span = Span(a.start, b.end)
    hedge_span = Span(opener.start("h"), opener.end("h")) if opener else None
    return NumberMention(
        span,
        text[span.start : span.end],
        None,
        low,
        high,
        Hedge.RANGE,
        hedge_span,
        opener.group("h") if opener else None,
        kind=kind,
        unit=unit,
        change=second.change or _change_after_range(text, second, rule),  # "eight to ten times bigger"
    )


def _change_after_range(text: str, second: _Reading, rule: Rules) -> Change | None:
    """The change word after a range's second figure and its unit ("four to five times larger"): the range's
    joiner ("to") made that figure look like a level, so its own reading has no change."""
    after = unit_after(text, second.candidate.end, rule.language)
    found = rule.change_after.match(text, after.end if after is not None else second.candidate.end)
    if found is None:
        return None
    return Change.INCREASE if found.group("up") else Change.DECREASE


def _score_pair(text: str, first: _Reading, second: _Reading, rule: Rules) -> bool:
    """ "130-116", "4-13": two whole numbers hyphenated without spaces and with nothing that measures them, nor
    a counted noun after: a score, record or tally, two counts (see ``_TIGHT_PAIR``)."""
    a, b = first.candidate, second.candidate
    if not (text[a.start : a.end].isdigit() and text[b.start : b.end].isdigit()):
        return False
    if a.end + 1 != b.start or not _TIGHT_PAIR.search(text, a.end, b.start):
        return False
    if first.kind is not NumberKind.COUNT or second.kind is not NumberKind.COUNT:
        return False
    return not _counted_noun_follows(text, b.end, rule, after_article=True)


def _share_scale(text: str, first: _Reading, second: _Reading, rule: Rules) -> _Reading:
    """ "von 10 auf 9,4 Millionen Dollar", "rose from 3 to 4 million": in a change written from one figure to
    another, a first figure with no scale or unit of its own takes the second's."""
    a, b = first.candidate, second.candidate
    if a.group != "digits" or a.scale != 1 or first.kind is not NumberKind.COUNT or first.unit is not None:
        return first
    joiner = " ".join(text[a.end : second.start].split()).lower()
    opener = rule.range_opener_before.search(text, max(0, first.start - _WINDOW), first.start)
    if opener is None or joiner not in rule.change_to:
        return first
    if b.scale == 1 and second.kind is NumberKind.COUNT:
        return first
    assert a.value is not None and b.value is not None
    value = a.value * b.scale
    if not 0.1 * b.value <= value <= 10 * b.value:
        return first
    return first._replace(candidate=a._replace(value=value, scale=b.scale), kind=second.kind, unit=second.unit,
                          factor=second.factor)  # fmt: skip


def _merge_ranges(text: str, readings: list[_Reading], rule: Rules) -> list[NumberMention]:
    mentions: list[NumberMention] = []
    index = 0
    while index < len(readings):
        current = readings[index]
        if index + 1 < len(readings):
            current = _share_scale(text, current, readings[index + 1], rule)
            merged = _range(text, current, readings[index + 1], rule)
            if merged is not None:
                mentions.append(merged)
                index += 2
                continue
        mentions.append(_mention(text, current))
        index += 1
    return _restated_changes(text, mentions, rule)


# A figure restated or coordinated right after a change keeps its direction: "fell 81 cents, or 2.4%, to $33.34",
# "cut 7.5 percent of its work force, or 24,600 jobs", "made up 1.7 and 1.6 points", and a conversion in
# parentheses: "rose 2 inches (5 centimeters)".
_RESTATED = re.compile(
    r"(?:[^\d.;:!?]{0,40}?,\s*(?:or|oder|ou|o)|\s+(?:and|und|et|y))\s+|[^\d.;:!?()]{0,20}?\(\s*", re.IGNORECASE
)


def _restated_changes(text: str, mentions: list[NumberMention], rule: Rules) -> list[NumberMention]:
    out: list[NumberMention] = []
    for mention in mentions:
        previous = out[-1] if out else None
        if previous is not None and previous.change is not None and mention.change is None:
            between = text[previous.span.end : (mention.hedge_span or mention.span).start]
            if _RESTATED.fullmatch(between) or _spread_end(text, previous, between, rule):
                mention = dataclasses.replace(mention, change=previous.change)
        out.append(mention)
    return out


def _spread_end(text: str, previous: NumberMention, between: str, rule: Rules) -> bool:
    """ "declines ranging from 13% in one state to 48% in another": the figure after "to" is the other end of
    the same spread of changes, not a level."""
    if rule.spread_before is None or not rule.spread_before.search(
        text, max(0, previous.span.start - 20), (previous.hedge_span or previous.span).start
    ):
        return False
    joiners = "|".join(re.escape(j) for j in rule.change_to)
    return re.fullmatch(rf"[^\d.;:!?]{{0,40}}?\s(?:{joiners})\s+", between) is not None


# ---------------------------------------------------------------------------------------------
# Scanning
# ---------------------------------------------------------------------------------------------


def _candidates(text: str, language: str) -> Iterable[Candidate]:
    """The language's number-like strings, with its fractions and shares ("one in six") in place of the
    numerals they are written with."""
    if language == "en":
        found: Iterable[Candidate] = numbers_en.candidates(text)
    else:
        from reconcile.core import numbers_intl  # imported here: text2num loads only for other languages

        found = numbers_intl.candidates(text, language)
    shares = list(fraction_candidates(text, language))
    if not shares:
        return found
    kept = [c for c in found if not any(c.start < s.end and s.start < c.end for s in shares)]
    return sorted([*kept, *shares], key=lambda c: c.start)


def scan_numbers(
    text: str, language: str | None = None, *, names_party: NamesParty = _no_party
) -> tuple[list[NumberMention], list[Excluded]]:
    """All number mentions in ``text`` sorted by start, and the number-like matches excluded.

    ``language`` is an ISO 639-1 code: ``en`` when None (what every caller before issue 9 meant), ``auto`` to
    detect it (``core.language``; a language without rules is read as English), ``ValueError`` for a code
    without rules. ``names_party`` tells a country's tally from a person's age ("United States, 60," vs
    "Anna Berg, 34,"): the caller's knowledge of party names (``normalize.parties.names_party``), as the
    nouns of ``implicit_counts`` are the profile's; the default knows none.
    """
    rule = rules(resolve_language(text, language))
    readings: list[_Reading] = []
    excluded: list[Excluded] = []
    for candidate in _candidates(text, rule.language):
        span = Span(candidate.start, candidate.end)
        body = text[candidate.start : candidate.end]
        if candidate.group not in NUMBER_GROUPS:
            group_rule = _GROUP_RULES.get(candidate.group)
            excluded.append(
                Excluded(
                    span, body, candidate.group, _REASON_KIND[candidate.group], group_rule.name if group_rule else None
                )
            )
            continue
        reading = _read(text, candidate, rule, names_party)
        if reading.reason is not None:
            excluded.append(Excluded(span, body, reading.reason, reading.kind, reading.rule))
            continue
        readings.append(reading)
    return _merge_ranges(text, readings, rule), excluded


def resolve_language(text: str, language: str | None) -> str:
    """The language whose rules read ``text``: ``language``, English for None, detected for ``"auto"``."""
    if language is None:
        return "en"
    if language == "auto":
        from reconcile.core.language import detect_language

        try:
            detected = detect_language(text)
        except ValueError:  # no letters: nothing language-specific to read either
            return "en"
        return detected if detected in LANGUAGES else "en"
    return language


def find_numbers(text: str, language: str | None = None, *, names_party: NamesParty = _no_party) -> list[NumberMention]:
    """Every number mention in ``text``, sorted by start (see the module docstring and ``scan_numbers``)."""
    return scan_numbers(text, language, names_party=names_party)[0]


def implicit_counts(text: str, nouns: Iterable[str]) -> list[NumberMention]:
    """Every singular mention of one of ``nouns`` as a count of one ("its ambassador" = 1), sorted by start.

    The span is the noun itself, so provenance points at the word that implies the count; a plural or a
    longer word ("ambassadors", "ambassadorial") is not the noun. Which nouns count one is the caller's
    (a profile's) knowledge: the engine only knows how to find them.
    """
    words = sorted({noun.strip() for noun in nouns if noun.strip()}, key=len, reverse=True)
    if not words:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)
    return [
        NumberMention(Span(m.start(), m.end()), m.group(), 1, 1, 1, alignment=AlignmentStatus.IMPLICIT)
        for m in pattern.finditer(text)
    ]


# ---------------------------------------------------------------------------------------------
# What a number measures, and what it counts
# ---------------------------------------------------------------------------------------------


# "leaving only 58" is a stock left behind; "leaving 40 dead" is a toll, so plain "leaving" is not a cue.
_REMAINING_BEFORE = re.compile(r"\b(?:remain|remains|remaining|left\s+with|leaving\s+only)\s+\Z", re.IGNORECASE)
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
_PHRASE_END = re.compile(  # a full stop after a lone capital is an abbreviation's: "two U.N. aircraft"
    r"[,;:!?()\[\]\"“”]|(?<![\s.][A-Z])\.|\b(?:who|whom|which|that|were|was|are|is|have|has|had|will|would|must|can|could|should|"
    r"may|might|shall|to|in|on|at|as|since|"
    r"after|before|because|but|over|amid|for)\b"
)


def number_kind(text: str, mention: NumberMention) -> NumberKind:
    """What a mention measures: its ``kind`` (read from the text by ``find_numbers``), except that a count
    left behind ("there will remain 58") is ``REMAINING``.

    Kept for callers that filter with ``number_kind(...) is NumberKind.COUNT``: counts stay ``COUNT``, money
    is ``MONEY``, percentages ``PERCENT``, measures ``MEASURE``; implicit mentions (``implicit_counts``) are counts.
    """
    if mention.alignment is AlignmentStatus.IMPLICIT:
        return NumberKind.COUNT
    if mention.kind is not NumberKind.COUNT:
        return mention.kind
    before = text[max(0, mention.span.start - 30) : mention.span.start]
    if _REMAINING_BEFORE.search(before) or _REMAINING_AFTER.match(text, mention.span.end):
        return NumberKind.REMAINING
    return NumberKind.COUNT
