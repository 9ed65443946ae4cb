"""Time ``find_numbers`` (and the sentence splitter) on the seed articles: a tiny loop, not a test.

Usage: ``PYTHONPATH=$PWD python scripts/bench_numbers.py [--repeat N] [--language xx]``. Prints the
best-of-5 time per pass over all seeds, so runs before and after a change can be compared as a ratio.
"""

from __future__ import annotations

import argparse
import inspect
import time
from pathlib import Path

from reconcile.core.numbers import find_numbers
from reconcile.core.sentences import split_sentences
from reconcile.ingest import read_article

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def best_of(func: object, texts: list[str], repeat: int) -> float:
    """Best of five timings of ``repeat`` passes of ``func`` over every text, per pass, in ms."""
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(repeat):
            for text in texts:
                func(text)  # type: ignore[operator]
        timings.append((time.perf_counter() - started) / repeat * 1000)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--language", default=None)
    args = parser.parse_args()
    texts = [read_article(p).text for p in SEEDS]
    size = sum(len(t) for t in texts)
    if args.language and "language" in inspect.signature(find_numbers).parameters:
        numbers_ms = best_of(lambda t: find_numbers(t, language=args.language), texts, args.repeat)
    else:
        numbers_ms = best_of(find_numbers, texts, args.repeat)
    sentences_ms = best_of(split_sentences, texts, args.repeat)
    mentions = sum(len(find_numbers(t)) for t in texts)
    print(f"seeds: {len(texts)} articles, {size} chars, {mentions} mentions")
    print(f"find_numbers:    {numbers_ms:.3f} ms per pass ({size / numbers_ms / 1000:.2f} MB/s)")
    print(f"split_sentences: {sentences_ms:.3f} ms per pass ({size / sentences_ms / 1000:.2f} MB/s)")


if __name__ == "__main__":
    main()
