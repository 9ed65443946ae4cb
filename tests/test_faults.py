"""Faults of the model endpoint, exercised against a real loopback HTTP server (``fakeserver``).

Nothing is patched: the openai client, the caching httpx transport, tenacity's transport retries and
instructor's re-asks all run for real, so these tests show what a batch run does when the server is
gone, slow, overloaded or answers nonsense — and what it leaves in the database afterwards.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from batch import rows, run, settings, write
from fakeserver import CLAIM, Behaviour, FakeServer, attribution_responder, closed_port_url, sentence_actor_responder

from reconcile.config import Settings
from reconcile.pipeline import Pipeline

ONE = "France expelled 35 Russian diplomats on Monday."
TWO_NUMBERS = "France expelled 35 Russian diplomats and 12 embassy staff on Monday."


def extractions(config: Settings) -> dict[str, tuple[str, str | None]]:
    """source name -> (status, error) of every extraction record."""
    found = rows(
        config,
        "SELECT a.source, e.status, e.error FROM extractions e JOIN articles a USING (article_id) ORDER BY a.source",
    )
    return {Path(source).name: (status, error) for source, status, error in found}


def assert_claims_sound(config: Settings) -> list[tuple[Any, ...]]:
    """Every stored claim slices its article at its number and is stored once per number span."""
    found = rows(
        config,
        'SELECT c.claim_id, c.number_text, c.start, c."end", a.text FROM claims c JOIN articles a USING (article_id)',
    )
    assert len({r[0] for r in found}) == len(found)
    assert len({(r[0].split(":")[0], r[2], r[3]) for r in found}) == len(found)
    for _, number_text, start, end, text in found:
        assert text[start:end] == number_text
    return found


def user_message(request: dict[str, Any]) -> str:
    return str(next(m["content"] for m in request["messages"] if m["role"] == "user"))


def message_text(request: dict[str, Any]) -> str:
    return "\n".join(str(m.get("content")) for m in request["messages"])


# -- the server cannot be reached -----------------------------------------------------------------
def test_unreachable_server_fails_articles_and_next_run_completes_them(tmp_path: Path) -> None:
    folder = write(tmp_path / "in", a=ONE, b="Germany expelled 40 Russian diplomats on Tuesday.")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    config = settings(closed_port_url(), tmp_path, transport_retries=1, max_consecutive_failures=10)  # test_stop.py

    first = run(config, folder)

    assert first.articles_failed == 3  # two articles and the empty file: the batch went on past each
    assert first.articles_new == 0
    reasons = dict(first.failures)
    assert "empty file" in reasons[str(folder / "empty.txt")]
    for name in ("a.txt", "b.txt"):
        assert "failed after 2 tries" in reasons[str(folder / name)]
        assert "APIConnectionError" in reasons[str(folder / name)]
    recorded = extractions(config)
    assert set(recorded) == {"a.txt", "b.txt"}
    assert all(status == "failed" and error and "APIConnectionError" in error for status, error in recorded.values())
    assert rows(config, "SELECT count(*) FROM claims") == [(0,)]
    assert rows(config, "SELECT status, articles_failed FROM runs") == [("finished", 3)]

    with FakeServer(sentence_actor_responder()) as server:
        second = run(replace(config, base_url=server.base_url), folder)
        assert len(server.requests) == 2  # one sentence each: the failed articles are retried, once
    assert (second.articles_new, second.articles_skipped, second.articles_failed) == (2, 0, 1)
    assert extractions(config) == {"a.txt": ("done", None), "b.txt": ("done", None)}
    assert len(assert_claims_sound(config)) == 2
    assert rows(config, "SELECT count(*) FROM extractions") == [(2,)]  # the failed records were replaced


# -- a slow server ----------------------------------------------------------------------------------
def test_timeout_is_retried_with_backoff_then_succeeds(tmp_path: Path) -> None:
    write(tmp_path / "in", a=ONE)
    with FakeServer(attribution_responder(CLAIM), script=[Behaviour("ok", delay=1.5)]) as server:
        config = settings(server.base_url, tmp_path, timeout_seconds=0.5)
        started = time.perf_counter()
        summary = run(config, tmp_path / "in")
        elapsed = time.perf_counter() - started
        assert len(server.requests) == 2
        assert server.requests[0] == server.requests[1]  # the same request again, not a re-ask
    assert elapsed >= 0.5 + 0.5  # the timeout, then tenacity's first pause
    assert (summary.articles_new, summary.articles_failed) == (1, 0)
    assert summary.stats.model_calls == 1
    assert extractions(config) == {"a.txt": ("done", None)}
    assert len(assert_claims_sound(config)) == 1


def test_server_that_stays_too_slow_fails_the_article(tmp_path: Path) -> None:
    write(tmp_path / "in", a=ONE)
    slow = [Behaviour("ok", delay=1.0) for _ in range(2)]
    with FakeServer(attribution_responder(CLAIM), script=slow) as server:
        config = settings(server.base_url, tmp_path, timeout_seconds=0.3, transport_retries=1)
        summary = run(config, tmp_path / "in")
        assert len(server.requests) == 2  # transport_retries=1: two tries in all
    assert summary.articles_failed == 1
    status, error = extractions(config)["a.txt"]
    assert status == "failed"
    assert error is not None and "failed after 2 tries" in error and "Timeout" in error
    assert rows(config, "SELECT count(*) FROM claims") == [(0,)]


# -- overload and server errors ---------------------------------------------------------------------
HICCUPS = {
    "429": [Behaviour("status", status=429)],
    "500": [Behaviour("status", status=500)],
    "429+500": [Behaviour("status", status=429), Behaviour("status", status=500)],
    "dropped connection": [Behaviour("close")],
    "proxy error page": [Behaviour("raw", status=502, content="<html><body>502 Bad Gateway</body></html>")],
}


@pytest.mark.parametrize("script", HICCUPS.values(), ids=HICCUPS.keys())
def test_rate_limit_and_server_errors_are_retried(tmp_path: Path, script: list[Behaviour]) -> None:
    write(tmp_path / "in", a=ONE)
    with FakeServer(attribution_responder(CLAIM), script=list(script)) as server:
        config = settings(server.base_url, tmp_path)
        summary = run(config, tmp_path / "in")
        assert len(server.requests) == len(script) + 1
    assert (summary.articles_new, summary.articles_failed) == (1, 0)
    assert summary.stats.model_calls == 1  # one answer was served; the refusals produced none
    assert summary.claims == 1
    assert rows(config, "SELECT status, model_calls, claims FROM extractions") == [("done", 1, 1)]
    assert rows(config, "SELECT model_calls, claims FROM runs") == [(1, 1)]
    assert len(assert_claims_sound(config)) == 1


def test_persistent_server_error_fails_only_that_article(tmp_path: Path) -> None:
    folder = write(tmp_path / "in", a=ONE, b="Germany expelled 40 Russian diplomats on Tuesday.")

    def choose(body: dict[str, Any]) -> Behaviour | None:  # a's sentence always gets a 500
        return Behaviour("status", status=500) if "France" in user_message(body) else None

    with FakeServer(sentence_actor_responder(), choose=choose) as server:
        config = settings(server.base_url, tmp_path)
        summary = run(config, folder)
        assert len(server.requests) == 3 + 1
    assert (summary.articles_new, summary.articles_failed) == (1, 1)
    status, error = extractions(config)["a.txt"]
    assert status == "failed" and error is not None and "InternalServerError" in error
    assert extractions(config)["b.txt"] == ("done", None)
    assert [r[1] for r in assert_claims_sound(config)] == ["40"]


# -- answers that fail validation -------------------------------------------------------------------
def test_invalid_json_is_reasked_with_the_error_and_fixed(tmp_path: Path) -> None:
    write(tmp_path / "in", a=ONE)
    with FakeServer(attribution_responder(CLAIM), script=[Behaviour("invalid_json")]) as server:
        config = settings(server.base_url, tmp_path)
        summary = run(config, tmp_path / "in")
        assert len(server.requests) == 2
        reask = server.requests[1]
    assert len(reask["messages"]) > 2
    assert "{this is not json" in message_text(reask)  # the bad answer goes back to the model ...
    assert "json" in message_text(reask).lower().split("{this is not json", 1)[1]  # ... with the error after it
    assert (summary.articles_new, summary.articles_failed, summary.claims) == (1, 0, 1)
    assert summary.retries == 1
    assert len(assert_claims_sound(config)) == 1


def test_invalid_json_every_time_fails_the_article_and_is_not_cached(tmp_path: Path) -> None:
    write(tmp_path / "in", a=ONE)
    with FakeServer(attribution_responder(CLAIM), script=[Behaviour("invalid_json")] * 2) as server:
        config = settings(server.base_url, tmp_path)
        first = run(config, tmp_path / "in")
        assert len(server.requests) == 2  # max_reasks=1: the ask and one re-ask
        assert first.articles_failed == 1
        status, error = extractions(config)["a.txt"]
        assert status == "failed" and error is not None and "invalid JSON" in error
        assert rows(config, "SELECT count(*) FROM claims") == [(0,)]
        assert rows(config, "SELECT count(*) FROM llm_cache") == [(0,)]

        second = run(config, tmp_path / "in")  # the server now answers well: the article is asked again
        assert len(server.requests) == 3
        assert server.requests[2] == server.requests[0]
    assert (second.articles_new, second.articles_failed, second.stats.cache_hits) == (1, 0, 0)
    assert extractions(config) == {"a.txt": ("done", None)}
    assert len(assert_claims_sound(config)) == 1


def test_missing_number_is_reasked_and_fixed(tmp_path: Path) -> None:
    write(tmp_path / "in", a=TWO_NUMBERS)
    only_n1 = json.dumps({"N1": CLAIM})
    staff = dict(CLAIM)
    with FakeServer(attribution_responder(staff), script=[Behaviour("ok", content=only_n1)]) as server:
        config = settings(server.base_url, tmp_path)
        summary = run(config, tmp_path / "in")
        assert len(server.requests) == 2
        reask = message_text(server.requests[1])
    assert "N2" in reask.split(only_n1, 1)[1]  # the error that follows the bad answer names the missing number
    assert (summary.articles_new, summary.claims, summary.dropped) == (1, 2, 0)
    assert {r[1] for r in assert_claims_sound(config)} == {"35", "12"}


def test_wrong_enum_is_reasked_then_fails_the_article_and_nothing_is_stored(tmp_path: Path) -> None:
    """An answer still off the schema after the re-ask fails its article (see also test_state.py)."""
    write(tmp_path / "in", a=ONE)
    bad = json.dumps({"N1": dict(CLAIM, who="P1", whom="P2", mod="rumoured")})  # [P1: France] [P2: Russian]
    with FakeServer(attribution_responder(CLAIM), script=[Behaviour("ok", content=bad)] * 2) as server:
        config = settings(server.base_url, tmp_path)
        summary = run(config, tmp_path / "in")
        assert len(server.requests) == 2
        assert "mod" in message_text(server.requests[1]).split(bad, 1)[1]
    assert (summary.articles_new, summary.articles_failed, summary.claims) == (0, 1, 0)
    status, error = extractions(config)["a.txt"]
    assert status == "failed" and error is not None and "N1.expelled.mod" in error
    assert rows(config, "SELECT count(*) FROM claims") == [(0,)]
    assert rows(config, "SELECT count(*) FROM llm_cache") == [(0,)]


def test_actor_not_in_text_is_reasked_with_the_reason(tmp_path: Path) -> None:
    """A party the text does not mark cannot be chosen: a name, or an id the request did not mark, is off the
    schema and re-asked with the ids there are (the grammar of a real server never lets it through at all)."""
    write(tmp_path / "in", a=ONE)
    invented = json.dumps({"N1": dict(CLAIM, who="P7", whom="P2")})
    with FakeServer(attribution_responder(CLAIM), script=[Behaviour("ok", content=invented)]) as server:
        config = settings(server.base_url, tmp_path, profile="expulsions")  # a profile that requires the actor
        summary = run(config, tmp_path / "in")
        assert len(server.requests) == 2
        assert "Input should be 'P1', 'P2' or 'none'" in message_text(server.requests[1]).split(invented, 1)[1]
    assert summary.claims == 1
    assert [r[1] for r in assert_claims_sound(config)] == ["35"]
    assert rows(config, "SELECT actor_text FROM claims") == [("France",)]


def test_cut_off_answer_is_reasked_and_fixed(tmp_path: Path) -> None:
    write(tmp_path / "in", a=ONE)
    with FakeServer(attribution_responder(CLAIM), script=[Behaviour("truncated")]) as server:
        config = settings(server.base_url, tmp_path)
        summary = run(config, tmp_path / "in")
        assert len(server.requests) == 2
        first, reask = server.requests
    assert reask["messages"][: len(first["messages"])] == first["messages"]
    cut, error = reask["messages"][len(first["messages"]) :]
    assert cut["role"] == "assistant" and cut["content"]  # the half answer goes back to the model ...
    assert attribution_responder(CLAIM)(first).startswith(cut["content"])
    assert error["role"] == "user" and "cut off" in error["content"]  # ... with what was wrong with it
    assert (summary.articles_new, summary.articles_failed, summary.claims) == (1, 0, 1)
    assert len(assert_claims_sound(config)) == 1


def test_cut_off_every_time_fails_the_article_and_is_not_cached(tmp_path: Path) -> None:
    write(tmp_path / "in", a=ONE)
    with FakeServer(attribution_responder(CLAIM), script=[Behaviour("truncated")] * 2) as server:
        config = settings(server.base_url, tmp_path)
        first = run(config, tmp_path / "in")
        assert len(server.requests) == 2
        assert first.articles_failed == 1
        status, error = extractions(config)["a.txt"]
        assert status == "failed" and error is not None and "cut off" in error
        assert rows(config, "SELECT count(*) FROM claims") == [(0,)]

        second = run(config, tmp_path / "in")
        assert len(server.requests) == 3
    assert (second.articles_new, second.stats.cache_hits) == (1, 0)
    assert len(assert_claims_sound(config)) == 1


def test_only_the_failed_question_of_a_failed_article_is_asked_again(tmp_path: Path) -> None:
    """An article fails when one of its sentences gets no usable answer; the next run asks that sentence
    again (its failed responses were not cached) and takes the others from the cache."""
    write(tmp_path / "in", a=f"{ONE} Paris said 20 more would leave.")
    with FakeServer(attribution_responder(CLAIM), script=[Behaviour("invalid_json")] * 2) as server:
        config = settings(server.base_url, tmp_path, concurrency=1)  # one at a time: the first sentence fails
        first = run(config, tmp_path / "in")
        assert len(server.requests) == 3
        assert first.articles_failed == 1
        assert rows(config, "SELECT count(*) FROM llm_cache") == [(1,)]  # the answered sentence only
        second = run(config, tmp_path / "in")
        assert len(server.requests) == 4
        assert server.requests[3] == server.requests[0]  # the failed sentence, asked again
    assert (second.articles_new, second.claims, second.stats.model_calls, second.stats.cache_hits) == (1, 2, 1, 1)
    assert len(assert_claims_sound(config)) == 2


# -- the response cache ------------------------------------------------------------------------------
def test_second_run_makes_no_requests_and_reports_cache_hits(tmp_path: Path) -> None:
    folder = write(tmp_path / "in", a=ONE, b=f"{TWO_NUMBERS} Paris said 20 more would leave.")
    with FakeServer(attribution_responder(CLAIM)) as server:
        config = settings(server.base_url, tmp_path)
        first = run(config, folder)
        asked = len(server.requests)
        assert asked == 3
        assert (first.stats.model_calls, first.stats.cache_hits) == (3, 0)

        again = run(config, folder)  # unchanged input: every article is already done
        assert len(server.requests) == asked
        assert (again.articles_new, again.articles_skipped, again.stats.model_calls) == (0, 2, 0)

        # the same input into a fresh database that holds the cache: extracted again, all from the cache
        from reconcile.store.cache import DuckDBCache

        fresh = replace(config, database=tmp_path / "fresh.duckdb")
        cached = rows(config, "SELECT request_hash, model, response FROM llm_cache")
        with Pipeline(fresh.database, fresh) as new:
            for key, model, body in cached:
                DuckDBCache(new.store).put(key, model, body.encode(), 0, 0)
        replay = run(fresh, folder)
        assert len(server.requests) == asked
    assert (replay.articles_new, replay.stats.model_calls, replay.stats.cache_hits) == (2, 0, 3)
    assert rows(fresh, "SELECT model_calls, cache_hits FROM runs") == [(0, 3)]
    same = "SELECT claim_id, number_text, actor, measure, target, unit FROM claims ORDER BY 1"
    assert rows(fresh, same) == rows(config, same)
