"""What the model saw for one request, as the checks and repairs of its answer read it.

Why a module of its own: the checks (``extract.validate``) and the grammar that settles who acts and who
says so (``extract.attribution``) both read it, and neither should import the other for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from reconcile.extract.party_mentions import Party, find_party_mentions
from reconcile.extract.reporting import Speaker, find_speakers
from reconcile.normalize.parties import find_parties
from reconcile.profile.spec import NumberClass, Profile

__all__ = ["WindowContext", "fold", "party_ids", "window_parties"]


def party_ids(count: int) -> list[str]:
    return [f"P{i}" for i in range(1, count + 1)]


def window_parties(text: str, sentence_start: int, positions: dict[str, int], numbers: dict[str, str],
                   profile: Profile) -> tuple[Party, ...]:  # fmt: skip
    """The party mentions of a window (context and sentence), never over one of its marked numbers."""
    spans = [(at, at + len(numbers.get(key, ""))) for key, at in positions.items()]
    starts = (0, sentence_start) if sentence_start else (0,)
    return tuple(find_party_mentions(text, profile, numbers=spans, sentence_starts=starts))


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
    parties: tuple[Party, ...] = ()  # the party mentions marked P1, P2... in text order (window offsets)
    context_at: int = 0  # where the context sentence starts in the article
    sentence_at: int = 0  # where the marked sentence starts in the article
    language: str = "en"  # the article's: which registered rules apply (``core.rules``; the party rules are English)

    @property
    def sentence(self) -> str:
        return self.text[self.sentence_start :]

    @cached_property
    def ids(self) -> dict[str, Party]:
        return dict(zip(party_ids(len(self.parties)), self.parties, strict=True))

    @cached_property
    def speakers(self) -> dict[str, tuple[Party, Speaker]]:
        """The speakers of the window's reporting constructions (``extract.reporting``), ``S1``, ``S2``... in
        text order, context first. Not marked for the model: who gives a figure is read from the grammar
        (``attribution.source_reported``), and a speaker is stored, like any party, as a span of the text."""
        found: list[tuple[Party, Speaker]] = []
        context = self.text[: self.sentence_start - 1] if self.sentence_start else ""
        for base, sentence in ((0, context), (self.sentence_start, self.sentence)):
            for speaker in find_speakers(sentence) if sentence else ():
                words = sentence[speaker.start : speaker.end]
                found.append((Party(base + speaker.start, base + speaker.end, words, None, "speaker"), speaker))
        return {f"S{i}": item for i, item in enumerate(found, start=1)}

    def party(self, party_id: str | None) -> Party | None:
        if not party_id:
            return None
        if party_id in self.ids:
            return self.ids[party_id]
        spoken = self.speakers.get(party_id)
        return spoken[0] if spoken is not None else None

    def codes(self, party_id: str | None) -> frozenset[str]:
        """The codes the chosen mention resolves to (empty for a word or a name the gazetteer does not know)."""
        party = self.party(party_id)
        return party.codes if party is not None else frozenset()

    def id_of(self, party: Party) -> str | None:
        return next((key for key, p in self.ids.items() if p == party), None)

    def id_at(self, start: int, end: int) -> str | None:
        """The id of the mention that overlaps window offsets ``start``..``end`` (the first one)."""
        return next((key for key, p in self.ids.items() if p.start < end and start < p.end), None)

    def in_sentence(self, party: Party) -> bool:
        return party.start >= self.sentence_start

    def article_span(self, party: Party) -> tuple[int, int]:
        """Where ``party`` is in the article: the window is the context, a line break and the sentence."""
        base = self.sentence_at - self.sentence_start if self.in_sentence(party) else self.context_at
        return base + party.start, base + party.end

    @cached_property
    def party_codes(self) -> frozenset[str]:
        return frozenset(mention.code for mention in find_parties(self.text))


def fold(text: str) -> str:
    """Case- and apostrophe-insensitive form, for "is this phrase in the text" tests."""
    return text.replace("’", "'").casefold()
