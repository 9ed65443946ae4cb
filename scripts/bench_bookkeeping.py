#!/usr/bin/env python
"""Benchmark a whole run over an export whose records hold no number: ingest plus extraction bookkeeping.

Why: such a record costs no model request, but every one still gets an extraction record (``done``, 0
claims) so the next run skips it. Saved one transaction per article, a 50,000-record export spent 9
minutes (7 ms a commit) before it was stopped; they are now saved in batches (``Store.save_extractions``).
This runs ``Pipeline.run`` itself in a fresh subprocess, against a loopback port nothing listens on (no
record has a number, so no request is made), and prints the wall time, the ingest share of it and the
peak RSS of that process.

    .venv/bin/python scripts/bench_bookkeeping.py                 # 50,000 records
    .venv/bin/python scripts/bench_bookkeeping.py --records 5000
    .venv/bin/python scripts/bench_bookkeeping.py --sentences 40   # full-length articles (about 4.5 KB)
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    "government", "minister", "said", "statement", "embassy", "officials", "talks", "border", "security",
    "spokesman", "reporters", "capital", "decision", "week", "measure", "response", "allies", "sanctions",
    "parliament", "opposition", "leader", "meeting", "council", "summit", "agreement", "report", "police",
    "investigation", "diplomatic", "relations", "countries", "foreign", "ministry", "interior", "court",
]  # fmt: skip


def write_export(path: Path, n: int, seed: int = 11, per_record: int = 4) -> None:
    """``n`` JSON Lines records of ``per_record`` sentences each, words drawn at random, no digit or number word."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            sentences = [
                " ".join(rng.choices(WORDS, k=rng.randint(8, 18))).capitalize() + "." for _ in range(per_record)
            ]
            out.write(json.dumps({"text": " ".join(sentences), "url": f"https://example.org/{i}"}) + "\n")


def closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/v1"


def measure(export: Path, database: Path) -> dict[str, float]:
    from reconcile.config import Settings
    from reconcile.pipeline import Pipeline

    settings = Settings(base_url=closed_port(), model="none", database=database)
    started = time.perf_counter()
    first_extracted: list[float] = []

    def progress(*_: object) -> None:
        if not first_extracted:
            first_extracted.append(time.perf_counter())

    with Pipeline(database, settings) as pipeline:
        summary = pipeline.run([export], progress)
    wall = time.perf_counter() - started
    return {
        "records": summary.articles_new + summary.articles_skipped,
        "failed": summary.articles_failed,
        "model_calls": summary.stats.model_calls,
        "wall_seconds": round(wall, 1),
        "ingest_seconds": round((first_extracted[0] if first_extracted else time.perf_counter()) - started, 1),
        "cpu_seconds": round(time.process_time(), 1),  # on a shared machine, the figure that holds
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--sentences", type=int, default=4, help="per record (4: about 450 characters)")
    parser.add_argument("--child", nargs=2, metavar=("EXPORT", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child[0]), Path(args.child[1]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export.jsonl"
        write_export(export, args.records, per_record=args.sentences)
        result = subprocess.run(
            [sys.executable, __file__, "--child", str(export), str(Path(tmp) / "bench.duckdb")],
            capture_output=True,
            text=True,
            check=True,
        )
    r = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"{r['records']:,} records without numbers: {r['wall_seconds']} s in all "
        f"(ingest {r['ingest_seconds']} s, then extraction bookkeeping), {r['model_calls']} model calls, "
        f"{r['failed']} failed, {r['cpu_seconds']} s of CPU, peak RSS {r['peak_rss_mb']} MB"
    )


if __name__ == "__main__":
    main()
