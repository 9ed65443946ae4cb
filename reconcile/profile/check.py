"""``reconcile profile check``: a profile's examples must hold under the engine's own rules.

After langextract's prompt validation: before any model call, every worked example is run through the
same code an article goes through — the number finder and the profile's filter propose its numbers
(each answer must name one, in order, and every proposed number needs an answer); each answer must
validate against the response model generated from the profile and pass the profile's checks; each
phrase an answer quotes (who, whom, where, src) must be in the example's text; and each claim must
ground into a ``Claim``. Load-time and run-time checks share one implementation, so they cannot drift.
"""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError

from reconcile.core.claims import Rejection
from reconcile.core.sentences import split_sentences
from reconcile.core.types import Article, Sentence, Span
from reconcile.extract.ground import ground_claim
from reconcile.extract.prompt import example_answer, example_numbers, example_window
from reconcile.extract.schema import answer_model
from reconcile.extract.validate import answer_context
from reconcile.profile.spec import ROLE_KEYS, Example, Profile


def check_profile(profile: Profile) -> list[str]:
    """Every problem found in ``profile``; empty means it is ready to use."""
    problems: list[str] = []
    if not profile.examples:
        problems.append("no worked examples: a small model needs at least one per kind of figure")
    for index, example in enumerate(profile.examples, start=1):
        problems.extend(f"example {index}: {p}" for p in _example_problems(example, profile))
    return problems


def _example_problems(example: Example, profile: Profile) -> list[str]:
    numbered = example_numbers(example, profile)
    found = [mention.text for _, mention in numbered]
    given = [answer.number for answer in example.answers]
    if len(found) != len(given) or any(
        f != g and f not in g and g not in f for f, g in zip(found, given, strict=False)
    ):
        return [f"the engine proposes the numbers {found}, the answers name {given}: answer each, in order"]
    window_text = f"{example.context}\n{example.text}" if example.context else example.text
    ids = [number_id for number_id, _ in numbered]
    window = example_window(example, profile, numbered)
    problems = []
    for number_id, answer in zip(ids, example.answers, strict=True):
        measure = profile.measure(answer.m)
        roles = {ROLE_KEYS[r] for r in measure.roles} if measure is not None else set()
        for key in ("who", "whom", "src"):
            if getattr(answer, key) is not None and answer.m != "none" and key not in roles:
                problems.append(f"{number_id} ({answer.number}): {key} is not a role of {answer.m} (its roles: "
                                f"{', '.join(sorted(roles)) or 'none'})")  # fmt: skip
    try:
        parsed = answer_model(profile, len(ids), len(window.parties)).model_validate(
            example_answer(example, ids, window), context=answer_context(window)
        )
    except ValidationError as exc:
        return [*problems, *(f"{error['msg']} (a party no marked mention names?)" for error in exc.errors())]
    for number_id, answer in zip(ids, example.answers, strict=True):
        read = parsed.attributions()[number_id].m
        if read != answer.m:
            measure = profile.measure(answer.m)
            problems.append(
                f"{number_id} ({answer.number}): the text names no {measure.label if measure else answer.m} near it; "
                f"the engine would read it as {read!r}"
            )
        for key in ("who", "whom", "where", "src"):
            phrase = getattr(answer, key)
            if phrase and phrase.casefold() not in window_text.casefold():
                problems.append(f"{number_id} ({answer.number}): {key} {phrase!r} is not in the text")
    article = Article("example", "example", example.text, published=dt.date(2000, 1, 1))
    sentences = split_sentences(example.text) or [Sentence(0, Span(0, len(example.text)), example.text)]
    for number_id, mention in numbered:
        item = parsed.attributions()[number_id]
        if not item.is_claim:
            continue
        sentence = next((s for s in sentences if s.span.start <= mention.span.start < s.span.end), sentences[0])
        grounded = ground_claim(article, sentence, number_id, mention, item, window, profile)
        if isinstance(grounded, Rejection):
            problems.append(f"{number_id} ({mention.text}) does not ground: {grounded.reason}")
    return problems
