"""Checks of the model's attributions against the text, phrased so the model can fix them on a re-ask.

Which checks apply is the profile's choice (``Profile.checks``); the checks themselves know no topic.
Each problem names the number id and says what is wrong in plain words; instructor sends the joined
message back to the model (bounded re-asks). What still fails afterwards is dropped by the extractor
and recorded as a rejection — never stored as fact.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection
from typing import Any

from reconcile.core.rules import Rule, Stage, Trace, declare, run_chain
from reconcile.extract.attribution import apply_rules, target_codes
from reconcile.extract.schema import NumberAttribution, SentenceAnswer
from reconcile.extract.window import WindowContext
from reconcile.normalize.parties import owner_parties
from reconcile.normalize.units import counts_unit, last_unit_in, unit_of
from reconcile.profile.spec import NOT_A_CLAIM, ROLE_KEYS, Measure, NumberClass, Profile

__all__ = [
    "WindowContext",
    "attribution_problems",
    "counted_unit",
    "named_problems",
    "nearest_named_measure",
    "problems_in",
    "repair",
    "repaired",
]  # fmt: skip


def _named(measure: Measure, number_id: str, window: WindowContext) -> bool:
    """Does the text name ``measure`` for this number? In the number's own sentence; or in the sentence
    before, when the words after the number name one of the measure's units ("the 17 people concerned")
    or, for profiles whose counted nationality is the target, the nationality the article's figures count
    ("40 Russians"). "300,000 Ukrainians who sought protection" after a sentence about expelling Russian
    diplomats names neither."""
    if measure.named_in(window.sentence):
        return True
    if not measure.named_in(window.text):
        return False
    phrase = window.counted.get(number_id, "")
    unit = unit_of(phrase, window.profile)
    if unit is not None and unit in measure.units:
        return True
    # "40 Russians" in an article whose figures count Russians: the people the article is about
    owners = {p.code for p in owner_parties(phrase)}
    return window.profile.checks.counted_owner_is_target and bool(owners) and owners == {window.main_target}


def counted_unit(number_id: str, window: WindowContext) -> str | None:
    """The profile unit class the words after a count name ("AK rifles" -> weapons), if any. Money,
    percentages and physical measures carry their unit in the number itself ("$2.5 million worth of
    jewellery" is money, whatever the jewellery is)."""
    if window.classes.get(number_id, NumberClass.COUNT) is not NumberClass.COUNT:
        return None
    phrase = window.counted.get(number_id, "")
    at = window.positions.get(number_id)
    written = unit_of(_MORE.sub("", phrase), window.profile)  # "20 more people", "the other three people"
    if (
        written is None
        and at is not None
        and (_ANAPHOR_AFTER.match(phrase) or _ANAPHOR_BEFORE.search(window.text, 0, at))
    ):
        return _antecedent_unit(at, window)
    return written


def _antecedent_unit(at: int, window: WindowContext) -> str | None:
    """What an anaphoric count counts: the unit of the last count before it in the sentence ("170,000
    people ... and tens of thousands more", "four robbers, two of whom"), else of the last unit word
    before it ("the skiffs tried to escape. While two of them...")."""
    earlier = [(p, key) for key, p in window.positions.items() if p < at]
    for _, key in sorted(earlier, reverse=True):
        unit = unit_of(window.counted.get(key, ""), window.profile)
        if unit is not None:
            return unit
    return last_unit_in(window.text[:at], window.profile)


# A number written with a decimal fraction and no scale word ("9.1", "6,2"; not "1.5 million", not "1,500").
_FRACTION = re.compile(r"\d+[.,]\d{1,2}")
# A count whose noun is the one named before it: "two of them", "two of whom", "several more", "the other three".
_ANAPHOR_AFTER = re.compile(r"(?:of\s+(?:them|whom|those|these|which)|more)\b", re.IGNORECASE)  # not "others": people
# ... or a part of the set named before it: "two of the bombs fell in the camp, including one close to the school".
_ANAPHOR_BEFORE = re.compile(r"\b(?:the\s+other|including|among\s+them)\s+\Z", re.IGNORECASE)
_MORE = re.compile(r"^more\s+", re.IGNORECASE)  # "more people": the noun after "more" is written out


def nearest_named_measure(
    number_id: str, window: WindowContext, unit: str | None = None, *, before: bool = False, skip: Collection[str] = ()
) -> str | None:
    """The measure whose naming word is nearest the number, among those that count its class (and,
    when the words after the number name a unit class, that class).

    ``before``: with a unit and no such measure named in the sentence, one named only in the previous
    sentence qualifies when it declares that unit, as ``_named`` accepts it ("The three boats had 26
    crew aboard" after "three boats were captured"). ``skip``: measures that cannot count this number."""
    number_class = window.classes.get(number_id, NumberClass.COUNT)
    at = window.positions.get(number_id)
    profile = window.profile
    best: tuple[int, str] | None = None
    for measure in profile.measures:
        pattern = measure.word_pattern
        if pattern is None or number_class not in measure.numbers or measure.code in skip:
            continue
        if unit is not None and not counts_unit(measure, unit, profile):
            continue
        for match in pattern.finditer(window.sentence.replace("’", "'")):
            start, end = match.start() + window.sentence_start, match.end() + window.sentence_start
            distance = 0 if at is None else min(abs(start - at), abs(end - at))
            if best is None or distance < best[0]:
                best = (distance, measure.code)
    if best is None and unit is not None and before:
        declaring = (m for m in profile.measures if number_class in m.numbers and unit in m.units)
        return next((m.code for m in declaring if m.named_in(window.text)), None)
    return best[1] if best else None


# After a length: a place it is measured from ("55 km south of Bireun", "within 20 miles of Tel Aviv", "9 km
# from the border") or a size ("a crater two metres wide"): where something is, or how big, not how much of
# the event. A conversion in brackets is read the same way: "9 km (5.6 miles) from the border".
# (A depth, "10 km deep" or "a depth of 10 km", is neither.)
_LOCATES_OR_SIZES = re.compile(
    r"\s*-?(?:km|kms|kilomet\w*|mi|miles?|m|metres?|meters?|ft|feet|foot|yards?)\b\)?(?:\s*\([^)]{0,30}\))?"
    r"\s*(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ward|ern)?\s+of\b|from\b|away\b|off\b"
    r"|of\s+[A-Z]|wide\b|long\b|high\b|tall\b|across\b|in\s+diameter\b)"
)


def _locates_or_sizes(number_id: str, window: WindowContext) -> bool:
    """Is this number a length that places or sizes something (``_LOCATES_OR_SIZES``)?"""
    at = window.positions.get(number_id)
    if at is None or window.classes.get(number_id) is not NumberClass.MEASURE:
        return False
    return _LOCATES_OR_SIZES.match(window.text, at + len(window.number_texts.get(number_id, ""))) is not None


def _catch_all(number_class: NumberClass, profile: Profile) -> str | None:
    """The measure that needs no naming word for this class of number ("other"), if the profile has one."""
    return next((m.code for m in profile.measures if m.word_pattern is None and number_class in m.numbers), None)


def _own_measure(number_class: NumberClass, profile: Profile) -> str | None:
    """The measure that takes every number of this class and only those, needing no naming word (the news
    profile's ``money`` for money), if the profile has one: a better answer than the catch-all."""
    return next(
        (m.code for m in profile.measures if m.numbers == (number_class,) and m.word_pattern is None and not m.worded),
        None,
    )


# The repairs as registered rules (``core.rules``), in the order ``repair`` runs them.
_LOCATES = declare("repair.locates_or_sizes", Stage.REPAIR, "a length that places or sizes something is no claim")
_ROLES = declare("repair.roles_of_measure", Stage.REPAIR, "only the roles the measure has, only marked party ids")
_FRACTION_PERSONS = declare(
    "repair.fraction_counts_no_people", Stage.REPAIR, '"a 9.1 temblor" counts no people: another measure'
)
_OWN_MEASURE = declare("repair.own_measure", Stage.REPAIR, "the catch-all for an amount of money: the money measure")
_UNIT_MEASURE = declare(
    "repair.measure_counts_unit", Stage.REPAIR, "a measure that cannot count the words after the number: one that can"
)
_NAMED_MEASURE = declare(
    "repair.measure_not_named", Stage.REPAIR, "a measure the sentence does not name: the nearest named one, or none"
)


def repair(
    number_id: str, item: NumberAttribution, window: WindowContext, trace: Trace | None = None
) -> NumberAttribution:
    """Fix, from the text, what the text settles better than a re-ask would.

    A measure the number's own sentence does not name ("participants" for "300,000 Ukrainians who
    sought protection") becomes the measure whose word is nearest the number in that sentence, if one
    is; with no measure named at all it is not a claim. A measure that cannot count what the words
    after the number name ("arrested" for "six AK rifles", "displaced" for "four bombs": the profile's
    unit classes against each measure's units) becomes the nearest named measure that can, else the
    profile's catch-all; the catch-all itself, for a class of number the profile has a measure of its
    own for (money), becomes that measure. A number written with a fraction ("a 9.1 temblor") counts no
    people: a measure of people becomes the nearest named measure of anything else, else the catch-all.
    Who acts, on whom and who says so are then settled by the sentence's grammar where it decides
    (``extract.attribution.RULES``). One deterministic step instead of another model call.
    """
    if not item.is_claim:
        return item
    trace = trace if trace is not None else Trace()
    language, profile_name = window.language, window.profile.name
    steps: list[tuple[Rule, Callable[[NumberAttribution], NumberAttribution]]] = [
        (_LOCATES, lambda it: _not_located(number_id, it, window)),
        (_ROLES, lambda it: _roles_of_measure(it, window)),
    ]
    item = run_chain(steps, item, language, profile_name, trace)
    if not item.is_claim:
        return item
    item = apply_rules(number_id, item, window, trace)
    measure_rule, repaired_item = _measure_of(number_id, item, window)
    if measure_rule is not None and measure_rule.applies(language, profile_name) and repaired_item != item:
        trace.fired(measure_rule.name)
        return repaired_item
    return item


def _not_located(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    if _locates_or_sizes(number_id, window) and not any(
        m.word_pattern is not None and NumberClass.MEASURE in m.numbers and m.named_in(window.sentence)
        for m in window.profile.measures
    ):
        return item.model_copy(update={"m": NOT_A_CLAIM})  # a measure the profile names may count it (an epicentre)
    return item


def _measure_of(
    number_id: str, item: NumberAttribution, window: WindowContext
) -> tuple[Rule | None, NumberAttribution]:
    """The measure the text settles for the number, and the rule that settled it (None: the model's stands)."""
    profile = window.profile
    measure = profile.measure(item.m)
    number_class = window.classes.get(number_id, NumberClass.COUNT)
    if measure is not None and _FRACTION.fullmatch(window.number_texts.get(number_id, "")):
        persons = [m.code for m in profile.measures if m.units and all(profile.counts_persons(u) for u in m.units)]
        if measure.code in persons:  # "a 9.1 temblor" counts no one: people come whole
            fitting = nearest_named_measure(number_id, window, skip=persons) or _catch_all(number_class, profile)
            return _FRACTION_PERSONS, item.model_copy(update={"m": fitting or NOT_A_CLAIM})
    unit = counted_unit(number_id, window)
    if measure is not None and number_class in measure.numbers and _named(measure, number_id, window):
        if unit is None or counts_unit(measure, unit, profile):
            own = _own_measure(number_class, profile)
            if measure.worded and own is not None:  # "other" for an amount of money: the money measure
                return _OWN_MEASURE, item.model_copy(update={"m": own})
            return None, item
        fitting = nearest_named_measure(number_id, window, unit, before=True) or _catch_all(number_class, profile)
        return _UNIT_MEASURE, item if fitting is None else item.model_copy(update={"m": fitting})
    fallback = (
        (nearest_named_measure(number_id, window, unit) if unit is not None else None)
        or nearest_named_measure(number_id, window)
        or _own_measure(number_class, profile)  # an amount of money called "physical": money, not "other"
        or _catch_all(number_class, profile)
        or NOT_A_CLAIM
    )
    return _NAMED_MEASURE, item.model_copy(update={"m": fallback})


def _roles_of_measure(item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """Only the roles the measure has, and only ids the window marks (the grammar enforces both for the
    model; this holds for any answer, a repaired measure's too)."""
    measure = window.profile.measure(item.m)
    roles = measure.roles if measure is not None else ()
    update = {
        key: None
        for role, key in ROLE_KEYS.items()
        if getattr(item, key) is not None and (role not in roles or window.party(getattr(item, key)) is None)
    }
    return item.model_copy(update=update) if update else item


# The checks that reject an answer (after the re-asks), as registered rules (``core.rules``).
_UNKNOWN_MEASURE = declare("check.unknown_measure", Stage.CHECK, "the answer's measure is not the profile's")
_CLASS = declare("check.number_class", Stage.CHECK, "the measure cannot count this class of number (money, percent)")
_NOT_NAMED = declare("check.measure_named", Stage.CHECK, "the text names no word of the measure near the number")
_ACTOR = declare("check.actor_required", Stage.CHECK, "the profile needs who acts and the answer has none")
_ACTOR_PARTY = declare("check.actor_is_party", Stage.CHECK, "who acts must be a country or body for this profile")
_SELF = declare("check.self_target", Stage.CHECK, "who and whom are the same party of a directed measure")
_OWNER = declare("check.counted_owner", Stage.CHECK, '"300,000 Ukrainians" are no one else\'s people')
_COUNTS_NOTHING = declare("check.counts_nothing", Stage.CHECK, "it counts nothing the profile's measures count")


def attribution_problems(number_id: str, item: NumberAttribution, window: WindowContext) -> list[str]:
    """Problems with one attribution; empty when it can be stored (or is not a claim)."""
    return [message for _, message in named_problems(number_id, item, window)]


def named_problems(number_id: str, item: NumberAttribution, window: WindowContext) -> list[tuple[Rule, str]]:
    """Each problem with the check (a registered rule) that found it; those that do not apply to the window's
    language or profile are not run."""
    return [
        (check, message)
        for check, message in _problems(number_id, item, window)
        if check.applies(window.language, window.profile.name)
    ]


def _problems(number_id: str, item: NumberAttribution, window: WindowContext) -> list[tuple[Rule, str]]:
    if not item.is_claim:
        return []
    profile = window.profile
    label = f"{number_id} ({window.number_texts.get(number_id, '?')})"
    measure = profile.measure(item.m)
    if measure is None:
        return [(_UNKNOWN_MEASURE, f"{label}: {item.m!r} is not one of {', '.join(profile.measure_codes)}, none")]
    problems: list[tuple[Rule, str]] = []
    number_class = window.classes.get(number_id, NumberClass.COUNT)
    if number_class not in measure.numbers:
        fitting = [m.code for m in profile.measures if number_class in m.numbers]
        return [(_CLASS, f"{label}: it is a {number_class} amount, so m must be one of {', '.join(fitting)}, or none")]
    if not _named(measure, number_id, window):
        problems.append(
            (_NOT_NAMED, f"{label}: the text names no {measure.label} near it; choose the m the text names, or none")
        )
    checks = profile.checks
    if checks.actor_required and not item.who:
        problems.append((_ACTOR, f"{label}: who is missing; choose the id of the party that acts"))
    actor = window.party(item.who)
    if actor is not None and checks.actor_must_be_party and not actor.codes:
        problems.append((_ACTOR_PARTY,
            f"{label}: who {item.who} ({actor.text}) is not a country or body; choose the country (or EU...) that acts"
        ))  # fmt: skip
    phrase = window.counted.get(number_id, "")
    if item.m in checks.directed and actor is not None:
        targets = target_codes(number_id, item, window)
        if targets and set(actor.codes) == targets:
            problems.append((_SELF,
                f"{label}: who and whom are both {actor.text!r}; who is the one that acts, whom the one acted on"
            ))  # fmt: skip
    if checks.counted_owner_is_target:
        problems.extend(_counted_problems(label, item, phrase, window))
    return problems


def _counted_problems(
    label: str, item: NumberAttribution, phrase: str, window: WindowContext
) -> list[tuple[Rule, str]]:
    """What the words right after the number say it counts, against the model's reading.

    "300,000 Ukrainians" counts Ukrainians, so its target cannot be Russia; "dozens of bodies" counts
    nothing the profile's units name. Parties after "from" are where people were sent from, not whose
    they are ("40 from Germany"), so they are left out.
    """
    profile = window.profile
    parties = owner_parties(phrase)
    codes = {p.code for p in parties}
    target_codes = set(window.codes(item.whom))
    if codes and target_codes and not codes & target_codes:
        names = ", ".join(sorted({p.text for p in parties}))
        return [(_OWNER, f"{label}: the text counts {phrase!r}, people of {names}; whom is whose people are counted")]
    counts_nothing_known = not codes and unit_of(phrase, profile) is None  # the profile's unit words decide
    if phrase.lower().startswith("of ") and counts_nothing_known:
        return [
            (
                _COUNTS_NOTHING,
                f"{label}: it counts {phrase[3:]!r}, which is none of this profile's measures; set m to none",
            )
        ]
    return []


def problems_in(attributions: dict[str, NumberAttribution], window: WindowContext) -> list[str]:
    return [problem for key, item in attributions.items() for problem in attribution_problems(key, item, window)]


def repaired(attributions: dict[str, NumberAttribution], window: WindowContext) -> dict[str, NumberAttribution]:
    return {key: repair(key, item, window) for key, item in attributions.items()}


def check_answer(answer: SentenceAnswer, window: WindowContext) -> None:
    """Repair a parsed answer in place (``repair``), then raise ``ValueError`` with its problems, if any: the
    model validator of every answer model runs this, so instructor re-asks with the problems as feedback."""
    for name, item in repaired(answer.attributions(), window).items():
        object.__setattr__(answer, name, item)
    problems = problems_in(answer.attributions(), window)
    if problems:
        raise ValueError("; ".join(problems))


def answer_context(window: WindowContext) -> dict[str, Any]:
    """The validation context of an answer about ``window``: the window and the checks to run against it."""
    return {"window": window, "check": functools.partial(check_answer, window=window)}  # picklable, unlike a lambda
