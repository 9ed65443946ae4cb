"""The fleet client: each endpoint's concurrency is respected, a dead endpoint's questions go to the others.

Real loopback HTTP servers (``tests/fakeserver.py``), the real extractor (``pipeline.extract_articles``),
no Ray: what an extraction actor does with its ``FleetClient``.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fakeserver import Behaviour, FakeServer, closed_port_url, sentence_actor_responder

from reconcile.config import Settings
from reconcile.distributed.endpoints import ALL_DOWN, Endpoint, FleetClient
from reconcile.errors import ConfigError
from reconcile.ingest import article_from_text
from reconcile.llm.transport import MemoryCache
from reconcile.pipeline import ArticleOutcome, extract_articles
from reconcile.profile import load_profile

SETTINGS = Settings(base_url="http://unused/v1", model="fake", profile="expulsions", transport_retries=0,
                    max_consecutive_failures=1)  # fmt: skip
PROFILE = load_profile("expulsions")


class InFlight:
    """Counts requests a fake server is working on (from arrival to answer) and the most at once."""

    def __init__(self, delay: float) -> None:
        self.delay, self.now, self.peak, self.served = delay, 0, 0, 0
        self.lock = threading.Lock()
        self.inner = sentence_actor_responder()

    def choose(self, body: dict[str, Any]) -> Behaviour:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        return Behaviour("ok", delay=self.delay)

    def respond(self, body: dict[str, Any]) -> str:
        with self.lock:
            self.now -= 1
            self.served += 1
        return self.inner(body)


def _articles(n: int) -> list[Any]:
    return [article_from_text(f"France expelled {i + 3} Russian diplomats on Monday. Germany expelled {i + 40} "
                              f"diplomats. Poland expelled {i + 7} diplomats on Tuesday.", f"a{i}.txt")
            for i in range(n)]  # fmt: skip


def _extract(client: FleetClient, n: int) -> list[ArticleOutcome]:
    outcomes: list[ArticleOutcome] = []
    extract_articles(_articles(n), client, client.slots, outcomes.append, PROFILE)
    return outcomes


def test_each_endpoint_gets_at_most_its_concurrency_and_the_faster_one_more() -> None:
    one, three = InFlight(0.15), InFlight(0.15)
    with FakeServer(one.respond, choose=one.choose) as a, FakeServer(three.respond, choose=three.choose) as b:
        client = FleetClient(SETTINGS, [Endpoint(a.base_url, 1), Endpoint(b.base_url, 3)], MemoryCache())
        outcomes = _extract(client, 8)
        client.close()
    assert all(o.status == "done" and o.claims for o in outcomes)
    assert client.slots == 4
    assert one.peak == 1 and three.peak <= 3
    assert three.served > 2 * one.served > 0  # three slots take about three times the questions


def test_an_actor_takes_its_share_of_an_endpoints_concurrency() -> None:
    client = FleetClient(SETTINGS, [Endpoint("http://a/v1", 8), Endpoint("http://b/v1", 3)], MemoryCache(), share=2)
    assert client.slots == 4 + 2  # 8 / 2 actors, and 3 / 2 rounded up
    client.close()


def test_a_dead_endpoint_is_left_out_and_its_questions_go_to_the_others() -> None:
    alive = InFlight(0.0)
    with FakeServer(alive.respond, choose=alive.choose) as server:
        client = FleetClient(SETTINGS, [Endpoint(closed_port_url(), 2), Endpoint(server.base_url, 2)], MemoryCache())
        outcomes = _extract(client, 6)
        client.close()
    assert [o.status for o in outcomes] == ["done"] * 6, [o.error for o in outcomes]
    assert alive.served >= 18


def test_every_endpoint_down_fails_the_articles_with_one_reason() -> None:
    client = FleetClient(SETTINGS, [Endpoint(closed_port_url(), 1), Endpoint(closed_port_url(), 1)], MemoryCache())
    outcomes = _extract(client, 3)
    client.close()
    assert all(o.status == "failed" and (o.error or "").startswith(ALL_DOWN) for o in outcomes)


@pytest.mark.parametrize("text", ["gpu1:8000/v1", "http://gpu1:8000/v1#0", "http://gpu1:8000/v1#many"])
def test_a_bad_endpoint_is_a_configuration_error(text: str) -> None:
    with pytest.raises(ConfigError):
        Endpoint.parse(text, 4)


def test_an_endpoint_names_its_concurrency_after_a_hash() -> None:
    assert Endpoint.parse("http://gpu1:8000/v1#16", 4) == Endpoint("http://gpu1:8000/v1", 16)
    assert Endpoint.parse("https://api.example.com/v1?api-version=2024", 4).concurrency == 4
