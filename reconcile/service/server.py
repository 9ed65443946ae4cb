"""The running service: the database, the model endpoint, the writer and uvicorn, started and stopped together.

Order matters. The database is opened first, so a second server on the same file fails at once with the
same one-line error ``reconcile run`` gives (DuckDB lets one process write a file) instead of after a model
load. Then the model: the embedded llama-server starts with the service and stops with it (one server for
every job, not one per job); a configured endpoint is used as ``run`` uses it. Then uvicorn, whose
lifespan starts the writer thread. Stopping (Ctrl-C, SIGTERM) runs it all backwards; a job cut short stays
``running`` in the database and resumes at the next start.
"""

from __future__ import annotations

import logging
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

from reconcile.config import Settings, redact_url
from reconcile.core.claims import Claim
from reconcile.ingest.files import IngestOptions
from reconcile.pipeline import Pipeline, extract_claims, model_endpoint
from reconcile.profile import ProfileError, load_profile
from reconcile.profile.registry import DEFAULT_PROFILE, available
from reconcile.service.jobs import JobEvents, JobRunner, JobStore, to_article
from reconcile.service.metrics import Metrics
from reconcile.service.problems import ProblemError
from reconcile.service.reads import Reader, load_snapshot
from reconcile.service.schemas import ArticleIn, ArticleRecord, ExtractRequest, Job, ProfileInfo, Readiness
from reconcile.store.database import Store

_log = logging.getLogger("reconcile.service")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    host: str = "127.0.0.1"  # loopback unless told otherwise: the API has no token unless one is set
    port: int = 8000
    token: str | None = None  # RECONCILE_API_TOKEN: every /v1 route and /metrics need it as a bearer token
    cors_origins: tuple[str, ...] = ()  # CORS off unless origins are named
    max_body_bytes: int = 16 * 1024 * 1024  # a submission's body
    max_extract_bytes: int = 64 * 1024  # POST /v1/extract answers while the client waits: a short text
    log_level: str = "info"


class Service:
    """What the routes call: the pipeline(s), the job store and writer, the reader and the metrics."""

    def __init__(self, pipeline: Pipeline, config: ServiceConfig) -> None:
        self.pipeline = pipeline
        self.settings = pipeline.settings
        self.config = config
        self.ingest_options: IngestOptions = pipeline.ingest_options()
        self._pipelines = {self.settings.profile: pipeline}
        self._pipelines_lock = threading.Lock()
        pipeline.reconcile()  # the event tables and views exist before the first read, even in a new file
        self.jobs = JobStore(pipeline.store)
        self.reader = Reader(lambda generation: load_snapshot(self.pipeline, generation))
        self.metrics = Metrics(queued=self.jobs.queued)
        events = JobEvents(self.reader.changed, self.metrics.article_done, self.metrics.job_finished)
        self.runner = JobRunner(self.jobs, self._pipeline_for, self.ingest_options, events)

    # -- lifecycle --------------------------------------------------------------------------------
    def start(self) -> None:
        self.runner.start()

    def stop(self) -> None:
        self.runner.stop()

    def close(self) -> None:
        with self._pipelines_lock:
            for pipeline in self._pipelines.values():
                pipeline.close()

    # -- profiles ---------------------------------------------------------------------------------
    def profile_name(self, requested: str | None) -> str:
        """The profile a request names (a built-in or installed name, never a path: a client must not make the
        server read its files), or the server's own."""
        if requested is None or requested == self.settings.profile:
            return self.settings.profile
        names = available()
        if requested not in names:
            raise ProblemError(422, "unknown-profile", f"no profile {requested!r}: one of {', '.join(names)}")
        try:
            load_profile(requested)
        except ProfileError as exc:
            raise ProblemError(422, "unknown-profile", str(exc)) from exc
        return requested

    def _pipeline_for(self, profile: str) -> Pipeline:
        """A pipeline per profile, all on the same file (one process: DuckDB shares the database between them)."""
        with self._pipelines_lock:
            if profile not in self._pipelines:
                self._pipelines[profile] = Pipeline(self.pipeline.path, replace(self.settings, profile=profile))
            return self._pipelines[profile]

    def profiles(self) -> list[ProfileInfo]:
        default = self.settings.profile or DEFAULT_PROFILE
        names = sorted({*available(), self.settings.profile})
        return [ProfileInfo(name=n, description=load_profile(n).description, default=n == default) for n in names]

    # -- requests ---------------------------------------------------------------------------------
    def job(self, job_id: str) -> Job:
        job = self.jobs.get(job_id)
        if job is None:
            raise ProblemError(404, "not-found", f"no job {job_id}")
        return job

    def extract(self, request: ExtractRequest) -> list[Claim]:
        profile = self.profile_name(request.profile)
        try:  # the same rules as a submitted article (budgets), so a text that would fail there fails here too
            to_article(ArticleIn(text=request.text), "api/extract", self.ingest_options)
        except ValueError as exc:
            raise ProblemError(422, "unusable-article", str(exc)) from exc
        try:
            return extract_claims(
                request.text, published=request.published, source="api/extract",
                settings=replace(self.settings, profile=profile),
            )  # fmt: skip
        except RuntimeError as exc:  # the model failed on it: the endpoint's fault, not the client's
            raise ProblemError(502, "model-failed", str(exc)) from exc

    def article(self, article_id: str) -> ArticleRecord:
        found = self.pipeline.articles([article_id])
        if not found:
            raise ProblemError(404, "not-found", f"no article {article_id}")
        a = found[0]
        return ArticleRecord(
            article_id=a.article_id, source=a.source, title=a.title, published=a.published, url=a.url,
            outlet=a.outlet, author=a.author, language=a.language, source_group=a.source_group, text=a.text,
            claims=self.reader.article_claims(a.article_id),
        )  # fmt: skip

    def readiness(self) -> Readiness:
        base_url = self.settings.base_url or ""
        database = True
        try:
            with self.pipeline.store.cursor() as cursor:
                cursor.execute("SELECT 1").fetchall()
        except Exception:  # closed or failed: not ready, whatever the reason
            database = False
        reachable, detail = model_reachable(base_url, self.settings.api_key)
        writer = self.runner.alive
        return Readiness(
            ready=database and writer and reachable, database=database, writer=writer,
            model_endpoint=_redacted(base_url), model_reachable=reachable, detail=detail,
        )  # fmt: skip


def _redacted(url: str) -> str:
    return redact_url(url) if url else ""


def model_reachable(base_url: str, api_key: str) -> tuple[bool, str | None]:
    """Whether the endpoint answers HTTP at ``{base_url}/models``: any answer but a 5xx means it is up (a
    server without that route still answered); llama-server says 503 while it loads its model."""
    request = urllib.request.Request(base_url.rstrip("/") + "/models", headers={"Authorization": f"Bearer {api_key}"})
    try:
        with urllib.request.urlopen(request, timeout=2.0):
            return True, None
    except urllib.error.HTTPError as exc:
        return (exc.code < 500 or exc.code == 501), None if exc.code < 500 or exc.code == 501 else f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        return False, f"model endpoint unreachable: {getattr(exc, 'reason', exc)}"


def serve(settings: Settings, config: ServiceConfig) -> None:
    """Open the database, start the model, run uvicorn until stopped; close everything in reverse."""
    import uvicorn

    from reconcile.service.app import create_app

    path = Path(settings.database)
    holder = Store(path)  # the writer's lock on the file, taken before the model loads (DatabaseBusy if taken)
    try:
        if config.host not in LOOPBACK and config.token is None:
            print(f"warning: serving on {config.host} without RECONCILE_API_TOKEN: anyone who reaches it can submit",
                  file=sys.stderr)  # fmt: skip
        with model_endpoint(settings) as base_url:
            model_settings = settings if not settings.embedded else replace(
                settings, base_url=base_url, concurrency=settings.resolved_concurrency()
            )  # the embedded server's slots, not an endpoint's default  # fmt: skip
            service = Service(Pipeline(path, model_settings), config)
            holder.close()  # the pipeline's own connection holds the file from here
            try:
                print(f"reconcile serve: http://{config.host}:{config.port} (API spec at /docs, /openapi.json)",
                      file=sys.stderr, flush=True)  # fmt: skip
                app = create_app(service)
                uvicorn.Server(
                    uvicorn.Config(app, host=config.host, port=config.port, log_level=config.log_level,
                                   timeout_graceful_shutdown=5, server_header=False)
                ).run()  # fmt: skip
            finally:
                service.close()
    finally:
        holder.close()
