"""The gold standard: typed loading and validation of ``eval/gold/*.jsonl``.

Why validation is its own function: a gold label that does not slice back to its article, or whose
interval contradicts its hedge, silently corrupts every score computed against it. ``validate_gold``
re-derives everything that can be re-derived (spans, quotes, intervals, codes, vocabularies, ids,
event consistency, conflict references) and returns human-readable problems instead of raising, so one
run lists every problem at once. ``python -m reconcile.evaluation.gold [GOLD_DIR [SEEDS_DIR]]`` prints
them and exits 1 when there are any.

Layout: one ``<seed stem>.jsonl`` per seed article (one claim per line) and ``conflicts.jsonl``
(expected disagreement flags between gold claims). Field semantics are in ``eval/GUIDELINES.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import pycountry
from pydantic import BaseModel, ConfigDict, ValidationError

from reconcile.core.claims import Modality, Scope
from reconcile.core.numbers import hedge_interval, vague_interval
from reconcile.core.types import Hedge
from reconcile.ingest import IngestError, read_article
from reconcile.normalize.parties import NON_ISO_CODES as PIPELINE_NON_ISO_CODES
from reconcile.profile import load_profile

CONFLICTS_FILE = "conflicts.jsonl"

# Party codes outside ISO 3166-1 alpha-3: the pipeline's own (``reconcile.normalize.parties``, WORLD included:
# "countries across the globe"), plus MULTI (an enumerated multi-country group, members in ``*_members``), which
# exists only in gold labels, because the pipeline stores a multi-party aggregate as its members.
NON_ISO_CODES: dict[str, str] = {
    **PIPELINE_NON_ISO_CODES,
    "MULTI": "several named countries acting together; members listed in actor_members/target_members",
}
GROUP_CODES = frozenset({"MULTI"})  # codes that require a member list

# The measures and units of the seeds' topic, read from the profile the seeds are scored under, so the
# gold set is checked against the profile it scores.
SEEDS_PROFILE = "expulsions"
GOLD_MEASURES = frozenset(load_profile(SEEDS_PROFILE).measure_codes)
GOLD_UNITS = frozenset(load_profile(SEEDS_PROFILE).units)

_EPS = 1e-6


class ConflictKind(StrEnum):
    """Expected flag between two gold claims (see GUIDELINES.md §9)."""

    CONTRADICTION = "contradiction"  # same event, same unit and scope, intervals disjoint
    REVISION = "revision"  # same event, intervals disjoint, one figure updates the other
    CUMULATIVE = "cumulative"  # same actor/measure/target, one is a running total including the other
    UNIT_OR_SCOPE = "unit_or_scope"  # same event, numbers differ because unit or scope differ
    NONE = "none"  # must not be flagged


POSITIVE_KINDS = frozenset(k for k in ConflictKind if k is not ConflictKind.NONE)
SAME_EVENT_KINDS = frozenset({ConflictKind.CONTRADICTION, ConflictKind.REVISION, ConflictKind.UNIT_OR_SCOPE})


class GoldClaim(BaseModel):
    """One hand-labelled claim; offsets index ``read_article(seed).text`` like the pipeline's."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    gold_id: str
    article: str
    number_text: str
    start: int
    end: int
    hedge: Hedge
    hedge_text: str | None
    value: float | None
    low: float | None
    high: float | None
    actor: str
    actor_members: list[str] | None = None
    measure: str  # a measure code of the profile (docs/claim-model.md): expelled, closed, recalled, ...
    target: str
    target_members: list[str] | None = None
    unit: str
    scope: Scope
    modality: Modality
    date: dt.date | None
    date_low: dt.date | None = None
    date_high: dt.date | None = None
    source: str | None
    sentence_start: int
    sentence_end: int
    quote: str
    event: str


class GoldConflict(BaseModel):
    """An expected flag (or an explicit must-not-flag, kind ``none``) between two gold claims."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    a: str
    b: str
    kind: ConflictKind
    why: str

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class GoldSet:
    """All gold claims and conflicts; ``articles`` are the seed file names that have a gold file."""

    claims: tuple[GoldClaim, ...]
    conflicts: tuple[GoldConflict, ...]
    articles: tuple[str, ...] = field(default=())

    def by_id(self) -> dict[str, GoldClaim]:
        return {c.gold_id: c for c in self.claims}

    def by_article(self) -> dict[str, list[GoldClaim]]:
        out: dict[str, list[GoldClaim]] = {a: [] for a in self.articles}
        for claim in self.claims:
            out.setdefault(claim.article, []).append(claim)
        return out


class GoldFormatError(ValueError):
    """A gold file that cannot be parsed at all; ``validate_gold`` reports these as problems instead."""


def is_valid_code(code: str) -> bool:
    """An ISO 3166-1 alpha-3 country code or one of ``NON_ISO_CODES``."""
    if code in NON_ISO_CODES:
        return True
    return len(code) == 3 and code.isupper() and pycountry.countries.get(alpha_3=code) is not None


def expected_interval(hedge: Hedge, value: float | None, number_text: str) -> tuple[float | None, float | None] | None:
    """The interval a hedge implies (GUIDELINES.md §3), by the engine's own definition
    (``reconcile.core.numbers.hedge_interval`` and ``vague_interval``: one table for gold and engine);
    ``None`` when it cannot be derived (an unknown vague word, a range)."""
    if hedge is Hedge.VAGUE:
        return vague_interval(number_text)
    if value is None or hedge is Hedge.RANGE:
        return None
    return hedge_interval(hedge, value)


def _same_bound(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= _EPS * max(1.0, abs(a), abs(b))


def _read_jsonl(path: Path, problems: list[str]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path.name}:{n}: not JSON ({exc.msg})")
            continue
        if not isinstance(row, dict):
            problems.append(f"{path.name}:{n}: a line must be a JSON object")
            continue
        rows.append(row)
    return rows


def _gold_files(gold_dir: Path) -> list[Path]:
    return sorted(p for p in gold_dir.glob("*.jsonl") if p.name != CONFLICTS_FILE)


def _parse(gold_dir: Path) -> tuple[list[GoldClaim], list[GoldConflict], list[str], list[str]]:
    """Parse everything parseable; return claims, conflicts, article names and parse problems."""
    problems: list[str] = []
    claims: list[GoldClaim] = []
    articles: list[str] = []
    for path in _gold_files(gold_dir):
        articles.append(f"{path.stem}.txt")
        for n, row in enumerate(_read_jsonl(path, problems), 1):
            try:
                claims.append(GoldClaim.model_validate(row))
            except ValidationError as exc:
                where = row.get("gold_id", f"line {n}")
                for err in exc.errors():
                    loc = ".".join(str(x) for x in err["loc"])
                    problems.append(f"{path.name}: {where}: {loc}: {err['msg']}")
    conflicts: list[GoldConflict] = []
    conflicts_path = gold_dir / CONFLICTS_FILE
    if conflicts_path.exists():
        for n, row in enumerate(_read_jsonl(conflicts_path, problems), 1):
            try:
                conflicts.append(GoldConflict.model_validate(row))
            except ValidationError as exc:
                for err in exc.errors():
                    loc = ".".join(str(x) for x in err["loc"])
                    problems.append(f"{CONFLICTS_FILE}:{n}: {loc}: {err['msg']}")
    return claims, conflicts, articles, problems


def load_gold(gold_dir: str | Path) -> GoldSet:
    """Load the gold set; raises ``GoldFormatError`` listing parse problems (run ``validate_gold`` for all checks)."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldFormatError(f"{gold_dir}: not a directory")
    claims, conflicts, articles, problems = _parse(gold_dir)
    if problems:
        raise GoldFormatError("; ".join(problems))
    return GoldSet(claims=tuple(claims), conflicts=tuple(conflicts), articles=tuple(articles))


def _check_claim(claim: GoldClaim, text: str, stem: str) -> list[str]:
    """Problems of one claim against its article text."""
    p: list[str] = []
    gid = claim.gold_id
    if not gid.startswith(stem[:3] + "-"):
        p.append(f"{gid}: gold_id should start with {stem[:3]}-")
    if claim.article != f"{stem}.txt":
        p.append(f"{gid}: article {claim.article!r} but file is {stem}.jsonl")
    if not (0 <= claim.start < claim.end <= len(text)):
        p.append(f"{gid}: span [{claim.start}, {claim.end}) outside the text (length {len(text)})")
    elif text[claim.start : claim.end] != claim.number_text:
        found = text[claim.start : claim.end]
        p.append(f"{gid}: text[{claim.start}:{claim.end}] is {found!r}, not {claim.number_text!r}")
    if not (0 <= claim.sentence_start < claim.sentence_end <= len(text)):
        p.append(f"{gid}: sentence span outside the text")
    elif text[claim.sentence_start : claim.sentence_end] != claim.quote:
        p.append(f"{gid}: text[sentence_start:sentence_end] != quote")
    if not (claim.sentence_start <= claim.start and claim.end <= claim.sentence_end):
        p.append(f"{gid}: number span not inside its sentence")
    if claim.quote != claim.quote.strip():
        p.append(f"{gid}: quote has surrounding whitespace")
    if claim.hedge_text is not None and claim.hedge_text not in claim.quote:
        p.append(f"{gid}: hedge_text {claim.hedge_text!r} not in the quote")
    if claim.hedge is Hedge.EXACT and claim.hedge_text is not None:
        p.append(f"{gid}: exact numbers carry no hedge_text")
    # value and interval against hedge
    if claim.hedge is Hedge.VAGUE:
        if claim.value is not None:
            p.append(f"{gid}: vague quantities have value null")
    elif claim.value is None:
        p.append(f"{gid}: value is null but hedge is {claim.hedge.value}")
    expected = expected_interval(claim.hedge, claim.value, claim.number_text)
    if expected is None:
        if claim.low is None or claim.high is None or claim.low > claim.high:
            p.append(f"{gid}: vague {claim.number_text!r} needs a bounded interval low <= high")
    elif not (_same_bound(claim.low, expected[0]) and _same_bound(claim.high, expected[1])):
        p.append(
            f"{gid}: interval [{claim.low}, {claim.high}] inconsistent with {claim.hedge.value} {claim.value}: "
            f"expected [{expected[0]}, {expected[1]}]"
        )
    # codes
    for role, code, members in (
        ("actor", claim.actor, claim.actor_members),
        ("target", claim.target, claim.target_members),
    ):
        if not is_valid_code(code):
            p.append(f"{gid}: {role} {code!r} is neither ISO 3166-1 alpha-3 nor a documented non-ISO code")
        if code in GROUP_CODES and not members:
            p.append(f"{gid}: {role} {code} needs {role}_members")
        if members is not None:
            if code not in GROUP_CODES:
                p.append(f"{gid}: {role}_members given but {role} is {code}, not MULTI")
            bad = [m for m in members if m in NON_ISO_CODES or not is_valid_code(m)]
            if bad:
                p.append(f"{gid}: {role}_members {bad} are not ISO alpha-3 country codes")
            if len(set(members)) != len(members) or len(members) < 2:
                p.append(f"{gid}: {role}_members must list at least two distinct countries")
    if claim.actor == claim.target and claim.actor not in GROUP_CODES:
        p.append(f"{gid}: actor and target are both {claim.actor}")
    if claim.actor in GROUP_CODES | {"WORLD", "EUU", "WEST"} and claim.scope is not Scope.AGGREGATE:
        p.append(f"{gid}: a claim by {claim.actor} is a total over several actors: scope must be aggregate")
    # dates
    if claim.date is not None and (claim.date_low is not None or claim.date_high is not None):
        p.append(f"{gid}: give either date or a date_low/date_high window, not both")
    if (claim.date_low is None) != (claim.date_high is None):
        p.append(f"{gid}: a date window needs both date_low and date_high")
    if claim.date_low is not None and claim.date_high is not None and claim.date_low > claim.date_high:
        p.append(f"{gid}: date_low after date_high")
    if not claim.event.strip():
        p.append(f"{gid}: empty event key")
    for name, code, known in (("measure", claim.measure, GOLD_MEASURES), ("unit", claim.unit, GOLD_UNITS)):
        if code not in known:
            p.append(f"{gid}: {name} {code!r} is not one of {sorted(known)}")
    return p


def _check_events(claims: Sequence[GoldClaim]) -> list[str]:
    """Claims sharing an event must agree on who does what to whom (catches reversed directions)."""
    p: list[str] = []
    groups: dict[str, list[GoldClaim]] = defaultdict(list)
    for claim in claims:
        groups[claim.event].append(claim)
    for event, members in sorted(groups.items()):
        keys = {(c.actor, tuple(sorted(c.actor_members or ())), c.measure, c.target, c.scope) for c in members}
        if len(keys) > 1:
            ids = ", ".join(c.gold_id for c in members)
            p.append(f"event {event}: claims {ids} disagree on actor/measure/target/scope {sorted(keys)}")
    return p


def _check_conflicts(conflicts: Sequence[GoldConflict], by_id: dict[str, GoldClaim]) -> list[str]:
    p: list[str] = []
    seen: set[frozenset[str]] = set()
    for c in conflicts:
        label = f"{CONFLICTS_FILE}: {c.a}/{c.b}"
        missing = [x for x in (c.a, c.b) if x not in by_id]
        if missing:
            p.append(f"{label}: unknown gold ids {missing}")
            continue
        if c.a == c.b:
            p.append(f"{label}: a pair needs two different claims")
        if c.pair in seen:
            p.append(f"{label}: duplicate pair")
        seen.add(c.pair)
        if not c.why.strip():
            p.append(f"{label}: 'why' is empty")
        a, b = by_id[c.a], by_id[c.b]
        same_event = a.event == b.event
        if c.kind in SAME_EVENT_KINDS and not same_event:
            p.append(f"{label}: {c.kind.value} is only for claims of the same event")
        if c.kind is ConflictKind.CUMULATIVE:
            if same_event:
                p.append(f"{label}: cumulative relates two different events")
            if (a.actor, a.measure, a.target) != (b.actor, b.measure, b.target):
                p.append(f"{label}: cumulative needs the same actor, measure and target")
    return p


def validate_gold(gold_dir: str | Path, seeds_dir: str | Path) -> list[str]:
    """Every problem in the gold set, as readable lines; an empty list means the gold set is sound.

    Checks: JSON and field types; vocabularies (hedge, measure, unit, scope, modality, conflict kind);
    unique gold ids; ``text[start:end] == number_text`` and ``text[sentence_start:sentence_end] ==
    quote`` against ``read_article`` of the seed; intervals consistent with the hedge; actor/target
    codes ISO alpha-3 or in ``NON_ISO_CODES``; date windows; one actor/measure/target/scope per event;
    conflicts reference existing ids, no duplicates, kinds consistent with events.
    """
    gold_dir, seeds_dir = Path(gold_dir), Path(seeds_dir)
    if not gold_dir.is_dir():
        return [f"{gold_dir}: not a directory"]
    claims, conflicts, _articles, problems = _parse(gold_dir)
    if not _gold_files(gold_dir):
        problems.append(f"{gold_dir}: no gold files")
    ids = [c.gold_id for c in claims]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"duplicate gold_id {dup}")
    texts: dict[str, str | None] = {}
    for claim in claims:
        stem = Path(claim.article).stem
        if claim.article not in texts:
            try:
                texts[claim.article] = read_article(seeds_dir / claim.article).text
            except IngestError as exc:
                problems.append(f"{claim.gold_id}: cannot read seed {claim.article}: {exc.reason}")
                texts[claim.article] = None
        text = texts[claim.article]
        if text is not None:
            problems.extend(_check_claim(claim, text, stem))
    problems.extend(_check_events(claims))
    problems.extend(_check_conflicts(conflicts, {c.gold_id: c for c in claims}))
    return problems


def _repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def main(argv: Iterable[str] | None = None) -> int:
    """``python -m reconcile.evaluation.gold [GOLD_DIR [SEEDS_DIR]]``: print problems, return 1 if any."""
    args = list(sys.argv[1:] if argv is None else argv)
    gold_dir = Path(args[0]) if args else _repo_root() / "eval" / "gold"
    seeds_dir = Path(args[1]) if len(args) > 1 else _repo_root() / "seeds"
    problems = validate_gold(gold_dir, seeds_dir)
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s) in {gold_dir}", file=sys.stderr)
        return 1
    gold = load_gold(gold_dir)
    events = {c.event for c in gold.claims}
    positives = sum(1 for c in gold.conflicts if c.kind in POSITIVE_KINDS)
    print(
        f"ok: {len(gold.claims)} claims in {len(gold.articles)} articles, {len(events)} events, "
        f"{len(gold.conflicts)} conflict pairs ({positives} to flag)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
