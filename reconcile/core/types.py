"""Domain types shared by every stage of the pipeline.

This module imports no model provider and no database: it is the vocabulary the stages speak.
Offsets are Python string indices (code points) into ``Article.text`` — the text after ingest
has removed any ``date YYYY-MM-DD`` header — so ``article.text[start:end]`` is always the cited text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Hedge(StrEnum):
    """How the source qualifies a number; each hedge maps to an interval (see ``core.numbers``)."""

    EXACT = "exact"
    AT_LEAST = "at_least"  # "at least 40", "a minimum of"  -> [v, inf)
    MORE_THAN = "more_than"  # "more than 100", "over"        -> (v, inf)
    NEARLY = "nearly"  # "nearly 200", "almost", "just under" -> [0.9v, v)
    ABOUT = "about"  # "some 25", "about", "around", "roughly", "approximately" -> band around v
    UP_TO = "up_to"  # "up to 40", "as many as" -> [0, v]
    FEWER_THAN = "fewer_than"  # "fewer than", "less than", "under" -> [0, v)
    FURTHER = "further"  # "a further 20", "another 20": an increment on an earlier figure
    VAGUE = "vague"  # "dozens", "several", "hundreds": a range with no point value
    RANGE = "range"  # "between 30 and 40", "30-40", "from 30 to 40": [low, high] as written, no point value


class Change(StrEnum):
    """The direction of a number that states the size of a change or a difference, not a level.

    "exports grew by $3.1 billion to $96.4 billion": 3.1bn is an ``INCREASE``, 96.4bn a level (no change);
    "30 percent less power than": ``DECREASE``. A change is never compared with a level (``events``).
    """

    INCREASE = "increase"
    DECREASE = "decrease"


class NumberKind(StrEnum):
    """What a number measures, judged deterministically from the words and symbols next to it.

    The first four are claims a profile may measure; ``core.numbers.find_numbers`` returns only those.
    The rest are what a number-like string is when it is not a claim: ``core.numbers.scan_numbers``
    reports them as exclusions so a reader can see why a number was skipped.
    """

    COUNT = "count"  # "40 diplomats", "2000 people", "dozens"; unit None (the counted words say what)
    MONEY = "money"  # "€3.5bn", "$2 million", "80 million euros"; unit = ISO 4217 code (or None if unnamed)
    PERCENT = "percent"  # "25%", "40 per cent"; unit "percent" or "percentage_point"
    MEASURE = "measure"  # physical quantities: "magnitude 6.1", "10 km", "500 tonnes"; unit "magnitude", "km", ...
    REMAINING = "remaining"  # a count left behind ("there will remain 58"): only ``number_kind`` says this
    DURATION = "duration"  # "72 hours", "within 15 days", "a 72-hour deadline"
    YEAR = "year"  # "in 2000", "since 2018", "the 2014 quake"
    DATE = "date"  # "April 4, 2022", "3. Mai", "le 1er mai"
    TIME = "time"  # "2:53 p.m.", "14.30 Uhr"
    ORDINAL = "ordinal"  # "3rd", "tercero"
    AGE = "age"  # "aged 40", "40 years old", "40-year-old"
    MODIFIER = "modifier"  # a number inside an adjective or fraction: "one-month", "two-thirds"
    PRONOUN = "pronoun"  # "one of", "no one"
    IDENTIFIER = "identifier"  # names, labels and phone numbers: "France 24", "Boeing 737", "No. 10", "+33 1 ..."
    ATTRIBUTE = "attribute"  # a property of a place or thing, not of the event: "a city of 160,000 people"


CLAIM_KINDS = frozenset({NumberKind.COUNT, NumberKind.MONEY, NumberKind.PERCENT, NumberKind.MEASURE})


class AlignmentStatus(StrEnum):
    """How a stored value was tied to its article (after langextract's explicit alignment status)."""

    EXACT = "exact"  # span found deterministically in the text; the model never supplied offsets
    IMPLICIT = "implicit"  # count implied by a word ("its ambassador" = 1); span is that word


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of an article's text."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def shift(self, offset: int) -> Span:
        """The same range seen from a text that starts ``offset`` characters later (or earlier)."""
        return Span(self.start + offset, self.end + offset)


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number found deterministically in an article, with its hedge and exact span.

    ``span`` covers the number words/digits only ("40", "three", "a dozen", "35,000");
    ``hedge_span`` covers the qualifier when there is one ("at least").
    ``low``/``high`` are the interval implied by the hedge; ``None`` means unbounded.
    ``value`` is the point value with any scale applied ("€3.5bn" -> 3.5e9), ``None`` for vague
    quantities ("dozens") and ranges ("30 to 40", whose ``low``/``high`` are the two ends).
    ``kind`` says what it measures and ``unit`` in what (see ``NumberKind``): ``None`` for plain counts,
    an ISO 4217 code for money, ``percent``, or a measure unit (``magnitude``, ``km``, ``t``...).
    ``change`` is set when the number is the size of a change or difference ("fell 81 cents", "24 percent
    thinner than"), ``None`` for a level.
    """

    span: Span
    text: str
    value: float | None
    low: float | None
    high: float | None
    hedge: Hedge = Hedge.EXACT
    hedge_span: Span | None = None
    hedge_text: str | None = None
    alignment: AlignmentStatus = AlignmentStatus.EXACT
    kind: NumberKind = NumberKind.COUNT
    unit: str | None = None
    change: Change | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article with its span; ``index`` is its position in the article."""

    index: int
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """An ingested article. ``article_id`` is the sha256 of ``text``, so a renamed file is not new.

    ``source`` is where it was read (a path, or ``export.jsonl:17`` for a record of an export); the
    metadata fields are what the input said (or, for a saved page, what the page says), ``None`` when
    unknown. ``source_group`` is set by the store: the id of the first-seen article whose text is a near
    duplicate of this one (one wire story republished by several outlets), or its own id.
    """

    article_id: str
    source: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None
    source_group: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
