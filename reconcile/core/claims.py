"""The grounded claim: what the pipeline stores as fact (the contract is docs/claim-model.md).

A ``Claim`` is only ever built from a ``NumberMention`` found in the text (its span, value and interval)
plus the model's reading of that number (what it measures, who, whom, where, who says so, ...). The
model never supplies offsets, so every stored value slices back to its article by construction.

This module knows no topic: what can be measured, and in which units, is declared by a profile
(``profiles/<name>/``); here ``measure``, ``measure_kind`` and ``unit`` are plain strings. Only the
vocabularies every story shares (``Scope``, ``Modality``, ``MeasureKind``) are enums.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from reconcile.core.types import NumberMention


class MeasureKind(StrEnum):
    """How figures of one measure behave over time; reconciliation compares them accordingly."""

    STOCK = "stock"  # a tally that is revised (a death toll): a later different figure is a revision
    FLOW = "flow"  # additive waves (expulsions, arrests): a difference equal to earlier waves is cumulative
    LEVEL = "level"  # one quantity that sources estimate (a crowd, a haul): different figures are estimates


class Scope(StrEnum):
    """One actor's or event's own figure, a sum over several, everything since a start, or the size of a change.

    ``CHANGE`` is set from the finder's reading (``NumberMention.change``: "fell 81 cents", "24 percent thinner
    than"): a change is never in one event with a level, since the scope is part of the event key, and is never
    related to a level's event either (``events.sql``).
    """

    SINGLE = "single"
    AGGREGATE = "aggregate"
    RUNNING_TOTAL = "running_total"
    CHANGE = "change"


class Modality(StrEnum):
    """Whether the text reports the figure as done, announced, threatened, denied or estimated."""

    DONE = "done"
    ANNOUNCED = "announced"
    THREATENED = "threatened"
    DENIED = "denied"
    ESTIMATED = "estimated"


class Claim(BaseModel):
    """A grounded claim about one number in one article: the one definition of a claim's fields.

    The ``claims`` table, the store's reads and writes, the ``claim_values`` view, the export and the
    evaluation's prediction records are derived from these fields (``reconcile/store/claim_schema.py``):
    one column per field, of the same name, in this order. To add a column, add a field here with a
    default (a file made before it gets the column, NULL, when opened) and it is stored and read back.

    ``start``/``end`` index the number in the article text; ``sentence_start``/``sentence_end``
    index the supporting sentence, whose text is ``quote``. ``measure`` is a code of the profile's
    measures and ``unit`` a unit string (``people``, an ISO 4217 currency, ``percent`` or a profile
    unit class). ``actor``/``target`` are ISO 3166-1 alpha-3 codes (or ``EUU`` and similar group
    codes) when the party resolves, else a normalised key; the ``*_text`` fields keep the article's
    words, and ``*_start``/``*_end`` where they are in it (``text[actor_start:actor_end] == actor_text``).
    ``place``/``source`` are normalised keys of ``place_text``/``source_text``.
    """

    model_config = ConfigDict(frozen=True)

    claim_id: str  # article_id[:16] || ':' || start || '-' || end (extract.ground.claim_id)
    article_id: str
    number_id: str  # N1..Nk as marked in the prompt
    number_text: str  # == article text[start:end]
    start: int
    end: int
    value: float | None  # point value; None for vague quantities ("dozens")
    low: float | None  # interval implied by the hedge; None = unbounded
    high: float | None
    hedge: str  # core.types.Hedge
    hedge_text: str | None = None
    alignment: str = "exact"  # core.types.AlignmentStatus
    profile: str  # the profile the claim was extracted under
    measure: str  # a measure code of that profile (killed, expelled, money, ...)
    measure_kind: MeasureKind
    counted_text: str | None = None  # the article's words for what is counted
    counted_head: str | None = None  # what grouping compares of counted_text (core/heads.py): "robber"
    unit: str  # people, ISO 4217 currency, percent, or a profile unit class
    actor_text: str | None = None
    actor: str | None = None  # ISO 3166-1 alpha-3 or group code (EUU), else a normalised key
    actor_members: str | None = None  # for actor MULTI: the members' codes, sorted, comma-separated
    target_text: str | None = None
    target: str | None = None
    target_members: str | None = None
    place_text: str | None = None
    place: str | None = None  # most specific resolved place key
    source_text: str | None = None  # who says so, as the text names them
    source: str | None = None  # normalised key of source_text
    # where actor_text, target_text and source_text are in the article: every stored party is a span
    actor_start: int | None = None
    actor_end: int | None = None
    target_start: int | None = None
    target_end: int | None = None
    source_start: int | None = None
    source_end: int | None = None
    scope: Scope
    modality: Modality
    date_text: str | None = None
    event_date: dt.date | None = None
    date_low: dt.date | None = None
    date_high: dt.date | None = None
    sentence_start: int
    sentence_end: int
    quote: str = Field(description="The supporting sentence, verbatim from the article.")
    rules: str | None = None  # the registered rules (``core.rules``) that repaired or built it, ", "-joined


@dataclass(frozen=True, slots=True)
class Rejection:
    """A number the model was asked about that did not become a claim, and why (the ``rejections`` table).

    Kept next to ``Claim`` because it is the other record an extraction produces: the store saves both
    without knowing how extraction (``extract/``) made them."""

    number_id: str
    mention: NumberMention
    reason: str
    payload: str | None = None
    rules: str | None = None  # the registered rules that fired on it, the last the one that dropped it
