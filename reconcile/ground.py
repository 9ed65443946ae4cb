"""Ground: turn a number found in the text plus the model's attribution of it into a stored ``Claim``.

Provenance by construction: the value, interval, hedge and span come from the ``NumberMention`` the
deterministic finder produced; the quote is the article's own sentence, sliced by offsets. The model
contributes only who/what/whom. ``ground_claim`` re-checks the slices anyway, and returns a rejection
reason instead of a claim when anything does not hold, so nothing ungrounded reaches the database.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from reconcile.core.claims import Claim, MeasureKind, Modality, Scope
from reconcile.core.dates import ArticleDates, article_dates, find_date_phrases, nearest_date_phrase, resolve_date
from reconcile.core.numbers import counted_phrase
from reconcile.core.types import AlignmentStatus, Article, NumberMention, Sentence
from reconcile.extract.schema import NumberAttribution
from reconcile.normalize.parties import NON_ISO_CODES, find_parties, owner_parties, resolve_parties
from reconcile.normalize.vocab import ACTION_MEASURES, EXPULSIONS_PROFILE, Action, Unit, modality_cue, normalize_unit

MULTI_PARTY = "MULTI"  # actor code of a claim made jointly by several parties (an aggregate)
GROUP_CODES = frozenset({MULTI_PARTY, *NON_ISO_CODES})  # parties that are themselves several countries


@dataclass(frozen=True, slots=True)
class Rejection:
    number_id: str
    mention: NumberMention
    reason: str
    payload: str | None = None


def claim_id(article_id: str, mention: NumberMention) -> str:
    """Stable id: the article and the number's span identify a claim (one claim per number mention)."""
    return f"{article_id[:16]}:{mention.span.start}-{mention.span.end}"


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What the article as a whole says that one sentence may leave implicit."""

    dates: ArticleDates
    main_target: str | None = None  # whose people the article's numbers count, when one party dominates


def article_context(article: Article, mentions: list[NumberMention], sentences: list[Sentence]) -> ArticleContext:
    """Dates of the article, and the party most of its counted phrases name as whose people they are.

    An article about "35 Russian diplomats", "four Russian diplomats", "17 ... Russian intelligence
    officers" that later says "the 21 people concerned" means Russians; that default fills a target
    the sentence leaves implicit (never one equal to the actor: see ``ground_claim``).
    """
    owners = Counter(p.code for m in mentions for p in owner_parties(counted_phrase(article.text, m)))
    ranked = owners.most_common(2)
    main = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    return ArticleContext(article_dates(article.text, article.published, sentences), main)


def party_codes(text: str | None) -> tuple[str | None, str | None]:
    """The party code of a phrase and, for ``MULTI``, its members (sorted, comma-separated)."""
    codes = sorted(set(resolve_parties(text))) if text else []
    if len(codes) == 1:
        return codes[0], None
    return (MULTI_PARTY, ",".join(codes)) if codes else (None, None)


def _members_before(sentence: Sentence, mention: NumberMention, members: str | None) -> str | None:
    """A joint actor is the parties named before the number when some are named after it too:
    in "Italy, Spain, Denmark, Sweden and Estonia announced ... a total of 80 ..., and Germany, Poland
    and Slovakia have taken similar actions", the 80 belongs to the first five."""
    if not members:
        return members
    offset = mention.span.start - sentence.span.start
    wanted = set(members.split(","))
    before = {p.code for p in find_parties(sentence.text[:offset]) if p.code in wanted}
    after = {p.code for p in find_parties(sentence.text[offset:]) if p.code in wanted}
    if before and after - before:
        return ",".join(sorted(before))
    return members


def _modality(item: NumberAttribution, sentence: Sentence, mention: NumberMention) -> Modality:
    """The text's own cue word decides done vs announced; threats and denials are the model's reading."""
    answered = Modality(item.modality) if item.modality else None
    if answered in (Modality.THREATENED, Modality.DENIED):
        return answered
    local = mention.span.shift(-sentence.span.start)
    return modality_cue(sentence.text, local.start, local.end) or answered or Modality.DONE


def _found_in(phrase: str | None, window: str) -> str | None:
    """Keep a model-supplied phrase only if the text contains it (it is then grounded, not invented)."""
    if not phrase:
        return None
    return phrase if phrase.casefold() in window.casefold() else None


def name_key(phrase: str | None) -> str | None:
    """A comparable key of a free-text name: case-folded, whitespace collapsed ("The  Police" -> "the police")."""
    return (" ".join(phrase.casefold().split()) or None) if phrase else None


def ground_claim(
    article: Article,
    sentence: Sentence,
    number_id: str,
    mention: NumberMention,
    item: NumberAttribution,
    window: str,
    context: ArticleContext | None = None,
) -> Claim | Rejection:
    """Build the claim for one attributed number, or say why it cannot be stored.

    ``context`` gives the day relative phrases resolve against, the lead's date phrase (which dates a
    claim whose sentence names no date) and the article's main target (see ``ArticleContext``).
    """
    context = context or ArticleContext(ArticleDates(article.published, None))
    dates = context.dates
    text = article.text
    if text[mention.span.start : mention.span.end] != mention.text:
        return Rejection(number_id, mention, "number span does not slice to its text")
    if text[sentence.span.start : sentence.span.end] != sentence.text:
        return Rejection(number_id, mention, "sentence span does not slice to its text")
    if not (sentence.span.start <= mention.span.start and mention.span.end <= sentence.span.end):
        return Rejection(number_id, mention, "number lies outside its supporting sentence")
    if not item.actor or item.action is None or item.unit is None:
        return Rejection(number_id, mention, "claim without actor, action or unit", item.model_dump_json())
    actor, actor_members = party_codes(item.actor)
    phrase = counted_phrase(text, mention)
    # What the text says next to the number beats the model's reading of it.
    unit = Unit.AMBASSADOR if mention.alignment is AlignmentStatus.IMPLICIT else normalize_unit(phrase)
    if unit is Unit.OTHER:
        unit = item.unit
    if actor == MULTI_PARTY:
        actor_members = _members_before(sentence, mention, actor_members)
    target, target_members = party_codes(item.target)
    if target is None:
        named = {p.code for p in owner_parties(phrase)} - {actor}
        target = named.pop() if len(named) == 1 else None
    if target is None and context.main_target not in (None, actor):
        target = context.main_target
    scope = Scope(item.scope) if item.scope else Scope.SINGLE
    if actor in GROUP_CODES:
        scope = Scope.AGGREGATE  # several actors: by definition a total over them
    elif actor is not None and target is not None and target not in GROUP_CODES:
        scope = Scope.SINGLE  # one country acting on one country's people is that country's own action
    when = _found_in(item.when, window)
    if when is None:  # the model gave no date words: take the sentence's date phrase nearest the number
        nearest = nearest_date_phrase(find_date_phrases(sentence.text), mention.span.shift(-sentence.span.start))
        when = nearest[1] if nearest else None
    resolved = resolve_date(when, dates.reference)
    if resolved.low is None and dates.lead:  # no date words, or words that name no day: the lead's date
        when, resolved = dates.lead, resolve_date(dates.lead, dates.reference)
    source_text = _found_in(item.source, window)
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
        profile=EXPULSIONS_PROFILE,
        measure=ACTION_MEASURES[item.action or Action.OTHER],
        measure_kind=MeasureKind.FLOW,
        unit=str(unit),
        actor_text=item.actor,
        actor=actor,
        actor_members=actor_members,
        target_text=item.target,
        target=target,
        target_members=target_members,
        source_text=source_text,
        source=name_key(source_text),
        scope=scope,
        modality=_modality(item, sentence, mention),
        date_text=when,
        event_date=resolved.day,
        date_low=resolved.low,
        date_high=resolved.high,
        sentence_start=sentence.span.start,
        sentence_end=sentence.span.end,
        quote=sentence.text,
    )
