"""``reconcile serve`` driven over HTTP: a real uvicorn process, a temporary DuckDB file, and the local fake
OpenAI-compatible server (``fakeserver``) for the model. Nothing is called in-process: what is tested is what
a client on another machine would see.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fakeserver import COUNTRIES, Behaviour, FakeServer, closed_port_url, sentence_actor_responder
from service_process import ServiceProcess, running_service, serve_command, service_env, wait_for_job

from reconcile.llm.embedded import free_port

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
PROBLEM = "application/problem+json"


def seed(index: int, **metadata: Any) -> dict[str, Any]:
    path = SEEDS[index]
    return {"text": path.read_text(encoding="utf-8"), "source": path.name, **metadata}


@pytest.fixture(scope="module")
def model() -> Iterator[FakeServer]:
    with FakeServer(sentence_actor_responder()) as server:
        yield server


@pytest.fixture(scope="module")
def service(model: FakeServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    database = tmp_path_factory.mktemp("service") / "served.duckdb"
    with running_service(database, model.base_url, "--max-extract-bytes", "2048") as running:
        yield running


@pytest.fixture(scope="module")
def submitted(service: ServiceProcess) -> dict[str, Any]:
    """Two seeds submitted as one batch with an Idempotency-Key, polled to the end."""
    with service.client() as client:
        body = {"articles": [seed(0, outlet="Wire A"), seed(1, published="2024-04-05")]}
        response = client.post("/v1/articles", json=body, headers={"Idempotency-Key": "batch-1"})
        assert response.status_code == 202, response.text
        location = response.headers["location"]
        assert location == f"/v1/jobs/{response.json()['job_id']}"
        job = wait_for_job(client, location)
    return {"body": body, "location": location, "job": job}


def test_a_submission_runs_as_a_job_and_its_events_carry_quotes(
    service: ServiceProcess, submitted: dict[str, Any]
) -> None:
    job = submitted["job"]
    assert job["state"] == "succeeded", job
    assert job["progress"] == {"total": 2, "processed": 2, "fraction": 1.0}
    assert job["counts"]["new"] == 2 and job["counts"]["claims"] > 0 and job["model"]["calls"] > 0
    with service.client() as client:
        events = client.get("/v1/events", params={"limit": 500}).json()["items"]
        assert events
        texts = {a: client.get(f"/v1/articles/{a}").json()["text"] for a in job["article_ids"]}
        for event in events:
            for value in event["values"]:
                text = texts[value["article_id"]]
                assert text[value["start"] : value["end"]] == value["number_text"]
                assert text[value["sentence_start"] : value["sentence_end"]] == value["quote"]
        one = client.get(f"/v1/events/{events[0]['event_id']}").json()
        assert one == events[0]
        article = client.get(f"/v1/articles/{job['article_ids'][0]}").json()
        assert article["outlet"] == "Wire A" and article["claims"]
        assert all(c["article_id"] == article["article_id"] for c in article["claims"])


def test_listings_filter_and_page_with_a_cursor(service: ServiceProcess, submitted: dict[str, Any]) -> None:
    with service.client() as client:
        everything = client.get("/v1/claims", params={"limit": 500}).json()
        assert everything["next_cursor"] is None
        ids = [c["claim_id"] for c in everything["items"]]
        assert len(ids) >= 4 and ids == sorted(ids)
        paged: list[str] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 3, **({"cursor": cursor} if cursor else {})}
            page = client.get("/v1/claims", params=params).json()
            paged += [c["claim_id"] for c in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert paged == ids
        actor = next(c["actor"] for c in everything["items"] if c["actor"] and not c["actor_members"])
        by_actor = client.get("/v1/claims", params={"actor": actor, "limit": 500}).json()["items"]
        members = {c["claim_id"]: (c["actor"], *(c["actor_members"] or "").split(",")) for c in everything["items"]}
        assert by_actor == [c for c in everything["items"] if actor in members[c["claim_id"]]]
        assert client.get("/v1/claims", params={"actor": "Kiribati"}).json()["items"] == []
        events = client.get("/v1/events", params={"party": actor, "limit": 500}).json()["items"]
        assert events and all(actor in (e["actor"], e["target"], *(e["actor_members"] or [])) for e in events)
        assert client.get("/v1/events", params={"measure": "no-such-measure"}).json()["items"] == []
        assert client.get("/v1/events", params={"date_from": "1900-01-01", "date_to": "1900-12-31"}).json() == {
            "items": [], "next_cursor": None}  # fmt: skip
        conflicts = client.get("/v1/conflicts").json()
        assert set(conflicts) == {"items", "next_cursor"}


def test_a_retried_submission_is_the_same_job_and_known_articles_are_not_extracted_again(
    service: ServiceProcess, submitted: dict[str, Any], model: FakeServer
) -> None:
    with service.client() as client:
        again = client.post("/v1/articles", json=submitted["body"], headers={"Idempotency-Key": "batch-1"})
        assert again.status_code == 202 and again.headers["location"] == submitted["location"]
        other = client.post("/v1/articles", json={"articles": [seed(2)]}, headers={"Idempotency-Key": "batch-1"})
        assert other.status_code == 422 and other.headers["content-type"] == PROBLEM
        assert "Idempotency-Key" in other.json()["detail"]
        calls = len(model.requests)
        fresh = client.post("/v1/articles", json=seed(0, outlet="Wire A"))  # one article, no key: a new job
        assert fresh.status_code == 202 and fresh.headers["location"] != submitted["location"]
        job = wait_for_job(client, fresh.headers["location"])
    assert job["state"] == "succeeded" and job["counts"] == {"new": 0, "skipped": 1, "failed": 0, "claims": 0}
    assert len(model.requests) == calls  # the same article is never sent to the model twice


def test_bad_input_gets_a_problem_and_stores_nothing(service: ServiceProcess, submitted: dict[str, Any]) -> None:
    with service.client() as client:
        before = client.get("/v1/claims", params={"limit": 500}).json()["items"]
        checks = [
            (client.post("/v1/articles", content=b"{}" + b" " * (17 * 1024 * 1024),
                         headers={"content-type": "application/json"}), 413, "too-large"),
            (client.post("/v1/extract", json={"text": "x" * 4000}), 413, "too-large"),
            (client.post("/v1/articles", content=b"text=hello", headers={"content-type": "text/plain"}), 415,
             "unsupported-media-type"),
            (client.post("/v1/articles", content=b'{"text": "caf\xe9 40"}',
                         headers={"content-type": "application/json"}), 400, "invalid-utf8"),
            (client.post("/v1/articles", content=b'{"text": ', headers={"content-type": "application/json"}), 422,
             "invalid-request"),
            (client.post("/v1/articles", json={"articles": [{"txt": "France expelled 4 diplomats."}]}), 422,
             "invalid-request"),
            (client.post("/v1/articles", json={"articles": [{"text": "France expelled 4."}], "profile": "nope"}),
             422, "unknown-profile"),
            (client.post("/v1/articles", json={"articles": [{"text": "   "}]}), 422, "unusable-article"),
            (client.post("/v1/articles", json={"articles": []}), 422, "invalid-request"),
            (client.get("/v1/claims", params={"cursor": "not-a-cursor"}), 400, "invalid-cursor"),
            (client.get("/v1/claims", params={"limit": 0}), 422, "invalid-request"),
            (client.get("/v1/jobs/0123abcd"), 404, "not-found"),
            (client.get("/v1/events/nope"), 404, "not-found"),
            (client.get("/v1/articles/nope"), 404, "not-found"),
        ]  # fmt: skip
        for response, status, kind in checks:
            assert response.status_code == status, (response.request.url, response.text)
            assert response.headers["content-type"] == PROBLEM, response.text
            problem = response.json()
            assert problem["status"] == status and problem["type"].endswith("/" + kind), problem
            assert problem["detail"]
        unknown = checks[5][0].json()
        assert any(e["loc"][-1] == "txt" and e["type"] == "extra_forbidden" for e in unknown["errors"]), unknown
        assert client.get("/v1/claims", params={"limit": 500}).json()["items"] == before
        assert client.get("/healthz").status_code == 200  # the server is still up


def test_extract_answers_claims_at_once(service: ServiceProcess) -> None:
    with service.client() as client:
        response = client.post("/v1/extract", json={"text": "Poland expelled 12 Russian diplomats on Friday."})
    assert response.status_code == 200, response.text
    (claim,) = response.json()["claims"]
    assert (claim["actor"], claim["number_text"], claim["value"]) == ("POL", "12", 12.0)


def test_readiness_metrics_and_the_spec(service: ServiceProcess, submitted: dict[str, Any]) -> None:
    with service.client() as client:
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["ready"], ready.text
        text = client.get("/metrics").text
        spec = client.get("/openapi.json").json()
    assert 'reconcile_jobs_finished_total{state="succeeded"}' in text
    assert 'reconcile_http_requests_total{method="POST",route="/v1/articles",status="202"}' in text
    calls = next(line for line in text.splitlines() if line.startswith("reconcile_model_calls_total"))
    assert float(calls.split()[-1]) >= submitted["job"]["model"]["calls"] > 0
    assert "reconcile_model_tokens_total" in text and "reconcile_http_request_seconds_bucket" in text
    for path in (
        "/v1/articles",
        "/v1/jobs/{job_id}",
        "/v1/extract",
        "/v1/events",
        "/v1/events/{event_id}",
        "/v1/claims",
        "/v1/conflicts",
        "/v1/articles/{article_id}",
        "/healthz",
        "/readyz",
        "/metrics",
    ):
        assert path in spec["paths"], path  # fmt: skip


def test_a_second_server_on_the_same_file_is_refused(service: ServiceProcess, model: FakeServer) -> None:
    database = Path(service.process.args[service.process.args.index("--db") + 1])  # type: ignore[index]
    second = subprocess.run(serve_command(database, model.base_url, free_port()), capture_output=True, text=True,
                            timeout=60, env=service_env(), cwd=database.parent)  # fmt: skip
    assert second.returncode == 3, second.stderr
    assert "in use by another reconcile process" in second.stderr and "Traceback" not in second.stderr


def test_a_token_guards_the_api_and_readiness_reports_a_dead_endpoint(tmp_path: Path) -> None:
    env = service_env(RECONCILE_API_TOKEN="s3cret-token")
    with running_service(tmp_path / "guarded.duckdb", closed_port_url(), env=env) as guarded:
        with guarded.client() as anonymous:
            refused = anonymous.get("/v1/events")
            assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Bearer")
            assert refused.headers["content-type"] == PROBLEM
            assert anonymous.get("/metrics").status_code == 401
            assert anonymous.get("/healthz").status_code == 200
            not_ready = anonymous.get("/readyz")
            assert not_ready.status_code == 503 and not not_ready.json()["model_reachable"]
        with guarded.client(token="wrong") as wrong:
            assert wrong.get("/v1/events").status_code == 401
        with guarded.client(token="s3cret-token") as client:
            assert client.get("/v1/events").json() == {"items": [], "next_cursor": None}


def test_a_server_killed_mid_job_resumes_it_after_a_restart_and_loses_nothing(tmp_path: Path) -> None:
    database = tmp_path / "killed.duckdb"
    articles = [
        {"text": f"{country} expelled {10 + i} diplomats on Monday. A week later {country} ordered {20 + i} more"
                 " embassy staff to leave.", "source": f"wire/{i}.txt"}
        for i, country in enumerate(COUNTRIES)
    ]  # fmt: skip
    slow = Behaviour("ok", delay=0.4)
    with FakeServer(sentence_actor_responder(), choose=lambda body: slow) as model:
        with running_service(database, model.base_url) as first, first.client() as client:
            location = client.post("/v1/articles", json={"articles": articles}).headers["location"]
            deadline = time.monotonic() + 60
            while (job := client.get(location).json())["progress"]["processed"] < 1:
                assert time.monotonic() < deadline and job["state"] != "failed", job
                time.sleep(0.05)
            assert job["state"] == "running"
            os.kill(first.process.pid, signal.SIGKILL)
            first.process.wait()
        stored = dict(_rows(database, "SELECT article_id, count(*) FROM claims GROUP BY 1"))
        assert stored and len(stored) < len(articles)  # killed mid-job: some articles stored, not all
        calls_before = len(model.requests)
        with running_service(database, model.base_url) as second, second.client() as client:
            job = wait_for_job(client, location, seconds=120)
            assert job["state"] == "succeeded" and job["attempts"] == 2, job
            assert job["counts"]["skipped"] >= len(stored)
    assert len(model.requests) > calls_before
    done = _rows(database, "SELECT article_id, count(*) FROM extractions WHERE status = 'done' GROUP BY 1")
    assert len(done) == len(articles) and all(n == 1 for _, n in done)
    assert _rows(database, "SELECT count(*), count(DISTINCT article_id) FROM articles") == [(8, 8)]
    after = dict(_rows(database, "SELECT article_id, count(*) FROM claims GROUP BY 1"))
    assert all(after[a] == n for a, n in stored.items())  # what was stored before the kill is still there


def _rows(database: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()
