"""The finder families of issue 19, one case table each: a change and a level in one phrase, units glued or
abbreviated, statistics in a row, names that are not quantities, fractions and shares, vague money; and the
finder scorecard (``reconcile.evaluation.finder``) on its own gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.core.numbers import find_numbers
from reconcile.core.types import Change, Hedge, NumberMention
from reconcile.evaluation.finder import GoldQuantity, GoldSentence, load_gold, score_finder, score_sentence

GOLD = Path(__file__).resolve().parents[1] / "eval" / "finder"


def _read(text: str, language: str = "en") -> list[tuple[str, float | None, str | None, str | None]]:
    return [(m.text, m.value, m.unit, m.change.value if m.change else None) for m in find_numbers(text, language)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("exports grew by $3.1 billion to $96.4 billion",
         [("3.1 billion", 3.1e9, "USD", "increase"), ("96.4 billion", 96.4e9, "USD", None)]),
        ("shares fell 40 cents to $12.15", [("40", 0.4, "USD", "decrease"), ("12.15", 12.15, "USD", None)]),
        ("the index was up 2.3 points at 1,412.6", [("2.3", 2.3, None, "increase"), ("1,412.6", 1412.6, None, None)]),
        ("Revenue fell 4% to $2.16 billion.",
         [("4", 4.0, "percent", "decrease"), ("2.16 billion", 2.16e9, "USD", None)]),
        ("shares fell 81 cents, or 2.4%, to $33.34",
         [("81", 0.81, "USD", "decrease"), ("2.4", 2.4, "percent", "decrease"), ("33.34", 33.34, "USD", None)]),
        ("reported a 16% decline in earnings", [("16", 16.0, "percent", "decrease")]),
        ("a board 67 per cent smaller than before", [("67", 67.0, "percent", "decrease")]),
        ("the chips are 1.8 times faster than the M1", [("1.8", 1.8, "times", "increase")]),
        ("inflation rose to 9.6% in May", [("9.6", 9.6, "percent", None)]),
    ],
)  # fmt: skip
def test_change_and_level(text: str, expected: list[tuple[str, float, str | None, str | None]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Der Umsatz, der um vier Prozent auf 412,2 Millionen Dollar zulegte.", "de",
         [("vier", 4.0, "percent", "increase"), ("412,2 Millionen", 412.2e6, "USD", None)]),
        ("sank das Ergebnis von 10 auf 9,4 Millionen Dollar", "de",
         [("10", 10e6, "USD", None), ("9,4 Millionen", 9.4e6, "USD", None)]),
        ("le chiffre d'affaires est en hausse de 5 %", "fr", [("5", 5.0, "percent", "increase")]),
        ("las ventas cayeron un 3 %", "es", [("3", 3.0, "percent", "decrease")]),  # plural verbs are language data too
        ("las ventas cayó un 3 %", "es", [("3", 3.0, "percent", "decrease")]),
    ],
)  # fmt: skip
def test_change_words_are_language_data(text: str, language: str, expected: list[tuple[str, float, str, str]]) -> None:
    assert _read(text, language) == expected


def test_an_english_change_word_does_not_fire_on_german() -> None:
    """ "down" is an English change word; in a German sentence it is nothing."""
    assert _read("Die Aktie notierte down 5 Prozent", "de") == [("5", 5.0, "percent", None)]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("512GB", 512, "GB"), ("a 310hp engine", 310, "hp"), ("1.2m viewers", 1.2e6, None), ("45k", 45000, None),
     ("120 km/h", 120, "kmh"), ("at 3,000 rpm", 3000, "rpm"), ("1.5 GW", 1.5, "GW"), ("$9 apiece", 9, "USD"),
     ("$80 per barrel", 80, "USD"), ("a 12-point lead", 12, None), ("a 12-inch screen", 12, "in"),
     ("the 11in model", 11, "in"), ("weighs 199g", 199, "g"), ("a 4,500 mAh battery", 4500, "mAh"),
     ("a 1.1 GHz CPU", 1.1, "GHz"), ("50 light years away", 50, "ly"), ("800 degrees F", 800, "fahrenheit"),
     ("9 groszy per share", 0.09, "PLN"), ("a 21-cent average", 0.21, "USD"), ("140 mm Hg", 140, "mmHg")],
)  # fmt: skip
def test_units_glued_or_abbreviated(text: str, value: float, unit: str | None) -> None:
    (mention,) = find_numbers(text)
    assert mention.value == pytest.approx(value) and mention.unit == unit


@pytest.mark.parametrize(
    ("text", "values"),
    [("averaged 21.4 points, 8.1 rebounds and 5.5 assists", [21.4, 8.1, 5.5]),
     ("past the Brooklyn Nets 130-116 on Saturday", [130, 116]), ("to fall to an East-worst 4-13.", [4, 13]),
     ("He finished 9-for-15 from the field", [9, 15]), ("a 74-24 vote", [74, 24])],
)  # fmt: skip
def test_statistics_in_a_row(text: str, values: list[float]) -> None:
    assert [m.value for m in find_numbers(text)] == values


@pytest.mark.parametrize(
    "text",
    [
        "the new Pixel 8 Pro",
        "shares in the FTSE 100 index",
        "teams of the Big Ten",
        "built in A.D. 800",
        "made five 3-pointers",
        "a one-time charge",
        "star J0034-00 is cold",
    ],
)
def test_names_and_labels_are_not_quantities(text: str) -> None:
    assert [m.value for m in find_numbers(text) if m.value not in (5.0,)] == []


@pytest.mark.parametrize(
    ("text", "language", "value", "unit", "hedge"),
    [("only a third of those tested", "en", 1 / 3, "fraction", Hedge.EXACT),
     ("about half of the budget", "en", 0.5, "fraction", Hedge.ABOUT),
     ("two in five voters", "en", 0.4, "fraction", Hedge.EXACT),
     ("7 out of every 10 Americans", "en", 0.7, "fraction", Hedge.EXACT),
     ("prices rose one-tenth of a percentage point", "en", 0.1, "percentage_point", Hedge.EXACT),
     ("die Hälfte der Stellen", "de", 0.5, "fraction", Hedge.EXACT),
     ("un tiers des électeurs", "fr", 1 / 3, "fraction", Hedge.EXACT),
     ("dos de cada tres votantes", "es", 2 / 3, "fraction", Hedge.EXACT)],
)  # fmt: skip
def test_fractions_and_shares(text: str, language: str, value: float, unit: str, hedge: Hedge) -> None:
    (mention,) = find_numbers(text, language)
    assert (mention.value, mention.unit, mention.hedge) == (pytest.approx(value), unit, hedge)


def test_ordinals_are_not_shares() -> None:
    assert find_numbers("their third straight win, a fifth time") == []


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [("tens of thousands of dollars", 20000, 99999, "USD"), ("hundreds of millions of euros", 2e8, 1e9 - 1, "EUR")],
)
def test_vague_money(text: str, low: float, high: float, unit: str) -> None:
    (mention,) = find_numbers(text)
    assert (mention.low, mention.high, mention.unit, mention.hedge) == (low, high, unit, Hedge.VAGUE)


@pytest.mark.parametrize(
    ("text", "hedge"), [("gasoline above $5 a gallon", Hedge.MORE_THAN), ("10,000+ employees", Hedge.AT_LEAST)]
)
def test_more_hedges(text: str, hedge: Hedge) -> None:
    (mention,) = find_numbers(text)
    assert mention.hedge is hedge
    assert mention.hedge_span is not None
    assert text[mention.hedge_span.start : mention.hedge_span.end] == mention.hedge_text


def test_every_gold_mention_slices_back() -> None:
    for split in ("dev", "heldout"):
        for sentence in load_gold(GOLD / f"{split}.jsonl"):
            for m in find_numbers(sentence.text, sentence.language):
                assert sentence.text[m.span.start : m.span.end] == m.text


def _sentence(text: str, *quantities: GoldQuantity) -> GoldSentence:
    return GoldSentence("s#0", "s", "finance", "dev", "en", text, quantities)


def test_scorecard_counts_values_units_changes_and_leaves_durations_apart() -> None:
    text = "Shares fell 81 cents in three months."
    gold = _sentence(
        text,
        GoldQuantity(12, 14, "81", 0.81, None, None, "USD", "quantity", "decrease", "exact"),
        GoldQuantity(24, 29, "three", 3, None, None, None, "duration", None, "exact"),
    )
    right = [m for m in find_numbers(text)]
    tally, errors = score_sentence(gold, right)
    assert (tally.gold, tally.predicted, tally.value, tally.value_unit, tally.value_change) == (1, 1, 1, 1, 1)
    assert errors == []
    wrong = [NumberMention(right[0].span, "81", 81.0, 81.0, 81.0)]
    tally, errors = score_sentence(gold, wrong)
    assert tally.value == 0 and {e["error"] for e in errors} == {"miss", "false_positive"}
    with_duration = [*right, NumberMention(type(right[0].span)(24, 29), "three", 3.0, 3.0, 3.0)]
    tally, _ = score_sentence(gold, with_duration)
    assert (tally.predicted, tally.excluded_reported) == (1, 1)  # a reported duration is no false positive


def test_finder_card_on_the_gold() -> None:
    card = score_finder(load_gold(GOLD / "heldout.jsonl"), "heldout")
    assert card.role == "result" and card.errors == []  # a held-out card keeps figures only
    assert set(card.sections) == {"finance", "business", "technology", "sports", "science_health", "politics_crime"}
    assert card.overall.gold >= 250


def test_change_field_defaults_to_a_level() -> None:
    (mention,) = find_numbers("40 diplomats")
    assert mention.change is None and Change("increase") is Change.INCREASE
