"""Prompt rendering from the versioned templates in ``prompts/``.

The system prompt (instructions plus one made-up worked example, ~400 tokens) is identical for every
request, so llama.cpp's prefix cache serves it after the first call; only the short user message
(previous sentence as unmarked context, the sentence with its numbers marked) is new work.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from reconcile.core.types import NumberMention

PROMPT_VERSION = "extract_v1"
PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"


@lru_cache(maxsize=4)
def _environment(directory: str) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,  # plain-text prompts, never HTML
    )


def render(name: str, version: str = PROMPT_VERSION, **values: object) -> str:
    env = _environment(str(PROMPTS_DIR / version))
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


def build_messages(context: str | None, marked_sentence: str, ids: list[str]) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": render("system")},
        {"role": "user", "content": render("user", context=context, marked_sentence=marked_sentence, ids=ids)},
    ]
