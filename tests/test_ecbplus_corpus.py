"""The ECB+ loader against the real benchmark folder (skipped, with the reason, when it is absent).

ECB+ texts are read from the shared folder at run time and never copied into the repository, so these
tests hold no corpus text: they check properties of every document and mention.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reconcile.evaluation import ecbplus
from reconcile.evaluation.ecbplus import EcbPlusCorpus, EcbPlusMissing, find_root, parse_date_line

pytestmark = pytest.mark.skipif(
    not ecbplus.available(),
    reason=f"ECB+ benchmark folder not found (set {ecbplus.ENV_VAR} or check out ../shared/benchmarks/ecbplus)",
)


@pytest.fixture(scope="module")
def corpus() -> EcbPlusCorpus:
    return EcbPlusCorpus()


def _squash(text: str) -> str:
    """Mention text as tokens joined by spaces -> the characters a reader sees, without spaces."""
    for ptb, plain in (("``", '"'), ("''", '"'), ("`", "'")):
        text = text.replace(ptb, plain)
    return text.replace(" ", "")


def test_slice_shape(corpus: EcbPlusCorpus) -> None:
    docs = list(corpus)
    assert len(docs) == 116
    assert corpus.topics() == [8, 12, 24, 37, 41]
    for topic in corpus.topics():
        assert {d.subtopic for d in docs if d.topic == topic} == {f"{topic}_ecb", f"{topic}_ecbplus"}
    assert [p.name for p in corpus.licence_files() if p.exists()] == ["LICENSEDATA.TXT", "COPYING-CC.TXT"]


def test_every_gold_mention_maps_to_the_same_words(corpus: EcbPlusCorpus) -> None:
    n = 0
    for doc in corpus:
        raw = (corpus.root / "docs" / f"{doc.doc_id}.txt").read_text(encoding="utf-8")
        for m in doc.mentions:
            n += 1
            assert raw[m.ecb_start : m.ecb_end] == m.text
            shown = doc.text[m.start : m.end]
            assert _squash(shown) == _squash(m.text), (doc.doc_id, m.m_id)
            assert shown == shown.strip()
            assert doc.sentence_of(m.start) == m.sentence
            assert doc.to_ecb(m.start, m.end) == (m.ecb_start, m.ecb_end)
    assert n == 3567


def test_rebuilt_text_reads_as_news(corpus: EcbPlusCorpus) -> None:
    for doc in corpus:
        text = doc.text
        assert text == text.strip() and "\n\n" not in text
        assert not re.search(r" [,.;:!?%)](?:\s|$)", text), doc.doc_id  # no space before closing punctuation
        assert not re.search(r"\d : \d|\d , \d\d\d\b|\b[ap] \. m \.|\bU \. S \.", text), doc.doc_id
        assert not re.search(r"(?:^|\s)(?:``|'')(?:\s|$)", text), doc.doc_id  # PTB quote tokens rewritten
        # one line per ECB+ sentence; the URL line of ecbplus documents is dropped and kept as metadata
        raw_lines = (corpus.root / "docs" / f"{doc.doc_id}.txt").read_text(encoding="utf-8").rstrip("\n").split("\n")
        assert len(text.split("\n")) == len(raw_lines) - doc.first_line
        if doc.plus:
            assert doc.first_line == 1 and doc.url is not None and doc.url.startswith("http")
            assert " " not in doc.url and doc.url not in text
        else:
            assert doc.first_line == 0
        for n in range(doc.first_line, len(raw_lines)):
            start, end = doc.sentence_span(n)
            assert _squash(text[start:end]) == _squash(raw_lines[n])


def test_dateline_gives_the_publication_date(corpus: EcbPlusCorpus) -> None:
    dated = [d for d in corpus if d.published is not None]
    assert len(dated) >= 20
    assert all(1990 < d.published.year < 2020 for d in dated if d.published)
    assert not any(d.published for d in corpus if not d.plus)  # ECB (2008-9) documents carry no dateline


def test_write_round_trips_through_ingest(corpus: EcbPlusCorpus, tmp_path: Path) -> None:
    from reconcile.ingest import read_article

    doc = next(d for d in corpus if d.published is not None)
    article = read_article(doc.write(tmp_path))
    assert article.text == doc.text
    assert article.published == doc.published
    assert Path(article.source).name == doc.file_name


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EcbPlusMissing, match="not found"):
        find_root(tmp_path / "nowhere")
    (tmp_path / "docs").mkdir()
    with pytest.raises(EcbPlusMissing, match=r"missing docs\.jsonl"):
        find_root(tmp_path)
    assert not ecbplus.available(tmp_path)


@pytest.mark.parametrize(
    ("line", "date"),
    [("May 5, 2010", "2010-05-05"), ("on Nov 10, 2011", "2011-11-10"), ("Monday, 3 January 2013", "2013-01-03")],
)
def test_parse_date_line(line: str, date: str) -> None:
    parsed = parse_date_line(line)
    assert parsed is not None and parsed.isoformat() == date
    assert parse_date_line("The quake struck on May 5, 2010 near the coast of a large island") is None
