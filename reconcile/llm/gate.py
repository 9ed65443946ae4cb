"""The gate every request of a run passes: cancellation, a circuit breaker and Retry-After, batch-wide.

Why batch-wide: the sentences of a batch share one endpoint, so what one request learns about it holds for
all of them. Without this, a dead endpoint cost every sentence its full backoff (40 articles against a
refused port: 37 s; against a silent one: about 40 minutes), a ``429 Retry-After`` paused only the request
that received it while the others kept hammering, and Ctrl-C let every queued request go out first.

* **circuit breaker**: after ``limit`` consecutive transport failures (connection refused or reset,
  timeout, HTTP 5xx) with no success in between, the endpoint is taken to be down: every request still
  waiting fails at once with one ``EndpointDown`` message, and the run records its articles as failed
  (retried by the next run). A 429 that says how long to wait (``Retry-After``) is not a failure of the
  endpoint and does not count; one that does not say counts, so an endpoint that keeps refusing is given
  up on instead of being retried for every sentence of the batch.
* **stop**: an answer that will be the same for every request — the key refused (401, 403), no such
  model or path (404), the account's quota used up (429 ``insufficient_quota``) — stops the run at once.
* **Retry-After**: a 429 that says how long to wait pauses every request of the run until then.
* **cancel**: requests not yet sent are not sent, and sleeping retries wake up and stop.
"""

from __future__ import annotations

import threading
import time

from reconcile.errors import EndpointDown


class Cancelled(Exception):
    """The run was cancelled (Ctrl-C): the request was not sent."""


class Gate:
    """Thread-safe state shared by the workers of one run; see the module docstring."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self._lock = threading.Lock()
        self._wake = threading.Event()  # set on cancel or trip: sleepers stop at once
        self._consecutive = 0
        self._pause_until = 0.0
        self._cancelled = False
        self._down: str | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    @property
    def down(self) -> str | None:
        """Why the endpoint is taken to be down, or ``None`` while it is not."""
        return self._down

    def enter(self) -> None:
        """Called before each request: wait out a pause, or raise ``Cancelled`` / ``EndpointDown``."""
        while True:
            self._check()
            with self._lock:
                remaining = self._pause_until - time.monotonic()
            if remaining <= 0:
                return
            self.sleep(remaining)

    def sleep(self, seconds: float) -> None:
        """Sleep (a retry's backoff, a pause), waking early to raise if the run is cancelled or stopped."""
        self._wake.wait(max(0.0, seconds))
        self._check()

    def succeeded(self) -> None:
        """The endpoint answered (whatever the answer was worth)."""
        with self._lock:
            self._consecutive = 0

    def failed(self, error: BaseException) -> None:
        """A transport failure; the ``limit``-th in a row trips the breaker."""
        with self._lock:
            self._consecutive += 1
            if self._consecutive >= self.limit and self._down is None:
                self._down = (
                    f"the model endpoint failed {self._consecutive} times in a row "
                    f"(last: {_describe(error)}); stopped asking it"
                )
                self._wake.set()

    def stop(self, reason: str) -> None:
        """Take the endpoint to be down at once: every later request would get the same refusal."""
        with self._lock:
            if self._down is None:
                self._down = f"{reason}; stopped asking it"
            self._wake.set()

    def pause(self, seconds: float) -> None:
        """Hold every request until ``seconds`` from now (a 429's Retry-After)."""
        with self._lock:
            self._pause_until = max(self._pause_until, time.monotonic() + seconds)

    def cancel(self) -> None:
        self._cancelled = True
        self._wake.set()

    def _check(self) -> None:
        if self._cancelled:
            raise Cancelled("the run was cancelled")
        if self._down is not None:
            raise EndpointDown(self._down)


def _describe(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    cause = error.__cause__
    return f"{text} ({str(cause)[:200]})" if cause is not None and str(cause) and str(cause) not in text else text
