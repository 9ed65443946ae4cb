"""Stopping a run: Ctrl-C, a dead endpoint (circuit breaker) and a rate limit (Retry-After).

Real processes and a real loopback server (``fakeserver``): Ctrl-C is a SIGINT sent to a ``reconcile run``
subprocess, and the exit time is measured from the signal.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
from batch import rows, run, settings, write
from fakeserver import (
    COUNTRIES,
    Behaviour,
    FakeServer,
    attribution_responder,
    closed_port_url,
    sentence_actor_responder,
)

ROOT = Path(__file__).resolve().parents[1]


def sentence(body: dict[str, Any]) -> str:
    user = str(next(m["content"] for m in body["messages"] if m["role"] == "user"))
    return next((line for line in user.splitlines() if line.startswith("Sentence:")), user)


def articles(folder: Path, count: int) -> Path:
    """``count`` one-sentence articles, a.txt (France), b.txt (Germany), ... each naming its own country."""
    return write(
        folder,
        **{
            chr(ord("a") + i): f"{COUNTRIES[i % len(COUNTRIES)]} expelled {10 + i} Russian diplomats."
            for i in range(count)
        },
    )


def test_ctrl_c_stops_at_once_and_keeps_what_was_finished(tmp_path: Path) -> None:
    folder = articles(tmp_path / "in", 8)
    slow = Behaviour("ok", delay=10)  # every article but France's and Germany's takes 10 s to answer
    with FakeServer(sentence_actor_responder(), choose=lambda b: None if "France" in sentence(b) or "Germany"
                    in sentence(b) else slow) as server:  # fmt: skip
        database = tmp_path / "r.duckdb"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
        for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "RECONCILE_BASE_URL", "RECONCILE_CONFIG"):
            env.pop(name, None)
        child = subprocess.Popen(
            [sys.executable, "-m", "reconcile.cli", "run", str(folder), "--db", str(database),
             "--base-url", server.base_url, "--model", "fake", "--concurrency", "2"],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while len(server.requests) < 4:  # a and b answered, two slow ones in flight, four more queued
                assert child.poll() is None and time.monotonic() < deadline, child.communicate()
                time.sleep(0.05)
            time.sleep(0.5)  # let the answered articles be written
            sent_before = len(server.requests)
            child.send_signal(signal.SIGINT)
            interrupted = time.monotonic()
            _, stderr = child.communicate(timeout=20)
            exited = time.monotonic() - interrupted
        finally:
            child.kill()
        sent_after = len(server.requests) - sent_before
    assert exited < 2.0, f"took {exited:.1f} s to exit after Ctrl-C"
    assert child.returncode == 130, stderr
    assert sent_after == 0  # nothing queued went out after the signal
    assert "interrupted" in stderr and "Traceback" not in stderr, stderr
    with duckdb.connect(str(database), read_only=True) as con:
        stored = con.execute(
            "SELECT a.source, e.status FROM extractions e JOIN articles a USING (article_id) ORDER BY 1"
        ).fetchall()
        assert con.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
        assert sorted(con.execute("SELECT actor_text FROM claims").fetchall()) == [("France",), ("Germany",)]
    assert [(Path(source).name, status) for source, status in stored] == [("a.txt", "done"), ("b.txt", "done")]


def test_dead_endpoint_stops_the_batch_with_one_message(tmp_path: Path) -> None:
    folder = articles(tmp_path / "in", 12)
    config = settings(closed_port_url(), tmp_path, transport_retries=3)  # 0.5 + 1 + 2 s of backoff each
    started = time.perf_counter()
    summary = run(config, folder)
    elapsed = time.perf_counter() - started
    assert elapsed < 5, f"{elapsed:.1f} s: every sentence waited out its own backoff"
    assert summary.stopped is not None and "4 times in a row" in summary.stopped  # twice the concurrency
    assert (summary.articles_new, summary.articles_failed) == (0, 12)
    assert {reason for _, reason in summary.failures} == {summary.stopped}  # one reason for all
    assert rows(config, "SELECT status, count(*) FROM extractions GROUP BY ALL") == [("failed", 12)]
    assert rows(config, "SELECT status FROM runs") == [("finished",)]

    with FakeServer(sentence_actor_responder()) as server:  # the next run retries every one of them
        again = run(replace(config, base_url=server.base_url), folder)
    assert (again.articles_new, again.articles_failed, again.stopped) == (12, 0, None)


def test_server_errors_trip_the_breaker_after_a_few_requests(tmp_path: Path) -> None:
    folder = articles(tmp_path / "in", 10)
    with FakeServer(attribution_responder(), choose=lambda body: Behaviour("status", status=503)) as server:
        summary = run(settings(server.base_url, tmp_path, transport_retries=3), folder)
        sent = len(server.requests)
    assert sent <= 4 + 2  # the limit, plus what the other worker had in flight; not 10 articles x 4 tries
    assert summary.stopped is not None and "InternalServerError" in summary.stopped
    assert summary.articles_failed == 10


def test_failures_with_successes_between_them_do_not_trip_the_breaker(tmp_path: Path) -> None:
    folder = articles(tmp_path / "in", 6)
    flaky = [Behaviour("status", status=500), Behaviour("ok")] * 6  # every other request fails
    with FakeServer(sentence_actor_responder(), script=flaky) as server:
        summary = run(settings(server.base_url, tmp_path, max_consecutive_failures=2, concurrency=1), folder)
    assert (summary.stopped, summary.articles_new, summary.articles_failed) == (None, 6, 0)


def test_retry_after_is_honoured_by_every_request_of_the_run(tmp_path: Path) -> None:
    write(tmp_path / "in", a="France expelled 35 Russian diplomats. Paris said 20 more would leave.", b=
          "Germany expelled 40 Russian diplomats.")  # fmt: skip
    told = Behaviour("status", status=429, headers={"retry-after": "1.5"})
    order = itertools.count()

    def choose(body: dict[str, Any]) -> Behaviour | None:
        # the first request is told to wait; the one sent next to it is answered a little later, after which
        # its worker must wait too
        return {0: told, 1: Behaviour("ok", delay=0.3)}.get(next(order))

    with FakeServer(sentence_actor_responder(), choose=choose) as server:
        summary = run(settings(server.base_url, tmp_path), tmp_path / "in")
        arrived = server.arrived
    assert (summary.articles_new, summary.articles_failed, summary.claims) == (2, 0, 3)
    assert len(arrived) == 4  # the 429, its retry, and the two other sentences
    assert all(t - arrived[0] >= 1.5 for t in arrived[2:]), [round(t - arrived[0], 2) for t in arrived]


def test_a_retry_after_too_long_to_wait_fails_the_article_at_once(tmp_path: Path) -> None:
    write(tmp_path / "in", a="France expelled 35 Russian diplomats.")
    told = Behaviour("status", status=429, headers={"retry-after": "3600"})
    with FakeServer(sentence_actor_responder(), choose=lambda body: told) as server:
        started = time.perf_counter()
        summary = run(settings(server.base_url, tmp_path), tmp_path / "in")
        assert len(server.requests) == 1
    assert time.perf_counter() - started < 5
    assert summary.articles_failed == 1
    assert "asks to wait 3600 s" in summary.failures[0][1]
