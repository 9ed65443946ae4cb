"""The oracle check: gold claims stored as if extracted, then reconciled and scored — no model involved.

Why: grouping and disagreement typing (``reconcile.events``) can be judged apart from extraction. If the
gold claims themselves, with every field right, are grouped into events that mix the two look-alike
real-world events of an ECB+ topic, or split one event, or flag a conversion as a conflict, no extractor
can fix it. ``oracle_scorecard`` builds a fresh store from ``eval/ecbplus/gold`` (each document ingested
under ``<doc_id>.txt`` with its dateline's date; each gold claim a ``Claim`` dated as the pipeline dates
it: by the date phrase of its own sentence, else by the article's lead, resolved against the dateline,
``core.dates.claim_date``; an article without one is dated by its story in the reconciliation SQL; the gold
labels no dates), runs
``reconcile_events`` and scores the result with ``reconcile.evaluation.newsmetrics`` (extraction is 100%
by construction).
"""

from __future__ import annotations

from pathlib import Path

from reconcile.core.claims import Claim, MeasureKind, Modality, Scope
from reconcile.core.dates import ArticleDates, article_dates, claim_date
from reconcile.core.sentences import split_sentences
from reconcile.core.types import Span
from reconcile.evaluation.ecbplus import EcbDoc, EcbPlusCorpus
from reconcile.evaluation.newsgold import MEASURE_KINDS, NewsGoldClaim, NewsGoldSet, load_news_gold
from reconcile.evaluation.newsmetrics import NewsScorecard
from reconcile.events import reconcile_events
from reconcile.ingest import Metadata, article_from_text
from reconcile.profile import load_profile
from reconcile.store.database import ExtractionRecord, Store

ORACLE_VERSION = "oracle:eval/ecbplus/gold"
PROFILE = "news"


# Fields a gold claim and a stored claim share by name; the *_text wording fields repeat the gold keys.
_SHARED = (
    "number_text", "start", "end", "value", "low", "high", "hedge", "hedge_text", "measure", "unit", "actor",
    "target", "place", "source", "sentence_start", "sentence_end",
)  # fmt: skip


def gold_to_claim(
    gold: NewsGoldClaim, article_id: str, doc: EcbDoc, number_id: str, dates: ArticleDates | None = None
) -> Claim:
    """A gold claim as the pipeline would store it: the same span, value, interval and labels, dated by its
    sentence or the article's lead (``dates``; None: the dateline's day, as before sentences dated claims)."""
    shared = {name: getattr(gold, name) for name in _SHARED}
    sentence = doc.text[gold.sentence_start : gold.sentence_end]
    if dates is None:
        when, low, high = doc.published, doc.published, doc.published
        date_text = None
    else:
        number = Span(gold.start - gold.sentence_start, gold.end - gold.sentence_start)
        resolved = claim_date(sentence, number, dates)
        when, low, high, date_text = resolved.day, resolved.low, resolved.high, resolved.text
    return Claim(
        **shared,
        claim_id=f"{article_id[:16]}:{gold.start}-{gold.end}",
        article_id=article_id,
        number_id=number_id,
        profile=PROFILE,
        measure_kind=MeasureKind(MEASURE_KINDS[gold.measure]),
        actor_text=gold.actor,
        target_text=gold.target,
        place_text=gold.place,
        source_text=gold.source,
        scope=Scope(gold.scope),
        modality=Modality(gold.modality),
        date_text=date_text,
        event_date=when,
        date_low=low,
        date_high=high,
        quote=sentence,
    )


def load_oracle(store: Store, gold: NewsGoldSet, corpus: EcbPlusCorpus) -> int:
    """Store every gold document and its gold claims in ``store``; returns the number of claims."""
    by_doc: dict[str, list[NewsGoldClaim]] = {d: [] for d in gold.doc_ids()}
    for claim in gold.claims:
        by_doc[claim.doc_id].append(claim)
    n = 0
    for doc_id, claims in by_doc.items():
        doc = corpus.doc(doc_id)
        article = article_from_text(doc.text, doc.file_name, published=doc.published, metadata=Metadata(url=doc.url))
        store.add_article(article)
        dates = article_dates(doc.text, doc.published, split_sentences(doc.text))
        rows = [gold_to_claim(c, article.article_id, doc, f"G{i}", dates) for i, c in enumerate(claims, 1)]
        record = ExtractionRecord(
            article_id=article.article_id, extractor_version=ORACLE_VERSION, run_id="oracle", status="done",
            claims=len(rows),
        )  # fmt: skip
        store.save_extraction(record, rows, [])
        n += len(rows)
    return n


def oracle_scorecard(
    db: str | Path, gold_dir: str | Path | None = None, corpus: EcbPlusCorpus | None = None
) -> NewsScorecard:
    """Build the oracle store at ``db`` (a new file), reconcile it, and score it against the gold."""
    from reconcile.evaluation.harness import evaluate_news_store

    db = Path(db)
    if db.exists():
        raise FileExistsError(f"{db} exists; the oracle builds a fresh database (remove it or pick another path)")
    corpus = corpus or EcbPlusCorpus()
    gold = load_news_gold(gold_dir, corpus) if gold_dir is not None else load_news_gold(corpus=corpus)
    store = Store(db)
    try:
        load_oracle(store, gold, corpus)
        with store.cursor() as cursor:
            reconcile_events(cursor, full=True, profile=load_profile(PROFILE))
        card, _ = evaluate_news_store(store, gold, corpus)
    finally:
        store.close()
    return card.model_copy(update={"role": "oracle"})
