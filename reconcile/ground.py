"""Ground: turn a number found in the text plus the model's attribution of it into a stored ``Claim``.

Provenance by construction: the value, interval, hedge and span come from the ``NumberMention`` the
deterministic finder produced; the quote is the article's own sentence, sliced by offsets. The model
contributes only who/what/whom. ``ground_claim`` re-checks the slices anyway, and returns a rejection
reason instead of a claim when anything does not hold, so nothing ungrounded reaches the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reconcile.core.claims import Action, Claim, Modality, Scope, Unit
from reconcile.core.dates import resolve_date
from reconcile.core.types import Article, NumberMention, Sentence
from reconcile.extract.schema import NumberAttribution
from reconcile.normalize.parties import resolve_parties

MULTI_PARTY = "MULTI"  # actor code of a claim made jointly by several parties (an aggregate)


@dataclass(frozen=True, slots=True)
class Rejection:
    number_id: str
    mention: NumberMention
    reason: str
    payload: str | None = None


def claim_id(article_id: str, mention: NumberMention) -> str:
    """Stable id: the article and the number's span identify a claim (one claim per number mention)."""
    return f"{article_id[:16]}:{mention.span.start}-{mention.span.end}"


def party_code(text: str | None) -> str | None:
    """One code for a party phrase: its ISO/body code, ``MULTI`` when it names several, else ``None``."""
    if not text:
        return None
    codes = list(dict.fromkeys(resolve_parties(text)))
    if len(codes) == 1:
        return codes[0]
    return MULTI_PARTY if codes else None


def _found_in(phrase: str | None, window: str) -> str | None:
    """Keep a model-supplied phrase only if the text contains it (it is then grounded, not invented)."""
    if not phrase:
        return None
    return phrase if phrase.casefold() in window.casefold() else None


def ground_claim(
    article: Article,
    sentence: Sentence,
    number_id: str,
    mention: NumberMention,
    item: NumberAttribution,
    window: str,
    reference_date: dt.date | None = None,
) -> Claim | Rejection:
    """Build the claim for one attributed number, or say why it cannot be stored.

    ``reference_date`` resolves relative dates when the article has no publication date (the latest
    full date written in the article, see ``extract.extractor.reference_date``).
    """
    text = article.text
    if text[mention.span.start : mention.span.end] != mention.text:
        return Rejection(number_id, mention, "number span does not slice to its text")
    if text[sentence.span.start : sentence.span.end] != sentence.text:
        return Rejection(number_id, mention, "sentence span does not slice to its text")
    if not (sentence.span.start <= mention.span.start and mention.span.end <= sentence.span.end):
        return Rejection(number_id, mention, "number lies outside its supporting sentence")
    if not item.actor or item.action is None or item.unit is None:
        return Rejection(number_id, mention, "claim without actor, action or unit", item.model_dump_json())
    scope = item.scope or Scope.SINGLE
    actor = party_code(item.actor)
    if actor == MULTI_PARTY:
        scope = Scope.AGGREGATE  # several named actors: by definition a total over them
    when = _found_in(item.when, window)
    resolved = resolve_date(when, article.published or reference_date)
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
        actor_text=item.actor,
        actor=actor,
        action=item.action or Action.OTHER,
        target_text=item.target,
        target=party_code(item.target),
        unit=item.unit or Unit.OTHER,
        scope=scope,
        modality=item.modality or Modality.DONE,
        date_text=when,
        event_date=resolved.day,
        date_low=resolved.low,
        date_high=resolved.high,
        attribution=_found_in(item.source, window),
        sentence_start=sentence.span.start,
        sentence_end=sentence.span.end,
        quote=sentence.text,
    )
