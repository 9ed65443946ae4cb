"""Gold numeric claims for general news (the ECB+ slice): typed loading and validation.

Two splits, each its own folder (``SPLITS``): ``dev`` (``eval/ecbplus/gold/``, the 62 documents the
engine rules are tuned on, so its figures are a fit) and ``heldout`` (``eval/ecbplus/heldout/``, documents
nobody tunes on: the result). ``split.json`` in a folder names its split. The splits share event labels
(so their stories line up) but no document.

Layout of a split folder: one ``<doc_id>.jsonl`` per annotated document — an empty file is a
document annotated as holding no claim, so predictions on it still count as false positives — and
``conflicts.jsonl`` (pairs of gold ids that must or must not be flagged). Offsets index the text that
``reconcile.evaluation.ecbplus`` rebuilds from the corpus; the files hold no ECB+ text beyond each
number, so ``load_news_gold`` re-reads each claim's sentence from the corpus as its ``quote``.

``python -m reconcile.evaluation.newsgold [GOLD_DIR]`` validates the set (spans slice back to the
number, intervals agree with hedges, vocabularies, one measure/unit per event, event labels belong to
their document's topic and subtopic, conflict references) and prints a per-topic summary.
Field meanings are in ``eval/GUIDELINES.md`` part II.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from reconcile.core.types import Hedge
from reconcile.evaluation.ecbplus import EcbPlusCorpus
from reconcile.evaluation.gold import expected_interval as seeds_expected_interval

CONFLICTS_FILE = "conflicts.jsonl"
SPLIT_FILE = "split.json"  # {"split": "dev" | "heldout", "annotations": ..., "documents": [...]}
NEWS_PROFILE = "news"  # the profile ECB+ gold claims are labelled in (general news measures)
_REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Split:
    """One split of the ECB+ gold: where its folder is, which ``reconcile eval --set`` scores it and what its
    figures are. The one place these facts are written; the CLI, the suite and the scorecards derive from it."""

    name: str  # what the folder's split.json declares
    folder: str  # relative to the repository root (the CLI's default --*-gold option, the scorecard's "Gold:")
    eval_set: str  # the ``reconcile eval --set`` name (``suite.EvalSet``) and the scorecard file's stem
    role: str  # "fit": rules are tuned on it; "result": nobody tunes on it (``newsmetrics.ROLE_NOTE``)

    @property
    def path(self) -> Path:
        """The folder in this checkout (independent of the working directory)."""
        return _REPOSITORY / self.folder

    @property
    def tuned_on(self) -> bool:
        """Whether rules are tuned on this split: only then may a committed scorecard list its misses."""
        return self.role == "fit"


SPLITS: dict[str, Split] = {
    s.name: s
    for s in (
        Split("dev", "eval/ecbplus/gold", "ecbplus", "fit"),
        Split("heldout", "eval/ecbplus/heldout", "ecbplus-heldout", "result"),
    )
}
DEFAULT_SPLIT = "dev"  # a gold folder without split.json (an older copy) is the dev split
SPLIT_DIRS = {name: s.path for name, s in SPLITS.items()}
DEFAULT_DIR = SPLIT_DIRS[DEFAULT_SPLIT]

# The news measures (docs/claim-model.md) and how their figures behave.
MEASURE_KINDS: dict[str, str] = {
    "killed": "stock",
    "injured": "stock",
    "missing": "stock",
    "displaced": "stock",
    "affected": "stock",
    "arrested": "flow",
    "kidnapped": "stock",
    "participants": "level",
    "expelled": "flow",
    "seized": "flow",
    "money": "level",
    "physical": "level",
    "votes": "level",
    "other": "level",
}
HEDGES = frozenset(
    {"exact", "at_least", "more_than", "nearly", "about", "up_to", "fewer_than", "further", "vague", "range"}
)
MODALITIES = frozenset({"done", "announced", "threatened", "denied", "estimated"})
SCOPES = frozenset({"single", "aggregate", "running_total"})
BACKGROUND_PREFIX = "bg_"  # events outside the topic's two seminal stories (an earlier quake, a 2008 heist)

_WORDS = {
    w: i
    for i, w in enumerate(
        (
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        )
    )
}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90})
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9}
_SCALE_SUFFIX = re.compile(r"^(?P<n>[\d.,]+)(?P<scale>m|mn|bn|b|million|billion)$")


def parse_value(number_text: str) -> float | None:
    """The value of a simple numeral: digits ("35,000", "6.1"), number words to ninety-nine
    ("twenty-one"), optionally with a scale ("2.6 million", "80m", "two-million", "110bn"); None otherwise."""
    words = [w for w in re.split(r"[\s-]+", number_text.strip().lower().rstrip(".")) if w]
    if len(words) == 1 and (m := _SCALE_SUFFIX.match(words[0])):
        words = [m.group("n"), m.group("scale")]
    scale = 1.0
    if len(words) > 1 and words[-1] in _SCALES:
        scale = _SCALES[words.pop()]
    if len(words) == 1 and re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", words[0]):
        return float(words[0].replace(",", "")) * scale
    if words and all(w in _WORDS for w in words) and (len(words) == 1 or (len(words) == 2 and _WORDS[words[0]] >= 20)):
        return float(sum(_WORDS[w] for w in words)) * scale
    return None


def expected_interval(hedge: str, value: float | None, number_text: str) -> tuple[float | None, float | None] | None:
    """The interval a hedge implies (GUIDELINES.md part II); None when it cannot be derived.

    The engine's own definition, as for the seeds (``reconcile.evaluation.gold.expected_interval``): one
    table for gold and engine (``reconcile.core.numbers.hedge_interval``, ``vague_interval``); a
    ``range`` carries its own bounds."""
    if hedge not in HEDGES:
        return None
    return seeds_expected_interval(Hedge(hedge), value, number_text)


class NewsConflictKind(StrEnum):
    """Expected flag between two gold claims of the same measure (GUIDELINES.md part II)."""

    REVISION = "revision"  # a later figure for the same stock replaces an earlier one (3 -> 5 -> 24 dead)
    SOURCE_DISAGREEMENT = "source_disagreement"  # two named sources, same thing, about the same time
    CONTRADICTION = "contradiction"  # same event, measure, unit and time, incompatible, unexplained
    NONE = "none"  # must not be flagged (a conversion, the same figure in words and digits, a part of a total)


POSITIVE_KINDS = frozenset(k for k in NewsConflictKind if k is not NewsConflictKind.NONE)


class NewsGoldClaim(BaseModel):
    """One hand-labelled claim of a news document; offsets index the rebuilt text of ``doc_id``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    gold_id: str
    doc_id: str
    article: str  # "<doc_id>.txt": the file name the rebuilt document is ingested under
    topic: int
    subtopic: str
    sentence: int  # ECB+ sentence number
    number_text: str
    start: int
    end: int
    ecb_start: int  # the same span in ECB+'s tokenised docs/<doc_id>.txt (mentions.jsonl coordinates)
    ecb_end: int
    hedge: str
    hedge_text: str | None
    value: float | None
    low: float | None
    high: float | None
    measure: str
    unit: str
    actor: str | None
    target: str | None
    place: str | None
    source: str | None
    modality: str
    scope: str
    sentence_start: int
    sentence_end: int
    event: str
    quote: str = ""  # filled from the corpus by ``load_news_gold``; never stored

    @property
    def measure_kind(self) -> str:
        return MEASURE_KINDS[self.measure]

    @property
    def background(self) -> bool:
        return self.event.startswith(BACKGROUND_PREFIX)


class NewsGoldConflict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    a: str
    b: str
    kind: NewsConflictKind
    why: str

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class NewsGoldSet:
    """Gold claims and conflict pairs; ``articles`` lists every annotated document file (with or without claims)."""

    claims: tuple[NewsGoldClaim, ...]
    conflicts: tuple[NewsGoldConflict, ...]
    articles: tuple[str, ...] = field(default=())
    split: str = DEFAULT_SPLIT  # from the folder's split.json (SPLITS says what its figures are)

    def by_id(self) -> dict[str, NewsGoldClaim]:
        return {c.gold_id: c for c in self.claims}

    def doc_ids(self) -> list[str]:
        return [Path(a).stem for a in self.articles]


class NewsGoldError(ValueError):
    """A gold file that cannot be parsed, or whose spans do not slice back to the corpus."""


def _rows(path: Path, problems: list[str]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path.name}:{n}: not JSON ({exc.msg})")
            continue
        if isinstance(row, dict):
            rows.append(row)
        else:
            problems.append(f"{path.name}:{n}: a line must be a JSON object")
    return rows


def _parse(gold_dir: Path) -> tuple[list[NewsGoldClaim], list[NewsGoldConflict], list[str], list[str]]:
    problems: list[str] = []
    claims: list[NewsGoldClaim] = []
    articles: list[str] = []
    for path in sorted(p for p in gold_dir.glob("*.jsonl") if p.name != CONFLICTS_FILE):
        articles.append(f"{path.stem}.txt")
        for n, row in enumerate(_rows(path, problems), 1):
            try:
                claims.append(NewsGoldClaim.model_validate(row))
            except ValidationError as exc:
                for err in exc.errors():
                    problems.append(f"{path.name}:{n}: {'.'.join(str(x) for x in err['loc'])}: {err['msg']}")
    conflicts: list[NewsGoldConflict] = []
    if (gold_dir / CONFLICTS_FILE).exists():
        for n, row in enumerate(_rows(gold_dir / CONFLICTS_FILE, problems), 1):
            try:
                conflicts.append(NewsGoldConflict.model_validate(row))
            except ValidationError as exc:
                for err in exc.errors():
                    problems.append(f"{CONFLICTS_FILE}:{n}: {'.'.join(str(x) for x in err['loc'])}: {err['msg']}")
    return claims, conflicts, articles, problems


def read_split(gold_dir: Path) -> str:
    """The split a gold folder declares in ``split.json``; ``DEFAULT_SPLIT`` for a folder without one."""
    path = gold_dir / SPLIT_FILE
    if not path.exists():
        return DEFAULT_SPLIT
    try:
        split = json.loads(path.read_text(encoding="utf-8")).get("split")
    except (json.JSONDecodeError, AttributeError) as exc:
        raise NewsGoldError(f"{path}: not a JSON object with a 'split'") from exc
    if split not in SPLITS:
        raise NewsGoldError(f"{path}: split {split!r} is not one of {sorted(SPLITS)}")
    return str(split)


def load_news_gold(gold_dir: str | Path = DEFAULT_DIR, corpus: EcbPlusCorpus | None = None) -> NewsGoldSet:
    """Load the gold set with each claim's ``quote`` re-read from the corpus; raises ``NewsGoldError``
    when a file does not parse or a span no longer slices to its number (run ``validate_news_gold``
    for every other check). ``EcbPlusMissing`` when the corpus is absent."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise NewsGoldError(f"{gold_dir}: not a directory")
    claims, conflicts, articles, problems = _parse(gold_dir)
    if problems:
        raise NewsGoldError("; ".join(problems))
    corpus = corpus or EcbPlusCorpus()
    quoted: list[NewsGoldClaim] = []
    for c in claims:
        text = corpus.doc(c.doc_id).text
        if text[c.start : c.end] != c.number_text:
            found = text[c.start : c.end]
            raise NewsGoldError(f"{c.gold_id}: text[{c.start}:{c.end}] is {found!r}, not {c.number_text!r}")
        quoted.append(c.model_copy(update={"quote": text[c.sentence_start : c.sentence_end]}))
    return NewsGoldSet(
        claims=tuple(quoted), conflicts=tuple(conflicts), articles=tuple(articles), split=read_split(gold_dir)
    )


def disjoint(a: tuple[float | None, float | None], b: tuple[float | None, float | None]) -> bool:
    """Two closed intervals (``None`` = unbounded) share no value: only then can two figures disagree."""
    a_low, a_high = a
    b_low, b_high = b
    return (a_high is not None and b_low is not None and a_high < b_low) or (
        b_high is not None and a_low is not None and b_high < a_low
    )


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def event_subtopic(event: str) -> str | None:
    """``t37plus_quake_killed`` -> ``37_ecbplus``, ``t8ecb_...`` -> ``8_ecb``; None for background events.

    The subtopic of the *event*, not of the document: an ``ecbplus`` article may recall the ``ecb``
    story ("in December 2008, three men emptied the Harry Winston store")."""
    m = re.match(r"^t(\d+)(ecb|plus)_", event)
    if not m:
        return None
    return f"{m.group(1)}_{'ecbplus' if m.group(2) == 'plus' else 'ecb'}"


def _check_claim(c: NewsGoldClaim, corpus: EcbPlusCorpus) -> list[str]:
    p: list[str] = []
    gid = c.gold_id
    try:
        doc = corpus.doc(c.doc_id)
    except KeyError as exc:
        return [f"{gid}: {exc}"]
    text = doc.text
    if not gid.startswith(f"{c.doc_id}-"):
        p.append(f"{gid}: gold_id should start with {c.doc_id}-")
    if c.article != doc.file_name or c.topic != doc.topic or c.subtopic != doc.subtopic:
        p.append(f"{gid}: article/topic/subtopic disagree with the corpus")
    if text[c.start : c.end] != c.number_text:
        p.append(f"{gid}: text[{c.start}:{c.end}] is {text[c.start : c.end]!r}, not {c.number_text!r}")
    try:
        if doc.sentence_span(c.sentence) != (c.sentence_start, c.sentence_end):
            p.append(f"{gid}: sentence span is not ECB+ sentence {c.sentence}")
    except KeyError as exc:
        p.append(f"{gid}: {exc}")
    if not (c.sentence_start <= c.start < c.end <= c.sentence_end):
        p.append(f"{gid}: number span not inside its sentence")
    if doc.to_ecb(c.start, c.end) != (c.ecb_start, c.ecb_end):
        p.append(f"{gid}: ecb_start/ecb_end do not map to the number")
    if c.hedge not in HEDGES:
        p.append(f"{gid}: unknown hedge {c.hedge!r}")
    if c.hedge_text is not None and c.hedge_text not in text[c.sentence_start : c.sentence_end]:
        p.append(f"{gid}: hedge_text {c.hedge_text!r} not in the sentence")
    if c.hedge in ("vague", "range"):
        if c.value is not None:
            p.append(f"{gid}: {c.hedge} quantities have value null")
    elif c.value is None:
        p.append(f"{gid}: value is null but hedge is {c.hedge}")
    if c.hedge == "range":
        if c.low is None or c.high is None or c.low > c.high:
            p.append(f"{gid}: a range needs low <= high")
    else:
        want = expected_interval(c.hedge, c.value, c.number_text)
        if want is None:
            p.append(f"{gid}: no conventional interval for {c.hedge} {c.number_text!r}")
        elif not (_same(c.low, want[0]) and _same(c.high, want[1])):
            p.append(f"{gid}: interval [{c.low}, {c.high}] inconsistent with {c.hedge} {c.value}: expected {want}")
    if c.measure not in MEASURE_KINDS:
        p.append(f"{gid}: unknown measure {c.measure!r}")
    if c.measure == "money" and not re.fullmatch(r"[A-Z]{3}", c.unit):
        p.append(f"{gid}: money needs an ISO 4217 unit, not {c.unit!r}")
    if c.modality not in MODALITIES:
        p.append(f"{gid}: unknown modality {c.modality!r}")
    if c.scope not in SCOPES:
        p.append(f"{gid}: unknown scope {c.scope!r}")
    sub = event_subtopic(c.event)
    if sub is None and not c.background:
        p.append(f"{gid}: event {c.event!r} must start with t<topic>ecb_, t<topic>plus_ or {BACKGROUND_PREFIX}")
    if sub is not None and not sub.startswith(f"{doc.topic}_"):
        p.append(f"{gid}: event {c.event!r} belongs to {sub}, but the document is of topic {doc.topic}")
    return p


def _check_events(claims: Sequence[NewsGoldClaim]) -> list[str]:
    """Claims sharing an event agree on measure and unit (different units are never one figure)."""
    groups: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for c in claims:
        groups[c.event].add((c.measure, c.unit))
    return [f"event {e}: mixes measure/unit {sorted(k)}" for e, k in sorted(groups.items()) if len(k) > 1]


def _check_conflicts(conflicts: Sequence[NewsGoldConflict], by_id: dict[str, NewsGoldClaim]) -> list[str]:
    p: list[str] = []
    seen: set[frozenset[str]] = set()
    for n, c in enumerate(conflicts, 1):
        label = f"{CONFLICTS_FILE}:{n} ({c.a}, {c.b})"
        if c.a not in by_id or c.b not in by_id:
            p.append(f"{label}: unknown gold id")
            continue
        if c.a == c.b or c.pair in seen:
            p.append(f"{label}: a pair needs two different claims, listed once")
        seen.add(c.pair)
        if not c.why.strip():
            p.append(f"{label}: 'why' is empty")
        a, b = by_id[c.a], by_id[c.b]
        if c.kind in POSITIVE_KINDS and a.event != b.event:
            p.append(f"{label}: {c.kind.value} is only for claims of the same event")
        if c.kind in POSITIVE_KINDS and not disjoint((a.low, a.high), (b.low, b.high)):
            p.append(f"{label}: overlapping intervals cannot disagree")
    return p


def validate_news_gold(gold_dir: str | Path = DEFAULT_DIR, corpus: EcbPlusCorpus | None = None) -> list[str]:
    """Every problem in the gold set, as readable lines; empty when sound (module docstring)."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        return [f"{gold_dir}: not a directory"]
    claims, conflicts, articles, problems = _parse(gold_dir)
    if not articles:
        problems.append(f"{gold_dir}: no gold files")
    corpus = corpus or EcbPlusCorpus()
    ids = Counter(c.gold_id for c in claims)
    problems += [f"duplicate gold_id {i}" for i, n in sorted(ids.items()) if n > 1]
    for c in claims:
        if f"{c.doc_id}.txt" not in articles or Path(c.article).stem != c.doc_id:
            problems.append(f"{c.gold_id}: stored in the wrong file")
        problems.extend(_check_claim(c, corpus))
    problems.extend(_check_events(claims))
    problems.extend(_check_conflicts(conflicts, {c.gold_id: c for c in claims}))
    try:
        read_split(gold_dir)
    except NewsGoldError as exc:
        problems.append(str(exc))
    return problems


def summary(gold: NewsGoldSet, corpus: EcbPlusCorpus | None = None) -> list[dict[str, object]]:
    """Per topic: documents (per subtopic), claims, events (seminal / background), conflict pairs by kind."""
    corpus = corpus or EcbPlusCorpus()
    by_id = gold.by_id()
    rows: list[dict[str, object]] = []
    for topic in sorted({corpus.doc(d).topic for d in gold.doc_ids()}):
        docs = [corpus.doc(d) for d in gold.doc_ids() if corpus.doc(d).topic == topic]
        claims = [c for c in gold.claims if c.topic == topic]
        pairs = [c for c in gold.conflicts if by_id[c.a].topic == topic]
        rows.append(
            {
                "topic": topic,
                "docs_ecb": sum(not d.plus for d in docs),
                "docs_ecbplus": sum(d.plus for d in docs),
                "claims": len(claims),
                "events": len({c.event for c in claims if not c.background}),
                "background_events": len({c.event for c in claims if c.background}),
                "conflict_pairs": {k.value: sum(p.kind is k for p in pairs) for k in NewsConflictKind},
            }
        )
    return rows


def main(argv: Iterable[str] | None = None) -> int:
    """``python -m reconcile.evaluation.newsgold [GOLD_DIR]``: print problems (exit 1) or a summary."""
    args = list(sys.argv[1:] if argv is None else argv)
    gold_dir = Path(args[0]) if args else DEFAULT_DIR
    corpus = EcbPlusCorpus()
    problems = validate_news_gold(gold_dir, corpus)
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s) in {gold_dir}", file=sys.stderr)
        return 1
    gold = load_news_gold(gold_dir, corpus)
    for row in summary(gold, corpus):
        print(json.dumps(row))
    print(
        f"ok ({gold.split} split, a {SPLITS[gold.split].role}): {len(gold.claims)} claims in {len(gold.articles)}"
        f" documents, {len(gold.conflicts)} conflict pairs"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
