"""Load on ``reconcile serve`` (a script, not a test: it takes a few minutes).

    .venv/bin/python scripts/bench_service.py                 # 200 articles, 50 readers, then kill -9 and resume
    .venv/bin/python scripts/bench_service.py --articles 50 --clients 10 --latency 0.05

Phase 1, reads under a running job: a real ``reconcile serve`` process on a temporary DuckDB file, its model
a local fake OpenAI-compatible server (``tests/fakeserver.py``) that answers each request after a random
delay around ``--latency`` seconds. One job of ``--articles`` made-up articles is submitted; ``--clients``
threads read ``GET /v1/events`` (a page of 50, then the next page by its cursor) until the job ends.
Printed: read latency p50/p95, reads per second, 5xx count, job time, and whether every article was stored
exactly once.

Phase 2, crash: the same job on a new file, the server killed with SIGKILL once a quarter of the articles
are processed, then started again. Printed: the job's end state and attempts, articles stored before the
kill, lost and duplicated articles after the restart, and model requests sent again for articles that were
already stored (0: nothing stored was asked again).

Every request goes to 127.0.0.1 only; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import duckdb  # noqa: E402
import httpx  # noqa: E402
from fakeserver import COUNTRIES, Behaviour, FakeServer, sentence_actor_responder  # noqa: E402
from service_process import running_service, wait_for_job  # noqa: E402

TIME_LIMIT = 900.0  # seconds: no phase runs longer, whatever the arguments


def articles(count: int, seed: int) -> list[dict[str, Any]]:
    """Made-up articles (two sentences with numbers each), all different, none from a scored text."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        country = COUNTRIES[i % len(COUNTRIES)]
        tag = _letters(seed * 100_000 + i)  # makes every sentence unique, without adding a number
        out.append({
            "text": f"{country} expelled {rng.randint(2, 90)} diplomats on Monday, the {tag} bulletin said. "
                    f"Officials in {country} later ordered {rng.randint(2, 90)} more {tag} staff to leave.",
            "source": f"bench/{seed}/{i}.txt",
            "published": "2025-03-0" + str(1 + i % 9),
        })  # fmt: skip
    return out


def _letters(number: int) -> str:
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word += "abcdefghijklmnopqrstuvwxyz"[digit]
        if not number:
            return "q" + word


def fake_model(latency: float) -> FakeServer:
    rng = random.Random(7)
    lock = threading.Lock()

    def choose(_: dict[str, Any]) -> Behaviour:
        with lock:
            delay = rng.uniform(0.5 * latency, 1.5 * latency)
        return Behaviour("ok", delay=delay)

    return FakeServer(sentence_actor_responder(), choose=choose)


def stored_once(database: Path, expected: int) -> tuple[int, int, int]:
    """(articles stored, articles missing, articles with more than one 'done' extraction)."""
    with duckdb.connect(str(database), read_only=True) as con:
        stored = con.execute("SELECT count(DISTINCT article_id) FROM articles").fetchone()[0]  # type: ignore[index]
        done = con.execute("SELECT article_id, count(*) FROM extractions WHERE status = 'done' GROUP BY 1").fetchall()
    return stored, expected - len(done), sum(1 for _, n in done if n > 1)


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def phase_reads(folder: Path, count: int, clients: int, latency: float, concurrency: int) -> None:
    database = folder / "load.duckdb"
    with (
        fake_model(latency) as model,
        running_service(database, model.base_url, "--concurrency", str(concurrency)) as service,
        service.client(timeout=60) as submitter,
    ):
        started = time.monotonic()
        location = submitter.post("/v1/articles", json={"articles": articles(count, 1)}).headers["location"]
        finished = threading.Event()
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        lock = threading.Lock()

        def reader() -> None:
            with httpx.Client(base_url=service.url, timeout=60) as client:
                while not finished.is_set() and time.monotonic() - started < TIME_LIMIT:
                    cursor = None
                    for _ in range(2):  # a page, then the next one by its cursor
                        params: dict[str, Any] = {"limit": 50, **({"cursor": cursor} if cursor else {})}
                        sent = time.perf_counter()
                        response = client.get("/v1/events", params=params)
                        took = time.perf_counter() - sent
                        with lock:
                            latencies.append(took)
                            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                        cursor = response.json().get("next_cursor") if response.status_code == 200 else None
                        if cursor is None:
                            break

        threads = [threading.Thread(target=reader, daemon=True) for _ in range(clients)]
        for thread in threads:
            thread.start()
        job = wait_for_job(submitter, location, seconds=TIME_LIMIT)
        job_seconds = time.monotonic() - started
        finished.set()
        for thread in threads:
            thread.join(timeout=60)
    stored, missing, duplicated = stored_once(database, count)
    errors = sum(n for status, n in statuses.items() if status >= 500)
    print(f"reads under a job: {count} articles, {clients} readers, model latency ~{latency:.2f} s, "
          f"{concurrency} requests in flight to the model")  # fmt: skip
    print(f"  job: {job['state']} in {job_seconds:.1f} s; model calls {job['model']['calls']}")  # type: ignore[index]
    p50, p95 = percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000
    print(f"  reads: {len(latencies)} ({len(latencies) / job_seconds:.0f}/s), p50 {p50:.0f} ms, p95 {p95:.0f} ms;"
          f" statuses {dict(sorted(statuses.items()))}; 5xx {errors}")  # fmt: skip
    print(f"  articles: {stored} stored, {missing} lost, {duplicated} duplicated")


def phase_crash(folder: Path, count: int, latency: float, concurrency: int) -> None:
    database = folder / "crash.duckdb"
    extra = ("--concurrency", str(concurrency))
    with fake_model(latency) as model:
        with running_service(database, model.base_url, *extra) as first, first.client(timeout=60) as client:
            location = client.post("/v1/articles", json={"articles": articles(count, 2)}).headers["location"]
            deadline = time.monotonic() + TIME_LIMIT
            while client.get(location).json()["progress"]["processed"] < count // 4:
                if time.monotonic() > deadline:
                    raise SystemExit("the job made no progress")
                time.sleep(0.05)
            os.kill(first.process.pid, signal.SIGKILL)
            first.process.wait()
        with duckdb.connect(str(database), read_only=True) as con:
            before = {r[0] for r in con.execute("SELECT article_id FROM extractions WHERE status = 'done'").fetchall()}
            texts = dict(con.execute("SELECT article_id, text FROM articles").fetchall())
        asked_before = len(model.requests)
        with running_service(database, model.base_url, *extra) as second, second.client(timeout=60) as client:
            job = wait_for_job(client, location, seconds=TIME_LIMIT)
    stored_texts = [texts[a] for a in before]
    asked = [
        _sentence_of(m["content"]) for r in model.requests[asked_before:] for m in r["messages"] if m["role"] == "user"
    ]
    asked_again = [sentence for sentence in asked if any(sentence in text for text in stored_texts)]
    stored, missing, duplicated = stored_once(database, count)
    print(f"kill -9 mid-job: {count} articles; killed after {len(before)} were stored")
    print(f"  after restart: job {job['state']} (attempts {job['attempts']}), {stored} stored, {missing} lost,"
          f" {duplicated} duplicated; model requests for already-stored articles: {len(asked_again)}")  # fmt: skip


def _sentence_of(user_message: str) -> str:
    """The sentence a request asks about, without its number markers ([N1: 40] -> 40)."""
    import re

    line = next((x for x in user_message.splitlines() if x.startswith("Sentence:")), user_message)
    return re.sub(r"\[N\d+: ([^\]]*)\]", r"\1", line.removeprefix("Sentence:").strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per model request (mean)")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight to the model")
    parser.add_argument("--no-crash", action="store_true", help="skip phase 2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp:
        phase_reads(Path(tmp), args.articles, args.clients, args.latency, args.concurrency)
        if not args.no_crash:
            phase_crash(Path(tmp), args.articles, args.latency, args.concurrency)


if __name__ == "__main__":
    main()
