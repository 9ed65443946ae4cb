"""Scores of a run against the ECB+ news gold, per topic: extraction, grouping, subtopic purity, conflicts.

Pure functions of their inputs, like ``reconcile.evaluation.metrics`` whose matching rule and metrics
they reuse:

* **extraction**: the seeds' span matching (a predicted number overlapping the gold number, or the same
  value inside the gold sentence), paired one to one; a *key match* needs the same **measure**. P/R/F1
  count key matches; grounding and field accuracy (measure, unit, value, interval, hedge, modality,
  scope, actor, target, place, source) are read on the span matching.
* **grouping against our event labels**: B³ and pairwise over the key-matched claims (``metrics``).
* **grouping against ECB+'s own chains**: every scored prediction is mapped to an ECB+ cross-document
  chain by span (``chain_of``): the participant mention (HUMAN_PART_*/NON_HUMAN_PART) that overlaps its
  number ("**23** Somalian pirates"), else the nearest event mention (ACTION_*) of its sentence; B³ and
  pairwise of the predicted events against those chain ids, over the predictions that map to one.
* **subtopic purity**: a predicted event holding key-matched claims of both stories of a topic (gold
  events ``t<n>ecb_*`` and ``t<n>plus_*``; ``bg_*`` claims are neutral) mixes two look-alike real-world
  events: always wrong. Counted per topic; must be 0.
* **conflicts**: predicted flags against ``gold/conflicts.jsonl`` (positives: revision,
  source_disagreement, contradiction), by pair and by pair + kind (``metrics.conflict_scores``).

ECB+ sentences are never written into a scorecard (results are committed): misses, false positives and
field errors name the gold id, document and number only.

A scorecard is of one gold split (``newsgold.SPLITS``): ``dev``, the documents rules are tuned on, is
a **fit**; ``heldout`` is the **result**. The Markdown of a held-out card gives figures only, not the
per-claim lists of misses and errors (they stay in the JSON for whoever runs it): a committed to-do list
of held-out misses would invite tuning on them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field

from reconcile.evaluation.ecbplus import EcbDoc, EcbPlusCorpus, Mention
from reconcile.evaluation.metrics import (
    PRF,
    Accuracy,
    ConflictScores,
    ExtractionScores,
    GroupingScores,
    PredictedClaim,
    _fmt,
    _same_number,
    b_cubed,
    conflict_scores,
    extraction_scores,
    grouping_scores,
    match_claims,
    normalize_code,
    pairwise,
)
from reconcile.evaluation.newsgold import (
    DEFAULT_SPLIT,
    POSITIVE_KINDS,
    SPLITS,
    NewsGoldClaim,
    NewsGoldSet,
    event_subtopic,
)

NEWS_FIELDS = (
    "measure", "unit", "value", "interval", "hedge", "modality", "scope", "actor", "target", "place", "source",
)  # fmt: skip
_PARTICIPANT = re.compile(r"^(HUMAN_PART|NON_HUMAN_PART)")
_STOP = frozenset(
    {"the", "a", "an", "of", "to", "by", "for", "in", "on", "at", "and", "said", "says", "say", "told", "according",
     "sources", "source"}
)  # fmt: skip
ROLE_NOTE = {
    "fit": "fit: texts the prompts and rules were written from or tuned on (the five seeds; the 62 documents "
    "of the ECB+ dev split)",
    "result": "result: held-out texts no prompt, example or rule was written from or tuned on (the ECB+ heldout split)",
    "oracle": "oracle: the gold claims themselves, stored and reconciled without a model (grouping and typing only)",
}


class DocSource(Protocol):
    """Where documents come from: ``EcbPlusCorpus``, or any object with the same ``doc`` (tests)."""

    def doc(self, doc_id: str) -> EcbDoc: ...


# --------------------------------------------------------------------------------------------------
# Keys and fields


def news_key(pred: PredictedClaim, gold: NewsGoldClaim) -> bool:
    """A news claim counts as extracted when its number matches and its measure is the gold measure."""
    return pred.measure == gold.measure


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in _STOP}


def same_party(pred: str | None, gold: str | None) -> bool:
    """Codes after normalisation (``IND``, ``in`` -> ``IND``), or group keys sharing a word
    (``pirates`` / ``somali_pirates``); both absent agrees."""
    if gold is None or pred is None:
        return gold is None and pred is None
    if normalize_code(pred) == normalize_code(gold):
        return True
    return bool(_words(pred.replace("_", " ")) & _words(gold.replace("_", " ")))


def same_place(pred: str | None, gold: str | None) -> bool:
    """Places agree on their country (``IDN-AC`` ~ ``IDN``) or, for non-country keys, on a word."""
    if gold is None or pred is None:
        return gold is None and pred is None
    iso = re.compile(r"^[A-Z]{3}(?:-|$)")
    if iso.match(gold) and iso.match(pred.upper()):
        return pred.upper()[:3] == gold[:3]
    return same_party(pred, gold)


def _acronym(text: str) -> str:
    """The initials of a name's capitalised words: "the U.S. Geological Survey" -> "USGS"."""
    letters = []
    for word in re.findall(r"[A-Za-z][\w.'’-]*", text):
        if word[0].isupper() and word.casefold() not in _STOP:  # "The U.S. Geological Survey": no T
            bare = word.replace(".", "")
            letters.append(bare if bare.isupper() and len(bare) <= 4 else word[0])  # "U.S.", "US": both letters
    return "".join(letters)


def same_source(pred: str | None, gold: str | None) -> bool:
    """Sources agree when they share a content word ("USGS" / "the US Geological Survey (USGS)"), or when one
    is the other's acronym ("USGS" / "the U.S. Geological Survey"): the text's own words are stored, and an
    agency is written out in one article and abbreviated in another."""
    if gold is None or pred is None:
        return gold is None and pred is None
    if _words(pred) & _words(gold):
        return True

    def short(text: str) -> set[str]:
        return set(re.findall(r"\b[A-Z]{3,}\b", text))

    return _acronym(pred) in short(gold) or _acronym(gold) in short(pred)


def news_field_values(pred: PredictedClaim, gold: NewsGoldClaim) -> dict[str, tuple[bool, str, str]]:
    """Per field: (correct, gold as text, predicted as text)."""

    def same(a: str | None, b: str) -> bool:
        return a is not None and a.strip().lower() == b.lower()

    return {
        "measure": (pred.measure == gold.measure, gold.measure, _fmt(pred.measure)),
        "unit": (same(pred.unit, gold.unit), gold.unit, _fmt(pred.unit)),
        "value": (_same_number(pred.value, gold.value), _fmt(gold.value), _fmt(pred.value)),
        "interval": (
            _same_number(pred.low, gold.low) and _same_number(pred.high, gold.high),
            _fmt([gold.low, gold.high]),
            _fmt([pred.low, pred.high]),
        ),
        "hedge": (same(pred.hedge, gold.hedge), gold.hedge, _fmt(pred.hedge)),
        "modality": (same(pred.modality, gold.modality), gold.modality, _fmt(pred.modality)),
        "scope": (same(pred.scope, gold.scope), gold.scope, _fmt(pred.scope)),
        "actor": (same_party(pred.actor, gold.actor), _fmt(gold.actor), _fmt(pred.actor)),
        "target": (same_party(pred.target, gold.target), _fmt(gold.target), _fmt(pred.target)),
        "place": (same_place(pred.place, gold.place), _fmt(gold.place), _fmt(pred.place)),
        "source": (
            same_source(pred.source_text or pred.source, gold.source),
            _fmt(gold.source),
            _fmt(pred.source_text or pred.source),
        ),
    }


# --------------------------------------------------------------------------------------------------
# ECB+ chains


def chain_of(doc: EcbDoc, start: int, end: int) -> str | None:
    """The ECB+ cross-document chain a number at ``[start, end)`` of ``doc.text`` belongs to (module
    docstring): the smallest overlapping participant mention's chain, else the chain of the nearest
    event mention in the same sentence, else None."""
    cross = [m for m in doc.mentions if m.cross_doc and m.chain_id]
    parts = [m for m in cross if _PARTICIPANT.match(m.tag) and m.start < end and start < m.end]
    if parts:
        return min(parts, key=lambda m: (m.end - m.start, m.start)).chain_id
    sentence = doc.sentence_of(start)
    actions = [m for m in cross if m.tag.startswith("ACTION_") and m.sentence == sentence]
    if not actions:
        return None

    def distance(m: Mention) -> int:
        return max(0, m.start - end, start - m.end)

    return min(actions, key=lambda m: (distance(m), m.start)).chain_id


def chain_scores(
    predicted: Sequence[PredictedClaim], predicted_events: Mapping[str, str], docs: Mapping[str, EcbDoc]
) -> tuple[GroupingScores, int]:
    """B³ and pairwise of predicted events vs ECB+ chains over the predictions that map to a chain;
    also returns how many mapped."""
    pred_assign: dict[str, Hashable] = {}
    gold_assign: dict[str, Hashable] = {}
    for p in predicted:
        doc = docs.get(Path(p.article).stem)
        if doc is None or not (0 <= p.start < p.end <= len(doc.text)):
            continue
        chain = chain_of(doc, p.start, p.end)
        if chain is None:
            continue
        event = predicted_events.get(p.claim_id)
        pred_assign[p.claim_id] = ("event", event) if event is not None else ("singleton", p.claim_id)
        gold_assign[p.claim_id] = chain
    scores = GroupingScores(
        b_cubed=b_cubed(pred_assign, gold_assign),
        pairwise=pairwise(pred_assign, gold_assign),
        items=len(gold_assign),
        predicted_clusters=len(set(pred_assign.values())),
        gold_clusters=len(set(gold_assign.values())),
    )
    return scores, len(gold_assign)


# --------------------------------------------------------------------------------------------------
# Purity


class Purity(BaseModel):
    """Predicted events holding key-matched claims of both look-alike stories of a topic (must be 0)."""

    events_checked: int
    mixed: int
    examples: list[str] = Field(default_factory=list)  # "event_id: gold ids" of mixed events


def purity(key_pairs: Sequence[tuple[PredictedClaim, NewsGoldClaim]], predicted_events: Mapping[str, str]) -> Purity:
    stories: dict[str, set[str]] = defaultdict(set)
    members: dict[str, list[str]] = defaultdict(list)
    for p, g in key_pairs:
        event = predicted_events.get(p.claim_id)
        if event is None:
            continue
        members[event].append(g.gold_id)
        story = event_subtopic(g.event)
        if story is not None:
            stories[event].add(story)
    mixed = sorted(e for e, s in stories.items() if len(s) > 1)
    return Purity(
        events_checked=len(members),
        mixed=len(mixed),
        examples=[f"{e}: {', '.join(sorted(members[e]))}" for e in mixed[:10]],
    )


# --------------------------------------------------------------------------------------------------
# Scorecard


class TopicScores(BaseModel):
    topic: int | None  # None: all topics together
    documents: int
    gold_claims: int
    predicted_claims: int
    extraction: ExtractionScores
    events: GroupingScores  # against our event labels
    chains: GroupingScores  # against ECB+'s cross-document chains
    purity: Purity
    conflicts: ConflictScores


class NewsScorecard(BaseModel):
    """A run scored on one split of the ECB+ gold, per topic and overall; ``role`` says whether its figures
    are a fit (``dev``), a result (``heldout``) or the oracle's."""

    set: str = SPLITS[DEFAULT_SPLIT].eval_set  # a card written before these fields were: the dev split
    split: str = DEFAULT_SPLIT
    role: str = SPLITS[DEFAULT_SPLIT].role
    unscored_predictions: int
    topics: list[TopicScores]
    overall: TopicScores

    def metrics(self) -> dict[str, float]:
        """Headline figures, flat (for ``metrics.compare``-style deltas and the CLI table)."""
        out: dict[str, float] = {}
        for scope in [self.overall, *self.topics]:
            prefix = "all" if scope.topic is None else f"t{scope.topic}"
            for name, prf in (
                ("claims", scope.extraction.claims),
                ("events.b_cubed", scope.events.b_cubed),
                ("chains.b_cubed", scope.chains.b_cubed),
                ("conflicts.pairs", scope.conflicts.pairs),
            ):
                out[f"{prefix}.{name}.f1"] = prf.f1
            if scope.conflicts.events is not None:
                out[f"{prefix}.conflicts.events.f1"] = scope.conflicts.events.f1
            out[f"{prefix}.purity.mixed"] = float(scope.purity.mixed)
        return out

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str) -> NewsScorecard:
        return cls.model_validate_json(data)

    def to_markdown(self) -> str:
        return _markdown(self)


def _strip_quotes(scores: ExtractionScores, conflicts: ConflictScores) -> tuple[ExtractionScores, ConflictScores]:
    """No ECB+ sentence goes into a scorecard: quotes are emptied (the gold id names the claim)."""
    ex = scores.model_copy(
        update={
            "missed": [m.model_copy(update={"quote": ""}) for m in scores.missed],
            "spurious": [s.model_copy(update={"quote": ""}) for s in scores.spurious],
            "field_errors": [e.model_copy(update={"quote": ""}) for e in scores.field_errors],
        }
    )
    co = conflicts.model_copy(
        update={
            name: [i.model_copy(update={"quote_a": "", "quote_b": ""}) for i in getattr(conflicts, name)]
            for name in ("false_positives", "misses", "kind_errors")
        }
    )
    return ex, co


def _score_scope(
    topic: int | None,
    gold: NewsGoldSet,
    articles: set[str],
    preds: Sequence[PredictedClaim],
    predicted_events: Mapping[str, str],
    predicted_conflicts: Sequence[tuple[str, str, str]],
    docs: Mapping[str, EcbDoc],
    predicted_relations: Sequence[tuple[str, str, str]] = (),
) -> TopicScores:
    scored_gold = [g for g in gold.claims if g.article in articles]
    scoped = [p for p in preds if p.article in articles]
    key_pairs = match_claims(scored_gold, scoped, require_key=True, key=news_key)
    extraction = extraction_scores(
        scored_gold, scoped, key_pairs, fields=news_field_values, field_names=NEWS_FIELDS, key=news_key
    )
    ids = {p.claim_id for p in scoped}
    conflicts = conflict_scores(
        gold.conflicts,
        scored_gold,
        scoped,
        key_pairs,
        [c for c in predicted_conflicts if c[0] in ids and c[1] in ids],
        positive_kinds=frozenset(POSITIVE_KINDS),
        predicted_events=predicted_events,
        predicted_relations=[r for r in predicted_relations if r[0] in ids and r[1] in ids],
    )
    extraction, conflicts = _strip_quotes(extraction, conflicts)
    chains, _ = chain_scores(scoped, predicted_events, docs)
    return TopicScores(
        topic=topic,
        documents=len(articles),
        gold_claims=len(scored_gold),
        predicted_claims=len(scoped),
        extraction=extraction,
        events=grouping_scores(key_pairs, predicted_events),
        chains=chains,
        purity=purity(key_pairs, predicted_events),
        conflicts=conflicts,
    )


def score_news(
    gold: NewsGoldSet,
    predicted_claims: Iterable[Mapping[str, Any]],
    predicted_events: Mapping[str, str] | None = None,
    predicted_conflicts: Iterable[tuple[str, str, str]] = (),
    *,
    corpus: DocSource | None = None,
    predicted_relations: Iterable[tuple[str, str, str]] = (),
) -> NewsScorecard:
    """Score one run (claims-table rows with ``article`` = ``<doc_id>.txt``) per topic and overall.
    Only the gold's annotated documents are scored; other predictions are counted as unscored.
    ``corpus`` gives the documents (default: the ECB+ corpus at its usual place)."""
    corpus = corpus or EcbPlusCorpus()
    events = dict(predicted_events or {})
    flags = list(predicted_conflicts)
    relations = list(predicted_relations)
    all_preds = [PredictedClaim.from_row(row) for row in predicted_claims]
    articles = set(gold.articles)
    docs = {Path(a).stem: corpus.doc(Path(a).stem) for a in articles}
    preds = [p for p in all_preds if p.article in articles]
    by_topic: dict[int, set[str]] = defaultdict(set)
    for name, doc in docs.items():
        by_topic[doc.topic].add(f"{name}.txt")
    split = SPLITS[gold.split]
    return NewsScorecard(
        set=split.eval_set,
        split=split.name,
        role=split.role,
        unscored_predictions=len(all_preds) - len(preds),
        topics=[_score_scope(t, gold, by_topic[t], preds, events, flags, docs, relations) for t in sorted(by_topic)],
        overall=_score_scope(None, gold, articles, preds, events, flags, docs, relations),
    )


# --------------------------------------------------------------------------------------------------
# Markdown


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _prf(prf: PRF) -> str:
    return f"{_pct(prf.precision)} / {_pct(prf.recall)} / **{_pct(prf.f1)}**"


def _markdown(card: NewsScorecard) -> str:
    split = SPLITS[card.split]
    lines = [
        f"# ECB+ scorecard — {card.split} split",
        "",
        f"Set `{card.set}`, split `{card.split}` (the {split.role} split), role "
        f"**{card.role}** — {ROLE_NOTE.get(card.role, card.role)}.",
        f"Gold: `{split.folder}` (rules: eval/GUIDELINES.md part II); corpus: ECB+ (Cybulska & Vossen, LREC 2014,",
        "CC BY 3.0). ECB+ sentences are not reproduced here: claims are named by gold id, document and number.",
        "",
        "| topic | docs | gold / pred | claims P / R / F1 | events B³ P / R / F1 | ECB+ chains B³ F1 | mixed events | "
        "conflicts P / R (typed F1) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in [*card.topics, card.overall]:
        name = "all" if s.topic is None else str(s.topic)
        # "-" where there is nothing to score (no matched claim, no flag and no gold pair), not a free 100%
        events = _prf(s.events.b_cubed) if s.events.items else "-"
        chains = f"{_pct(s.chains.b_cubed.f1)} ({s.chains.items} mapped)" if s.chains.items else "-"
        pairs = s.conflicts.pairs
        flags = (
            f"{_pct(pairs.precision)} / {_pct(pairs.recall)} ({_pct(s.conflicts.typed.f1)})"
            if pairs.n_pred or pairs.n_gold
            else "-"
        )
        lines.append(
            f"| {name} | {s.documents} | {s.gold_claims} / {s.predicted_claims} | {_prf(s.extraction.claims)} | "
            f"{events} | {chains} | {s.purity.mixed} of {s.purity.events_checked} | {flags} |"
        )
    ov = card.overall
    lines += [
        "",
        f"Unscored predictions (documents without gold): {card.unscored_predictions}.",
        "",
        f"## Grounding and fields (all topics, {ov.extraction.span_matched} span-matched claims)",
        "",
        "| measure | accuracy | correct / total |",
        "|---|---|---|",
    ]
    acc: dict[str, Accuracy] = {**ov.extraction.grounding, **ov.extraction.fields}
    lines += [f"| {name} | {_pct(a.accuracy)} | {a.correct} / {a.total} |" for name, a in acc.items()]
    if split.tuned_on and any(s.purity.mixed for s in card.topics):
        lines += ["", "## Events mixing the two look-alike stories of a topic", ""]
        lines += [f"- {ex}" for s in card.topics for ex in s.purity.examples]
    co = ov.conflicts
    lines += [
        "",
        "## Conflict flags (all topics)",
        "",
        f"Pairs: {_prf(co.pairs)} (tp / flagged / gold {_fmt(co.pairs.tp)} / {co.pairs.n_pred} / {co.pairs.n_gold}); "
        f"with the right kind: {_prf(co.typed)}. Flags on pairs gold marks `none`: {co.trap_violations}.",
    ]
    if co.events is not None:
        lines += [
            "",
            f"Events (as a reader sees them): {_prf(co.events)} (gold events holding a disagreement "
            f"{co.events.n_gold}, flagged with a right kind {_fmt(co.events.tp)}; flagged events {co.events.n_pred}).",
        ]
    rel = co.relations
    lines += [
        "",
        f"Explained differences (never flags, scored apart): {rel.predicted} pairs, {rel.on_none} on pairs gold "
        f"marks `none`, {rel.on_disagreement} on pairs gold says disagree.",
    ]
    if not split.tuned_on:
        lines += ["", "Held-out split: per-claim misses and errors are in the JSON only (module docstring)."]
        return "\n".join(lines) + "\n"
    for title, items in (("Missed", co.misses), ("False", co.false_positives), ("Wrong kind", co.kind_errors)):
        if items:
            lines.append(f"- {title}: " + "; ".join(f"{i.a}/{i.b} ({i.predicted_kind or '-'} vs {i.gold_kind or '-'})"
                                                     for i in items[:40]))  # fmt: skip
    ex = ov.extraction
    if ex.missed:
        lines += ["", f"## Missed gold claims ({len(ex.missed)})", ""]
        lines.append(", ".join(f"{m.id} `{m.number_text}`" for m in ex.missed))
    if ex.spurious:
        lines += ["", f"## Predictions matching no gold claim ({len(ex.spurious)})", ""]
        lines.append(", ".join(f"{Path(s.article).stem} `{s.number_text}`" for s in ex.spurious))
    if ex.field_errors:
        by_field: dict[str, list[str]] = defaultdict(list)
        for e in ex.field_errors:
            by_field[e.field].append(f"{e.gold_id}: {e.gold} → {e.predicted}")
        lines += ["", "## Field errors", ""]
        lines += [f"- **{f}** ({len(v)}): " + "; ".join(v[:25]) for f, v in sorted(by_field.items())]
    return "\n".join(lines) + "\n"
