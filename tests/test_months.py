"""The month table (``core.months``) is the one every reader of German, French and Spanish dates uses."""

from __future__ import annotations

import pytest

from reconcile.core import dates_intl, numbers_intl
from reconcile.core.months import MONTHS, month_names
from reconcile.core.sentences import split_sentences

_ENGLISH = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december")  # fmt: skip


@pytest.mark.parametrize("language", sorted(MONTHS))
def test_twelve_months_names_before_abbreviations(language: str) -> None:
    assert len(MONTHS[language]) == 12
    names = month_names(language)
    full = month_names(language, abbreviations=False)
    assert names[: len(full)] == full and all(m.endswith(".") for m in names[len(full) :])
    assert all(m == m.lower() and not m.endswith(".") for m in full)


@pytest.mark.parametrize("language", sorted(MONTHS))
def test_every_spelling_reaches_the_date_and_number_finders(language: str) -> None:
    for number, spellings in enumerate(MONTHS[language]):
        for spelling in spellings:
            written = spelling.capitalize() if language == "de" else spelling  # German months are nouns
            english = (f"{_ENGLISH[number]} 2022", False, False)
            assert dates_intl.to_english(f"{written} 2022", language) == english, spelling
            found = list(numbers_intl.candidates(f"{written} 2022", language))
            assert [c.group for c in found] == ["date"], (spelling, found)


def test_german_month_after_a_numbers_dot_ends_no_sentence() -> None:
    for name in month_names("de", abbreviations=False):
        text = f"Es geschah am 3. {name.capitalize()} in Berlin."
        assert [s.text for s in split_sentences(text, "de")] == [text]
    assert len(split_sentences("Die Zahl stieg auf 40. Die Polizei kam.", "de")) == 2
