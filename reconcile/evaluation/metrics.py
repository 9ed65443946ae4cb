"""Scores of a run against the gold standard: extraction, grouping and conflict flags.

Everything here is a pure function of its inputs (no database, no model), so the CLI can feed it rows
from the store and tests can feed it hand-made cases.

Inputs
------
* predicted claims: dicts with the claims-table columns (``claim_id, article_id, number_text, start,
  end, value, low, high, hedge, actor, measure, target, unit, scope, modality, event_date,
  sentence_start, sentence_end, quote``; optionally ``date_low``/``date_high``/``actor_members``/
  ``target_members``) plus ``article``, the source file name (a path is reduced to its name), which
  ties a prediction to the gold file of the same seed;
* predicted events: ``{claim_id: event_id}``; a claim without an entry is its own singleton event;
* predicted conflicts: ``(claim_id_a, claim_id_b, kind)``; kind ``none`` (or empty) is not a flag.

Only articles that have a gold file are scored (or the subset passed as ``articles``); predictions
for other articles are counted as ``unscored_predictions`` and otherwise ignored.

Extraction matching rule
------------------------
Within one article, a predicted claim is a *span candidate* for a gold claim when its number span
overlaps the gold number span by at least one character, or, failing that, when it has the same value
(for vague quantities: the same number words) and its span lies inside the gold claim's sentence.
Candidates are paired one-to-one, greedily, largest character overlap first (ties: closer start, then
text order). Two matchings are made this way:

* the **span matching** uses span candidates only. Grounding (span exact / span overlap / sentence
  exact) and per-field accuracy are computed on it, so a claim attached to the right number but with a
  wrong actor or target still shows up as a field error instead of disappearing as a miss;
* the **key matching** additionally requires actor, measure and target to agree: codes are
  compared after normalisation (upper case; ``EU`` -> ``EUU``; alpha-2 -> alpha-3), measures as
  codes (persona non grata is the measure ``expelled`` too), and a gold group code ``MULTI``/``WORLD`` (the pipeline
  stores no single code for a multi-country aggregate) accepts the same code or a null code, with the
  member lists compared as sets when the prediction supplies them. Precision, recall and F1 count this
  matching; grouping and conflict scores use its predicted -> gold map.

A ratio with an empty denominator is 1.0 when both sides are empty (nothing to find, nothing found)
and 0.0 otherwise, so neither an empty prediction nor predictions on an empty gold set score for free.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import typing
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pycountry
from pydantic import BaseModel, Field

from reconcile.core.claims import Claim
from reconcile.evaluation.gold import POSITIVE_KINDS, ConflictKind, GoldClaim, GoldSet

T = TypeVar("T", bound=Hashable)


class ScoredGold(Protocol):
    """What matching, grouping and conflict scoring read from a gold claim: the seeds' ``GoldClaim`` and
    the news gold's ``NewsGoldClaim`` both qualify, so both sets share one matching rule and one scorer."""

    @property
    def gold_id(self) -> str: ...
    @property
    def article(self) -> str: ...
    @property
    def number_text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def sentence_start(self) -> int: ...
    @property
    def sentence_end(self) -> int: ...
    @property
    def value(self) -> float | None: ...
    @property
    def event(self) -> str: ...
    @property
    def quote(self) -> str: ...


class ExpectedConflict(Protocol):
    """A gold conflict pair (``GoldConflict`` or ``NewsGoldConflict``)."""

    @property
    def a(self) -> str: ...
    @property
    def b(self) -> str: ...
    @property
    def kind(self) -> StrEnum: ...
    @property
    def why(self) -> str: ...
    @property
    def pair(self) -> frozenset[str]: ...


G = TypeVar("G", bound=ScoredGold)

_EPS = 1e-6
_CODE_ALIASES = {"EU": "EUU", "E.U.": "EUU", "BALTICS": "BALTIC", "THE WEST": "WEST"}
_NULL_OK_CODES = frozenset({"MULTI", "WORLD"})
FIELDS = ("actor", "target", "measure", "unit", "value", "interval", "date", "scope", "hedge", "modality")


# --------------------------------------------------------------------------------------------------
# Inputs


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _as_float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _as_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _as_members(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [v for v in value.replace(";", ",").split(",") if v.strip()]
    return frozenset(c for c in (normalize_code(str(v)) for v in value) if c is not None)


@dataclass(frozen=True, slots=True)
class PredictedClaim:
    """A predicted claim as the scorer sees it; build with ``from_row`` from a claims-table row."""

    claim_id: str
    article: str
    number_text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    hedge: str | None
    actor: str | None
    measure: str | None
    target: str | None
    unit: str | None
    scope: str | None
    modality: str | None
    event_date: dt.date | None
    date_low: dt.date | None
    date_high: dt.date | None
    sentence_start: int | None
    sentence_end: int | None
    quote: str
    actor_members: frozenset[str] | None = None
    target_members: frozenset[str] | None = None
    place: str | None = None
    place_text: str | None = None
    source: str | None = None
    source_text: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> PredictedClaim:
        """Tolerant conversion: dates may be strings or dates, missing optional columns are None. Each field is
        read as its ``Claim`` field's type says (``_READERS``); ``article`` ties the row to its gold file."""
        article = row.get("article") or row.get("article_id") or ""  # "source" is the claim's source now
        if "event_date" not in row:
            row = {**row, "event_date": row.get("date")}
        missing = [name for name in _REQUIRED if row.get(name) is None]
        if missing:
            raise KeyError(f"a predicted claim needs {', '.join(missing)}")
        values = {name: read(row.get(name)) for name, read in _READERS.items()}
        return cls(article=Path(str(article)).name, **values)


def normalize_code(code: Any) -> str | None:
    """Comparable party code: upper case, a few aliases, ISO alpha-2 turned into alpha-3; blank -> None."""
    if code is None:
        return None
    text = str(code).strip().upper()
    if not text or text in {"NONE", "NULL", "UNKNOWN"}:
        return None
    text = _CODE_ALIASES.get(text, text)
    if len(text) == 2 and text.isalpha():
        country = pycountry.countries.get(alpha_2=text)
        if country is not None:
            return str(country.alpha_3)
    return text


def _as_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _as_text(value: Any) -> str:
    return str(value or "")


def _claim_reader(annotation: Any) -> Callable[[Any], Any]:
    """How a claims-table value of a ``Claim`` field of this type is read: by the type the one definition gives."""
    base = {a for a in typing.get_args(annotation) if a is not type(None)} or {annotation}
    readers: dict[Any, Callable[[Any], Any]] = {float: _as_float, int: _as_int, dt.date: _as_date}
    (kind,) = base
    return readers.get(kind, _as_str)


# Fields read otherwise than by their Claim type: party codes are compared normalised, members as sets, and
# the texts a matching reads are never None.
_READ_OTHERWISE: dict[str, Callable[[Any], Any]] = {
    "actor": normalize_code, "target": normalize_code, "actor_members": _as_members, "target_members": _as_members,
    "number_text": _as_text, "quote": _as_text,
}  # fmt: skip
_READERS: dict[str, Callable[[Any], Any]] = {
    f.name: _READ_OTHERWISE.get(f.name) or _claim_reader(Claim.model_fields[f.name].annotation)
    for f in fields(PredictedClaim)
    if f.name != "article"  # not a claim field: the source file, which ties a prediction to its gold
}  # a PredictedClaim field that is no Claim field fails here (KeyError), at import
_REQUIRED = ("claim_id", "start", "end")


def codes_agree(
    pred: str | None, pred_members: frozenset[str] | None, gold: str, gold_members: Sequence[str] | None
) -> bool:
    """Party agreement after normalisation; see the module docstring for group codes."""
    if gold in _NULL_OK_CODES:
        if pred not in (gold, None):
            return False
        return pred_members is None or gold_members is None or pred_members == frozenset(gold_members)
    return pred == gold


def key_agrees(pred: PredictedClaim, gold: GoldClaim) -> bool:
    """Actor, measure and target agree: the condition for a claim to count as extracted."""
    return (
        codes_agree(pred.actor, pred.actor_members, gold.actor, gold.actor_members)
        and codes_agree(pred.target, pred.target_members, gold.target, gold.target_members)
        and pred.measure == gold.measure
    )


# --------------------------------------------------------------------------------------------------
# Matching


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def span_candidate(pred: PredictedClaim, gold: ScoredGold) -> int | None:
    """Character overlap of the number spans (0 for a same-value-in-sentence candidate), None if no candidate."""
    overlap = _overlap(pred.start, pred.end, gold.start, gold.end)
    if overlap > 0:
        return overlap
    if not (gold.sentence_start <= pred.start and pred.end <= gold.sentence_end):
        return None
    if pred.value is not None and gold.value is not None and abs(pred.value - gold.value) < _EPS:
        return 0
    if pred.value is None and gold.value is None and pred.number_text.lower() == gold.number_text.lower():
        return 0
    return None


def match_claims(
    gold: Sequence[G],
    predicted: Sequence[PredictedClaim],
    *,
    require_key: bool,
    key: Callable[[PredictedClaim, G], bool] | None = None,
) -> list[tuple[PredictedClaim, G]]:
    """One-to-one greedy matching within articles (module docstring); pairs in gold text order.

    ``key`` is the agreement a key match requires (default ``key_agrees``: actor, measure, target)."""
    agrees: Callable[[PredictedClaim, Any], bool] = key or key_agrees
    candidates: list[tuple[int, int, int, str, PredictedClaim, G]] = []
    gold_by_article: dict[str, list[G]] = defaultdict(list)
    for g in gold:
        gold_by_article[g.article].append(g)
    for p in predicted:
        for g in gold_by_article.get(p.article, ()):
            overlap = span_candidate(p, g)
            if overlap is None or (require_key and not agrees(p, g)):
                continue
            candidates.append((-overlap, abs(p.start - g.start), g.start, p.claim_id, p, g))
    candidates.sort(key=lambda c: (c[0], c[1], c[5].article, c[2], c[3]))
    used_pred: set[str] = set()
    used_gold: set[str] = set()
    pairs: list[tuple[PredictedClaim, G]] = []
    for *_, p, g in candidates:
        if p.claim_id in used_pred or g.gold_id in used_gold:
            continue
        used_pred.add(p.claim_id)
        used_gold.add(g.gold_id)
        pairs.append((p, g))
    pairs.sort(key=lambda pg: (pg[1].article, pg[1].start, pg[1].gold_id))
    return pairs


# --------------------------------------------------------------------------------------------------
# Score models


def ratio(num: float, den: float, *, other_empty: bool) -> float:
    """``num/den``; for ``den == 0`` 1.0 if the other side is empty too, else 0.0 (module docstring)."""
    if den == 0:
        return 1.0 if other_empty else 0.0
    return num / den


def f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


class PRF(BaseModel):
    """Precision/recall/F1 with the counts behind them, so a reader can judge small-sample noise."""

    precision: float
    recall: float
    f1: float
    tp: float = 0
    n_pred: int = 0
    n_gold: int = 0

    @classmethod
    def from_counts(cls, tp: int, n_pred: int, n_gold: int) -> PRF:
        p = ratio(tp, n_pred, other_empty=n_gold == 0)
        r = ratio(tp, n_gold, other_empty=n_pred == 0)
        return cls(precision=p, recall=r, f1=f1(p, r), tp=tp, n_pred=n_pred, n_gold=n_gold)


class Accuracy(BaseModel):
    correct: int
    total: int
    accuracy: float

    @classmethod
    def of(cls, correct: int, total: int) -> Accuracy:
        return cls(correct=correct, total=total, accuracy=ratio(correct, total, other_empty=True))


class ClaimRef(BaseModel):
    """A claim named for a human: id, article, number and its sentence."""

    id: str
    article: str
    number_text: str
    quote: str


class FieldError(BaseModel):
    gold_id: str
    claim_id: str
    field: str
    gold: str
    predicted: str
    quote: str


class ConflictItem(BaseModel):
    """A flag to read: which claims, what was predicted, what gold says, and both sentences."""

    a: str
    b: str
    predicted_kind: str | None
    gold_kind: str | None
    quote_a: str
    quote_b: str
    why: str


class ExtractionScores(BaseModel):
    claims: PRF
    span_matched: int
    grounding: dict[str, Accuracy]
    fields: dict[str, Accuracy]
    missed: list[ClaimRef] = Field(default_factory=list)
    spurious: list[ClaimRef] = Field(default_factory=list)
    field_errors: list[FieldError] = Field(default_factory=list)


class GroupingScores(BaseModel):
    b_cubed: PRF
    pairwise: PRF
    items: int
    predicted_clusters: int
    gold_clusters: int


class RelationScores(BaseModel):
    """Explained differences (``event_relations``), scored on their own and never as flags: how many land on
    pairs gold says must not be flagged (``none``: rightly explained), how many on pairs gold says disagree
    (a disagreement explained away), how many elsewhere; and, where the gold lists expected explanations by
    kind (the seeds' cumulative / unit_or_scope), precision and recall against those."""

    predicted: int = 0
    on_none: int = 0
    on_disagreement: int = 0
    expected: PRF | None = None


class ConflictScores(BaseModel):
    pairs: PRF  # a flag on a gold positive pair counts, whatever its kind
    typed: PRF  # ... only with the gold kind
    # event level, as a reader sees it: recall = gold events holding a disagreement that the system flags
    # with a right kind (a kind gold gives one of the event's pairs); precision = flagged predicted events
    # that hold a gold disagreement (both claims of a gold positive pair). None: not computed (no events given).
    events: PRF | None = None
    relations: RelationScores = Field(default_factory=RelationScores)
    false_positives: list[ConflictItem] = Field(default_factory=list)
    misses: list[ConflictItem] = Field(default_factory=list)
    kind_errors: list[ConflictItem] = Field(default_factory=list)
    trap_violations: int = 0  # false positives on pairs gold marks "none"
    unscored: int = 0  # flags naming claims outside the scored predictions


class MetricDelta(BaseModel):
    name: str
    current: float | None
    baseline: float | None
    delta: float | None

    @property
    def worse(self) -> bool:
        """Every metric here is higher-is-better."""
        return self.delta is not None and self.delta < -1e-9


class Scorecard(BaseModel):
    """All scores of one run; ``metrics()`` flattens the headline numbers for ``compare``.

    ``role`` "fit": the seeds are the texts the prompts and rules were written from (see
    ``reconcile.evaluation.suite``); held-out figures are in the ECB+ scorecard."""

    set: str = "seeds"
    role: str = "fit"
    articles: list[str]
    gold_claims: int
    predicted_claims: int
    unscored_predictions: int
    extraction: ExtractionScores
    grouping: GroupingScores
    conflicts: ConflictScores

    def metrics(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name, prf in (
            ("claims", self.extraction.claims),
            ("grouping.b_cubed", self.grouping.b_cubed),
            ("grouping.pairwise", self.grouping.pairwise),
            ("conflicts.pairs", self.conflicts.pairs),
            ("conflicts.typed", self.conflicts.typed),
        ):
            out[f"{name}.precision"] = prf.precision
            out[f"{name}.recall"] = prf.recall
            out[f"{name}.f1"] = prf.f1
        for name, acc in self.extraction.grounding.items():
            out[f"grounding.{name}"] = acc.accuracy
        for name, acc in self.extraction.fields.items():
            out[f"fields.{name}"] = acc.accuracy
        return out

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str) -> Scorecard:
        return cls.model_validate_json(data)

    def to_markdown(self) -> str:
        return _markdown(self)


# --------------------------------------------------------------------------------------------------
# Extraction


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    return "null" if value is None else str(value)


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= _EPS * max(1.0, abs(a), abs(b))


def date_correct(pred: PredictedClaim, gold: GoldClaim) -> bool:
    """Day given in gold: the same day. Window in gold: a predicted day inside it, or a predicted window
    inside it. Nothing in gold (unknowable): the prediction must not invent a day or window either."""
    if gold.date is not None:
        return pred.event_date == gold.date
    if gold.date_low is not None and gold.date_high is not None:
        if pred.event_date is not None:
            return gold.date_low <= pred.event_date <= gold.date_high
        if pred.date_low is not None and pred.date_high is not None:
            return gold.date_low <= pred.date_low and pred.date_high <= gold.date_high
        return False
    return pred.event_date is None and pred.date_low is None and pred.date_high is None


def field_values(pred: PredictedClaim, gold: GoldClaim) -> dict[str, tuple[bool, str, str]]:
    """Per field: (correct, gold as text, predicted as text)."""
    gold_interval = (gold.low, gold.high)
    pred_interval = (pred.low, pred.high)
    pred_date = _fmt(pred.event_date) if pred.event_date or not pred.date_low else f"{pred.date_low}..{pred.date_high}"
    gold_date = _fmt(gold.date) if gold.date or not gold.date_low else f"{gold.date_low}..{gold.date_high}"
    gold_actor = gold.actor + (f"{sorted(gold.actor_members)}" if gold.actor_members else "")
    gold_target = gold.target + (f"{sorted(gold.target_members)}" if gold.target_members else "")

    def same(a: str | None, b: str) -> bool:
        return a is not None and a.strip().lower() == b.lower()

    return {
        "actor": (
            codes_agree(pred.actor, pred.actor_members, gold.actor, gold.actor_members),
            gold_actor,
            _fmt(pred.actor),
        ),
        "target": (
            codes_agree(pred.target, pred.target_members, gold.target, gold.target_members),
            gold_target,
            _fmt(pred.target),
        ),
        "measure": (pred.measure == gold.measure, gold.measure, _fmt(pred.measure)),
        "unit": (same(pred.unit, gold.unit), gold.unit, _fmt(pred.unit)),
        "value": (_same_number(pred.value, gold.value), _fmt(gold.value), _fmt(pred.value)),
        "interval": (
            _same_number(pred.low, gold.low) and _same_number(pred.high, gold.high),
            _fmt(list(gold_interval)),
            _fmt(list(pred_interval)),
        ),
        "date": (date_correct(pred, gold), gold_date, pred_date),
        "scope": (same(pred.scope, gold.scope.value), gold.scope.value, _fmt(pred.scope)),
        "hedge": (same(pred.hedge, gold.hedge.value), gold.hedge.value, _fmt(pred.hedge)),
        "modality": (same(pred.modality, gold.modality.value), gold.modality.value, _fmt(pred.modality)),
    }


def extraction_scores(
    gold: Sequence[G],
    predicted: Sequence[PredictedClaim],
    key_pairs: Sequence[tuple[PredictedClaim, G]] | None = None,
    *,
    fields: Callable[[PredictedClaim, G], dict[str, tuple[bool, str, str]]] | None = None,
    field_names: Sequence[str] = FIELDS,
    key: Callable[[PredictedClaim, G], bool] | None = None,
) -> ExtractionScores:
    """P/R/F1 on the key matching; grounding and field accuracy on the span matching (module docstring).

    ``fields`` gives per-field (correct, gold, predicted) for a span-matched pair, for the fields named
    in ``field_names`` (default: the seeds' ``field_values`` and ``FIELDS``); ``key`` is the key-match
    agreement (default ``key_agrees``)."""
    field_fn: Callable[[PredictedClaim, Any], dict[str, tuple[bool, str, str]]] = fields or field_values
    span_pairs = match_claims(gold, predicted, require_key=False)
    if key_pairs is None:
        key_pairs = match_claims(gold, predicted, require_key=True, key=key)
    n = len(span_pairs)
    grounding = {
        "span_exact": Accuracy.of(sum(p.start == g.start and p.end == g.end for p, g in span_pairs), n),
        "span_overlap": Accuracy.of(sum(_overlap(p.start, p.end, g.start, g.end) > 0 for p, g in span_pairs), n),
        "sentence_exact": Accuracy.of(
            sum(p.sentence_start == g.sentence_start and p.sentence_end == g.sentence_end for p, g in span_pairs), n
        ),
    }
    correct = dict.fromkeys(field_names, 0)
    errors: list[FieldError] = []
    for p, g in span_pairs:
        for name, (ok, gold_text, pred_text) in field_fn(p, g).items():
            if ok:
                correct[name] += 1
            else:
                errors.append(
                    FieldError(
                        gold_id=g.gold_id,
                        claim_id=p.claim_id,
                        field=name,
                        gold=gold_text,
                        predicted=pred_text,
                        quote=g.quote,
                    )
                )
    matched_gold = {g.gold_id for _, g in key_pairs}
    matched_pred = {p.claim_id for p, _ in key_pairs}
    return ExtractionScores(
        claims=PRF.from_counts(len(key_pairs), len(predicted), len(gold)),
        span_matched=n,
        grounding=grounding,
        fields={name: Accuracy.of(correct[name], n) for name in field_names},
        missed=[
            ClaimRef(id=g.gold_id, article=g.article, number_text=g.number_text, quote=g.quote)
            for g in gold
            if g.gold_id not in matched_gold
        ],
        spurious=[
            ClaimRef(id=p.claim_id, article=p.article, number_text=p.number_text, quote=p.quote)
            for p in predicted
            if p.claim_id not in matched_pred
        ],
        field_errors=errors,
    )


# --------------------------------------------------------------------------------------------------
# Grouping


def _clusters(assignment: Mapping[T, Hashable]) -> dict[Hashable, set[T]]:
    out: dict[Hashable, set[T]] = defaultdict(set)
    for item, cluster in assignment.items():
        out[cluster].add(item)
    return out


def b_cubed(predicted: Mapping[T, Hashable], gold: Mapping[T, Hashable]) -> PRF:
    """B³ (Bagga & Baldwin 1998) over the items present in both maps: per item, the share of its
    predicted cluster that is in its gold cluster (precision) and vice versa (recall), averaged."""
    items = [i for i in gold if i in predicted]
    if not items:
        return PRF.from_counts(0, 0, 0)
    pred_c = _clusters({i: predicted[i] for i in items})
    gold_c = _clusters({i: gold[i] for i in items})
    p_sum = r_sum = 0.0
    for item in items:
        mine, truth = pred_c[predicted[item]], gold_c[gold[item]]
        common = len(mine & truth)
        p_sum += common / len(mine)
        r_sum += common / len(truth)
    p, r = p_sum / len(items), r_sum / len(items)
    return PRF(precision=p, recall=r, f1=f1(p, r), tp=0, n_pred=len(pred_c), n_gold=len(gold_c))


def pairwise(predicted: Mapping[T, Hashable], gold: Mapping[T, Hashable]) -> PRF:
    """Pairwise P/R/F1 over unordered item pairs: a pair is positive when both items share a cluster."""
    items = sorted((i for i in gold if i in predicted), key=repr)
    tp = n_pred = n_gold = 0
    for a, b in itertools.combinations(items, 2):
        same_pred = predicted[a] == predicted[b]
        same_gold = gold[a] == gold[b]
        n_pred += same_pred
        n_gold += same_gold
        tp += same_pred and same_gold
    return PRF.from_counts(tp, n_pred, n_gold)


def grouping_scores(
    key_pairs: Sequence[tuple[PredictedClaim, ScoredGold]], predicted_events: Mapping[str, str]
) -> GroupingScores:
    """B³ and pairwise scores of predicted events over the key-matched claims, indexed by gold id.

    A matched prediction with no event id is a singleton (it was not grouped with anything)."""
    pred_assign: dict[str, Hashable] = {}
    gold_assign: dict[str, Hashable] = {}
    for p, g in key_pairs:
        event = predicted_events.get(p.claim_id)
        pred_assign[g.gold_id] = ("event", event) if event is not None else ("singleton", p.claim_id)
        gold_assign[g.gold_id] = g.event
    return GroupingScores(
        b_cubed=b_cubed(pred_assign, gold_assign),
        pairwise=pairwise(pred_assign, gold_assign),
        items=len(key_pairs),
        predicted_clusters=len(set(pred_assign.values())),
        gold_clusters=len(set(gold_assign.values())),
    )


# --------------------------------------------------------------------------------------------------
# Conflicts


def event_flag_scores(
    positives: Iterable[ExpectedConflict],
    scored_gold: Sequence[ScoredGold],
    key_pairs: Sequence[tuple[PredictedClaim, ScoredGold]],
    predicted_events: Mapping[str, str],
    predicted_conflicts: Iterable[tuple[str, str, str]],
) -> PRF:
    """Event-level flag score (see ``ConflictScores.events``). A flag names its event through its first
    claim (``predicted_events``); a flag on a claim with no event is an event of its own."""
    gold_event = {g.gold_id: g.event for g in scored_gold}
    to_gold = {p.claim_id: g.gold_id for p, g in key_pairs}
    kinds: dict[str, set[str]] = defaultdict(set)  # gold event -> kinds of its positive pairs
    pairs_by_event: dict[str, list[frozenset[str]]] = defaultdict(list)
    for c in positives:
        if c.a in gold_event and c.b in gold_event:
            kinds[gold_event[c.a]].add(c.kind.value)
            pairs_by_event[gold_event[c.a]].append(c.pair)
    members: dict[str, set[str]] = defaultdict(set)  # predicted event -> gold ids it holds
    for claim_id, gold_id in to_gold.items():
        members[predicted_events.get(claim_id, f"single:{claim_id}")].add(gold_id)
    flagged: set[str] = set()
    hit: set[str] = set()
    for a, b, kind in predicted_conflicts:
        kind = (kind or "").strip().lower()
        if kind in ("", ConflictKind.NONE.value):
            continue
        flagged.add(predicted_events.get(a, f"single:{a}"))
        ga, gb = to_gold.get(a), to_gold.get(b)
        if ga is None or gb is None or ga == gb:
            continue
        event = gold_event.get(ga)
        if event is not None and event == gold_event.get(gb) and kind in kinds.get(event, set()):
            hit.add(event)

    def holds_one(event: str) -> bool:
        ids = members.get(event, set())
        return any(pair <= ids for g in {gold_event[i] for i in ids} for pair in pairs_by_event.get(g, []))

    n_gold = len(kinds)
    precision = ratio(sum(holds_one(e) for e in flagged), len(flagged), other_empty=n_gold == 0)
    recall = ratio(len(hit), n_gold, other_empty=not flagged)
    return PRF(
        precision=precision, recall=recall, f1=f1(precision, recall), tp=len(hit), n_pred=len(flagged), n_gold=n_gold
    )


def relation_scores(
    expected: Mapping[frozenset[str], ExpectedConflict],
    to_gold: Mapping[str, str],
    predicted_relations: Iterable[tuple[str, str, str]],
    positive_kinds: frozenset[str],
    relation_kinds: frozenset[str],
) -> RelationScores:
    """Explained pairs against the gold's pairs (``RelationScores``), each gold pair counted once."""
    seen: set[frozenset[str]] = set()
    on_none = on_disagreement = tp = 0
    for a, b, kind in predicted_relations:
        ga, gb = to_gold.get(a), to_gold.get(b)
        pair = frozenset((ga, gb)) if ga is not None and gb is not None else frozenset((f"pred:{a}", f"pred:{b}"))
        if pair in seen or len(pair) < 2:
            continue
        seen.add(pair)
        listed = expected.get(pair)
        if listed is None:
            continue
        if listed.kind.value in relation_kinds:
            tp += listed.kind.value == kind
        elif listed.kind.value in positive_kinds:
            on_disagreement += 1
        else:
            on_none += 1
    n_expected = sum(1 for c in expected.values() if c.kind.value in relation_kinds)
    return RelationScores(
        predicted=len(seen),
        on_none=on_none,
        on_disagreement=on_disagreement,
        expected=PRF.from_counts(tp, len(seen), n_expected) if n_expected else None,
    )


def conflict_scores(
    gold: GoldSet | Sequence[ExpectedConflict],
    scored_gold: Sequence[ScoredGold],
    predicted: Sequence[PredictedClaim],
    key_pairs: Sequence[tuple[PredictedClaim, ScoredGold]],
    predicted_conflicts: Iterable[tuple[str, str, str]],
    *,
    positive_kinds: frozenset[str] = frozenset(POSITIVE_KINDS),
    predicted_events: Mapping[str, str] | None = None,
    predicted_relations: Iterable[tuple[str, str, str]] = (),
    relation_kinds: frozenset[str] = frozenset(),
) -> ConflictScores:
    """Flags vs gold positive pairs, by pair and by pair+kind; every mistake listed with both quotes.

    ``gold`` is the seeds' ``GoldSet`` or any list of expected conflicts (the news gold's); a pair whose
    kind is in ``positive_kinds`` must be flagged, any other listed pair must not. With
    ``predicted_events`` the event-level score is computed too; ``predicted_relations`` (explained pairs)
    are scored apart (``relation_scores``), against the gold pairs of ``relation_kinds`` where it has any."""
    predicted_conflicts = list(predicted_conflicts)
    conflicts = gold.conflicts if isinstance(gold, GoldSet) else gold
    gold_ids = {g.gold_id for g in scored_gold}
    by_gold = {g.gold_id: g for g in scored_gold}
    pred_by_id = {p.claim_id: p for p in predicted}
    to_gold = {p.claim_id: g.gold_id for p, g in key_pairs}
    expected = {c.pair: c for c in conflicts if c.a in gold_ids and c.b in gold_ids}
    positives = {pair: c for pair, c in expected.items() if c.kind in positive_kinds}

    false_positives: list[ConflictItem] = []
    kind_errors: list[ConflictItem] = []
    hit: set[frozenset[str]] = set()
    seen_unmapped: set[frozenset[str]] = set()
    n_flags = tp = tp_typed = traps = unscored = 0
    for a, b, kind in predicted_conflicts:
        kind = (kind or "").strip().lower()
        if kind in ("", ConflictKind.NONE.value):
            continue
        if a not in pred_by_id or b not in pred_by_id:
            unscored += 1
            continue
        ga, gb = to_gold.get(a), to_gold.get(b)
        if ga is None or gb is None:
            pair_key = frozenset((f"pred:{a}", f"pred:{b}"))
            if pair_key in seen_unmapped:
                continue
            seen_unmapped.add(pair_key)
            n_flags += 1
            pa, pb = pred_by_id[a], pred_by_id[b]
            false_positives.append(
                ConflictItem(
                    a=a,
                    b=b,
                    predicted_kind=kind,
                    gold_kind=None,
                    quote_a=pa.quote,
                    quote_b=pb.quote,
                    why="at least one claim matches no gold claim",
                )
            )
            continue
        pair = frozenset((ga, gb))
        if pair in hit or len(pair) < 2:
            continue
        hit.add(pair)
        n_flags += 1
        gold_conflict = expected.get(pair)
        item = ConflictItem(
            a=ga,
            b=gb,
            predicted_kind=kind,
            gold_kind=gold_conflict.kind.value if gold_conflict else None,
            quote_a=by_gold[ga].quote,
            quote_b=by_gold[gb].quote,
            why=gold_conflict.why if gold_conflict else "pair not flagged in gold",
        )
        if pair in positives:
            tp += 1
            if kind == positives[pair].kind.value:
                tp_typed += 1
            else:
                kind_errors.append(item)
        else:
            traps += gold_conflict is not None
            false_positives.append(item)
    misses = [
        ConflictItem(
            a=c.a,
            b=c.b,
            predicted_kind=None,
            gold_kind=c.kind.value,
            quote_a=by_gold[c.a].quote,
            quote_b=by_gold[c.b].quote,
            why=c.why,
        )
        for pair, c in positives.items()
        if pair not in hit
    ]
    return ConflictScores(
        pairs=PRF.from_counts(tp, n_flags, len(positives)),
        typed=PRF.from_counts(tp_typed, n_flags, len(positives)),
        events=None
        if predicted_events is None
        else event_flag_scores(positives.values(), scored_gold, key_pairs, predicted_events, predicted_conflicts),
        relations=relation_scores(expected, to_gold, predicted_relations, positive_kinds, relation_kinds),
        false_positives=false_positives,
        misses=misses,
        kind_errors=kind_errors,
        trap_violations=traps,
        unscored=unscored,
    )


# --------------------------------------------------------------------------------------------------
# Everything


def score(
    gold: GoldSet,
    predicted_claims: Iterable[Mapping[str, Any]],
    predicted_events: Mapping[str, str] | None = None,
    predicted_conflicts: Iterable[tuple[str, str, str]] = (),
    *,
    articles: Iterable[str] | None = None,
) -> Scorecard:
    """Score one run. ``articles`` (file names) restricts scoring to a subset of the gold articles."""
    scored_articles = sorted(set(gold.articles) if articles is None else {Path(a).name for a in articles})
    wanted = set(scored_articles)
    all_preds = [PredictedClaim.from_row(row) for row in predicted_claims]
    preds = [p for p in all_preds if p.article in wanted]
    scored_gold = [g for g in gold.claims if g.article in wanted]
    key_pairs = match_claims(scored_gold, preds, require_key=True)
    return Scorecard(
        articles=scored_articles,
        gold_claims=len(scored_gold),
        predicted_claims=len(preds),
        unscored_predictions=len(all_preds) - len(preds),
        extraction=extraction_scores(scored_gold, preds, key_pairs),
        grouping=grouping_scores(key_pairs, predicted_events or {}),
        conflicts=conflict_scores(
            gold, scored_gold, preds, key_pairs, predicted_conflicts, predicted_events=predicted_events or {}
        ),
    )


def compare(scorecard: Scorecard, baseline: Scorecard) -> list[MetricDelta]:
    """Headline metric deltas (current - baseline), in the current scorecard's order, then baseline-only ones."""
    now, then = scorecard.metrics(), baseline.metrics()
    names = list(now) + [n for n in then if n not in now]
    return [
        MetricDelta(
            name=n,
            current=now.get(n),
            baseline=then.get(n),
            delta=(now[n] - then[n]) if n in now and n in then else None,
        )
        for n in names
    ]


# --------------------------------------------------------------------------------------------------
# Markdown


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _prf_row(name: str, prf: PRF, count_label: str) -> str:
    counts = f"{_fmt(prf.tp)} / {prf.n_pred} / {prf.n_gold}" if count_label else ""
    return f"| {name} | {_pct(prf.precision)} | {_pct(prf.recall)} | {_pct(prf.f1)} | {counts} |"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(card: Scorecard) -> str:
    ex, gr, co = card.extraction, card.grouping, card.conflicts
    lines = [
        "# Evaluation scorecard",
        "",
        f"Set `{card.set}`, role **{card.role}**"
        + (
            " — the texts the prompts and rules were written from and tuned on: a fit, not a held-out result."
            if card.role == "fit"
            else "."
        ),
        "",
        f"Articles: {len(card.articles)} · gold claims: {card.gold_claims} · predicted claims: "
        f"{card.predicted_claims} · unscored predictions: {card.unscored_predictions}",
        "",
        "| metric | precision | recall | F1 | tp / pred / gold |",
        "|---|---|---|---|---|",
        _prf_row("claims (key match)", ex.claims, "counts"),
        _prf_row("events B³", gr.b_cubed, ""),
        _prf_row("events pairwise", gr.pairwise, "counts"),
        _prf_row("conflict pairs", co.pairs, "counts"),
        _prf_row("conflict pairs + kind", co.typed, "counts"),
        "",
        f"Grouping over {gr.items} matched claims: {gr.predicted_clusters} predicted vs {gr.gold_clusters} gold "
        "clusters.",
        "",
        f"## Grounding and fields (on {ex.span_matched} span-matched claims)",
        "",
        "| measure | accuracy | correct / total |",
        "|---|---|---|",
    ]
    for name, acc in {**ex.grounding, **ex.fields}.items():
        lines.append(f"| {name} | {_pct(acc.accuracy)} | {acc.correct} / {acc.total} |")
    if ex.missed:
        lines += ["", "## Missed gold claims", "", "| gold | number | sentence |", "|---|---|---|"]
        lines += [f"| {m.id} | {_cell(m.number_text)} | {_cell(m.quote)} |" for m in ex.missed]
    if ex.spurious:
        lines += [
            "",
            "## Predictions matching no gold claim",
            "",
            "| claim | article | number | sentence |",
            "|---|---|---|---|",
        ]
        lines += [f"| {s.id} | {s.article} | {_cell(s.number_text)} | {_cell(s.quote)} |" for s in ex.spurious]
    if ex.field_errors:
        lines += [
            "",
            "## Field errors",
            "",
            "| gold | field | gold value | predicted | sentence |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {e.gold_id} | {e.field} | {_cell(e.gold)} | {_cell(e.predicted)} | {_cell(e.quote)} |"
            for e in ex.field_errors
        ]
    for title, items in (
        ("False conflict flags", co.false_positives),
        ("Missed conflicts", co.misses),
        ("Conflicts flagged with the wrong kind", co.kind_errors),
    ):
        if not items:
            continue
        lines += ["", f"## {title}", ""]
        for it in items:
            lines += [
                f"- **{it.a} / {it.b}** — predicted `{it.predicted_kind or '-'}`, gold `{it.gold_kind or '-'}`: "
                f"{_cell(it.why)}",
                f"  - {it.a}: “{_cell(it.quote_a)}”",
                f"  - {it.b}: “{_cell(it.quote_b)}”",
            ]
    if co.trap_violations or co.unscored:
        lines += [
            "",
            f"Flags on pairs gold marks `none`: {co.trap_violations}; flags naming unscored claims: {co.unscored}.",
        ]
    return "\n".join(lines) + "\n"


def deltas_markdown(deltas: Sequence[MetricDelta]) -> str:
    """A table of ``compare`` output; regressions are marked."""
    lines = ["| metric | current | baseline | delta |", "|---|---|---|---|"]
    for d in deltas:
        cur = "-" if d.current is None else f"{d.current:.3f}"
        base = "-" if d.baseline is None else f"{d.baseline:.3f}"
        delta = "-" if d.delta is None else f"{d.delta:+.3f}" + (" ▼" if d.worse else "")
        lines.append(f"| {d.name} | {cur} | {base} | {delta} |")
    return "\n".join(lines) + "\n"


def dumps_deltas(deltas: Sequence[MetricDelta]) -> str:
    return json.dumps([d.model_dump() for d in deltas], indent=2)
