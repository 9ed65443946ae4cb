"""The ECB+ scorer on made-up documents: key matching by measure, fields, chains, purity, conflicts.

No corpus text is used here: two small documents are written for the test (tokenised like ECB+) with
their own mentions and chains.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from reconcile.evaluation.detok import detokenize
from reconcile.evaluation.ecbplus import EcbDoc, Mention
from reconcile.evaluation.newsgold import NewsConflictKind, NewsGoldClaim, NewsGoldConflict, NewsGoldSet
from reconcile.evaluation.newsmetrics import chain_of, same_party, same_place, same_source, score_news

LINES = {
    "99_1ecb": ["A storm hit Avalon on Monday .", "It killed 12 people and injured dozens , police said ."],
    "99_1ecbplus": ["http : / / example . org / storm", "Storm kills 30 in Borduria", "Officials said 30 died ."],
}


def _doc(doc_id: str, mentions: list[tuple[str, str, int, str]]) -> EcbDoc:
    """A document from tokenised lines; mentions as (words, tag, sentence, chain id)."""
    plus = doc_id.endswith("plus")
    lines = LINES[doc_id][1:] if plus else LINES[doc_id]
    detok = detokenize(lines, split_hyphens=plus)
    built = []
    for i, (words, tag, sentence, chain) in enumerate(mentions):
        line = sentence - (1 if plus else 0)
        src_line_start = sum(len(x) + 1 for x in lines[:line])
        s = src_line_start + lines[line].index(words)
        start, end = detok.to_text(s, s + len(words))
        built.append(
            Mention(doc_id, str(i), tag, "event" if tag.startswith("ACTION") else "entity", sentence, s, s + len(words),
                    start, end, words, chain, "cross_doc", chain, True)
        )  # fmt: skip
    return EcbDoc(
        doc_id=doc_id, topic=99, subtopic="99_ecbplus" if plus else "99_ecb", url=None, published=None,
        gold_sentences=(), detok=detok, first_line=1 if plus else 0, offset=len(LINES[doc_id][0]) + 1 if plus else 0,
        mentions=tuple(built),
    )  # fmt: skip


KILL = "ACTION_OCCURRENCE"
DOCS = {
    "99_1ecb": _doc("99_1ecb", [("killed", KILL, 1, "A_kill"), ("12 people", "HUMAN_PART_PER", 1, "P_12")]),
    "99_1ecbplus": _doc(
        "99_1ecbplus", [("kills", KILL, 1, "B_kill"), ("30", "HUMAN_PART_PER", 1, "P_30"), ("died", KILL, 2, "B_kill")]
    ),
}


class Docs:
    def doc(self, doc_id: str) -> EcbDoc:
        return DOCS[doc_id]


def _gold(doc_id: str, n: int, number: str, measure: str, event: str, **kw: Any) -> NewsGoldClaim:
    doc = DOCS[doc_id]
    spans = doc.detok.line_spans
    line = next(i for i, (a, b) in enumerate(spans) if number in doc.text[a:b] and i >= kw.get("line", 0))
    s_start, s_end = doc.detok.line_spans[line]
    start = doc.text.index(number, s_start)
    value = kw.pop("value", float(number) if number.isdigit() else None)
    low, high = kw.pop("low", value), kw.pop("high", value)
    kw.pop("line", None)
    fields: dict[str, Any] = dict(
        gold_id=f"{doc_id}-{n:02d}", doc_id=doc_id, article=f"{doc_id}.txt", topic=99, subtopic=doc.subtopic,
        sentence=line + doc.first_line, number_text=number, start=start, end=start + len(number), ecb_start=0,
        ecb_end=1, hedge="exact", hedge_text=None, value=value, low=low, high=high, measure=measure,
        unit="people", actor=None, target=None, place="AVL", source=None, modality="done", scope="single",
        sentence_start=s_start, sentence_end=s_end, event=event,
    )  # fmt: skip
    fields.update(kw)
    return NewsGoldClaim(**fields)


G_12 = _gold("99_1ecb", 1, "12", "killed", "t99ecb_storm_killed", source="police")
G_DOZ = _gold("99_1ecb", 2, "dozens", "injured", "t99ecb_storm_injured", hedge="vague", low=24.0, high=99.0)
G_30A = _gold("99_1ecbplus", 1, "30", "killed", "t99plus_storm_killed", place="BRD")
G_30B = _gold("99_1ecbplus", 2, "30", "killed", "t99plus_storm_killed", place="BRD", line=1, source="officials")
GOLD = NewsGoldSet(
    claims=(G_12, G_DOZ, G_30A, G_30B),
    conflicts=(NewsGoldConflict(a=G_12.gold_id, b=G_30A.gold_id, kind=NewsConflictKind.NONE, why="two storms"),),
    articles=("99_1ecb.txt", "99_1ecbplus.txt"),
)


def _pred(g: NewsGoldClaim, claim_id: str, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict(
        claim_id=claim_id, article=g.article, article_id=g.doc_id, number_text=g.number_text, start=g.start,
        end=g.end, value=g.value, low=g.low, high=g.high, hedge=g.hedge, measure=g.measure, unit="people",
        actor=None, target=None, place=g.place, source=g.source, source_text=g.source, scope="single",
        modality="done", sentence_start=g.sentence_start, sentence_end=g.sentence_end, quote="",
    )  # fmt: skip
    row.update(kw)
    return row


def test_loose_field_comparisons() -> None:
    assert same_party("IND", "IND") and same_party("in", "IND")
    assert same_party("somali_pirates", "pirates") and not same_party("police", "pirates")
    assert same_party(None, None) and not same_party("police", None)
    assert same_place("IDN", "IDN-AC") and not same_place("IDN", "PNG")
    assert same_place("gulf of aden", "gulf_of_aden")
    assert same_source("the US Geological Survey (USGS)", "USGS") and not same_source("police", "USGS")
    assert same_source("the U.S. Geological Survey", "USGS") and same_source("WFP", "the World Food Programme")
    assert not same_source("the Geological Survey", "USGS")


def test_chain_of_prefers_the_participant_holding_the_number() -> None:
    doc = DOCS["99_1ecb"]
    start = doc.text.index("12")
    assert chain_of(doc, start, start + 2) == "P_12"
    start = doc.text.index("dozens")
    assert chain_of(doc, start, start + 6) == "A_kill"  # no participant: the nearest event of the sentence
    assert chain_of(doc, 0, 1) is None  # sentence 0 has no mention


def test_perfect_run_scores_one_and_keeps_stories_apart() -> None:
    preds = [_pred(g, f"p{i}") for i, g in enumerate(GOLD.claims)]
    events = {"p0": "e1", "p1": "e2", "p2": "e3", "p3": "e3"}
    card = score_news(GOLD, preds, events, corpus=Docs())
    ov = card.overall
    assert ov.extraction.claims.f1 == 1.0
    assert ov.events.b_cubed.f1 == 1.0
    assert ov.purity.mixed == 0 and ov.purity.events_checked == 3
    assert all(a.accuracy == 1.0 for a in ov.extraction.fields.values())
    assert [t.topic for t in card.topics] == [99]
    assert ov.chains.items == 4  # every prediction maps to a chain
    assert ov.conflicts.pairs.n_gold == 0 and ov.conflicts.pairs.f1 == 1.0


def test_wrong_measure_is_a_miss_and_a_field_error_and_merging_stories_is_caught() -> None:
    preds = [
        _pred(G_12, "p0"),
        _pred(G_DOZ, "p1", measure="killed"),  # right number, wrong measure
        _pred(G_30A, "p2"),
        _pred(G_30B, "p3", place="IDN"),
    ]
    events = {"p0": "e1", "p1": "e1", "p2": "e1", "p3": "e1"}  # one event over both storms
    flags = [("p0", "p2", "contradiction")]  # the two storms flagged against each other
    card = score_news(GOLD, preds, events, flags, corpus=Docs())
    ov = card.overall
    assert (ov.extraction.claims.tp, ov.extraction.claims.n_pred, ov.extraction.claims.n_gold) == (3, 4, 4)
    assert [m.id for m in ov.extraction.missed] == [G_DOZ.gold_id]
    assert ov.extraction.fields["measure"].correct == 3 and ov.extraction.fields["place"].correct == 3
    assert ov.purity.mixed == 1 and G_12.gold_id in ov.purity.examples[0]
    assert ov.events.b_cubed.precision < 1.0
    assert ov.conflicts.pairs.precision == 0.0 and ov.conflicts.trap_violations == 1
    assert all(m.quote == "" for m in ov.extraction.missed)  # no corpus sentence in a scorecard
    md = card.to_markdown()
    assert card.split == "dev" and "role **fit**" in md and "tuned on" in md  # the dev split is a fit
    assert f"{G_DOZ.gold_id} `" in md  # its misses are listed for whoever tunes on it
    assert card.metrics()["all.purity.mixed"] == 1.0
    held = score_news(replace(GOLD, split="heldout"), preds, events, flags, corpus=Docs())
    md = held.to_markdown()
    assert (held.set, held.split, held.role) == ("ecbplus-heldout", "heldout", "result")
    assert "role **result**" in md and "held-out" in md
    assert G_DOZ.gold_id not in md and held.overall.extraction.missed  # no held-out to-do list in the Markdown
    assert held.metrics() == card.metrics()  # the same figures, only the standing differs


def test_unscored_documents_are_counted_not_scored() -> None:
    other = _pred(G_12, "px", article="99_2ecb.txt")
    card = score_news(GOLD, [other], {}, corpus=Docs())
    assert card.unscored_predictions == 1 and card.overall.predicted_claims == 0


@pytest.mark.parametrize("kind", ["revision", "source_disagreement", "contradiction"])
def test_a_flag_on_a_gold_positive_counts(kind: str) -> None:
    g30b = G_30B.model_copy(update={"value": 31.0, "low": 31.0, "high": 31.0})
    gold = NewsGoldSet(
        claims=(G_12, G_DOZ, G_30A, g30b),
        conflicts=(NewsGoldConflict(a=G_30A.gold_id, b=g30b.gold_id, kind=NewsConflictKind(kind), why="x"),),
        articles=GOLD.articles,
    )
    preds = [_pred(g, f"p{i}") for i, g in enumerate(gold.claims)]
    card = score_news(gold, preds, {}, [("p2", "p3", kind)], corpus=Docs())
    assert card.overall.conflicts.pairs.f1 == 1.0 and card.overall.conflicts.typed.f1 == 1.0
    card = score_news(gold, preds, {}, [("p2", "p3", "unit_or_scope")], corpus=Docs())
    assert card.overall.conflicts.pairs.f1 == 1.0 and card.overall.conflicts.typed.f1 == 0.0
