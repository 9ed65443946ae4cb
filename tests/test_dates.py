"""Tests for ``reconcile.core.dates``: date phrases resolved against the publication date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reconcile.core.dates import DateResolution, find_date_phrases, nearest_date_phrase, resolve_date
from reconcile.core.types import Span
from reconcile.ingest import read_article

D = dt.date
TUE = D(2022, 4, 5)  # seed 000's publication date, a Tuesday
THU = D(2022, 5, 19)  # seed 002's, a Thursday
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(
    ("phrase", "published", "day", "low", "high"),
    [
        # Weekdays: the most recent such day on or before publication.
        ("on Monday", TUE, D(2022, 4, 4), D(2022, 4, 4), D(2022, 4, 4)),
        ("on Tuesday", TUE, TUE, TUE, TUE),
        ("Earlier on Monday", TUE, D(2022, 4, 4), D(2022, 4, 4), D(2022, 4, 4)),
        ("Later on Monday", TUE, D(2022, 4, 4), D(2022, 4, 4), D(2022, 4, 4)),
        ("on Wednesday", TUE, D(2022, 3, 30), D(2022, 3, 30), D(2022, 3, 30)),
        ("Tuesday evening", TUE, TUE, TUE, TUE),
        ("later this Tuesday", TUE, TUE, TUE, TUE),
        ("last Tuesday", TUE, D(2022, 3, 29), D(2022, 3, 29), D(2022, 3, 29)),
        ("on Sunday", THU, D(2022, 5, 15), D(2022, 5, 15), D(2022, 5, 15)),
        # Same-day and yesterday.
        ("this evening", TUE, TUE, TUE, TUE),
        ("this afternoon", TUE, TUE, TUE, TUE),
        ("yesterday", TUE, D(2022, 4, 4), D(2022, 4, 4), D(2022, 4, 4)),
        # Windows.
        ("last week", TUE, None, D(2022, 3, 28), D(2022, 4, 3)),
        ("this week", TUE, None, D(2022, 4, 4), TUE),
        ("in recent days", TUE, None, D(2022, 3, 29), TUE),
        ("In recent days", TUE, None, D(2022, 3, 29), TUE),
        ("in recent weeks", THU, None, D(2022, 4, 21), THU),
        ("over the weekend", TUE, None, D(2022, 4, 2), D(2022, 4, 3)),
        ("last month", THU, None, D(2022, 4, 1), D(2022, 4, 30)),
        ("last year", TUE, None, D(2021, 1, 1), D(2021, 12, 31)),
        ("Since April", THU, None, D(2022, 4, 1), THU),
        ("Since April", TUE, None, D(2022, 4, 1), TUE),
        ("in April", THU, None, D(2022, 4, 1), D(2022, 4, 30)),
        ("in April 2021", THU, None, D(2021, 4, 1), D(2021, 4, 30)),
        ("at the beginning of April", THU, None, D(2022, 4, 1), D(2022, 4, 10)),
        ("late March", TUE, None, D(2022, 3, 21), D(2022, 3, 31)),
        ("in 2018", TUE, None, D(2018, 1, 1), D(2018, 12, 31)),
        ("since 1 March", TUE, None, D(2022, 3, 1), TUE),
        # Explicit dates.
        ("as of April 30", TUE, D(2022, 4, 30), D(2022, 4, 30), D(2022, 4, 30)),
        ("as of April 30", THU, D(2022, 4, 30), D(2022, 4, 30), D(2022, 4, 30)),
        ("February 24", TUE, D(2022, 2, 24), D(2022, 2, 24), D(2022, 2, 24)),
        ("on December 30", D(2023, 1, 10), D(2022, 12, 30), D(2022, 12, 30), D(2022, 12, 30)),  # previous year
        ("on February 24", D(2023, 1, 10), D(2023, 2, 24), D(2023, 2, 24), D(2023, 2, 24)),  # nearest, not past
        ("since February 24", D(2023, 1, 10), None, D(2022, 2, 24), D(2023, 1, 10)),  # "since" is always past
        ("on Feb. 24, 2022", THU, D(2022, 2, 24), D(2022, 2, 24), D(2022, 2, 24)),
        ("1 March", TUE, D(2022, 3, 1), D(2022, 3, 1), D(2022, 3, 1)),
        ("March 29, 2022", None, D(2022, 3, 29), D(2022, 3, 29), D(2022, 3, 29)),
        ("two days ago", TUE, D(2022, 4, 3), D(2022, 4, 3), D(2022, 4, 3)),
        # Nothing to resolve: no guess.
        (None, TUE, None, None, None),
        ("", TUE, None, None, None),
        ("since the invasion began", TUE, None, None, None),
        ("at the height of the Cold War", TUE, None, None, None),
        ("on Monday", None, None, None, None),
        ("in recent days", None, None, None, None),
        ("as of April 30", None, None, None, None),
        ("in April", None, None, None, None),
    ],
)
def test_resolve_date(
    phrase: str | None, published: dt.date | None, day: dt.date | None, low: dt.date | None, high: dt.date | None
) -> None:
    assert resolve_date(phrase, published) == DateResolution(day, low, high, phrase)


def test_since_without_publication_date_is_open_ended() -> None:
    assert resolve_date("since Feb. 24, 2022", None) == DateResolution(
        None, D(2022, 2, 24), None, "since Feb. 24, 2022"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "000_66a292cac87dfb5d.txt",
            [
                "on Monday",
                "in recent days",
                "Earlier on Monday",
                "Later on Monday",
                "this evening",
                "this afternoon",
                "February 24",
            ],
        ),
        (
            "002_38e77f81212ed3a0.txt",
            ["Since April", "in April", "in recent weeks", "the beginning of April", "on Feb. 24, 2022"],
        ),
        ("004_b6df28c9990ddc17.txt", ["on Tuesday", "March 29, 2022", "on February 24", "Tuesday"]),
    ],
)
def test_find_date_phrases_on_seeds(name: str, expected: list[str]) -> None:
    text = read_article(SEEDS / name).text
    found = find_date_phrases(text)
    assert [phrase for _, phrase in found] == expected
    for span, phrase in found:
        assert text[span.start : span.end] == phrase


def test_every_phrase_found_in_a_dated_seed_resolves() -> None:
    article = read_article(SEEDS / "000_66a292cac87dfb5d.txt")
    for _, phrase in find_date_phrases(article.text):
        assert resolve_date(phrase, article.published).low is not None, phrase


@pytest.mark.parametrize(
    ("span", "within", "expected"),
    [
        (Span(50, 52), None, "on Monday"),  # 3 characters after "on Monday", far from the others
        (Span(200, 202), None, "last week"),
        (Span(50, 52), Span(100, 300), "last week"),  # restricted to a sentence
        (Span(50, 52), Span(400, 500), None),
    ],
)
def test_nearest_date_phrase(span: Span, within: Span | None, expected: str | None) -> None:
    phrases = [(Span(38, 47), "on Monday"), (Span(150, 159), "last week")]
    found = nearest_date_phrase(phrases, span, within)
    assert (found[1] if found else None) == expected


@pytest.mark.parametrize(
    ("language", "phrase", "day", "low", "high"),
    [
        # German (TUE = Tuesday 5 April 2022).
        ("de", "am Montag", D(2022, 4, 4), D(2022, 4, 4), D(2022, 4, 4)),
        ("de", "am Montagabend", D(2022, 4, 4), D(2022, 4, 4), D(2022, 4, 4)),
        ("de", "letzten Dienstag", D(2022, 3, 29), D(2022, 3, 29), D(2022, 3, 29)),
        ("de", "gestern Abend", D(2022, 4, 4), D(2022, 4, 4), D(2022, 4, 4)),
        ("de", "heute", TUE, TUE, TUE),
        ("de", "vorgestern", D(2022, 4, 3), D(2022, 4, 3), D(2022, 4, 3)),
        ("de", "vor zwei Tagen", D(2022, 4, 3), D(2022, 4, 3), D(2022, 4, 3)),
        ("de", "letzte Woche", None, D(2022, 3, 28), D(2022, 4, 3)),
        ("de", "in den vergangenen Tagen", None, D(2022, 3, 29), TUE),
        ("de", "im April", None, D(2022, 4, 1), D(2022, 4, 30)),
        ("de", "Anfang April", None, D(2022, 4, 1), D(2022, 4, 10)),
        ("de", "Ende März", None, D(2022, 3, 21), D(2022, 3, 31)),
        ("de", "seit April", None, D(2022, 4, 1), TUE),
        ("de", "im Jahr 2018", None, D(2018, 1, 1), D(2018, 12, 31)),
        ("de", "seit 2018", None, D(2018, 1, 1), TUE),
        ("de", "am 3. Mai 2022", D(2022, 5, 3), D(2022, 5, 3), D(2022, 5, 3)),
        ("de", "am 24. Februar", D(2022, 2, 24), D(2022, 2, 24), D(2022, 2, 24)),
        ("de", "am Wochenende", None, D(2022, 4, 2), D(2022, 4, 3)),
        ("de", "seit der Flut", None, None, None),
        # French.
        ("fr", "lundi", D(2022, 4, 4), D(2022, 4, 4), D(2022, 4, 4)),
        ("fr", "mardi soir", TUE, TUE, TUE),
        ("fr", "hier", D(2022, 4, 4), D(2022, 4, 4), D(2022, 4, 4)),
        ("fr", "aujourd'hui", TUE, TUE, TUE),
        ("fr", "il y a deux jours", D(2022, 4, 3), D(2022, 4, 3), D(2022, 4, 3)),
        ("fr", "la semaine dernière", None, D(2022, 3, 28), D(2022, 4, 3)),
        ("fr", "ces derniers jours", None, D(2022, 3, 29), TUE),
        ("fr", "début avril", None, D(2022, 4, 1), D(2022, 4, 10)),
        ("fr", "mi-mars", None, D(2022, 3, 11), D(2022, 3, 20)),
        ("fr", "depuis avril", None, D(2022, 4, 1), TUE),
        ("fr", "le 1er mai", D(2022, 5, 1), D(2022, 5, 1), D(2022, 5, 1)),
        ("fr", "le 3 mai 2021", D(2021, 5, 3), D(2021, 5, 3), D(2021, 5, 3)),
        ("fr", "l'an dernier", None, D(2021, 1, 1), D(2021, 12, 31)),
        # Spanish.
        ("es", "el lunes", D(2022, 4, 4), D(2022, 4, 4), D(2022, 4, 4)),
        ("es", "el martes por la noche", TUE, TUE, TUE),
        ("es", "ayer", D(2022, 4, 4), D(2022, 4, 4), D(2022, 4, 4)),
        ("es", "hace dos días", D(2022, 4, 3), D(2022, 4, 3), D(2022, 4, 3)),
        ("es", "la semana pasada", None, D(2022, 3, 28), D(2022, 4, 3)),
        ("es", "a mediados de marzo", None, D(2022, 3, 11), D(2022, 3, 20)),
        ("es", "a finales de marzo", None, D(2022, 3, 21), D(2022, 3, 31)),
        ("es", "desde abril", None, D(2022, 4, 1), TUE),
        ("es", "en 2018", None, D(2018, 1, 1), D(2018, 12, 31)),
        ("es", "el 3 de mayo de 2022", D(2022, 5, 3), D(2022, 5, 3), D(2022, 5, 3)),
        ("es", "el 24 de febrero", D(2022, 2, 24), D(2022, 2, 24), D(2022, 2, 24)),
    ],
)
def test_resolve_date_other_languages(
    language: str, phrase: str, day: dt.date | None, low: dt.date | None, high: dt.date | None
) -> None:
    assert resolve_date(phrase, TUE, language) == DateResolution(day, low, high, phrase)


@pytest.mark.parametrize(("language", "phrase"), [("de", "am Montag"), ("fr", "lundi"), ("es", "el lunes")])
def test_relative_phrases_need_a_publication_date_in_any_language(language: str, phrase: str) -> None:
    assert resolve_date(phrase, None, language) == DateResolution.unresolved(phrase)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "de",
            "Die Feuerwehr meldete am Montag, seit April und vor zwei Tagen, letzte Woche und am 3. Mai 2022 "
            "seien Keller geflutet worden; gestern Abend kam Regen.",
            ["am Montag", "seit April", "vor zwei Tagen", "letzte Woche", "am 3. Mai 2022", "gestern Abend"],
        ),
        (
            "fr",
            "Les pompiers ont annoncé lundi que depuis avril, le 1er mai 2022 et il y a deux jours des caves "
            "ont été inondées; hier soir, la pluie est revenue.",
            ["lundi", "depuis avril", "le 1er mai 2022", "il y a deux jours", "hier soir"],
        ),
        (
            "es",
            "Los bomberos anunciaron el lunes que desde abril, el 3 de mayo de 2022 y hace dos días se inundaron "
            "sótanos; ayer por la noche volvió la lluvia.",
            ["el lunes", "desde abril", "el 3 de mayo de 2022", "hace dos días", "ayer por la noche"],
        ),
    ],
)
def test_find_date_phrases_other_languages(language: str, text: str, expected: list[str]) -> None:
    found = find_date_phrases(text, language)
    assert [phrase for _, phrase in found] == expected
    for span, phrase in found:
        assert text[span.start : span.end] == phrase
        assert resolve_date(phrase, TUE, language).low is not None, phrase


@pytest.mark.parametrize(
    "text",
    [
        "The flood drove the 2000 people of the valley from their homes, and 40 were hurt.",
        "Rescuers counted the 1999 dead and 300 missing.",
        "The 2000 police officers on duty arrested 12.",
    ],
)
def test_a_count_of_people_is_not_a_year_naming_its_happening(text: str) -> None:
    """ "the 2000 people" counts people (irregular plural, no "s"): it must not date the sentence's other
    figures to the year 2000, as "the 2004 tsunami" dates its own."""
    assert find_date_phrases(text) == []
    assert [p for _, p in find_date_phrases("The 2004 tsunami killed 170,000.")] == ["The 2004"]


def test_a_year_in_the_lead_is_not_the_news_peg() -> None:
    """A lead that recalls a year ("since a 9.1 temblor in 2004") does not date the article's figures: its
    day phrase further on ("on Sunday") is the peg."""
    from reconcile.core.dates import article_dates
    from reconcile.core.sentences import split_sentences

    text = (
        "There have been hundreds of quakes since a 9.1 temblor in 2004. "
        "A quake killed five people on Sunday. Aid arrived."
    )
    dates = article_dates(text, dt.date(2009, 1, 6), split_sentences(text))
    assert dates.lead == "on Sunday"


def test_an_undated_article_keeps_its_phrase_unresolved_for_the_sql() -> None:
    """Extraction does not guess an undated article's day (the reconciliation SQL decides it, rc_story): a
    phrase that needs one stays unresolved, with its text, even when the text writes a full date elsewhere."""
    from reconcile.core.dates import article_dates, claim_date, text_date
    from reconcile.core.sentences import split_sentences

    text = "Thieves struck a jeweller. They took $2.5 million on Monday. PARIS, September 10, 2013."
    dates = article_dates(text, None, split_sentences(text))
    when = claim_date("They took $2.5 million on Monday.", Span(10, 22), dates)
    assert (when.low, when.text) == (None, "on Monday")
    assert text_date(text) == dt.date(2013, 9, 10)  # what the SQL reads through rc_text_date
