"""The rule registry: every deterministic decision about a number, named, with where it applies.

Why: the finder's exclusions (``core.numbers``), the repairs of the model's answers (``extract.validate``,
``extract.attribution``), the checks that reject an answer and the grounding decisions (``ground``) are most
of the product's code. A reader asking why a number was dropped or a party changed needs the rule's name;
an English-only rule must not silently do nothing (or something wrong) on a German article. So each rule is
a ``Rule`` registered here with its stage, its languages and the profiles it applies to, and one driver
(``run_chain``) runs a stage's rules in their declared order, skipping those that do not apply, and says
which fired. Every claim and rejection stores the names that fired (``claims.rules``, ``rejections.rules``).

The registry knows no topic: a rule's profiles are names, the profiles' own data decides the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

__all__ = [
    "ALL", "NOT_RECORDED", "Rule", "Stage", "Trace", "applicable", "declare", "explained", "first_firing", "joined",
    "registered", "rule", "run_chain",
]  # fmt: skip

ALL: frozenset[str] = frozenset()  # a rule for every language (or every profile)


class Stage(StrEnum):
    """Where a rule runs, in the order a number meets them."""

    FINDER = "finder"  # a number-like string excluded before the model is asked (core.numbers)
    REPAIR = "repair"  # the model's answer fixed from the text (extract.validate)
    PARTY = "party"  # who acts, on whom, who says so, fixed from the sentence's grammar (extract.attribution)
    CHECK = "check"  # the model's answer rejected after the re-asks (extract.validate)
    GROUND = "ground"  # a claim built, a field dropped or the number rejected while grounding (ground)


@dataclass(frozen=True, slots=True)
class Rule:
    """One named decision. ``languages``/``profiles`` empty: it applies to every language/profile."""

    name: str  # "<stage>.<what>": "finder.population", "ground.actor_required"
    stage: Stage
    doc: str  # what it decides and why, one line
    languages: frozenset[str] = ALL
    profiles: frozenset[str] = ALL

    def applies(self, language: str | None, profile: str | None = None) -> bool:
        """Whether the rule runs on an article in ``language`` read with ``profile`` (None: not known)."""
        if self.languages and (language or "en") not in self.languages:
            return False
        return not (self.profiles and profile is not None and profile not in self.profiles)


_REGISTRY: dict[str, Rule] = {}  # in declared order (dicts keep insertion order)


def declare(name: str, stage: Stage, doc: str, *, languages: Iterable[str] = (), profiles: Iterable[str] = ()) -> Rule:
    """Register a rule (once: a second rule of the same name is a programming error) and return it."""
    if not name.startswith(f"{stage}."):
        raise ValueError(f"rule {name!r} must be named '{stage}.<what>'")
    made = Rule(name, stage, doc, frozenset(languages), frozenset(profiles))
    if _REGISTRY.get(name, made) != made:
        raise ValueError(f"rule {name!r} is declared twice")
    _REGISTRY[name] = made
    return made


def rule(name: str) -> Rule:
    """The registered rule called ``name`` (KeyError names the unknown rule)."""
    return _REGISTRY[name]


def registered(stage: Stage | None = None) -> tuple[Rule, ...]:
    """Every registered rule (of ``stage``), in declared order."""
    return tuple(r for r in _REGISTRY.values() if stage is None or r.stage is stage)


def applicable(rules: Iterable[Rule], language: str | None, profile: str | None = None) -> tuple[Rule, ...]:
    return tuple(r for r in rules if r.applies(language, profile))


class Trace(list[str]):
    """The names of the rules that fired on one number, in the order they fired (no repeats)."""

    def fired(self, name: str) -> None:
        rule(name)  # a name nobody declared is a typo, not a record
        if name not in self:
            self.append(name)


NOT_RECORDED = "rules not recorded (stored before rules were named: `reconcile run --redo` records them)"


def explained(stored: str | None, *, none: str) -> list[str]:
    """A stored ``rules`` column made readable: one "rule: what it decides" line per name, ``none`` when no rule
    fired (""), ``NOT_RECORDED`` for NULL (a row stored before the column). A name no longer registered (a
    database from an older version) is shown as it was stored."""
    if stored is None:
        return [NOT_RECORDED]
    if not stored:
        return [none]
    lines = []
    for name in stored.split(", "):
        known = _REGISTRY.get(name)
        lines.append(f"{name}: {known.doc}" if known else name)
    return lines


def joined(trace: Sequence[str]) -> str:
    """How a trace is stored: names joined by ", "; "" when no rule fired (NULL: not recorded)."""
    return ", ".join(trace)


T = TypeVar("T")


def run_chain(
    steps: Sequence[tuple[Rule, Callable[[T], T]]],
    subject: T,
    language: str | None,
    profile: str | None = None,
    trace: Trace | None = None,
) -> T:
    """Run ``steps`` in their declared order on ``subject``; a step whose rule does not apply to the language
    or profile is skipped; a step that returns something different from what it got fired (``trace``)."""
    for step_rule, step in steps:
        if not step_rule.applies(language, profile):
            continue
        changed = step(subject)
        if changed != subject and trace is not None:
            trace.fired(step_rule.name)
        subject = changed
    return subject


def first_firing(
    checks: Sequence[tuple[Rule, Callable[[], bool]]], language: str | None, profile: str | None = None
) -> Rule | None:
    """The first rule (in declared order) that applies and whose check holds: the finder's exclusions, where
    the first reason found is the one recorded."""
    for check_rule, check in checks:
        if check_rule.applies(language, profile) and check():
            return check_rule
    return None
