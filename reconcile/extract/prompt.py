"""Prompt rendering: the versioned templates in ``prompts/`` filled with the active profile.

The system prompt (instructions, the profile's measures and its worked examples) is identical for
every request under one profile, so llama.cpp's prefix cache serves it after the first call; only the
short user message (previous sentence as unmarked context, the sentence with its numbers marked) is
new work. Examples are marked by the same finder and filter as articles, so what the model sees in
an example is exactly what it will see at run time.
"""

from __future__ import annotations

import json
from functools import lru_cache

import jinja2

from reconcile.core.types import NumberMention
from reconcile.extract.candidates import candidates
from reconcile.profile.spec import Example, Profile
from reconcile.resources import builtin_dir

PROMPT_VERSION = "extract_v2"


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


def mark_numbers(sentence: str, offset: int, mentions: list[tuple[str, NumberMention]]) -> str:
    """Insert ``[N1: 40]`` markers into ``sentence`` (which starts at article offset ``offset``)."""
    pieces: list[str] = []
    cursor = 0
    for number_id, mention in sorted(mentions, key=lambda pair: pair[1].span.start):
        start, end = mention.span.start - offset, mention.span.end - offset
        pieces.append(sentence[cursor:start])
        pieces.append(f"[{number_id}: {sentence[start:end]}]")
        cursor = end
    pieces.append(sentence[cursor:])
    return "".join(pieces)


def answer_json(answer: dict[str, dict[str, str]]) -> str:
    """An answer as the model should write it: compact, nulls left out."""
    return json.dumps(answer, ensure_ascii=False, separators=(",", ":"))


def example_numbers(example: Example, profile: Profile) -> list[tuple[str, NumberMention]]:
    """The example's numbers as the engine marks them at run time, with their ids."""
    return [(f"N{i}", m) for i, m in enumerate(candidates(example.text, profile), start=1)]


def example_answer(example: Example, ids: list[str]) -> dict[str, dict[str, str]]:
    fields = ("m", "who", "whom", "where", "src", "mod", "scope")
    return {
        number_id: {key: value for key in fields if (value := getattr(answer, key)) is not None}
        for number_id, answer in zip(ids, example.answers, strict=False)
    }


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
        rendered.append(
            {
                "context": example.context,
                "marked": mark_numbers(example.text, 0, numbered),
                "answer": answer_json(example_answer(example, [number_id for number_id, _ in numbered])),
            }
        )
    return render("system", profile=profile, examples=rendered)


def build_messages(profile: Profile, context: str | None, marked_sentence: str, ids: list[str]) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": system_prompt(profile)},
        {"role": "user", "content": render("user", context=context, marked_sentence=marked_sentence, ids=ids)},
    ]
