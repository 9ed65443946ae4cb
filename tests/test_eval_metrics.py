"""Scoring functions on hand-made cases whose answers are known.

Why: a scorer that is subtly wrong makes every later comparison meaningless. Each case here has an
answer computed by hand (or taken from the literature for B³), and the real gold set is used once to
check that a perfect prediction scores 1.0 everywhere.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from reconcile.evaluation.gold import GoldClaim, GoldConflict, GoldSet, load_gold
from reconcile.evaluation.metrics import (
    PredictedClaim,
    Scorecard,
    b_cubed,
    compare,
    date_correct,
    match_claims,
    normalize_code,
    pairwise,
    score,
)

ROOT = Path(__file__).resolve().parents[1]
ART = "t.txt"
TEXT = (
    "Germany expelled 40 Russian diplomats on Monday. "
    "Russia expelled 40 Germans in return. "
    "France will expel 35 Russian diplomats, dozens in all. "
    "Berlin's 40 were confirmed."
)


def gc(gid: str, sentence: str, number: str, *, nth: int = 0, **fields: Any) -> GoldClaim:
    """A gold claim on TEXT with offsets computed from the text (sentence prefix, number inside it)."""
    s_start = TEXT.index(sentence)
    s_end = TEXT.index(".", s_start) + 1
    start = s_start
    for _ in range(nth + 1):
        start = TEXT.index(number, start if start == s_start else start + 1)
    value = fields.pop("value", None if number == "dozens" else float(number))
    base: dict[str, Any] = dict(
        gold_id=gid,
        article=ART,
        number_text=number,
        start=start,
        end=start + len(number),
        hedge="vague" if value is None else "exact",
        hedge_text=None,
        value=value,
        low=24.0 if value is None else value,
        high=99.0 if value is None else value,
        actor="DEU",
        measure="expelled",
        target="RUS",
        unit="diplomats",
        scope="single",
        modality="done",
        date=dt.date(2022, 4, 4),
        source=None,
        sentence_start=s_start,
        sentence_end=s_end,
        quote=TEXT[s_start:s_end],
        event="E-DEU",
    )
    base.update(fields)
    return GoldClaim.model_validate(base)


G1 = gc("t-01", "Germany expelled", "40")
G2 = gc("t-02", "Russia expelled", "40", actor="RUS", target="DEU", event="E-RUS")
G3 = gc("t-03", "France will", "35", actor="FRA", modality="announced", event="E-FRA")
G4 = gc("t-04", "France will", "dozens", actor="FRA", modality="announced", event="E-FRA")
G5 = gc("t-05", "Berlin's", "40")
CLAIMS = (G1, G2, G3, G4, G5)
CONFLICTS = (
    GoldConflict(a="t-01", b="t-02", kind="none", why="opposite directions"),
    GoldConflict(a="t-03", b="t-04", kind="contradiction", why="pretend 35 and dozens disagree"),
    GoldConflict(a="t-01", b="t-05", kind="revision", why="pretend the later 40 is a revision"),
)
GOLD = GoldSet(claims=CLAIMS, conflicts=CONFLICTS, articles=(ART,))


def pred_from(g: GoldClaim, claim_id: str | None = None, **changes: Any) -> dict[str, Any]:
    """A claims-table row that agrees with gold claim ``g`` except for ``changes``."""
    row: dict[str, Any] = {
        "claim_id": claim_id or f"p-{g.gold_id}",
        "article_id": "sha",
        "article": f"seeds/{g.article}",
        "number_text": g.number_text,
        "start": g.start,
        "end": g.end,
        "value": g.value,
        "low": g.low,
        "high": g.high,
        "hedge": g.hedge.value,
        "actor": g.actor,
        "measure": g.measure,
        "target": g.target,
        "unit": g.unit,
        "scope": g.scope.value,
        "modality": g.modality.value,
        "event_date": g.date.isoformat() if g.date else None,
        "date_low": g.date_low,
        "date_high": g.date_high,
        "sentence_start": g.sentence_start,
        "sentence_end": g.sentence_end,
        "quote": g.quote,
        "actor_members": g.actor_members,
        "target_members": g.target_members,
    }
    row.update(changes)
    return row


def perfect(gold: GoldSet) -> tuple[list[dict[str, Any]], dict[str, str], list[tuple[str, str, str]]]:
    preds = [pred_from(g) for g in gold.claims]
    events = {f"p-{g.gold_id}": f"ev:{g.event}" for g in gold.claims}
    flags = [(f"p-{c.a}", f"p-{c.b}", c.kind.value) for c in gold.conflicts if c.kind.value != "none"]
    return preds, events, flags


# --- extraction ----------------------------------------------------------------------------------


def test_perfect_prediction_scores_one_everywhere() -> None:
    card = score(GOLD, *perfect(GOLD))
    for name, value in card.metrics().items():
        assert value == pytest.approx(1.0), name
    assert card.extraction.missed == [] and card.extraction.spurious == [] and card.extraction.field_errors == []


def test_perfect_prediction_on_the_real_gold_scores_one() -> None:
    gold = load_gold(ROOT / "eval" / "gold")
    card = score(gold, *perfect(gold))
    assert card.gold_claims == card.predicted_claims == 43
    assert all(v == pytest.approx(1.0) for v in card.metrics().values()), card.metrics()
    assert card.grouping.gold_clusters == 30


def test_empty_prediction() -> None:
    card = score(GOLD, [], {}, [])
    c = card.extraction.claims
    assert (c.precision, c.recall, c.f1) == (0.0, 0.0, 0.0)
    assert len(card.extraction.missed) == 5
    assert card.grouping.items == 0
    assert (card.conflicts.pairs.recall, card.conflicts.pairs.precision) == (0.0, 0.0)
    assert len(card.conflicts.misses) == 2


def test_empty_gold() -> None:
    empty = GoldSet(claims=(), conflicts=(), articles=(ART,))
    card = score(empty, [pred_from(G1)])
    assert (card.extraction.claims.precision, card.extraction.claims.recall) == (0.0, 0.0)
    assert len(card.extraction.spurious) == 1
    both_empty = score(empty, [])
    assert both_empty.extraction.claims.f1 == 1.0


def test_actor_target_swap_is_a_miss_but_visible_as_field_errors() -> None:
    preds = [pred_from(g) for g in CLAIMS if g is not G1] + [pred_from(G1, actor="RUS", target="DEU")]
    card = score(GOLD, preds)
    ex = card.extraction
    assert (ex.claims.tp, ex.claims.n_pred, ex.claims.n_gold) == (4, 5, 5)
    assert ex.claims.precision == pytest.approx(0.8) and ex.claims.recall == pytest.approx(0.8)
    assert [m.id for m in ex.missed] == ["t-01"]
    assert ex.span_matched == 5  # still matched by span, so its errors are counted per field
    assert ex.fields["actor"].correct == 4 and ex.fields["target"].correct == 4
    assert ex.fields["unit"].correct == 5
    assert {(e.gold_id, e.field) for e in ex.field_errors} == {("t-01", "actor"), ("t-01", "target")}
    assert ex.grounding["span_exact"].accuracy == 1.0


def test_same_value_in_same_sentence_matches_without_overlap() -> None:
    # the model points at "Monday"'s neighbourhood, not the number, but says 40 in the right sentence
    row = pred_from(G1, start=G1.start + 3, end=G1.start + 10, number_text="Russian")
    card = score(GOLD, [row])
    assert card.extraction.claims.tp == 1
    assert card.extraction.grounding["span_overlap"].accuracy == 0.0
    # A DEU->RUS 40 placed on Russia's 40 (sentence 2): it overlaps G2 but the key fails, and the same
    # value in a *different* sentence (G1's and G5's 40) is no candidate, so nothing matches.
    far = pred_from(G5, start=G2.start, end=G2.end)
    assert score(GOLD, [far]).extraction.claims.tp == 0


def test_matching_is_one_to_one_and_prefers_larger_overlap() -> None:
    exact = PredictedClaim.from_row(pred_from(G3, claim_id="a"))
    wider = PredictedClaim.from_row(pred_from(G3, claim_id="b", start=G3.start - 5, end=G3.end + 1))
    pairs = match_claims([G3], [wider, exact], require_key=True)
    assert [(p.claim_id, g.gold_id) for p, g in pairs] == [("a", "t-03")]


def test_normalisation_of_codes_and_measures() -> None:
    assert normalize_code("de") == "DEU" and normalize_code(" eu ") == "EUU" and normalize_code("") is None
    assert score(GOLD, [pred_from(G1, actor="DE")]).extraction.claims.tp == 1
    assert score(GOLD, [pred_from(G1, measure="closed")]).extraction.claims.tp == 0  # another measure: a miss
    multi = gc(
        "t-06", "France will", "dozens", actor="MULTI", actor_members=["FRA", "BEL"], scope="aggregate", event="E-M"
    )
    gold = GoldSet(claims=(multi,), conflicts=(), articles=(ART,))
    assert score(gold, [pred_from(multi, actor=None, actor_members=None)]).extraction.claims.tp == 1
    assert score(gold, [pred_from(multi, actor="FRA", actor_members=None)]).extraction.claims.tp == 0
    assert score(gold, [pred_from(multi, actor="MULTI", actor_members=["FRA", "DEU"])]).extraction.claims.tp == 0


def test_date_rule() -> None:
    window = gc(
        "t-07", "Germany expelled", "40", date=None, date_low=dt.date(2022, 4, 1), date_high=dt.date(2022, 4, 30)
    )
    inside = PredictedClaim.from_row(pred_from(window, event_date="2022-04-04"))
    outside = PredictedClaim.from_row(pred_from(window, event_date="2022-05-04"))
    missing = PredictedClaim.from_row(pred_from(window, event_date=None, date_low=None, date_high=None))
    own_window = PredictedClaim.from_row(
        pred_from(window, event_date=None, date_low="2022-04-02", date_high="2022-04-05")
    )
    assert date_correct(own_window, window)
    assert date_correct(inside, window) and not date_correct(outside, window) and not date_correct(missing, window)
    unknown = gc("t-08", "Germany expelled", "40", date=None)
    assert date_correct(PredictedClaim.from_row(pred_from(unknown)), unknown)
    assert not date_correct(PredictedClaim.from_row(pred_from(unknown, event_date="2022-04-04")), unknown)


def test_unscored_articles_are_ignored() -> None:
    other = pred_from(G1, claim_id="x", article="elsewhere.txt")
    card = score(GOLD, [pred_from(G1), other])
    assert card.unscored_predictions == 1 and card.predicted_claims == 1


# --- grouping ------------------------------------------------------------------------------------


def test_split_group() -> None:
    gold = {"a": 1, "b": 1, "c": 1, "d": 1}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y"}
    b3 = b_cubed(pred, gold)
    assert (b3.precision, b3.recall) == (1.0, 0.5)
    pw = pairwise(pred, gold)
    assert (pw.precision, pw.recall) == (1.0, pytest.approx(2 / 6))


def test_merged_groups() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    pred = dict.fromkeys("abcd", "x")
    b3 = b_cubed(pred, gold)
    assert (b3.precision, b3.recall) == (0.5, 1.0)
    pw = pairwise(pred, gold)
    assert (pw.precision, pw.recall) == (pytest.approx(2 / 6), 1.0)


def test_b_cubed_bagga_baldwin_example() -> None:
    """Bagga & Baldwin (1998), fig. 2: gold chains {1-5}, {6,7}, {8-12}. Merging {6,7} into {8-12} costs
    precision 16/21 (0.76); merging {1-5} into {8-12} costs 7/12 (0.58); recall stays 1 in both."""
    gold = {i: (1 if i <= 5 else 2 if i <= 7 else 3) for i in range(1, 13)}
    small_merge = {i: (1 if i <= 5 else 2) for i in range(1, 13)}
    big_merge = {i: (2 if i in (6, 7) else 1) for i in range(1, 13)}
    a, b = b_cubed(small_merge, gold), b_cubed(big_merge, gold)
    assert (a.precision, a.recall) == (pytest.approx(16 / 21), 1.0)
    assert (b.precision, b.recall) == (pytest.approx(7 / 12), 1.0)


def test_grouping_is_scored_on_matched_claims_through_gold_ids() -> None:
    preds, _, _ = perfect(GOLD)
    events = {p["claim_id"]: "one" for p in preds}  # everything merged into one event
    card = score(GOLD, preds, events)
    gr = card.grouping
    # gold clusters: E-DEU {t-01, t-05}, E-RUS {t-02}, E-FRA {t-03, t-04} -> B3 precision (2*2+1+2*2)/5/5
    assert gr.b_cubed.precision == pytest.approx((2 / 5 + 2 / 5 + 1 / 5 + 2 / 5 + 2 / 5) / 5)
    assert gr.b_cubed.recall == 1.0
    assert gr.pairwise.precision == pytest.approx(2 / 10)
    # an unmatched prediction does not enter the grouping score
    card2 = score(GOLD, [*preds[:1], pred_from(G2, actor="FRA")], events)
    assert card2.grouping.items == 1


# --- conflicts -----------------------------------------------------------------------------------


def test_conflict_false_positive_miss_and_kind_error_with_quotes() -> None:
    preds, events, _ = perfect(GOLD)
    preds.append({**pred_from(G3, claim_id="stray"), "start": 0, "end": 7, "value": 7.0, "number_text": "Germany"})
    flags = [
        ("p-t-01", "p-t-02", "contradiction"),  # gold says none: a trap, false positive
        ("p-t-04", "p-t-03", "revision"),  # right pair (order does not matter), wrong kind
        ("p-t-03", "p-t-04", "contradiction"),  # duplicate of the same pair: ignored
        ("p-t-03", "stray", "contradiction"),  # unmatched claim: false positive with its own quotes
        ("p-t-01", "p-t-05", "none"),  # kind none is not a flag -> the revision is missed
        ("p-t-01", "ghost", "contradiction"),  # unknown claim id: unscored
    ]
    card = score(GOLD, preds, events, flags)
    co = card.conflicts
    assert (co.pairs.tp, co.pairs.n_pred, co.pairs.n_gold) == (1, 3, 2)
    assert co.pairs.precision == pytest.approx(1 / 3) and co.pairs.recall == 0.5
    assert co.typed.tp == 0
    assert co.trap_violations == 1 and co.unscored == 1
    assert [(m.a, m.b, m.gold_kind) for m in co.misses] == [("t-01", "t-05", "revision")]
    assert [(k.predicted_kind, k.gold_kind) for k in co.kind_errors] == [("revision", "contradiction")]
    fp_quotes = {(f.quote_a, f.quote_b) for f in co.false_positives}
    assert (G1.quote, G2.quote) in fp_quotes
    assert (G3.quote, G3.quote) in fp_quotes  # the stray prediction reports its own sentence
    md = card.to_markdown()
    assert "False conflict flags" in md and "Missed conflicts" in md and G2.quote in md


# --- scorecard -----------------------------------------------------------------------------------


def test_scorecard_json_round_trip_and_compare() -> None:
    good = score(GOLD, *perfect(GOLD))
    half = score(GOLD, [pred_from(G1), pred_from(G2)])
    assert Scorecard.from_json(good.to_json()) == good
    deltas = {d.name: d for d in compare(half, good)}
    assert deltas["claims.recall"].delta == pytest.approx(0.4 - 1.0)
    assert deltas["claims.recall"].worse
    assert deltas["claims.precision"].delta == pytest.approx(0.0) and not deltas["claims.precision"].worse
    assert "| claims (key match) |" in half.to_markdown()
