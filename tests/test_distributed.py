"""The Ray path gives what ``reconcile run`` gives: same claims, event ids, values and flags.

Both runs replay the answers recorded from the real embedded model (``tests/fixtures/seed_responses.jsonl``,
as ``tests/test_replay.py`` does) against a closed port, so a request missing from the recording fails
the article instead of reaching a model. The Ray run is local Ray with 2 extraction actors and 3
reconciliation shards; everything else — ingest, prompts, grounding, the store's writes, ``events.sql`` —
is the code a local run uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import ray
from test_replay import FIXTURE, ROOT, replay_settings

from reconcile.distributed.engine import RayOptions, dataset_folder, run_on_ray
from reconcile.pipeline import Pipeline, RunSummary
from reconcile.store.cache import import_cache

VOLATILE = {"run_id", "first_seen", "updated_at", "finished_at", "ingested_at", "seconds", "started_at"}
COMPARED = ("articles", "claims", "rejections", "extractions", "events", "event_claims", "conflicts", "event_relations")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """Local Ray on the two cores, shared by this module's tests and shut down after them."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _replayed(database: Path) -> Pipeline:
    pipeline = Pipeline(database, replay_settings(database))
    import_cache(pipeline.store, FIXTURE)
    return pipeline


def _table(database: Path, table: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(database), read_only=True) as con:
        columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in VOLATILE]
        if table == "articles":
            columns = [c for c in columns if c != "source"]  # the same file, read by another process
        rows = con.execute(f"SELECT {', '.join(repr(c).replace(chr(39), chr(34)) for c in columns)} FROM {table}")
        return sorted(tuple(map(str, row)) for row in rows.fetchall())


@pytest.fixture(scope="module")
def both_runs(tmp_path_factory: pytest.TempPathFactory, local_ray: None) -> tuple[Path, Path, RunSummary]:
    folder = tmp_path_factory.mktemp("equivalence")
    local_db, ray_db = folder / "local.duckdb", folder / "ray.duckdb"
    with _replayed(local_db) as pipeline:
        assert pipeline.run([ROOT / "seeds"]).articles_failed == 0
    with _replayed(ray_db) as pipeline:
        summary = run_on_ray(pipeline, [ROOT / "seeds"], pipeline.ingest_options(), RayOptions(workers=2, shards=3))
    return local_db, ray_db, summary


def test_ray_run_gives_the_same_claims_event_ids_values_and_flags(both_runs: tuple[Path, Path, RunSummary]) -> None:
    local_db, ray_db, summary = both_runs
    assert summary.articles_new == 5 and summary.articles_failed == 0, summary.failures
    assert summary.stats.model_calls == 0 and summary.stats.cache_hits >= 25
    for table in COMPARED:
        assert _table(ray_db, table) == _table(local_db, table), table
    with duckdb.connect(str(ray_db), read_only=True) as con:
        counts = con.execute(
            "SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM events),"
            " (SELECT count(*) FROM conflicts) + (SELECT count(*) FROM event_relations)"
        ).fetchone()
    assert counts is not None and counts[0] >= 30 and counts[1] >= 10 and counts[2] >= 1, counts  # differences compared


def test_claims_are_parquet_partitioned_by_shard_and_events_readable_by_duckdb(
    both_runs: tuple[Path, Path, RunSummary],
) -> None:
    _, ray_db, _ = both_runs
    out = dataset_folder(ray_db)
    shards = sorted(p.name for p in (out / "claims").iterdir() if p.is_dir())
    assert shards and all(name.startswith("shard=") for name in shards)
    with duckdb.connect() as con:
        claims = con.execute(  # (context rows: copies of claims another shard owns)
            f"SELECT count(*) FILTER (WHERE NOT context), count(DISTINCT shard)"
            f" FROM read_parquet('{out}/claims/*/*.parquet', hive_partitioning = true)"
        ).fetchone()
        events = con.execute(f"SELECT count(*) FROM read_parquet('{out}/events-out/events/*.parquet')").fetchone()
    with duckdb.connect(str(ray_db), read_only=True) as con:
        stored = con.execute("SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM events)").fetchone()
    assert claims is not None and events is not None and stored is not None
    assert (claims[0], events[0]) == stored
    assert claims[1] == len(shards)


def test_read_commands_print_the_same_from_both_databases(both_runs: tuple[Path, Path, RunSummary]) -> None:
    """``reconcile report``, ``export`` and ``claims --db`` read the Ray run's database as the local one."""
    from typer.testing import CliRunner

    from reconcile.cli import app

    local_db, ray_db, _ = both_runs
    for command in (["report", "-f", "md"], ["claims", "--json"], ["export", "-f", "json"]):
        outputs = [CliRunner().invoke(app, [*command, "--db", str(db)]) for db in (local_db, ray_db)]
        assert all(o.exit_code == 0 for o in outputs), [o.output[-300:] for o in outputs]
        local_text, ray_text = (
            o.stdout.replace(str(db), "DB") for o, db in zip(outputs, (local_db, ray_db), strict=True)
        )
        assert ray_text == local_text, command


def test_an_extraction_actor_runs_two_batches_at_once(tmp_path: Path, local_ray: None) -> None:
    """One actor, batches of one article (three sentences, so three requests), six slots on one endpoint: the
    endpoint must see more than three requests in flight, i.e. a second batch asking while the first one
    waits. (Ray Data runs an actor's calls one at a time unless told otherwise; then each batch's tail left
    the actor's share of the fleet idle, and four endpoints gave 2.2x one.) Answers take 0.5 s: requests of
    batches run one after the other are never within 0.45 s of a request of another batch."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_scale import corpus
    from fakeserver import Behaviour, FakeServer, sentence_actor_responder

    from reconcile.config import Settings
    from reconcile.distributed.endpoints import Endpoint

    articles = corpus(tmp_path / "corpus", 8)
    slow = Behaviour("ok", delay=0.5)
    with FakeServer(sentence_actor_responder(), choose=lambda _: slow) as server:
        database = tmp_path / "two.duckdb"
        settings = Settings(base_url=server.base_url, model="fake", database=database, profile="expulsions")
        with Pipeline(database, settings) as pipeline:
            options = RayOptions(endpoints=(Endpoint(server.base_url, 6),), workers=1, batch_size=1)
            summary = run_on_ray(pipeline, [articles], pipeline.ingest_options(), options)
        arrived = sorted(server.arrived)
    assert summary.articles_new == 8 and summary.articles_failed == 0, summary.failures
    in_flight = max(sum(1 for t in arrived if at - 0.45 < t <= at) for at in arrived)
    assert in_flight > 3, arrived
