"""Jobs: submitted articles kept in the database and run, one job at a time, by the server's single writer.

Why in the database: a job accepted with 202 must survive the server. Its articles are written with it, in
one transaction, before the 202 goes out; a server killed mid-job (even with SIGKILL) finds the job still
``running`` when it starts again and runs it once more. That loses nothing and repeats nothing: articles
already extracted by the same extractor are skipped (the pipeline's own rule) and answers already received
are in the response cache. An ``Idempotency-Key`` maps to the job it first created, with a digest of the
request, so a retried POST gets the same job and a reused key with another body is refused.

Why one writer thread: DuckDB lets one process write a file; inside it, running jobs one after another keeps
the pipeline's batch semantics (one run per job, incremental reconciliation after it) and leaves the
request threads free to read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

import duckdb

from reconcile.ingest import IngestFailure
from reconcile.ingest.files import IngestOptions
from reconcile.ingest.records import article_from_record
from reconcile.ingest.text import IngestError
from reconcile.service.schemas import ArticleIn, Failure, Job, JobCounts, JobProgress, ModelUse, Submission

if TYPE_CHECKING:
    from reconcile.core.types import Article
    from reconcile.pipeline import ArticleOutcome, Pipeline
    from reconcile.store.database import Store

_log = logging.getLogger("reconcile.service")

JOBS_SQL = """
CREATE TABLE IF NOT EXISTS service_jobs (      -- reconcile serve: one row per accepted submission
    job_id            VARCHAR PRIMARY KEY,
    state             VARCHAR NOT NULL,        -- queued | running | succeeded | failed
    profile           VARCHAR NOT NULL,
    request_digest    VARCHAR NOT NULL,        -- sha256 of the submission as parsed
    created_at        TIMESTAMP NOT NULL,
    started_at        TIMESTAMP,
    finished_at       TIMESTAMP,
    attempts          INTEGER NOT NULL DEFAULT 0,
    total             INTEGER NOT NULL,
    processed         INTEGER NOT NULL DEFAULT 0,
    new               INTEGER NOT NULL DEFAULT 0,
    skipped           INTEGER NOT NULL DEFAULT 0,
    failed            INTEGER NOT NULL DEFAULT 0,
    claims            INTEGER NOT NULL DEFAULT 0,
    model_calls       INTEGER NOT NULL DEFAULT 0,
    cache_hits        INTEGER NOT NULL DEFAULT 0,
    prompt_tokens     BIGINT NOT NULL DEFAULT 0,
    completion_tokens BIGINT NOT NULL DEFAULT 0,
    failures          VARCHAR,                 -- JSON list of {source, reason}
    article_ids       VARCHAR,                 -- JSON list, once ingested
    error             VARCHAR
);
CREATE TABLE IF NOT EXISTS service_job_articles (  -- a job's articles as submitted, until it is done
    job_id    VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    payload   VARCHAR NOT NULL,                -- the ArticleIn as JSON
    PRIMARY KEY (job_id, position)
);
CREATE TABLE IF NOT EXISTS service_idempotency (   -- Idempotency-Key -> the job it created
    key             VARCHAR PRIMARY KEY,
    job_id          VARCHAR NOT NULL,
    request_digest  VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
"""

_JOB_COLUMNS = (
    "job_id", "state", "profile", "created_at", "started_at", "finished_at", "attempts", "total", "processed",
    "new", "skipped", "failed", "claims", "model_calls", "cache_hits", "prompt_tokens", "completion_tokens",
    "failures", "article_ids", "error",
)  # fmt: skip


class IdempotencyConflict(ValueError):
    """An Idempotency-Key already used for a different request."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def request_digest(submission: Submission, profile: str) -> str:
    canonical = json.dumps(
        {"profile": profile, "articles": [a.model_dump(mode="json") for a in submission.articles]},
        sort_keys=True, ensure_ascii=False,
    )  # fmt: skip
    return hashlib.sha256(canonical.encode()).hexdigest()


def article_source(article: ArticleIn, job_id: str, position: int) -> str:
    """The name an article is stored under: what the client called it, its URL, else ``api/JOB/N``."""
    return article.source or article.url or f"api/{job_id}/{position}"


def to_article(article: ArticleIn, source: str, options: IngestOptions) -> Article:
    """A submitted article as the pipeline's ``Article``, by the same rules as an export's record.

    Raises ``IngestError`` for what an export's record would fail on (no text left, over the budgets)."""
    record = {k: v for k, v in article.model_dump(mode="json").items() if v is not None and k != "source"}
    return article_from_record(record, source, options)


def check_articles(submission: Submission, options: IngestOptions) -> list[str]:
    """Why each unusable article cannot be ingested (``articles.N: reason``); empty when all can."""
    problems = []
    for position, article in enumerate(submission.articles):
        try:
            to_article(article, article_source(article, "check", position), options)
        except IngestError as exc:
            problems.append(f"articles.{position}: {exc.reason}")
    return problems


class JobStore:
    """The service tables; every method opens its own cursor through the store.

    Why through the store: a running job lets go of the file while it waits for the model (so read commands
    can look, ``Store.released_when_idle``); the store reopens it for the next cursor, a connection kept here
    would be closed under us."""

    def __init__(self, store: Store) -> None:
        self._store = store
        with self._cursor() as cur:
            cur.execute(JOBS_SQL)

    def _cursor(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        return self._store.cursor()

    def create(self, submission: Submission, profile: str, key: str | None) -> tuple[str, bool]:
        """Store a job and its articles in one transaction; ``(job_id, created)``.

        With ``key``: the job that key created before (``created`` False) if the request is the same;
        ``IdempotencyConflict`` if it is not."""
        digest = request_digest(submission, profile)
        if key is not None and (found := self._by_key(key)) is not None:
            return self._same_request(found, digest)
        job_id = uuid.uuid4().hex
        with self._cursor() as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                if key is not None:
                    cur.execute("INSERT INTO service_idempotency VALUES (?, ?, ?, ?)", [key, job_id, digest, _now()])
                cur.execute(
                    "INSERT INTO service_jobs (job_id, state, profile, request_digest, created_at, total)"
                    " VALUES (?, 'queued', ?, ?, ?, ?)",
                    [job_id, profile, digest, _now(), len(submission.articles)],
                )
                cur.execute(
                    "INSERT INTO service_job_articles SELECT ?, unnest(?), unnest(?)",
                    [job_id, list(range(len(submission.articles))),
                     [a.model_dump_json(exclude_none=True) for a in submission.articles]],
                )  # fmt: skip
                cur.execute("COMMIT")
            except duckdb.ConstraintException:  # the same key, sent twice at once: the other one won
                cur.execute("ROLLBACK")
                found = self._by_key(key) if key is not None else None
                if found is None:
                    raise
                return self._same_request(found, digest)
            except BaseException:
                cur.execute("ROLLBACK")
                raise
        return job_id, True

    def _by_key(self, key: str) -> tuple[str, str] | None:
        with self._cursor() as cur:
            row = cur.execute("SELECT job_id, request_digest FROM service_idempotency WHERE key = ?", [key]).fetchone()
        return (row[0], row[1]) if row else None

    @staticmethod
    def _same_request(found: tuple[str, str], digest: str) -> tuple[str, bool]:
        job_id, earlier = found
        if earlier != digest:
            raise IdempotencyConflict(
                f"this Idempotency-Key was used for a different request (job {job_id}); use a new key"
            )
        return job_id, False

    def get(self, job_id: str) -> Job | None:
        with self._cursor() as cur:
            row = cur.execute(
                f"SELECT {', '.join(_JOB_COLUMNS)} FROM service_jobs WHERE job_id = ?", [job_id]
            ).fetchone()
        return _job(dict(zip(_JOB_COLUMNS, row, strict=True))) if row else None

    def resume_interrupted(self) -> int:
        """Jobs left ``running`` by a server that died: queued again (they run first). Returns how many."""
        with self._cursor() as cur:
            rows = cur.execute(
                "UPDATE service_jobs SET state = 'queued' WHERE state = 'running' RETURNING job_id"
            ).fetchall()
        return len(rows)

    def next_queued(self) -> str | None:
        with self._cursor() as cur:
            row = cur.execute(
                "SELECT job_id FROM service_jobs WHERE state = 'queued' ORDER BY attempts DESC, created_at LIMIT 1"
            ).fetchone()
        return row[0] if row else None

    def queued(self) -> int:
        with self._cursor() as cur:
            row = cur.execute("SELECT count(*) FROM service_jobs WHERE state = 'queued'").fetchone()
        return int(row[0]) if row else 0

    def payloads(self, job_id: str) -> list[ArticleIn]:
        with self._cursor() as cur:
            rows = cur.execute(
                "SELECT payload FROM service_job_articles WHERE job_id = ? ORDER BY position", [job_id]
            ).fetchall()
        return [ArticleIn.model_validate_json(row[0]) for row in rows]

    def update(self, job_id: str, **values: Any) -> None:
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self._cursor() as cur:
            cur.execute(f"UPDATE service_jobs SET {assignments} WHERE job_id = ?", [*values.values(), job_id])

    def finish(self, job_id: str, **values: Any) -> None:
        """The job's last state, and its article payloads dropped (the articles are stored now), together."""
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self._cursor() as cur:
            cur.execute("BEGIN TRANSACTION")
            cur.execute(f"UPDATE service_jobs SET {assignments} WHERE job_id = ?", [*values.values(), job_id])
            cur.execute("DELETE FROM service_job_articles WHERE job_id = ?", [job_id])
            cur.execute("COMMIT")


@overload
def _utc(moment: dt.datetime) -> dt.datetime: ...
@overload
def _utc(moment: None) -> None: ...
def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored (naive, UTC) time as an aware one: RFC 3339 ``date-time`` wants the offset."""
    return moment.replace(tzinfo=dt.UTC) if moment is not None else None


def _job(row: dict[str, Any]) -> Job:
    total, processed = row["total"], row["processed"]
    return Job(
        job_id=row["job_id"],
        state=row["state"],
        profile=row["profile"],
        created_at=_utc(row["created_at"]),
        started_at=_utc(row["started_at"]),
        finished_at=_utc(row["finished_at"]),
        attempts=row["attempts"],
        progress=JobProgress(total=total, processed=processed, fraction=round(processed / total, 4) if total else 1.0),
        counts=JobCounts(new=row["new"], skipped=row["skipped"], failed=row["failed"], claims=row["claims"]),
        model=ModelUse(
            calls=row["model_calls"],
            cache_hits=row["cache_hits"],
            prompt_tokens=row["prompt_tokens"],
            completion_tokens=row["completion_tokens"],
        ),
        failures=[Failure(**f) for f in json.loads(row["failures"] or "[]")],
        article_ids=json.loads(row["article_ids"] or "[]"),
        error=row["error"],
    )


@dataclass(frozen=True, slots=True)
class JobEvents:
    """What the runner tells the rest of the server: data changed (reads refresh), a job ended (metrics)."""

    changed: Callable[..., None]  # changed(urgent=False): see reads.Reader
    article_done: Callable[[ArticleOutcome], None]
    job_finished: Callable[[Job], None]


class JobRunner:
    """The single writer: a thread that runs queued jobs one at a time through the pipeline."""

    def __init__(
        self, jobs: JobStore, pipeline_for: Callable[[str], Pipeline], options: IngestOptions, events: JobEvents
    ) -> None:
        self.jobs = jobs
        self.pipeline_for = pipeline_for
        self.options = options
        self.events = events
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="reconcile-writer", daemon=True)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def start(self) -> None:
        resumed = self.jobs.resume_interrupted()
        if resumed:
            _log.warning("resuming %d job(s) interrupted by the last server's end", resumed)
        self._thread.start()

    def submitted(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """Take no new job; the one running (if any) is left ``running`` and resumes at the next start."""
        self._stopping.set()
        self._wake.set()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            job_id = self.jobs.next_queued()
            if job_id is None:
                self._wake.wait(timeout=1.0)
                self._wake.clear()
                continue
            try:
                self._run(job_id)
            except Exception as exc:  # a bug or a failed database: the job fails, the writer goes on
                if self._stopping.is_set():
                    return  # the server is closing the database under us: the job resumes next start
                _log.exception("job %s failed", job_id)
                self.events.changed(urgent=True)
                self.jobs.finish(job_id, state="failed", finished_at=_now(), error=f"{type(exc).__name__}: {exc}")
                self._finished(job_id)

    def _finished(self, job_id: str) -> None:
        job = self.jobs.get(job_id)
        if job is not None:
            self.events.job_finished(job)

    def _run(self, job_id: str) -> None:
        job = self.jobs.get(job_id)
        assert job is not None
        self.jobs.update(job_id, state="running", started_at=_now(), attempts=job.attempts + 1, processed=0)
        pipeline = self.pipeline_for(job.profile)
        items: list[Article | IngestFailure] = []
        for position, payload in enumerate(self.jobs.payloads(job_id)):
            source = article_source(payload, job_id, position)
            try:
                items.append(to_article(payload, source, self.options))
            except IngestError as exc:
                items.append(IngestFailure(source, exc.reason))
        counts = {"new": 0, "failed": 0, "claims": 0, "model_calls": 0, "cache_hits": 0, "prompt_tokens": 0,
                  "completion_tokens": 0}  # fmt: skip

        def progress(outcome: ArticleOutcome, done: int, total: int) -> None:
            failed = outcome.status == "failed"
            counts["failed" if failed else "new"] += 1
            counts["claims"] += 0 if failed else len(outcome.claims)
            stats = outcome.stats
            counts["model_calls"] += stats.model_calls
            counts["cache_hits"] += stats.cache_hits
            counts["prompt_tokens"] += stats.prompt_tokens
            counts["completion_tokens"] += stats.completion_tokens
            skipped = len(items) - total  # known articles, not sent to the model
            self.jobs.update(job_id, processed=skipped + done, **counts)
            self.events.article_done(outcome)
            self.events.changed()

        summary = pipeline.run_articles(items, progress=progress)
        self.events.changed(urgent=True)  # before the job says it succeeded: its reader must see its results
        failures = [{"source": source, "reason": reason} for source, reason in summary.failures]
        self.jobs.finish(
            job_id,
            state="failed" if summary.articles_failed else "succeeded",
            finished_at=_now(),
            processed=len(items),
            new=summary.articles_new,
            skipped=summary.articles_skipped,
            failed=summary.articles_failed,
            claims=summary.claims,
            model_calls=summary.stats.model_calls,
            cache_hits=summary.stats.cache_hits,
            prompt_tokens=summary.stats.prompt_tokens,
            completion_tokens=summary.stats.completion_tokens,
            failures=json.dumps(failures, ensure_ascii=False),
            article_ids=json.dumps(summary.article_ids),
            error=summary.stopped,
        )
        self._finished(job_id)
