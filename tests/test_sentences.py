"""Tests for ``reconcile.core.sentences``: boundaries, exact spans and chunking."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.core.sentences import chunk_sentences, chunk_span, split_sentences
from reconcile.core.types import Sentence, Span
from reconcile.ingest import read_article

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith went to Washington. He left.", ["Mr. Smith went to Washington.", "He left."]),
        (
            "Since Russia invaded Ukraine on Feb. 24, 2022, at least 325 Russian diplomats left. They went home.",
            ["Since Russia invaded Ukraine on Feb. 24, 2022, at least 325 Russian diplomats left.", "They went home."],
        ),
        (
            "U.S. President Joe Biden called for a trial. Russia said no.",
            ["U.S. President Joe Biden called for a trial.", "Russia said no."],
        ),
        (
            "Zelensky will address the U.N. Security Council later.",
            ["Zelensky will address the U.N. Security Council later."],
        ),
        ("They met in the U.S. The talks failed.", ["They met in the U.S.", "The talks failed."]),
        ("Joe R. Biden spoke. Others listened.", ["Joe R. Biden spoke.", "Others listened."]),
        ("Gen. Smith and Dr. Jones met at 10 a.m. on Monday.", ["Gen. Smith and Dr. Jones met at 10 a.m. on Monday."]),
        ("“This decision . . . is necessary,” Di Maio said.", ["“This decision . . . is necessary,” Di Maio said."]),
        ('"France decided ... to expel a number," it said.', ['"France decided ... to expel a number," it said.']),
        ("He paused . . . Then he left.", ["He paused . . .", "Then he left."]),
        (
            "Draghi said, “This is clearly a hostile act. It’s also a reaction.”",
            ["Draghi said, “This is clearly a hostile act.", "It’s also a reaction.”"],
        ),
        ("Is it over? “Yes,” she said.", ["Is it over?", "“Yes,” she said."]),
        ("Why? she asked.", ["Why? she asked."]),
        ("It was 40. The rest left!", ["It was 40.", "The rest left!"]),
        ("The total was 40. 35 more followed.", ["The total was 40.", "35 more followed."]),
        (
            "Headline without a stop\nBody sentence. Another one.",
            ["Headline without a stop", "Body sentence.", "Another one."],
        ),
        ("A line ending in U.S.\nThe next line", ["A line ending in U.S.", "The next line"]),
        ("  Leading spaces. And more.  \n\n\n", ["Leading spaces.", "And more."]),
        ("", []),
        ("   \n \n", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    for i, s in enumerate(sentences):
        assert s.index == i
        assert text[s.span.start : s.span.end] == s.text


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_spans_cover_the_text(path: Path) -> None:
    """Exact spans, in order, never overlapping, stripped, and together covering every visible character."""
    text = read_article(path).text
    sentences = split_sentences(text)
    assert sentences
    covered = [False] * len(text)
    previous_end = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert text[s.span.start : s.span.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.span.start >= previous_end
        assert "\n" not in s.text
        previous_end = s.span.end
        for k in range(s.span.start, s.span.end):
            covered[k] = True
    assert all(covered[k] for k, ch in enumerate(text) if not ch.isspace())


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        (
            "002_38e77f81212ed3a0.txt",
            "Since Russia invaded Ukraine on Feb. 24, 2022, at least 325 Russian diplomats and "
            "embassy workers have been expelled from countries across the globe.",
        ),
        (
            "001_500971cca791b0ce.txt",
            "Zelensky is due to address the U.N. Security Council later this Tuesday over "
            'growing evidence of what he call Russia\'s campaign of "genocide".',
        ),
        (
            "003_45bacf5aa3bdad93.txt",
            "Estonia said it would close two Russian consulates and expel 14 staff, seven of "
            "whom have diplomatic status, as of April 30.",
        ),
        (
            "003_45bacf5aa3bdad93.txt",
            "“This decision . . . is necessary for reasons related to our national security,” "
            "Di Maio was quoted as saying by Italy’s official news agency ANSA.",
        ),
        ("000_66a292cac87dfb5d.txt", "Earlier on Monday, Lithuania threw out its Russian ambassador."),
    ],
)
def test_seed_sentences(name: str, sentence: str) -> None:
    text = read_article(Path(SEEDS[0]).parent / name).text
    assert sentence in [s.text for s in split_sentences(text)]


def _sentences(*lengths: int, gap: int = 1) -> list[Sentence]:
    out: list[Sentence] = []
    position = 0
    for i, n in enumerate(lengths):
        out.append(Sentence(i, Span(position, position + n), "x" * n))
        position += n + gap
    return out


@pytest.mark.parametrize(
    ("lengths", "max_chars", "expected"),
    [
        ((10, 10, 10), 21, [[0, 1], [2]]),  # 10 + 1 gap + 10 = 21 fits; a third would be 32
        ((10, 10, 10), 20, [[0], [1], [2]]),  # the gap counts
        ((10, 10, 10), 100, [[0, 1, 2]]),
        ((50, 5, 5), 20, [[0], [1, 2]]),  # an over-long sentence is a chunk of its own, never cut
        ((5, 50, 5), 20, [[0], [1], [2]]),
        ((), 10, []),
    ],
)
def test_chunk_sentences(lengths: tuple[int, ...], max_chars: int, expected: list[list[int]]) -> None:
    chunks = chunk_sentences(_sentences(*lengths), max_chars)
    assert [[s.index for s in chunk] for chunk in chunks] == expected
    for chunk in chunks:
        span = chunk_span(chunk)
        assert len(chunk) == 1 or span.end - span.start <= max_chars


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_chunking_seeds_keeps_every_sentence_in_order(path: Path) -> None:
    sentences = split_sentences(read_article(path).text)
    chunks = chunk_sentences(sentences, 400)
    assert len(chunks) > 1
    assert [s for chunk in chunks for s in chunk] == sentences


@pytest.mark.parametrize("max_chars", [0, -5])
def test_chunk_sentences_rejects_non_positive_sizes(max_chars: int) -> None:
    with pytest.raises(ValueError):
        chunk_sentences(_sentences(5), max_chars)


def test_chunk_span_of_empty_chunk_is_an_error() -> None:
    with pytest.raises(ValueError):
        chunk_span([])


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "de",
            "Die Feuerwehr rettete z. B. 40 Katzen. Am 3. Mai kamen Dr. Meier und Nr. 5 dazu.",
            ["Die Feuerwehr rettete z. B. 40 Katzen.", "Am 3. Mai kamen Dr. Meier und Nr. 5 dazu."],
        ),
        ("de", "Es fehlen 3,5 Mio. Euro. Der Rest kam.", ["Es fehlen 3,5 Mio. Euro.", "Der Rest kam."]),
        ("de", "Der 3. Platz ging an Kiel. Ulm wurde Vierter.", ["Der 3. Platz ging an Kiel.", "Ulm wurde Vierter."]),
        ("de", "Die Zahl stieg auf 40. Die Feuerwehr blieb.", ["Die Zahl stieg auf 40.", "Die Feuerwehr blieb."]),
        ("de", "Es kamen ca. 40 Gäste, u. a. Prof. Kim.", ["Es kamen ca. 40 Gäste, u. a. Prof. Kim."]),
        (
            "fr",
            "M. Dupont et Mme Martin sont arrivés. Ils étaient 40.",
            ["M. Dupont et Mme Martin sont arrivés.", "Ils étaient 40."],
        ),
        ("fr", "Pommes, poires, etc. Ils ont tout vendu.", ["Pommes, poires, etc.", "Ils ont tout vendu."]),
        ("fr", "Il y avait des pommes, etc. Tout a été vendu.", ["Il y avait des pommes, etc. Tout a été vendu."]),
        (
            "es",
            "El Sr. García y la Sra. López llegaron. Eran 40.",
            ["El Sr. García y la Sra. López llegaron.", "Eran 40."],
        ),
        ("es", "¿Cuántos eran? Eran 40.", ["¿Cuántos eran?", "Eran 40."]),
        ("es", "Viajó a EE. UU. El lunes volvió.", ["Viajó a EE. UU.", "El lunes volvió."]),
        ("es", "La Dra. Ruiz vio el núm. 5 ayer.", ["La Dra. Ruiz vio el núm. 5 ayer."]),
    ],
)
def test_split_sentences_other_languages(language: str, text: str, expected: list[str]) -> None:
    sentences = split_sentences(text, language)
    assert [s.text for s in sentences] == expected
    for s in sentences:
        assert text[s.span.start : s.span.end] == s.text
