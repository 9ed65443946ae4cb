"""What the model saw for one request, as the checks and repairs of its answer read it.

Why a module of its own: the checks (``extract.validate``) and the grammar that settles who acts and who
says so (``extract.attribution``) both read it, and neither should import the other for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from reconcile.normalize.parties import find_parties
from reconcile.profile.spec import NumberClass, Profile

__all__ = ["WindowContext", "fold"]


@dataclass(frozen=True)
class WindowContext:
    """The text the model saw for one request: the previous sentence (context) and the marked sentence."""

    text: str  # context + sentence, unmarked
    number_texts: dict[str, str]  # N1 -> "40"
    profile: Profile
    counted: dict[str, str] = field(default_factory=dict)  # N1 -> "Russian diplomats" (core.numbers.counted_phrase)
    classes: dict[str, NumberClass] = field(default_factory=dict)  # N1 -> count / money / percent / measure
    positions: dict[str, int] = field(default_factory=dict)  # N1 -> offset of the number in ``text``
    sentence_start: int = 0  # where the marked sentence begins in ``text`` (after the context)
    owners: dict[str, str] = field(default_factory=dict)  # N1 -> "Russia's" before an implicit count
    main_target: str | None = None  # whose people most of the article's numbers count (ground.ArticleContext)

    @property
    def sentence(self) -> str:
        return self.text[self.sentence_start :]

    @cached_property
    def party_codes(self) -> frozenset[str]:
        return frozenset(mention.code for mention in find_parties(self.text))


def fold(text: str) -> str:
    """Case- and apostrophe-insensitive form, for "is this phrase in the text" tests."""
    return text.replace("’", "'").casefold()
