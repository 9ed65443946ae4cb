"""Typed view of the reconciliation tables (``events``, ``event_claims``, ``conflicts``, ``event_relations``).

Reports and exports read events through ``load_events`` only, so they never repeat the joins back to
``claims`` and ``articles`` that give every value its provenance (article, offsets, quote).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import duckdb
from pydantic import BaseModel, ConfigDict

ConflictKind = Literal["contradiction", "source_disagreement", "revision", "cumulative", "unit_or_scope"]
CONFLICT_KINDS: tuple[ConflictKind, ...] = (
    "contradiction",
    "source_disagreement",
    "revision",
    "cumulative",
    "unit_or_scope",
)
"""Most severe first. The first three are disagreements (``conflicts``: a flag a reader should see; only a
contradiction is strict), the last two explained differences (``event_relations``: waves of a flow adding
up or an increment; a different, nested unit or scope, or two figures one article gives side by side)."""
DISAGREEMENT_KINDS: tuple[ConflictKind, ...] = ("contradiction", "source_disagreement", "revision")
RELATION_KINDS: tuple[ConflictKind, ...] = ("cumulative", "unit_or_scope")


class EventValue(BaseModel):
    """One claim's value inside an event, with everything needed to cite it.

    ``start``/``end`` index the number in the article text, ``sentence_start`` the quote, so the number
    inside ``quote`` is ``quote[start - sentence_start : end - sentence_start]``.
    """

    model_config = ConfigDict(frozen=True)

    claim_id: str
    article: str  # the article's source path (as first ingested)
    article_id: str
    published: dt.date | None
    value: float | None
    low: float | None
    high: float | None
    hedge: str
    hedge_text: str | None
    number_text: str
    quote: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    unit: str
    event_date: dt.date | None
    date_low: dt.date | None
    date_high: dt.date | None
    source: str | None  # who says so, normalised ("police"); None when the article names nobody
    source_text: str | None  # the article's words for the source ("the organisers")
    place: str | None  # where, as a resolved key ("IDN-AC")
    place_text: str | None  # the article's words for the place
    modality: str  # done, announced, estimated, threatened, denied
    counted: bool  # False for denied / threatened figures: shown as context, never part of a consensus
    agrees: bool  # counted and overlaps the event's consensus
    kind: ConflictKind | None  # how a disagreeing value is explained; None when it agrees or is not counted
    outlet: str | None = None  # the article's metadata, where its input gave it
    title: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    source_group: str | None = None  # the first-seen near-duplicate of the article (its own id when unique)

    @property
    def quote_offsets(self) -> tuple[int, int]:
        """The number's span relative to the quote, clamped so a bad row cannot break a report."""
        n = len(self.quote)
        a = min(max(self.start - self.sentence_start, 0), n)
        b = min(max(self.end - self.sentence_start, a), n)
        return a, b


class Conflict(BaseModel):
    """One disagreement (a row of ``conflicts``): two counted figures of one event whose intervals are
    disjoint, with its kind. ``claim_id`` is the figure reported first, ``other_claim_id`` the other;
    ``other_event_id`` is the event itself (disagreements are never drawn across events)."""

    model_config = ConfigDict(frozen=True)

    conflict_id: str
    kind: ConflictKind
    strict: bool
    claim_id: str | None
    other_event_id: str
    other_claim_id: str | None
    detail: str


class Relation(BaseModel):
    """One explained difference (a row of ``event_relations``): never a flag. ``reason`` says which
    explanation holds (further, earlier_figures, running_total, sum_of_earlier, same_article, far_apart,
    nested_unit, scope); ``claim_id`` is None when a whole event is a side (a total that sums earlier events)."""

    model_config = ConfigDict(frozen=True)

    relation_id: str
    kind: ConflictKind
    reason: str
    claim_id: str | None
    other_event_id: str
    other_claim_id: str | None
    detail: str


class Event(BaseModel):
    """An event: one measure (of one kind) at one place, between the same parties, counted in one unit,
    at one time (e.g. people killed in Aceh on 2 July; diplomats France expelled from Russia on 4 April).

    A multi-party actor or target keeps its code (``MULTI``) and lists its members separately, so code
    that filters on ``actor`` keeps working while two different coalitions stay distinguishable.
    """

    model_config = ConfigDict(frozen=True)

    event_id: str
    measure: str
    measure_kind: str  # stock | flow | level
    place: str | None
    actor: str | None
    target: str | None
    actor_members: tuple[str, ...] | None = None  # ISO codes, sorted; None unless a group with known members
    target_members: tuple[str, ...] | None = None
    unit: str
    scope: str
    tier: str
    date_low: dt.date | None
    date_high: dt.date | None
    value: float | None
    consensus_low: float | None
    consensus_high: float | None
    spread_low: float | None
    spread_high: float | None
    conflict: bool
    conflict_kind: ConflictKind | None
    strict_conflict: bool
    unresolved: bool
    n_sources: int  # independent sources (near-duplicate articles count once)
    values: list[EventValue]
    conflicts: list[Conflict]  # pairwise disagreements within the event (the flags)
    relations: list[Relation] = []  # explained differences, within the event or with another one

    def value_of(self, claim_id: str | None) -> EventValue | None:
        """The event's value of ``claim_id`` (None for another event's claim or a whole-event side)."""
        return next((v for v in self.values if v.claim_id == claim_id), None)

    @property
    def agreeing(self) -> list[EventValue]:
        return [v for v in self.values if v.agrees]

    @property
    def disagreeing(self) -> list[EventValue]:
        """Counted values outside the consensus (each has a ``kind``)."""
        return [v for v in self.values if v.counted and not v.agrees]

    @property
    def not_counted(self) -> list[EventValue]:
        """Denied or threatened figures: part of the story, never of the consensus."""
        return [v for v in self.values if not v.counted]

    @property
    def n_articles(self) -> int:
        return len({v.article_id for v in self.values})


class ReconcileStats(BaseModel):
    """What one ``reconcile_events`` run did; ``partitions_rebuilt`` shows how incremental it was."""

    model_config = ConfigDict(frozen=True)

    claims: int
    partitions_rebuilt: int
    claims_regrouped: int
    events: int
    events_new: int
    events_kept: int
    events_retired: int
    unresolved: int
    conflicts: dict[str, int]
    seconds: float


def severity(kind: str | None) -> int:
    """Sort key: contradictions first, unflagged events last."""
    return CONFLICT_KINDS.index(kind) if kind in CONFLICT_KINDS else len(CONFLICT_KINDS)


_EVENTS_SQL = """
SELECT event_id, actor, measure, target, unit, scope, tier, date_low, date_high, value,
       consensus_low, consensus_high, spread_low, spread_high, conflict, conflict_kind,
       strict_conflict, unresolved, actor_members, target_members, measure_kind, place, n_sources
FROM events
"""


def _members(text: str | None) -> tuple[str, ...] | None:
    """'DNK,ESP' -> ('DNK', 'ESP'); the table stores members as one string so they can be part of a key."""
    return tuple(text.split(",")) if text else None


_VALUES_SQL = """
SELECT ec.event_id, c.claim_id, a.source, c.article_id, a.published, c.value, c.low, c.high, c.hedge,
       c.hedge_text, c.number_text, c.quote, c.start, c."end", c.sentence_start, c.sentence_end, c.unit,
       coalesce(ec.event_date, c.event_date), coalesce(ec.date_low, c.date_low), coalesce(ec.date_high, c.date_high),
       coalesce(ec.agrees, true), ec.kind,
       c.source, c.source_text, c.modality, coalesce(ec.counted, true), c.place, c.place_text,
       a.outlet, a.title, a.url, a.author, a.language, a.source_group
FROM event_claims ec
JOIN claims c USING (claim_id)
LEFT JOIN articles a USING (article_id)
ORDER BY ec.event_id, ec.counted DESC, ec.agrees DESC, a.published NULLS LAST, c.claim_id
"""

_CONFLICTS_SQL = """
SELECT event_id, conflict_id, kind, strict, claim_id, other_event_id, other_claim_id, detail
FROM conflicts
ORDER BY event_id, kind, claim_id NULLS FIRST, other_event_id, other_claim_id
"""

_RELATIONS_SQL = """
SELECT event_id, relation_id, kind, reason, claim_id, other_event_id, other_claim_id, detail
FROM event_relations
ORDER BY event_id, kind, claim_id NULLS FIRST, other_event_id, other_claim_id
"""


def load_events(con: duckdb.DuckDBPyConnection) -> list[Event]:
    """All events with their values, disagreements and explained differences: flagged events first (most
    severe kind), then by date.

    Reads only what ``reconcile_events`` wrote; call that first. Four queries, grouped in Python, so
    the cost is linear in the number of claims.
    """
    values: dict[str, list[EventValue]] = {}
    for row in con.execute(_VALUES_SQL).fetchall():
        values.setdefault(row[0], []).append(
            EventValue(
                claim_id=row[1],
                article=row[2] or row[3],
                article_id=row[3],
                published=row[4],
                value=row[5],
                low=row[6],
                high=row[7],
                hedge=row[8],
                hedge_text=row[9],
                number_text=row[10],
                quote=row[11],
                start=row[12],
                end=row[13],
                sentence_start=row[14],
                sentence_end=row[15],
                unit=row[16],
                event_date=row[17],
                date_low=row[18],
                date_high=row[19],
                agrees=row[20],
                kind=row[21],
                source=row[22],
                source_text=row[23],
                modality=row[24],
                counted=row[25],
                place=row[26],
                place_text=row[27],
                outlet=row[28],
                title=row[29],
                url=row[30],
                author=row[31],
                language=row[32],
                source_group=row[33],
            )
        )
    conflicts: dict[str, list[Conflict]] = {}
    for row in con.execute(_CONFLICTS_SQL).fetchall():
        conflicts.setdefault(row[0], []).append(
            Conflict(
                conflict_id=row[1],
                kind=row[2],
                strict=row[3],
                claim_id=row[4],
                other_event_id=row[5],
                other_claim_id=row[6],
                detail=row[7],
            )
        )
    relations: dict[str, list[Relation]] = {}
    for row in con.execute(_RELATIONS_SQL).fetchall():
        relations.setdefault(row[0], []).append(
            Relation(
                relation_id=row[1],
                kind=row[2],
                reason=row[3],
                claim_id=row[4],
                other_event_id=row[5],
                other_claim_id=row[6],
                detail=row[7],
            )
        )
    events = [
        Event(
            event_id=r[0],
            actor=r[1],
            measure=r[2],
            target=r[3],
            unit=r[4],
            scope=r[5],
            tier=r[6],
            date_low=r[7],
            date_high=r[8],
            value=r[9],
            consensus_low=r[10],
            consensus_high=r[11],
            spread_low=r[12],
            spread_high=r[13],
            conflict=r[14],
            conflict_kind=r[15],
            strict_conflict=r[16],
            unresolved=r[17],
            actor_members=_members(r[18]),
            target_members=_members(r[19]),
            measure_kind=r[20],
            place=r[21],
            n_sources=r[22],
            values=values.get(r[0], []),
            conflicts=conflicts.get(r[0], []),
            relations=relations.get(r[0], []),
        )
        for r in con.execute(_EVENTS_SQL).fetchall()
    ]
    events.sort(key=lambda e: (severity(e.conflict_kind), e.date_low or dt.date.max, e.actor or "~", e.event_id))
    return events
