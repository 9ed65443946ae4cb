"""No worked example or hint is written from a text we score on.

Any 6 consecutive words of a prompt template, a profile's instructions, labels or examples that also
appear in a seed article, a gold file or a benchmark text fail this test: a score on texts the prompt
was written from would be a fit, not a result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from reconcile.profile import available, load_profile

ROOT = Path(__file__).resolve().parents[1]
N = 6
_WORD = re.compile(r"\w+")


def ngrams(text: str, n: int = N) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def scored_texts() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "seeds").glob("*")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "eval").rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield str(path.relative_to(ROOT)), " \n ".join(_strings(json.loads(line)))
    for shared in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):  # a checkout, or a worktree beside one
        benchmark = shared / "benchmarks" / "ecbplus" / "docs"
        for path in sorted(benchmark.glob("*.txt")) if benchmark.is_dir() else []:
            yield str(path), path.read_text(encoding="utf-8")


def prompt_texts() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "prompts").rglob("*.j2")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    for name in available():
        profile = load_profile(name)
        yield f"profile {name}", " \n ".join(_strings(profile.model_dump(mode="json", exclude={"measures"})))
        for measure in profile.measures:
            yield f"profile {name} measure {measure.code}", measure.label


@pytest.fixture(scope="module")
def scored_index() -> dict[tuple[str, ...], str]:
    index: dict[tuple[str, ...], str] = {}
    for where, text in scored_texts():
        for gram in ngrams(text):
            index.setdefault(gram, where)
    return index


def test_the_scored_corpus_is_indexed(scored_index: dict[tuple[str, ...], str]) -> None:
    assert len(scored_index) > 1000  # the seeds alone give thousands of 6-grams


def test_prompts_and_profiles_share_no_six_words_with_scored_texts(scored_index: dict[tuple[str, ...], str]) -> None:
    leaks = [
        f"{source}: {' '.join(gram)!r} also in {scored_index[gram]}"
        for source, text in prompt_texts()
        for gram in sorted(ngrams(text))
        if gram in scored_index
    ]
    assert leaks == []


def test_the_check_catches_a_copied_sentence(scored_index: dict[tuple[str, ...], str]) -> None:
    seed = next(text for where, text in scored_texts() if where.startswith("seeds"))
    copied = " ".join(_WORD.findall(seed)[40:52])
    assert ngrams(copied) & scored_index.keys()
