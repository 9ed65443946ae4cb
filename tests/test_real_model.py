"""End to end through the real embedded model: llama-server, instructor, validation, grounding, DuckDB.

Four short articles written for this test, one per new kind of figure (a crowd with police and
organiser estimates, a death toll revised over two days, a money amount), run under the default
``news`` profile in one server session (about a dozen requests, a minute or two on 2 cores); then
one seed article under the ``expulsions`` profile. This is the path that proves the replayed
fixtures still describe what the real model does; it runs in CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.config import Settings
from reconcile.core.claims import Claim
from reconcile.events.model import load_events
from reconcile.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "articles"

pytestmark = pytest.mark.real_model


def _sound(pipeline: Pipeline, claims: list[Claim]) -> None:
    texts = dict(pipeline.store.query("SELECT article_id, text FROM articles"))
    for claim in claims:
        text = texts[claim.article_id]
        assert text[claim.start : claim.end] == claim.number_text
        assert text[claim.sentence_start : claim.sentence_end] == claim.quote


def _by_number(claims: list[Claim]) -> dict[str, Claim]:
    return {claim.number_text: claim for claim in claims}


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    database = tmp_path_factory.mktemp("real") / "news.duckdb"
    settings = Settings(database=database)  # nothing configured: the embedded model, the news profile
    assert settings.embedded and settings.profile == "news"
    pipeline = Pipeline(database, settings)
    summary = pipeline.run([ARTICLES])
    assert summary.articles_failed == 0, summary.failures
    assert summary.stats.model_calls >= 4 and summary.stats.completion_tokens > 0
    _sound(pipeline, pipeline.claims())
    return pipeline


def test_a_crowd_keeps_both_estimates_with_their_sources(news: Pipeline) -> None:
    claims = _by_number(c for c in news.claims() if "Valencia" in c.quote or "turnout" in c.quote)  # type: ignore[arg-type]
    police, organisers = claims["15,000"], claims["80,000"]
    assert (police.measure, organisers.measure) == ("participants", "participants")
    assert police.source == "police" and organisers.source and "organis" in organisers.source
    with news.store.cursor() as con:
        events = [e for e in load_events(con) if {v.claim_id for v in e.values} & {police.claim_id}]
    assert events and not any(e.strict_conflict for e in events)


def test_a_toll_revised_over_two_days_is_a_revision(news: Pipeline) -> None:
    claims = _by_number(c for c in news.claims() if "Kivu" in c.quote)  # type: ignore[arg-type]
    first, later = claims["30"], claims["57"]
    assert (first.measure, later.measure) == ("killed", "killed")
    assert (first.hedge, first.low, first.high) == ("at_least", 30, None)
    with news.store.cursor() as con:
        events = load_events(con)
    kivu = [e for e in events if {v.claim_id for v in e.values} & {first.claim_id, later.claim_id}]
    assert kivu and not any(e.strict_conflict for e in kivu)


def test_a_money_amount_carries_its_currency_and_scale(news: Pipeline) -> None:
    (fine,) = [c for c in news.claims() if "Nordbank" in c.quote]
    assert (fine.measure, fine.unit, fine.value) == ("money", "EUR", 3.5e9)


def test_a_second_run_makes_no_model_call(news: Pipeline) -> None:
    again = news.run([ARTICLES])
    assert again.articles_skipped == 4 and again.stats.model_calls == 0


def test_one_seed_under_the_expulsions_profile(tmp_path: Path) -> None:
    database = tmp_path / "real.duckdb"
    with Pipeline(database, Settings(database=database, profile="expulsions")) as pipeline:
        summary = pipeline.run([ROOT / "seeds" / "001_500971cca791b0ce.txt"])
        assert summary.articles_failed == 0, summary.failures
        claims = pipeline.claims()
        _sound(pipeline, claims)
        assert ("FRA", "RUS", 35.0) in {(c.actor, c.target, c.value) for c in claims}
        assert ("DEU", "RUS", 40.0) in {(c.actor, c.target, c.value) for c in claims}


def test_articles_in_german_french_and_spanish(tmp_path: Path) -> None:
    """Written for this test: a toll, a crowd and arrests, in three languages, language not given."""
    database = tmp_path / "intl.duckdb"
    with Pipeline(database, Settings(database=database)) as pipeline:
        summary = pipeline.run([ROOT / "tests" / "articles_intl"])
        assert summary.articles_failed == 0, summary.failures
        claims = _by_number(pipeline.claims())
        _sound(pipeline, list(claims.values()))
        killed, crowd, arrested = claims["vierzig"], claims["3 000"], claims["25"]
        assert (killed.value, killed.hedge, killed.measure) == (40, "at_least", "killed")
        assert killed.event_date is not None and str(killed.event_date) == "2025-05-05"  # "am Montag"
        assert (crowd.value, crowd.hedge, crowd.measure) == (3000, "about", "participants")
        assert str(crowd.event_date) == "2025-05-03"  # "samedi"
        assert (arrested.value, arrested.hedge, arrested.measure) == (25, "more_than", "arrested")
        assert str(arrested.event_date) == "2025-05-06"  # "el martes"
