"""The routes of ``reconcile serve``; ``create_app`` wires them to a running ``Service``.

Every ``/v1`` route and ``/metrics`` sit behind the bearer token when one is configured; ``/healthz`` and
``/readyz`` stay open for probes. Listings share one shape (``Page``: ``items`` and ``next_cursor``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Body, Depends, FastAPI, Header, Path, Query, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import HTTPBearer

from reconcile.events.model import CONFLICT_KINDS, ConflictKind, Event
from reconcile.report.claims import ClaimFilter
from reconcile.service.guards import BodyGuard, bearer_guard, json_body
from reconcile.service.jobs import IdempotencyConflict, check_articles
from reconcile.service.problems import Problem, ProblemError, install_problem_handlers
from reconcile.service.reads import EventFilter, page
from reconcile.service.schemas import (
    ArticleIn,
    ArticleRecord,
    ClaimRecord,
    ConflictRecord,
    ExtractRequest,
    ExtractResponse,
    Health,
    Job,
    Page,
    ProfileInfo,
    Readiness,
    Submission,
)

if TYPE_CHECKING:
    from reconcile.service.server import Service

API_VERSION = "1"
_PROBLEMS: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {"application/problem+json": {}}, "description": text}
    for status, text in {
        400: "Malformed input (invalid UTF-8, a bad cursor)",
        401: "Missing or wrong bearer token",
        404: "No such job, event or article",
        413: "Body over the size limit",
        415: "Body not application/json",
        422: "Invalid body: unknown fields, missing text, an unknown profile, a reused Idempotency-Key",
    }.items()
}
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page")]
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]


def create_app(service: Service) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        service.start()
        try:
            yield
        finally:
            service.stop()

    app = FastAPI(
        title="reconcile",
        version=API_VERSION,
        summary="Numeric claims from news articles, grouped into events, with every disagreement flagged and cited.",
        lifespan=lifespan,
        responses={k: v for k, v in _PROBLEMS.items() if k in (401, 422)},
    )
    install_problem_handlers(app)
    config = service.config
    app.add_middleware(BodyGuard, default=config.max_body_bytes, limits={"/v1/extract": config.max_extract_bytes})
    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
            expose_headers=["Location", "Retry-After"],
        )
    app.add_middleware(service.metrics.middleware)  # added last: outermost, so it counts the guards' answers too
    guard = [Depends(HTTPBearer(auto_error=False)), Depends(bearer_guard(config.token))]  # the first documents it
    problems = {k: v for k, v in _PROBLEMS.items()}

    @app.get("/healthz", tags=["operations"])
    def healthz() -> Health:
        """The process answers (liveness)."""
        return Health()

    @app.get("/readyz", tags=["operations"], responses={503: {"model": Readiness}})
    def readyz(response: Response) -> Readiness:
        """The database is open, the writer runs and the model endpoint answers (readiness)."""
        readiness = service.readiness()
        if not readiness.ready:
            response.status_code = 503
        return readiness

    @app.get("/metrics", tags=["operations"], dependencies=guard, response_class=Response,
             responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}})  # fmt: skip
    def metrics() -> Response:
        """Requests, jobs, articles, model calls, tokens and latencies (Prometheus text format)."""
        return service.metrics.render()

    @app.post(
        "/v1/articles", tags=["jobs"], status_code=202, dependencies=[*guard, Depends(json_body)], responses=problems
    )
    def submit(
        response: Response,
        body: Annotated[Submission | ArticleIn, Body(description="A batch ({articles: [...]}) or one article")],
        idempotency_key: Annotated[
            str | None, Header(max_length=200, description="Makes a retried submission return the first one's job")
        ] = None,
    ) -> Job:
        """Queue articles for ingestion, extraction and reconciliation; poll the job at ``Location``."""
        submission = body if isinstance(body, Submission) else Submission(articles=[body])
        profile = service.profile_name(submission.profile)
        problems_found = check_articles(submission, service.ingest_options)
        if problems_found:
            raise ProblemError(422, "unusable-article", "; ".join(problems_found[:20]))
        try:
            job_id, _created = service.jobs.create(submission, profile, idempotency_key)
        except IdempotencyConflict as exc:
            raise ProblemError(422, "idempotency-key-reused", str(exc)) from exc
        service.runner.submitted()
        job = service.job(job_id)
        response.headers["Location"] = f"/v1/jobs/{job_id}"
        response.headers["Retry-After"] = "1"
        return job

    @app.get("/v1/jobs/{job_id}", tags=["jobs"], dependencies=guard, responses=problems)
    def get_job(job_id: Annotated[str, Path(max_length=64)], response: Response) -> Job:
        """A job's state, progress, counts, model use and failures."""
        job = service.job(job_id)
        if job.state in ("queued", "running"):
            response.headers["Retry-After"] = "1"
        return job

    @app.post("/v1/extract", tags=["extract"], dependencies=[*guard, Depends(json_body)], responses=problems)
    def extract(request: ExtractRequest) -> ExtractResponse:
        """Claims of one short text, at once; nothing is stored (POST /v1/articles stores and reconciles)."""
        return ExtractResponse(claims=service.extract(request))

    @app.get("/v1/events", tags=["read"], dependencies=guard, responses=problems)
    def list_events(
        measure: str | None = None,
        place: Annotated[str | None, Query(description="A place key or its prefix (IDN keeps IDN-AC)")] = None,
        party: Annotated[str | None, Query(description="Actor or target: a code (FRA) or a name (France)")] = None,
        source: Annotated[str | None, Query(description="Words of any value's source (police)")] = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        conflicts_only: bool = False,
        article_id: str | None = None,
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> Page[Event]:
        """Events with every value's article, span and quote, ordered by id; filters combine with AND."""
        flt = EventFilter(measure, place, party, source, date_from, date_to, conflicts_only, article_id)
        items, next_cursor = page(service.reader.events(flt), lambda e: e.event_id, cursor, limit)
        return Page[Event](items=items, next_cursor=next_cursor)

    @app.get("/v1/events/{event_id}", tags=["read"], dependencies=guard, responses=problems)
    def get_event(event_id: str) -> Event:
        """One event: every value with its article, span and quote, and its conflicts."""
        event = service.reader.event(event_id)
        if event is None:
            raise ProblemError(404, "not-found", f"no event {event_id}")
        return event

    @app.get("/v1/conflicts", tags=["read"], dependencies=guard, responses=problems)
    def list_conflicts(
        measure: str | None = None,
        place: str | None = None,
        party: str | None = None,
        source: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        kind: Annotated[ConflictKind | None, Query(description=f"One of {', '.join(CONFLICT_KINDS)}")] = None,
        strict_only: Annotated[bool, Query(description="Only contradictions (no explained difference)")] = False,
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> Page[ConflictRecord]:
        """Flagged differences, each with its event and both values quoted."""
        flt = EventFilter(measure, place, party, source, date_from, date_to)
        found = service.reader.conflicts(flt, strict_only=strict_only, kind=kind)
        items, next_cursor = page(found, lambda c: c.conflict_id, cursor, limit)
        return Page[ConflictRecord](items=items, next_cursor=next_cursor)

    @app.get("/v1/claims", tags=["read"], dependencies=guard, responses=problems)
    def list_claims(
        measure: str | None = None,
        actor: Annotated[str | None, Query(description="Who did it: a code (FRA), a name or words")] = None,
        source: str | None = None,
        article: Annotated[str | None, Query(description="Words of the article's path, outlet, title or URL")] = None,
        article_id: str | None = None,
        conflicts_only: bool = False,
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> Page[ClaimRecord]:
        """Stored claims with their article and quote, ordered by id."""
        ids = frozenset([article_id]) if article_id else None
        flt = ClaimFilter(actor, measure, source, article, conflicts_only, ids)
        items, next_cursor = page(service.reader.claims(flt), lambda c: c.claim_id, cursor, limit)
        return Page[ClaimRecord](items=items, next_cursor=next_cursor)

    @app.get("/v1/articles/{article_id}", tags=["read"], dependencies=guard, responses=problems)
    def get_article(article_id: Annotated[str, Path(max_length=64)]) -> ArticleRecord:
        """A stored article: its text, metadata and claims."""
        return service.article(article_id)

    @app.get("/v1/profiles", tags=["read"], dependencies=guard)
    def list_profiles() -> list[ProfileInfo]:
        """Profiles a submission may name."""
        return service.profiles()

    return app
