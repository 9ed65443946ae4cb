"""Party mentions: found in the text before the model is asked, chosen by id, stored as spans of the article."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.core.claims import Rejection
from reconcile.extract.extractor import plan
from reconcile.extract.ground import ground_claim
from reconcile.extract.party_mentions import find_party_mentions
from reconcile.extract.prompt import mark_window
from reconcile.extract.schema import answer_model
from reconcile.extract.validate import repair
from reconcile.ingest.files import read_article
from reconcile.profile.registry import load_profile

ROOT = Path(__file__).resolve().parents[1]
NEWS = load_profile("news")
EXPULSIONS = load_profile("expulsions")


def _mentions(text: str, profile=NEWS) -> list[tuple[str, str | None, str]]:  # type: ignore[no-untyped-def]
    return [(p.text, p.code, p.kind) for p in find_party_mentions(text, profile)]


def test_countries_their_governments_lists_and_names_are_mentions() -> None:
    found = _mentions("Chile, Peru and Ecuador expelled 12 diplomats, the Bolivian government and Maria Lopez said.")
    assert ("Chile, Peru and Ecuador", "MULTI", "list") in found
    assert ("Bolivian government", "BOL", "country") in found
    assert ("Maria Lopez", None, "name") in found


def test_a_place_is_no_party_and_a_sentence_opening_word_is_no_name() -> None:
    found = _mentions("Yesterday the army evacuated 300 villagers from Jalingo, the Gulf of Guinea coast.")
    texts = {text for text, _, _ in found}
    assert "army" in texts
    assert not texts & {"Yesterday", "Jalingo"}


def test_a_speaker_the_grammar_finds_is_a_mention() -> None:
    found = _mentions("About 900 homes were flooded, according to the regional water board.", EXPULSIONS)
    assert ("the regional water board", None, "speaker") in found


def test_the_window_is_marked_with_party_ids() -> None:
    article = read_article(ROOT / "seeds" / "003_45bacf5aa3bdad93.txt")
    job = next(j for j in plan(article, EXPULSIONS) if j.sentence.text.startswith("Sweden"))
    _, sentence = mark_window(job.window)
    assert "[P" in sentence and ": Sweden]" in sentence
    schema = answer_model(EXPULSIONS, len(job.numbered), len(job.window.parties)).model_json_schema()
    assert "P1" in str(schema) and "none" in str(schema)


def _every_choice(profile_name: str, folder: str) -> list[tuple[str, object]]:
    """Ground, for every number of every article, every marked party as actor, target and source."""
    profile = load_profile(profile_name)
    stored = []
    for path in sorted((ROOT / folder).glob("*.txt")):
        article = read_article(path)
        for job in plan(article, profile):
            ids = list(job.window.ids)
            measure = profile.measures[0].code
            for number_id, mention in job.numbered:
                for party in ids:
                    answer = {"m": measure, "who": party, "whom": ids[-1], "src": ids[0]}
                    parsed = answer_model(profile, len(job.numbered), len(ids)).model_validate(
                        {key: answer if key == number_id else {"m": "none"} for key, _ in job.numbered}
                    )
                    attribution = repair(number_id, parsed.attributions()[number_id], job.window)
                    claim = ground_claim(
                        article, job.sentence, number_id, mention, attribution, job.window, profile, job.context
                    )
                    if not isinstance(claim, Rejection):
                        stored.append((article.text, claim))
    return stored


@pytest.mark.parametrize("profile_name", ["expulsions", "news"])
def test_every_stored_party_slices_back_to_its_article(profile_name: str) -> None:
    stored = _every_choice(profile_name, "seeds")
    assert stored
    with_parties = 0
    for text, claim in stored:
        for role in ("actor", "target", "source"):
            words = getattr(claim, f"{role}_text")
            start, end = getattr(claim, f"{role}_start"), getattr(claim, f"{role}_end")
            if words is None:
                assert start is None and end is None
                continue
            with_parties += 1
            assert text[start:end] == words, (role, words, text[start:end])
    assert with_parties > 50
