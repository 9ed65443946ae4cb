"""Ground: turn a number found in the text plus the model's attribution of it into a stored ``Claim``.

Provenance by construction: the value, interval, hedge and span come from the ``NumberMention`` the
deterministic finder produced; the quote is the article's own sentence, sliced by offsets; the unit
and the counted words are read next to the number. The model contributes only what was counted
(a measure of the active profile), who/whom/where, who says so, modality and scope — and each of
those phrases is kept only if the text contains it. ``ground_claim`` re-checks the slices anyway and
returns a rejection instead of a claim when anything does not hold, so nothing ungrounded is stored.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from reconcile.core.claims import Claim, Modality, Rejection, Scope
from reconcile.core.dates import ArticleDates, article_dates, find_date_phrases, nearest_date_phrase, resolve_date
from reconcile.core.heads import counted_head, counted_noun_phrase
from reconcile.core.numbers import counted_phrase, find_numbers
from reconcile.core.rules import Trace, joined
from reconcile.core.types import AlignmentStatus, Article, NumberMention, Sentence
from reconcile.extract.ground_rules import GROUND_RULES
from reconcile.extract.schema import NumberAttribution
from reconcile.extract.window import WindowContext
from reconcile.normalize.entities import party_key, text_key
from reconcile.normalize.modality import modality_cue
from reconcile.normalize.parties import NON_ISO_CODES, find_parties, names_party, owner_parties, resolve_parties
from reconcile.normalize.places import article_place, is_place_phrase, place_key
from reconcile.normalize.units import unit_of
from reconcile.profile.spec import Measure, NumberClass, Profile

assert GROUND_RULES  # imported so the names ``trace.fired`` records below are registered (``core.rules``)
MULTI_PARTY = "MULTI"  # actor code of a claim made jointly by several parties (an aggregate)
GROUP_CODES = frozenset({MULTI_PARTY, *NON_ISO_CODES})  # parties that are themselves several countries


def claim_id(article_id: str, mention: NumberMention) -> str:
    """Stable id: the article and the number's span identify a claim (one claim per number mention)."""
    return f"{article_id[:16]}:{mention.span.start}-{mention.span.end}"


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What the article as a whole says that one sentence may leave implicit."""

    dates: ArticleDates
    main_target: str | None = None  # whose people the article's numbers count, when one party dominates
    main_target_span: tuple[int, int] | None = None  # its first mention in a counted phrase (article offsets)
    language: str | None = None  # the language its dates are read in (None: English)
    place: str | None = None  # the place the article is about (``normalize.places.article_place``)


def article_context(
    article: Article,
    mentions: list[NumberMention],
    sentences: list[Sentence],
    profile: Profile,
    language: str | None = None,
) -> ArticleContext:
    """Dates of the article and, for profiles whose counted nationality is the target, the party most
    of its counted phrases name ("35 Russian diplomats", "four Russian diplomats" ... "the 21 people
    concerned" means Russians). That default fills a target the sentence leaves implicit, never one
    equal to the actor (see ``ground_claim``). The article's place fills claims that name none
    (``fill_article_places``)."""
    main, span = None, None
    if profile.checks.counted_owner_is_target:
        owners: Counter[str] = Counter()
        first: dict[str, tuple[int, int]] = {}
        for m in mentions:
            phrase = counted_phrase(article.text, m)
            at = article.text.find(phrase, m.span.end) if phrase else -1
            for p in owner_parties(phrase):
                owners[p.code] += 1
                if at >= 0:
                    first.setdefault(p.code, (at + p.start, at + p.end))
        ranked = owners.most_common(2)
        main = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
        span = first.get(main) if main else None
    return ArticleContext(
        article_dates(article.text, article.published, sentences, language),
        main,
        span,
        language,
        article_place(article.text),
    )


def _members_before(sentence: Sentence, mention: NumberMention, members: str | None) -> str | None:
    """A joint actor is the parties named before the number when some are named after it too:
    in "Italy, Spain and Denmark announced ... a total of 80 ..., and Germany and Poland have taken
    similar actions", the 80 belongs to the first three."""
    if not members:
        return members
    offset = mention.span.start - sentence.span.start
    wanted = set(members.split(","))
    before = {p.code for p in find_parties(sentence.text[:offset]) if p.code in wanted}
    after = {p.code for p in find_parties(sentence.text[offset:]) if p.code in wanted}
    if before and after - before:
        return ",".join(sorted(before))
    return members


_ESTIMATE_CUES = re.compile(
    r"(?<!\w)(?:estimat\w*|put\s+(?:\w+\s+){0,3}?at|count\w*|reckon\w*|believed|thought\s+to|according\s+to)(?!\w)",
    re.IGNORECASE,
)
_VAGUE_HEDGES = frozenset({"about", "vague", "nearly", "range", "up_to"})


def _modality(item: NumberAttribution, sentence: Sentence, mention: NumberMention) -> Modality:
    """Threats and denials are the model's reading of the whole sentence. An estimate needs the text's
    support: a hedged figure or an estimating verb ("police put the crowd at"), since a small model
    calls every attributed figure an estimate. Otherwise the cue word nearest the number decides done
    vs announced."""
    if item.mod in ("threatened", "denied"):
        return Modality(item.mod)
    if item.mod == "estimated" and (str(mention.hedge) in _VAGUE_HEDGES or _ESTIMATE_CUES.search(sentence.text)):
        return Modality.ESTIMATED
    local = mention.span.shift(-sentence.span.start)
    cue = modality_cue(sentence.text, local.start, local.end)
    return cue or (Modality(item.mod) if item.mod in ("done", "announced") else Modality.DONE)


def _found_in(phrase: str | None, window: str) -> str | None:
    """Keep a model-supplied phrase only if the text contains it (it is then grounded, not invented)."""
    if not phrase or not phrase.strip():
        return None
    folded = window.replace("’", "'").casefold()
    return phrase if phrase.replace("’", "'").casefold() in folded else None


Spanned = tuple[str, int, int]  # a party's words and where they are in the article


def _chosen(party_id: str | None, window: WindowContext, text: str) -> Spanned | None:
    """The article's words and span of the mention the model (or a rule) chose; ``None`` when the id names
    no marked mention or its span does not slice back to those words."""
    party = window.party(party_id)
    if party is None:
        return None
    start, end = window.article_span(party)
    return (party.text, start, end) if text[start:end] == party.text else None


def _owner_in_phrase(code: str, window: WindowContext, number_id: str, text: str) -> Spanned | None:
    """The mention of ``code`` among the counted words after the number ("Russian" in "35 Russian diplomats")."""
    at = window.positions.get(number_id)
    if at is None:
        return None
    end = at + len(window.number_texts.get(number_id, "")) + len(window.counted.get(number_id, "")) + 1
    for party in window.parties:
        if at < party.start and party.end <= end and code in party.codes:
            return _chosen(window.id_of(party), window, text)
    return None


def _names_no_party(text: str, phrase: str, unit: str, profile: Profile) -> bool:
    """A ``who``/``whom`` that is the counted thing itself ("rounds" for "300 rounds of ammunition",
    "magazines" for "12 magazines") or a count of its own ("two women and a man") names no party: things
    neither act nor are the party acted on, and a count is what the number says. People counted may be
    the party ("23 pirates" captured, "100,000 protesters" marching), and a named country always is."""
    if resolve_parties(text):
        return False
    if find_numbers(text, names_party=names_party):
        return True
    words, counted = set(text_key(text).split()), set(text_key(phrase).split())
    persons = profile.counts_persons(unit)
    return not persons and bool(words) and bool(counted) and (words <= counted or counted <= words)


def _counted_party(item: NumberAttribution, profile: Profile) -> bool:
    """Whether the profile takes the people counted as the party acted on for this measure ("23 pirates")."""
    return item.m in profile.checks.counted_is_target


def _unit(mention: NumberMention, phrase: str, measure: Measure, profile: Profile) -> str:
    """The unit: what the number itself carries (a currency, percent, km), else the unit words next to
    it, else the measure's default unit."""
    carried = getattr(mention, "unit", None)
    if carried:
        return str(carried)
    read = unit_of(phrase, profile)
    if read is not None:
        return read
    if NumberClass.MONEY in measure.numbers and len(measure.numbers) == 1:
        return "currency"
    return measure.units[0]


def ground_claim(
    article: Article,
    sentence: Sentence,
    number_id: str,
    mention: NumberMention,
    item: NumberAttribution,
    window: WindowContext,
    profile: Profile,
    context: ArticleContext | None = None,
    trace: Trace | None = None,
) -> Claim | Rejection:
    """Build the claim for one attributed number, or say why it cannot be stored.

    ``context`` gives the day relative phrases resolve against, the lead's date phrase (which dates a
    claim whose sentence names no date) and the article's main target (see ``ArticleContext``).
    """
    context = context or ArticleContext(ArticleDates(article.published, None))
    dates = context.dates
    trace = Trace(trace or ())  # the rules that fired before (repairs, party rules) and those that fire here

    def rejected(rule: str, reason: str, payload: str | None = None) -> Rejection:
        trace.fired(rule)
        return Rejection(number_id, mention, reason, payload, joined(trace))

    text = article.text
    if text[mention.span.start : mention.span.end] != mention.text:
        return rejected("ground.number_slices", "number span does not slice to its text")
    if text[sentence.span.start : sentence.span.end] != sentence.text:
        return rejected("ground.sentence_slices", "sentence span does not slice to its text")
    if not (sentence.span.start <= mention.span.start and mention.span.end <= sentence.span.end):
        return rejected("ground.number_in_sentence", "number lies outside its supporting sentence")
    measure = profile.measure(item.m)
    if measure is None:
        return rejected(
            "ground.measure_in_profile", f"measure {item.m!r} is not in profile {profile.name}", item.model_dump_json()
        )
    checks = profile.checks
    actor_at = _chosen(item.who, window, text)
    actor_text = actor_at[0] if actor_at else None
    if checks.actor_required and not actor_text:
        return rejected("ground.actor_required", "claim without an actor", item.model_dump_json())
    phrase = counted_phrase(text, mention)
    unit = (
        _unit(mention, phrase, measure, profile)
        if mention.alignment is not AlignmentStatus.IMPLICIT
        else (unit_of(mention.text, profile) or measure.units[0])
    )
    if actor_text and not checks.actor_must_be_party and _names_no_party(actor_text, phrase, unit, profile):
        actor_at, actor_text = None, None
        trace.fired("ground.actor_names_no_party")
    actor, actor_members = party_key(actor_text) if actor_text else (None, None)
    if actor == MULTI_PARTY:
        actor_members = _members_before(sentence, mention, actor_members)
    target_at = _chosen(item.whom, window, text)
    if target_at and _names_no_party(target_at[0], phrase, unit, profile) and not _counted_party(item, profile):
        target_at = None
        trace.fired("ground.target_names_no_party")
    target, target_members = party_key(target_at[0]) if target_at else (None, None)
    if checks.counted_owner_is_target:
        if target_at and not resolve_parties(target_at[0]):  # "people": whose they are is not said there
            target_at, target, target_members = None, None, None
            trace.fired("ground.target_unresolved")
        if target is None:
            named = {p.code for p in owner_parties(phrase)} - {actor}
            if len(named) == 1:
                target = named.pop()
                target_at = _owner_in_phrase(target, window, number_id, text)
                trace.fired("ground.owner_target")
        if target is None and context.main_target not in (None, actor) and context.main_target_span:
            target, (start, end) = context.main_target, context.main_target_span
            target_at = (text[start:end], start, end)
            trace.fired("ground.main_target")
        if target is not None and target_at is None:  # a party we cannot point to in the text is not stored
            target, target_members = None, None
            trace.fired("ground.target_unpointable")
    scope = Scope(item.scope) if item.scope else Scope.SINGLE
    if actor in GROUP_CODES:
        if scope is Scope.SINGLE:
            scope = Scope.AGGREGATE  # several actors: a total over them
            trace.fired("ground.aggregate_scope")
    elif checks.counted_owner_is_target and actor is not None and target is not None and target not in GROUP_CODES:
        if scope is not Scope.SINGLE:
            trace.fired("ground.single_scope")
        scope = Scope.SINGLE  # one country acting on one country's people is that country's own action
    if mention.change is not None:
        scope = Scope.CHANGE  # "fell 81 cents to $33.34": the 0.81 is a change, never compared with a level
        trace.fired("ground.change_scope")
    place_text = _found_in(item.where, window.text)
    if place_text and not is_place_phrase(place_text):  # the ship, the pirates, "the loss of three children"
        place_text = None
        trace.fired("ground.not_a_place")
    source_at = _chosen(item.src, window, text)
    source_text = source_at[0] if source_at else None
    language = context.language
    counted = counted_noun_phrase(phrase, language)
    nearest = nearest_date_phrase(find_date_phrases(sentence.text, language), mention.span.shift(-sentence.span.start))
    when = nearest[1] if nearest else None
    resolved = resolve_date(when, dates.reference, language)
    if resolved.low is None and dates.lead:  # no date words, or words that name no day: the lead's date
        when, resolved = dates.lead, resolve_date(dates.lead, dates.reference, language)
        trace.fired("ground.lead_date")
    return Claim(
        claim_id=claim_id(article.article_id, mention),
        article_id=article.article_id,
        number_id=number_id,
        number_text=mention.text,
        start=mention.span.start,
        end=mention.span.end,
        value=mention.value,
        low=mention.low,
        high=mention.high,
        hedge=str(mention.hedge),
        hedge_text=mention.hedge_text,
        alignment=str(mention.alignment),
        profile=profile.name,
        measure=measure.code,
        measure_kind=measure.kind,
        counted_text=counted or None,
        counted_head=counted_head(counted, language),
        unit=unit,
        actor_text=actor_text,
        actor=actor,
        actor_members=actor_members,
        actor_start=actor_at[1] if actor_at else None,
        actor_end=actor_at[2] if actor_at else None,
        target_text=target_at[0] if target_at else None,
        target=target,
        target_members=target_members,
        target_start=target_at[1] if target_at else None,
        target_end=target_at[2] if target_at else None,
        place_text=place_text,
        # a homonym ("Georgia") reads by its sentence, then its article; a place we cannot resolve: the article's
        place=place_key(place_text, (sentence.text, text)) if place_text else None,
        source_text=source_text,
        source=text_key(source_text) or None if source_text else None,
        source_start=source_at[1] if source_at else None,
        source_end=source_at[2] if source_at else None,
        scope=scope,
        modality=_modality(item, sentence, mention),
        date_text=when,
        event_date=resolved.day,
        date_low=resolved.low,
        date_high=resolved.high,
        sentence_start=sentence.span.start,
        sentence_end=sentence.span.end,
        quote=sentence.text,
        rules=joined(trace),
    )


def fill_article_places(claims: list[Claim], article: str | None = None) -> list[Claim]:
    """Claims of one article without a resolved place take the place the article is about (``article``,
    from ``ArticleContext.place``: the place its text names most), else the place most of its other
    claims name (a clear majority only).

    A report says "in Aceh" once and then "the toll rose to 24": both are about Aceh. The article's text
    comes first: a model's ``where`` for a few figures is often where the news came from ("New Delhi"),
    while the text names where things happened most often. A filled claim's ``place_text``
    is what its sentence said, if anything ("Yida camp", which no gazetteer knows), so what the text
    said and what was inferred remain distinguishable. A claim the text places itself keeps its place,
    even a coarser one ("in Indonesia" in a report about Aceh may recall another quake); grouping lets a
    country meet the only finer place its partition names.
    """
    counts = Counter(c.place for c in claims if c.place)
    ranked = counts.most_common(2)
    main = article or (ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None)
    if main is None:
        return claims
    return [c if c.place else c.model_copy(update={"place": main}) for c in claims]
