"""An httpx transport that caches chat completions and counts what the model costs.

Why at the transport: the request body *is* the cache key the design asks for — messages, model,
sampling parameters and the response schema, exactly as sent — for first asks and instructor's
re-asks alike, whatever the provider or instructor mode. A re-run on unchanged input is served
entirely from the cache, so it makes zero model calls. Only successful, complete JSON responses are
stored: an error or a truncated answer is never replayed. Inside ``held_back()`` (one question, with
its re-asks) even those wait until the caller commits them, which it does once the question has an
answer: a question that failed outright (invalid JSON or cut off after every re-ask) fails its article,
and the next run must ask the model again instead of replaying the failure from the cache.

Costs are accumulated into the ``CallStats`` found in a context variable, so each article (running in
its own worker thread) is charged for its own calls.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any, Protocol

import httpx2 as httpx  # the HTTP client the openai package is built on


@dataclass(slots=True)
class CallStats:
    """Model cost of one unit of work (an article, a run)."""

    model_calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0  # prompt tokens the server took from its prefix cache
    server_seconds: float = 0.0  # time the server reports (prompt + generation) for the calls it served
    generation_seconds: float = 0.0  # the generation part of it, where the server reports one (llama.cpp)
    call_seconds: float = 0.0  # wall time of the HTTP calls the server served
    transport_retries: int = 0  # requests sent again after a timeout, a refused connection, a 429 or a 5xx

    def add(self, other: CallStats) -> None:
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))


_current_stats: contextvars.ContextVar[CallStats | None] = contextvars.ContextVar("reconcile_stats", default=None)


def current_stats() -> CallStats | None:
    """The stats the calls of this context are charged to, if any."""
    return _current_stats.get()


@contextmanager
def charging(stats: CallStats) -> Iterator[CallStats]:
    """Charge every model call made in this context (thread) to ``stats``."""
    token = _current_stats.set(stats)
    try:
        yield stats
    finally:
        _current_stats.reset(token)


_Entry = tuple[str, str | None, bytes, int, int]  # the arguments of ``ResponseCache.put``


class HeldResponses:
    """Responses to one question, kept out of the cache until ``commit`` (the question was answered)."""

    def __init__(self, cache: ResponseCache) -> None:
        self.cache = cache
        self.items: list[_Entry] = []

    def commit(self) -> None:
        for item in self.items:
            self.cache.put(*item)
        self.items.clear()


class ResponseCache(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, model: str | None, body: bytes, prompt_tokens: int, completion_tokens: int) -> None: ...


class MemoryCache:
    """A dict-backed cache, for tests and one-off extraction without a database."""

    def __init__(self) -> None:
        self._items: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            return self._items.get(key)

    def put(self, key: str, model: str | None, body: bytes, prompt_tokens: int, completion_tokens: int) -> None:
        with self._lock:
            self._items[key] = body


def request_key(body: bytes) -> str:
    """sha256 of the canonical JSON of a request body (key order and whitespace do not matter)."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except ValueError:
        return hashlib.sha256(body).hexdigest()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _usage(payload: dict[str, Any]) -> tuple[int, int, int]:
    usage = payload.get("usage") or {}
    details = usage.get("prompt_tokens_details") or {}
    cached = int(details.get("cached_tokens") or 0)
    timings = payload.get("timings") or {}
    if not cached and "cache_n" in timings:  # llama-server reports its prefix-cache hits here
        cached = int(timings["cache_n"])
    return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0), cached


def _server_seconds(payload: dict[str, Any], fallback: float) -> float:
    timings = payload.get("timings")
    if isinstance(timings, dict) and "predicted_ms" in timings:
        return (float(timings.get("prompt_ms", 0.0)) + float(timings["predicted_ms"])) / 1000.0
    return fallback  # other servers do not report: count the HTTP time, so overhead reads as 1.0


# ``read()`` has already decoded the body, so these would no longer describe it
_DECODED_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


class ResponseTooLarge(httpx.RemoteProtocolError):
    """The endpoint's answer grew past ``max_response_bytes``: cut off, never held whole in memory."""


def read_bounded(
    response: httpx.Response,
    max_bytes: int,
    started: float,
    seconds: float | None,
    request: httpx.Request,
) -> bytes:
    """The body of ``response``, refusing one larger than ``max_bytes`` or still arriving ``seconds`` after
    ``started`` (``time.monotonic()``).

    Why: httpx's timeout bounds each read, not the request, so a body trickled at 2 bytes a second
    passed a 3 s timeout after 148 s; and a 1.5 GB body was read whole (three copies: 5 GB of memory).
    An answer to one sentence is a few KB. The error is an httpx transport error (a timeout, or a broken
    answer), so the client retries it and the circuit breaker counts it, like any endpoint fault.
    """
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        response.close()
        raise ResponseTooLarge(f"the answer is {int(declared):,} bytes; the limit is {max_bytes:,}", request=request)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise ResponseTooLarge(f"the answer passed {max_bytes:,} bytes and was cut off", request=request)
            if seconds is not None and time.monotonic() - started > seconds:
                raise httpx.ReadTimeout(f"the answer took longer than {seconds:g} s in all", request=request)
            chunks.append(chunk)
    finally:
        response.close()
    return b"".join(chunks)


class CachingTransport(httpx.BaseTransport):
    """Serve ``POST …/chat/completions`` from ``cache`` when possible; forward and store otherwise."""

    def __init__(
        self,
        cache: ResponseCache,
        inner: httpx.BaseTransport | None = None,
        *,
        refresh: bool = False,
        max_response_bytes: int = 4 * 1024 * 1024,
        request_seconds: float | None = None,
    ) -> None:
        """``refresh``: never serve from the cache, only store into it (re-extraction asks the model again).

        ``max_response_bytes`` and ``request_seconds`` bound every answer, cached or not: a larger body, or
        one still arriving after that long, fails the request (see ``read_bounded``)."""
        self.cache = cache
        self.inner = inner or httpx.HTTPTransport()
        self.refresh = refresh
        self.max_response_bytes = max_response_bytes
        self.request_seconds = request_seconds
        self._held: contextvars.ContextVar[list[_Entry] | None] = contextvars.ContextVar("held", default=None)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "POST" or not request.url.path.endswith("/chat/completions"):
            return self._bounded(request, time.monotonic(), self.inner.handle_request(request))
        body = request.read()
        key = request_key(body)
        stats = _current_stats.get()
        cached = None if self.refresh else self.cache.get(key)
        if cached is not None:
            if stats is not None:
                stats.cache_hits += 1
            return httpx.Response(200, headers={"content-type": "application/json"}, content=cached, request=request)
        started = time.perf_counter()
        response = self._bounded(request, time.monotonic(), self.inner.handle_request(request))
        if response.status_code != 200:
            return response
        content = response.content
        elapsed = time.perf_counter() - started
        try:
            payload = json.loads(content)
        except ValueError:
            payload = None
        if isinstance(payload, dict):
            prompt, completion, cached_prompt = _usage(payload)
            if stats is not None:
                stats.model_calls += 1
                stats.prompt_tokens += prompt
                stats.completion_tokens += completion
                stats.cached_prompt_tokens += cached_prompt
                stats.server_seconds += _server_seconds(payload, elapsed)
                stats.generation_seconds += float((payload.get("timings") or {}).get("predicted_ms", 0.0)) / 1000.0
                stats.call_seconds += elapsed
            choices = payload.get("choices") or [{}]
            if choices[0].get("finish_reason") in {"stop", "tool_calls"}:
                model = payload.get("model")
                item = (key, model if isinstance(model, str) else None, content, prompt, completion)
                held = self._held.get()
                if held is None:
                    self.cache.put(*item)
                else:
                    held.append(item)
        elif stats is not None:
            stats.model_calls += 1
        return response

    def _bounded(self, request: httpx.Request, started: float, response: httpx.Response) -> httpx.Response:
        """``response`` read whole within the size and time bounds, as a response that holds its body."""
        content = read_bounded(response, self.max_response_bytes, started, self.request_seconds, request)
        headers = {k: v for k, v in response.headers.items() if k.lower() not in _DECODED_HEADERS}
        return httpx.Response(response.status_code, headers=headers, content=content, request=request)

    @contextmanager
    def held_back(self) -> Iterator[HeldResponses]:
        """Hold the responses received in this context (thread) until ``commit`` is called on them."""
        held = HeldResponses(self.cache)
        token = self._held.set(held.items)
        try:
            yield held
        finally:
            self._held.reset(token)

    def close(self) -> None:
        self.inner.close()
