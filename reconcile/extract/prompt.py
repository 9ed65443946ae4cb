"""Prompt rendering: the versioned templates in ``prompts/`` filled with the active profile.

The system prompt (instructions, the profile's measures with their roles, and its worked examples) is
identical for every request under one profile, so llama.cpp's prefix cache serves it after the first call;
only the short user message (the previous sentence with its parties marked, the sentence with its numbers
and parties marked) is new work. Examples are marked by the same finders and filter as articles, so what
the model sees in an example is exactly what it will see at run time; their answers name parties as the
profile's author wrote them, and are turned into the ids of the marked mentions here.
"""

from __future__ import annotations

import json
from functools import lru_cache

import jinja2

from reconcile.core.types import NumberMention
from reconcile.extract.candidates import candidates, number_class
from reconcile.extract.window import WindowContext, fold, window_parties
from reconcile.normalize.parties import resolve_parties
from reconcile.profile.spec import ROLE_KEYS, Example, NumberClass, Profile
from reconcile.resources import builtin_dir

PROMPT_VERSION = "extract_v3"


@lru_cache(maxsize=4)
def _environment(directory: str) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,  # plain-text prompts, never HTML
    )


def render(name: str, version: str = PROMPT_VERSION, **values: object) -> str:
    env = _environment(str(builtin_dir("prompts") / version))
    return env.get_template(f"{name}.j2").render(**values).strip()


def mark_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Insert ``[ID: words]`` markers into ``text`` around the (start, end, id) spans, which do not overlap."""
    pieces: list[str] = []
    cursor = 0
    for start, end, key in sorted(spans):
        pieces.append(text[cursor:start])
        pieces.append(f"[{key}: {text[start:end]}]")
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def mark_numbers(sentence: str, offset: int, mentions: list[tuple[str, NumberMention]]) -> str:
    """Insert ``[N1: 40]`` markers into ``sentence`` (which starts at article offset ``offset``)."""
    return mark_spans(sentence, [(m.span.start - offset, m.span.end - offset, key) for key, m in mentions])


def mark_window(window: WindowContext) -> tuple[str | None, str]:
    """The window as the model reads it: the context with its parties marked, and the sentence with its
    numbers and parties marked."""
    at = window.sentence_start
    context = window.text[: at - 1] if at else None
    numbers = [(p - at, p - at + len(window.number_texts[key]), key) for key, p in window.positions.items()]
    parties = [(p.start, p.end, key) for key, p in window.ids.items()]
    marked_context = mark_spans(context, [s for s in parties if s[1] <= at - 1]) if context is not None else None
    sentence = mark_spans(window.sentence, numbers + [(s - at, e - at, k) for s, e, k in parties if s >= at])
    return marked_context, sentence


def answer_json(answer: dict[str, dict[str, str]]) -> str:
    """An answer as the model should write it: compact, nulls left out."""
    return json.dumps(answer, ensure_ascii=False, separators=(",", ":"))


def example_numbers(example: Example, profile: Profile) -> list[tuple[str, NumberMention]]:
    """The example's numbers as the engine marks them at run time, with their ids."""
    return [(f"N{i}", m) for i, m in enumerate(candidates(example.text, profile), start=1)]


def example_window(example: Example, profile: Profile, numbered: list[tuple[str, NumberMention]]) -> WindowContext:
    """The window the engine would build for the example: context, sentence, numbers and party mentions."""
    window_text = f"{example.context}\n{example.text}" if example.context else example.text
    at = len(window_text) - len(example.text)
    positions = {number_id: at + m.span.start for number_id, m in numbered}
    numbers = {number_id: m.text for number_id, m in numbered}
    return WindowContext(
        window_text,
        numbers,
        profile,
        {},
        {number_id: number_class(example.text, m) or NumberClass.COUNT for number_id, m in numbered},
        positions,
        at,
        parties=window_parties(window_text, at, positions, numbers, profile),
        context_at=0,
        sentence_at=0,
    )


def party_id_named(window: WindowContext, name: str) -> str | None:
    """The id of the marked mention an example's author means by ``name``: the same words (the sentence's
    mention first), then a mention inside the name or holding it, then one naming the same parties."""
    ranked = sorted(window.ids.items(), key=lambda item: not window.in_sentence(item[1]))
    for accept in (
        lambda p: fold(p.text) == fold(name),
        lambda p: fold(p.text) in fold(name) or fold(name) in fold(p.text),
        lambda p: bool(p.codes) and p.codes == frozenset(resolve_parties(name)),
    ):
        found = next((key for key, party in ranked if accept(party)), None)
        if found is not None:
            return found
    return None


def example_answer(example: Example, ids: list[str], window: WindowContext | None = None) -> dict[str, dict[str, str]]:
    """The example's answers as the model should write them: parties as the ids of the window's marked
    mentions (a name no mention matches is left as written, for ``profile check`` to report), and only
    the roles the measure has."""
    fields = ("m", "who", "whom", "where", "src", "mod", "scope")
    answers: dict[str, dict[str, str]] = {}
    for number_id, answer in zip(ids, example.answers, strict=False):
        measure = window.profile.measure(answer.m) if window is not None else None
        roles = {ROLE_KEYS[r] for r in measure.roles} if measure is not None else set(ROLE_KEYS.values())
        item: dict[str, str] = {}
        for key in fields:
            value = getattr(answer, key)
            if value is None or (key in ROLE_KEYS.values() and key not in roles):
                continue
            if key in ROLE_KEYS.values() and window is not None:
                value = party_id_named(window, value) or value
            item[key] = value
        answers[number_id] = item
    return answers


_SYSTEM_PROMPTS: dict[str, str] = {}


def system_prompt(profile: Profile) -> str:
    """The system prompt of ``profile``, rendered once per resolved profile (keyed by its digest)."""
    if profile.digest not in _SYSTEM_PROMPTS:
        _SYSTEM_PROMPTS[profile.digest] = _render_system(profile)
    return _SYSTEM_PROMPTS[profile.digest]


def _render_system(profile: Profile) -> str:
    rendered = []
    for example in profile.examples:
        numbered = example_numbers(example, profile)
        window = example_window(example, profile, numbered)
        context, marked = mark_window(window)
        rendered.append(
            {
                "context": context,
                "marked": marked,
                "answer": answer_json(example_answer(example, [number_id for number_id, _ in numbered], window)),
            }
        )
    roles = {m.code: ", ".join(key for role, key in ROLE_KEYS.items() if role in m.roles) for m in profile.measures}
    return render("system", profile=profile, examples=rendered, roles=roles)


def build_messages(profile: Profile, context: str | None, marked_sentence: str, ids: list[str]) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": system_prompt(profile)},
        {"role": "user", "content": render("user", context=context, marked_sentence=marked_sentence, ids=ids)},
    ]
