"""The counted noun phrase: what a number counts, cut at its head (core.heads)."""

from __future__ import annotations

import pytest

from reconcile.core.heads import counted_head, counted_noun_phrase


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("suspicious boats speedily approaching the merchant vessels", "suspicious boats"),  # adverb ends it
        ("men drove a 4x4 through the window", "men"),  # irregular plural: the head
        ("armed robbers -- two dressed as women", "armed robbers"),  # a dash ends it
        ("crewmen aboard", "crewmen"),
        ("Russian diplomats", "Russian diplomats"),
        ("staff, seven of whom", "staff"),
        ("of the injured", "injured"),  # "two of the injured": leading function words skipped
        ("merchant vessels through the recognised corridor", "merchant vessels"),  # a preposition ends it
        ("people concerned will leave", "people"),
        ("U.N. aircraft", "U.N. aircraft"),  # no plural mark: the whole phrase up to a function word
        ("", ""),
    ],
)
def test_english_phrase_is_cut_after_its_head(phrase: str, expected: str) -> None:
    assert counted_noun_phrase(phrase, "en") == expected


def test_the_result_is_a_slice_of_the_phrase() -> None:
    """Still the article's own words, spacing and punctuation included."""
    phrase = "armed  robbers -- two dressed"
    cut = counted_noun_phrase(phrase)
    assert cut == "armed  robbers" and phrase.startswith(cut)


def test_other_languages_keep_the_phrase() -> None:
    assert counted_noun_phrase("diplomates russes expulsés", "fr") == "diplomates russes expulsés"


@pytest.mark.parametrize(
    ("phrase", "language", "expected"),
    [
        ("suspicious boats", "en", "boat"),
        ("armed robbers", None, "robber"),
        ("men", "en", "man"),  # an irregular plural meets its singular
        ("Floors", "en", "floor"),  # case does not split
        ("diplomates russes", "fr", "diplomate"),  # Romance: the noun comes first, its adjectives after
        ("de personas", "es", "persona"),  # a leading preposition is not the head
        ("russische Diplomaten", "de", "diplomat"),
        ("russische Diplomaten aus dem Land gewiesen", "de", "diplomat"),  # the uncut tail: its first noun
        ("diplomates russes expulsés du pays", "fr", "diplomate"),
        ("", "en", None),
        (None, "en", None),
    ],
)
def test_counted_head_is_the_lemmatised_head_word(
    phrase: str | None, language: str | None, expected: str | None
) -> None:
    assert counted_head(phrase, language) == expected


def test_a_language_without_a_dictionary_keeps_the_word() -> None:
    assert counted_head("Boats", "zz") == "boats"


def test_threads_grounding_their_first_answers_at_once_load_the_dictionary_once() -> None:
    """simplemma caches a dictionary only once loaded: 16 extraction threads starting together each
    decompressed it (seconds of CPU at the start of every run and Ray actor). A fresh process, 16 threads."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        """
        import threading
        from simplemma.strategies.dictionaries import dictionary_factory as factory
        from reconcile.core.heads import counted_head

        loads, load = [], factory._load_dictionary_from_disk
        factory._load_dictionary_from_disk = lambda lang: loads.append(lang) or load(lang)
        heads = []
        threads = [threading.Thread(target=lambda: heads.append(counted_head("armed robbers"))) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(len(loads), sorted(set(heads)))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.split(maxsplit=1) == ["1", "['robber']\n"]
