#!/usr/bin/env python
"""Benchmark ingest of a JSON Lines export: time and peak memory for 10,000 synthetic articles (and more).

Why: an export is read as a stream and stored in batches, so memory must not grow with the file. Each
size writes its own synthetic export (articles of ~2-4 KB with url, outlet, title, published, language
and author; one in ten a republished copy of an earlier one, with its own headline and a trimmed end, so
near-duplicate detection has work to do; one line in a thousand malformed) and ingests it in a fresh
subprocess, through the pipeline's own ingest path (``iter_inputs`` -> ``Pipeline``'s batched store
writes, source groups included) into a file-backed DuckDB, with no model: so the peak RSS printed
belongs to that size alone. Printed beside it: the RSS before reading (the libraries), and what DuckDB's
buffer manager holds at the end (pages of the tables it wrote, which it keeps up to its memory_limit):
the rest of the growth between sizes is the article ids a run keeps (~100 bytes per article).

    .venv/bin/python scripts/bench_ingest.py                  # 10,000 and 40,000 articles
    .venv/bin/python scripts/bench_ingest.py --sizes 10000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

OUTLETS = ["Wire Agency", "Daily Example", "The Observer", "Morning Post", "Rheinblatt", "Le Fil", "El Diario"]
COUNTRIES = ["France", "Germany", "Poland", "Italy", "Spain", "Denmark", "Sweden", "Estonia", "Latvia", "Ireland"]
WORDS = [
    "government", "minister", "said", "statement", "embassy", "officials", "talks", "border", "security",
    "spokesman", "reporters", "capital", "decision", "week", "measure", "response", "allies", "sanctions",
    "parliament", "opposition", "leader", "meeting", "council", "summit", "agreement", "report", "police",
    "investigation", "diplomatic", "relations", "countries", "foreign", "ministry", "interior", "court",
]  # fmt: skip


def synthetic_article(rng: random.Random, i: int) -> str:
    """A few paragraphs with counts in them; words drawn at random so unrelated articles share no 5-grams."""
    actor, target = rng.sample(COUNTRIES, 2)
    paragraphs = [f"{actor} expelled {rng.randint(2, 60)} {target} diplomats on day {i % 28 + 1}, officials said."]
    for _ in range(rng.randint(4, 8)):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            words = rng.choices(WORDS, k=rng.randint(10, 22))
            if rng.random() < 0.3:
                words.insert(rng.randint(0, len(words)), str(rng.randint(2, 500)))
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    return "\n".join(paragraphs)


def write_export(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    texts: list[str] = []
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            if i % 1000 == 999:
                out.write('{"text": "a malformed line",\n')
                continue
            if texts and i % 10 == 0:  # a republished copy: new headline, last paragraph dropped
                original = rng.choice(texts[-500:])
                text = "Breaking: " + rng.choice(WORDS) + "\n" + original.rsplit("\n", 1)[0]
            else:
                text = synthetic_article(rng, i)
                texts.append(text)
            record = {
                "text": text,
                "url": f"https://news{i % 7}.example.org/{i}",
                "outlet": OUTLETS[i % len(OUTLETS)],
                "title": text.split("\n", 1)[0][:80],
                "published": f"2022-04-{i % 28 + 1:02d}T{i % 24:02d}:00:00+02:00",
                "language": "en",
                "author": f"Reporter {i % 97}",
            }
            out.write(json.dumps(record) + "\n")


def measure(export: Path, database: Path) -> dict[str, float]:
    """Ingest ``export`` into ``database`` the way ``Pipeline.run`` does, without the extraction stage."""
    from reconcile.config import Settings
    from reconcile.ingest import iter_inputs
    from reconcile.pipeline import Pipeline, RunSummary

    with Pipeline(database, Settings(base_url="http://127.0.0.1:9/v1", model="none")) as pipeline:
        import datasketch  # noqa: F401  (loaded before the baseline: it is a fixed cost, not data)

        baseline = psutil.Process().memory_info().rss / 1e6
        t0 = time.perf_counter()
        summary = RunSummary("bench")
        todo = pipeline._ingest("bench", iter_inputs([export], pipeline.ingest_options()), summary)
        seconds = time.perf_counter() - t0
        groups = pipeline.store.query("SELECT count(DISTINCT source_group), count(*) FROM articles")[0]
        duckdb_mb = pipeline.store.query("SELECT sum(memory_usage_bytes) / 1e6 FROM duckdb_memory()")[0][0]
    return {
        "articles": len(todo),
        "failed": summary.articles_failed,
        "source_groups": groups[0],
        "seconds": round(seconds, 2),
        "articles_per_second": round(len(todo) / seconds, 1),
        "export_mb": round(export.stat().st_size / 1e6, 1),
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "duckdb_mb": round(float(duckdb_mb or 0), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 40_000])
    parser.add_argument("--child", nargs=2, metavar=("EXPORT", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child[0]), Path(args.child[1]))))
        return
    print(
        "| articles | export | failed lines | source groups | ingest time | articles/s | RSS before | peak RSS"
        " | DuckDB buffers |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            export = Path(tmp) / "export.jsonl"
            write_export(export, n)
            result = subprocess.run(
                [sys.executable, __file__, "--child", str(export), str(Path(tmp) / "bench.duckdb")],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(result.stdout.strip().splitlines()[-1])
        print(
            f"| {r['articles']:,} | {r['export_mb']} MB | {r['failed']} | {r['source_groups']:,} | "
            f"{r['seconds']} s | {r['articles_per_second']} | {r['baseline_rss_mb']} MB | {r['peak_rss_mb']} MB | "
            f"{r['duckdb_mb']} MB |",
            flush=True,
        )


if __name__ == "__main__":
    main()
