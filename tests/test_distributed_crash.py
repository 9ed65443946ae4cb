"""A run on Ray killed mid-way (``kill -9`` of the driver) and run again pays no answer twice and loses nothing.

A real fake endpoint (``tests/fakeserver.py``, loopback HTTP, 0.2 s per answer) serves ``reconcile run
--engine ray`` in a subprocess; once some answers have gone out, the driver is killed with SIGKILL and so
is everything it had started (Ray's processes, by pid). The answers the killed run received are in its
actors' journals; the second run merges them first, so none of its requests may be one of them, and its
database must hold exactly the claims of an uninterrupted local run on the same articles.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
from fakeserver import Behaviour, FakeServer, sentence_actor_responder

from reconcile.config import Settings
from reconcile.distributed.engine import dataset_folder
from reconcile.llm.transport import request_key
from reconcile.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ("France", "Germany", "Poland", "Italy", "Spain", "Norway")


def _corpus(folder: Path, n: int = 12) -> Path:
    folder.mkdir()
    for i in range(n):
        a, b, c = COUNTRIES[i % 6], COUNTRIES[(i + 1) % 6], COUNTRIES[(i + 2) % 6]
        (folder / f"{i:03d}.txt").write_text(
            f"date 2025-03-{1 + i % 9:02d}\n\n{a} expelled {3 + i} Russian diplomats on Monday. "
            f"{b} said it had expelled {20 + i} diplomats since the invasion. "
            f"{c} expelled {40 + 2 * i} diplomats last week.\n",
            encoding="utf-8",
        )
    return folder


def _claims(database: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("SELECT claim_id, measure, actor, target, value, unit FROM claims ORDER BY ALL").fetchall()


def _command(corpus: Path, database: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "reconcile.cli", "run", str(corpus), "--engine", "ray", "--workers", "2",
            "--endpoint", f"{url}#2", "--db", str(database), "--no-claims", "--profile", "expulsions",
            "--model", "fake"]  # fmt: skip


def _kill_tree(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the driver, then every process it had started (Ray's), each by its pid."""
    children = psutil.Process(process.pid).children(recursive=True)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    psutil.wait_procs(children, timeout=10)


def test_killed_run_then_rerun_makes_no_repeated_call_and_loses_nothing(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    database = tmp_path / "ray.duckdb"
    slow = Behaviour("ok", delay=0.2)
    with FakeServer(sentence_actor_responder(), choose=lambda _: slow) as server:
        driver = subprocess.Popen(_command(corpus, database, server.base_url), cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 600
        while len(server.requests) < 10 and driver.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert driver.poll() is None, "the run ended before it could be killed"
        _kill_tree(driver)
        first = len(server.requests)
        journals = sorted((dataset_folder(database) / "journal").glob("*.jsonl"))
        received = {json.loads(line)["request_hash"] for path in journals for line in path.read_text().splitlines()
                    if line.endswith("}")}  # fmt: skip
        assert received, "the killed run journaled no answer"

        second = subprocess.run(_command(corpus, database, server.base_url), cwd=ROOT, capture_output=True,
                                text=True, timeout=900)  # fmt: skip
        assert second.returncode == 0, second.stderr
        asked_again = {request_key(json.dumps(body).encode()) for body in server.requests[first:]}
        assert not asked_again & received

        local = tmp_path / "local.duckdb"
        settings = Settings(base_url=server.base_url, model="fake", database=local, profile="expulsions")
        with Pipeline(local, settings) as pipeline:
            assert pipeline.run([corpus]).articles_failed == 0
    assert len(_claims(database)) >= 24
    assert _claims(database) == _claims(local)
