"""``reconcile run --engine ray``: the pipeline's stages on Ray Data, the run's database as catalog and cache.

    ingest (Ray: files over up to 64 tasks, today's readers)     -> <db>.parquet/ingested/
    index  (driver: the store's add_articles, source groups, done)  -> the database's articles
    extract (Ray: map_batches actors, FleetClient, shared cache)    -> <db>.parquet/extracted/ -> claims
    key    (Ray: events.sql's partition key per claim)              -> <db>.parquet/keyed/
    shard  (driver: plan, blocks; Ray: shard column, context copies) -> <db>.parquet/claims/shard=N/
    reconcile (Ray: a map over shard folders, events.sql per shard) -> <db>.parquet/<each EVENT_TABLES>/
    load   (driver: DuckDB reads the Parquet into the database)      -> report, export, claims --db work as always

What stays on the driver, and why: near-duplicate groups are given in first-seen order across the whole
corpus (``Store.add_articles``, the same code and order as a local run, so ``n_sources`` and the ids that
depend on it agree), and DuckDB allows one writer per file, so the database is written by the driver alone,
set-based from Parquet. Everything per article or per claim runs on Ray. The same inputs give the same
claims, event ids, values and flags as ``reconcile run`` (``tests/test_distributed.py``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from reconcile.config import Settings, redact_url
from reconcile.core.types import Article
from reconcile.distributed.cache import merge_journals
from reconcile.distributed.endpoints import ALL_DOWN, Endpoint
from reconcile.distributed.extract import ARTICLE_FIELDS, ExtractArticles
from reconcile.distributed.shards import (
    ARTICLE_LANGUAGE,
    ARTICLE_TEXT,
    COPY_FIELDS,
    PUBLISHED,
    SHARD,
    SOURCE_GROUP,
    ShardPlan,
    arrow,
    assign_shards,
    keyed,
    plan_shards,
    reconcile_shard,
)
from reconcile.events.grouping import ensure_schema
from reconcile.extract.prompt import PROMPT_VERSION
from reconcile.extract.schema import SCHEMA_VERSION
from reconcile.ingest import IngestFailure, IngestOptions
from reconcile.ingest.files import discover
from reconcile.pipeline import ArticleOutcome, Pipeline, RunSummary, model_endpoint
from reconcile.store.database import EVENT_TABLES, Store, ensure_views

log = logging.getLogger(__name__)


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """Log how long a stage took (``logging.INFO`` on ``reconcile.distributed.engine``: the benchmark reads it)."""
    started = time.perf_counter()
    yield
    log.info("stage %s: %.1f s", name, time.perf_counter() - started)


@dataclass(frozen=True, slots=True)
class RayOptions:
    """How the run is spread: endpoints, actors, shards, and which Ray cluster."""

    endpoints: tuple[Endpoint, ...] = ()  # none: the configured endpoint (or the embedded model) alone
    workers: int = 2  # extraction actors (processes each holding the extractor and a model client)
    shards: int = 0  # reconciliation shards; 0: four per worker
    batch_size: int = 0  # articles per map_batches call; 0: twice an actor's share of the endpoints' slots
    shard_memory: str = "2GB"  # DuckDB memory_limit of each shard's database (it spills beyond); "": none
    address: str | None = None  # a Ray cluster ("auto", "ray://head:10001"); None: $RAY_ADDRESS, else local Ray

    @property
    def resolved_shards(self) -> int:
        return self.shards if self.shards > 0 else 4 * max(1, self.workers)


BATCHES_PER_ACTOR = 2  # map_batches calls an extraction actor runs at once (ExtractArticles)
INGEST_TASKS = 64  # input files are read in at most this many Ray tasks (each streams its files in order)


def dataset_folder(database: Path) -> Path:
    """Where a run on Ray keeps its Parquet (beside the database: ``news.duckdb`` -> ``news.duckdb.parquet/``)."""
    return database.with_name(database.name + ".parquet")


@contextlib.contextmanager
def ray_session(options: RayOptions) -> Iterator[None]:
    """Ray for the block: the running session if there is one (tests, notebooks), else a new one, shut down
    after. Ray Data's progress bars and INFO lines are off: the command line prints its own summary."""
    import ray
    import ray.data

    logging.getLogger("ray").setLevel(logging.WARNING)
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    if ray.is_initialized():
        yield
        return
    address = options.address or os.environ.get("RAY_ADDRESS")  # a cluster: its resources are its own
    if address:
        ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
    else:
        ray.init(num_cpus=os.cpu_count() or 2, include_dashboard=False, log_to_driver=False,
                 logging_level=logging.WARNING)  # fmt: skip
    try:
        yield
    finally:
        ray.shutdown()


# -- ingest ------------------------------------------------------------------------------------------------
_INGESTED = pa.schema(
    [("ordinal", pa.int64()), ("record", pa.int64()), ("failure", pa.string()), ("source", pa.string()),
     ("article_id", pa.string()), ("text", pa.string()), ("title", pa.string()), ("published", pa.date32()),
     ("url", pa.string()), ("outlet", pa.string()), ("author", pa.string()), ("language", pa.string())]
)  # fmt: skip


def _parquet_records(path: Path, options: IngestOptions) -> Iterator[Article | IngestFailure]:
    """A Parquet export, one article per row, by the same field rules as JSON Lines and CSV exports."""
    from reconcile.ingest.records import article_from_record
    from reconcile.ingest.text import IngestError

    row = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=500):
        for record in batch.to_pylist():
            row += 1
            try:
                yield article_from_record(record, f"{path}:{row}", options)
            except IngestError as exc:
                yield IngestFailure(exc.source, exc.reason)


def read_inputs(files: dict[str, Any], options: IngestOptions) -> pa.Table:
    """One input file's articles (or the reasons they could not be), with their place in the input order."""
    from reconcile.ingest.files import iter_inputs

    rows: list[dict[str, Any]] = []
    for ordinal, name in zip(files["ordinal"].tolist(), files["path"].tolist(), strict=True):
        path = Path(name)
        items = _parquet_records(path, options) if path.suffix.lower() == ".parquet" else iter_inputs([path], options)
        for record, item in enumerate(items):
            row: dict[str, Any] = {"ordinal": ordinal, "record": record, "source": item.source}
            if isinstance(item, IngestFailure):
                row["failure"] = item.reason
            else:
                row.update({name: getattr(item, name) for name in _INGESTED.names if hasattr(item, name)})
            rows.append(row)
    return pa.Table.from_pylist(rows, schema=_INGESTED)


def _input_files(paths: Iterable[str | Path], options: IngestOptions) -> tuple[list[str], list[IngestFailure]]:
    """The files to read, in the order a local run reads them (``ingest.discover``), Parquet exports included."""
    files: list[str] = []
    failures: list[IngestFailure] = []
    for given in paths:
        for item in discover([given], follow_links=options.follow_links):
            (failures if isinstance(item, IngestFailure) else files).append(item)  # type: ignore[arg-type]
        if Path(given).is_dir():  # Parquet exports in a folder (a local run does not read Parquet)
            files.extend(str(p) for p in sorted(Path(given).rglob("*.parquet"))
                         if not any(part.startswith(".") for part in p.relative_to(given).parts))  # fmt: skip
    return [str(f) for f in files], failures


def _ingested_in_order(folder: Path, failures: list[IngestFailure]) -> Iterator[Article | IngestFailure]:
    """Read back what the ingest tasks wrote, in input order (for first-seen near-duplicate groups)."""
    import duckdb

    yield from failures
    if not any(folder.glob("*.parquet")):
        return
    con = duckdb.connect()
    try:
        cursor = con.execute(f"SELECT * FROM read_parquet({sql_path(folder / '*.parquet')}) ORDER BY ordinal, record")
        names = [d[0] for d in cursor.description or ()]
        while rows := cursor.fetchmany(500):
            for values in rows:
                row = dict(zip(names, values, strict=True))
                if row["failure"] is not None:
                    yield IngestFailure(row["source"], row["failure"])
                else:
                    yield Article(**{name: row[name] for name in ARTICLE_FIELDS if name in row})
    finally:
        con.close()


def sql_path(path: Path) -> str:
    """A path as a SQL string literal (COPY ... TO takes no parameter)."""
    return "'" + str(path).replace("'", "''") + "'"


def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    return folder


# -- the run -----------------------------------------------------------------------------------------------
def run_on_ray(
    pipeline: Pipeline, paths: Iterable[str | Path], options: IngestOptions, ray_options: RayOptions
) -> RunSummary:
    """Ingest, extract and reconcile on Ray; the database ends up as a local run would leave it."""
    import ray.data

    started = time.perf_counter()
    settings = pipeline.settings
    out = dataset_folder(pipeline.path)
    out.mkdir(parents=True, exist_ok=True)
    journals = out / "journal"
    store = pipeline.store  # creates the database
    merge_journals(store, journals)  # answers a killed run received: never asked again
    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    summary = RunSummary(run_id)
    endpoints = ray_options.endpoints
    store.interrupt_abandoned_runs()
    store.start_run(run_id, {
        "started_at": dt.datetime.now(dt.UTC).replace(tzinfo=None), "status": "running", "model": settings.model,
        "base_url": "ray: " + ", ".join(redact_url(e.url) for e in endpoints) if endpoints else
                    (redact_url(settings.base_url) if settings.base_url else "embedded"),
        "prompt_version": PROMPT_VERSION, "schema_version": SCHEMA_VERSION,
        "concurrency": sum(e.concurrency for e in endpoints) or settings.resolved_concurrency(),
    })  # fmt: skip
    status = "interrupted"
    try:
        with ray_session(ray_options):
            files, failures = _input_files(paths, options)
            ingested = _fresh(out / "ingested")
            if files:
                with stage("ingest"):
                    tasks = min(len(files), INGEST_TASKS)  # a task per file would cost more than reading it
                    items = ray.data.from_items([{"ordinal": i, "path": f} for i, f in enumerate(files)],
                                                override_num_blocks=tasks)  # fmt: skip
                    items.map_batches(partial(read_inputs, options=options), batch_size=None, batch_format="numpy") \
                         .write_parquet(str(ingested))  # fmt: skip
            with stage("index"):
                todo = pipeline._ingest(run_id, _ingested_in_order(ingested, failures), summary)  # local run's rules
            if todo:
                with stage("extract"):
                    _extract(pipeline, todo, out, run_id, ray_options)
                with stage("load extractions"):
                    store = pipeline.store
                    merge_journals(store, journals)
                    _load_extractions(store, out / "extracted", summary)
            _reconcile(store, settings, out, ray_options)
        status = "finished"
    finally:
        summary.wall_seconds = time.perf_counter() - started
        pipeline.store.finish_run(
            run_id, {"status": status, "finished_at": dt.datetime.now(dt.UTC).replace(tzinfo=None), **summary.as_row()}
        )
    return summary


def _extract(pipeline: Pipeline, todo: list[str], out: Path, run_id: str, ray_options: RayOptions) -> None:
    """The articles still to extract, through ``ExtractArticles`` actors; results to ``out/extracted``.

    The driver lets go of the database meanwhile: the actors read its response cache (read-only)."""
    import ray.data

    settings = pipeline.settings
    todo_file = out / "todo.parquet"
    with pipeline.store.cursor() as cur:
        cur.execute(
            f"COPY (SELECT a.* FROM (SELECT unnest(?) AS article_id, generate_subscripts(?, 1) AS position) t"
            f" JOIN articles a USING (article_id) ORDER BY t.position) TO {sql_path(todo_file)} (FORMAT parquet)",
            [todo, todo],
        )
    pipeline.close()
    pipeline._store = None  # reopened (``pipeline.store``) once the actors are done
    workers = max(1, ray_options.workers)
    with model_endpoint(settings) if not ray_options.endpoints else contextlib.nullcontext(None) as base_url:
        endpoints = ray_options.endpoints or (Endpoint(str(base_url), settings.resolved_concurrency()),)
        slots = sum(-(-e.concurrency // workers) for e in endpoints)  # an actor's share (FleetClient.slots)
        batch_size = ray_options.batch_size or max(4, 2 * slots)
        blocks = max(2 * workers, -(-len(todo) // (2 * batch_size)))  # every actor gets work
        ray.data.read_parquet(str(todo_file)).repartition(blocks).map_batches(
            ExtractArticles,
            batch_size=batch_size,
            batch_format="pyarrow",
            # two batches at once per actor (see ExtractArticles). Both settings are needed: without true
            # multi-threading Ray Data runs an actor's calls one at a time whatever its max_concurrency, and
            # every batch's tail left the actor's share of the endpoints idle (2.2x from 1 to 4 endpoints)
            compute=ray.data.ActorPoolStrategy(size=workers, max_concurrent_calls_per_actor=BATCHES_PER_ACTOR,
                                               enable_true_multi_threading=True),
            num_cpus=0.25,  # waiting on endpoints, mostly: leave the cores to the other stages
            fn_constructor_kwargs={"settings": settings, "endpoints": endpoints, "database": pipeline.path,
                                   "journals": out / "journal", "run_id": run_id, "share": workers},
        ).write_parquet(str(_fresh(out / "extracted")))  # fmt: skip


def _load_extractions(store: Store, folder: Path, summary: RunSummary) -> None:
    """Extraction results into the database, with ``Store.save_extraction``'s rules, set-based.

    A done extraction supersedes the article's earlier done record and replaces its claims and rejections; a
    failed one is recorded and keeps whatever was stored. The summary gets the run's counts and failures."""
    if not any(folder.glob("*.parquet")):
        return
    with store.transaction() as cur:
        cur.execute(f"CREATE OR REPLACE TEMP TABLE rx AS SELECT * FROM read_parquet({sql_path(folder / '*.parquet')})")
        cur.execute(
            "DELETE FROM extractions e USING rx WHERE e.article_id = rx.article_id"
            " AND e.extractor_version = rx.extraction.extractor_version;"
            "CREATE OR REPLACE TEMP TABLE rx_done AS SELECT article_id FROM rx WHERE extraction.status = 'done';"
            "UPDATE extractions SET status = 'superseded'"
            " WHERE status = 'done' AND article_id IN (SELECT article_id FROM rx_done);"
            "DELETE FROM claims WHERE article_id IN (SELECT article_id FROM rx_done);"
            "DELETE FROM rejections WHERE article_id IN (SELECT article_id FROM rx_done);"
            "INSERT INTO claims BY NAME SELECT unnest(claims, recursive := true) FROM rx WHERE claims IS NOT NULL;"
            "INSERT INTO rejections BY NAME"
            " SELECT unnest(rejections, recursive := true) FROM rx WHERE rejections IS NOT NULL;"
            "INSERT INTO extractions BY NAME SELECT unnest(extraction) FROM rx;"
        )
        totals = cur.execute(
            "SELECT count(*) FILTER (WHERE extraction.status = 'done'), sum(extraction.claims),"
            " sum(extraction.dropped), sum(extraction.model_calls), sum(extraction.cache_hits),"
            " sum(extraction.retries), sum(extraction.prompt_tokens), sum(extraction.completion_tokens) FROM rx"
        ).fetchone()
        failed = cur.execute(
            "SELECT rx.article_id, a.source, rx.extraction.error FROM rx JOIN articles a USING (article_id)"
            " WHERE rx.extraction.status <> 'done' ORDER BY a.source"
        ).fetchall()
        cur.execute("DROP TABLE rx; DROP TABLE rx_done")
    done, claims, dropped, calls, hits, retries, prompt, completion = (int(v or 0) for v in totals or (0,) * 8)
    summary.articles_new += done
    summary.claims += claims
    summary.dropped += dropped
    summary.retries += retries
    summary.stats.model_calls += calls
    summary.stats.cache_hits += hits
    summary.stats.prompt_tokens += prompt
    summary.stats.completion_tokens += completion
    for article_id, source, error in failed:
        if error and error.startswith(ALL_DOWN):  # the fleet stopped: exit code 5, as a local run's dead endpoint
            summary.stopped = summary.stopped or error
        summary.articles_failed += 1
        summary.failures.append((source, error or "failed"))
        summary.outcomes.append(ArticleOutcome(Article(article_id, source, ""), "failed", error=error))


def _reconcile(store: Store, settings: Settings, out: Path, ray_options: RayOptions) -> None:
    """Every stored claim, keyed, sharded by block, reconciled per shard on Ray; the events loaded back."""
    import ray.data

    out.mkdir(parents=True, exist_ok=True)
    claims_in, copies_in = out / "reconcile-input.parquet", out / "reconcile-copies.parquet"
    with store.cursor() as cur:
        cur.execute(
            f"COPY (SELECT c.*, a.published AS {PUBLISHED}, a.source_group AS {SOURCE_GROUP},"
            f" a.text AS {ARTICLE_TEXT}, a.language AS {ARTICLE_LANGUAGE}"
            f" FROM claims c LEFT JOIN articles a USING (article_id)) TO {sql_path(claims_in)} (FORMAT parquet)"
        )
        cur.execute(  # the dated copies of undated articles: they date them (rc_story), so every shard has them
            f"COPY (SELECT {', '.join(COPY_FIELDS)} FROM articles WHERE published IS NOT NULL"
            f" AND coalesce(source_group, article_id) IN (SELECT source_group FROM articles WHERE published IS NULL))"
            f" TO {sql_path(copies_in)} (FORMAT parquet)"
        )
    copies = pq.read_table(copies_in)
    sharded, events = _fresh(out / "claims"), out / "events-out"
    for table in EVENT_TABLES:
        _fresh(events / table)
    if not pq.ParquetFile(claims_in).metadata.num_rows:
        _load_events(store, events)
        return
    with stage("plan"):  # only undated articles can reach across partitions: theirs are keyed here first (a few)
        with store.cursor() as cur:
            undated = arrow(cur, f"SELECT * FROM read_parquet({sql_path(claims_in)}) WHERE {PUBLISHED} IS NULL")
        plan = plan_shards(keyed(undated, settings, copies), ray_options.resolved_shards)
        log.info("%d undated claims; %d tied partitions in %d blocks; %d articles spread as context",
                 undated.num_rows, len(plan.block_of), len(set(plan.block_of.values())), len(plan.spread))  # fmt: skip
        del undated
    with stage("key and shard"):
        ray.data.read_parquet(str(claims_in)).map_batches(
            partial(key_and_shard, settings=settings, plan=plan),
            batch_size=100_000,
            batch_format="pyarrow",
        ).write_parquet(str(sharded), partition_cols=[SHARD])
    with stage("reconcile shards"):
        folders = sorted(str(p) for p in sharded.iterdir() if p.is_dir() and p.name.startswith(f"{SHARD}="))
        ray.data.from_items([{"folder": f} for f in folders], override_num_blocks=len(folders)).map_batches(
            partial(_reconcile_folder, settings=settings, out=events, copies=copies,
                    memory_limit=ray_options.shard_memory or None),
            batch_size=1,
        ).materialize()  # fmt: skip
    with stage("load events"):
        _load_events(store, events)


def key_and_shard(claims: pa.Table, settings: Settings, plan: ShardPlan) -> pa.Table:
    """A batch of claims with its partition keys (from ``events.sql``) and the shard of each one's block (and
    the context copies of spread articles' claims)."""
    return assign_shards(keyed(claims, settings), plan)


def _reconcile_folder(
    batch: dict[str, Any], settings: Settings, out: Path, copies: pa.Table, memory_limit: str | None
) -> dict[str, Any]:
    """One shard, read from its own folder of the partitioned claims: a map over the partitions the write
    laid out, so no claim moves twice (a ``groupby(shard).map_groups`` would shuffle every claim again)."""
    counts = []
    for folder in batch["folder"].tolist():
        claims = pq.read_table(folder)
        name = Path(folder).name.replace("=", "-")
        counts.append(reconcile_shard(claims, settings, out, name, copies, memory_limit))
        shutil.rmtree(out / f".tmp-{name}", ignore_errors=True)
    return {"folder": batch["folder"], **{t: [c[t] for c in counts] for t in EVENT_TABLES}}


def _load_events(store: Store, folder: Path) -> None:
    """Replace the database's event tables with the shards' (one transaction); the reading views follow."""
    with store.transaction() as cur:
        for table in reversed(EVENT_TABLES):
            cur.execute(f"DROP TABLE IF EXISTS {table}")
        ensure_schema(cur)
        for table in EVENT_TABLES:
            if any((folder / table).glob("*.parquet")):
                files = sql_path(folder / table / "*.parquet")
                cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet({files})")
    with store.cursor() as cur:
        ensure_views(cur)


__all__ = ["RayOptions", "arrow", "dataset_folder", "ray_session", "run_on_ray"]
