"""What a profile is: the one schema of the topic knowledge the engine loads as data.

A profile says which quantities a beat counts (``measures``), how figures of each behave over time
(``kind``), which words name them and their units, which checks apply to the model's answers, which
fields group claims into events, and worked examples. The engine (numbers, sentences, dates,
grounding, store, grouping, typing) never tests a profile's name: everything topic-specific it needs
is a field here. The file format is TOML (``profiles/<name>/profile.toml`` + ``examples.toml``);
validation fills defaults, so ``Profile.model_dump()`` is the resolved profile a run records
(hashed in ``Profile.digest``), after spaCy's "a config is validated and can be written back whole".
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterator
from enum import StrEnum
from functools import cached_property
from typing import Literal, TypeVar

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reconcile.core.claims import MeasureKind
from reconcile.errors import PatternTooSlow

T = TypeVar("T")

NOT_A_CLAIM = "none"  # the measure code the model answers for a number that is not a claim


class NumberClass(StrEnum):
    """The classes of numbers (from the deterministic finder) a measure can be counted in."""

    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"
    MEASURE = "measure"  # a physical quantity with a unit: magnitude 6.1, 10 km, 3 tonnes


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


PATTERN_SECONDS = 0.25  # one search (the regex module stops a few times later); sound patterns take microseconds
PATTERN_TRIES = 20  # time-outs in a row with less CPU than that (the machine was busy) before giving up


class BoundedPattern:
    """A profile's word pattern, matched by the ``regex`` module with a time limit on every call.

    Why: a profile is data a newsroom writes, and a pattern such as ``(a+)+$`` backtracks
    exponentially: with ``re`` a run hung in one search, in C, where not even Ctrl-C reached it. The
    ``regex`` module stops a match after ``timeout`` seconds and lets signals through while it works;
    a pattern that times out is a ``PatternTooSlow`` (exit code 2) naming the pattern, not a hang.
    ``Measure`` also probes each pattern when the profile is loaded (``_probe``), so ``profile check``
    and the start of a run refuse the common catastrophic shapes before any article is read.
    """

    __slots__ = ("_pattern", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._pattern = regex.compile(source, regex.IGNORECASE | regex.VERSION0)

    def search(self, text: str, pos: int = 0) -> regex.Match[str] | None:
        return self._bounded(lambda: self._pattern.search(text, pos, timeout=PATTERN_SECONDS), text)

    def finditer(self, text: str) -> Iterator[regex.Match[str]]:
        """Every match, found before the first is yielded (one timed call: a retry cannot repeat a match)."""
        yield from self._bounded(lambda: list(self._pattern.finditer(text, timeout=PATTERN_SECONDS)), text)

    def _bounded(self, call: Callable[[], T], text: str) -> T:
        """``call()``, or ``PatternTooSlow`` once this thread has itself *spent* ``PATTERN_SECONDS`` on it.

        Why CPU time and not only the regex module's (wall-clock) limit: on a busy machine (two cores, dozens
        of threads waiting on endpoints, other processes) a search of a sentence that takes microseconds of
        CPU can be descheduled past 0.25 s of wall time and time out; a pattern that backtracks burns the
        CPU itself. A time-out without the CPU to show for it is the machine's, and the search is run again.
        """
        spent = 0.0
        for _ in range(PATTERN_TRIES):
            started = time.thread_time()
            try:
                return call()
            except TimeoutError as exc:
                spent += time.thread_time() - started
                if spent >= PATTERN_SECONDS:
                    raise PatternTooSlow(self.source, len(text), PATTERN_SECONDS) from exc
        raise PatternTooSlow(self.source, len(text), PATTERN_SECONDS)


def _words_regex(words: tuple[str, ...]) -> BoundedPattern | None:
    """One case-insensitive pattern for a list of words/regex fragments, matched on word boundaries."""
    if not words:
        return None
    return BoundedPattern(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")


def _probe(word: str) -> None:
    """Refuse a fragment that backtracks catastrophically on a short probe (a run of one character and
    then a character that ends no match): the shape that hangs ``(a+)+$`` or ``(\\w+\\s?)+$``. The
    time limit of ``BoundedPattern`` stays the guarantee; this finds the common cases at load time."""
    pattern = regex.compile(word, regex.IGNORECASE | regex.VERSION0)
    alphabet = dict.fromkeys("a0 " + "".join(c for c in word if c.isalnum()))
    for char in list(alphabet)[:24]:
        for tail in ("!", "\n"):
            try:
                pattern.search(char * 40 + tail, timeout=PROBE_SECONDS)
            except TimeoutError as exc:
                raise ValueError(
                    f"{word!r} backtracks catastrophically (a repeat inside a repeat?): it took over "
                    f"{PROBE_SECONDS:g} s on {len(char) * 40 + 1} characters; rewrite it without nested repeats"
                ) from exc


PROBE_SECONDS = 0.2


def _valid_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """Word fragments that compile (Python's syntax, which the docs promise; ``regex`` matches a superset)
    and pass ``_probe``."""
    for word in words:
        try:
            re.compile(word)
        except re.error as exc:
            raise ValueError(f"{word!r} is not a valid regular expression: {exc}") from exc
        _probe(word)
    return words


Role = Literal["actor", "target", "source"]  # who acts, on whom, who says so
ROLE_KEYS: dict[str, str] = {"actor": "who", "target": "whom", "source": "src"}  # the answer's short keys


class Measure(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,30}$", description="stable code stored in claims.measure")
    label: str = Field(description="what it counts, in a few words; shown to the model")
    kind: MeasureKind
    numbers: tuple[NumberClass, ...] = (NumberClass.COUNT,)
    words: tuple[str, ...] = Field(
        default=(),
        description="regex fragments that name it; when given, the text around the number must contain one",
    )
    units: tuple[str, ...] = Field(default=("people",), description="allowed unit classes; the first is the default")
    taxonomy: str | None = Field(default=None, description="where it comes from, e.g. 'GDELT KILL; ACLED fatalities'")
    worded: bool = Field(
        default=False,
        description="figures are compared only when the article's words for what is counted match (a catch-all)",
    )
    roles: tuple[Role, ...] = Field(
        default=("actor", "target", "source"),
        description="the parties a figure of this measure has: the request asks the model only for these",
    )

    @field_validator("words")
    @classmethod
    def _compiles(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        return _valid_words(words)

    @cached_property
    def word_pattern(self) -> BoundedPattern | None:
        return _words_regex(self.words)

    def named_in(self, text: str) -> bool:
        """Does ``text`` contain a word naming this measure? (True when the measure lists no words.)"""
        return self.word_pattern is None or self.word_pattern.search(text.replace("’", "'")) is not None


class UnitClass(_Strict):
    """A class of counted things, with the words that name it; ``parent`` contains it (diplomats ⊂ staff)."""

    words: tuple[str, ...] = ()
    parent: str | None = None
    persons: bool = False  # counts people: a who/whom that names them ("23 pirates" captured) may be a party

    @field_validator("words")
    @classmethod
    def _compiles(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        return _valid_words(words)

    @cached_property
    def word_pattern(self) -> BoundedPattern | None:
        return _words_regex(self.words)


class Checks(_Strict):
    """Which text-grounded checks of the model's answers apply (``extract/validate.py``, ``extract/attribution.py``)."""

    actor_required: bool = False  # a claim must name who acts
    actor_must_be_party: bool = False  # the actor must resolve to a country or body
    directed: tuple[str, ...] = ()  # measures where the actor acts on another party: actor != target
    counted_owner_is_target: bool = False  # "35 Russian diplomats": the nationality counted is the target
    implicit_one: tuple[str, ...] = ()  # singular nouns that count one ("its ambassador" = 1)
    counted_is_target: tuple[str, ...] = ()  # measures whose counted people are the target ("23 pirates" arrested)
    counted_is_actor: tuple[str, ...] = ()  # measures whose counted people, as their clause's subject, act
    # ("40 rioters stormed the hall")


class Answer(_Strict):
    """The model's reading of one number, as an example shows it (keys as in the response model)."""

    number: str = Field(description="the number as written in the example text (the finder must propose it)")
    m: str = Field(description="measure code, or 'none' when the number is not a claim")
    who: str | None = None
    whom: str | None = None
    where: str | None = None
    src: str | None = None
    mod: str | None = None
    scope: str | None = None


class Example(_Strict):
    """A worked example: a sentence (and optional previous sentence), with an answer for every number."""

    context: str | None = None
    text: str
    answers: tuple[Answer, ...]


class Profile(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_-]{1,40}$")
    description: str
    version: int = 1
    instructions: str = Field(default="", description="extra guidance for the model, written fresh for this beat")
    grouping_keys: tuple[str, ...] = ("place", "actor", "target")
    measures: tuple[Measure, ...]
    units: dict[str, UnitClass] = Field(default_factory=dict)
    checks: Checks = Checks()
    party_words: tuple[str, ...] = Field(
        default=(),
        description="regex fragments of common nouns that name a party or a source (police, organisers); the"
        " engine marks them as party mentions the model may choose, next to countries, bodies and names",
    )
    state_words: tuple[str, ...] = Field(
        default=(),
        description="regex fragments that, after a country or its adjective, still name that country"
        ' ("the German government", "Spain\'s foreign ministry"): one party mention with the country\'s code',
    )
    examples: tuple[Example, ...] = ()

    @field_validator("party_words", "state_words")
    @classmethod
    def _party_words_compile(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        return _valid_words(words)

    @cached_property
    def party_pattern(self) -> BoundedPattern | None:
        return _words_regex(self.party_words)

    @cached_property
    def state_pattern(self) -> BoundedPattern | None:
        return _words_regex(self.state_words)

    @field_validator("grouping_keys")
    @classmethod
    def _known_keys(cls, keys: tuple[str, ...]) -> tuple[str, ...]:
        unknown = set(keys) - {"place", "actor", "target", "source"}
        if unknown:
            raise ValueError(f"unknown grouping keys {sorted(unknown)}; use place, actor, target, source")
        return keys

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        codes = [m.code for m in self.measures]
        if len(set(codes)) != len(codes):
            raise ValueError(f"duplicate measure codes in {codes}")
        if NOT_A_CLAIM in codes:
            raise ValueError(f"{NOT_A_CLAIM!r} is reserved for numbers that are not claims")
        known_units = {"people", "currency", "percent", *self.units}
        for measure in self.measures:
            missing = [u for u in measure.units if u not in known_units and not _is_measure_unit(u)]
            if missing:
                raise ValueError(f"measure {measure.code!r}: units {missing} are not declared under [units]")
        for name, unit in self.units.items():
            if unit.parent is not None and unit.parent not in self.units:
                raise ValueError(f"unit {name!r}: parent {unit.parent!r} is not declared under [units]")
        for listed in (*self.checks.directed, *self.checks.counted_is_target, *self.checks.counted_is_actor):
            if listed not in codes:
                raise ValueError(f"checks names {listed!r}, which is not a measure")
        return self

    def measure(self, code: str) -> Measure | None:
        return next((m for m in self.measures if m.code == code), None)

    @property
    def measure_codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.measures)

    @property
    def counted_word_measures(self) -> tuple[str, ...]:
        """Measures whose figures grouping keys on the head of what is counted: the catch-alls
        (``worded``), where "5 floors" and "3 cars" are never one figure."""
        return tuple(m.code for m in self.measures if m.worded)

    def unit_ancestors(self, unit: str) -> tuple[str, ...]:
        """``unit`` and the classes that contain it, innermost first (diplomats, staff)."""
        chain = [unit]
        while (parent := self.units[chain[-1]].parent if chain[-1] in self.units else None) is not None:
            if parent in chain:
                break
            chain.append(parent)
        return tuple(chain)

    def counts_persons(self, unit: str) -> bool:
        """Whether ``unit`` (or a class containing it) is declared to count people (``persons = true``)."""
        return any(self.units[u].persons for u in self.unit_ancestors(unit) if u in self.units)

    @cached_property
    def digest(self) -> str:
        """Hash of the resolved profile: what makes extractions under it comparable."""
        body = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(body.encode()).hexdigest()[:12]


# Units the engine reads from the number itself (core.numbers), valid in any profile.
_MEASURE_UNITS = re.compile(
    r"^(?:[A-Z]{3}|percentage_point|magnitude|km|m|cm|mm|mi|mi2|ft|km2|hectares|acre|kg|tonnes|lb|l|gal|bbl|kmh|mph|kn"
    r"|celsius|fahrenheit|degrees|MW|GW|kWh|votes|seats)$"
)


def _is_measure_unit(unit: str) -> bool:
    return bool(_MEASURE_UNITS.match(unit))
