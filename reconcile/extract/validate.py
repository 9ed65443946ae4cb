"""Checks of the model's attributions against the text, phrased so the model can fix them on a re-ask.

Each problem names the number id and says what is wrong in plain words; instructor sends the joined
message back to the model (bounded re-asks). What still fails afterwards is dropped by
``ground.py`` and recorded as a rejection — never stored as fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from reconcile.extract.schema import NumberAttribution
from reconcile.normalize.parties import find_parties, owner_parties, resolve_parties
from reconcile.normalize.vocab import Action, Unit, normalize_action, normalize_unit

_DIRECTED_ACTIONS = frozenset({Action.EXPEL, Action.PERSONA_NON_GRATA})


@dataclass(frozen=True)
class WindowContext:
    """The text the model saw for one request: the previous sentence (context) and the marked sentence."""

    text: str  # context + sentence, unmarked
    number_texts: dict[str, str]  # N1 -> "40"
    counted: dict[str, str] = field(default_factory=dict)  # N1 -> "Russian diplomats" (core.numbers.counted_phrase)

    @cached_property
    def party_codes(self) -> frozenset[str]:
        return frozenset(mention.code for mention in find_parties(self.text))

    @cached_property
    def action(self) -> Action:
        """The action the window's wording names, ``OTHER`` when it names none."""
        return normalize_action(self.text)


def mentioned(phrase: str, window: WindowContext) -> bool:
    """Is ``phrase`` (case-insensitive, or any party it names) present in the window?"""
    if phrase.casefold() in window.text.casefold():
        return True
    codes = set(resolve_parties(phrase))
    return bool(codes) and codes <= window.party_codes


def attribution_problems(number_id: str, item: NumberAttribution, window: WindowContext) -> list[str]:
    """Problems with one attribution; empty when it can be stored (or is not a claim)."""
    if not item.claim:
        return []
    label = f"{number_id} ({window.number_texts.get(number_id, '?')})"
    missing = [name for name in ("actor", "action", "unit") if getattr(item, name) in (None, "")]
    if missing:
        return [f"{label}: claim is true but {', '.join(missing)} is missing"]
    problems = []
    assert item.actor is not None
    if not resolve_parties(item.actor):
        problems.append(
            f"{label}: actor {item.actor!r} is not a country or body; name the country (or EU, the West...) that acts"
        )
    elif not mentioned(item.actor, window):
        problems.append(f"{label}: actor {item.actor!r} is not mentioned in the text; name who acts as the text does")
    if window.action is Action.OTHER:
        problems.append(
            f"{label}: the text around it mentions no expulsion, persona non grata, closure or recall; "
            "set claim to false"
        )
    phrase = window.counted.get(number_id, "")
    if item.action in _DIRECTED_ACTIONS:
        # whose people: the model's target, or else what the words after the number say (as ground.py does)
        target_codes = set(resolve_parties(item.target or "")) or {p.code for p in owner_parties(phrase)}
        if target_codes and set(resolve_parties(item.actor)) == target_codes:
            problems.append(
                f"{label}: actor and target are both {item.actor!r}; the actor is the country that expels, "
                "the target is the country whose diplomats must leave"
            )
    problems.extend(_counted_problems(label, item, phrase))
    if item.unit is Unit.AMBASSADOR and window.number_texts.get(number_id, "").isdigit():
        value = int(window.number_texts[number_id])
        if value > 1:
            problems.append(f"{label}: {value} is more than one ambassador; use unit 'diplomats' or 'staff'")
    return problems


_PEOPLE = re.compile(r"\b(?:people|persons|personnel|officials|employees|workers|members|officers|agents|spies)\b")


def _counted_problems(label: str, item: NumberAttribution, phrase: str) -> list[str]:
    """What the words right after the number say it counts, against the model's reading.

    "300,000 Ukrainians" counts Ukrainians, so its target cannot be Russia; "dozens of bodies" counts
    no one a government expels. Parties after "from" are where people were sent from, not whose they
    are ("40 from Germany"), so they are left out.
    """
    parties = owner_parties(phrase)
    codes = {p.code for p in parties}
    target_codes = set(resolve_parties(item.target)) if item.target else set()
    if codes and target_codes and not codes & target_codes:
        names = ", ".join(sorted({p.text for p in parties}))
        return [f"{label}: the text counts {phrase!r}, people of {names}; the target is whose people are counted"]
    counts_no_one = not codes and not _PEOPLE.search(phrase.lower()) and normalize_unit(phrase) is Unit.OTHER
    if phrase.lower().startswith("of ") and counts_no_one:
        return [f"{label}: it counts {phrase[3:]!r}, not people or premises of a diplomatic mission; set claim false"]
    return []


def problems_in(attributions: dict[str, NumberAttribution], window: WindowContext) -> list[str]:
    return [problem for key, item in attributions.items() for problem in attribution_problems(key, item, window)]
