"""Prometheus metrics of the service (``GET /metrics``, text format), in a registry of its own.

What an operator watches: requests by route and status with their latency, jobs by final state and the
queue, articles extracted or failed, and what the model cost (calls, cache hits, tokens, seconds per
article). Routes are labelled by their template (``/v1/jobs/{job_id}``), never the raw path, so the
number of series stays fixed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import Response
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from reconcile.pipeline import ArticleOutcome
    from reconcile.service.schemas import Job


class Metrics:
    def __init__(self, queued: Callable[[], float]) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "reconcile_http_requests", "HTTP requests answered", ["method", "route", "status"], registry=r
        )
        self.latency = Histogram(
            "reconcile_http_request_seconds", "Time to answer an HTTP request", ["method", "route"], registry=r,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )  # fmt: skip
        self.jobs = Counter("reconcile_jobs_finished", "Jobs finished, by final state", ["state"], registry=r)
        self.queue = Gauge("reconcile_jobs_queued", "Jobs waiting for the writer", registry=r)
        self.queue.set_function(queued)
        self.articles = Counter("reconcile_articles", "Articles extracted by jobs, by outcome", ["status"], registry=r)
        self.model_calls = Counter("reconcile_model_calls", "Requests sent to the model endpoint", registry=r)
        self.cache_hits = Counter("reconcile_model_cache_hits", "Model requests answered from the cache", registry=r)
        self.tokens = Counter("reconcile_model_tokens", "Tokens the model read or wrote", ["kind"], registry=r)
        self.article_seconds = Histogram(
            "reconcile_article_extract_seconds", "Time from an article's first model request to its last answer",
            registry=r, buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
        )  # fmt: skip

    def article_done(self, outcome: ArticleOutcome) -> None:
        self.articles.labels(outcome.status).inc()
        stats = outcome.stats
        self.model_calls.inc(stats.model_calls)
        self.cache_hits.inc(stats.cache_hits)
        self.tokens.labels("prompt").inc(stats.prompt_tokens)
        self.tokens.labels("completion").inc(stats.completion_tokens)
        self.article_seconds.observe(outcome.seconds)

    def job_finished(self, job: Job) -> None:
        self.jobs.labels(job.state).inc()

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """Pure ASGI (not ``BaseHTTPMiddleware``): it leaves the body stream and its errors to the app."""

        async def measured(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            started = time.perf_counter()
            status = 500

            async def sending(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            try:
                await app(scope, receive, sending)
            finally:
                route = getattr(scope.get("route"), "path", "unmatched")
                self.requests.labels(scope["method"], route, str(status)).inc()
                self.latency.labels(scope["method"], route).observe(time.perf_counter() - started)

        return measured

    def render(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)
