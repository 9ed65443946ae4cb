"""A fleet of OpenAI-compatible endpoints behind one model client, each with its own concurrency.

Why one client over many endpoints rather than one actor per endpoint: the number of extraction actors is
set by the machines (processes, memory), the number of requests in flight by the endpoints (a llama-server
replica takes its slots, vLLM or a hosted API many more). Each actor holds a ``FleetClient`` with a
``ModelClient`` per endpoint — same prompts, same instructor re-asks, same caching transport, same circuit
breaker per endpoint — and sends each question to the endpoint with the most free slots. An endpoint whose
breaker trips (``llm.gate``) is left out and its questions go to the others; only when every endpoint is
down does the article fail, to be retried by the next run.

An endpoint's concurrency is for the whole run: each of ``share`` actors takes its part (rounded up).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reconcile.config import Settings
from reconcile.errors import ConfigError, EndpointDown
from reconcile.llm.client import Asked, Model, ModelClient
from reconcile.llm.gate import Cancelled, Gate
from reconcile.llm.transport import ResponseCache

ALL_DOWN = "every model endpoint is down"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """An OpenAI-compatible base URL and the requests it takes at once (for the whole run)."""

    url: str
    concurrency: int

    @classmethod
    def parse(cls, text: str, default_concurrency: int) -> Endpoint:
        """``http://gpu1:8000/v1#8``: the URL, and after ``#`` its concurrency (a fragment is never sent
        in an HTTP request, so it cannot be part of an API address)."""
        url, sep, slots = text.strip().partition("#")
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"endpoint {text!r}: expected an http(s) URL such as http://host:8000/v1#8")
        if not sep:
            return cls(url, max(1, default_concurrency))
        if not slots.isdigit() or int(slots) < 1:
            raise ConfigError(f"endpoint {text!r}: the concurrency after '#' must be a whole number of at least 1")
        return cls(url, int(slots))


@dataclass(slots=True)
class _Member:
    endpoint: Endpoint
    client: ModelClient
    slots: int
    busy: int = 0


class FleetClient(ModelClient):
    """``ModelClient``'s interface over several endpoints (see the module docstring)."""

    def __init__(self, settings: Settings, endpoints: Sequence[Endpoint], cache: ResponseCache, *, share: int = 1):
        # Not ModelClient.__init__: the fleet talks to no endpoint itself; its members do.
        if not endpoints:
            raise ConfigError("no model endpoint given")
        self.settings = settings
        self.gate = Gate(settings.resolved_failure_limit())  # the run's own: cancellation (extract_articles)
        self._members = [
            _Member(e, ModelClient(settings, e.url, cache), max(1, -(-e.concurrency // max(1, share))))
            for e in endpoints
        ]
        self._changed = threading.Condition()

    @property
    def slots(self) -> int:
        """Requests this client keeps in flight at most: its share of every endpoint's concurrency."""
        return sum(member.slots for member in self._members)

    def ask(self, messages: list[dict[str, str]], response_model: type[Model], context: dict[str, Any]) -> Asked[Model]:
        gave_up: set[int] = set()
        while True:
            index = self._take(gave_up)
            member = self._members[index]
            try:
                return member.client.ask(messages, response_model, context)
            except EndpointDown:
                gave_up.add(index)  # its breaker tripped: the question goes to another endpoint
            finally:
                with self._changed:
                    member.busy -= 1
                    self._changed.notify_all()

    def _take(self, gave_up: set[int]) -> int:
        """A free slot on the endpoint with the most free slots; waits while all are busy."""
        with self._changed:
            while True:
                if self.gate.cancelled:
                    raise Cancelled()
                up = [i for i, m in enumerate(self._members) if i not in gave_up and m.client.gate.down is None]
                if not up:
                    reasons = "; ".join(f"{m.endpoint.url}: {m.client.gate.down or 'failed'}" for m in self._members)
                    raise EndpointDown(f"{ALL_DOWN} ({reasons})")
                best = max(up, key=lambda i: (self._members[i].slots - self._members[i].busy, -i))
                if self._members[best].busy < self._members[best].slots:
                    self._members[best].busy += 1
                    return best
                self._changed.wait(0.5)

    def close(self) -> None:
        for member in self._members:
            member.client.gate.cancel()
            member.client.close()
