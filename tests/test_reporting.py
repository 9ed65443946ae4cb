"""Reporting constructions: who gives a figure, read from the sentence's grammar in en/de/fr/es.

The sentences are written fresh about made-up events (floods, strikes, fires), never taken from a scored text.
"""

from __future__ import annotations

import pytest

from reconcile.core.types import Article
from reconcile.extract.extractor import plan
from reconcile.extract.reporting import find_speakers
from reconcile.extract.schema import NumberAttribution
from reconcile.profile.registry import load_profile

NEWS = load_profile("news")


def _speakers(sentence: str) -> list[str]:
    return [sentence[s.start : s.end] for s in find_speakers(sentence)]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Firefighters said about 40 homes burned near the lake.", "Firefighters"),
        ("About 900 homes were flooded, according to the regional water board.", "the regional water board"),
        ('"We pulled 14 people from the river," said the harbour master.', "the harbour master"),
        ("Lena Park, a hospital spokeswoman, said 12 patients were moved.", "Lena Park"),
        ("The head of the rail union, Omar Diallo, said 3,000 drivers stopped work.", "Omar Diallo"),
        (
            "The ferry sank with 60 people aboard, the Nordic Maritime Authority said in a statement.",
            "the Nordic Maritime Authority",
        ),
        (
            "The storm cut power to 8,000 homes, said Karin Holm of the county emergency office.",
            "Karin Holm of the county emergency office",
        ),
        ("The clinic's director, who asked not to be named, said 30 staff had quit.", "The clinic's director"),
        ("Residents of the valley told local radio that 5 bridges were washed away.", "Residents of the valley"),
        ("The Oslo fire service reported that 14 homes burned.", "The Oslo fire service"),
        ("Bei dem Brand wurden 20 Menschen verletzt, sagte ein Sprecher der Feuerwehr.", "ein Sprecher der Feuerwehr"),
        ("Laut Polizei nahmen 5000 Menschen an der Kundgebung teil.", "Polizei"),
        ("Selon la préfecture, 3000 personnes ont manifesté.", "la préfecture"),
        ("Plus de 200 personnes ont été évacuées, a indiqué le maire.", "le maire"),
        ("Según los bomberos, 40 casas quedaron destruidas.", "los bomberos"),
        ("Unos 300 vecinos fueron evacuados, dijo la alcaldesa.", "la alcaldesa"),
    ],
)
def test_the_speaker_of_a_reporting_construction(sentence: str, speaker: str) -> None:
    assert speaker in _speakers(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Norway announced the expulsion of 15 diplomats.",  # the announcement is the event
        "There were no immediate reports of damage after the 5.2 tremor.",  # a noun, not a verb
        "Five people had been reported missing in the hills.",  # a passive: nobody speaks
        "The tanker carried 80,000 tonnes of crude oil.",
    ],
)
def test_no_reporting_construction_no_speaker(sentence: str) -> None:
    assert [s for s in find_speakers(sentence) if not s.pronoun] == []


def test_a_pronoun_speaker_is_marked_as_such() -> None:
    found = find_speakers("Two more bodies were found on Sunday, she said.")
    assert [(s.pronoun, "Two more bodies were found on Sunday, she said."[s.start : s.end]) for s in found] == [
        (True, "she")
    ]


def _claims_source(text: str) -> dict[str, str | None]:
    """The source the rules give each number when the model names none (no model: the rule decides)."""
    from reconcile.extract.attribution import reported_source

    article = Article(article_id="x" * 64, source="test", text=text)
    sources: dict[str, str | None] = {}
    for job in plan(article, NEWS):
        for number_id, mention in job.numbered:
            key = reported_source(number_id, job.window)
            party = job.window.party(key)
            sources[mention.text] = party.text if party is not None else None
    return sources


def test_the_source_is_the_sentence_speaker_or_no_one() -> None:
    text = (
        "Floods killed 12 people in the northern valley on Monday, the regional governor said. "
        "Rescuers pulled 30 villagers from the water. "
        "Karin Holm, who leads the county emergency office, said 400 homes were flooded. "
        "About 60 of them were destroyed, she said."
    )
    sources = _claims_source(text)
    assert sources["12"] == "the regional governor"
    assert sources["30"] is None  # the article states it itself
    assert sources["400"] == "Karin Holm"
    assert sources["60"] == "Karin Holm"  # "she" is the speaker the sentence before names


def test_counted_people_opening_their_clause_act() -> None:
    from reconcile.extract.attribution import counted_subject_actor

    article = Article(
        article_id="y" * 64,
        source="test",
        text="Four masked gunmen stormed a bank in the port on Friday. Later 12 rioters were detained by police.",
    )
    chosen = {}
    for job in plan(article, NEWS):
        for number_id, mention in job.numbered:
            item = NumberAttribution(m="other" if mention.text == "Four" else "arrested")
            party = job.window.party(counted_subject_actor(number_id, item, job.window).who)
            chosen[mention.text] = party.text if party is not None else None
    assert chosen == {"Four": "gunmen", "12": None}


def _parties(text: str, answers: dict[str, dict[str, str | None]]) -> dict[str, tuple[str | None, str | None]]:
    """Actor and target words the rules leave for each number, from the model's (made-up) answers given as
    the words of marked mentions."""
    from reconcile.extract.prompt import party_id_named
    from reconcile.extract.validate import repair

    article = Article(article_id="z" * 64, source="test", text=text)
    out: dict[str, tuple[str | None, str | None]] = {}
    for job in plan(article, NEWS):
        for number_id, mention in job.numbered:
            given = answers.get(mention.text, {})
            item = NumberAttribution(
                m=str(given.get("m", "expelled")),
                who=party_id_named(job.window, given["who"]) if given.get("who") else None,
                whom=party_id_named(job.window, given["whom"]) if given.get("whom") else None,
            )
            fixed = repair(number_id, item, job.window)
            who, whom = job.window.party(fixed.who), job.window.party(fixed.whom)
            out[mention.text] = (who.text if who else None, whom.text if whom else None)
    return out


def test_every_number_of_an_n_from_x_list_takes_the_lists_subject() -> None:
    text = "Since June, Chile has expelled 12 diplomats from Peru, 9 from Bolivia and 4 from Ecuador."
    parties = _parties(text, {})
    assert parties["9"] == ("Chile", "Bolivia") and parties["4"] == ("Chile", "Ecuador")


def test_the_subject_of_a_directed_measure_is_never_its_target() -> None:
    text = "After a long inquiry, Norway has decided to expel 6 people working for the Iranian embassy."
    assert _parties(text, {"6": {"who": "Iranian", "whom": "Norway"}})["6"] == ("Norway", "Iranian")


def test_announcing_the_measure_is_doing_it() -> None:
    text = "Regarding the Nordic states, Tehran announced on Friday the expulsion of 5 of their diplomats."
    assert _parties(text, {})["5"][0] == "Tehran"
