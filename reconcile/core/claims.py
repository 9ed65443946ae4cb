"""The grounded claim: what the pipeline stores as fact, and the vocabularies its fields use.

A ``Claim`` is only ever built from a ``NumberMention`` found in the text (its span, value and interval)
plus the model's attribution of that number (actor, action, target, unit, scope, ...). The model never
supplies offsets, so every stored value slices back to its article by construction.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Action(StrEnum):
    """What the actor does. A small taxonomy; synonyms are mapped by ``reconcile.normalize``."""

    EXPEL = "expel"  # expel, throw out, order to leave, deport
    PERSONA_NON_GRATA = "persona_non_grata"  # declare undesirable / persona non grata
    CLOSE = "close"  # close a consulate or embassy
    RECALL = "recall"  # recall one's own ambassador or staff
    OTHER = "other"


class Unit(StrEnum):
    """The counted thing. Classes matter for disagreement: 14 staff vs 7 diplomats is not a conflict."""

    DIPLOMATS = "diplomats"
    STAFF = "staff"  # embassy staff/workers/personnel/officials, possibly not all diplomats
    AMBASSADOR = "ambassador"
    CONSULATES = "consulates"
    INTELLIGENCE_OFFICERS = "intelligence_officers"
    OTHER = "other"


class Scope(StrEnum):
    """One actor's own action, or a total over several actors or waves."""

    SINGLE = "single"
    AGGREGATE = "aggregate"


class Modality(StrEnum):
    DONE = "done"
    ANNOUNCED = "announced"
    THREATENED = "threatened"
    DENIED = "denied"


class Claim(BaseModel):
    """A grounded claim about one number in one article.

    ``start``/``end`` index the number in the article text; ``sentence_start``/``sentence_end``
    index the supporting sentence, whose text is ``quote``. ``actor``/``target`` are ISO 3166-1
    alpha-3 codes (or ``EUU`` for the EU and similar body codes) when the party could be resolved;
    ``actor_text``/``target_text`` keep the model's wording.
    """

    model_config = ConfigDict(frozen=True)

    claim_id: str
    article_id: str
    number_id: str
    number_text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    hedge: str
    hedge_text: str | None = None
    alignment: str = "exact"
    actor_text: str
    actor: str | None
    actor_members: str | None = None  # for actor MULTI: the members' codes, sorted, comma-separated
    action: Action
    target_text: str | None
    target: str | None
    target_members: str | None = None
    unit: Unit
    scope: Scope
    modality: Modality
    date_text: str | None = None
    event_date: dt.date | None = None
    date_low: dt.date | None = None
    date_high: dt.date | None = None
    attribution: str | None = None
    sentence_start: int
    sentence_end: int
    quote: str = Field(description="The supporting sentence, verbatim from the article.")
