"""Who acts, on whom, and who says so: what the sentence's grammar settles about the model's choice of parties.

Why: a small model swaps actor and target ("Russia expelled 35 Russian diplomats"), takes a party from the
sentence before ("after the German announcement, France said it would expel..."), or leaves the source out
when the sentence opens with it ("Police said about 15,000 people marched"). These are English sentence
patterns, read deterministically and applied by ``extract.validate.repair`` after the model, before any
re-ask: one cheap step instead of another model call. Every rule chooses among the window's marked party
mentions (``WindowContext.parties``), as the model does, so its choice is a span of the text too.

Each rule has a name (``RULES``); ``RECONCILE_PARTY_RULES=off`` turns them all off so that the model's own
choice can be scored against them (the extractor version then says so, and stored articles are
re-extracted from the response cache), and ``RECONCILE_RULE_LOG=FILE`` appends one JSON line per change a
rule makes (rule, number, before, after), to measure each rule against gold labels. Which rules apply is
the profile's choice (``Profile.checks``, a measure's ``roles``); the patterns know no topic.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable

from reconcile.core.rules import Stage, Trace, declare
from reconcile.extract.party_mentions import Party
from reconcile.extract.reporting import LANGUAGES as REPORTING_LANGUAGES
from reconcile.extract.schema import NumberAttribution
from reconcile.extract.window import WindowContext
from reconcile.normalize.parties import BODIES, NON_ISO_CODES, is_demonym, owner_parties

__all__ = ["RULES", "apply_rules", "reported_source", "rules_enabled", "target_codes"]


def rules_enabled() -> bool:
    return os.environ.get("RECONCILE_PARTY_RULES", "on").strip().lower() not in ("off", "0", "false", "no")


def _has(window: WindowContext, item: NumberAttribution, role: str) -> bool:
    measure = window.profile.measure(item.m)
    return measure is not None and role in measure.roles


def target_codes(number_id: str, item: NumberAttribution, window: WindowContext) -> set[str]:
    """Whose people: the model's ``whom``, or else what the words after the number say (as ground.py does)."""
    phrase = window.counted.get(number_id, "")
    return set(window.codes(item.whom)) or {p.code for p in owner_parties(phrase)}


def _after_number(number_id: str, window: WindowContext) -> int:
    at = window.positions.get(number_id, 0)
    return at + len(window.number_texts.get(number_id, ""))


def _counted_parties(number_id: str, window: WindowContext) -> list[tuple[str, Party]]:
    """The marked mentions inside the words counted after the number ("Russian" in "35 Russian diplomats")."""
    start = _after_number(number_id, window)
    end = start + len(window.counted.get(number_id, "")) + 1
    return [(key, p) for key, p in window.ids.items() if start <= p.start and p.end <= end]


def _owner_id(number_id: str, window: WindowContext) -> str | None:
    """The mention that says whose people are counted: "Russian" in "35 Russian diplomats", "Russia's" before
    an implicit count ("Russia's ambassador"); not a country after "from" (where they were sent from)."""
    owner = window.owners.get(number_id)
    if owner is not None:
        at = window.positions.get(number_id, 0)
        before = [(key, p) for key, p in window.ids.items() if p.end <= at and p.codes and at - p.end <= 4]
        if before:
            return before[-1][0]
    start = _after_number(number_id, window)
    for key, party in _counted_parties(number_id, window):
        if (
            party.kind in ("country", "list")
            and party.code
            and not window.text[start : party.start].rstrip().lower().endswith("from")
        ):
            return key
    return None


def counted_owner_target(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """ "21 Russian diplomats", "Russia's ambassador": Russia's people, so Russia is the target, and an actor
    equal to that owner is the model's swap of actor and target. For profiles whose counted nationality is
    the target, and for directed measures."""
    checks = window.profile.checks
    if not (checks.counted_owner_is_target or item.m in checks.directed) or not _has(window, item, "target"):
        return item
    owner = _owner_id(number_id, window)
    if owner is None:
        return item
    owner_codes = window.codes(owner)
    if window.codes(item.who) == owner_codes:  # the model swapped them
        whom = item.whom if item.whom and window.codes(item.whom) != owner_codes else None
        return item.model_copy(update={"who": whom, "whom": owner})
    if window.codes(item.whom) != owner_codes:
        return item.model_copy(update={"whom": owner})
    return item


def counted_group_target(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """ "23 pirates" arrested: for the measures a profile lists (``checks.counted_is_target``), the people a
    party word counts right after the number are the ones acted on."""
    if item.m not in window.profile.checks.counted_is_target or not _has(window, item, "target"):
        return item
    words = [(key, p) for key, p in _counted_parties(number_id, window) if p.kind == "word"]
    if not words or item.whom == words[0][0]:
        return item
    if item.whom and window.codes(item.whom):  # "35 Russian diplomats": a country the model chose stays
        return item
    return item.model_copy(update={"whom": words[0][0], "who": None if item.who == words[0][0] else item.who})


# What may stand between a clause's start and its subject's number: "The", "At least", "A gang of", "Some".
_SUBJECT_OPENING = re.compile(
    r"(?:[\"“]?(?:the|a|an|some|about|around|nearly|almost|over|more\s+than|at\s+least|up\s+to|as\s+many\s+as|"
    r"an\s+estimated|a\s+(?:gang|group|crowd|band)\s+of)\s+)*\Z",
    re.IGNORECASE,
)


def counted_subject_actor(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """ "Four armed robbers burst into the bank", "5,000 marchers filled the square": for the measures a
    profile lists (``checks.counted_is_actor``), the party word the number counts, when the number opens
    its clause (only a determiner or a hedge before it), is the clause's subject: it acts and is not acted
    on. Not in a passive clause ("40 rioters were detained" counts those acted on)."""
    if item.m not in window.profile.checks.counted_is_actor or not _has(window, item, "actor"):
        return item
    at = window.positions.get(number_id, 0)
    clause_start = max([window.sentence_start, *(m.end() for m in re.finditer(r"[,;:]|\s-{1,2}\s", window.text[:at]))])
    if not _SUBJECT_OPENING.match(window.text[clause_start:at].lstrip()):
        return item
    words = [(key, p) for key, p in _counted_parties(number_id, window) if p.kind == "word"]
    if not words:
        return item
    key, party = words[0]
    after = window.text[party.end : party.end + 40]
    if _PASSIVE.match(after.strip()) or item.who == key:
        return item
    return item.model_copy(update={"who": key, "whom": None if item.whom == key else item.whom})


_FROM_PARTY = re.compile(r"\s*(?:[\w-]+\s+){0,3}?from\s+(?:the\s+)?\Z")


def _list_subject(number_id: str, window: WindowContext, item: NumberAttribution) -> str | None:
    """The subject of a list's first number, for the later numbers of "Russia has expelled 45 diplomats from
    Poland, 40 from Germany, 34 from France": the numbers before this one in its sentence, nearest first,
    joined to it by "N from X" items only."""
    at = window.positions.get(number_id, 0)
    earlier = sorted(((p, key) for key, p in window.positions.items() if window.sentence_start <= p < at), reverse=True)
    for position, key in earlier:
        between = window.text[position + len(window.number_texts.get(key, "")) : at]
        if not _LIST_ITEMS.match(between):
            return None
        subject = _subject_before(key, window, item)
        if subject is not None:
            return subject
        at = position
    return None


# What lies between two numbers of one "N from X" list: ' diplomats from Poland, ', ' from the Netherlands and '
_LIST_ITEMS = re.compile(r"(?:\s+[\w-]+){0,3}?\s+from\s+(?:the\s+)?[\w .'’-]{2,40}?(?:,\s*(?:and\s+)?|\s+and\s+)\Z")


def from_target(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """ "Russia has expelled 45 diplomats from Poland, 40 from Germany": after an actor's directed measure
    word, "N (diplomats) from <country>" names whose people they are. Without the measure's word before the
    number ("Russian diplomats have left their posts, including 40 from Germany") "from" says where they
    were sent from, and the rule keeps out."""
    checks = window.profile.checks
    measure = window.profile.measure(item.m)
    if item.m not in checks.directed or measure is None or measure.word_pattern is None:
        return item
    start = _after_number(number_id, window)
    end = start + len(window.counted.get(number_id, "")) + 20
    found = next(
        ((key, p) for key, p in window.ids.items() if start <= p.start < end and p.is_country
         and _FROM_PARTY.match(window.text[start : p.start])),
        None,
    )  # fmt: skip
    at = window.positions.get(number_id, 0)
    if found is None or measure.word_pattern.search(window.text[window.sentence_start : at].replace("’", "'")) is None:
        return item
    key, party = found
    actor = _subject_before(number_id, window, item) or _list_subject(number_id, window, item)
    if actor is None or window.codes(actor) == party.codes:
        return item
    if item.whom == key and item.who == actor:
        return item
    return item.model_copy(update={"who": actor, "whom": key})


_SPEECH = r"(?:said|says|announced|announces|confirmed|confirms|declared|declares|stated|states|added|adds)"
_SAID_IT = re.compile(
    rf"{_SPEECH}(?:\s+on\s+\w+)?(?:\s+that)?\s+(?:it|they)\s+(?:would|will|was|is|were|are|had|has|have|plans|planned|"
    r"intends|intended)\b"
)
_SPEECH_ONLY = re.compile(rf"{_SPEECH}\b|told\b|estimated\b|reported\b|put\b|puts\b")
_NOT_A_VERB = re.compile(r"(?:['’]s?\b|of\b|in\b|to\b|from\b|by\b|for\b|with\b|against\b|on\b|at\b|and\b|or\b|who\b)")
_SUBJECT_REACH = 12  # words between a subject and the number it governs


def _subject_before(number_id: str, window: WindowContext, item: NumberAttribution) -> str | None:
    """The mention that is the subject of the clause governing the number: the last party before the number
    in its sentence (a country's adjective only describes: "Russian"), followed by a verb (not "of", "'s",
    "from"...), with no comma, semicolon or other acting party between it and the number. The subject of a
    speech verb ("Police said about 15,000 people marched") is a source, not an actor, unless its "it" acts
    ("Spain said it would expel 25")."""
    at = window.positions.get(number_id)
    if at is None:
        return None
    before = [
        (key, p) for key, p in window.ids.items()
        if window.in_sentence(p) and p.end <= at and not is_demonym(p.text) and p.kind != "speaker"
    ]  # fmt: skip
    if not before:
        return None
    key, party = before[-1]
    between = window.text[party.end : at]
    words = between.split()
    if (
        not words
        or len(words) > _SUBJECT_REACH
        or re.search(r"[,;:()]", between)
        or _NOT_A_VERB.match(between.strip())
        or window.text[party.start - 4 : party.start].strip().lower() in ("by", "of", "to", "from", "in", "on")
    ):
        return None
    measure = window.profile.measure(item.m)
    announces = measure is not None and measure.word_pattern is not None and measure.named_in(between)
    if _SPEECH_ONLY.match(between.strip()) and not _SAID_IT.match(between.strip()) and not announces:
        return None  # "Police said 40 ..." speaks; "Moscow announced the expulsion of ten" acts
    if party.code is None and party.kind == "word" and window.profile.checks.actor_must_be_party:
        return None
    if party.code in NON_ISO_CODES and party.code not in BODIES and party.kind != "list":
        return None  # a region ("Europe") decides nothing
    return key


def subject_actor(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """The subject of the verb that governs the number acts: "Rome has marked 30 Russian diplomats as
    undesirable", "France said it would expel 35", "Gunmen abducted 11 farm workers" (``_subject_before``)."""
    if not _has(window, item, "actor"):
        return item
    subject = _subject_before(number_id, window, item)
    if subject is not None and subject == item.whom and item.m in window.profile.checks.directed and item.who:
        # "Belgium has decided to expel 21 people working for the Russian embassy": the model swapped them
        swapped = item.who if window.codes(item.who) != window.codes(subject) else None
        return item.model_copy(update={"who": subject, "whom": swapped})
    if subject is None or subject == item.who or subject == item.whom:
        return item
    if item.who and window.codes(item.who) and window.codes(item.who) == window.codes(subject):
        return item  # the same party, named twice
    owner = _owner_id(number_id, window)
    if owner is not None and window.codes(owner) == window.codes(subject) and window.codes(subject):
        return item  # "Russia's 40 diplomats": the owner is no actor
    return item.model_copy(update={"who": subject})


_BY = re.compile(r"\bby\s+(?:the\s+)?\Z")
_PASSIVE = re.compile(r"\b(?:been|were|was|are|is|be|being)\b")


def by_agent_actor(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """A passive's agent acts: "40 Russian diplomats have been declared undesirable by the German
    government". The first party after the number, right after "by", in the same clause (no comma between),
    with a passive auxiliary or the measure's word between them."""
    if not _has(window, item, "actor"):
        return item
    start = _after_number(number_id, window)
    measure = window.profile.measure(item.m)
    for key, party in window.ids.items():
        if party.start < start or not window.in_sentence(party):
            continue
        between = window.text[start : party.start]
        if re.search(r"[,;:]", between) or len(between.split()) > _SUBJECT_REACH:
            return item
        if not _BY.search(between):
            continue
        named = measure is not None and measure.word_pattern is not None and measure.named_in(between)
        if not (_PASSIVE.search(between) or named) or is_demonym(party.text):
            return item
        return item if item.who == key else item.model_copy(update={"who": key})
    return item


_FROM = re.compile(r"\s+from\s+(?:the\s+)?")


def done_from_actor(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """A directed measure's word followed by "from" and a party names who acts: diplomats "expelled from
    the European Union" were expelled by the EU. A region ("expelled from Europe") decides nothing: a
    passive stays without an actor, unless the profile requires one; then the region's countries
    ("expelled from countries across the globe") are the actor of an aggregate, the most the text says."""
    measure = window.profile.measure(item.m)
    if item.m not in window.profile.checks.directed or measure is None or measure.word_pattern is None:
        return item
    regions_act = window.profile.checks.actor_required
    sentence = window.sentence.replace("’", "'")
    for match in measure.word_pattern.finditer(sentence):
        after = _FROM.match(sentence, match.end())
        if after is None:
            continue
        at = window.sentence_start + after.end()
        found = next(((k, p) for k, p in window.ids.items() if p.start <= at < p.end and p.code), None)
        if found is None:
            continue
        key, party = found
        region = party.code in NON_ISO_CODES and party.code not in BODIES
        if is_demonym(party.text) or (region and not regions_act):  # "from the Russian embassy": whose
            continue
        return item if window.codes(item.who) == party.codes else item.model_copy(update={"who": key})
    return item


def context_actor(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """A country the sentence before names does not act in this sentence when this sentence names a country
    of its own before the number (other than whose people are counted): "France expelled 35. Germany
    announced that 40 ..." gives the 40 to Germany, not France."""
    actor = window.party(item.who)
    if actor is None or window.in_sentence(actor) or not _has(window, item, "actor"):
        return item
    at = window.positions.get(number_id, 0)
    owner_codes = window.codes(_owner_id(number_id, window)) | window.codes(item.whom)
    own = [
        key for key, p in window.ids.items()
        if window.in_sentence(p) and p.end <= at and p.is_country and p.codes - owner_codes
    ]  # fmt: skip
    if not own:
        return item
    return item.model_copy(update={"who": own[-1]})


def reported_source(number_id: str, window: WindowContext) -> str | None:
    """The id (``S1``...) of who the number's sentence says gives it (``WindowContext.speakers``): the
    reporting construction nearest before the number, else the first after it ("..., the coroner said."); a
    pronoun speaker ("he said") is the last speaker the sentence before names. ``None``: the article states
    the figure itself."""
    number_at = window.positions.get(number_id, 0)
    own = [(key, p, s) for key, (p, s) in window.speakers.items() if window.in_sentence(p)]
    before = [item for item in own if window.sentence_start + item[2].at < number_at]
    after = [item for item in own if window.sentence_start + item[2].at >= number_at]
    chosen = before[-1] if before else (after[0] if after else None)
    if chosen is None:
        return None
    if not chosen[2].pronoun:
        return chosen[0]
    named = [key for key, (p, s) in window.speakers.items() if not window.in_sentence(p) and not s.pronoun]
    return named[-1] if named else None


def source_reported(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """Who gives the figure is what the sentence's reporting construction says, and no one when it has none
    (the guideline's "null when the article states the figure itself"): the model, asked, names a source
    for nearly every number (the actor, a place, a demonym)."""
    if not _has(window, item, "source"):
        return item
    source = reported_source(number_id, window)
    return item if item.src == source else item.model_copy(update={"src": source})


def drop_self_target(number_id: str, item: NumberAttribution, window: WindowContext) -> NumberAttribution:
    """A directed figure whose actor is its own target names one of them wrongly; keep what the text settles.

    When the profile does not require an actor (a passive: "325 Russian diplomats were expelled"), ``who``
    goes. When it does and the counted words name the target ("21 Russian diplomats"), the actor is what is
    wrong and the model is asked again. Otherwise the target is the doubtful half: it goes and the actor stays
    ("its expulsion of some 200 diplomats": Russia acts, on nobody the sentence names), so the figure keeps its
    value and what is known of its parties instead of being dropped after re-asks that repeat the confusion."""
    if item.m not in window.profile.checks.directed or not item.who:
        return item
    codes = target_codes(number_id, item, window)
    if not codes or set(window.codes(item.who)) != codes:
        return item
    if not window.profile.checks.actor_required:
        return item.model_copy(update={"who": None})
    if _owner_id(number_id, window) is not None or item.whom is None:
        return item  # the counted words name the target: the actor is what is wrong, asked again
    return item.model_copy(update={"whom": None})


Rule = Callable[[str, NumberAttribution, WindowContext], NumberAttribution]
RULES: tuple[tuple[str, Rule], ...] = (
    ("source_reported", source_reported),
    ("counted_owner_target", counted_owner_target),
    ("counted_group_target", counted_group_target),
    ("counted_subject_actor", counted_subject_actor),
    ("from_target", from_target),
    ("done_from_actor", done_from_actor),
    ("subject_actor", subject_actor),
    ("by_agent_actor", by_agent_actor),
    ("context_actor", context_actor),
    ("drop_self_target", drop_self_target),
)


# Each rule registered (``core.rules``) as "party.<name>": English sentence patterns, so English only, but for
# the reporting construction, whose words ``extract.reporting`` has for every language it lists.
_LANGUAGES: dict[str, tuple[str, ...]] = {"source_reported": tuple(REPORTING_LANGUAGES)}
REGISTERED = {
    name: declare(
        f"party.{name}",
        Stage.PARTY,
        (rule.__doc__ or name).strip().splitlines()[0],
        languages=_LANGUAGES.get(name, ("en",)),
    )
    for name, rule in RULES
}


def apply_rules(
    number_id: str, item: NumberAttribution, window: WindowContext, trace: Trace | None = None
) -> NumberAttribution:
    """Every rule that applies to the window's language in turn, unless ``RECONCILE_PARTY_RULES=off``; those
    that change the answer are added to ``trace``; changes logged to ``RECONCILE_RULE_LOG``."""
    if not item.is_claim or not rules_enabled():
        return item
    log = os.environ.get("RECONCILE_RULE_LOG")
    for name, rule in RULES:
        if not REGISTERED[name].applies(window.language, window.profile.name):
            continue
        changed = rule(number_id, item, window)
        if changed != item:
            if log:
                _log(log, name, number_id, item, changed, window)
            if trace is not None:
                trace.fired(REGISTERED[name].name)
        item = changed
    return item


def _log(path: str, rule: str, number_id: str, before: NumberAttribution, after: NumberAttribution,
         window: WindowContext) -> None:  # fmt: skip
    def spans(item: NumberAttribution) -> dict[str, object]:
        return {
            key: (window.article_span(p), p.text) if (p := window.party(getattr(item, key))) else None
            for key in ("who", "whom", "src")
        }

    at = window.positions.get(number_id, 0)
    record = {
        "rule": rule, "number": window.number_texts.get(number_id), "m": after.m,
        "number_start": window.sentence_at + at - window.sentence_start,
        "before": spans(before), "after": spans(after),
    }  # fmt: skip
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
