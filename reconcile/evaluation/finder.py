"""Scores of the deterministic number finder against the finder gold (``eval/finder``), per section.

Why its own scorecard: every claim starts at ``core.numbers.find_numbers``; a number it misses is never
asked about and a number it misreads is stored wrong, whatever the model does after. The gold is news
sentences from six sections of a paper, annotated by hand before the finder was run on them
(``eval/finder/GUIDELINES.md``); ``dev`` is what the finder's word lists are tuned on (a **fit**),
``heldout`` what measures it (a **result**: its card gives figures only).

Matching: within one sentence, a predicted mention is a candidate for a gold quantity when their spans
overlap; candidates are paired one to one, greedily by largest overlap. A pair is a **value** match when
the predicted value equals the gold one (relative tolerance ``VALUE_TOLERANCE``; an interval — a range or
a vague quantity — must agree on both ends). Counted on the value matches:

* value P/R/F1: value matches over predictions and over gold quantities;
* value+unit and value+change: value matches whose unit (``None`` for a plain count) and change
  direction (``None`` for a level) also agree, over the same denominators;
* hedge and change agreement: the share of value matches whose hedge / change direction agrees.

Durations and ages are quantities the finder leaves out on purpose (gold kinds ``duration``/``age``): a
prediction overlapping one is neither a false positive nor a match; the card says how many of them the
finder reported.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reconcile.core.numbers import find_numbers
from reconcile.core.types import NumberMention

__all__ = ["PUBLISHED", "FinderCard", "finder_markdown", "load_gold", "score_finder"]

VALUE_TOLERANCE = 2e-3  # "a third" is written 0.3333 in the gold; 1/3 must match it
SPLITS = {"dev": "fit", "heldout": "result"}

# Published figures of public quantity extractors on news sentences, printed next to ours. They are
# other systems on other gold sets (not re-run here: CQE and quantulum3 load models or large unit lists
# at run time), so they say what "good" looks like, not who wins on these sentences.
PUBLISHED: tuple[tuple[str, str, str], ...] = (
    (
        "CQE (Almasian, Kazakova, Göldner, Gertz; EMNLP 2023, aclanthology.org/2023.emnlp-main.793)",
        "value F1 0.92 on NewsQuant news sentences (figure as cited in issue 19; unit and change F1 are"
        " reported in the paper's NewsQuant table, not reproduced here unverified)",
        "best published extractor; rule-based with a dependency parse and a unit dictionary",
    ),
    (
        "quantulum3 (PyPI, fork of Marco Lagi's quantulum)",
        "evaluated as a baseline in the CQE paper's NewsQuant table (lower than CQE); no figure quoted here unverified",
        "regex grammar plus a GloVe/Wikipedia unit disambiguator",
    ),
)


@dataclass(frozen=True, slots=True)
class GoldQuantity:
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    kind: str  # quantity | duration | age
    change: str | None
    hedge: str


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    doc: str
    section: str
    split: str
    language: str
    text: str
    quantities: tuple[GoldQuantity, ...]


def load_gold(path: Path) -> list[GoldSentence]:
    """The sentences of one split file (``eval/finder/dev.jsonl`` or ``heldout.jsonl``); every span is
    checked to slice back to its sentence."""
    sentences = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        raw = json.loads(line)
        quantities = tuple(GoldQuantity(**q) for q in raw["quantities"])
        for q in quantities:
            if raw["text"][q.start : q.end] != q.text:
                raise ValueError(f"{path}:{number}: span {q.text!r} does not slice back to its sentence")
        sentences.append(
            GoldSentence(raw["id"], raw["doc"], raw["section"], raw["split"], raw["language"], raw["text"], quantities)
        )
    return sentences


@dataclass(slots=True)
class Tally:
    """Counts of one scope (a section, or all of a split)."""

    gold: int = 0
    predicted: int = 0
    value: int = 0
    value_unit: int = 0
    value_change: int = 0
    hedge: int = 0
    change: int = 0
    excluded_gold: int = 0  # durations and ages in the gold
    excluded_reported: int = 0  # ... of which the finder reported one

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def prf(self, hits: int) -> tuple[float, float, float]:
        precision = hits / self.predicted if self.predicted else float(not self.gold)
        recall = hits / self.gold if self.gold else float(not self.predicted)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def agreement(self, hits: int) -> float:
        return hits / self.value if self.value else 1.0

    def figures(self) -> dict[str, float | int]:
        p, r, f = self.prf(self.value)
        return {
            "gold": self.gold, "predicted": self.predicted, "value_p": p, "value_r": r, "value_f1": f,
            "value_unit_f1": self.prf(self.value_unit)[2], "value_change_f1": self.prf(self.value_change)[2],
            "hedge_agreement": self.agreement(self.hedge), "change_agreement": self.agreement(self.change),
            "excluded_gold": self.excluded_gold, "excluded_reported": self.excluded_reported,
        }  # fmt: skip


@dataclass(slots=True)
class FinderCard:
    """The scorecard of one split: per-section tallies, the overall one, and (dev only) the errors."""

    split: str
    role: str
    sections: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)
    errors: list[dict[str, object]] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(
            {
                "split": self.split,
                "role": self.role,
                "overall": self.overall.figures(),
                "sections": {name: t.figures() for name, t in self.sections.items()},
                "errors": self.errors,
            },
            indent=2,
            ensure_ascii=False,
        )


def _overlap(mention: NumberMention, quantity: GoldQuantity) -> int:
    return min(mention.span.end, quantity.end) - max(mention.span.start, quantity.start)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=VALUE_TOLERANCE, abs_tol=1e-9)


def value_agrees(mention: NumberMention, quantity: GoldQuantity) -> bool:
    """A point must equal the gold point; an interval (range, vague) must agree on both ends."""
    if quantity.value is not None:
        return _close(mention.value, quantity.value)
    return mention.value is None and _close(mention.low, quantity.low) and _close(mention.high, quantity.high)


def _pairs(mentions: Sequence[NumberMention], golds: Sequence[GoldQuantity]) -> list[tuple[int, int]]:
    """One-to-one pairs (mention index, gold index) of overlapping spans, largest overlap first."""
    candidates = sorted(
        (
            (_overlap(m, g), -abs(m.span.start - g.start), i, j)
            for i, m in enumerate(mentions)
            for j, g in enumerate(golds)
            if _overlap(m, g) > 0
        ),
        reverse=True,
    )
    used_m: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, _, i, j in candidates:
        if i not in used_m and j not in used_g:
            used_m.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


Finder = Callable[[str, str], list[NumberMention]]


def _default_finder(text: str, language: str) -> list[NumberMention]:
    return find_numbers(text, language)


def score_sentence(sentence: GoldSentence, mentions: Sequence[NumberMention]) -> tuple[Tally, list[dict[str, object]]]:
    """The tally of one sentence and its errors (misses, false positives, field disagreements)."""
    tally = Tally()
    golds = [q for q in sentence.quantities if q.kind == "quantity"]
    excluded = [q for q in sentence.quantities if q.kind != "quantity"]
    tally.gold = len(golds)
    tally.excluded_gold = len(excluded)
    on_excluded = {i for i, m in enumerate(mentions) if any(_overlap(m, q) > 0 for q in excluded)}
    tally.excluded_reported = sum(1 for q in excluded if any(_overlap(m, q) > 0 for m in mentions))
    scored = [m for i, m in enumerate(mentions) if i not in on_excluded]
    tally.predicted = len(scored)
    errors: list[dict[str, object]] = []
    matched_m: set[int] = set()
    matched_g: set[int] = set()
    for i, j in _pairs(scored, golds):
        m, g = scored[i], golds[j]
        if not value_agrees(m, g):
            continue
        matched_m.add(i)
        matched_g.add(j)
        tally.value += 1
        change = m.change.value if m.change else None
        unit_ok, change_ok, hedge_ok = m.unit == g.unit, change == g.change, m.hedge.value == g.hedge
        tally.value_unit += unit_ok
        tally.value_change += change_ok
        tally.change += change_ok
        tally.hedge += hedge_ok
        if not (unit_ok and change_ok and hedge_ok):
            errors.append({"id": sentence.id, "error": "field", "text": g.text, "gold": [g.unit, g.change, g.hedge],
                           "predicted": [m.unit, change, m.hedge.value]})  # fmt: skip
    for j, g in enumerate(golds):
        if j not in matched_g:
            miss: dict[str, object] = {
                "id": sentence.id,
                "error": "miss",
                "text": g.text,
                "gold": [g.value, g.low, g.high, g.unit],
            }
            errors.append(miss)
    for i, m in enumerate(scored):
        if i not in matched_m:
            errors.append({"id": sentence.id, "error": "false_positive", "text": m.text,
                           "predicted": [m.value, m.low, m.high, m.unit]})  # fmt: skip
    for q in excluded:
        if any(_overlap(m, q) > 0 for m in mentions):
            errors.append({"id": sentence.id, "error": f"reported_{q.kind}", "text": q.text})
    return tally, errors


def score_finder(sentences: Iterable[GoldSentence], split: str, finder: Finder = _default_finder) -> FinderCard:
    """Run ``finder`` on every sentence and score it; a held-out card keeps no error list."""
    card = FinderCard(split, SPLITS.get(split, "fit"))
    for sentence in sentences:
        tally, errors = score_sentence(sentence, finder(sentence.text, sentence.language))
        card.sections.setdefault(sentence.section, Tally()).add(tally)
        card.overall.add(tally)
        if card.role == "fit":
            for error in errors:
                card.errors.append({**error, "sentence": sentence.text})
    return card


def _row(name: str, tally: Tally) -> str:
    f = tally.figures()
    return (
        f"| {name} | {f['gold']} / {f['predicted']} | {f['value_p']:.3f} / {f['value_r']:.3f} / {f['value_f1']:.3f} "
        f"| {f['value_unit_f1']:.3f} | {f['value_change_f1']:.3f} | {f['hedge_agreement']:.3f} "
        f"| {f['change_agreement']:.3f} | {f['excluded_reported']} of {f['excluded_gold']} |"
    )


def finder_markdown(cards: Sequence[FinderCard]) -> str:
    """Every split's figures per section, then the published figures of public extractors."""
    lines = ["# Number finder on the finder gold (eval/finder)", ""]
    for card in cards:
        lines += [
            f"## {card.split} ({card.role})",
            "",
            "| section | gold / predicted | value P / R / F1 | value+unit F1 | value+change F1 | hedge agr. "
            "| change agr. | durations+ages reported |",
            "|---|---|---|---|---|---|---|---|",
            *[_row(name, card.sections[name]) for name in sorted(card.sections)],
            _row("**all**", card.overall),
            "",
        ]
    lines += ["## Published figures (other systems, other gold sets)", ""]
    lines += [f"- **{name}**: {figure}. {note}." for name, figure, note in PUBLISHED]
    lines += [
        "",
        "dev is a fit (the finder's word lists are tuned on it); heldout is the result (figures only).",
        "Gold: eval/finder/{dev,heldout}.jsonl, rules in eval/finder/GUIDELINES.md; finder language per sentence.",
    ]
    return "\n".join(lines) + "\n"
