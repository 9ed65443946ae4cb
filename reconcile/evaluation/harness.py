"""The eval harness: score what a database holds (or run the pipeline first) against the gold labels.

Reads predictions straight from the pipeline's tables — claims joined to their article's source file,
event membership from ``event_claims``, flagged pairs from ``conflicts`` — so the scorecard measures
exactly what users see. The cost of the run that produced the claims is read from ``extractions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reconcile.errors import EventsOutdated
from reconcile.evaluation.ecbplus import EcbPlusCorpus
from reconcile.evaluation.gold import GoldSet, load_gold
from reconcile.evaluation.metrics import Scorecard, score
from reconcile.evaluation.newsgold import DEFAULT_DIR as NEWS_GOLD_DIR
from reconcile.evaluation.newsgold import NewsGoldSet, load_news_gold
from reconcile.evaluation.newsmetrics import NewsScorecard, score_news
from reconcile.store.claim_schema import claim_select
from reconcile.store.database import Store


@dataclass(frozen=True, slots=True)
class RunCost:
    """Model cost of producing the scored claims (from the ``extractions`` records)."""

    articles: int
    model_calls: int
    cache_hits: int
    retries: int
    prompt_tokens: int
    completion_tokens: int
    seconds_per_article: float

    def to_markdown(self) -> str:
        return (
            "| cost | value |\n|---|---|\n"
            f"| articles | {self.articles} |\n| model calls | {self.model_calls} |\n"
            f"| cache hits | {self.cache_hits} |\n| retries | {self.retries} |\n"
            f"| prompt tokens | {self.prompt_tokens} |\n| output tokens | {self.completion_tokens} |\n"
            f"| seconds per article | {self.seconds_per_article:.1f} |\n"
        )


def _rows(store: Store, sql: str) -> list[dict[str, Any]]:
    with store.cursor() as cursor:
        result = cursor.execute(sql)
        columns = [d[0] for d in result.description]
        return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


def _table_exists(store: Store, name: str) -> bool:
    return bool(store.query("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [name]))


Flag = tuple[str, str, str]  # (claim id, other claim id, kind)

# A row on a whole event (claim_id NULL, e.g. a total that sums earlier events) stands for each of its claims.
_PAIRS_SQL = (
    "SELECT coalesce(f.claim_id, m.claim_id) AS claim_id, f.other_claim_id, f.kind"
    " FROM {table} f LEFT JOIN event_claims m ON f.claim_id IS NULL AND m.event_id = f.event_id"
    " WHERE f.other_claim_id IS NOT NULL AND coalesce(f.claim_id, m.claim_id) IS NOT NULL"
    " AND coalesce(f.claim_id, m.claim_id) <> f.other_claim_id"
)


def _pairs(store: Store, table: str) -> list[Flag]:
    if not _table_exists(store, table):
        return []
    return [(str(a), str(b), str(kind)) for a, b, kind in store.query(_PAIRS_SQL.format(table=table))]


def predictions(store: Store) -> tuple[list[dict[str, Any]], dict[str, str], list[Flag], list[Flag]]:
    """Claim rows (with ``article`` = source file name), claim -> event, the flagged pairs (``conflicts``:
    disagreements) and the explained pairs (``event_relations``), as stored."""
    sql = f"SELECT {claim_select()}, a.source AS article FROM claims c JOIN articles a USING (article_id)"
    if _table_exists(store, "event_claims"):  # the dates reconciliation read (an undated article's story day)
        if not store.query(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'event_claims' AND column_name = 'date_high'"
        ):
            raise EventsOutdated(
                "this database's events were built by an older version of reconcile: run `reconcile run` on any "
                "its inputs again to rebuild them, then score it"
            )
        sql = (
            f"SELECT {claim_select(dated='m')}, a.source AS article FROM claims c JOIN articles a USING (article_id)"
            " LEFT JOIN event_claims m USING (claim_id)"
        )
    claims = _rows(store, sql)
    for row in claims:
        row["article"] = Path(str(row["article"])).name
    events: dict[str, str] = {}
    if _table_exists(store, "event_claims"):
        events = dict(store.query("SELECT claim_id, event_id FROM event_claims"))
    return claims, events, _pairs(store, "conflicts"), _pairs(store, "event_relations")


def run_cost(store: Store, article_ids: list[str] | None = None) -> RunCost:
    """Cost of the latest extraction of each scored article."""
    rows = _rows(
        store,
        "SELECT article_id, model_calls, cache_hits, retries, prompt_tokens, completion_tokens, seconds"
        " FROM extractions WHERE status = 'done'",
    )
    if article_ids is not None:
        rows = [r for r in rows if r["article_id"] in set(article_ids)]
    count = len(rows)
    return RunCost(
        articles=count,
        model_calls=sum(r["model_calls"] for r in rows),
        cache_hits=sum(r["cache_hits"] for r in rows),
        retries=sum(r["retries"] for r in rows),
        prompt_tokens=sum(r["prompt_tokens"] for r in rows),
        completion_tokens=sum(r["completion_tokens"] for r in rows),
        seconds_per_article=sum(r["seconds"] or 0.0 for r in rows) / count if count else 0.0,
    )


@dataclass(frozen=True, slots=True)
class ScopedPredictions:
    """What the store holds for a set of gold articles (by file name), plus how many claims it left out."""

    claims: list[dict[str, Any]]
    events: dict[str, str]
    conflicts: list[Flag]
    relations: list[Flag]
    unscored: int
    article_ids: list[str]


def scoped_predictions(store: Store, names: set[str]) -> ScopedPredictions:
    """Claims of the articles named ``names``, their events and the flags and relations between two of them."""
    claims, events, conflicts, relations = predictions(store)
    scored = [claim for claim in claims if claim["article"] in names]
    ids = {str(claim["claim_id"]) for claim in scored}
    return ScopedPredictions(
        claims=scored,
        events={k: v for k, v in events.items() if k in ids},
        conflicts=[c for c in conflicts if c[0] in ids and c[1] in ids],
        relations=[r for r in relations if r[0] in ids and r[1] in ids],
        unscored=len(claims) - len(scored),
        article_ids=[
            str(row[0])
            for row in store.query("SELECT article_id, source FROM articles")
            if Path(str(row[1])).name in names
        ],
    )


def evaluate_store(store: Store, gold: GoldSet | Path) -> tuple[Scorecard, RunCost]:
    """Score the claims, events and conflicts in ``store`` against the gold set (only gold articles)."""
    gold_set = gold if isinstance(gold, GoldSet) else load_gold(gold)
    scoped = scoped_predictions(store, set(gold_set.by_article()))
    # The seeds' gold lists the explained differences it expects (cumulative, unit_or_scope) among its pairs
    # to flag, by kind: both tables are scored against it.
    card = score(gold_set, scoped.claims, scoped.events, scoped.conflicts + scoped.relations)
    return card, run_cost(store, scoped.article_ids)


def evaluate_news_store(
    store: Store, gold: NewsGoldSet | Path | None = None, corpus: EcbPlusCorpus | None = None
) -> tuple[NewsScorecard, RunCost]:
    """Score what ``store`` holds for the ECB+ gold documents (articles named ``<doc_id>.txt``)."""
    corpus = corpus or EcbPlusCorpus()
    gold_set = gold if isinstance(gold, NewsGoldSet) else load_news_gold(gold or NEWS_GOLD_DIR, corpus)
    scoped = scoped_predictions(store, set(gold_set.articles))
    card = score_news(
        gold_set, scoped.claims, scoped.events, scoped.conflicts, corpus=corpus, predicted_relations=scoped.relations
    )
    return card.model_copy(update={"unscored_predictions": scoped.unscored}), run_cost(store, scoped.article_ids)
