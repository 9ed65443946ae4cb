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
    ``value`` is the point value, ``None`` for vague quantities such as "dozens".
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
