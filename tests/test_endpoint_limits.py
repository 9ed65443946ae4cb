"""What a run does when the endpoint refuses for good, answers without end, or is named with a query string.

Against the real loopback server (``fakeserver``) through the whole client stack, as ``test_faults``: a
revoked key (401), a quota used up (429 ``insufficient_quota``) or a 429 without Retry-After must stop the
run instead of failing every article one by one; an answer larger than ``max_response_bytes`` or slower
than ``timeout_seconds`` in all is cut off; a base URL's query string and credentials go where they belong.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from batch import rows, run, settings, write
from fakeserver import COUNTRIES, Behaviour, FakeServer, sentence_actor_responder

from reconcile.config import load_settings
from reconcile.errors import ConfigError


def articles(folder: Path, count: int) -> Path:
    return write(folder, **{f"a{i}": f"{COUNTRIES[i % 8]} expelled {10 + i} Russian diplomats." for i in range(count)})


@pytest.mark.parametrize(
    ("behaviour", "says"),
    [
        (Behaviour("status", status=401), "refused the API key"),
        (Behaviour("status", status=404), "no such model or path"),
        (
            Behaviour(
                "raw",
                status=429,
                content=json.dumps(
                    {"error": {"message": "You exceeded your current quota", "code": "insufficient_quota"}}
                ),
            ),
            "quota is used up",
        ),
    ],
)
def test_a_refusal_every_request_would_get_stops_the_run_at_once(
    tmp_path: Path, behaviour: Behaviour, says: str
) -> None:
    folder = articles(tmp_path / "in", 8)
    with FakeServer(sentence_actor_responder(), choose=lambda body: behaviour) as server:
        summary = run(settings(server.base_url, tmp_path, transport_retries=3), folder)
        asked = len(server.requests)
    assert summary.stopped is not None and says in summary.stopped, summary.failures
    assert asked <= 2  # the two requests in flight; the other six articles were never asked
    assert summary.articles_failed == 8 and summary.articles_new == 0
    assert rows(settings("http://x", tmp_path), "SELECT count(*) FROM extractions WHERE status = 'failed'") == [(8,)]


def test_429_without_retry_after_counts_towards_the_circuit_breaker(tmp_path: Path) -> None:
    folder = articles(tmp_path / "in", 8)
    refuse = Behaviour("status", status=429, headers={"retry-after": ""})
    with FakeServer(sentence_actor_responder(), choose=lambda body: refuse) as server:
        config = settings(server.base_url, tmp_path, transport_retries=3, max_consecutive_failures=4)
        summary = run(config, folder)
        asked = len(server.requests)
    assert summary.stopped is not None and "RateLimitError" in summary.stopped
    assert asked <= 6  # was 32: every sentence retried four times for the whole batch
    assert summary.articles_failed == 8


def test_an_answer_larger_than_the_limit_is_cut_off(tmp_path: Path) -> None:
    folder = articles(tmp_path / "in", 1)
    huge = Behaviour("huge", size=64 * 1024 * 1024)
    with FakeServer(sentence_actor_responder(), choose=lambda body: huge) as server:
        config = settings(server.base_url, tmp_path, transport_retries=0, max_response_bytes=1024 * 1024)
        summary = run(config, folder)
    assert summary.articles_failed == 1
    reason = summary.failures[0][1]
    assert "1,048,576 bytes" in reason, reason


def test_a_trickled_answer_fails_after_the_request_timeout_not_per_read(tmp_path: Path) -> None:
    folder = articles(tmp_path / "in", 1)
    trickle = Behaviour("trickle", delay=0.05)  # ~500 bytes at 40 bytes/s: 12 s, each read well within 1 s
    with FakeServer(sentence_actor_responder(), choose=lambda body: trickle) as server:
        config = settings(server.base_url, tmp_path, transport_retries=0, timeout_seconds=1.5)
        started = time.monotonic()
        summary = run(config, folder)
        elapsed = time.monotonic() - started
    assert summary.articles_failed == 1, summary.failures
    assert "longer than 1.5 s in all" in summary.failures[0][1]
    assert elapsed < 8


def test_a_query_string_in_base_url_goes_after_the_path_and_the_cache_still_works(tmp_path: Path) -> None:
    folder = articles(tmp_path / "in", 2)
    with FakeServer(sentence_actor_responder()) as server:
        config = settings(server.base_url + "?api-version=2024-06-01&api-key=s3cret", tmp_path)
        first = run(config, folder)
        again = run(config, folder)  # unchanged input: served from the cache
        paths = list(server.paths)
    assert first.articles_new == 2 and again.articles_skipped == 2
    assert paths == ["/v1/chat/completions?api-version=2024-06-01&api-key=s3cret"] * 2
    assert rows(config, "SELECT count(*) FROM llm_cache") == [(2,)]
    with FakeServer(sentence_actor_responder()) as server:  # a redo from the cache: no request at all
        moved = replace(config, base_url=server.base_url + "?api-version=2024-06-01&api-key=s3cret")
        from reconcile.pipeline import Pipeline

        with Pipeline(moved.database, replace(moved, model="fake")) as pipeline:
            pipeline.store.query("DELETE FROM extractions")
            assert pipeline.run([folder]).stats.cache_hits == 2
        assert server.requests == []
    stored = rows(config, "SELECT DISTINCT base_url FROM runs")
    assert all("s3cret" not in str(url) and "?" not in str(url) for (url,) in stored)


def test_credentials_in_base_url_are_basic_auth_and_never_replace_a_key(tmp_path: Path) -> None:
    folder = articles(tmp_path / "in", 1)
    with FakeServer(sentence_actor_responder()) as server:
        with_user = server.base_url.replace("http://", "http://reader:pa%3Ass@")
        run(settings(with_user, tmp_path), folder)
        keyed = replace(settings(server.base_url, tmp_path / "k"), api_key="sk-test")
        run(keyed, write(tmp_path / "k" / "in", b="Poland expelled 3 Russian diplomats."))
        auths = list(server.authorizations)
    assert auths[0] == "Basic " + base64.b64encode(b"reader:pa:ss").decode()
    assert auths[1] == "Bearer sk-test"
    with pytest.raises(ConfigError, match="only one of them"):
        load_settings(base_url=with_user, api_key="sk-test", model="m")


def test_the_run_summary_counts_transport_retries(tmp_path: Path) -> None:
    folder = articles(tmp_path / "in", 1)
    script = [Behaviour("status", status=500), Behaviour("status", status=503)]
    with FakeServer(sentence_actor_responder(), script=script) as server:
        summary = run(settings(server.base_url, tmp_path, transport_retries=3), folder)
        assert len(server.requests) == 3
    assert summary.articles_new == 1
    assert summary.retries == 2  # was 0: only re-asks of answers were counted
    assert rows(settings("http://x", tmp_path), "SELECT retries FROM runs") == [(2,)]
