"""What "done" means: an article is done for an extractor when the claims stored for it came from that extractor.

Against the loopback ``FakeServer``: answers that do not match the schema fail the article (never cached, so a
later run asks again); switching models back and forth never leaves one model's claims under another's
"done"; ``redo`` asks the model again for chosen articles.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from batch import rows, run, settings, write
from fakeserver import CLAIM, Behaviour, FakeServer, attribution_responder, sentence_actor_responder

from reconcile.pipeline import Pipeline

ONE = "France expelled 35 Russian diplomats on Monday."
TWO = "Germany expelled 40 Russian diplomats on Tuesday."

# Valid JSON, but not the answer schema: a different shape, a wrong type, a value outside an enum.
OFF_SCHEMA = {
    "other shape": json.dumps({"claims": [{"number": "35", "actor": "France"}]}),
    "wrong type": json.dumps({"N1": {"claim": "perhaps"}}),
    "unknown modality": json.dumps({"N1": dict(CLAIM, mod="rumoured")}),
}


@pytest.mark.parametrize("answer", OFF_SCHEMA.values(), ids=OFF_SCHEMA.keys())
def test_answers_off_the_schema_fail_the_article_and_are_not_cached(tmp_path: Path, answer: str) -> None:
    write(tmp_path / "in", a=ONE)
    config = settings("", tmp_path)
    with FakeServer(attribution_responder(CLAIM), choose=lambda body: Behaviour("ok", content=answer)) as server:
        first = run(replace(config, base_url=server.base_url), tmp_path / "in")
        assert len(server.requests) == 2  # the ask and its re-ask (max_reasks=1)
    assert (first.articles_new, first.articles_failed) == (0, 1)
    [(status, error)] = rows(config, "SELECT status, error FROM extractions")
    assert status == "failed" and error is not None and "does not match the answer schema" in error
    assert rows(config, "SELECT count(*) FROM llm_cache") == [(0,)]  # nothing to replay
    assert rows(config, "SELECT count(*) FROM claims") == [(0,)]

    with FakeServer(attribution_responder(CLAIM)) as healthy:  # a later run with a good model extracts it
        second = run(replace(config, base_url=healthy.base_url), tmp_path / "in")
        assert len(healthy.requests) == 1
    assert (second.articles_new, second.articles_failed, second.claims) == (1, 0, 1)
    assert rows(config, "SELECT status FROM extractions") == [("done",)]


def test_a_partial_answer_off_the_schema_fails_the_article(tmp_path: Path) -> None:
    """One number answered, the other missing after the re-ask: no article is stored with holes."""
    write(tmp_path / "in", a="France expelled 35 Russian diplomats and 12 embassy staff on Monday.")
    only_n1 = json.dumps({"N1": CLAIM})
    with FakeServer(attribution_responder(CLAIM), script=[Behaviour("ok", content=only_n1)] * 2) as server:
        config = settings(server.base_url, tmp_path)
        first = run(config, tmp_path / "in")
        assert first.articles_failed == 1
        assert rows(config, "SELECT count(*) FROM llm_cache") == [(0,)]
        second = run(config, tmp_path / "in")  # the server now answers both numbers
        assert len(server.requests) == 3
    assert (second.articles_new, second.claims) == (1, 2)


def claims_by_model(config: Any) -> list[tuple[Any, ...]]:
    return rows(config, "SELECT number_text, actor_text, extractor_version FROM claims ORDER BY start")


def test_switching_models_a_b_a_stores_the_claims_of_the_model_that_is_done(tmp_path: Path) -> None:
    """A, then B, then A again: the third run must not skip the article while B's claims are stored."""
    write(tmp_path / "in", a=ONE)
    with FakeServer(sentence_actor_responder()) as claims_server, FakeServer(attribution_responder()) as no_claims:
        model_a = settings(claims_server.base_url, tmp_path, model="model-a")
        model_b = settings(no_claims.base_url, tmp_path, model="model-b")

        first = run(model_a, tmp_path / "in")
        assert (first.articles_new, first.claims) == (1, 1)
        assert [c[:2] for c in claims_by_model(model_a)] == [("35", "France")]

        second = run(model_b, tmp_path / "in")  # model B finds no claim in it
        assert (second.articles_new, second.claims) == (1, 0)
        assert claims_by_model(model_b) == []

        third = run(model_a, tmp_path / "in")  # back to A: A's claims again, from the cache (no model call)
        assert (third.articles_new, third.articles_skipped, third.claims) == (1, 0, 1)
        assert (third.stats.model_calls, third.stats.cache_hits) == (0, 1)
        assert len(claims_server.requests) == 1
    [(number, actor, version)] = claims_by_model(model_a)
    assert (number, actor) == ("35", "France") and version.startswith("model-a|")
    states = dict(rows(model_a, "SELECT split_part(extractor_version, '|', 1), status FROM extractions"))
    assert states == {"model-a": "done", "model-b": "superseded"}

    fourth = run(model_a, tmp_path / "in")  # and now A is done: skipped
    assert (fourth.articles_new, fourth.articles_skipped) == (0, 1)


def test_a_failed_run_under_another_model_keeps_the_done_article(tmp_path: Path) -> None:
    write(tmp_path / "in", a=ONE)
    with FakeServer(sentence_actor_responder()) as server:
        model_a = settings(server.base_url, tmp_path, model="model-a")
        run(model_a, tmp_path / "in")
        failing = replace(model_a, model="model-b", base_url="http://127.0.0.1:9/v1", transport_retries=0)
        assert run(failing, tmp_path / "in").articles_failed == 1
        again = run(model_a, tmp_path / "in")  # A's claims are still the stored ones: nothing to do
        assert (again.articles_new, again.articles_skipped) == (0, 1)
        assert len(server.requests) == 1
    assert [c[:2] for c in claims_by_model(model_a)] == [("35", "France")]


def test_old_databases_keep_only_the_latest_done_extraction(tmp_path: Path) -> None:
    """A database written before "superseded" existed can hold two done records for one article."""
    write(tmp_path / "in", a=ONE)
    with FakeServer(sentence_actor_responder()) as server:
        model_a = settings(server.base_url, tmp_path, model="model-a")
        run(model_a, tmp_path / "in")
        run(replace(model_a, model="model-b"), tmp_path / "in")
        import duckdb

        with duckdb.connect(str(model_a.database)) as con:  # what the old code left behind
            con.execute("UPDATE extractions SET status = 'done'")
        again = run(model_a, tmp_path / "in")  # B's claims are stored: A must extract again
    assert (again.articles_new, again.articles_skipped) == (1, 0)
    assert rows(model_a, "SELECT count(*) FROM extractions WHERE status = 'done'") == [(1,)]


def test_redo_asks_the_model_again_for_chosen_or_all_articles(tmp_path: Path) -> None:
    folder = write(tmp_path / "in", a=ONE, b=TWO)
    with FakeServer(sentence_actor_responder()) as server:
        config = settings(server.base_url, tmp_path)
        run(config, folder)
        assert len(server.requests) == 2
        [(a_id,)] = rows(config, "SELECT article_id FROM articles WHERE source LIKE '%a.txt'")

        with Pipeline(config.database, config) as pipeline:
            chosen = pipeline.redo([a_id[:8]])
        assert (chosen.articles_new, chosen.articles_skipped) == (1, 0)
        assert len(server.requests) == 3  # asked again, not replayed from the cache
        assert chosen.stats.cache_hits == 0

        with Pipeline(config.database, config) as pipeline:
            everything = pipeline.redo()
        assert everything.articles_new == 2 and len(server.requests) == 5

        with Pipeline(config.database, config) as pipeline:
            in_paths = pipeline.redo(paths=[folder / "b.txt"])
        assert in_paths.articles_new == 1 and len(server.requests) == 6

        with Pipeline(config.database, config) as pipeline, pytest.raises(LookupError, match="no stored article"):
            pipeline.redo(["ffffffffff"])
    assert rows(config, "SELECT count(*) FROM claims") == [(2,)]
    assert rows(config, "SELECT count(*) FROM extractions WHERE status = 'done'") == [(2,)]


def test_cli_redo_takes_stored_id_prefixes(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    folder = write(tmp_path / "in", a=ONE, b=TWO)
    root = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RECONCILE_"))}
    env["PYTHONPATH"] = str(root)

    def reconcile(*args: object) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "reconcile.cli", *map(str, args), "--db", tmp_path / "r.duckdb"]
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)

    with FakeServer(sentence_actor_responder()) as server:
        endpoint = ("--base-url", server.base_url, "--model", "fake")
        assert reconcile("run", folder, *endpoint).returncode == 0
        [(a_id,)] = rows(settings("", tmp_path), "SELECT article_id FROM articles WHERE source LIKE '%a.txt'")
        again = reconcile("run", "--redo", a_id[:10], *endpoint)
        assert again.returncode == 0, again.stderr
        assert "1 / 0 / 0" in again.stdout and len(server.requests) == 3  # a asked again; b untouched
        unknown = reconcile("run", "--redo", "0123456789", *endpoint)
        nothing = reconcile("run", *endpoint)
    assert unknown.returncode == 2 and "no stored article id starts with '0123456789'" in unknown.stderr
    assert nothing.returncode == 2 and "--redo" in nothing.stderr
    assert "Traceback" not in unknown.stderr + nothing.stderr
