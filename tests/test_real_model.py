"""End to end through the real embedded model: llama-server, instructor, validation, grounding, DuckDB.

One seed article (5 model requests, about a minute on 2 cores). This is the test that proves the
replayed fixtures still describe what the real model does; it runs in CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.config import Settings
from reconcile.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.real_model


def test_one_seed_through_the_embedded_model(tmp_path: Path) -> None:
    database = tmp_path / "real.duckdb"
    settings = Settings(database=database)  # no endpoint configured: the embedded model
    assert settings.embedded
    with Pipeline(database, settings) as pipeline:
        summary = pipeline.run([ROOT / "seeds" / "001_500971cca791b0ce.txt"])
        assert summary.articles_failed == 0, summary.failures
        assert summary.stats.model_calls >= 3
        assert summary.stats.completion_tokens > 0
        claims = pipeline.claims()
        text = pipeline.store.query("SELECT text FROM articles")[0][0]
        for claim in claims:
            assert text[claim.start : claim.end] == claim.number_text
            assert text[claim.sentence_start : claim.sentence_end] == claim.quote
        assert ("FRA", "RUS", 35.0) in {(c.actor, c.target, c.value) for c in claims}
        assert ("DEU", "RUS", 40.0) in {(c.actor, c.target, c.value) for c in claims}

        again = pipeline.run([ROOT / "seeds" / "001_500971cca791b0ce.txt"])
        assert again.articles_skipped == 1 and again.stats.model_calls == 0
