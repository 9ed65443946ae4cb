#!/usr/bin/env python
"""Scale-out, measured here and simulated honestly: a fleet of fake endpoints, and sharded reconciliation.

    .venv/bin/python scripts/bench_scale.py extract --articles 400 --latency 0.3 --fleet 1 2 4 8
    .venv/bin/python scripts/bench_scale.py reconcile --claims 1000000 --shards 8

``extract``: synthetic articles (three sentences with figures each, so three requests) against K fake
OpenAI-compatible endpoints (``tests/fakeserver.py``: real loopback HTTP, C requests at once each), first
through today's single-process ``Pipeline.run`` against one endpoint, then through ``run --engine ray``
(local Ray, 2 extraction actors) against K = 1, 2, 4, 8. Throughput is articles per second over the
extraction window (first request to last answer, as the endpoints saw them); each run starts from an
empty database, so nothing comes from the cache.

What the fake endpoints model, plainly: a real server's *latency*, not its work. Each answer is a sleep of
``--latency`` seconds (300 ms: a small model's answer on a GPU server) and a canned JSON body, about 1 ms
of CPU; they run in a process of their own (their threads do not take the client's GIL) and their CPU is
printed apart from the client's. On a real fleet each endpoint is its own machine; here all K share this
box's cores with the client, so the scaling measured is the *client's* (threads, Ray actors, parsing and
grounding each answer): an endpoint that ran the model here would measure this box's CPU instead. The
ideal is K x C requests in flight all the time; ``client ms/req`` is the CPU the client (this process and
every Ray process) spent per request, the number that caps the scaling on a machine of N cores at about
N / (client seconds per request) requests a second.

``reconcile``: synthetic claims (``scripts/bench_reconcile.py``'s world, a tenth of the articles undated)
reconciled in one piece (``Pipeline.reconcile``) and sharded on local Ray (``engine._reconcile``): wall
time, peak RSS of this process and its children, and whether both give the same events and flags.
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import resource
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Any

import psutil

from reconcile.config import Settings
from reconcile.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]

COUNTRIES = ("France", "Germany", "Poland", "Italy", "Spain", "Norway")


class PeakTreeRSS:
    """Peak RSS of this process plus all its descendants (Ray's workers), sampled every 50 ms, and the CPU
    seconds they spent meanwhile (a process that ends between two samples loses its last 50 ms)."""

    def __init__(self, exclude: set[int] | None = None) -> None:
        self.peak = 0
        self._exclude = exclude or set()  # the fake endpoints' process: its CPU is not the client's
        self._start: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _processes(self) -> list[psutil.Process]:
        me = psutil.Process()
        return [me] + [p for p in me.children(recursive=True) if p.pid not in self._exclude]

    def _sample(self) -> int:
        total = 0
        for process in self._processes():
            with suppress(psutil.Error), process.oneshot():
                total += process.memory_info().rss
                times = process.cpu_times()
                self._last[process.pid] = times.user + times.system + times.children_user + times.children_system
        return total

    @property
    def cpu(self) -> float:
        """CPU seconds of the tree since ``__enter__``."""
        return sum(seconds - self._start.get(pid, 0.0) for pid, seconds in self._last.items())

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self._sample())

    def __enter__(self) -> PeakTreeRSS:
        self._sample()
        self._start = dict(self._last)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def _serve(conn: Any, k: int, latency: float) -> None:
    """The fake endpoints' process: K servers that sleep ``latency`` per answer; on "stop", the arrival
    times they saw and the CPU seconds this process spent."""
    sys.path.insert(0, str(ROOT / "tests"))
    from fakeserver import Behaviour, FakeServer, sentence_actor_responder

    slow = Behaviour("ok", delay=latency)
    with ExitStack() as stack:
        servers = [stack.enter_context(FakeServer(sentence_actor_responder(), choose=lambda _: slow))
                   for _ in range(k)]  # fmt: skip
        conn.send([s.base_url for s in servers])
        conn.recv()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        conn.send(([t for s in servers for t in s.arrived], usage.ru_utime + usage.ru_stime))


class FakeFleet:
    """K fake endpoints in a process of their own (``_serve``)."""

    def __init__(self, k: int, latency: float) -> None:
        self._conn, child = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("spawn").Process(target=_serve, args=(child, k, latency))
        self.urls: list[str] = []
        self.arrived: list[float] = []
        self.cpu = 0.0

    @property
    def pid(self) -> int:
        return self._process.pid or 0

    def __enter__(self) -> FakeFleet:
        self._process.start()
        self.urls = self._conn.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.send("stop")
        self.arrived, self.cpu = self._conn.recv()
        self._process.join(30)


def corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        a, b, c = COUNTRIES[i % 6], COUNTRIES[(i + 1) % 6], COUNTRIES[(i + 2) % 6]
        (folder / f"{i:05d}.txt").write_text(
            f"date 2025-{1 + i % 12:02d}-{1 + i % 27:02d}\n\n{a} expelled {3 + i % 50} Russian diplomats on Monday. "
            f"{b} said it had expelled {20 + i % 70} diplomats since the invasion (report {i}). "
            f"{c} expelled {40 + i % 90} diplomats last week.\n",
            encoding="utf-8",
        )
    return folder


def _window(fleet: FakeFleet) -> tuple[float, int]:
    arrived = sorted(fleet.arrived)
    return (arrived[-1] - arrived[0] if len(arrived) > 1 else 0.0), len(arrived)


def bench_extract(args: argparse.Namespace) -> None:
    import ray

    from reconcile.distributed import Endpoint, RayOptions, run_on_ray

    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    articles = corpus(tmp / "corpus", args.articles)
    print(f"{args.articles} articles, {args.latency * 1000:.0f} ms per answer, {args.concurrency} requests at once "
          f"per endpoint, {psutil.cpu_count()} cores, load average {psutil.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'engine':<22} {'K':>2} {'requests':>8} {'extract s':>9} {'articles/s':>10} {'ideal':>6} {'wall s':>7}"
          f" {'client ms/req':>13} {'endpoint ms/req':>15} {'peak RSS MB':>11}")  # fmt: skip
    base = None
    runs = [("local (run)", 1)] if not args.no_local else []
    runs += [(f"ray, {args.workers} actors", k) for k in args.fleet]
    ray.init(num_cpus=psutil.cpu_count() or 2, include_dashboard=False, log_to_driver=False)
    for engine, k in runs:
        with FakeFleet(k, args.latency) as fleet:
            database = tmp / f"{engine.split()[0]}-{k}.duckdb"
            settings = Settings(base_url=fleet.urls[0], model="fake", database=database,
                                profile="expulsions", concurrency=args.concurrency)  # fmt: skip
            started = time.perf_counter()
            with PeakTreeRSS(exclude={fleet.pid}) as peak, Pipeline(database, settings) as pipeline:
                if engine.startswith("local"):
                    summary = pipeline.run([articles])
                else:
                    endpoints = tuple(Endpoint(url, args.concurrency) for url in fleet.urls)
                    summary = run_on_ray(pipeline, [articles], pipeline.ingest_options(),
                                         RayOptions(endpoints=endpoints, workers=args.workers))  # fmt: skip
            wall = time.perf_counter() - started
        window, requests = _window(fleet)
        rate = args.articles / window if window else float("nan")
        ideal = k * args.concurrency / args.latency * args.articles / max(1, requests)  # every slot always busy
        base = base or (rate if engine.startswith("ray") else None)
        assert summary.articles_failed == 0, summary.failures[:3]
        print(f"{engine:<22} {k:>2} {requests:>8} {window:>9.1f} {rate:>10.2f} {ideal:>6.1f} {wall:>7.1f}"
              f" {1000 * peak.cpu / max(1, requests):>13.1f} {1000 * fleet.cpu / max(1, requests):>15.1f}"
              f" {peak.peak / 2**20:>11.0f}"
              + (f"   x{rate / base:.2f} vs K=1 on Ray" if base and engine.startswith("ray") else ""),
              flush=True)  # fmt: skip
    ray.shutdown()


GENERATE_CHUNK = 1_000_000  # claims per INSERT (a multiple of 8: an article's claims never straddle two)

# A digest of a table that needs neither order nor memory: the row count and two sums of each row's md5
# (as text). events.target is any_value() of the cluster's targets, which differ where a target is wording
# rather than a party code (these synthetic 'T3's): arbitrary in one piece too, so it is left out.
_DIGEST = (
    "SELECT count(*), sum(md5_number_lower(x::VARCHAR)::HUGEINT), sum(md5_number_upper(x::VARCHAR)::HUGEINT)"
    " FROM (SELECT * {exclude} FROM {table}) x"
)


def generate_claims(
    database: Path, settings: Settings, n: int, memory_limit: str = "8GB", dateless: float = 0.0
) -> None:
    """``scripts/bench_reconcile.py``'s synthetic world, ``n`` claims, in chunks of ``GENERATE_CHUNK`` (set-based
    SQL in DuckDB, no Python loop over rows), a tenth of the articles undated. Their figures keep their dates
    (about 85% of them are precise), so their story dates nearly every one of them; ``dateless`` is the share
    of all articles that are undated *and* have every figure undated: nothing dates those, and they tie their
    partitions together (blocks)."""
    spec = importlib.util.spec_from_file_location("bench_reconcile", ROOT / "scripts" / "bench_reconcile.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with Pipeline(database, settings) as pipeline, pipeline.store.cursor() as cur:
        cur.execute(f"SET memory_limit = '{memory_limit}'")
        for offset in range(0, n, GENERATE_CHUNK):
            size = min(GENERATE_CHUNK, n - offset)
            cur.execute(module._GENERATE.format(n=size, offset=offset, partitions=max(1, n // 40)))
        cur.execute("DROP TABLE IF EXISTS gen; UPDATE articles SET published = NULL WHERE hash(article_id) % 10 = 0")
        if dateless:  # (hash % 10 = 0 above: a tenth; this takes the share of all articles among those)
            cur.execute(
                "UPDATE claims SET event_date = NULL, date_low = NULL, date_high = NULL, date_text = NULL"
                " WHERE article_id IN (SELECT article_id FROM articles WHERE published IS NULL"
                f" AND hash(article_id) // 10 % 10000 < {round(dateless * 10 * 10000)})"
            )


def bench_reconcile(args: argparse.Namespace) -> None:
    import logging
    import shutil

    import ray

    from reconcile.distributed.engine import RayOptions, _reconcile, ray_session
    from reconcile.distributed.shards import EVENT_TABLES

    logging.basicConfig(format="  %(message)s")
    logging.getLogger("reconcile.distributed.engine").setLevel(logging.INFO)  # the sharded path's stages
    tmp = Path(tempfile.mkdtemp(prefix="bench-shards-", dir=args.tmp))
    settings = Settings(base_url="http://127.0.0.1:9/v1", profile="expulsions")
    database = tmp / "claims.duckdb"
    started = time.perf_counter()
    with PeakTreeRSS() as peak:
        generate_claims(database, settings, args.claims, args.memory_limit, args.dateless)
    print(f"{args.claims:,} synthetic claims, {psutil.cpu_count()} cores, load average {psutil.getloadavg()[0]:.1f};"
          f" shards: {args.shards}; articles dated by nothing: {args.dateless:.1%};"
          f" generated in {time.perf_counter() - started:.1f} s, peak RSS"
          f" {peak.peak / 2**20:.0f} MB, file {database.stat().st_size / 2**20:.0f} MB", flush=True)  # fmt: skip
    results = {}
    for mode in args.modes:
        copy = tmp / f"{mode}.duckdb"
        shutil.copyfile(database, copy)
        with Pipeline(copy, settings) as pipeline:
            with pipeline.store.cursor() as cur:  # the run's database; each shard's is bounded by its size
                cur.execute(f"SET memory_limit = '{args.memory_limit}'")
            started = time.perf_counter()
            with PeakTreeRSS() as peak:
                if mode == "single":
                    pipeline.reconcile()
                else:
                    ray.init(num_cpus=psutil.cpu_count() or 2, include_dashboard=False, log_to_driver=False)
                    options = RayOptions(shards=args.shards, shard_memory=args.shard_memory)
                    with ray_session(options):
                        _reconcile(pipeline.store, settings, copy.with_name(copy.name + ".parquet"), options)
                    ray.shutdown()
            wall = time.perf_counter() - started
            with pipeline.store.cursor() as cur:
                results[mode] = [cur.execute(_DIGEST.format(table=table, exclude="EXCLUDE (first_seen, updated_at,"
                                                            " target)" if table == "events" else "")).fetchone()
                                 for table in EVENT_TABLES]  # fmt: skip
        rows = ", ".join(f"{table} {digest[0]:,}" for table, digest in zip(EVENT_TABLES, results[mode], strict=True))
        print(f"{mode:<8} wall {wall:7.1f} s  CPU {peak.cpu:7.1f} s  peak RSS {peak.peak / 2**20:7.0f} MB  {rows}",
              flush=True)  # fmt: skip
        copy.unlink()
        shutil.rmtree(copy.with_name(copy.name + ".parquet"), ignore_errors=True)
    if len(results) == 2:
        print("same events, event_claims, conflicts and event_relations (events.target aside):",
              results["single"] == results["sharded"])  # fmt: skip
    shutil.rmtree(tmp)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    ex = sub.add_parser("extract")
    ex.add_argument("--articles", type=int, default=400)
    ex.add_argument("--latency", type=float, default=0.3)
    ex.add_argument("--concurrency", type=int, default=4, help="requests at once per endpoint")
    ex.add_argument("--fleet", type=int, nargs="+", default=[1, 2, 4, 8])
    ex.add_argument("--workers", type=int, default=2, help="Ray extraction actors")
    ex.add_argument("--no-local", action="store_true", help="skip the single-process run")
    rc = sub.add_parser("reconcile")
    rc.add_argument("--claims", type=int, default=1_000_000)
    rc.add_argument("--shards", type=int, default=8)
    rc.add_argument("--modes", nargs="+", choices=("single", "sharded"), default=["single", "sharded"])
    rc.add_argument("--memory-limit", default="8GB", help="DuckDB's memory_limit for the run's database")
    rc.add_argument("--shard-memory", default="2GB", help="DuckDB's memory_limit for each shard's database")
    rc.add_argument(
        "--dateless",
        type=float,
        default=0.0,
        help="share of articles that nothing dates (undated, every figure undated; at most 0.1)",
    )
    rc.add_argument("--tmp", help="folder for the databases (default: the system's temporary folder)")
    args = ap.parse_args()
    (bench_extract if args.what == "extract" else bench_reconcile)(args)


if __name__ == "__main__":
    main()
