#!/usr/bin/env python
"""Benchmark reconciliation (grouping + conflict detection) on synthetic claims: 10k, 100k, 1M.

Why: the SQL must stay near-linear as the claims table grows (joins only within a partition or an event,
never over all pairs of claims). Each size runs in a fresh subprocess with a file-backed DuckDB, so the
peak RSS figure belongs to that size alone. Prints, per size: full build time, an incremental re-run
after adding 1% new claims, time per claim, the growth ratio against the previous size, and peak memory.

    .venv/bin/python scripts/bench_reconcile.py                 # 10k, 100k, 1M
    .venv/bin/python scripts/bench_reconcile.py --sizes 10000 50000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import psutil

from reconcile.events import reconcile_events
from reconcile.store.database import schema_sql

# Synthetic world: ~40 claims per partition (actor, target), 4 waves a week apart, ~8 claims per event.
# 5% of values are off by 3 (contradictions), 2% reported 60 days later with +5 (revisions), 10% staff
# (unit differences), 3% aggregates, 10% undated, 5% wide windows, 5% "at least", 0.5% unresolved actors.
# Half the aggregates are by coalitions (actor MULTI, three different member lists per base actor, so
# the member list is what keeps them apart) and a quarter of them say "since the invasion" (running totals).
# Claims are inserted by column name, as the store does, so new nullable columns need no change here.
_GENERATE = """
CREATE OR REPLACE TEMP TABLE gen AS
SELECT i,
       hash(i) % {partitions} AS part,
       (i // {partitions}) % 4 AS wave,
       (hash(i * 7 + 1) % 1000) AS r
FROM range({offset}, {offset} + {n}) t(i);

INSERT INTO articles (article_id, source, published, text)
SELECT DISTINCT 'art' || (i // 8), 'synthetic/' || (i // 8) || '.txt',
       DATE '2022-03-01' + CAST(((i // 8) % 4) * 7 + (hash(i // 8) % 3)
                                + CASE WHEN hash(i // 8) % 50 = 0 THEN 60 ELSE 0 END AS INTEGER),
       'synthetic article'
FROM gen;

INSERT INTO claims (claim_id, article_id, extractor_version, run_id, number_id, number_text, start, "end",
                    value, low, high, hedge, hedge_text, alignment, profile, measure, measure_kind, unit,
                    actor_text, actor, actor_members, target_text, target, target_members, scope, modality,
                    date_text, event_date, date_low, date_high, sentence_start, sentence_end, quote)
SELECT 'c' || i, 'art' || (i // 8), 'bench', 'bench', 'N1', '40', 0, 2,
       v, CASE WHEN hedge = 'nearly' THEN v * 0.9 ELSE v END, CASE WHEN hedge = 'at_least' THEN NULL ELSE v END,
       hedge, NULL, 'exact', 'expulsions', 'expelled', 'flow',
       CASE WHEN r % 10 = 1 THEN 'staff' ELSE 'diplomats' END,
       'actor',
       CASE WHEN r < 5 THEN NULL WHEN coalition THEN 'MULTI' ELSE base END,
       CASE WHEN r >= 5 AND coalition THEN base || ',B' || (r % 3) END,
       'target', 'T' || (part // 200), NULL,
       CASE WHEN aggregate THEN 'aggregate' ELSE 'single' END, 'done',
       CASE WHEN aggregate AND r % 4 = 0 THEN 'since the invasion' END,
       CASE WHEN r % 10 = 3 OR r % 20 = 4 THEN NULL ELSE day END,
       CASE WHEN r % 20 = 4 THEN day - 20 END, CASE WHEN r % 20 = 4 THEN day END,
       0, 10, 'synthetic quote'
FROM (
    SELECT *,
           'A' || (part % 200) AS base,
           r % 33 = 2 AS aggregate,
           r % 33 = 2 AND part % 2 = 0 AS coalition,
           DATE '2022-03-01' + CAST(wave * 7 + part % 3 AS INTEGER) AS day,
           CAST(10 + (part * 31 + wave * 17) % 60 AS DOUBLE)
               + CASE WHEN r % 20 = 5 THEN 3 WHEN r % 50 = 6 THEN 5 ELSE 0 END AS v,
           CASE WHEN r % 20 = 7 THEN 'at_least' ELSE 'exact' END AS hedge
    FROM gen
);
"""

UNITS = {"diplomats": "staff"}  # as the expulsions profile nests them: the 10% staff figures are comparable


def _schema() -> str:
    text = schema_sql()
    return text.replace("\n    at       TIMESTAMP", '\n    "at"     TIMESTAMP')  # DuckDB 2 reserves `at`


class PeakRSS:
    """Samples this process's RSS every 5 ms: DuckDB allocates natively, invisible to tracemalloc."""

    def __init__(self) -> None:
        self.proc = psutil.Process()
        self.peak = self.proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self.proc.memory_info().rss)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)


def child(n: int, threads: int | None) -> dict[str, float]:
    """One size, in this (fresh) process."""
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "bench.duckdb"))
        if threads:
            con.execute(f"SET threads = {threads}")
        con.execute(_schema())
        partitions = max(n // 40, 1)
        t = time.perf_counter()
        con.execute(_GENERATE.format(n=n, offset=0, partitions=partitions))
        gen_s = time.perf_counter() - t
        rss_before = psutil.Process().memory_info().rss
        with PeakRSS() as peak:
            stats = reconcile_events(con, unit_parents=UNITS)
        full_s = stats.seconds
        # Incremental: one new article (8 claims): only the partitions it touches are regrouped.
        con.execute(_GENERATE.format(n=8, offset=n, partitions=partitions))
        one = reconcile_events(con, unit_parents=UNITS)
        # Incremental: 1% more claims from new articles, hashed over (nearly) all partitions: the worst case.
        extra = max(n // 100, 1)
        con.execute(_GENERATE.format(n=extra, offset=n + 8, partitions=partitions))
        with PeakRSS() as peak_inc:
            inc = reconcile_events(con, unit_parents=UNITS)
        rerun = reconcile_events(con, unit_parents=UNITS)  # nothing new: only the key scan and dirty check
        return {
            "n": n,
            "generate_s": gen_s,
            "full_s": full_s,
            "one_article_s": one.seconds,
            "incremental_s": inc.seconds,
            "noop_s": rerun.seconds,
            "events": stats.events,
            "partitions_rebuilt_inc": inc.partitions_rebuilt,
            "partitions": partitions,
            "conflicts": sum(stats.conflicts.values()),
            "contradictions": stats.conflicts["contradiction"],
            "rss_before_mb": rss_before / 2**20,
            "peak_rss_mb": max(peak.peak, peak_inc.peak) / 2**20,
            "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all cores)")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.threads)))
        return
    ram = psutil.virtual_memory().total / 2**30
    print(f"cores: {psutil.cpu_count()}, duckdb {duckdb.__version__}, RAM {ram:.1f} GiB")
    header = (
        f"{'claims':>10} {'events':>9} {'conflicts':>9} {'full s':>8} {'µs/claim':>9} {'growth':>7} "
        f"{'+1 art s':>8} {'+1% s':>7} {'no-op s':>7} {'peak RSS MB':>11}"
    )
    print(header)
    prev: dict[str, float] | None = None
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--child", str(n)] + (["--threads", str(args.threads)] if args.threads else [])
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        growth = ""
        if prev:  # time ratio over size ratio: 1.0 = linear, 10 = quadratic for a 10x step
            growth = f"{(r['full_s'] / prev['full_s']) / (r['n'] / prev['n']):.2f}"
        print(
            f"{r['n']:>10,} {int(r['events']):>9,} {int(r['conflicts']):>9,} {r['full_s']:>8.2f} "
            f"{1e6 * r['full_s'] / r['n']:>9.1f} {growth:>7} {r['one_article_s']:>8.2f} {r['incremental_s']:>7.2f} "
            f"{r['noop_s']:>7.2f} "
            f"{r['peak_rss_mb']:>11.0f}"
        )
        prev = r
    print("growth = (time ratio) / (size ratio) vs the previous size: 1.0 is linear, ~10 would be quadratic.")
    print("+1 art = re-run after adding one article (8 claims); +1% = after adding 1% new claims spread over")
    print("(nearly) every partition, the worst case for incremental; no-op = re-run with nothing new.")


if __name__ == "__main__":
    main()
