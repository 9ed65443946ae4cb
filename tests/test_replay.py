"""The whole pipeline on the five seeds, replaying responses recorded from the real embedded model.

``tests/fixtures/seed_responses.jsonl`` is the model-response cache of a real run
(``python scripts/record_fixtures.py``). Loaded into a fresh database, it answers every request the
pipeline makes; the endpoint is a closed port, so a request that is not in the recording fails the
test instead of silently reaching a model. Everything else — numbers, prompts, validation, grounding,
storage, reconciliation — runs for real.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.config import EMBEDDED_MODEL_NAME, Settings
from reconcile.evaluation.harness import evaluate_store
from reconcile.llm.embedded import free_port
from reconcile.pipeline import Pipeline, RunSummary
from reconcile.store.cache import import_cache

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "seed_responses.jsonl"


def replay_settings(database: Path) -> Settings:
    """Settings whose requests are byte-identical to the embedded run's, aimed at a closed port."""
    return Settings(base_url=f"http://127.0.0.1:{free_port()}/v1", model=EMBEDDED_MODEL_NAME, database=database,
                    transport_retries=0)  # fmt: skip


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Pipeline, RunSummary]:
    database = tmp_path_factory.mktemp("replay") / "seeds.duckdb"
    pipeline = Pipeline(database, replay_settings(database))
    import_cache(pipeline.store, FIXTURE)
    summary = pipeline.run([ROOT / "seeds"])
    yield pipeline, summary
    pipeline.close()


def test_every_request_is_in_the_recording(replayed: tuple[Pipeline, RunSummary]) -> None:
    _, summary = replayed
    assert summary.articles_failed == 0, summary.failures
    assert summary.articles_new == 5
    assert summary.stats.model_calls == 0
    assert summary.stats.cache_hits >= 25


def test_every_stored_value_slices_to_its_number_and_quote(replayed: tuple[Pipeline, RunSummary]) -> None:
    pipeline, _ = replayed
    texts = dict(pipeline.store.query("SELECT article_id, text FROM articles"))
    claims = pipeline.claims()
    assert len(claims) >= 30
    for claim in claims:
        text = texts[claim.article_id]
        assert text[claim.start : claim.end] == claim.number_text
        assert text[claim.sentence_start : claim.sentence_end] == claim.quote
        assert claim.sentence_start <= claim.start < claim.end <= claim.sentence_end


def test_direction_is_kept(replayed: tuple[Pipeline, RunSummary]) -> None:
    """France expelling 35 Russians and Russia expelling 34 French are different claims."""
    pipeline, _ = replayed
    keys = {(c.actor, c.target, c.number_text) for c in pipeline.claims()}
    assert ("FRA", "RUS", "35") in keys
    assert ("RUS", "FRA", "34") in keys
    assert ("FRA", "RUS", "34") not in keys


def test_extraction_quality_does_not_regress(replayed: tuple[Pipeline, RunSummary]) -> None:
    """The recorded run's score against the gold labels; a code change that lowers it fails here."""
    pipeline, _ = replayed
    card, cost = evaluate_store(pipeline.store, ROOT / "eval" / "gold")
    assert card.extraction.claims.f1 >= 0.70, card.to_markdown()
    assert card.extraction.grounding["span_exact"].accuracy >= 0.95
    assert cost.articles == 5 and cost.model_calls == 0
