"""Time ``find_numbers`` and ``split_sentences`` on the seed articles: a tiny loop, not a test.

Usage::

    PYTHONPATH=$PWD python scripts/bench_numbers.py [--baseline OLD_numbers.py] [--pysbd] [--language xx]

Prints the best of five timings of a pass over all seeds. ``--baseline`` times another version of
``core/numbers.py`` (e.g. ``git show REV:reconcile/core/numbers.py > /tmp/old.py``) in the same process,
interleaved, so the ratio holds on a busy machine; ``--pysbd`` times pySBD's segmenter on the same texts.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reconcile.core.numbers import find_numbers
from reconcile.core.sentences import split_sentences
from reconcile.ingest import read_article
from reconcile.normalize.parties import names_party

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def best_of(func: Callable[[str], Any], texts: list[str], repeat: int) -> float:
    """Best of five timings of ``repeat`` passes of ``func`` over every text, per pass, in ms."""
    func(texts[0])  # warm caches and lazy imports
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(repeat):
            for text in texts:
                func(text)
        timings.append((time.perf_counter() - started) / repeat * 1000)
    return min(timings)


def load(path: str) -> Any:
    spec = importlib.util.spec_from_file_location("baseline_numbers", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_numbers"] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--language", default=None)
    parser.add_argument("--baseline", help="another version of reconcile/core/numbers.py to compare with")
    parser.add_argument("--pysbd", action="store_true", help="also time pySBD's sentence segmenter")
    args = parser.parse_args()
    texts = [read_article(p).text for p in SEEDS]
    size = sum(len(t) for t in texts)
    mentions = sum(len(find_numbers(t, args.language, names_party=names_party)) for t in texts)
    print(f"seeds: {len(texts)} articles, {size} chars, {mentions} mentions")
    numbers_ms = best_of(lambda t: find_numbers(t, args.language, names_party=names_party), texts, args.repeat)
    if args.baseline:
        old = load(args.baseline)
        old_ms = best_of(old.find_numbers, texts, args.repeat)
        numbers_ms = min(
            numbers_ms, best_of(lambda t: find_numbers(t, args.language, names_party=names_party), texts, args.repeat)
        )
        print(f"find_numbers (baseline): {old_ms:.3f} ms per pass")
    print(f"find_numbers:            {numbers_ms:.3f} ms per pass ({size / numbers_ms / 1000:.2f} MB/s)")
    if args.baseline:
        print(f"ratio new/baseline:      {numbers_ms / old_ms:.2f}")
    sentences_ms = best_of(split_sentences, texts, args.repeat)
    print(f"split_sentences:         {sentences_ms:.3f} ms per pass ({size / sentences_ms / 1000:.2f} MB/s)")
    if args.pysbd:
        import pysbd

        segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
        pysbd_ms = best_of(segmenter.segment, texts, max(1, args.repeat // 50))
        print(f"pysbd:                   {pysbd_ms:.3f} ms per pass ({pysbd_ms / sentences_ms:.0f}x)")


if __name__ == "__main__":
    main()
