"""Which numbers of a text are worth a model call under a profile.

The deterministic finder proposes every number with its class (count, money, percent, a physical
measure; or a year, a duration, a date...). A number is a candidate when some measure of the active
profile can be counted in its class: the expulsions profile never asks about money, the news profile
does. This is the profile's rule, never a guess about a kind of number the profile counts. The
profile also names the singular nouns that count one (``checks.implicit_one``: "its ambassador").
"""

from __future__ import annotations

from reconcile.core.numbers import find_numbers, implicit_counts, number_kind
from reconcile.core.types import NumberMention
from reconcile.normalize.parties import names_party
from reconcile.profile.spec import NumberClass, Profile


def number_class(text: str, mention: NumberMention) -> NumberClass | None:
    """The class of a mention, or ``None`` for kinds no measure counts (durations, stocks left...)."""
    try:
        return NumberClass(str(number_kind(text, mention)))
    except ValueError:
        return None


def accepted_classes(profile: Profile) -> frozenset[NumberClass]:
    return frozenset(cls for measure in profile.measures for cls in measure.numbers)


def candidates(text: str, profile: Profile, *, language: str | None = None) -> list[NumberMention]:
    """The mentions of ``text`` (read in ``language``, English by default) that some measure of
    ``profile`` can count, in text order."""
    wanted = accepted_classes(profile)
    found = [m for m in find_numbers(text, language, names_party=names_party) if number_class(text, m) in wanted]
    if not profile.checks.implicit_one or NumberClass.COUNT not in wanted:
        return found
    implicit = [
        m for m in implicit_counts(text, profile.checks.implicit_one)
        if not any(m.span.start < other.span.end and other.span.start < m.span.end for other in found)
    ]  # fmt: skip
    return sorted([*found, *implicit], key=lambda m: m.span.start)
