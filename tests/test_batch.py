"""``reconcile run --batch`` against a fake Batch API in its own process (``tests/fakebatch.py``).

The fake answers batched requests with the real model's recorded answers (looked up by request body) and
refuses live calls, so the run passes only if every question went through a batch, the answers landed in
the response cache under the keys live calls use, and the run then finished from the cache: the claims
must equal those of the replayed local run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from test_replay import FIXTURE, ROOT, replay_settings

from reconcile.config import EMBEDDED_MODEL_NAME
from reconcile.pipeline import Pipeline
from reconcile.store.cache import import_cache

CLAIM_COLUMNS = "article_id, number_text, start, measure, actor, target, value, unit, scope, modality, source"


@pytest.fixture
def fake_batch_api() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "fakebatch.py"), str(FIXTURE)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline().split()[1])
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait()


def _stats(server: str) -> dict[str, int]:
    with urllib.request.urlopen(f"{server}/stats") as response:
        stats: dict[str, int] = json.load(response)
    return stats


def _claims(database: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(f"SELECT {CLAIM_COLUMNS} FROM claims ORDER BY ALL").fetchall()


def _run(database: Path, server: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "reconcile.cli", "run", str(ROOT / "seeds"), "--batch", "--no-claims",
               "--db", str(database), "--base-url", f"{server}/v1", "--model", EMBEDDED_MODEL_NAME,
               "--profile", "expulsions"]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=ROOT)


def test_batch_run_asks_everything_through_batches_and_matches_the_live_run(
    fake_batch_api: str, tmp_path: Path
) -> None:
    database = tmp_path / "batch.duckdb"
    done = _run(database, fake_batch_api)
    assert done.returncode == 0, done.stderr
    stats = _stats(fake_batch_api)
    assert stats["live_calls"] == 0 and stats["unanswered"] == 0, stats
    assert stats["batches"] >= 1 and stats["batch_requests"] >= 25, stats
    assert not (tmp_path / "batch.duckdb.batch.json").exists()  # the pending batch was read and forgotten

    replayed = tmp_path / "replayed.duckdb"
    with Pipeline(replayed, replay_settings(replayed)) as pipeline:
        import_cache(pipeline.store, FIXTURE)
        pipeline.run([ROOT / "seeds"])
    assert _claims(database) == _claims(replayed)

    again = _run(database, fake_batch_api)  # everything is done and cached: no batch, no call
    assert again.returncode == 0, again.stderr
    assert _stats(fake_batch_api) == stats


def test_a_batch_left_pending_by_a_killed_run_is_picked_up_not_paid_twice(fake_batch_api: str, tmp_path: Path) -> None:
    """The first run submits and is killed before reading the batch; the next one reads that batch."""
    database = tmp_path / "batch.duckdb"
    import openai

    from reconcile.ingest import read_all
    from reconcile.llm.batch import collect_requests, submit

    settings = replay_settings(database).__class__(
        base_url=f"{fake_batch_api}/v1", model=EMBEDDED_MODEL_NAME, database=database, profile="expulsions"
    )
    with Pipeline(database, settings) as pipeline:
        articles, _ = read_all([ROOT / "seeds"])
        bodies = collect_requests(pipeline, articles)
        with openai.OpenAI(base_url=f"{fake_batch_api}/v1", api_key="x") as api:
            batch_id = submit(api, bodies)
    (tmp_path / "batch.duckdb.batch.json").write_text(json.dumps({"batch_id": batch_id}), encoding="utf-8")
    done = _run(database, fake_batch_api)
    assert done.returncode == 0, done.stderr
    stats = _stats(fake_batch_api)
    # the pending batch is read, not submitted again: later batches carry only re-asks (the recording re-asks
    # a few sentences whose answer fails validation), never the first batch's requests a second time
    assert stats["live_calls"] == 0, stats
    assert len(bodies) <= stats["batch_requests"] < 2 * len(bodies), (len(bodies), stats)
    assert len(_claims(database)) >= 30
