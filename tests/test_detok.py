"""Detokenisation of space-separated tokens, and the offset map both ways (no corpus needed)."""

from __future__ import annotations

import pytest

from reconcile.evaluation.detok import detokenize


def _text(line: str, *, split_hyphens: bool = False) -> str:
    return detokenize([line], split_hyphens=split_hyphens).text


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ("It struck at 2 : 53 p . m . local time .", "It struck at 2:53 p.m. local time."),
        ("the U . S . Navy 's ship", "the U.S. Navy's ship"),
        ("We do n't know , '' he said .", "We don't know,\" he said."),
        ("`` We 're here , '' she said", '"We\'re here," she said'),
        ("a haul of € 80 million ( $ 100 million )", "a haul of €80 million ($100 million)"),
        ("earns £ 35 , 000 a year", "earns £35,000 a year"),
        ("in 2009 , 120 people", "in 2009, 120 people"),
        ("on May 2 , 2013 .", "on May 2, 2013."),
        ("a magnitude 6 . 1 quake", "a magnitude 6.1 quake"),
        ("at 11 : 25 GMT+02 : 00", "at 11:25 GMT+02:00"),
        ("the pirates ' boats", "the pirates' boats"),
        ("the warship ’ s crew", "the warship’s crew"),
        ("Plan B . A man came", "Plan B. A man came"),
        ('he said " it is over " and left', 'he said "it is over" and left'),
        ("80 % of it ...", "80% of it..."),
        ("the ship -- later named -- sank", "the ship -- later named -- sank"),
        ("an ? 110 billion bailout", "an ?110 billion bailout"),
    ],
)
def test_gaps(tokens: str, expected: str) -> None:
    assert _text(tokens) == expected


def test_hyphens_join_only_when_the_tokeniser_split_them() -> None:
    line = "a 61 - year - old man , a 6 . 1 - magnitude quake , workers - the two women - died"
    assert _text(line, split_hyphens=True) == "a 61-year-old man, a 6.1-magnitude quake, workers - the two women-died"
    assert _text("the Columbus - which sails", split_hyphens=False) == "the Columbus - which sails"
    assert _text("$ 2 . 6 - million", split_hyphens=True) == "$2.6-million"


def test_quotes_reopened_per_paragraph() -> None:
    lines = ['" Our country is at the edge .', '" What is at stake is peace . "', "He left ."]
    assert detokenize(lines).text == '"Our country is at the edge.\n"What is at stake is peace."\nHe left.'


def test_lines_stay_lines_and_offsets_map_both_ways() -> None:
    lines = ["Police said 2 , 500 people fled at 2 : 53 p . m . .", "`` Three died , '' he said ."]
    src = "\n".join(lines)
    d = detokenize(lines)
    assert d.text.split("\n")[0] == "Police said 2,500 people fled at 2:53 p.m.."
    assert len(d.line_spans) == 2
    assert d.text[slice(*d.line_spans[1])] == '"Three died," he said.'
    # every token's span maps to the same characters (quote tokens are rewritten)
    for tok in d.tokens:
        shown = d.text[tok.out_start : tok.out_end]
        assert shown == {"``": '"', "''": '"'}.get(tok.text, tok.text)
        assert src[tok.src_start : tok.src_end] == tok.text
        assert d.to_text(tok.src_start, tok.src_end) == (tok.out_start, tok.out_end)
        assert d.to_source(tok.out_start, tok.out_end) == (tok.src_start, tok.src_end)
    # a multi-token span: "2 , 500" <-> "2,500"
    s = src.index("2 , 500")
    a, b = d.to_text(s, s + len("2 , 500"))
    assert d.text[a:b] == "2,500"
    assert d.to_source(a, b) == (s, s + len("2 , 500"))
    # part of an unchanged token maps character for character
    s = src.index("people")
    assert d.text[slice(*d.to_text(s + 1, s + 3))] == "eo"
    assert d.line_of(d.line_spans[1][0] + 3) == 1


def test_bad_spans_are_refused() -> None:
    d = detokenize(["a b"])
    with pytest.raises(ValueError, match="outside"):
        d.to_text(0, 99)
    with pytest.raises(ValueError, match="outside"):
        d.to_source(2, 1)
