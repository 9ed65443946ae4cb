"""The pipeline: ingest → extract → ground → store → reconcile, bound to one database file.

Batch semantics: only articles whose content hash has no finished extraction (for this model, prompt
and schema version) are sent to the model; failed ones are retried by the next run. Sentence requests
from all pending articles share one pool of workers, sized to the server's parallel slots, and each
article is written in one transaction as soon as its last sentence is answered — so a crash loses at
most the articles in flight, and a re-run finishes them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from reconcile.config import Settings, load_settings
from reconcile.core.claims import Claim
from reconcile.core.types import Article
from reconcile.extract.extractor import SentenceJob, SentenceResult, extractor_version, plan, run_job
from reconcile.extract.prompt import PROMPT_VERSION
from reconcile.extract.schema import SCHEMA_VERSION
from reconcile.ground import Rejection, fill_article_places
from reconcile.ingest import IngestFailure, IngestOptions, article_from_text, iter_inputs
from reconcile.llm.client import AnswerUnusable, ModelClient, ModelUnavailable
from reconcile.llm.embedded import LlamaServer, ServerOptions, ensure_model
from reconcile.llm.transport import CallStats, MemoryCache, ResponseCache, charging
from reconcile.profile import Profile, load_profile
from reconcile.store.cache import DuckDBCache
from reconcile.store.database import ExtractionRecord, Store


@dataclass(slots=True)
class ArticleOutcome:
    """What happened to one article in a run."""

    article: Article
    status: str  # done | failed | skipped
    claims: list[Claim] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    error: str | None = None
    stats: CallStats = field(default_factory=CallStats)
    retries: int = 0
    seconds: float = 0.0


@dataclass(slots=True)
class RunSummary:
    """The figures a run prints and stores in ``runs``."""

    run_id: str
    articles_new: int = 0
    articles_skipped: int = 0
    articles_failed: int = 0
    claims: int = 0
    dropped: int = 0
    retries: int = 0
    stats: CallStats = field(default_factory=CallStats)
    wall_seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    outcomes: list[ArticleOutcome] = field(default_factory=list)  # articles sent to the model
    article_ids: list[str] = field(default_factory=list)  # every article of the run, new or skipped, once

    def as_row(self) -> dict[str, object]:
        return {
            "articles_new": self.articles_new,
            "articles_skipped": self.articles_skipped,
            "articles_failed": self.articles_failed,
            "claims": self.claims,
            "dropped": self.dropped,
            "model_calls": self.stats.model_calls,
            "cache_hits": self.stats.cache_hits,
            "retries": self.retries,
            "prompt_tokens": self.stats.prompt_tokens,
            "completion_tokens": self.stats.completion_tokens,
            "server_seconds": self.stats.server_seconds,
            "wall_seconds": self.wall_seconds,
        }


ProgressCallback = Callable[[ArticleOutcome, int, int], None]
_T = TypeVar("_T")


@contextlib.contextmanager
def model_endpoint(settings: Settings) -> Iterator[str]:
    """The base URL to talk to: the configured endpoint, or an embedded llama-server for the block."""
    if not settings.embedded:
        assert settings.base_url is not None
        yield settings.base_url
        return
    options = ServerOptions(
        threads=settings.threads, parallel=settings.resolved_concurrency(), context_per_slot=settings.context_per_slot
    )
    with LlamaServer(ensure_model(), options) as server:
        yield server.base_url


def extract_articles(
    articles: list[Article],
    client: ModelClient,
    concurrency: int,
    on_article: Callable[[ArticleOutcome], None],
    profile: Profile,
) -> None:
    """Run every sentence job of ``articles`` on a shared pool; call ``on_article`` as each completes."""
    remaining: dict[str, int] = {}  # sentence jobs still running, per article
    started: dict[str, float] = {}
    results: dict[str, list[SentenceResult]] = {}
    failures: dict[str, str] = {}
    stats_by_article: dict[str, CallStats] = {}
    by_id = {article.article_id: article for article in articles}

    def work(job: SentenceJob) -> tuple[SentenceResult | None, CallStats, str | None]:
        started.setdefault(job.article.article_id, time.perf_counter())  # when its first request begins
        stats = CallStats()
        with charging(stats):
            try:
                return run_job(job, client), stats, None
            except (ModelUnavailable, AnswerUnusable) as exc:  # the article fails; its calls still count
                return None, stats, str(exc)

    with ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="extract") as pool:
        futures: dict[Future[tuple[SentenceResult | None, CallStats, str | None]], str] = {}
        for article in articles:
            jobs = plan(article, profile)
            if not jobs:
                on_article(ArticleOutcome(article, "done"))
                continue
            remaining[article.article_id] = len(jobs)
            results[article.article_id] = []
            stats_by_article[article.article_id] = CallStats()
            for job in jobs:
                futures[pool.submit(work, job)] = article.article_id
        for future in as_completed(futures):
            article_id = futures[future]
            result, stats, error = future.result()
            stats_by_article[article_id].add(stats)
            if result is not None:
                results[article_id].append(result)
            if error is not None:
                failures.setdefault(article_id, error)
            remaining[article_id] -= 1
            if remaining[article_id]:
                continue
            outcome = ArticleOutcome(by_id[article_id], "failed" if article_id in failures else "done")
            outcome.error = failures.get(article_id)
            outcome.stats = stats_by_article[article_id]
            outcome.seconds = time.perf_counter() - started[article_id]
            if outcome.status == "done":
                for result in sorted(results[article_id], key=lambda r: r.job.sentence.span.start):
                    outcome.claims.extend(result.claims)
                    outcome.rejections.extend(result.rejections)
                    outcome.retries += max(0, result.attempts - 1)
                outcome.claims = fill_article_places(outcome.claims)
            on_article(outcome)


class Pipeline:
    """The batch pipeline bound to one database file.

    >>> from reconcile import Pipeline
    >>> with Pipeline("reconcile.duckdb") as pipeline:  # doctest: +SKIP
    ...     summary = pipeline.run(["seeds/"])
    ...     [c.number_text for c in pipeline.claims()][:3]
    ['40', '35', 'ambassador']
    """

    def __init__(self, database: str | Path | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self.profile = load_profile(self.settings.profile)
        self.store = Store(database or self.settings.database)

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    @property
    def extractor_version(self) -> str:
        return extractor_version(self.settings.model, self.profile)

    def ingest_options(self, *, follow_links: bool = False, fields: dict[str, str] | None = None) -> IngestOptions:
        """How this pipeline reads inputs: the settings' size and sentence budgets, plus the given choices."""
        return IngestOptions(
            follow_links=follow_links,
            fields=fields or {},
            max_bytes=self.settings.max_article_bytes,
            max_sentences=self.settings.max_article_sentences,
        )

    def run(
        self,
        paths: Iterable[str | Path],
        progress: ProgressCallback | None = None,
        options: IngestOptions | None = None,
    ) -> RunSummary:
        """Ingest files, folders, exports and feeds, extract what is new, store it, and update the events."""
        return self.run_articles(iter_inputs(paths, options or self.ingest_options()), progress=progress)

    def run_articles(
        self,
        articles: Iterable[Article | IngestFailure],
        ingest_failures: Iterable[IngestFailure] | None = None,
        progress: ProgressCallback | None = None,
    ) -> RunSummary:
        """Store ``articles`` (a stream is read batch by batch, never held whole), extract the new ones."""
        started = time.perf_counter()
        run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        summary = RunSummary(run_id)
        concurrency = self.settings.resolved_concurrency()
        self.store.interrupt_abandoned_runs()
        self.store.start_run(
            run_id,
            {
                "started_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                "status": "running",
                "model": self.settings.model,
                "base_url": self.settings.base_url or "embedded",
                "prompt_version": PROMPT_VERSION,
                "schema_version": SCHEMA_VERSION,
                "concurrency": concurrency,
            },
        )
        todo = self._ingest(run_id, itertools.chain(ingest_failures or (), articles), summary)
        completed = 0

        def on_article(outcome: ArticleOutcome) -> None:
            nonlocal completed
            self._save(run_id, outcome)
            completed += 1
            summary.outcomes.append(outcome)
            summary.stats.add(outcome.stats)
            summary.retries += outcome.retries
            if outcome.status == "failed":
                summary.articles_failed += 1
                summary.failures.append((outcome.article.source, outcome.error or "failed"))
            else:
                summary.articles_new += 1
                summary.claims += len(outcome.claims)
                summary.dropped += len(outcome.rejections)
            if progress:
                progress(outcome, completed, len(todo))

        status = "interrupted"
        try:
            if todo:
                cache = DuckDBCache(self.store)
                with model_endpoint(self.settings) as base_url:
                    client = ModelClient(self.settings, base_url, cache)
                    try:
                        for chunk in _batches(todo, EXTRACT_BATCH):  # texts come from the store, a batch at a time
                            extract_articles(self.store.articles(chunk), client, concurrency, on_article, self.profile)
                    finally:
                        client.close()
            self.reconcile()
            status = "finished"
        finally:
            summary.wall_seconds = time.perf_counter() - started
            self.store.finish_run(
                run_id,
                {"status": status, "finished_at": dt.datetime.now(dt.UTC).replace(tzinfo=None), **summary.as_row()},
            )
        return summary

    def _ingest(self, run_id: str, items: Iterable[Article | IngestFailure], summary: RunSummary) -> list[str]:
        """Store inputs batch by batch (failures recorded with their reasons); the ids still to extract."""
        done = self.store.done_articles(self.extractor_version)
        todo: list[str] = []
        seen: set[str] = set()
        for batch in _batches(items, INGEST_BATCH):
            failures = [(item.source, item.reason) for item in batch if isinstance(item, IngestFailure)]
            articles = [item for item in batch if isinstance(item, Article)]
            self.store.record_ingest_failures(run_id, failures)
            summary.failures.extend(failures)
            summary.articles_failed += len(failures)
            self.store.add_articles(articles)
            for article in articles:
                if article.article_id in seen:
                    summary.articles_skipped += 1
                    continue
                seen.add(article.article_id)
                summary.article_ids.append(article.article_id)
                if article.article_id in done:
                    summary.articles_skipped += 1
                else:
                    todo.append(article.article_id)
        return todo

    def articles(self, article_ids: list[str] | None = None) -> list[Article]:
        """Stored articles with their metadata (url, outlet, title, published, language, author, source group)."""
        return self.store.articles(article_ids)

    def _save(self, run_id: str, outcome: ArticleOutcome) -> None:
        record = ExtractionRecord(
            article_id=outcome.article.article_id,
            extractor_version=self.extractor_version,
            run_id=run_id,
            status=outcome.status,
            error=outcome.error,
            claims=len(outcome.claims),
            dropped=len(outcome.rejections),
            model_calls=outcome.stats.model_calls,
            cache_hits=outcome.stats.cache_hits,
            retries=outcome.retries,
            prompt_tokens=outcome.stats.prompt_tokens,
            completion_tokens=outcome.stats.completion_tokens,
            seconds=outcome.seconds,
        )
        self.store.save_extraction(record, outcome.claims, outcome.rejections)

    def reconcile(self) -> None:
        """Group stored claims into events and flag disagreements (incremental, stable ids)."""
        from reconcile.events import reconcile_events

        with self.store.cursor() as cursor:
            reconcile_events(cursor, profile=self.profile)  # one transaction of its own; the profile's keys

    def claims(self, article_id: str | None = None) -> list[Claim]:
        return self.store.claims(article_id)


INGEST_BATCH = 500  # inputs stored per transaction
EXTRACT_BATCH = 256  # articles whose texts are in memory at once while their sentences are asked


def _batches(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def extract_claims(
    text: str,
    *,
    published: dt.date | None = None,
    source: str = "<text>",
    settings: Settings | None = None,
    cache: ResponseCache | None = None,
) -> list[Claim]:
    """Extract grounded claims from one text, without a database.

    Starts the embedded model unless an endpoint is configured (see ``reconcile.config``).

    >>> from reconcile import extract_claims
    >>> claims = extract_claims("Sweden expelled three Russian diplomats on Tuesday.")  # doctest: +SKIP
    >>> (claims[0].actor, claims[0].value, claims[0].target)  # doctest: +SKIP
    ('SWE', 3.0, 'RUS')
    """
    settings = settings or load_settings()
    article = article_from_text(text, source, published=published)
    outcomes: list[ArticleOutcome] = []
    with model_endpoint(settings) as base_url:
        client = ModelClient(settings, base_url, cache or MemoryCache())
        try:
            extract_articles(
                [article], client, settings.resolved_concurrency(), outcomes.append, load_profile(settings.profile)
            )
        finally:
            client.close()
    outcome = outcomes[0]
    if outcome.status == "failed":
        raise RuntimeError(f"extraction failed: {outcome.error}")
    return outcome.claims


__all__ = ["ArticleOutcome", "Pipeline", "RunSummary", "extract_claims"]
