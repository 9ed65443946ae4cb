"""The parties a request window names, found in the text before the model is asked, as numbers are.

Why: a small model asked to *write* who acted, on whom and who says so invents, paraphrases or borrows a
party from another sentence, and what it writes then has to be searched for in the text. Here the window's
party mentions are found deterministically and marked with ids (``[P1: Poland]``); the model only chooses
an id (an enum per request, plus ``none``), so every stored actor, target and source is a span of the
article with its offsets, by construction.

What counts as a mention (no NER model: gazetteers and light grammar, cheaper and predictable):

* countries, their adjectives and people, capitals and metonyms, bodies and blocs (``normalize.parties``:
  pycountry, countryinfo and small tables); a country followed by one of the profile's ``state_words``
  ("the German government", "Spain's foreign ministry", "Indian navy") is one mention with the country's code;
* a list of countries ("Italy, Spain and Denmark") is one mention: several parties acting together;
* the profile's ``party_words``, common nouns that name a party or a source ("police", "organisers");
* names: runs of capitalised words that are not a sentence's first word alone, a month or a day
  ("Sophie Wilmès", "Financial Times", "USGS"), and not a place the gazetteer knows (a place is ``where``);
* speakers the grammar finds: the subject of "said" before the number, "according to X", a closing ", X said".

Topic knowledge stays in the profile (its words); the engine knows English function words only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from reconcile.normalize.parties import BODIES, NON_ISO_CODES, find_parties, is_demonym
from reconcile.normalize.places import is_place_name
from reconcile.profile.spec import Profile

__all__ = ["MULTI_PARTY", "Party", "find_party_mentions", "speaker_spans"]

MULTI_PARTY = "MULTI"  # code of several named parties acting together (an aggregate)
MAX_PARTIES = 24  # a window names a handful; a longer list only costs prompt tokens


@dataclass(frozen=True, slots=True)
class Party:
    """One party mention of a window: ``text == window[start:end]``; ``code`` is an ISO alpha-3 or group
    code when the gazetteer resolves it, ``MULTI`` with ``members`` for a list, else ``None``."""

    start: int
    end: int
    text: str
    code: str | None
    kind: str  # country | list | word | name | speaker
    members: tuple[str, ...] = ()

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self.members) if self.members else frozenset({self.code} if self.code else ())

    @property
    def is_country(self) -> bool:
        """A state, a body or a list of them: what can act for a country ("Russian" alone is an adjective)."""
        return self.kind in ("country", "list") and self.code is not None and not is_demonym(self.text)


_POSSESSIVE = re.compile(r"['’]s?\s+|\s+")
_LIST_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)\Z")
# Capitalised words: a name may hold a lower-case particle between capitalised words ("Gulf of Aden").
_CAP = r"(?:[A-Z][\w'’.&-]*[\w.]|[A-Z])"
_NAME = re.compile(rf"(?<![\w'’]){_CAP}(?:\s+(?:(?:of|de|du|des|la|le|von|van|der|al|bin|da|di)\s+)?{_CAP})*")
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "to",
        "of",
        "with",
        "without",
        "but",
        "and",
        "or",
        "nor",
        "so",
        "yet",
        "if",
        "as",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "this",
        "that",
        "these",
        "those",
        "there",
        "then",
        "when",
        "while",
        "after",
        "before",
        "since",
        "also",
        "meanwhile",
        "however",
        "earlier",
        "later",
        "last",
        "next",
        "according",
        "among",
        "about",
        "around",
        "over",
        "under",
        "into",
        "during",
        "despite",
        "although",
        "though",
        "because",
        "until",
        "some",
        "many",
        "most",
        "several",
        "all",
        "both",
        "each",
        "every",
        "any",
        "no",
        "not",
        "one",
        "two",
        "three",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "why",
        "how",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "here",
        "now",
        "today",
        "yesterday",
        "tomorrow",
        "tonight",
        "once",
        "even",
        "only",
        "just",
        "still",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_SENTENCE_START = re.compile(r"(?:\A|[.!?][\"”’']?\s+|\n)\W*\Z")


def _state_end(text: str, end: int, profile: Profile) -> int:
    """Where a country mention followed by a state word ends ("Spain's foreign ministry"), else ``end``."""
    pattern = profile.state_pattern
    if pattern is None:
        return end
    glue = _POSSESSIVE.match(text, end)
    if glue is None:
        return end
    match = pattern.search(text[glue.end() : glue.end() + 40])
    return glue.end() + match.end() if match is not None and match.start() == 0 else end


def _countries(text: str, profile: Profile) -> list[Party]:
    """Gazetteer mentions, extended by state words, with adjacent lists of countries joined into one."""
    found = [
        Party(p.start, end, text[p.start : end], p.code, "country")
        for p in find_parties(text)
        for end in [_state_end(text, p.end, profile)]
    ]
    joined: list[Party] = []
    for party in found:
        last = joined[-1] if joined else None
        nameable = not is_demonym(party.text) and party.end - party.start == len(party.text)
        if (
            last is not None
            and nameable
            and last.kind in ("country", "list")
            and not is_demonym(last.text.split(",")[0].strip())
            and _LIST_GLUE.match(text[last.end : party.start])
            and _is_state(party.code)
            and all(_is_state(code) for code in last.codes)
        ):
            members = (*(last.members or (last.code or "",)), party.code or "")
            joined[-1] = Party(last.start, party.end, text[last.start : party.end], MULTI_PARTY, "list", members)
        else:
            joined.append(party)
    return joined


def _is_state(code: str | None) -> bool:
    return code is not None and (code not in NON_ISO_CODES or code in BODIES)


def _words(text: str, profile: Profile) -> list[Party]:
    pattern = profile.party_pattern
    if pattern is None:
        return []
    return [Party(m.start(), m.end(), m.group(), None, "word") for m in pattern.finditer(text)]


def _names(text: str) -> list[Party]:
    """Runs of capitalised words, without leading function words; a sentence's first word alone is not a name
    (unless written in capitals: "USGS"), and neither is a known place."""
    names: list[Party] = []
    for match in _NAME.finditer(text):
        words = list(re.finditer(r"\S+", match.group()))
        while words and words[0].group().strip(".,").casefold() in _FUNCTION_WORDS:
            words.pop(0)
        while words and words[-1].group().strip(".,").casefold() in _FUNCTION_WORDS:
            words.pop()
        if not words:
            continue
        start, end = match.start() + words[0].start(), match.start() + words[-1].end()
        while end > start and text[end - 1] in ".’'":
            end -= 1
        name = text[start:end]
        if len(words) == 1 and _SENTENCE_START.search(text[:start]) and not (name.isupper() and len(name) > 1):
            continue
        if len(name) < 2 or is_place_name(name):
            continue
        names.append(Party(start, end, name, None, "name"))
    return names


# Who gives a figure: the subject of a speech verb that opens the sentence ("Police said about 15,000 people
# marched"; an apposition may follow it), "according to X", or a closing ", X said".
SPEAKER_OPENS = re.compile(
    r"\s*[\"“]?(?P<who>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,4}?)(?:,[^,]{1,60},)?\s+"
    r"(?:said|says|told|estimated|estimates|reported|reports|put|puts|counted|counts)\b"
)
_WHO_WORD = r"(?!(?:who|which|that|and|on|in|at|after|before)\b)[\w'’-]+"
ACCORDING_TO = re.compile(rf"\baccording\s+to\s+(?P<who>{_WHO_WORD}(?:\s+{_WHO_WORD}){{0,3}})")
SPEAKER_CLOSES = re.compile(
    rf",\s+(?P<who>{_WHO_WORD}(?:\s+{_WHO_WORD}){{0,3}}?)\s+(?:said|says|reported|reports|told\s+\w+)\s*[.!]?[\"”]?\s*\Z"
)
PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "you", "this", "that", "there", "one"})


def speaker_spans(sentence: str) -> list[tuple[re.Match[str], int, int]]:
    """The speakers a sentence's grammar names, as (match, start, end) of the speaker phrase, in the order
    opening subject, "according to", closing ", X said"; pronouns are no speaker."""
    spans = []
    for found in (SPEAKER_OPENS.match(sentence), ACCORDING_TO.search(sentence), SPEAKER_CLOSES.search(sentence)):
        if found is not None and found.group("who").split()[0].casefold() not in PRONOUNS:
            spans.append((found, found.start("who"), found.end("who")))
    return spans


def _speakers(text: str, sentence_starts: Iterable[int]) -> list[Party]:
    speakers = []
    for at in sentence_starts:
        end = text.find("\n", at)
        sentence = text[at : end if end >= 0 else len(text)]
        for _, start, stop in speaker_spans(sentence):
            phrase = sentence[start:stop]
            speakers.append(Party(at + start, at + stop, phrase, None, "speaker"))
    return speakers


def find_party_mentions(
    text: str, profile: Profile, *, numbers: Iterable[tuple[int, int]] = (), sentence_starts: Iterable[int] = (0,)
) -> list[Party]:
    """The party mentions of a window ``text``, left to right, without overlaps and never over a number.

    Earlier sources win an overlap (countries, then the profile's words, names, speakers); a name or a
    speaker phrase that holds a profile word or a country takes it in ("Oregon State Police" is one name;
    "the foreign ministry" one speaker), and a country mention stays whole inside a longer name only when
    it is the name's first word ("Indian Navy" is India's)."""
    numbers = list(numbers)
    chosen: list[Party] = []

    def free(candidate: Party) -> bool:
        return not any(candidate.start < p.end and p.start < candidate.end for p in chosen) and not any(
            candidate.start < end and start < candidate.end for start, end in numbers
        )

    for candidate in _countries(text, profile):
        if free(candidate):
            chosen.append(candidate)
    for candidate in _names(text):
        leading = [p.end for p in chosen if p.start <= candidate.start < p.end or candidate.start == p.start]
        if leading:  # "Italian Foreign Minister Luigi Di Maio": the country's mention, then the name
            start = max(leading)
            start += len(text[start : candidate.end]) - len(text[start : candidate.end].lstrip())
            if candidate.end - start < 2 or not text[start].isupper():
                continue
            candidate = Party(start, candidate.end, text[start : candidate.end], None, "name")
        if free(candidate):
            chosen.append(candidate)
    for candidate in _words(text, profile):
        if free(candidate):
            chosen.append(candidate)
    for candidate in _speakers(text, sentence_starts):
        inside = [p for p in chosen if candidate.start <= p.start and p.end <= candidate.end]
        if inside:
            continue  # the speaker is already marked: "Police", "Sophie Wilmès"
        if free(candidate):
            chosen.append(candidate)
    chosen.sort(key=lambda p: p.start)
    return chosen[:MAX_PARTIES]
