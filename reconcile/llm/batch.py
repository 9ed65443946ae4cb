"""``reconcile run --batch``: bulk jobs through an OpenAI-compatible Batch API, then the run as usual.

Hosted Batch APIs answer within hours at about half the price of live calls. The pipeline asks one
question per sentence and may re-ask; a batch cannot converse. So a batch run goes in rounds:

1. **collect**: extract every article still to do with a transport that answers from the response cache
   and, for anything not there, records the exact request body and refuses it at once (HTTP 409, never
   retried: the article just fails, and nothing is cached or stored);
2. **submit**: those bodies as JSONL (``custom_id`` = the cache key, the sha256 of the request body), one
   file upload and one ``batches.create``; the batch id is written beside the database first, so a run
   killed while it waits picks the same batch up again instead of paying for it twice;
3. **poll** until the batch ends, download its output and put every complete answer into the response
   cache under its request's key, exactly where a live call would have put it.

The next round finds those answers and collects only what they led to (re-asks after a validation error,
usually none). When a round collects nothing, or after ``MAX_ROUNDS``, ``Pipeline.run`` finishes the run as
usual: served from the cache, with live calls only for what the batches did not answer.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import httpx2 as httpx
import openai

from reconcile.core.types import Article
from reconcile.errors import ReconcileError
from reconcile.ingest import IngestOptions, iter_inputs
from reconcile.llm.client import ModelClient
from reconcile.llm.transport import request_key
from reconcile.pipeline import EXTRACT_BATCH, Pipeline, RunSummary, extract_articles
from reconcile.store.cache import DuckDBCache

MAX_ROUNDS = 4
COMPLETION_WINDOW: Literal["24h"] = "24h"
CHAT_PATH: Literal["/v1/chat/completions"] = "/v1/chat/completions"
_TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
_COMPLETE = frozenset({"stop", "tool_calls"})  # as the live transport: a cut-off answer is never cached


class BatchFailed(ReconcileError):
    """The endpoint's Batch API refused or lost the batch."""

    exit_code = 5


class DeferringTransport(httpx.BaseTransport):
    """Records chat-completion requests instead of sending them, and refuses them (409) at once."""

    def __init__(self) -> None:
        self.bodies: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        with self._lock:
            self.bodies.setdefault(request_key(body), body)
        return httpx.Response(409, json={"error": {"message": "deferred to a batch"}}, request=request)


def collect_requests(pipeline: Pipeline, articles: Iterable[Article]) -> dict[str, bytes]:
    """The requests (key -> exact body) extracting ``articles`` needs that the response cache cannot answer."""
    settings = pipeline.settings
    if settings.base_url is None:
        raise ReconcileError("--batch needs an endpoint with a Batch API: give --base-url (or OPENAI_BASE_URL)")
    deferring = DeferringTransport()
    client = ModelClient(settings, settings.base_url, DuckDBCache(pipeline.store))
    client.transport.inner = deferring  # the cache answers what it can; the rest is recorded, not sent
    try:
        iterator = iter(articles)
        while chunk := list(itertools.islice(iterator, EXTRACT_BATCH)):
            extract_articles(chunk, client, settings.resolved_concurrency(), lambda _: None, pipeline.profile)
    finally:
        client.close()
    return deferring.bodies


def _pending_file(pipeline: Pipeline) -> Path:
    return pipeline.path.with_name(pipeline.path.name + ".batch.json")


def submit(api: openai.OpenAI, bodies: dict[str, bytes]) -> str:
    """Upload the requests as JSONL and create the batch; its id."""
    lines = (
        json.dumps({"custom_id": key, "method": "POST", "url": CHAT_PATH, "body": json.loads(body)}, ensure_ascii=False)
        for key, body in sorted(bodies.items())
    )
    upload = api.files.create(file=("requests.jsonl", "\n".join(lines).encode("utf-8")), purpose="batch")
    batch = api.batches.create(input_file_id=upload.id, endpoint=CHAT_PATH, completion_window=COMPLETION_WINDOW)
    return batch.id


def wait_and_store(api: openai.OpenAI, batch_id: str, cache: DuckDBCache, *, poll: float = 1.0) -> int:
    """Poll the batch until it ends (waits double up to a minute), then cache its complete answers; how many."""
    batch = api.batches.retrieve(batch_id)
    while batch.status not in _TERMINAL:
        time.sleep(poll)
        poll = min(60.0, poll * 2)
        batch = api.batches.retrieve(batch_id)
    if batch.status != "completed" or not batch.output_file_id:
        raise BatchFailed(f"batch {batch_id} ended {batch.status}: nothing stored; run again to submit anew")
    stored = 0
    for line in api.files.content(batch.output_file_id).text.splitlines():
        item = json.loads(line) if line.strip() else {}
        response = item.get("response") or {}
        body = response.get("body")
        if response.get("status_code") != 200 or not isinstance(body, dict):
            continue  # left to the run's live calls
        if (body.get("choices") or [{}])[0].get("finish_reason") not in _COMPLETE:
            continue
        usage = body.get("usage") or {}
        content = json.dumps(body, ensure_ascii=False).encode("utf-8")
        cache.put(str(item["custom_id"]), body.get("model"), content,
                  int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0))  # fmt: skip
        stored += 1
    return stored


def run_with_batch(
    pipeline: Pipeline, paths: Iterable[str | Path], options: IngestOptions, *, poll: float = 1.0
) -> RunSummary:
    """Rounds of collect, submit, poll and cache (see the module docstring); then ``pipeline.run``."""
    settings = pipeline.settings
    paths = list(paths)
    api = openai.OpenAI(base_url=settings.base_url, api_key=settings.api_key, max_retries=settings.transport_retries)
    cache = DuckDBCache(pipeline.store)
    pending = _pending_file(pipeline)
    try:
        for _ in range(MAX_ROUNDS):
            if pending.exists():  # a batch submitted by a run that did not live to read it
                batch_id = json.loads(pending.read_text(encoding="utf-8"))["batch_id"]
            else:
                done = pipeline.store.done_articles(pipeline.extractor_version)
                todo = (item for item in iter_inputs(paths, options)
                        if isinstance(item, Article) and item.article_id not in done)  # fmt: skip
                bodies = collect_requests(pipeline, _unique(todo))
                if not bodies:
                    break
                batch_id = submit(api, bodies)
                pending.write_text(json.dumps({"batch_id": batch_id, "requests": len(bodies)}), encoding="utf-8")
            wait_and_store(api, batch_id, cache, poll=poll)
            pending.unlink()
    except openai.APIError as exc:
        raise BatchFailed(f"the endpoint's Batch API failed: {exc}") from exc
    finally:
        api.close()
    return pipeline.run(paths, options=options)


def _unique(articles: Iterable[Article]) -> Iterable[Article]:
    seen: set[str] = set()
    for article in articles:
        if article.article_id not in seen:
            seen.add(article.article_id)
            yield article
