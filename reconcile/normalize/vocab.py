"""The expulsions topic's vocabularies (``Action``, ``Unit``) and the mapping of wording onto them.

Why here and not in ``reconcile.core``: the engine knows no topic. These enums are what the current
expulsion-specific answer schema (``reconcile.extract.schema``), its checks and ``ground.py`` speak; the
lead is moving this knowledge into the ``profiles/expulsions/`` profile, after which this module goes.
``ground.py`` maps them onto the general claim (``ACTION_MEASURES``: the measure an action counts).

Why a mapping at all: the model (and the articles) say "threw out", "declared undesirable", "ordered to
leave", "embassy workers", "people working for the embassy". Events can only be grouped, and
disagreements only detected, on a closed vocabulary. The mapping is a list of patterns, tried together;
the earliest match in the phrase wins, because in a verb or noun phrase the first content word is the
head ("close two consulates and expel 14 staff" is a closing; "spies posing as diplomats" are spies).
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from reconcile.core.claims import Modality

EXPULSIONS_PROFILE = "expulsions"


# The docstrings of ``Action`` and ``Unit`` are part of the answer schema sent to the model (and so of
# the recorded requests' hashes): do not edit them.
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


# The general claim's measure for each action: declaring persona non grata is how an expulsion is done.
ACTION_MEASURES: dict[Action, str] = {
    Action.EXPEL: "expelled",
    Action.PERSONA_NON_GRATA: "expelled",
    Action.CLOSE: "closed",
    Action.RECALL: "recalled",
    Action.OTHER: "other",
}


# (pattern, value). Longer phrases are listed before the words they contain, so at one position the
# phrase wins ("intelligence officers" before "officers", "diplomatic staff" before "staff").
_ACTION_PATTERNS: tuple[tuple[str, Action], ...] = (
    (r"personae?\s+non\s+gratae?|non\s+grata|undesirabl\w*", Action.PERSONA_NON_GRATA),
    (r"clos(?:e|es|ed|ing|ure|ures)|shut(?:s|ting)?(?:\s+down)?|shutter\w*", Action.CLOSE),
    (r"recall\w*|withdr(?:aw|aws|awn|awing|ew)", Action.RECALL),
    (
        r"expel\w*|expuls\w*|deport\w*|evict\w*|eject\w*|oust\w*|banish\w*|repatriat\w*"
        r"|(?:throw|throws|threw|thrown|throwing|kick|kicks|kicked|kicking|order|orders|ordered|ordering)"
        r"\s+(?:[\w’']+\s+){0,5}?out"
        r"|(?:order|orders|ordered|ordering|told|tells|tell|given|gave|give|gives)\s+(?:[\w’']+\s+){0,6}?to\s+leave"
        r"|(?:has|have|had|must|will)\s+(?:have\s+)?to\s+leave|leave\s+the\s+country"
        r"|(?:send|sends|sent|sending)\s+(?:[\w’']+\s+){0,3}?home",
        Action.EXPEL,
    ),
)

_UNIT_PATTERNS: tuple[tuple[str, Unit], ...] = (
    (
        r"(?:personnel|staff|officials|employees|workers|people|persons)\s+with\s+diplomatic\s+status"
        r"|diplomatic\s+(?:staff|personnel|officials|officers|workers|corps|employees)"
        r"|diplomats?",
        Unit.DIPLOMATS,
    ),
    (
        r"intelligence\s+(?:officers?|agents?|officials?|operatives?|personnel|staff)"
        r"|spies|spy|agents?|operatives?",
        Unit.INTELLIGENCE_OFFICERS,
    ),
    (r"ambassadors?(?![’']s)|envoys?(?![’']s)", Unit.AMBASSADOR),
    (r"consulates?(?:[\s-]+general)?|consular\s+(?:offices?|posts?|missions?)|embassies", Unit.CONSULATES),
    (
        r"(?:embassy|consulate|consular|mission)\s+(?:staff|workers|employees|personnel|officials|members)"
        r"|(?:people|persons|individuals)\s+working\s+(?:for|at|in)"
        r"|staff(?:ers|\s+members)?|members\s+of\s+(?:the\s+)?staff|personnel|employees|workers|officials"
        r"|people|persons|individuals|representatives",
        Unit.STAFF,
    ),
)


def _compile(patterns: tuple[tuple[str, object], ...]) -> re.Pattern[str]:
    groups = "|".join(f"(?P<g{i}>{p})" for i, (p, _) in enumerate(patterns))
    return re.compile(rf"(?<!\w)(?:{groups})(?!\w)", re.IGNORECASE)


_ACTION_RE = _compile(_ACTION_PATTERNS)
_UNIT_RE = _compile(_UNIT_PATTERNS)
_UNION_GAP = re.compile(r"^[\s,]*(?:and|or|&|plus|as\s+well\s+as)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _normal(text: str) -> str:
    return text.replace("’", "'").replace("\u00a0", " ")


@lru_cache(maxsize=4096)
def normalize_action(text: str) -> Action:
    """The ``Action`` a verb phrase names; the first action word in the phrase decides.

    expel / expulsion / threw out / ordered to leave / deport(ation) / "have to leave" -> EXPEL;
    declared undesirable / persona non grata -> PERSONA_NON_GRATA; close (a consulate) -> CLOSE;
    recall / withdraw -> RECALL; anything else -> OTHER.
    """
    m = _ACTION_RE.search(_normal(text))
    if m is None or m.lastgroup is None:
        return Action.OTHER
    return _ACTION_PATTERNS[int(m.lastgroup[1:])][1]


@lru_cache(maxsize=4096)
def normalize_unit(text: str) -> Unit:
    """The ``Unit`` a noun phrase counts; its head (first unit word) decides.

    "personnel with diplomatic status" -> DIPLOMATS; staff / embassy workers / personnel / officials /
    employees / "people working for the embassy" -> STAFF; ambassador -> AMBASSADOR; consulates ->
    CONSULATES; intelligence officers / spies / agents -> INTELLIGENCE_OFFICERS; else OTHER.
    A union "diplomats and embassy workers" counts the wider class, STAFF.
    """
    normal = _normal(text)
    matches = [(m, _UNIT_PATTERNS[int(m.lastgroup[1:])][1]) for m in _UNIT_RE.finditer(normal) if m.lastgroup]
    if not matches:
        return Unit.OTHER
    head_match, head = matches[0]
    if head is Unit.DIPLOMATS and len(matches) > 1:
        nxt, unit = matches[1]
        if unit is Unit.STAFF and _UNION_GAP.match(normal[head_match.end() : nxt.start()]):
            return Unit.STAFF
    return head


# Which unit classes contain which: an ambassador is a diplomat, diplomats are embassy staff, and
# intelligence officers under cover are staff (usually, not always, accredited as diplomats).
_PARENT: dict[Unit, Unit] = {
    Unit.AMBASSADOR: Unit.DIPLOMATS,
    Unit.DIPLOMATS: Unit.STAFF,
    Unit.INTELLIGENCE_OFFICERS: Unit.STAFF,
}


def _ancestors(unit: Unit) -> set[Unit]:
    chain = {unit}
    while unit in _PARENT:
        unit = _PARENT[unit]
        chain.add(unit)
    return chain


def unit_class_compatible(a: Unit, b: Unit) -> bool:
    """True when counts in units ``a`` and ``b`` measure the same thing, so different values disagree.

    Only the same class is compatible. Nested classes are not: STAFF ⊇ DIPLOMATS, so "14 staff" and
    "7 diplomats" about Estonia's expulsion are a unit difference (seven of the fourteen had diplomatic
    status), not a contradiction; likewise DIPLOMATS ⊇ AMBASSADOR and STAFF ⊇ INTELLIGENCE_OFFICERS.
    OTHER is compatible with nothing, itself included: an unknown unit cannot ground a disagreement.
    Use ``units_overlap`` to ask whether two claims could still be about the same people.
    """
    return a == b and a is not Unit.OTHER


def units_overlap(a: Unit, b: Unit) -> bool:
    """True when one class contains the other (or they are equal): the claims may count the same people.

    Useful for grouping claims into one event; not a licence to compare their values.
    """
    if Unit.OTHER in (a, b):
        return False
    return a in _ancestors(b) or b in _ancestors(a)


# Words that settle whether an action is done or only announced. The one nearest the number (before
# it, or just after it: "35 diplomats are set to be expelled") governs it.
_ANNOUNCED_CUES = (
    r"announc\w*|would|will|is\s+to|are\s+to|set\s+to|plans?\s+to|planning\s+to|intends?\s+to"
    r"|decid\w*|agree\w*"
)
_DONE_CUES = (
    r"expelled|expelling|threw\s+out|thrown\s+out|kicked\s+out|declared|marked|deported|turned\s+down"
    r"|ha(?:s|ve)\s+given|closed|recalled|carried\s+out"
)
_MODALITY_CUES = re.compile(rf"(?<!\w)(?:(?P<announced>{_ANNOUNCED_CUES})|(?P<done>{_DONE_CUES}))(?!\w)", re.IGNORECASE)
AFTER_NUMBER_REACH = 40  # characters after the number in which a cue can still govern it


def modality_cue(sentence: str, start: int, end: int) -> Modality | None:
    """Done or announced, from the verb nearest the number at ``sentence[start:end]``; ``None`` if no cue.

    "France said it would expel 35" is announced; "Russia has expelled at least 45" is done; "35
    diplomats are set to be expelled" is announced ("set to" is nearer than "expelled"). Threats and
    denials are left to the reader of the whole sentence (the model): they have no reliable cue word.
    """
    best: tuple[int, Modality] | None = None
    for match in _MODALITY_CUES.finditer(sentence):
        if match.end() <= start:
            distance = start - match.end()
        elif match.start() >= end and match.start() - end <= AFTER_NUMBER_REACH:
            distance = match.start() - end
        else:
            continue
        modality = Modality.ANNOUNCED if match.group("announced") else Modality.DONE
        if best is None or distance < best[0]:
            best = (distance, modality)
    return best[1] if best else None
