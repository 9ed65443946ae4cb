"""The read side: events, claims and conflicts from a snapshot, filtered and paged by a cursor.

Why a snapshot: fifty clients polling ``/v1/events`` while a job runs must neither wait for the writer nor
make the database load every event fifty times. The snapshot is loaded through the pipeline's own reading
API (``Pipeline.events``, ``select_claims``) and rebuilt only when the writer says the data changed (a
generation counter): at most once a second while a job stores article after article, and at once when a job
ends. While one request rebuilds it, the others are answered from the previous one.

Pages are ordered by id and the cursor names the last id served, so a page boundary never skips or repeats
an item when the data changes between two pages (ids are stable across runs).
"""

from __future__ import annotations

import base64
import binascii
import bisect
import datetime as dt
import json
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from reconcile.core.claims import Claim
from reconcile.events.model import Event, EventValue
from reconcile.normalize.parties import resolve_party
from reconcile.report.claims import ClaimFilter, ListedClaim, claim_passes, claim_record, flagged_claims, select_claims
from reconcile.service.problems import ProblemError
from reconcile.service.schemas import ClaimRecord, ConflictRecord

if TYPE_CHECKING:
    from reconcile.pipeline import Pipeline

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What ``GET /v1/events`` and ``GET /v1/conflicts`` keep; ``None`` keeps everything."""

    measure: str | None = None
    place: str | None = None  # a place key or its prefix: "IDN" keeps "IDN-AC"
    party: str | None = None  # actor or target: a code (FRA), a name (France), or a member of a group
    source: str | None = None  # words of any value's source ("police")
    date_from: dt.date | None = None  # the event's dates overlap [date_from, date_to]
    date_to: dt.date | None = None
    conflicts_only: bool = False
    article_id: str | None = None

    def passes(self, event: Event) -> bool:
        if self.measure and event.measure != self.measure.lower():
            return False
        if self.place and not (event.place or "").upper().startswith(self.place.upper()):
            return False
        if self.party and not _party_in(event, self.party):
            return False
        if self.source and not any(_said_by(v, self.source) for v in event.values):
            return False
        if self.conflicts_only and not event.conflict:
            return False
        if self.article_id and not any(v.article_id == self.article_id for v in event.values):
            return False
        return _dates_overlap(event, self.date_from, self.date_to)


def _party_in(event: Event, wanted: str) -> bool:
    codes = {wanted.upper()} | ({code} if (code := resolve_party(wanted)) else set())
    members = set(event.actor_members or ()) | set(event.target_members or ())
    return bool({event.actor, event.target} & codes or members & codes)


def _said_by(value: EventValue, wanted: str) -> bool:
    return wanted.lower() in f"{value.source_text or ''} {value.source or ''}".lower()


def _dates_overlap(event: Event, start: dt.date | None, end: dt.date | None) -> bool:
    if start is None and end is None:
        return True
    low, high = event.date_low, event.date_high or event.date_low
    if low is None or high is None:
        return False  # an undated event is not "in" a date range
    return (start is None or high >= start) and (end is None or low <= end)


@dataclass(frozen=True, slots=True)
class Snapshot:
    generation: int
    events: Sequence[Event] = ()
    claims: Sequence[ListedClaim] = ()
    flagged: frozenset[str] = frozenset()
    conflicts: Sequence[ConflictRecord] = ()
    by_article: dict[str, list[ListedClaim]] = field(default_factory=dict)


def _conflict_records(events: Iterable[Event]) -> list[ConflictRecord]:
    values = {v.claim_id: v for event in events for v in event.values}
    records = []
    for event in events:
        for conflict in event.conflicts:
            records.append(
                ConflictRecord(
                    **conflict.model_dump(),
                    event_id=event.event_id,
                    measure=event.measure,
                    place=event.place,
                    actor=event.actor,
                    target=event.target,
                    unit=event.unit,
                    date_low=event.date_low,
                    date_high=event.date_high,
                    value=values.get(conflict.claim_id) if conflict.claim_id else None,
                    other_value=values.get(conflict.other_claim_id) if conflict.other_claim_id else None,
                )
            )
    return sorted(records, key=lambda r: r.conflict_id)


def load_snapshot(pipeline: Pipeline, generation: int) -> Snapshot:
    events = sorted(pipeline.events(), key=lambda e: e.event_id)
    claims = sorted(select_claims(pipeline.store), key=lambda c: c.claim.claim_id)
    by_article: dict[str, list[ListedClaim]] = {}
    for item in claims:
        by_article.setdefault(item.claim.article_id, []).append(item)
    return Snapshot(
        generation=generation,
        events=events,
        claims=claims,
        flagged=frozenset(flagged_claims(pipeline.store)),
        conflicts=_conflict_records(events),
        by_article=by_article,
    )


class Reader:
    """Answers reads from the latest snapshot; the writer calls ``changed()`` after each article it stores and
    ``changed(urgent=True)`` when a job's data is complete.

    Why two kinds of change: while a job runs, a snapshot up to ``max_staleness`` seconds old is served (one
    rebuild per article would spend the CPU the job needs); once a job ends, the next read rebuilds at once,
    so a client that saw its job succeed reads its results.
    """

    def __init__(self, load: Callable[[int], Snapshot], max_staleness: float = 1.0) -> None:
        self._load = load
        self._max_staleness = max_staleness
        self._generation = 0
        self._must_show = 0  # the generation a read must show (an urgent change)
        self._snapshot: Snapshot | None = None
        self._built = 0.0
        self._reloading = threading.Lock()

    def changed(self, *, urgent: bool = False) -> None:
        self._generation += 1  # one writer thread: plain increments are enough
        if urgent:
            self._must_show = self._generation

    def _fresh_enough(self, snapshot: Snapshot | None) -> bool:
        if snapshot is None:
            return False
        if snapshot.generation == self._generation:
            return True
        return snapshot.generation >= self._must_show and time.monotonic() - self._built < self._max_staleness

    def snapshot(self) -> Snapshot:
        current = self._snapshot
        if current is not None and self._fresh_enough(current):
            return current
        stale_allowed = current is not None and current.generation >= self._must_show
        if stale_allowed and not self._reloading.acquire(blocking=False):
            assert current is not None
            return current  # another request is rebuilding it: answer from the previous one meanwhile
        if not stale_allowed:
            self._reloading.acquire()
        try:
            if not self._fresh_enough(self._snapshot):
                generation = self._generation  # read before loading: a change during the load makes it stale
                self._snapshot = self._load(generation)
                self._built = time.monotonic()
            assert self._snapshot is not None
            return self._snapshot
        finally:
            self._reloading.release()

    def events(self, flt: EventFilter) -> list[Event]:
        return [e for e in self.snapshot().events if flt.passes(e)]

    def event(self, event_id: str) -> Event | None:
        return next((e for e in self.snapshot().events if e.event_id == event_id), None)

    def conflicts(
        self, flt: EventFilter, *, strict_only: bool = False, kind: str | None = None
    ) -> list[ConflictRecord]:
        snap = self.snapshot()
        kept = {e.event_id for e in snap.events if flt.passes(e)}
        return [
            c for c in snap.conflicts
            if c.event_id in kept and (not strict_only or c.strict) and (kind is None or c.kind == kind)
        ]  # fmt: skip

    def claims(self, flt: ClaimFilter) -> list[ClaimRecord]:
        snap = self.snapshot()
        flagged = set(snap.flagged) if flt.conflicts_only else None
        return [claim_out(item) for item in snap.claims if claim_passes(item, flt, flagged)]

    def article_claims(self, article_id: str) -> list[ClaimRecord]:
        return [claim_out(item) for item in self.snapshot().by_article.get(article_id, [])]


def claim_out(item: ListedClaim) -> ClaimRecord:
    return ClaimRecord.model_validate(claim_record(item))


def encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": key}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        after = data["after"]
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise ProblemError(400, "invalid-cursor", "cursor is not one this server gave: start without it") from exc
    if not isinstance(after, str):
        raise ProblemError(400, "invalid-cursor", "cursor is not one this server gave: start without it")
    return after


def page(items: Sequence[T], key: Callable[[T], str], cursor: str | None, limit: int) -> tuple[list[T], str | None]:
    """The ``limit`` items after the cursor's key (``items`` sorted by ``key``) and the next cursor."""
    start = bisect.bisect_right(items, decode_cursor(cursor), key=key) if cursor is not None else 0
    chosen = list(items[start : start + limit])
    more = start + limit < len(items)
    return chosen, encode_cursor(key(chosen[-1])) if more and chosen else None


__all__ = ["Claim", "EventFilter", "Reader", "Snapshot", "load_snapshot", "page"]
