"""The pipeline: ingest → extract → ground → store → reconcile, bound to one database file.

Batch semantics: only articles whose stored claims do not come from the current extractor (model, prompt
and schema version) are sent to the model; failed ones are retried by the next run, and ``redo`` asks the
model again for chosen ones. Sentence requests from all pending articles share one pool of workers, sized
to the server's parallel slots, and each article is written in one transaction as soon as its last
sentence is answered — so a crash loses at most the articles in flight, and a re-run finishes them.

Ctrl-C stops a run at once: requests not yet sent are dropped, those in flight are abandoned (the workers
are daemon threads), and what was finished stays stored. A dead endpoint stops it too, after a few
failures in a row (``llm.gate``), with one message for every article it could not extract.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import itertools
import queue
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reconcile.config import Settings, load_settings, redact_url
from reconcile.core.claims import Claim, Rejection
from reconcile.core.types import Article
from reconcile.errors import DatabaseNotFound, EndpointDown
from reconcile.extract.extractor import SentenceJob, SentenceResult, extractor_version, plan, run_job
from reconcile.extract.ground import fill_article_places
from reconcile.extract.prompt import PROMPT_VERSION
from reconcile.extract.schema import SCHEMA_VERSION
from reconcile.ingest import IngestFailure, IngestOptions, article_from_text, iter_inputs
from reconcile.llm.embedded import LlamaServer, ServerOptions, ensure_model
from reconcile.llm.gate import Cancelled
from reconcile.llm.transport import CallStats, MemoryCache, ResponseCache, charging
from reconcile.profile import Profile, load_profile
from reconcile.store.cache import DuckDBCache
from reconcile.store.database import VIEWS, ExtractionRecord, Store, ensure_views

if TYPE_CHECKING:
    import pyarrow as pa

    from reconcile.events.model import Event
    from reconcile.llm.client import ModelClient


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
    outcomes: list[ArticleOutcome] = field(default_factory=list)  # articles sent to the model (or failed)
    article_ids: list[str] = field(default_factory=list)  # every article of the run, new or skipped, once
    stopped: str | None = None  # why the run stopped asking the endpoint (circuit breaker), if it did

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
    with LlamaServer(ensure_model(), options, prefix_key=str(settings.profile)) as server:
        yield server.base_url


class ModelOnDemand:
    """The model client of a run, made (and the embedded model started) only when an article needs it.

    Why: an export whose records hold no number costs no request, so it should cost no model either:
    neither the seconds and memory of importing the client libraries nor, with the embedded model, a
    llama-server started for nothing. The block's end closes the client and stops the server.
    """

    def __init__(self, settings: Settings, store: Store, refresh: bool) -> None:
        self.settings, self.store, self.refresh = settings, store, refresh
        self._stack = contextlib.ExitStack()
        self._client: ModelClient | None = None

    def __enter__(self) -> ModelOnDemand:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    def client(self) -> ModelClient:
        if self._client is None:
            from reconcile.llm.client import ModelClient

            base_url = self._stack.enter_context(model_endpoint(self.settings))
            self._client = ModelClient(self.settings, base_url, DuckDBCache(self.store), refresh=self.refresh)
            self._stack.callback(self._client.close)
        return self._client

    @property
    def stopped(self) -> str | None:
        """Why the run stopped asking the endpoint (its circuit breaker), if it asked at all."""
        return self._client.gate.down if self._client is not None else None


@dataclass(slots=True)
class _Answer:
    """A worker's result for one sentence job."""

    job: SentenceJob
    result: SentenceResult | None
    stats: CallStats
    error: str | None = None  # the article fails with this reason
    crash: BaseException | None = None  # a bug: re-raised in the caller's thread


Planned = list[tuple[Article, list[SentenceJob]]]  # articles with their sentence requests (none is empty)


def plan_articles(
    articles: Iterable[Article], profile: Profile, on_article: Callable[[ArticleOutcome], None]
) -> Planned:
    """The sentence requests of ``articles``; an article with nothing to ask (no number the profile counts)
    is finished here (``on_article``, ``done`` with no claim), before any model is needed."""
    planned: Planned = []
    for article in articles:
        jobs = plan(article, profile)
        if jobs:
            planned.append((article, jobs))
        else:
            on_article(ArticleOutcome(article, "done"))
    return planned


def extract_articles(
    articles: list[Article],
    client: ModelClient,
    concurrency: int,
    on_article: Callable[[ArticleOutcome], None],
    profile: Profile,
) -> None:
    """Plan ``articles`` (``plan_articles``) and ask the model for those with numbers (``ask_model``)."""
    ask_model(plan_articles(articles, profile, on_article), client, concurrency, on_article)


def ask_model(
    planned: Planned, client: ModelClient, concurrency: int, on_article: Callable[[ArticleOutcome], None]
) -> None:
    """Run every sentence job of ``planned`` on shared workers; call ``on_article`` as each article completes.

    ``on_article`` runs in the calling thread (it writes the database). The workers are daemon threads:
    if the caller is interrupted (Ctrl-C raises ``KeyboardInterrupt`` here), queued jobs are dropped and
    requests in flight abandoned, so the process can exit at once instead of sending every queued request
    first. Answers received before are in the response cache; finished articles were stored as they came.
    """
    from reconcile.llm.client import AnswerUnusable, ModelUnavailable  # openai: only once the model is asked

    jobs: queue.SimpleQueue[SentenceJob] = queue.SimpleQueue()
    answers: queue.SimpleQueue[_Answer] = queue.SimpleQueue()
    remaining: dict[str, int] = {}  # sentence jobs still running, per article
    started: dict[str, float] = {}
    results: dict[str, list[SentenceResult]] = {}
    failures: dict[str, str] = {}
    stats_by_article: dict[str, CallStats] = {}
    by_id = {article.article_id: article for article, _ in planned}

    def work(job: SentenceJob) -> _Answer | None:
        started.setdefault(job.article.article_id, time.perf_counter())  # when its first request begins
        stats = CallStats()
        with charging(stats):
            try:
                return _Answer(job, run_job(job, client), stats)
            except (ModelUnavailable, AnswerUnusable, EndpointDown) as exc:  # the article fails; calls still count
                return _Answer(job, None, stats, error=str(exc))
            except Cancelled:
                return None
            except Exception as exc:
                return _Answer(job, None, stats, crash=exc)

    def worker() -> None:
        while not client.gate.cancelled:
            try:
                job = jobs.get_nowait()
            except queue.Empty:
                return
            answer = work(job)
            if answer is not None:
                answers.put(answer)

    for article, article_jobs in planned:
        remaining[article.article_id] = len(article_jobs)
        results[article.article_id] = []
        stats_by_article[article.article_id] = CallStats()
        for job in article_jobs:
            jobs.put(job)
    pending = sum(remaining.values())
    for number in range(min(max(1, concurrency), pending)):
        threading.Thread(target=worker, name=f"extract-{number}", daemon=True).start()
    try:
        while pending:
            try:
                answer = answers.get(timeout=0.2)
            except queue.Empty:
                continue
            pending -= 1
            if answer.crash is not None:
                raise answer.crash
            article_id = answer.job.article.article_id
            stats_by_article[article_id].add(answer.stats)
            if answer.result is not None:
                results[article_id].append(answer.result)
            if answer.error is not None:
                failures.setdefault(article_id, answer.error)
            remaining[article_id] -= 1
            if remaining[article_id]:
                continue
            outcome = ArticleOutcome(by_id[article_id], "failed" if article_id in failures else "done")
            outcome.error = failures.get(article_id)
            outcome.stats = stats_by_article[article_id]
            outcome.retries = outcome.stats.transport_retries  # and, below, the re-asks of answers
            outcome.seconds = time.perf_counter() - started[article_id]
            if outcome.status == "done":
                for result in sorted(results[article_id], key=lambda r: r.job.sentence.span.start):
                    outcome.claims.extend(result.claims)
                    outcome.rejections.extend(result.rejections)
                    outcome.retries += max(0, result.attempts - 1)
                done = results[article_id]
                outcome.claims = fill_article_places(outcome.claims, done[0].job.context.place if done else None)
            on_article(outcome)
    except BaseException:
        client.gate.cancel()  # nothing more goes out; sleeping retries stop
        raise


class Pipeline:
    """The batch pipeline bound to one database file.

    >>> from reconcile import Pipeline
    >>> with Pipeline("reconcile.duckdb") as pipeline:  # doctest: +SKIP
    ...     summary = pipeline.run(["seeds/"])
    ...     [c.number_text for c in pipeline.claims()][:3]
    ['40', '35', 'ambassador']

    Opening creates nothing: a missing database is created by ``run`` (or by using ``store`` to write),
    while reading one that does not exist (``claims``, ``events``, ``to_arrow``) raises
    ``DatabaseNotFound`` instead of answering from an empty new file. ``read_only=True`` refuses a
    missing file at once and works on a database that cannot be written (``chmod 444``, read-only folder).
    """

    def __init__(
        self, database: str | Path | None = None, settings: Settings | None = None, *, read_only: bool = False
    ) -> None:
        self.settings = settings or load_settings()
        self.profile = load_profile(self.settings.profile)
        self.path = Path(database or self.settings.database)
        self.read_only = read_only
        self._store: Store | None = None
        if read_only or self.path.exists():  # open now: a busy or foreign file is reported here
            self._store = Store(self.path, read_only=read_only)

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    @property
    def store(self) -> Store:
        """The open database; writing to a pipeline whose file does not exist yet creates it."""
        if self._store is None:
            self._store = Store(self.path)
        return self._store

    def _reading(self) -> Store:
        """The store, for reads: never creates the file."""
        if self._store is None and not self.path.exists():
            raise DatabaseNotFound(f"no database at {self.path}: run() creates one")
        return self.store

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

    def redo(
        self,
        prefixes: Iterable[str] | None = None,
        progress: ProgressCallback | None = None,
        *,
        paths: Iterable[str | Path] = (),
        options: IngestOptions | None = None,
    ) -> RunSummary:
        """Extract again, asking the model afresh (its cached answers are replaced), even what is done.

        Which articles: the stored ones whose id starts with one of ``prefixes``, and those of ``paths``;
        with neither, every stored article. An unknown prefix raises ``LookupError`` before anything runs.
        """
        prefixes, paths = list(prefixes or []), list(paths)
        store = self._reading()
        chosen = store.articles(store.article_ids_by_prefix(prefixes)) if prefixes or not paths else []
        inputs = iter_inputs(paths, options or self.ingest_options()) if paths else ()
        return self.run_articles(itertools.chain(chosen, inputs), progress=progress, redo=True)

    def run_articles(
        self,
        articles: Iterable[Article | IngestFailure],
        ingest_failures: Iterable[IngestFailure] | None = None,
        progress: ProgressCallback | None = None,
        *,
        redo: bool = False,
    ) -> RunSummary:
        """Store ``articles`` (a stream is read batch by batch, never held whole), extract the new ones.

        ``redo``: extract every one of them, done or not, asking the model afresh (see ``redo``).
        """
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
                "base_url": redact_url(self.settings.base_url) if self.settings.base_url else "embedded",
                "prompt_version": PROMPT_VERSION,
                "schema_version": SCHEMA_VERSION,
                "concurrency": concurrency,
            },
        )
        todo = self._ingest(run_id, itertools.chain(ingest_failures or (), articles), summary, redo=redo)
        completed = 0
        unsaved: list[ArticleOutcome] = []
        last_saved = time.monotonic()

        def save() -> None:
            """Store the outcomes waiting, in one transaction, then count and report them."""
            nonlocal last_saved
            batch = unsaved[:]
            self._save(run_id, batch)
            unsaved.clear()
            last_saved = time.monotonic()
            for outcome in batch:
                saved(outcome)

        def on_article(outcome: ArticleOutcome) -> None:
            """Answers the model gave are stored at once (a crash loses none of them); articles that cost
            nothing (no number, or answers from the cache) wait for a batch (``Store.save_extractions``)."""
            unsaved.append(outcome)
            if outcome.stats.model_calls or len(unsaved) >= SAVE_BATCH or time.monotonic() - last_saved > SAVE_SECONDS:
                save()

        def saved(outcome: ArticleOutcome) -> None:
            nonlocal completed
            completed += 1
            if outcome.status == "failed" or outcome.stats.model_calls or outcome.stats.cache_hits:
                summary.outcomes.append(outcome)  # not the many that cost nothing: each holds its text
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
                with self.store.released_when_idle(), ModelOnDemand(self.settings, self.store, redo) as model:
                    try:
                        for chunk in _batches(todo, EXTRACT_BATCH):  # texts come from the store, a batch at a time
                            planned = plan_articles(self.store.articles(chunk), self.profile, on_article)
                            if planned:
                                ask_model(planned, model.client(), concurrency, on_article)
                    finally:
                        save()  # what was finished is stored, interrupted or not
                    summary.stopped = model.stopped
            self.reconcile()
            status = "finished"
        finally:
            summary.wall_seconds = time.perf_counter() - started
            self.store.finish_run(
                run_id,
                {"status": status, "finished_at": dt.datetime.now(dt.UTC).replace(tzinfo=None), **summary.as_row()},
            )
        return summary

    def _ingest(
        self, run_id: str, items: Iterable[Article | IngestFailure], summary: RunSummary, *, redo: bool = False
    ) -> list[str]:
        """Store inputs batch by batch (failures recorded with their reasons); the ids still to extract."""
        done = set() if redo else self.store.done_articles(self.extractor_version)
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
        return self._reading().articles(article_ids)

    def _save(self, run_id: str, outcomes: list[ArticleOutcome]) -> None:
        records = [
            (
                ExtractionRecord(
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
                ),
                outcome.claims,
                outcome.rejections,
            )
            for outcome in outcomes
        ]
        self.store.save_extractions(records)

    def reconcile(self) -> None:
        """Group stored claims into events and flag disagreements (incremental, stable ids)."""
        from reconcile.events import reconcile_events

        with self.store.cursor() as cursor:
            # one transaction of its own; the profile's knowledge passed in as data
            reconcile_events(cursor, **self.grouping_params())
            ensure_views(cursor)  # replaced each run, so a new release's view definitions take effect

    def grouping_params(self) -> dict[str, Any]:
        """The profile's knowledge that ``events.sql`` reads, as the keyword arguments of ``reconcile_events``
        (and of ``claim_keys``, which a sharded run keys its claims with)."""
        profile = self.profile
        return {
            "grouping_keys": profile.grouping_keys,
            "unit_parents": {name: unit.parent for name, unit in profile.units.items() if unit.parent},
            "worded_measures": profile.counted_word_measures,
        }

    # -- reading ------------------------------------------------------------------------------------
    def claims(self, article_id: str | None = None) -> list[Claim]:
        return self._reading().claims(article_id)

    def events(self) -> list[Event]:
        """Events with every value's article, span and quote, their pairwise disagreements (``conflicts``) and
        explained differences (``relations``): flagged ones first."""
        from reconcile.events import load_events

        with self._reading().cursor() as cursor:
            return load_events(cursor)

    def sql(self, query: str, params: list[Any] | None = None) -> pa.Table:
        """The result of one SQL query over the database, as an Arrow table (see README, "Reading the results")."""
        with self._reading().cursor() as cursor:
            relation = cursor.sql(query, params=params or None)
            if relation is None:
                raise ValueError(f"not a query that returns rows: {query!r}")
            fetch = getattr(relation, "to_arrow_table", None) or relation.arrow  # duckdb 2, or 1.x
            return fetch()

    def to_arrow(self, relation: str = "claim_values") -> pa.Table:
        """A table or view as an Arrow table: ``claim_values`` (default), ``event_conflicts``, ``claims``, ..."""
        if relation not in READABLE:
            raise ValueError(f"unknown table or view {relation!r}: one of {', '.join(READABLE)}")
        return self.sql(f'SELECT * FROM "{relation}"')

    def to_pandas(self, relation: str = "claim_values") -> Any:
        """``to_arrow(relation)`` as a pandas DataFrame. pandas is optional: install it to use this."""
        if importlib.util.find_spec("pandas") is None:
            raise ImportError("to_pandas() needs pandas, which reconcile does not install: pip install pandas")
        return self.to_arrow(relation).to_pandas()


READABLE = (
    *VIEWS,
    "events",
    "claims",
    "event_claims",
    "conflicts",
    "event_relations",
    "articles",
    "rejections",
    "extractions",
    "runs",
)


INGEST_BATCH = 500  # inputs stored per transaction
SAVE_BATCH = 500  # extractions that cost no model call, stored per transaction
SAVE_SECONDS = 1.0  # ... or at least this often
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
    from reconcile.llm.client import ModelClient

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


__all__ = ["ArticleOutcome", "ModelOnDemand", "Pipeline", "RunSummary", "extract_claims"]
