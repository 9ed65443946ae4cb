"""Who acts, on whom, and who says so: what the sentence's grammar settles about the model's answer.

Why: a small model swaps actor and target ("Russia expelled 35 Russian diplomats"), takes a party from the
sentence before ("after the German announcement, France said it would expel..."), or leaves the source out
when the sentence opens with it ("Police said about 15,000 people marched"). These are English sentence
patterns, read deterministically and applied by ``extract.validate.repair`` before any re-ask: one cheap
step instead of another model call. Which of them apply is the profile's choice (``Profile.checks``:
``directed`` measures, ``actor_required``, ``counted_owner_is_target``); the patterns know no topic.
"""

from __future__ import annotations

import re

from reconcile.extract.schema import NumberAttribution
from reconcile.extract.window import WindowContext, fold
from reconcile.normalize.parties import BODIES, NON_ISO_CODES, find_parties, is_demonym, owner_parties, resolve_parties

__all__ = ["actor_done_from", "actor_said_it", "drop_self_target", "fix_direction", "source_said", "target_codes"]


def target_codes(number_id: str, item: NumberAttribution, window: WindowContext) -> set[str]:
    """Whose people: the model's ``whom``, or else what the words after the number say (as ground.py does)."""
    phrase = window.counted.get(number_id, "")
    return set(resolve_parties(item.whom or "")) or {p.code for p in owner_parties(phrase)}


def drop_self_target(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """A directed figure whose actor is its own target ("who: Russian diplomats") names no actor, when the
    profile does not require one (a passive: "325 Russian diplomats were expelled"): drop ``who`` rather
    than spend a re-ask on it."""
    if window.profile.checks.actor_required or item.m not in window.profile.checks.directed or not item.who:
        return item
    codes = target_codes(number_id, item, window)
    if codes and set(resolve_parties(item.who)) == codes:
        return item.model_copy(update={"who": None})
    return item


def fix_direction(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """Who acts on whose people, when the model swapped them: "Russia's ambassador" and "35 Russian
    diplomats" are Russia's people, so Russia is the target, and an actor equal to that owner is the
    model's swap of actor and target. ("45 diplomats from Poland" is left to the model: "from" names
    whose diplomats after "Russia expelled", but where they were sent from after "Russian diplomats".)
    """
    phrase = window.counted.get(number_id, "")
    owner_text = window.owners.get(number_id) or " ".join(p.text for p in owner_parties(phrase))
    owner_codes = set(resolve_parties(owner_text)) if owner_text else set()
    who_codes = set(resolve_parties(item.who or ""))
    whom_codes = set(resolve_parties(item.whom or ""))
    if owner_codes and who_codes == owner_codes:
        if whom_codes and whom_codes != owner_codes:
            return item.model_copy(update={"who": item.whom, "whom": item.who})
        return item.model_copy(update={"who": None, "whom": owner_text})
    return item


_FROM = re.compile(r"\s+from\s+")
_FROM_REACH = 5  # "from the European Union": the party may follow "from" after an article


def _is_region(code: str) -> bool:
    """A loose group ("Europe", "the West", "the Baltic states"): no body that decides anything."""
    return code in NON_ISO_CODES and code not in BODIES


def actor_done_from(item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """A directed measure's word followed by "from" and a party names who acts: diplomats "expelled from
    the European Union" were expelled by the EU, whoever the model (or the sentence before) says. The
    verb settles it, unlike "45 from Poland" after a count, which ``fix_direction`` leaves alone. A
    region ("expelled from Europe") decides nothing: a passive stays without an actor, unless the profile
    requires one; then the region's countries ("expelled from countries across the globe") are the
    actor of an aggregate, the most the text says, rather than a figure dropped."""
    regions_act = window.profile.checks.actor_required
    measure = window.profile.measure(item.m)
    pattern = measure.word_pattern if measure is not None else None
    if pattern is None:
        return item
    sentence = window.sentence.replace("’", "'")
    for match in pattern.finditer(sentence):
        after = _FROM.match(sentence, match.end())
        if after is None:
            continue
        parties = find_parties(sentence[after.end() : after.end() + 60])
        if not parties or parties[0].start > _FROM_REACH or (_is_region(parties[0].code) and not regions_act):
            continue
        if is_demonym(parties[0].text):  # "expelled from the Russian embassy": whose embassy, not who acts
            continue
        party = parties[0]
        if set(resolve_parties(item.who or "")) == {party.code}:
            return item
        return item.model_copy(update={"who": party.text})
    return item


# Who gives a figure, when the sentence opens with its speaker ("Police said about 15,000 people marched") or
# names one with "according to": the subject of a speech verb before the number (at most five words, no pronoun;
# an apposition may follow it: "The organisers, a coalition of unions, put the turnout at 80,000").
_SPEAKER_OPENS = re.compile(
    r"\s*[\"“]?(?P<who>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,4}?)(?:,[^,]{1,60},)?\s+"
    r"(?:said|says|told|estimated|estimates|reported|reports|put|puts|counted|counts)\b"
)
_WHO_WORD = r"(?!(?:who|which|that|and|on|in|at|after|before)\b)[\w'’-]+"
_ACCORDING_TO = re.compile(rf"\baccording\s+to\s+(?P<who>{_WHO_WORD}(?:\s+{_WHO_WORD}){{0,3}})")
# ... or closes with it: "Three people died, police said."
_SPEAKER_CLOSES = re.compile(
    rf",\s+(?P<who>{_WHO_WORD}(?:\s+{_WHO_WORD}){{0,3}}?)\s+(?:said|says|reported|reports|told\s+\w+)\s*[.!]?[\"”]?\s*\Z"
)
_PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "you", "this", "that", "there", "one"})


def source_said(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """Who gives the figure, when the number's own sentence names its speaker: its opening speaker before
    the number, "according to X", or a closing ", X said". Used when the model left ``src`` out, or gave
    one that only the sentence before names (the police of the previous sentence are not the organisers
    of this one). English grammar; the phrase is the text's own words."""
    if not item.is_claim or (item.src and fold(item.src) in fold(window.sentence)):
        return item
    at = window.positions.get(number_id)
    if at is None:
        return item
    sentence = window.sentence
    number_at = at - window.sentence_start
    for found in (_SPEAKER_OPENS.match(sentence), _ACCORDING_TO.search(sentence), _SPEAKER_CLOSES.search(sentence)):
        if found is None or (found.re is _SPEAKER_OPENS and found.end() > number_at):
            continue
        who = found.group("who")
        if who.split()[0].casefold() not in _PRONOUNS:
            return item.model_copy(update={"src": who})
    return item


# "<party> said it would expel 25": the party is the subject of a speech verb whose "it" does the acting.
_SAID_IT = re.compile(
    r"\s*,?\s*(?:said|says|announced|announces|confirmed|confirms|declared|declares|stated|states)"
    r"(?:\s+on\s+\w+)?(?:\s+that)?\s+it\s+(?:would|will|was|is|had|has|plans|planned|intends|intended)\b"
)


def actor_said_it(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """The subject of a speech verb acts: in "Spain said it would expel 25 Russian diplomats" Spain is who
    acts, whatever other party the sentence names ("after the Polish decision"). English grammar, read
    from the number's own sentence: the last party before the number directly followed by such a speech
    verb and "it", with the measure's word, no comma and no other party (a nationality may describe the
    counted people) between it and the number."""
    measure = window.profile.measure(item.m)
    at = window.positions.get(number_id)
    if measure is None or measure.word_pattern is None or at is None:
        return item
    sentence = window.sentence.replace("’", "'")
    before = sentence[: max(0, at - window.sentence_start)]
    for party in reversed(find_parties(before)):
        said = _SAID_IT.match(before, party.end)
        if said is None or is_demonym(party.text) or _is_region(party.code):
            continue
        between = before[said.end() :]
        if measure.word_pattern.search(between) is None or "," in between:
            return item
        if any(not is_demonym(p.text) for p in find_parties(between)):  # "..., after Venezuela had ordered three"
            return item
        if set(resolve_parties(item.who or "")) == {party.code}:
            return item
        return item.model_copy(update={"who": party.text})
    return item
