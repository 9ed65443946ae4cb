"""Wording and small helpers shared by the terminal, Markdown and HTML reports.

One place decides how a value, a party pair or a conflict kind is written, so the three reports
never disagree with each other about what an event says.
"""

from __future__ import annotations

from collections import Counter

from reconcile.events.model import Conflict, Event, EventValue, Relation

KIND_LABEL: dict[str, str] = {
    "contradiction": "contradiction",
    "source_disagreement": "sources disagree",
    "revision": "revision",
    "cumulative": "cumulative figure",
    "unit_or_scope": "unit or scope difference",
}

KIND_EXPLAIN: dict[str, str] = {
    "contradiction": "same event, same unit, reported at about the same time, incompatible numbers",
    "source_disagreement": "two named sources give their own figures (police vs organisers): each is theirs",
    "revision": "a later report updates an earlier figure",
    "cumulative": "a running total or an increment ('a further ...') of figures reported earlier",
    "unit_or_scope": "different unit (staff vs diplomats) or scope (total vs one country): explained",
}

REASON_LABEL: dict[str, str] = {
    "further": "an increment",
    "earlier_figures": "earlier waves add up",
    "running_total": "a running total and its wave",
    "sum_of_earlier": "the sum of earlier events",
    "same_article": "one article gives both",
    "far_apart": "too far apart to be one figure",
    "nested_unit": "a nested unit",
    "scope": "another scope",
}

HEDGE_WORD: dict[str, str] = {
    "at_least": "at least",
    "more_than": "more than",
    "nearly": "nearly",
    "about": "about",
    "up_to": "up to",
    "fewer_than": "fewer than",
    "further": "a further",
    "vague": "vague",
}


def num(x: float | None) -> str:
    """A figure as people write it: 35, not 35.0; None is unbounded."""
    if x is None:
        return "∞"
    return f"{x:g}" if x != int(x) else f"{int(x)}"


def interval(low: float | None, high: float | None) -> str:
    """``[low, high]`` with open ends shown as such."""
    if low is not None and low == high:
        return num(low)
    lo = num(low) if low is not None else "−∞"
    return f"[{lo}, {num(high)}]"


def value_label(v: EventValue) -> str:
    """The figure as cited: the article's own hedge words when stored, else the hedge's usual wording."""
    if v.hedge_text:
        return f"{v.hedge_text} {v.number_text}"
    word = HEDGE_WORD.get(v.hedge)
    return f"{word} {v.number_text}" if word and v.hedge != "vague" else v.number_text


def party(code: str | None, members: tuple[str, ...] | None) -> str:
    """'DEU'; a group with its members, 'MULTI (DNK, ESP, EST, ITA, SWE)', since two coalitions are two
    different events and must not read the same; unresolved is '?'."""
    label = code or "?"
    return f"{label} ({', '.join(members)})" if members else label


def parties(e: Event) -> str:
    """'DEU → RUS'; multi-party sides list their members; unresolved parties are shown as '?'."""
    return f"{party(e.actor, e.actor_members)} → {party(e.target, e.target_members)}"


def event_date(e: Event) -> str:
    if e.date_low is None:
        return "date unknown"
    if e.date_high is None or e.date_high == e.date_low:
        return e.date_low.isoformat()
    return f"{e.date_low.isoformat()} – {e.date_high.isoformat()}"


SCOPE_WORD = {"aggregate": " (aggregate)", "running_total": " (running total)", "change": " (change)"}


def event_what(e: Event) -> str:
    """'DNK → RUS · expelled · diplomats', with the place when the event has one and the scope when not single."""
    place = f" · in {e.place}" if e.place else ""
    return f"{parties(e)} · {e.measure} · {e.unit}{SCOPE_WORD.get(e.scope, '')}{place}"


def event_title(e: Event) -> str:
    return f"{event_what(e)} · {event_date(e)}"


def article_label(v: EventValue) -> str:
    """Where a value comes from: the outlet when the input named it, else the file; a near-duplicate of an
    earlier article (a republished wire story) says it is a copy."""
    copy = " (copy)" if v.source_group and v.source_group != v.article_id else ""
    return f"{v.outlet or v.article}{copy}"


def sources_label(e: Event) -> str:
    """'3 sources', or '2 independent sources (3 articles)' when some articles are copies of one story."""
    plural = "s" if e.n_sources != 1 else ""
    if e.n_sources == e.n_articles:
        return f"{e.n_sources} source{plural}"
    return f"{e.n_sources} independent source{plural} ({e.n_articles} articles)"


def said(v: EventValue) -> str:
    """How and by whom a figure is given, beyond its number: 'announced · in Kharkiv · according to police'.

    A plain reported fact ('done', no named source, no place) says nothing: ''.
    """
    parts = [v.modality] if v.modality != "done" else []
    if v.place_text:
        parts.append(f"in {v.place_text}")
    if v.source_text:
        parts.append(f"according to {v.source_text}")
    return " · ".join(parts)


def status(v: EventValue) -> str:
    """'agrees', the kind that explains the disagreement, or 'not counted' (a denied or threatened figure)."""
    if not v.counted:
        return "not counted"
    return "agrees" if v.agrees else KIND_LABEL.get(v.kind or "", "disagrees")


def quote_parts(v: EventValue) -> tuple[str, str, str]:
    """The quote split around the number (offsets are relative to ``sentence_start``)."""
    a, b = v.quote_offsets
    return v.quote[:a], v.quote[a:b], v.quote[b:]


def anchor(article_id: str, start: int | None = None) -> str:
    """HTML anchor of an article copy, or of one span inside it: ``a-<article>-<start>``."""
    base = f"a-{article_id[:16]}"
    return base if start is None else f"{base}-{start}"


def side(v: EventValue | None) -> str:
    """One side of a disagreement as cited: '48 (c.txt · 2022-04-05 · according to police)'."""
    if v is None:
        return "another event"
    where = [article_label(v)]
    if v.published:
        where.append(v.published.isoformat())
    if v.source_text:
        where.append(f"according to {v.source_text}")
    return f"{value_label(v)} ({' · '.join(where)})"


def disagreement_sides(e: Event, c: Conflict) -> str:
    """'40 (a.txt · 2022-04-05) vs 48 (c.txt · 2022-04-05)': both sides, the one reported first first."""
    return f"{side(e.value_of(c.claim_id))} vs {side(e.value_of(c.other_claim_id))}"


def disagreement_line(e: Event, c: Conflict) -> str:
    """'contradiction: 40 (a.txt · 2022-04-05) vs 48 (c.txt · 2022-04-05)'."""
    return f"{KIND_LABEL.get(c.kind, c.kind)}: {disagreement_sides(e, c)}"


def relation_line(e: Event, r: Relation) -> str:
    """An explained difference: 'cumulative (a running total and its wave): <detail>'."""
    return f"{KIND_LABEL.get(r.kind, r.kind)} ({REASON_LABEL.get(r.reason, r.reason)}): {r.detail}"


def summary(events: list[Event]) -> dict[str, int]:
    """Headline counts for the top of every report: events per most severe disagreement, disagreeing pairs,
    and events with an explained difference of each kind."""
    kinds = Counter(e.conflict_kind for e in events if e.conflict_kind)
    kinds.update(k for e in events for k in {r.kind for r in e.relations})
    return {
        "pairs": sum(len(e.conflicts) for e in events),
        "events": len(events),
        "values": sum(len(e.values) for e in events),
        "articles": len({v.article_id for e in events for v in e.values}),
        "contradiction": kinds["contradiction"],
        "source_disagreement": kinds["source_disagreement"],
        "revision": kinds["revision"],
        "cumulative": kinds["cumulative"],
        "unit_or_scope": kinds["unit_or_scope"],
        "unresolved": sum(e.unresolved for e in events),
    }
